"""Thin Typer commands. Heavy modules (numpy, pydantic, rich tables) are imported inside commands."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kostprijs.errors import KostprijsError

app = typer.Typer(
    name="kostprijs",
    help="Recomputable tariffs for Dutch youth care (Jeugdwet kostprijsmodel).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


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


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """kostprijs turns a sourced parameter set into a tariff list anyone can recompute."""


def _load(region: str | None, params: Path | None):
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    return load(resolve(region, params))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from kostprijs.presentation.writers import write_atomic

    write_atomic(output, text)


def _console():
    from rich.console import Console

    return Console(highlight=False)


@app.command()
def compute(
    region: RegionOpt = None,
    params: ParamsOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, csv or json.")] = Format.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
) -> None:
    """Compute the tariff list of a parameter set."""
    from kostprijs.core.model import compute as run
    from kostprijs.presentation.tariffs import TARIFF_COLUMNS, tariff_rows

    pset = _load(region, params)
    rows = tariff_rows(pset, run(pset.arrays))
    if fmt is Format.json:
        from kostprijs.presentation.writers import to_json

        _emit(to_json(rows), output)
    elif fmt is Format.csv:
        from kostprijs.presentation.writers import to_csv

        _emit(to_csv(rows, TARIFF_COLUMNS, csv_profile.value), output)
    else:
        from kostprijs.presentation.tables import tariff_table

        _print_table(tariff_table(pset, rows), output)


def _print_table(renderable, output: Path | None) -> None:
    if output is None:
        _console().print(renderable)
        return
    from rich.console import Console

    console = Console(record=True, width=160, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    _emit(console.export_text(), output)


@app.command()
def params(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
    output: OutputOpt = None,
) -> None:
    """List every parameter with its dotted path, value, unit, date, source and status."""
    pset = _load(region, params_dir)
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        rows = [{"path": r.path, "value": r.value, "unit": r.unit,
                 "since": r.since.isoformat() if r.since else None, "source": r.source,
                 "status": r.status, "file": r.file} for r in pset.records]
        _emit(to_json(rows), output)
    else:
        from kostprijs.presentation.tables import params_table

        _print_table(params_table(pset), output)


@app.command()
def verify(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table,
    output: OutputOpt = None,
) -> None:
    """Check the model against the published tariff list. Exit 0 only if every derivable tariff is exact."""
    from kostprijs.parameters.published import load_published
    from kostprijs.verify import summary
    from kostprijs.verify import verify as run

    pset = _load(region, params_dir)
    published = load_published(pset.source.published)
    checks = run(pset, published)
    summ = summary(pset, checks)
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        _emit(to_json({"summary": summ, "checks": [c.as_dict() for c in checks]}), output)
    else:
        from kostprijs.presentation.tables import verify_table

        _print_table(verify_table(pset, checks, summ), output)
    if not summ["ok"]:
        raise typer.Exit(1)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: our errors become one line on stderr and exit code 2 (unless --debug).

    Usage errors are Typer's own (also exit code 2); anything else is a bug and keeps its traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(app)
    try:
        command.main(args=args, prog_name="kostprijs", standalone_mode=True)
    except KostprijsError as err:
        if "--debug" in args:
            raise
        sys.stderr.write(f"kostprijs: error: {err}\n")
        sys.exit(2)
