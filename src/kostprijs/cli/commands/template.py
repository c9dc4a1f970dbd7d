"""`kostprijs template --output invoer.xlsx [--from REGION]`: a shipped parameter set as an input workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.commands.init import FromOpt


def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="De werkmap om te schrijven (.xlsx).")],
    origin: FromOpt = None,
) -> None:
    """Schrijf een meegeleverde parameterset als invoerwerkmap om in te vullen (Excel, LibreOffice).

    Gebruik hem met --params BESTAND.xlsx en `kostprijs convert`."""
    from kostprijs.cli.commands.convert import write_workbook_of
    from kostprijs.parameters.load import resolve

    write_workbook_of(resolve(origin, None), output)
    typer.echo(f"{output}: invoerwerkmap van {resolve(origin, None).name}. Controleer met: kostprijs validate "
               f"--params {output}")
