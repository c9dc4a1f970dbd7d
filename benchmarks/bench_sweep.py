"""Time the vectorised sensitivity sweep against a per-scenario Python loop (issue 6).

Run with plain ``python benchmarks/bench_sweep.py`` (from a clone: the package is found in src/ if
it is not installed). Every NOB model product, the default ranges of `kostprijs sensitivity`
(overhead, sociale lasten, productive hours, all top steps); a sweep is what
``kostprijs sensitivity --samples N`` does: draw N scenarios, evaluate them chunk by chunk with
rounding, and keep exact statistics of the tariffs. The loop puts each scenario through the
single-scenario path (``model.compute`` on that scenario's ModelArrays). A last measurement takes the
set with its sociale lasten from the 2026 premiums (``--set opslagen.sociale_lasten_jaar=2026``, salaries at
1-1-2026): the sweep then recomputes each product's rate from each scenario's level salaries (issue 15), with
the default ranges less the flat sociale lasten it does not use. The last line is JSON.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

try:
    import kostprijs  # noqa: F401
except ImportError:  # a clean clone without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import datetime as dt

import numpy as np

from kostprijs.core import model as m
from kostprijs.core import sweep as sw
from kostprijs.parameters import slots as sl
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.overrides import Override

SIZES = (1_000, 10_000, 100_000, 1_000_000)
REPEATS = {1_000: 31, 10_000: 15, 100_000: 11, 1_000_000: 3}
LOOP_SCENARIOS = 2_000
RELOAD_SCENARIOS = 20


def median_time(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    pset = load(resolve("nob-2021", None))
    varies = [sl.parse_vary(pset, v) for v in sl.DEFAULT_VARY]
    plan = sw.make_plan(pset.arrays, [v.targets() for v in varies])
    low, high = np.array([v.low for v in varies]), np.array([v.high for v in varies])
    n_products = len(plan.products)

    results = {}
    evaluate_only = {}
    for n in SIZES:
        results[n] = median_time(lambda n=n: sw.monte_carlo(plan, np.random.default_rng(1), n, low, high),
                                 REPEATS[n])
        if n <= 100_000:
            x = sw.draw(np.random.default_rng(1).random((n, len(varies))), low, high)
            evaluate_only[n] = median_time(lambda x=x: sw.sweep(plan, x), REPEATS[n])

    # the single-scenario path, one scenario at a time
    x = sw.draw(np.random.default_rng(2).random((LOOP_SCENARIOS, len(varies))), low, high)

    def loop():
        for row in x:
            m.compute(sw.scenario_arrays(plan, row))

    loop_s = median_time(loop, 3) / LOOP_SCENARIOS

    # and through the whole command-line path: overrides -> validate -> compile -> compute
    t = time.perf_counter()
    for row in x[:RELOAD_SCENARIOS]:
        overrides = sl.scenario_overrides(varies, row)
        m.compute(load(pset.source, tuple(Override(k, float(v), "bench", k) for k, v in overrides.items())).arrays)
    reload_s = (time.perf_counter() - t) / RELOAD_SCENARIOS

    # sociale lasten from premiums: the rate recomputed per scenario (level salaries, franchise and maxima)
    prem = load(pset.source, (Override("opslagen.sociale_lasten_jaar", 2026, "bench", "bench"),),
                dt.date(2026, 1, 1))
    pvaries = [sl.parse_vary(prem, v) for v in sl.DEFAULT_VARY if not v.startswith("opslagen.sociale_lasten=")]
    pplan = sw.make_plan(prem.arrays, [v.targets() for v in pvaries], premiums=prem.premiums.premiums)
    plow, phigh = np.array([v.low for v in pvaries]), np.array([v.high for v in pvaries])
    fplan = sw.make_plan(prem.arrays, [v.targets() for v in pvaries])       # the same, rate kept (before)
    premium_100k = median_time(lambda: sw.monte_carlo(pplan, np.random.default_rng(1), 100_000, plow, phigh), 5)
    kept_100k = median_time(lambda: sw.monte_carlo(fplan, np.random.default_rng(1), 100_000, plow, phigh), 5)

    per_scenario_100k = results[100_000] / 100_000
    print(f"kostprijs sensitivity sweep: {n_products} NOB model products, {len(varies)} varied parameters "
          f"({', '.join(v.name for v in varies)}); chunk {sw.chunk_rows(plan)} scenarios")
    print(f"{'scenarios':>10} {'sweep s':>10} {'scen/s':>12} {'scen x prod/s':>14} {'eval-only s':>12}")
    for n in SIZES:
        ev = f"{evaluate_only[n]:12.4f}" if n in evaluate_only else f"{'-':>12}"
        print(f"{n:>10,} {results[n]:10.4f} {n / results[n]:12,.0f} {n * n_products / results[n]:14,.0f} {ev}")
    print(f"{'loop':>10} {loop_s:10.6f} {1 / loop_s:12,.0f} {n_products / loop_s:14,.0f}   per scenario, "
          f"model.compute per scenario ({LOOP_SCENARIOS} scenarios)")
    print(f"{'reload':>10} {reload_s:10.4f} {1 / reload_s:12,.1f} {n_products / reload_s:14,.0f}   per scenario, "
          f"--set overrides -> validate -> compile -> compute ({RELOAD_SCENARIOS} scenarios)")
    print(f"{'premiums':>10} {premium_100k:10.4f} {100_000 / premium_100k:12,.0f} "
          f"{100_000 * n_products / premium_100k:14,.0f}   100,000 scenarios, 2026 premiums, rate recomputed per "
          f"scenario ({kept_100k:.4f} s with the rate kept at its baseline)")
    summary = {
        "t_1k_s": round(results[1_000], 5), "t_10k_s": round(results[10_000], 5),
        "t_100k_s": round(results[100_000], 5), "t_1m_s": round(results[1_000_000], 4),
        "t_100k_eval_only_s": round(evaluate_only[100_000], 5),
        "loop_per_scenario_s": round(loop_s, 7),
        "t_100k_premiums_s": round(premium_100k, 5), "t_100k_premiums_rate_kept_s": round(kept_100k, 5),
        "ratio_vs_loop": round(loop_s / per_scenario_100k, 1),
        "ratio_vs_reload": round(reload_s / per_scenario_100k, 0),
        "products": n_products, "parameters": len(varies),
        "goal": {"t_100k_s": 0.1, "ratio_vs_loop": 100},
        "python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count(),
    }
    summary["meets_goal"] = summary["t_100k_s"] < 0.1 and summary["ratio_vs_loop"] >= 100
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
