"""`kostprijs compare`: baseline and scenarios side by side, one vectorised pass."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    PlotOpt,
    ProfileOpt,
    SetSource,
    WideOpt,
    emit_csv,
    emit_json,
    print_table,
    salary_date_of,
    set_options,
    warn_sets,
    xlsx_output,
)
from kostprijs.errors import KostprijsError

COLUMNS = [("code", None), ("product", None), ("unit", None), ("scenario", None), ("tariff", 2),
           ("tariff_micro", 2), ("delta", 2), ("delta_pct", 4), ("delta_micro", 2), ("delta_pct_micro", 4)]


@set_options(scenario=False)
def compare(
    source: SetSource,
    scenarios: Annotated[list[Path] | None, typer.Option(
        "--scenario", help="Een scenariobestand (herhaalbaar); elk wordt vergeleken met de "
                           "uitgangssituatie.")] = None,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    plot: PlotOpt = None,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Vergelijk scenario's van opslagen (of van elke parameter) met de uitgangssituatie, per product.

    Wijzigingen met --set vormen nog een scenario, "--set" genaamd. --plot BESTAND.png tekent het
    verschil in % per product en scenario.
    """
    from kostprijs.analysis.compare import compare as run
    from kostprijs.analysis.compare import summary
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve
    from kostprijs.parameters.overrides import load_scenario, parse_set
    from kostprijs.presentation.tables import compare_table

    sets, salary_date = source.sets, salary_date_of(source.salary_date)
    if not scenarios and not sets:
        raise KostprijsError("compare needs at least one --scenario FILE or --set PATH=VALUE")
    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    if plot is not None:
        from kostprijs.presentation.plots import require_matplotlib

        require_matplotlib(plot)
    files = resolve(source.region, source.params)
    baseline = load(files, (), salary_date)
    named = []
    for path in scenarios or []:
        sc = load_scenario(path)
        named.append((sc.name, load(files, sc.overrides, salary_date)))
    if sets:
        named.append(("--set", load(files, tuple(parse_set(s) for s in sets), salary_date)))
    if len({n for n, _ in named}) != len(named):
        raise KostprijsError("two scenarios have the same name")
    warn_sets(baseline, named, source.strict)
    rows = run(baseline, named)
    psets = {"baseline": baseline, **dict(named)}

    def set_of(row):   # each row carries the provenance of the set it was computed from
        return psets[row["scenario"]]

    if plot is not None:
        from kostprijs.parameters.fingerprint import fingerprint, provenance_line, short
        from kostprijs.presentation.plots import plot_compare

        footer = provenance_line(baseline) + "; " + ", ".join(
            f"{n}: sha256:{short(fingerprint(p))}" for n, p in named)
        plot_compare(rows, [n for n, _ in named], plot, footer)
    if fmt is ExportFormat.json:
        emit_json([{k: r[k] for k, _ in COLUMNS} for r in rows], output, set_of)
    elif fmt is ExportFormat.csv:
        emit_csv(rows, COLUMNS, csv_profile.value, output, set_of)
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes
        from kostprijs.presentation.xlsx import compare_workbook

        write_atomic_bytes(output, compare_workbook(baseline, named, rows, COLUMNS))
    else:
        print_table(compare_table(rows, summary(rows), [n for n, _ in named], psets), output, wide)
