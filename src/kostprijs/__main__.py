from kostprijs.cli import main

main()
