"""Properties of the model core, and equality with an independent per-product reference."""

import numpy as np
import pytest

from kostprijs.core import model as m


def reference_hourly(pset, code: str, micro: bool = False) -> float:
    """The chain written out with plain Python loops over the parameter models (independent of the
    vectorised core): Tabel 1 -> CAO average -> opslagen -> productive hours."""
    op, fm, cs = (pset.models[k] for k in ("opslagen", "functiemix", "cao_scales"))
    p = fm.products[code]
    tops = {}
    for cao_name, cao in cs.caos.items():
        table = max((t for t in cao.tables if t.since <= op.salary_date), key=lambda t: t.since)
        for scale, s in table.scales.items():
            tops[(cao_name, scale)] = s.top.value
    monthly = 0.0
    for level, share in p.functiemix.value.items():
        salaries = []
        for col in op.tabel1.columns.values():
            if col.cao not in p.caos.value or level not in col.cells:
                continue
            total = 0.0
            for ref, w in col.cells[level].items():
                cao, _, scale = ref.rpartition(":")
                total += w * tops[(cao or col.cao, scale)]
            salaries.append(total * op.tabel1.pct_hoogste_trede.value[level])
        monthly += share * sum(salaries) / len(salaries)
    o = op.opslagen
    overhead = o.overhead_micro.value if micro else o.overhead.value
    yearly = 12 * monthly * (1 + o.vakantiegeld.value + o.eindejaarsuitkering.value + op.ort[p.ort.value].value)
    yearly *= (1 + o.sociale_lasten.value) * (1 + overhead) * (1 + o.risico.value)
    return yearly / op.productiviteit[p.productiviteit.value].clientgebonden.value


def test_vectorised_core_equals_reference_for_every_product(nob):
    r = m.compute(nob.arrays)
    for p in nob.model_products:
        assert r.hourly[p.index] == pytest.approx(reference_hourly(nob, p.code), rel=1e-12)
        assert r.hourly_micro[p.index] == pytest.approx(reference_hourly(nob, p.code, micro=True), rel=1e-12)


def test_micro_differs_from_normal_only_by_overhead(nob):
    a = nob.arrays
    r = m.compute(a)
    ratio = (r.unrounded - a.fixed) / (r.unrounded_micro - a.fixed)
    # respijt etmaal has its own micro group size (seed inconsistency), compare per staff hour there
    per_unit = m.unit_hours(a.unit, a.staff, a.group, a.is_fte, a.hours, a.days)
    per_unit_micro = m.unit_hours(a.unit, a.staff, a.group_micro, a.is_fte, a.hours, a.days)
    ratio = ratio * per_unit_micro / per_unit
    assert np.allclose(ratio, (1 + a.overhead) / (1 + a.overhead_micro), rtol=1e-12)


def test_scaling_every_salary_scales_the_variable_part(nob):
    a = nob.arrays
    base = m.compute(a)
    scaled = m.compute(a.with_values(top=a.top * 1.07))
    assert np.allclose(scaled.unrounded - a.fixed, 1.07 * (base.unrounded - a.fixed), rtol=1e-12)


@pytest.mark.parametrize("field", ["vakantiegeld", "eindejaarsuitkering", "sociale_lasten", "overhead", "risico"])
def test_raising_an_opslag_never_lowers_a_tariff(nob, field):
    a = nob.arrays
    base = m.compute(a)
    up = m.compute(a.with_values(**{field: getattr(a, field) + 0.01}))
    assert np.all(up.unrounded > base.unrounded - 1e-12)
    assert np.all(up.cents >= base.cents)


def test_scenario_axis_equals_one_run_per_scenario(nob):
    a = nob.arrays
    rng = np.random.default_rng(7)
    overhead = rng.uniform(0.2, 0.45, size=(50, 1))
    hours_scale = rng.uniform(0.95, 1.05, size=(50, 1))
    batch = m.compute(a.with_values(overhead=overhead, hours=a.hours * hours_scale))
    for i in range(50):
        single = m.compute(a.with_values(overhead=overhead[i], hours=a.hours * hours_scale[i]))
        assert np.allclose(batch.unrounded[i], single.unrounded, rtol=1e-12)
        assert np.array_equal(batch.cents[i], single.cents)


def test_minute_tariff_is_the_first_cent_not_below_hourly_over_60(nob):
    a = nob.arrays
    r = m.compute(a)
    minute = a.unit == m.MINUUT
    per_minute = r.hourly[minute] / 60
    assert np.all(r.cents[minute] / 100 >= per_minute - 1e-9)
    assert np.all(r.cents[minute] / 100 - per_minute < 0.01)


def test_unit_hours_by_unit():
    unit = np.array([m.MINUUT, m.UUR, m.DAGDEEL, m.ETMAAL])
    h = m.unit_hours(unit, np.array([1, 1, 4, 0.5]), np.array([1, 1, 7, 1]),
                     np.array([False, False, False, True]), np.array([1278, 1278, 1278, 1298]), 365)
    assert h == pytest.approx([1 / 60, 1, 4 / 7, 0.5 * 1298 / 365])
