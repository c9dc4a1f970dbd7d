"""Options and helpers shared by every command (declared once, as in fastapi-cli / nbpreview)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    """Format of the commands that also write workbooks (compute, compare)."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class CsvProfile(StrEnum):
    nl = "nl"
    intl = "intl"


RegionOpt = Annotated[
    str | None, typer.Option("--region", "-r", help="Parameter set by name (default nob-2021).")]
ParamsOpt = Annotated[Path | None, typer.Option(
    "--params", help="Directory with your own cao_scales.yaml, opslagen.yaml and functiemix.yaml.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE (atomically) instead of the terminal.")]
ProfileOpt = Annotated[
    CsvProfile, typer.Option("--csv-profile", help="nl: ';' and decimal comma, UTF-8 BOM; intl: ',' and '.'.")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a parameter: PATH=VALUE (paths: `kostprijs params`; '35%' = 0.35). Repeatable.")]
ScenarioOpt = Annotated[Path | None, typer.Option(
    "--scenario", help="A scenario file: named overrides with a source each (see examples/).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, csv or json.")]
ExportFormatOpt = Annotated[ExportFormat, typer.Option(
    "--format", "-f", help="table, csv, json or xlsx (a workbook; needs --output FILE.xlsx).")]
PlotOpt = Annotated[Path | None, typer.Option(
    "--plot", help="Also draw a picture to FILE (.png, .svg or .pdf); needs pip install 'kostprijs[plot]'.")]
TableOrJsonOpt = Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")]


def overrides_from(sets: list[str] | None, scenario: Path | None) -> tuple:
    """Scenario overrides first, then --set (so that --set wins)."""
    if scenario is None and not sets:
        return ()
    from kostprijs.parameters.overrides import load_scenario, parse_set

    out: list = []
    if scenario is not None:
        out += load_scenario(scenario).overrides
    out += [parse_set(s) for s in sets or []]
    return tuple(out)


def load_set(region: str | None, params: Path | None, sets: list[str] | None = None,
             scenario: Path | None = None):
    """The parameter set named by the common options, with overrides applied."""
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    return load(resolve(region, params), overrides_from(sets, scenario))


def emit(text: str, output: Path | None) -> None:
    """Print, or write atomically to --output."""
    if output is None:
        sys.stdout.write(text)
        return
    from kostprijs.presentation.writers import write_atomic

    write_atomic(output, text)


def xlsx_output(output: Path | None) -> Path:
    """--format xlsx writes a binary workbook: only to a file."""
    if output is None:
        from kostprijs.errors import KostprijsError

        raise KostprijsError("--format xlsx writes a workbook: give --output FILE.xlsx")
    return output


def print_table(renderable, output: Path | None) -> None:
    """A rich renderable to the terminal, or as plain text to --output."""
    from rich.console import Console

    if output is None:
        Console(highlight=False).print(renderable)
        return
    import io

    console = Console(record=True, width=160, file=io.StringIO())
    console.print(renderable)
    emit(console.export_text(), output)
