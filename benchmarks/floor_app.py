"""The floor of the start-up of any Typer CLI that computes with numpy (issue 11): a bare Typer app that
imports numpy and prints one line. ``bench_startup.py`` times ``kostprijs compute --format csv`` against it.
"""

import numpy  # noqa: F401 - the import is the point
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("x")


if __name__ == "__main__":
    app()
