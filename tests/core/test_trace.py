"""The trace of the chain: it ends on compute's tariff, and its steps follow the published build-up.

The hand computation below takes its figures from the model document (seed 004 Bijlage 1, as cleaned
in docs/nob-2021-model.md): Tabel 1 shares and percentages (§2.1), Tabel 3 opslagen (§3.1), Tabel 4
hours (§4.1), Tabel 5 staffing (§4.4), the functiemix of Begeleiding basis (§6.3) and the published
tariffs of Tabel 16 (seed l.3475, l.3479). Only the top steps are read from the parameter set: they are
the model's inputs (calibrated, no public end-2020 table).
"""

import math

import numpy as np
import pytest

from kostprijs.core import model as m
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve


def parts_of(pset) -> np.ndarray:
    """Each model product's voorzieningen (P, V), as explain splits the fixed parts."""
    from kostprijs.analysis.explain import fixed_parts

    return fixed_parts(pset)[1]


@pytest.fixture(scope="module")
def nob_trace(nob):
    return m.compute(nob.arrays, trace=True, fixed_parts=parts_of(nob))


@pytest.mark.parametrize("region", ["nob-2021", "midden-limburg-2026"])
def test_the_trace_ends_on_the_computed_tariff_for_every_product(region):
    pset = load(resolve(region, None))
    plain = m.compute(pset.arrays)
    traced = m.compute(pset.arrays, trace=True, fixed_parts=parts_of(pset))
    for p in pset.model_products:
        for t, unrounded, cents in ((traced.trace, plain.unrounded, plain.cents),
                                    (traced.trace_micro, plain.unrounded_micro, plain.cents_micro)):
            i = p.index
            assert t.fixed_running[i, -1] == unrounded[i], p.code       # the last amount, exactly
            assert t.unrounded[i] == unrounded[i] and t.cents[i] == cents[i], p.code
            assert t.opslagen[-1].amount[i] == t.loaded[i]
            assert t.personnel[i] == t.hourly[i] * t.unit_hours[i]


def _column(pset, cao):
    op = pset.models["opslagen"]
    return next(k for k, c in enumerate(pset.columns) if op.tabel1.columns[c].cao == cao)


def test_45B50_step_by_step_against_a_hand_computation(nob, nob_trace):
    cs = nob.models["cao_scales"]

    def top(cao, scale):
        date = nob.models["opslagen"].salary_date
        table = max((t for t in cs.caos[cao].tables if t.since <= date), key=lambda t: t.since)
        return table.scales[scale].top.value

    # Tabel 1 (§2.1): the scales of each level per CAO with their weights, x 93% of the top step
    tabel1 = {
        "MBO4": {"jeugdzorg": {"7": .5, "8": .5}, "ggz": {"FWG40": .5, "FWG45": .5},
                 "gehandicaptenzorg": {"FWG40": .5, "FWG45": .5}},
        "HBO": {"jeugdzorg": {"8": .5, "9": .5}, "ggz": {"FWG50": .35, "FWG55": .65},
                "gehandicaptenzorg": {"FWG45": .5, "FWG50": .5}},
    }
    per_cao = {lv: {cao: 0.93 * sum(w * top(cao, s) for s, w in cells.items()) for cao, cells in row.items()}
               for lv, row in tabel1.items()}
    level = {lv: sum(v.values()) / 3 for lv, v in per_cao.items()}       # JH, GHZ and GGZ averaged
    monthly = 0.90 * level["MBO4"] + 0.10 * level["HBO"]                # Tabel 7 row 2: MBO-4 90%, HBO 10%
    yearly = 12 * monthly
    after = [yearly * 1.08, yearly * (1 + 0.08 + 0.0833), yearly * (1 + 0.08 + 0.0833 + 0.0)]  # + ORT: none
    after += [after[-1] * 1.32, after[-1] * 1.32 * 1.35, after[-1] * 1.32 * 1.35 * 1.02]
    hours = 1878 - 50 - 225 - 115 - 80 - 80 - 50                         # Tabel 4, ambulant J&O, GHZ
    assert hours == 1278
    hourly = after[-1] / hours

    t, i = nob_trace.trace, nob.product("45B50").index
    levels = nob.levels
    for lv in tabel1:
        for cao, value in per_cao[lv].items():
            assert t.cao_salary[_column(nob, cao), levels.index(lv)] == pytest.approx(value, rel=1e-12)
        assert t.level_salary[i, levels.index(lv)] == pytest.approx(level[lv], rel=1e-12)
    assert t.functiemix[i, levels.index("MBO4")] == pytest.approx(0.90 * level["MBO4"], rel=1e-12)
    assert t.functiemix[i, levels.index("HBO")] == pytest.approx(monthly, rel=1e-12)
    assert t.monthly[i] == pytest.approx(monthly, rel=1e-12)
    assert t.yearly[i] == pytest.approx(yearly, rel=1e-12)
    for o, want in zip(t.opslagen, after, strict=True):
        assert o.amount[i] == pytest.approx(want, rel=1e-12), o.field
    assert t.hours[i] == hours
    assert t.hourly[i] == pytest.approx(hourly, rel=1e-12)
    assert t.unit_hours[i] == pytest.approx(1 / 60, rel=1e-15)
    assert t.personnel[i] == pytest.approx(hourly / 60, rel=1e-12)
    assert t.fixed[i] == 0 and t.unrounded[i] == pytest.approx(hourly / 60, rel=1e-12)
    # the tariff as printed in Tabel 16 (l.3475): 1,02, "naar boven afgerond" (l.3444)
    assert t.cents[i] == 102 == math.ceil(round(hourly / 60 * 100, 9))
    # the hourly lies in the bracket that the normal and the micro tariff leave together (§10.1)
    assert 60.60 < t.hourly[i] <= 61.02
    # micro: overhead 11,5% instead of 35%, the rest unchanged; Tabel 16 prints 0,84
    tm = nob_trace.trace_micro
    assert tm.opslagen[4].amount[i] == pytest.approx(after[3] * 1.115, rel=1e-12)
    assert tm.hourly[i] == pytest.approx(hourly * 1.115 / 1.35, rel=1e-12)
    assert 49.80 < tm.hourly[i] <= 50.40 and tm.cents[i] == 84


def test_daghulp_basis_is_the_same_hourly_per_dagdeel_plus_six_euro(nob, nob_trace):
    """§10.2: Daghulp basis (41A22) has the mix and cost basis of Begeleiding basis; per dagdeel 4 staff
    hours for 7 jeugdigen (Tabel 5) and EUR 6 kapitaal/hotel after overhead and risico. Tabel 16
    (l.3479) prints 40,67 and 34,64 (micro)."""
    t, tm = nob_trace.trace, nob_trace.trace_micro
    i, j = nob.product("41A22").index, nob.product("45B50").index
    assert t.hourly[i] == pytest.approx(t.hourly[j], rel=1e-12)
    assert t.unit_hours[i] == pytest.approx(4 / 7, rel=1e-15)
    assert t.fixed[i] == 6.0 and t.fixed_running[i, 0] == pytest.approx(t.hourly[j] * 4 / 7 + 6.0, rel=1e-12)
    assert t.cents[i] == 4067 and tm.cents[i] == 3464


def test_respijt_etmaal_adds_its_three_voorzieningen_one_by_one(nob, nob_trace):
    """§10.3: respijtzorg etmaal (43A11) = 13/7 h of the hourly + slaapwacht 13 + kapitaal 20 + hotel 22,50."""
    t, i = nob_trace.trace, nob.product("43A11").index
    personnel = t.hourly[i] * 13 / 7
    assert t.personnel[i] == pytest.approx(personnel, rel=1e-12)
    np.testing.assert_allclose(t.fixed_running[i], personnel + np.array([13.0, 33.0, 55.5]), rtol=1e-12)
    assert t.fixed[i] == 55.5


def test_the_trace_has_the_scenario_axis_too(nob):
    a = nob.arrays
    overhead = np.array([[0.25], [0.35], [0.40]])
    top = a.top * np.array([[0.95], [1.0], [1.05]])
    batch = m.compute(a.with_values(overhead=overhead, top=top), trace=True)
    for s in range(3):
        one = m.compute(a.with_values(overhead=overhead[s], top=top[s]), trace=True)
        for name in ("cao_salary", "level_salary", "functiemix", "monthly", "yearly", "loaded", "hourly",
                     "unit_hours", "personnel", "unrounded", "cents"):
            want = getattr(one.trace, name)       # amounts that do not vary keep no scenario axis
            np.testing.assert_allclose(np.broadcast_to(getattr(batch.trace, name), (3, *want.shape))[s], want,
                                       rtol=1e-14)
        for ob, oo in zip(batch.trace.opslagen, one.trace.opslagen, strict=True):
            np.testing.assert_allclose(ob.amount[s], oo.amount, rtol=1e-14)
        assert batch.trace.fixed_running.shape == (3, len(nob.model_products), 1)
