"""The calibration closest to a prior keeps every tariff the stored calibration keeps, and is closer to the prior."""

import dataclasses

import numpy as np
import pytest

pytest.importorskip("scipy")

from kostprijs.analysis.calibrate_prior import calibrate_with_prior, ladder_prior
from kostprijs.analysis.verify import summary, verify
from kostprijs.parameters.published import load_published


@pytest.fixture(scope="module")
def result(nob):
    return calibrate_with_prior(nob, load_published(nob.source.published))


def test_prior_from_the_data_points(nob):
    prior, how = ladder_prior(nob)
    # the FWG line passes near its three points (GHZ 35: 2766, GHZ 40: 2902, GGZ 65: 5439), within 4%
    assert prior["gehandicaptenzorg:FWG35"] == pytest.approx(2766, rel=0.04)
    assert prior["ggz:FWG65"] == pytest.approx(5439, rel=0.04)
    assert prior["jeugdzorg:7"] == pytest.approx(2299 * 5553 / 4138)
    assert prior["ams:AMS"] == pytest.approx(12456 * 36 / 45)
    assert all(how[s] for s in prior)


def test_same_tariffs_exact_and_closer_to_the_prior(nob, result):
    top = np.array(nob.arrays.top, dtype=float)
    for s, v in result.values.items():
        top[nob.scales.index(s)] = v
        lo, hi = result.ranges[s]
        assert lo - 0.01 <= v <= hi + 0.01, s
    new = dataclasses.replace(nob, arrays=nob.arrays.with_values(top=top))
    published = load_published(nob.source.published)
    before, after = summary(nob, verify(nob, published)), summary(new, verify(new, published))
    assert (after["exact"], after["off"]) == (before["exact"], before["off"])

    def distance(values):
        return sum(abs(values[s] - result.prior[s]) / result.prior[s] for s in result.scales)

    assert distance(result.values) < distance(result.before)
    # the flat GHZ FWG 45-65 of the stored calibration now rises
    ghz = [result.values[f"gehandicaptenzorg:FWG{k}"] for k in (45, 50, 55, 60, 65)]
    assert np.all(np.diff(ghz) >= 25) and ghz[-1] - ghz[0] > 1000
