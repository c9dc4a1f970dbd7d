"""`kostprijs implied TARIFFS.csv --solve PATH`: the parameter values a published tariff list implies."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from kostprijs.cli.app import app
from kostprijs.cli.commands.check import InProfileOpt, MapOpt, TariffsArg, load_inputs, shipped_list
from kostprijs.cli.options import (
    OutputOpt,
    ParamsOpt,
    RegionOpt,
    ScenarioOpt,
    SetOpt,
    TableOrJson,
    TableOrJsonOpt,
    emit,
    print_table,
)

SolveOpt = Annotated[list[str], typer.Option(
    "--solve", help="Parameter to solve for (dotted path, see `kostprijs params`), optionally with bounds: "
    "PATH=LO..HI (e.g. opslagen.overhead=20%..50%). Repeatable; everything else stays fixed.",
    show_default=False)]


def fmt_value(value: float, unit: str, width: float | None = None) -> str:
    """A solved value with as many decimals as its range warrants (percent for fractions)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    pct = unit.startswith("fraction")
    v = value * 100 if pct else value
    w = (width * 100 if pct else width) if width else None
    dec = 2 if not w or w <= 0 or math.isnan(w) else min(6, max(0, -math.floor(math.log10(w))))
    text = f"{v:,.{dec}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text + ("%" if pct else f" {unit}")


@app.command()
def implied(
    tariffs: TariffsArg,
    solve: SolveOpt,
    region: RegionOpt = None,
    params: ParamsOpt = None,
    mapping: MapOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    csv_profile: InProfileOpt = None,
) -> None:
    """Solve for the parameter values that best reproduce a published tariff list (everything else fixed)."""
    from kostprijs.analysis.implied import parse_solve
    from kostprijs.analysis.implied import solve as run

    args = [parse_solve(s) for s in solve]
    tariffs, mapping = shipped_list(tariffs, mapping)
    pset, _tfile, mp, matches = load_inputs(tariffs, region, params, sets, scenario, mapping, csv_profile)
    fit = run(pset, matches, args)
    params_out = []
    for u, v, (r0, r1), se in zip(fit.unknowns, fit.values, fit.ranges, fit.se, strict=True):
        width = (r1 - r0) if not (math.isnan(r0) or math.isnan(r1)) else None
        params_out.append({
            "path": u.path, "unit": u.unit, "value": v, "range": None if width is None else [r0, r1],
            "standard_error": None if math.isnan(se) else se, "set_value": u.value0, "bounds": [u.lo, u.hi],
            "note": u.note, "text": f"these tariffs imply {u.path} {fmt_value(v, u.unit, width or se)}",
        })
    summary = {"file": str(tariffs), "parameter_set": pset.source.name, "mapping": mp.path if mp else None,
               "method": fit.method, "tariffs_used": fit.kept, "outliers": fit.outliers,
               "independent": fit.insensitive, "skipped": len(fit.skipped)}
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json({"summary": summary, "parameters": params_out, "residuals": fit.rows,
                      "skipped": fit.skipped}), output)
        return
    print_table(_tables(pset, tariffs, fit, params_out, summary), output)


def _tables(pset, tariffs, fit, params_out, summary):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from kostprijs.presentation.money import euro_nl

    head = Table(title=f"Implied by {tariffs} (parameter set {pset.source.name})")
    for name, kw in (("Parameter", {}), ("Implied", {"justify": "right"}), ("Range (all kept tariffs reproduced)",
                     {"justify": "right"}), ("Std. error", {"justify": "right"}), ("In the set", {"justify": "right"}),
                     ("Searched", {"justify": "right"})):
        head.add_column(name, **kw)
    for p in params_out:
        width = (p["range"][1] - p["range"][0]) if p["range"] else p["standard_error"]
        rng = "—" if p["range"] is None else (f"{fmt_value(p['range'][0], p['unit'], width)} .. "
                                              f"{fmt_value(p['range'][1], p['unit'], width)}")
        se = "—" if p["standard_error"] is None else fmt_value(p["standard_error"], p["unit"], width)
        head.add_row(p["path"], fmt_value(p["value"], p["unit"], width), rng, se,
                     fmt_value(p["set_value"], p["unit"]),
                     f"{fmt_value(p['bounds'][0], p['unit'])} .. {fmt_value(p['bounds'][1], p['unit'])}")
    head.caption = (f"{summary['tariffs_used']} tariffs used, {summary['outliers']} outlier(s) left out, "
                    f"{summary['independent']} independent of the solved parameter(s), {summary['skipped']} lines "
                    f"not usable. Method: {fit.method}. Standard error from rounding alone. "
                    + " ".join(f"{p['path']}: {p['note']}." for p in params_out if p["note"]))
    head.caption_justify = "left"

    res = Table(title="Residuals per tariff at the implied value(s)")
    cols = [("Line", {"justify": "right"}), ("Code", {}), ("Var.", {}), ("Published", {"justify": "right"}),
            ("Model (set)", {"justify": "right"}), ("Model (implied)", {"justify": "right"}),
            ("Residual", {"justify": "right"}), ("Status", {})]
    single = len(fit.unknowns) == 1
    if single:
        cols.append(("This tariff alone", {"justify": "right"}))
    for name, kw in cols:
        res.add_column(name, **kw)
    style = {"exact": "green", "within_precision": "green", "outlier": "red", "off": "yellow", "independent": "dim"}
    u = fit.unknowns[0]
    for r in fit.rows:
        cells = [str(r["line"]), r["code"] + ("" if r["model_code"] == r["code"] else f" → {r['model_code']}"),
                 r["variant"], euro_nl(r["published"]), euro_nl(r["model_before"]), euro_nl(r["model_fitted"]),
                 f"{int(r['residual_cents']):+d} ct",
                 f"[{style[r['fit'] if r['fit'] != 'used' else r['status']]}]{r['status']}"
                 + ("" if r["fit"] == "used" else f", {r['fit']}") + "[/]"]
        if single:
            a = r.get("alone")
            cells.append("—" if a is None else f"{fmt_value(a[0], u.unit, a[1] - a[0])} .. "
                         f"{fmt_value(a[1], u.unit, a[1] - a[0])}")
        res.add_row(*cells)
    res.caption = ("Residual = model at the implied value(s) - published, in cents. Status as in verify, at the "
                   "implied value(s). outlier: no value that reproduces the others reproduces this one; left out of "
                   "the fit. independent: does not depend on the solved parameter(s).")
    res.caption_justify = "left"
    parts = [head, Text(" "), res]
    if fit.skipped:
        sk = Table(title="Lines not used")
        for name in ("Line", "Code", "Var.", "Reason"):
            sk.add_column(name, overflow="fold")
        for s in fit.skipped:
            sk.add_row(str(s["line"]), s["code"] or "—", s["variant"], s["reason"])
        parts += [Text(" "), sk]
    lines = [Text(p["text"]) for p in params_out]
    return Group(*lines, Text(" "), *parts)
