"""The shipped calibration (closest to a prior, docs/calibration.md): inside its recorded ranges, reproducible,
verify unchanged, and a prior built on the data points as printed in their sources."""

import numpy as np
import pytest
from pydantic import ValidationError

from kostprijs.analysis.verify import summary, verify
from kostprijs.parameters.compile import select_table
from kostprijs.parameters.published import load_published
from kostprijs.parameters.schema import Salary

#: the tariffs no salary structure reproduces together with the rest (off before the prior was introduced)
OFF_BEFORE = {("41A16", "normal"), ("43B38", "normal"), ("45C56", "normal"), ("54014", "normal")}


def calibrated_tops(pset):
    out = {}
    for cao_name, cao in pset.models["cao_scales"].caos.items():
        table = cao.tables[select_table(cao, pset.models["opslagen"].salary_date)]
        for scale_name, scale in table.scales.items():
            if scale.top.status == "calibrated":
                out[f"{cao_name}:{scale_name}"] = scale.top
    return out


def test_shipped_values_inside_their_recorded_ranges(nob):
    tops = calibrated_tops(nob)
    assert len(tops) == 27
    for s, top in tops.items():
        c = top.calibration
        assert c is not None, f"{s}: calibrated without prior and range"
        assert c.lower <= top.value <= c.upper, s
        assert "docs/calibration.md" in top.source and c.prior_method


def test_verify_counts_hold(nob):
    checks = verify(nob, load_published(nob.source.published))
    sm = summary(nob, checks)
    assert (sm["exact"], sm["derivable"], sm["within_precision"]) == (31, 35, 8)
    assert {(c.code, c.variant) for c in checks if c.status == "off"} <= OFF_BEFORE


def test_flat_ladders_gone(nob):
    tops = calibrated_tops(nob)
    ghz = [tops[f"gehandicaptenzorg:FWG{k}"].value for k in (45, 50, 55, 60, 65)]
    assert np.all(np.diff(ghz) >= 25) and ghz[-1] - ghz[0] > 1000    # was 2926..3026
    ggz = [tops[f"ggz:FWG{k}"].value for k in (35, 40, 45, 50)]
    assert ggz[-1] - ggz[0] > 200                                      # was within EUR 75


def test_prior_from_the_printed_figures(nob):
    pytest.importorskip("scipy")
    from kostprijs.analysis.calibrate_prior import ladder_prior

    prior, how = ladder_prior(nob)
    # figures as printed: vgn.nl GHZ 1-5-2022 inpassingsnummer 22 = 2938 and 24 = 3078 (the 2020 tops of FWG 35
    # and 40, before the step added on 1-5-2022), back through +2,2% with EUR 85 minimum and +3,15%;
    # nu.nl GGZ FWG 65 4.138 - 5.553 (Sept 2021), back through +2,1%
    ghz35, ghz40 = (2938 - 85) / 1.0315, (3078 - 85) / 1.0315
    ggz65 = 5553 / 1.021
    assert 2938 * 0.022 < 85 and 3078 * 0.022 < 85               # the minimum applied, not the percentage
    x, y = np.array([35.0, 40.0, 65.0]), np.log([ghz35, ghz40, ggz65])
    b = ((x - x.mean()) @ (y - y.mean())) / ((x - x.mean()) @ (x - x.mean()))
    a = y.mean() - b * x.mean()
    for key, fwg in (("gehandicaptenzorg:FWG35", 35), ("gehandicaptenzorg:FWG80", 80), ("ggz:FWG65", 65),
                     ("ggz:FWG35", 35)):
        assert prior[key] == pytest.approx(np.exp(a + b * fwg), rel=1e-3), key
    # Jeugdzorg: the printed starting steps (nu.nl/werk/6195992) times top/start of GGZ FWG 65
    for scale, start in (("7", 2299), ("8", 2403), ("9", 2604), ("10", 2833)):
        assert prior[f"jeugdzorg:{scale}"] == pytest.approx(start * 5553 / 4138, rel=1e-9)
    ratio = (2833 / 2299) ** (1 / 3)
    assert prior["jeugdzorg:12"] == pytest.approx(2833 * 5553 / 4138 * ratio ** 2, rel=1e-9)
    # AMS: nvz.nl 1-7-2018 trede 6 = 11.941 at 45 h, +4% + EUR 37 on 1-1-2020 (= 12.456, tmi.nl), at 36 h
    assert prior["ams:AMS"] == pytest.approx((11941 * 1.04 + 37) * 36 / 45, abs=0.5)
    assert all(how[s] for s in prior)


def test_reproducible(nob):
    """The shipped values are what the script computes (the calibration is a fixed point)."""
    pytest.importorskip("scipy")
    from kostprijs.analysis.calibrate_prior import calibrate_with_prior

    r = calibrate_with_prior(nob, load_published(nob.source.published))
    tops = calibrated_tops(nob)
    for s in r.scales:
        assert tops[s].value == pytest.approx(r.values[s], abs=0.011), s
        assert tops[s].calibration.prior == pytest.approx(r.prior[s], abs=0.006), s
        lo, hi = r.ranges[s]
        assert (tops[s].calibration.lower, tops[s].calibration.upper) == (pytest.approx(lo, abs=0.011),
                                                                          pytest.approx(hi, abs=0.011)), s


def test_calibration_record_rules():
    cal = {"prior": 3000.0, "prior_method": "x", "lower": 2900.0, "upper": 3100.0}
    base = {"unit": "EUR/month", "source": "s", "status": "calibrated", "method": "m"}
    assert Salary.model_validate({**base, "value": 3050.0, "calibration": cal}).calibration.prior == 3000.0
    with pytest.raises(ValidationError, match="is empty"):
        Salary.model_validate({**base, "value": 3050.0, "calibration": {**cal, "lower": 3200.0}})
    with pytest.raises(ValidationError, match="belongs to a calibrated value"):
        Salary.model_validate({**base, "status": "sourced", "value": 3050.0, "calibration": cal})
