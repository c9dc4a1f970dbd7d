"""Thin Typer commands. Heavy modules (numpy, pydantic, rich tables) are imported inside commands.

The foundation commands are here; later features live in :mod:`kostprijs.cli.commands` (one module per
command, registered on :data:`app` when imported, discovered below).
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import sys
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    OutputOpt,
    ParamsOpt,
    ProfileOpt,
    RegionOpt,
    ScenarioOpt,
    SetOpt,
    TableOrJson,
    TableOrJsonOpt,
    emit,
    load_set,
    print_table,
    xlsx_output,
)
from kostprijs.errors import KostprijsError

app = typer.Typer(
    name="kostprijs",
    help="Recomputable tariffs for Dutch youth care (Jeugdwet kostprijsmodel).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """kostprijs turns a sourced parameter set into a tariff list anyone can recompute."""


@app.command()
def compute(
    region: RegionOpt = None,
    params: ParamsOpt = None,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """Compute the tariff list of a parameter set."""
    from kostprijs.core.model import compute as run
    from kostprijs.presentation.tariffs import TARIFF_COLUMNS, tariff_rows

    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    pset = load_set(region, params, sets, scenario)
    rows = tariff_rows(pset, run(pset.arrays))
    if fmt is ExportFormat.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json(rows), output)
    elif fmt is ExportFormat.csv:
        from kostprijs.presentation.writers import to_csv

        emit(to_csv(rows, TARIFF_COLUMNS, csv_profile.value), output)
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes
        from kostprijs.presentation.xlsx import tariff_workbook

        write_atomic_bytes(output, tariff_workbook(pset, rows, TARIFF_COLUMNS))
    else:
        from kostprijs.presentation.tables import tariff_table

        print_table(tariff_table(pset, rows), output)


@app.command()
def params(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """List every parameter with its dotted path, value, unit, date, source and status."""
    pset = load_set(region, params_dir, sets, scenario)
    if fmt is TableOrJson.json:
        from kostprijs.presentation.tariffs import parameter_rows
        from kostprijs.presentation.writers import to_json

        rows = [{**r, "since": r["since"].isoformat() if r["since"] else None} for r in parameter_rows(pset)]
        emit(to_json(rows), output)
    else:
        from kostprijs.presentation.tables import params_table

        print_table(params_table(pset), output)


@app.command()
def verify(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """Check the model against the published tariff list. Exit 0 only if every derivable tariff is exact."""
    from kostprijs.analysis.verify import summary
    from kostprijs.analysis.verify import verify as run
    from kostprijs.parameters.published import load_published

    pset = load_set(region, params_dir, sets, scenario)
    published = load_published(pset.source.published)
    checks = run(pset, published)
    summ = summary(pset, checks)
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json({"summary": summ, "checks": [c.as_dict() for c in checks]}), output)
    else:
        from kostprijs.presentation.tables import verify_table

        print_table(verify_table(pset, checks, summ), output)
    if not summ["ok"]:
        raise typer.Exit(1)


def _register_commands() -> None:
    import kostprijs.cli.commands as pkg

    for mod in sorted(m.name for m in pkgutil.iter_modules(pkg.__path__)):
        importlib.import_module(f"kostprijs.cli.commands.{mod}")


_register_commands()


def _click_exceptions():
    """Typer >= 0.22 vendors click as typer._click; older versions use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions
    return exceptions


_SINGLE: dict[str, typer.Typer] = {}


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name (``kostprijs compute ...``), else the whole app.

    Typer builds the click parameters of every registered command from its signature before parsing
    (~80 ms for all commands, ~3 ms for one): half of what ``compute`` spent beyond the floor of a bare
    Typer app. The root options are flags only, so the first argument not starting with '-' is the
    command; the one-command app keeps the root callback, so it is still a group with the same usage,
    help and errors. Kept per name, so that a test that caches ``typer.main.get_command`` still can.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    if name not in _SINGLE:
        chosen = [c for c in app.registered_commands
                  if (c.name or typer.main.get_command_name(c.callback.__name__)) == name]
        if not chosen:
            return app
        single = copy.copy(app)
        single.registered_commands = chosen
        _SINGLE[name] = single
    return _SINGLE[name]


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every error is one line on stderr with exit code 2 (usage errors too);
    ``--debug`` shows the traceback of our own errors. Anything else is a bug and keeps its traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(_app_for(args))
    exc = _click_exceptions()
    try:
        result = command.main(args=args, prog_name="kostprijs", standalone_mode=False)
    except KostprijsError as err:
        if "--debug" in args:
            raise
        sys.stderr.write(f"kostprijs: error: {err}\n")
        sys.exit(2)
    except exc.ClickException as err:
        ctx = getattr(err, "ctx", None)
        where = getattr(ctx, "command_path", "kostprijs")
        message = " ".join(err.format_message().split())
        if not message and ctx is not None:   # no arguments: the help, as a newcomer expects
            sys.stdout.write(ctx.get_help() + "\n")
            sys.exit(err.exit_code)
        sys.stderr.write(f"kostprijs: error: {where}: {message} (see `{where} --help`)\n")
        sys.exit(err.exit_code)
    except typer.Abort:
        sys.stderr.write("kostprijs: aborted\n")
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
