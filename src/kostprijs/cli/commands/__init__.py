"""One module per command beyond the foundation (compute, params, verify).

Each module does ``from kostprijs.cli.app import app`` and registers its command with ``@app.command()``;
kostprijs.cli imports every module here at start-up, so modules must import heavy libraries
(numpy, pydantic, rich, scipy, openpyxl, matplotlib) inside the command functions only.
"""
