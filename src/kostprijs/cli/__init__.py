"""The command line: a thin Typer app over :mod:`kostprijs.analysis`."""

from kostprijs.cli.app import main

__all__ = ["main"]
