"""`kostprijs sensitivity`: which assumptions move the tariffs, and how far (tornado or Monte Carlo)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.app import app
from kostprijs.cli.options import (
    CsvProfile,
    Format,
    FormatOpt,
    OutputOpt,
    ParamsOpt,
    ProfileOpt,
    RegionOpt,
    ScenarioOpt,
    SetOpt,
    emit,
    load_set,
    print_table,
)

VaryOpt = Annotated[list[str] | None, typer.Option(
    "--vary", help="PATH=LOW:HIGH (25%:40%, 0.25:0.40), PATH=LOW:MODE:HIGH (triangular), PATH=±5% or "
                   "PATH=x0.95:x1.05 (factor of the baseline), PATH=±2 (offset). '*' matches one path segment; "
                   "the matches move together. Repeatable. Default: overhead 25%:40%, sociale lasten 28%:36%, "
                   "productive hours ±5%, salaries (all top steps) ±5%.")]
VaryFileOpt = Annotated[Path | None, typer.Option(
    "--vary-file", help="YAML file with ranges and their sources (vary: [{path, range, source}]).")]
ProductOpt = Annotated[list[str] | None, typer.Option(
    "--product", "-p", help="Product code (repeatable). Default: every product the model computes.")]
SamplesOpt = Annotated[int | None, typer.Option(
    "--samples", "-n", min=1, help="Monte Carlo with N scenarios (uniform in each range, triangular with a "
                                   "MODE). Without it: one at a time (tornado).")]
SeedOpt = Annotated[int | None, typer.Option(
    "--seed", min=0, help="Random seed for --samples (the seed used is always reported).")]
MicroOpt = Annotated[bool, typer.Option(
    "--micro", help="Analyse the micro-onderneming tariffs (products that have one) instead of the normal ones.")]

PERCENTILES = (5.0, 50.0, 95.0)

TORNADO_COLUMNS = [("code", None), ("product", None), ("unit", None), ("variant", None), ("rank", None),
                   ("parameter", None), ("range", None), ("low", 6), ("high", 6), ("baseline", 2),
                   ("tariff_low", 2), ("tariff_high", 2), ("swing", 2), ("swing_pct", 3)]
MC_COLUMNS = [("code", None), ("product", None), ("unit", None), ("variant", None), ("samples", None),
              ("seed", None), ("baseline", 2), ("mean", 4), ("sd", 4), ("p5", 2), ("p50", 2), ("p95", 2),
              ("min", 2), ("max", 2)]


def _euro(cents) -> float:
    from kostprijs.core.money import to_euro

    return to_euro(cents)


@app.command()
def sensitivity(
    region: RegionOpt = None,
    params: ParamsOpt = None,
    product: ProductOpt = None,
    vary: VaryOpt = None,
    vary_file: VaryFileOpt = None,
    samples: SamplesOpt = None,
    seed: SeedOpt = None,
    micro: MicroOpt = False,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
) -> None:
    """Rank the assumptions by their effect on each tariff (tornado), or their joint spread (--samples)."""
    import numpy as np

    from kostprijs.core import sweep as sw
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters import slots as sl

    if seed is not None and samples is None:
        raise KostprijsError("--seed needs --samples (the tornado is not random)")
    pset = load_set(region, params, sets, scenario)
    varies = [sl.parse_vary(pset, v) for v in vary or []]
    if vary_file is not None:
        varies += sl.load_vary_file(pset, vary_file)
    if not varies:
        varies = [sl.parse_vary(pset, v, f"default --vary {v}", "default range (README, issue 6)")
                  for v in sl.DEFAULT_VARY]
    names = [v.name for v in varies]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise KostprijsError(f"--vary {twice[0]}: given twice")
    sl.check_conflicts(varies)

    chosen = _products(pset, product, micro)
    plan = sw.make_plan(pset.arrays, [v.targets() for v in varies], [p.index for p in chosen], micro)
    column = {int(p): i for i, p in enumerate(plan.products)}
    cols = [column[p.index] for p in chosen]
    low = np.array([v.low for v in varies])
    high = np.array([v.high for v in varies])
    rows_x = sw.one_at_a_time(low, high)
    unrounded, cents = sw.sweep(plan, rows_x)
    unrounded, cents = unrounded[:, cols], cents[:, cols]
    head = {"set": pset.source.name, "variant": "micro" if micro else "normal",
            "parameters": [_param_json(v) for v in varies]}

    if samples is None:
        rows = _tornado_rows(chosen, varies, unrounded, cents, micro)
        data = {**head, "method": "one_at_a_time", "products": _group(rows, "effects")}
        columns = TORNADO_COLUMNS
    else:
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        mode = np.array([np.nan if v.mode is None else v.mode for v in varies])
        try:
            stats = sw.monte_carlo(plan, np.random.default_rng(seed), samples, low, high, mode)
        except ValueError as exc:
            raise KostprijsError(f"--samples: {exc} (check the --vary ranges)") from None
        rows = _mc_rows(chosen, stats, cols, cents[0], samples, seed, micro)
        data = {**head, "method": "monte_carlo", "samples": samples, "seed": seed,
                "percentiles": "inverted_cdf (a tariff that occurs)", "products": rows}
        columns = MC_COLUMNS

    if fmt is Format.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json(data), output)
    elif fmt is Format.csv:
        from kostprijs.presentation.writers import to_csv

        emit(to_csv(rows, columns, csv_profile.value), output)
    elif samples is None:
        print_table(_tornado_table(pset, varies, rows, micro), output)
    else:
        print_table(_mc_table(pset, varies, rows, samples, seed, micro), output)


def _products(pset, codes, micro):
    from kostprijs.errors import KostprijsError

    if not codes:
        chosen = [p for p in pset.model_products if p.micro or not micro]
        return chosen
    out = []
    for code in codes:
        p = pset.product(code)
        if p.index is None:
            kind = "a fixed (published) tariff" if p.basis == "fixed" else "not derivable"
            raise KostprijsError(f"--product {code}: {kind}, not computed by the model")
        if micro and not p.micro:
            raise KostprijsError(f"--product {code}: has no micro tariff (--micro)")
        if p not in out:
            out.append(p)
    return out


def _param_json(v) -> dict:
    return {"name": v.name, "range": v.text, "kind": v.kind, "low": v.low, "high": v.high, "mode": v.mode,
            "unit": v.unit, "paths": [s.path for s in v.slots], "source": v.source}


def _tornado_rows(chosen, varies, unrounded, cents, micro) -> list[dict]:
    import numpy as np

    j = len(varies)
    lo_c, hi_c = cents[1::2][:j], cents[2::2][:j]                       # (J, P)
    swing = np.abs(hi_c - lo_c)
    swing_u = np.abs(unrounded[2::2][:j] - unrounded[1::2][:j])
    rows = []
    for p, prod in enumerate(chosen):
        order = sorted(range(j), key=lambda k: (-swing[k, p], -swing_u[k, p], varies[k].name))
        base = cents[0, p]
        for rank, k in enumerate(order, 1):
            v = varies[k]
            rows.append({"code": prod.code, "product": prod.name, "unit": prod.unit,
                         "variant": "micro" if micro else "normal", "rank": rank, "parameter": v.name,
                         "range": v.text, "low": v.low, "high": v.high, "baseline": _euro(base),
                         "tariff_low": _euro(lo_c[k, p]), "tariff_high": _euro(hi_c[k, p]),
                         "swing": _euro(swing[k, p]),
                         "swing_pct": float(100.0 * swing[k, p] / base) if base else None})
    return rows


def _group(rows, key) -> list[dict]:
    out: list[dict] = []
    for r in rows:
        if not out or out[-1]["code"] != r["code"]:
            out.append({"code": r["code"], "product": r["product"], "unit": r["unit"], "baseline": r["baseline"],
                        key: []})
        out[-1][key].append({k: r[k] for k in ("rank", "parameter", "range", "low", "high", "tariff_low",
                                                "tariff_high", "swing", "swing_pct")})
    return out


def _mc_rows(chosen, stats, cols, base, samples, seed, micro) -> list[dict]:
    mean, sd = stats.mean()[cols], stats.std()[cols]
    pct = stats.percentiles(PERCENTILES)[:, cols]
    rows = []
    for i, prod in enumerate(chosen):
        rows.append({"code": prod.code, "product": prod.name, "unit": prod.unit,
                     "variant": "micro" if micro else "normal", "samples": samples, "seed": seed,
                     "baseline": _euro(base[i]), "mean": _euro(mean[i]), "sd": _euro(sd[i]),
                     "p5": _euro(pct[0, i]), "p50": _euro(pct[1, i]), "p95": _euro(pct[2, i]),
                     "min": _euro(stats.vmin[cols[i]]), "max": _euro(stats.vmax[cols[i]])})
    return rows


def _ranges_caption(varies) -> str:
    return "Ranges: " + "; ".join(f"{v.name} {v.text}" for v in varies) + "."


def _tornado_table(pset, varies, rows, micro):
    from rich.table import Table

    from kostprijs.presentation.money import euro_nl

    t = Table(title=f"Sensitivity {pset.source.name}{' (micro)' if micro else ''}: one parameter at a time",
              caption=_ranges_caption(varies) + " Others at baseline; tariffs after rounding, ranked by swing.",
              caption_justify="left")
    for name, kw in (("Product", {"overflow": "fold", "ratio": 3}), ("#", {"justify": "right"}),
                     ("Parameter", {"overflow": "fold", "ratio": 3}), ("At low", {"justify": "right"}),
                     ("At high", {"justify": "right"}), ("Swing", {"justify": "right"}), ("", {"no_wrap": True})):
        t.add_column(name, **kw)
    widest: dict[str, float] = {}
    for r in rows:
        widest[r["code"]] = max(widest.get(r["code"], 0.0), r["swing"])
    previous = None
    for r in rows:
        first = r["code"] != previous
        if first and previous is not None:
            t.add_section()
        previous = r["code"]
        bar = "█" * round(8 * r["swing"] / widest[r["code"]]) if widest[r["code"]] else ""
        pct = f" ({r['swing_pct']:.1f}%)".replace(".", ",") if r["swing_pct"] is not None else ""
        label = f"{r['code']} {r['product']} ({r['unit']}, {euro_nl(r['baseline'])})" if first else ""
        t.add_row(label, str(r["rank"]), r["parameter"], euro_nl(r["tariff_low"]), euro_nl(r["tariff_high"]),
                  euro_nl(r["swing"]) + pct, bar)
    return t


def _mc_table(pset, varies, rows, samples, seed, micro):
    from rich.table import Table

    from kostprijs.presentation.money import euro_nl

    t = Table(title=f"Monte Carlo {pset.source.name}{' (micro)' if micro else ''}: {samples} scenarios, "
                    f"seed {seed}",
              caption=_ranges_caption(varies) + " Uniform in each range (triangular with a mode); tariffs "
                      "after rounding; P5/P50/P95 are tariffs that occur (inverted CDF).",
              caption_justify="left")
    for name, kw in (("Code", {}), ("Product", {"overflow": "fold"}), ("Eenheid", {}),
                     ("Baseline", {"justify": "right"}), ("Mean", {"justify": "right", "no_wrap": True}),
                     ("P5", {"justify": "right"}), ("P50", {"justify": "right"}), ("P95", {"justify": "right"})):
        t.add_column(name, **kw)
    for r in rows:
        t.add_row(r["code"], r["product"], r["unit"], euro_nl(r["baseline"]), euro_nl(r["mean"], 4),
                  euro_nl(r["p5"]), euro_nl(r["p50"]), euro_nl(r["p95"]))
    return t
