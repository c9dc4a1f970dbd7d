"""One module per command; each defines a function of the command's name, registered explicitly by
:data:`kostprijs.cli.app.COMMANDS`. Modules import heavy libraries (numpy, pydantic, rich, scipy, openpyxl,
matplotlib) inside the command functions only.
"""
