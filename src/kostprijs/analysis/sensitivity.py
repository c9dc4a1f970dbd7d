"""Sensitivity of the tariffs to their assumptions: one at a time (tornado) or jointly (Monte Carlo).

Orchestration of the sweep (:mod:`kostprijs.core.sweep`, the model's own tariff chain on a scenario
axis) over ranges of parameter paths (:mod:`kostprijs.parameters.slots`). No I/O, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERCENTILES = (5.0, 50.0, 95.0)


@dataclass
class Sensitivity:
    """The result: ``rows`` (one per product and parameter, or per product for Monte Carlo) and ``data``
    (the `sensitivity --format json` object)."""

    method: str
    varies: list
    rows: list[dict[str, Any]]
    data: dict[str, Any]
    micro: bool = False
    samples: int | None = None
    seed: int | None = None
    products: list = field(default_factory=list)


def ranges(pset, vary: list[str] | None = None, vary_file=None) -> list:
    """The ranges to vary: --vary texts, a --vary-file, else the documented default ranges."""
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters import slots as sl

    varies = [sl.parse_vary(pset, v) for v in vary or []]
    if vary_file is not None:
        varies += sl.load_vary_file(pset, vary_file)
    if not varies:
        # a set whose sociale lasten come from premiums (opslagen.sociale_lasten_jaar) has no flat rate to vary
        flat = pset.paths.get("opslagen.sociale_lasten")
        defaults = [v for v in sl.DEFAULT_VARY
                    if not (v.startswith("opslagen.sociale_lasten=") and flat is not None and not flat.variable)]
        varies = [sl.parse_vary(pset, v, f"default --vary {v}", "default range (README, issue 6)")
                  for v in defaults]
    names = [v.name for v in varies]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise KostprijsError(f"--vary {twice[0]}: given twice")
    sl.check_conflicts(varies)
    return varies


def sensitivity(pset, varies: list, codes: list[str] | None = None, micro: bool = False,
                samples: int | None = None, seed: int | None = None) -> Sensitivity:
    """Tornado (``samples`` None: each range at its low and high end, the others at baseline) or Monte
    Carlo with ``samples`` scenarios (uniform in each range, triangular with a mode)."""
    import numpy as np

    from kostprijs.core import sweep as sw
    from kostprijs.errors import KostprijsError

    if seed is not None and samples is None:
        raise KostprijsError("--seed needs --samples (the tornado is not random)")
    chosen = products(pset, codes, micro)
    # a set with sociale lasten from premiums: the sweep recomputes each product's rate from its salaries
    premiums = pset.premiums.premiums if pset.premiums is not None else None
    plan = sw.make_plan(pset.arrays, [v.targets() for v in varies], [p.index for p in chosen], micro, premiums)
    column = {int(p): i for i, p in enumerate(plan.products)}
    cols = [column[p.index] for p in chosen]
    low = np.array([v.low for v in varies])
    high = np.array([v.high for v in varies])
    unrounded, cents = sw.sweep(plan, sw.one_at_a_time(low, high))
    unrounded, cents = unrounded[:, cols], cents[:, cols]
    head = {"set": pset.source.name, "variant": "micro" if micro else "normal",
            "parameters": [param_json(v) for v in varies]}
    if samples is None:
        rows = tornado_rows(chosen, varies, unrounded, cents, micro)
        return Sensitivity("one_at_a_time", varies, rows, {**head, "method": "one_at_a_time",
                                                           "products": group(rows, "effects")},
                           micro=micro, products=chosen)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    mode = np.array([np.nan if v.mode is None else v.mode for v in varies])
    # days per year are whole days (the sanity rule refuses 365.5 in a file or --set): drawn as such
    days = [next((t for t in v.targets() if t.field == "days"), None) for v in varies]
    whole = (np.array([np.nan if t is None else t.alpha for t in days]),
             np.array([0.0 if t is None else t.beta for t in days]))
    try:
        stats = sw.monte_carlo(plan, np.random.default_rng(seed), samples, low, high, mode, whole=whole)
    except ValueError as exc:
        raise KostprijsError(f"--samples: {exc} (check the --vary ranges)") from None
    rows = mc_rows(chosen, stats, cols, cents[0], samples, seed, micro)
    data = {**head, "method": "monte_carlo", "samples": samples, "seed": seed,
            "percentiles": "inverted_cdf (a tariff that occurs)", "products": rows}
    return Sensitivity("monte_carlo", varies, rows, data, micro=micro, samples=samples, seed=seed,
                       products=chosen)


def _euro(cents) -> float:
    from kostprijs.core.money import to_euro

    return to_euro(cents)


def products(pset, codes, micro):
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


def param_json(v) -> dict:
    return {"name": v.name, "range": v.text, "kind": v.kind, "low": v.low, "high": v.high, "mode": v.mode,
            "unit": v.unit, "paths": [s.path for s in v.slots], "source": v.source}


def tornado_rows(chosen, varies, unrounded, cents, micro) -> list[dict]:
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


def group(rows, key) -> list[dict]:
    out: list[dict] = []
    for r in rows:
        if not out or out[-1]["code"] != r["code"]:
            out.append({"code": r["code"], "product": r["product"], "unit": r["unit"], "baseline": r["baseline"],
                        key: []})
        out[-1][key].append({k: r[k] for k in ("rank", "parameter", "range", "low", "high", "tariff_low",
                                                "tariff_high", "swing", "swing_pct")})
    return out


def mc_rows(chosen, stats, cols, base, samples, seed, micro) -> list[dict]:
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
