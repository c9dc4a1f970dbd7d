"""Time `kostprijs diff` (issue 16): NOB against NOB with 12 changed parameters, every product.

12 groups give 2^12 = 4096 coalitions, evaluated on one scenario axis through core.model.compute.
The figure is the attribution after start-up: both sets loaded (from the cache of compiled sets, as a
second run of the command finds them), then ``analysis.diff.diff`` (layout, input changes, all
coalitions, Shapley values, A's and B's own tariffs). Run with plain ``python benchmarks/bench_diff.py``.
The last line is JSON. Goal: < 0.5 s.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

try:
    import kostprijs  # noqa: F401
except ImportError:  # a clean clone without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kostprijs.analysis.diff import diff
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.overrides import parse_set

#: 12 changes of different kinds: opslagen, ORT, productive hours, voorzieningen, Tabel 1, top steps
#: of three CAOs, a functiemix row (two shares of one product: one group) and a staffing figure
CHANGES = [
    "opslagen.overhead=0.30", "opslagen.sociale_lasten=0.33", "opslagen.risico=0.025",
    "ort.verblijf=0.06", "productiviteit.ambulant_jo_ghz.clientgebonden=1300",
    "productiviteit.intramuraal.clientgebonden=1400", "voorzieningen.hotel=40",
    "tabel1.pct_hoogste_trede.HBO=0.95", "caos.jeugdzorg.9.top=4300", "caos.ggz.FWG55.top=4500",
    "products.45B50.functiemix.MBO4=0.8", "products.45B50.functiemix.WO=0.1",
    "products.43A36.staffing.fte_per_jeugdige=0.9",
]


def main() -> None:
    source = resolve("nob-2021", None)
    overrides = tuple(parse_set(s) for s in CHANGES)
    t0 = time.perf_counter()
    a, b = load(source), load(source, overrides)
    first_load = time.perf_counter() - t0
    result = diff(a, b)
    assert len(result.groups) == 12, result.groups
    times, loads = [], []
    for _ in range(15):
        t = time.perf_counter()
        a, b = load(source), load(source, overrides)
        t1 = time.perf_counter()
        diff(a, b)
        t2 = time.perf_counter()
        loads.append(t1 - t)
        times.append(t2 - t1)
    tariffs = len(result.attributions)
    median = statistics.median(times)
    print(f"diff NOB vs NOB, {len(result.groups)} changed groups ({1 << len(result.groups)} coalitions), "
          f"{tariffs} tariffs: attribution {median * 1000:.1f} ms median (min {min(times) * 1000:.1f}), "
          f"loading both sets {statistics.median(loads) * 1000:.1f} ms (first {first_load * 1000:.0f} ms); "
          f"goal < 500 ms")
    print(json.dumps({"groups": len(result.groups), "tariffs": tariffs, "attribution_ms": median * 1000,
                      "load_ms": statistics.median(loads) * 1000, "goal_ms": 500}))


if __name__ == "__main__":
    main()
