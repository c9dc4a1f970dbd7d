"""`kostprijs convert SOURCE --to TARGET`: a parameter set from a workbook to a YAML directory, or back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def write_workbook_of(source, output: Path) -> None:
    """The set of ``source`` (validated) as an input workbook at ``output`` (atomically)."""
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters.setfiles import workbook_data
    from kostprijs.parameters.workbook import is_workbook, params_locations
    from kostprijs.presentation.input_workbook import input_workbook
    from kostprijs.presentation.writers import write_atomic_bytes

    if not is_workbook(output):
        raise KostprijsError(f"{output}: a workbook is written to a file ending in .xlsx")
    data, pset = workbook_data(source)
    title = str(data["opslagen"].get("title", source.name))
    write_atomic_bytes(output, input_workbook(data, params_locations(pset), title))


def convert(
    source: Annotated[Path, typer.Argument(help="Een werkmap (.xlsx) of een map met de YAML-bestanden.")],
    to: Annotated[Path, typer.Option("--to", help="Een nieuwe of lege map, of een werkmap (.xlsx).")],
) -> None:
    """Zet een parameterset om tussen een invoerwerkmap en een map met YAML-bestanden.

    Beide kanten op; het resultaat wordt gevalideerd."""
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters.compile import build
    from kostprijs.parameters.load import read_set, resolve
    from kostprijs.parameters.setfiles import write_yaml_set
    from kostprijs.parameters.workbook import is_workbook

    origin = resolve(None, source)
    if origin.workbook is not None:
        if is_workbook(to):
            raise KostprijsError(f"--to {to}: converting a workbook gives a directory of YAML files")
        raw = read_set(origin)
        build(origin, raw)
        _, names = write_yaml_set(raw, to, source.name)
        typer.echo(f"{to}: {', '.join(names)} (gevalideerd)")
        return
    if not is_workbook(to):
        raise KostprijsError(f"--to {to}: converting a directory gives a workbook (.xlsx)")
    write_workbook_of(origin, to)
    typer.echo(f"{to}: invoerwerkmap (gevalideerd)")
