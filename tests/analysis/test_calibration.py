"""The calibrated CAO top steps are reproducible and meet every constraint they were solved under."""

import numpy as np
import pytest

pytest.importorskip("scipy")

from kostprijs.analysis.calibrate import calibrate, constraints
from kostprijs.parameters.published import load_published


@pytest.fixture(scope="module")
def cal(nob):
    return calibrate(nob, load_published(nob.source.published))


def test_stored_values_lie_in_the_feasible_set(nob, cal):
    """The stored values are chosen closer to a prior (test_calibrate_prior.py), within these ranges."""
    top = dict(zip(nob.scales, nob.arrays.top, strict=True))
    assert set(cal.values) == set(cal.ranges)
    for scale, (lo, hi) in cal.ranges.items():
        assert lo - 0.01 <= top[scale] <= hi + 0.01, scale


def test_kept_tariffs_lie_inside_their_rounding_interval(nob, cal):
    left = set(cal.left_out)
    for c in constraints(nob, load_published(nob.source.published)):
        if (c.code, c.variant) in left:
            continue
        lo_end = c.coef @ nob.arrays.top + c.const
        hi_end = c.coef_hi @ nob.arrays.top + c.const_hi
        assert lo_end <= c.hi and hi_end >= c.lo, (c.code, c.variant)


def test_found_data_points_and_rising_ladders(nob):
    top = dict(zip(nob.scales, nob.arrays.top, strict=True))
    assert abs(top["gehandicaptenzorg:FWG35"] - 2766) <= 1
    assert abs(top["gehandicaptenzorg:FWG40"] - 2902) <= 1
    assert abs(top["ggz:FWG65"] - 5439) <= 2
    for scale, first in {"7": 2299, "8": 2403, "9": 2604, "10": 2833}.items():
        assert top[f"jeugdzorg:{scale}"] > first
    for cao in ("jeugdzorg", "ggz", "gehandicaptenzorg"):
        ladder = np.array([v for k, v in top.items() if k.startswith(cao + ":")])
        assert np.all(np.diff(ladder) > 0), cao


def test_left_out_are_the_documented_deviations(cal):
    assert set(cal.left_out) == {("41A16", "normal"), ("45C56", "normal"), ("43B38", "normal"), ("54014", "normal")}
