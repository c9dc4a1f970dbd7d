"""`kostprijs implied TARIFFS.csv --solve PATH`: the parameter values a published tariff list implies."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from kostprijs.cli.options import (
    InProfileOpt,
    Lang,
    LangOpt,
    MapOpt,
    OutputOpt,
    SetSource,
    TableOrJson,
    TableOrJsonOpt,
    TariffsArg,
    WideOpt,
    emit_json,
    print_table,
    set_options,
)

SolveOpt = Annotated[list[str], typer.Option(
    "--solve", help="Te zoeken parameter (pad, zie `kostprijs params`), eventueel met grenzen: "
                    "PAD=LAAG..HOOG (bv. opslagen.overhead=20%..50%). Herhaalbaar; al het andere blijft"
                    " vast.",
    show_default=False)]


@set_options()
def implied(
    tariffs: TariffsArg,
    solve: SolveOpt,
    source: SetSource,
    mapping: MapOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    csv_profile: InProfileOpt = None,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Zoek de parameterwaarden die een gepubliceerde tarievenlijst het best reproduceren (de rest vast)."""
    from kostprijs.analysis.implied import parse_solve
    from kostprijs.analysis.implied import solve as run
    from kostprijs.presentation.tables import fmt_value, implied_tables

    args = [parse_solve(s) for s in solve]
    from kostprijs.parameters.regions import shipped_check_list

    tariffs, mapping = shipped_check_list(tariffs, mapping)
    pset, _tfile, mp, matches = source.check_inputs(tariffs, mapping, csv_profile)
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
        emit_json({"summary": summary, "parameters": params_out, "residuals": fit.rows,
                   "skipped": fit.skipped}, output, pset)
        return
    print_table(implied_tables(pset, tariffs, fit, params_out, summary), output, wide)
