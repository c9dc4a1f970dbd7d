"""Print the nob-2021 calibration closest to a documented prior on the CAO ladders (a prototype).

    python scripts/calibrate_prior_nob2021.py

Per calibrated scale: the stored value (smoothest ladder, scripts/calibrate_nob2021.py), the prior and how it
was obtained, the value closest to the prior within the same feasible set, and the feasible range; then the
verify counts with the stored and with the new values. Writes nothing. Needs scipy. The method is in
kostprijs.analysis.calibrate_prior.
"""

from __future__ import annotations

import dataclasses
import sys

import numpy as np

from kostprijs.analysis.calibrate_prior import calibrate_with_prior
from kostprijs.analysis.verify import summary, verify
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.published import load_published


def main() -> int:
    pset = load(resolve("nob-2021", None))
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
    for label, p in (("stored", pset), ("closest to prior", closest)):
        sm = summary(p, verify(p, published))
        print(f"verify with the {label} values: exact {sm['exact']}/{sm['derivable']}, "
              f"{sm['within_precision']} within input precision, {sm['off']} off")
    return 0


if __name__ == "__main__":
    sys.exit(main())
