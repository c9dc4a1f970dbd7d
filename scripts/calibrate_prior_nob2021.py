"""The nob-2021 calibration closest to a documented prior on the CAO ladders (docs/calibration.md).

    python scripts/calibrate_prior_nob2021.py           # report only
    python scripts/calibrate_prior_nob2021.py --write   # also rewrite the calibrated tops (cao_scales.yaml)

Per calibrated scale: the stored value, the prior and how it was obtained, the value closest to the prior within
the feasible set of kostprijs.analysis.calibrate (every Tabel 16 tariff it reproduces stays inside its rounding
interval, with a margin), and the feasible range; then the verify counts with the stored and with the new values.
--write stores value, prior, range and method of each calibrated top (the `calibration` record) and refuses to
write if the new values change the verify counts. Needs scipy (pip install '.[calibrate]').
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from pathlib import Path

import numpy as np

from kostprijs.analysis.calibrate_prior import calibrate_with_prior
from kostprijs.analysis.verify import summary, verify
from kostprijs.core.salary import table_in_force
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import Source
from kostprijs.parameters.published import load_published

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params"
METHOD = ("closest to the prior (least sum of squared log distances, from the least sum of |top - prior| / prior) "
          "among the salary structures that keep every "
          "reproduced Tabel 16 tariff inside its rounding interval; scripts/calibrate_prior_nob2021.py --write "
          "(kostprijs.analysis.calibrate_prior)")


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def top_line(indent: str, value: float, prior: float, prior_how: str, lo: float, hi: float) -> str:
    lower, upper = math.floor(lo * 100) / 100, math.ceil(hi * 100) / 100
    return (f"{indent}top: {{value: {value:.2f}, unit: EUR/month, status: calibrated, method: {_q(METHOD)}, "
            f"source: \"calibrated: no public copy of this end-2020 table was found (docs/cao-and-indices.md §2.3; "
            f"method docs/calibration.md)\", calibration: {{prior: {prior:.2f}, prior_method: {_q(prior_how)}, "
            f"lower: {lower:.2f}, upper: {upper:.2f}}}}}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the calibrated tops in params/cao_scales.yaml")
    args = parser.parse_args()

    pset = load(Source("nob-2021", PARAMS, PARAMS / "published" / "nob-2021.yaml"))
    published = load_published(pset.source.published)
    r = calibrate_with_prior(pset, published)
    print(f"kept {r.kept} published tariffs inside their interval (margin {r.margin:.3f} of an interval)")
    print(f"{'scale':26s} {'stored':>9s} {'prior':>7s} {'closest':>9s}   feasible range   prior from")
    for s in r.scales:
        lo, hi = r.ranges[s]
        print(f"{s:26s} {r.before[s]:9.2f} {r.prior[s]:7.0f} {r.values[s]:9.2f}   {lo:6.0f} .. {hi:6.0f}   "
              f"{r.prior_how[s]}")
    top = np.array(pset.arrays.top, dtype=float)
    for s, v in r.values.items():
        top[pset.scales.index(s)] = v
    closest = dataclasses.replace(pset, arrays=pset.arrays.with_values(top=top))
    counts = {}
    for label, p in (("stored", pset), ("closest to prior", closest)):
        sm = summary(p, verify(p, published))
        counts[label] = (sm["exact"], sm["derivable"], sm["within_precision"], sm["off"])
        print(f"verify with the {label} values: exact {sm['exact']}/{sm['derivable']}, "
              f"{sm['within_precision']} within input precision, {sm['off']} off")
    if args.write:
        new, old = counts["closest to prior"], counts["stored"]
        if new[0] < old[0] or new[3] > old[3]:
            print("not written: the new values would make verify worse", file=sys.stderr)
            return 1
        path = PARAMS / "cao_scales.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        index = pset.raw.lines["cao_scales"]
        for s in r.scales:
            cao, scale = s.split(":")
            tables = pset.models["cao_scales"].caos[cao].tables
            t = table_in_force([tb.since for tb in tables], pset.models["opslagen"].salary_date)
            n = index[("caos", cao, "tables", t, "scales", scale, "top")] - 1
            indent = lines[n][: len(lines[n]) - len(lines[n].lstrip())]
            lo, hi = r.ranges[s]
            lines[n] = top_line(indent, r.values[s], r.prior[s], r.prior_how[s], min(lo, r.values[s]),
                                max(hi, r.values[s]))
        path.write_text("".join(lines), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
