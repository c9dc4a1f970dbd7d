"""Reproduce the calibrated CAO top steps of the nob-2021 parameter set.

    python scripts/calibrate_nob2021.py           # report only

The method is in kostprijs.analysis.calibrate: the largest set of Tabel 16 tariffs one salary structure
reproduces, then the widest margin, then the smoothest ladder. The shipped values are chosen closer to a
prior by scripts/calibrate_prior_nob2021.py (docs/calibration.md); --write here is refused. Needs scipy
(pip install '.[calibrate]').
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kostprijs.analysis.calibrate import calibrate
from kostprijs.core.salary import table_in_force
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import Source
from kostprijs.parameters.published import load_published

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the calibrated values in params/cao_scales.yaml")
    args = parser.parse_args()
    if args.write:
        print("superseded: the shipped values are written by scripts/calibrate_prior_nob2021.py --write "
              "(docs/calibration.md)", file=sys.stderr)
        return 2

    source = Source("nob-2021", PARAMS, PARAMS / "published" / "nob-2021.yaml")
    pset = load(source)
    cal = calibrate(pset, load_published(source.published))

    if args.write:
        path = PARAMS / "cao_scales.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        index = pset.raw.lines["cao_scales"]
        for s in cal.unknown:
            cao, scale = s.split(":")
            tables = pset.models["cao_scales"].caos[cao].tables
            t = table_in_force([tb.since for tb in tables], pset.models["opslagen"].salary_date)
            n = index[("caos", cao, "tables", t, "scales", scale, "top")] - 1
            lo, hi = cal.ranges[s]
            line = re.sub(r"value: [0-9.]+", f"value: {cal.values[s]:.2f}", lines[n], count=1)
            method = (f'method: "solved from Tabel 16 by scripts/calibrate_nob2021.py (kostprijs.analysis.calibrate); '
                      f'feasible range over all solutions {lo:.0f}..{hi:.0f}"')
            line = re.sub(r'method: "[^"]*"', method, line, count=1)
            lines[n] = line
        path.write_text("".join(lines), encoding="utf-8")
    print(f"kept {len(cal.constraints) - len(cal.left_out)} of {len(cal.constraints)} published tariffs; "
          f"smallest margin {cal.margin:.3f} of a rounding interval")
    for code, variant in cal.left_out:
        print(f"  left out: {code} {variant}")
    print(f"{'scale':28s} {'value':>7s} {'continuous':>11s}   feasible range")
    for s in cal.unknown:
        lo, hi = cal.ranges[s]
        print(f"{s:28s} {cal.values[s]:9.2f} {cal.continuous[s]:11.4f}   {lo:8.0f} .. {hi:8.0f}")

    if args.write:
        print(f"wrote {PARAMS / 'cao_scales.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
