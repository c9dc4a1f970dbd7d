"""The command line: a thin Typer app over :mod:`kostprijs.analysis`.

:func:`main` imports the app only when called, inside its own Ctrl-C guard, so that an interrupt during
start-up exits 130 with one line instead of a traceback.
"""

import sys


def main(argv=None) -> None:
    try:
        from kostprijs.cli.app import main as run
    except KeyboardInterrupt:
        sys.stderr.write("kostprijs: interrupted\n")
        sys.exit(130)
    run(argv)


__all__ = ["main"]
