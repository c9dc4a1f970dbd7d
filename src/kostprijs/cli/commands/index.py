"""`kostprijs index`: the tariff list of every year from prijspeil P to --to, indexed with OVA and the
material price index (voorlopig/definitief, with the VNG correction), rounded by the region's rule each year.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kostprijs.cli.app import app
from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    OutputOpt,
    ProfileOpt,
    RegionOpt,
    ScenarioOpt,
    SetOpt,
    emit,
    overrides_from,
    print_table,
    xlsx_output,
)


class Method(StrEnum):
    vng = "vng"
    definitief = "definitief"


YearValues = list[str] | None


@app.command()
def index(
    to: Annotated[int, typer.Option("--to", metavar="YEAR",
                                    help="Last tariff year; every year from the prijspeil to it is listed.")],
    region: RegionOpt = None,
    params: Annotated[Path | None, typer.Option(
        "--params", help="Directory with your own cao_scales.yaml, opslagen.yaml, functiemix.yaml and "
                         "indexatie.yaml.")] = None,
    ova: Annotated[YearValues, typer.Option(
        "--ova", metavar="YEAR=PCT",
        help="OVA of a year in percent, YEAR=PCT (e.g. 2026=3.5); counts as definitief. Repeatable.")] = None,
    materieel: Annotated[YearValues, typer.Option(
        "--materieel", metavar="YEAR=PCT",
        help="Material price index (PPC) of a year, YEAR=PCT; definitief. Repeatable.")] = None,
    nea: Annotated[YearValues, typer.Option(
        "--nea", metavar="YEAR=PCT",
        help="NEA index (vervoer) of a year, YEAR=PCT; definitief. Repeatable.")] = None,
    method: Annotated[Method, typer.Option(
        "--method", help="vng: voorlopig figures, corrected the next year once definitief (default); "
                         "definitief: definitief figures where known, no correction.")] = Method.vng,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
) -> None:
    """Index the tariff list year by year from the prijspeil to --to (OVA + material index per product class)."""
    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    pset, ix, plan, result = prepare(region, params, sets, scenario, to, ova, materieel, nea, method.value)
    rows = _rows(pset, ix, plan, result)
    if fmt is ExportFormat.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json(rows), output)
    elif fmt is ExportFormat.csv:
        from kostprijs.presentation.writers import to_csv

        emit(to_csv(rows, _columns(plan), csv_profile.value), output)
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes
        from kostprijs.presentation.xlsx import INDEX_SUMMARY_COLUMNS, year_workbook

        per_year: dict[int, list] = {}
        for r in rows:
            per_year.setdefault(r["year"], []).append(r)
        summary = list({(r["year"], r["class"]): r for r in rows}.values())
        write_atomic_bytes(output, year_workbook(per_year, _columns(plan), pset,
                                                 summary=("Indexatie", summary, INDEX_SUMMARY_COLUMNS)))
    else:
        _print_tables(pset, ix, plan, result, rows, output)


def prepare(region, params, sets, scenario, to: int, ova, materieel, nea, method: str = "vng"):
    """Parameter set, index file, the plan of figures per year and the indexed tariffs (all products).

    Shared by `index` and `explain --year`. Overrides of ``indexatie.*`` go to the index file, the rest
    to the parameter set."""
    from kostprijs.parameters import indexation as ixp
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    cli = {name: ixp.parse_year_values(opt, values)
           for name, opt, values in (("ova", "--ova", ova), ("materieel", "--materieel", materieel),
                                     ("nea", "--nea", nea))}
    cli = {k: v for k, v in cli.items() if v}
    overrides = overrides_from(sets, scenario)
    idx_over = tuple(o for o in overrides if o.path.startswith("indexatie."))
    rest = tuple(o for o in overrides if not o.path.startswith("indexatie."))
    source = resolve(region, params)
    pset = load(source, rest)
    ix = ixp.read(ixp.index_file(source, params is not None), idx_over)
    ixp.check_products(ix, pset)
    for name in cli:
        if name not in ix.model.series:
            from kostprijs.errors import KostprijsError

            raise KostprijsError(f"--{name}: {ix.file} has no series {name!r}")
    prijspeil = pset.models["opslagen"].prijspeil
    plan = ixp.plan(ix, prijspeil, to, cli, method)
    return pset, ix, plan, _run(pset, ix, plan)


def _run(pset, ix, plan):
    import numpy as np

    from kostprijs.core import indexation as core
    from kostprijs.core.model import compute
    from kostprijs.core.rounding import HALF_UP

    res = compute(pset.arrays)
    n = len(pset.products)
    base, base_micro = np.full(n, np.nan), np.full(n, np.nan)
    mode, step = np.full(n, HALF_UP), np.ones(n)
    frozen = np.zeros(n, dtype=bool)
    not_indexed = ix.model.fixed_tariffs.value == "not_indexed"
    for i, p in enumerate(pset.products):
        if p.index is not None:
            base[i] = res.unrounded[p.index]
            if p.micro:
                base_micro[i] = res.unrounded_micro[p.index]
            mode[i], step[i] = pset.arrays.round_mode[p.index], pset.arrays.round_step[p.index]
        elif p.basis == "fixed":
            base[i] = p.tariff   # the published amount; half-up to the cent each year
            frozen[i] = not_indexed
    klass = np.array([plan.classes.index(ix.model.products[p.code].class_) for p in pset.products], dtype=int)
    out = core.run(base, base_micro, klass, plan.applied, plan.definitief, plan.provisional, plan.weights,
                   mode, step, plan.method, frozen)
    out["klass"], out["frozen"] = klass, frozen
    return out


def _f(x, decimals: int | None = None) -> float | None:
    import math

    x = float(x)
    if math.isnan(x):
        return None
    return float(f"{x:.{decimals}f}") if decimals is not None else x


def _class_years(ix, plan, result) -> list[list[dict[str, Any]]]:
    """Per year (row 0 = prijspeil) and class: index, correction, status and figures, for rows and the summary."""
    out = []
    for y in range(len(plan.years) + 1):
        per_class = []
        for c, cname in enumerate(plan.classes):
            used = [n for n, s in enumerate(plan.series) if plan.weights[c, n] != 0]
            info: dict[str, Any] = {"class": cname, "index": 0.0, "correction": 0.0, "rate": 0.0,
                                    "factor": float(result["factor"][y, c]), "status": "prijspeil",
                                    "correction_of": None, "correction_note": None, "figures": {}}
            if y > 0:
                t = y - 1
                statuses = [plan.status[t][n] for n in used]
                info["index"] = float(result["index"][t, c])
                info["correction"] = float(result["correction"][t, c])
                info["rate"] = float(result["rate"][t, c])
                info["status"] = "voorlopig" if "voorlopig" in statuses else "definitief"
                info["figures"] = {plan.series[n]: (float(plan.applied[t, n]), plan.status[t][n]) for n in used}
                if t > 0:
                    prev = plan.years[t - 1]
                    corrected = [plan.series[n] for n in used if plan.provisional[t - 1, n]
                                 and plan.definitief[t - 1, n] == plan.definitief[t - 1, n]]
                    pending = [plan.series[n] for n in used if plan.provisional[t - 1, n]
                                and plan.definitief[t - 1, n] != plan.definitief[t - 1, n]]
                    if corrected:
                        info["correction_of"] = prev
                        info["correction_note"] = f"{prev} voorlopig -> definitief ({', '.join(corrected)})"
                    if pending:
                        note = f"{prev} definitief not known yet ({', '.join(pending)}): no correction"
                        info["correction_note"] = "; ".join(x for x in (info["correction_note"], note) if x)
            per_class.append(info)
        out.append(per_class)
    return out


def _rows(pset, ix, plan, result) -> list[dict[str, Any]]:
    from kostprijs.core.money import to_euro

    cy = _class_years(ix, plan, result)
    years = [plan.prijspeil, *plan.years]
    rows = []
    for y, year in enumerate(years):
        for i, p in enumerate(pset.products):
            c = int(result["klass"][i])
            info = cy[y][c]
            frozen = bool(result["frozen"][i])
            row: dict[str, Any] = {
                "code": p.code, "product": p.name, "unit": p.unit, "basis": p.basis,
                "class": info["class"], "year": year,
                "tariff": to_euro(result["cents"][y, i]),
                "tariff_micro": to_euro(result["cents_micro"][y, i]),
                "unrounded": _f(result["unrounded"][y, i]),
                "unrounded_micro": _f(result["unrounded_micro"][y, i]),
                "index": 0.0 if frozen else _f(info["index"], 6),
                "correction": 0.0 if frozen else _f(info["correction"], 6),
                "correction_of": None if frozen else info["correction_of"],
                "rate": 0.0 if frozen else _f(info["rate"], 6),
                "factor": 1.0 if frozen else _f(info["factor"], 10),
                "status": "not indexed (fixed tariff)" if frozen and y > 0 else info["status"],
            }
            for s in plan.needed:
                fig = info["figures"].get(s)
                row[s] = None if fig is None or frozen else _f(fig[0], 6)
                row[f"{s}_status"] = None if fig is None or frozen else fig[1]
            row["correction_note"] = None if frozen else info["correction_note"]
            if p.index is not None:
                row["rounding"] = p.rounding
            elif p.basis == "fixed":
                row["rounding"] = "half-up to the cent (published fixed tariff, indexed)" if not frozen else \
                    "as published (fixed tariff, not indexed)"
            else:
                row["rounding"] = "none (no tariff)"
            row["note"] = p.reason if p.index is None else None
            rows.append(row)
    return rows


def _columns(plan) -> list[tuple[str, int | None]]:
    cols: list[tuple[str, int | None]] = [
        ("code", None), ("product", None), ("unit", None), ("basis", None), ("class", None), ("year", None),
        ("tariff", 2), ("tariff_micro", 2), ("unrounded", 6), ("unrounded_micro", 6), ("index", 4),
        ("correction", 4), ("correction_of", None), ("rate", 4), ("factor", 8), ("status", None)]
    for s in plan.needed:
        cols += [(s, 4), (f"{s}_status", None)]
    return [*cols, ("correction_note", None), ("rounding", None), ("note", None)]


def _pct(x: float | None, decimals: int = 3) -> str:
    from kostprijs.presentation.money import decimal_text

    return "—" if x is None else decimal_text(x, decimals) + "%"


TAGS = {"voorlopig": "v", "definitief": "d", "command line": "cli"}


def _short_note(info, plan, y: int) -> str:
    if y == 0:
        return "prijspeil"
    parts = []
    if info["correction_of"] is not None:
        parts.append(f"corr. {info['correction_of']} v→d")
    if info["correction_note"] and "not known yet" in info["correction_note"]:
        parts.append(f"{plan.years[y - 2]} d unknown")
    return "; ".join(parts)


def _print_tables(pset, ix, plan, result, rows, output: Path | None) -> None:
    from rich.console import Group
    from rich.table import Table

    from kostprijs.presentation.money import euro_nl

    used = sorted({int(k) for k in result["klass"]})
    series = [s for n, s in enumerate(plan.series) if any(plan.weights[c, n] for c in used)]
    cy = _class_years(ix, plan, result)
    years = [plan.prijspeil, *plan.years]
    summary = Table(title=f"Indexatie {pset.source.name}: prijspeil {plan.prijspeil} tot {years[-1]}",
                    caption_justify="left")
    summary.add_column("Jaar")
    summary.add_column("Klasse")
    for s in series:
        summary.add_column(s, justify="right")
    for name in ("Index", "Correctie", "Totaal", "Cumulatief"):
        summary.add_column(name, justify="right")
    summary.add_column("Toelichting", overflow="fold")
    for y, year in enumerate(years):
        for c in used:
            info = cy[y][c]
            weights = "/".join(f"{plan.weights[c, n] * 100:g}" for n, s in enumerate(plan.series)
                               if plan.weights[c, n])
            figs = []
            for s in series:
                v = info["figures"].get(s)
                figs.append("—" if v is None else f"{_pct(v[0], 2)} {TAGS.get(v[1], v[1])}")
            summary.add_row(str(year), f"{info['class']} {weights}", *figs, _pct(info["index"]),
                            _pct(info["correction"]), _pct(info["rate"]), _pct((info["factor"] - 1) * 100, 2),
                            _short_note(info, plan, y))
    rules = sorted({(r["unit"], r["rounding"]) for r in rows if r["basis"] == "model"})
    summary.caption = (
        "v = voorlopig, d = definitief, cli = given on the command line (definitief). Index = weighted figures "
        f"of the year (percent, not rounded); correction = VNG catch-up ({ix.model.correction.value}) for the "
        "previous year; tariff of a year = UNROUNDED prijspeil tariff x cumulative factor, then rounded: "
        + "; ".join(f"{u}: {rule}" for u, rule in rules)
        + ". Fixed tariffs: published amount "
        + ("not indexed." if ix.model.fixed_tariffs.value == "not_indexed" else "indexed, half-up to the cent."))
    tables: list[Any] = [summary]
    for year in years:
        t = Table(title=f"Tarieven {pset.source.name} {year}" + (" (prijspeil)" if year == plan.prijspeil else ""))
        for name, kw in (("Code", {}), ("Product", {"overflow": "fold"}), ("Eenheid", {}), ("Klasse", {}),
                         ("Tarief", {"justify": "right"}), ("Micro", {"justify": "right"}),
                         ("Ongerond", {"justify": "right"})):
            t.add_column(name, **kw)
        for r in (r for r in rows if r["year"] == year):
            t.add_row(r["code"], r["product"], r["unit"], r["class"], euro_nl(r["tariff"]), euro_nl(r["tariff_micro"]),
                      euro_nl(r["unrounded"], 4) if r["unrounded"] is not None else "—")
        tables.append(t)
    print_table(Group(*tables), output)
