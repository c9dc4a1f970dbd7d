"""`kostprijs compare`: baseline and scenarios side by side, one vectorised pass."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.app import app
from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    OutputOpt,
    ParamsOpt,
    PlotOpt,
    ProfileOpt,
    RegionOpt,
    SetOpt,
    emit,
    print_table,
    xlsx_output,
)
from kostprijs.errors import KostprijsError

COLUMNS = [("code", None), ("product", None), ("unit", None), ("scenario", None), ("tariff", 2),
           ("tariff_micro", 2), ("delta", 2), ("delta_pct", 4), ("delta_micro", 2), ("delta_pct_micro", 4)]


@app.command()
def compare(
    scenarios: Annotated[list[Path] | None, typer.Option(
        "--scenario", help="A scenario file (repeatable); each is compared with the baseline.")] = None,
    sets: SetOpt = None,
    region: RegionOpt = None,
    params: ParamsOpt = None,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    plot: PlotOpt = None,
) -> None:
    """Compare scenarios of opslagen (or any parameter) with the baseline, per product.

    Overrides given with --set form one more scenario, named "--set". --plot FILE.png draws the
    delta % per product and scenario.
    """
    from kostprijs.analysis.compare import compare as run
    from kostprijs.analysis.compare import summary
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve
    from kostprijs.parameters.overrides import load_scenario, parse_set

    if not scenarios and not sets:
        raise KostprijsError("compare needs at least one --scenario FILE or --set PATH=VALUE")
    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    if plot is not None:
        from kostprijs.presentation.plots import require_matplotlib

        require_matplotlib(plot)
    source = resolve(region, params)
    baseline = load(source)
    named = []
    for path in scenarios or []:
        sc = load_scenario(path)
        named.append((sc.name, load(source, sc.overrides)))
    if sets:
        named.append(("--set", load(source, tuple(parse_set(s) for s in sets))))
    if len({n for n, _ in named}) != len(named):
        raise KostprijsError("two scenarios have the same name")
    rows = run(baseline, named)
    if plot is not None:
        from kostprijs.presentation.plots import plot_compare

        plot_compare(rows, [n for n, _ in named], plot)
    if fmt is ExportFormat.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json([{k: r[k] for k, _ in COLUMNS} for r in rows]), output)
    elif fmt is ExportFormat.csv:
        from kostprijs.presentation.writers import to_csv

        emit(to_csv(rows, COLUMNS, csv_profile.value), output)
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes
        from kostprijs.presentation.xlsx import compare_workbook

        write_atomic_bytes(output, compare_workbook(baseline, named, rows, COLUMNS))
    else:
        print_table(_table(rows, summary(rows), [n for n, _ in named]), output)


def _table(rows, summ, names):
    from rich.table import Table

    from kostprijs.presentation.money import euro_nl

    t = Table(title="Scenarios versus baseline (tariff; micro in brackets)")
    t.add_column("Code")
    t.add_column("Product", overflow="fold", max_width=36)
    t.add_column("Baseline", justify="right")
    for n in names:
        t.add_column(n, justify="right", overflow="fold")
        t.add_column("Δ EUR", justify="right")
        t.add_column("Δ %", justify="right")

    def fmt_pair(a, b, f):
        return f(a) + (f" ({f(b)})" if b is not None else "")

    def pct(x):
        return "—" if x is None else f"{x:+.2f}%".replace(".", ",")

    def eur(x):
        return "—" if x is None else ("+" if x > 0 else "") + euro_nl(x)

    by_code: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_code.setdefault(r["code"], {})[r["scenario"]] = r
    for code, per in by_code.items():
        b = per["baseline"]
        cells = [code, b["product"], fmt_pair(b["tariff"], b["tariff_micro"], euro_nl)]
        for n in names:
            r = per[n]
            cells += [fmt_pair(r["tariff"], r["tariff_micro"], euro_nl), fmt_pair(r["delta"], r["delta_micro"], eur),
                      fmt_pair(r["delta_pct"], r["delta_pct_micro"], pct)]
        t.add_row(*cells)
    for s in summ:
        t.add_section()
        t.caption = (t.caption + "\n" if t.caption else "") + (
            f"{s['scenario']}: Δ% over {s['tariffs']} model tariffs (normal and micro): mean {pct(s['mean_pct'])}, "
            f"min {pct(s['min_pct'])}, max {pct(s['max_pct'])}")
    t.caption_justify = "left"
    return t
