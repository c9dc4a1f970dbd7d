"""`kostprijs diff A B`: the parameter diff of two sets and the Shapley attribution of each tariff change."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    OutputOpt,
    PlotOpt,
    ProfileOpt,
    ScenarioOpt,
    SetOpt,
    StrictOpt,
    emit_csv,
    emit_json,
    overrides_from,
    print_table,
    warn,
    xlsx_output,
)


class GroupBy(StrEnum):
    parameter = "parameter"
    element = "element"
    file = "file"


def diff(
    a: Annotated[str, typer.Argument(
        metavar="A", help="Set A: de naam van een meegeleverde set (`kostprijs regions`) of een map.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Set B: de naam van een meegeleverde set of een "
                                                       "map.")],
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    sets_b: Annotated[list[str] | None, typer.Option(
        "--set-b", help="Wijzig een parameter van alleen B: PAD=WAARDE. Herhaalbaar.")] = None,
    scenario_b: Annotated[Path | None, typer.Option("--scenario-b", help="Een scenariobestand dat alleen op B "
                                                                         "wordt toegepast.")] = None,
    salary_date_b: Annotated[str | None, typer.Option(
        "--salary-date-b", help="Salarispeildatum van B (JJJJ-MM-DD): de cao-tabellen en premies die "
                                "dan gelden.")] = None,
    products: Annotated[list[str] | None, typer.Option("--product", help="Alleen dit product (herhaalbaar).")] = None,
    group_by: Annotated[GroupBy, typer.Option(
        "--group-by", help="parameter (standaard), element (kostenelementen a-d, art. 2.3) of file.")] = (
            GroupBy.parameter),
    micro: Annotated[bool, typer.Option("--micro", help="Alleen de tarieven van een micro-onderneming.")] = False,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    plot: PlotOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Wat verschilt tussen parametersets A en B, en hoeveel van elke tariefwijziging elk verschil verklaart.

    --set/--scenario wijzigen beide sets; --set-b, --scenario-b en --salary-date-b alleen B.
    Voorbeeld: kostprijs diff nob-2021 nob-2021 --set-b opslagen.overhead=30%

    CSV geeft de toerekening per regel; JSON heeft "parameters" en "attribution" (en meer).
    """
    from kostprijs.analysis import diff as d

    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    if plot is not None:
        from kostprijs.presentation.plots import require_matplotlib

        require_matplotlib(plot)
    both = overrides_from(sets, scenario)
    pa = d.load_side(a, both)
    pb = d.load_side(b, both + overrides_from(sets_b, scenario_b), d.parse_date(salary_date_b, "--salary-date-b"))
    warn(d.warnings_of(pa, pb), strict)
    result = d.diff(pa, pb, products, group_by.value, variants=("micro",) if micro else ("normal", "micro"))
    from kostprijs.presentation import diff as show

    if plot is not None:
        from kostprijs.parameters.fingerprint import provenance_line

        show.plot_diff(result, plot, f"A: {provenance_line(pa)}\nB: {provenance_line(pb)}")
    if fmt is ExportFormat.json:
        emit_json(d.as_json(result), output, {"a": pa, "b": pb})
    elif fmt is ExportFormat.csv:
        emit_csv(d.attribution_rows(result), d.ATTRIBUTION_COLUMNS, csv_profile.value, output, {"a": pa, "b": pb})
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes

        write_atomic_bytes(output, show.diff_workbook(result))
    else:
        print_table(show.diff_report(result), output)
