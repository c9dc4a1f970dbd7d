"""The table of parameter paths: for every numeric path, changing the value through the table (on the
compiled arrays, as sweeps and `implied` do) gives the same model as changing it in the files (--set:
override, validate, compile). A missing, wrong or partial entry shows up as a difference."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kostprijs.core import model as m
from kostprijs.core import sweep as sw
from kostprijs.errors import KostprijsError, ParamErrors
from kostprijs.parameters import slots as sl
from kostprijs.parameters.compile import build, load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.overrides import Override, apply

REGIONS = ["nob-2021", "midden-limburg-2026"]


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _new_value(param) -> float:
    """A value other than the set's that the schema accepts (for the path and what moves along)."""
    v0 = param.value
    lo, hi, _ = param.domain
    for v in (v0 * 1.1, v0 * 0.9, v0 + 1.0, v0 - 1.0, (lo + min(hi, lo + 2.0)) / 2):
        if v != v0 and param.out_of_domain(v) is None:
            return v
    raise AssertionError(f"no other valid value for {param.path}")


def _overrides(values: dict[str, float]) -> tuple[Override, ...]:
    return tuple(Override(k, float(v), "test", f"--set {k}") for k, v in values.items())


def _with(pset, values: dict[str, float]):
    """``pset`` with the values set through its files: the --set path of :func:`load` (override the raw
    data, validate, compile), on the data already read."""
    changed, _ = apply(pset.raw, pset, _overrides(values))
    return build(pset.source, changed)


def _assert_same_arrays(got, want, path):
    for name in want.names:
        a, b = np.asarray(getattr(got, name)), np.asarray(getattr(want, name))
        assert a.shape == b.shape, (path, name)
        if b.dtype.kind in "fc":
            if not np.allclose(a, b, rtol=1e-13, atol=0):
                np.testing.assert_allclose(a, b, rtol=1e-13, atol=0, err_msg=f"{path}: {name}")
        elif not np.array_equal(a, b):
            np.testing.assert_array_equal(a, b, err_msg=f"{path}: {name}")


@pytest.fixture(scope="module", params=REGIONS)
def pset(request):
    return load(resolve(request.param, None))


def test_params_lists_exactly_the_table(run, pset):
    code, out, err = run("params", "--region", pset.source.name, "--format", "json")
    assert code == 0, err
    listed = [row["path"] for row in json.loads(out)]
    assert listed == [p.path for p in pset.paths]
    assert len(set(listed)) == len(listed)


def _check_variable(pset, param):
    v = _new_value(param)
    recompiled = _with(pset, param.overrides(v))
    # the table's transform on the compiled arrays = override + validate + compile
    _assert_same_arrays(param.apply(pset.arrays, v), recompiled.arrays, param.path)
    # implied --solve: the direction is the change per unit of the value
    for name, d in (param.direction(pset.arrays) if param.relative else {}).items():
        np.testing.assert_allclose(np.asarray(getattr(pset.arrays, name)) + d * (v - param.value),
                                   getattr(recompiled.arrays, name), rtol=1e-12, atol=1e-12,
                                   err_msg=f"{param.path}: direction of {name}")
    # --vary: the sweep's targets give the recompiled tariffs
    plan = sw.make_plan(pset.arrays, [sl.slot(pset, param.path).targets])
    unrounded, cents = sw.sweep(plan, np.array([[v]]))
    r = m.compute(recompiled.arrays)
    np.testing.assert_allclose(unrounded[0], r.unrounded[plan.products], rtol=1e-12, err_msg=param.path)
    np.testing.assert_array_equal(cents[0], r.cents[plan.products], err_msg=param.path)
    if param.companions and all(c.coef is not None for c in param.companions):
        # hours: the path on its own (companions left as they are) is accepted and gives the same model
        _assert_same_arrays(param.apply(pset.arrays, v), _with(pset, {param.path: v}).arrays, param.path)


def _check_fixed(pset, param):
    """A numeric path the table says cannot vary: setting it moves nothing (or the set refuses it)."""
    v = round(_new_value(param), 2)           # whole cents, should it be money (a fixed tariff)
    try:
        changed = _with(pset, {param.path: v})
    except ParamErrors:
        assert param.feeds, f"{param.path}: refused, but it feeds nothing"
        return
    _assert_same_arrays(changed.arrays, pset.arrays, param.path)


def test_every_numeric_path_through_the_table_equals_set(pset):
    numeric = [p for p in pset.paths if _number(p.record.value)]
    assert len(numeric) > 100
    for param in numeric:
        if param.variable:
            _check_variable(pset, param)
        else:
            _check_fixed(pset, param)


def test_hours_after_an_overridden_component(nob):
    """Once bruto is overridden the components fill the hours and the printed total only moves them:
    the same property on that set, for every path of the column."""
    changed = _with(nob, {"productiviteit.ambulant_jo_ghz.bruto": 1900})
    col = [p for p in changed.paths if p.path.startswith("productiviteit.ambulant_jo_ghz.")]
    total = changed.paths.get("productiviteit.ambulant_jo_ghz.clientgebonden")
    assert not total.fills and changed.paths.get("productiviteit.ambulant_jo_ghz.bruto").fills
    # 1900 - (50 + 225 + 115 + 80 + 80 + 50) = 1300 hours (Tabel 4 components, seed 004 l.2277-2293)
    users = [f.index[0] for f in total.feeds]
    assert users and np.all(changed.arrays.hours[users] == 1300)
    for param in col:
        _check_variable(changed, param)
    from kostprijs.analysis.implied import probe

    with pytest.raises(KostprijsError, match="the model does not use its value"):
        probe(changed, total.path)
    assert probe(changed, "productiviteit.ambulant_jo_ghz.bruto").direction["hours"][users[0]] == 1.0


def test_a_path_that_cannot_vary_says_why_in_one_line(nob):
    for param in nob.paths:
        if param.why is not None:
            assert "\n" not in param.why
            with pytest.raises(KostprijsError, match=r"^--vary \S+: cannot be varied: "):
                sl.slot(nob, param.path)
    assert "not a number" in nob.paths.get("products.45B50.caos").why
    assert "not computed by the model" in nob.paths.get("products.41B16.tariff").why


def test_unknown_paths_get_a_suggestion(nob):
    assert nob.paths.hint("opslagen.overhed") == "; did you mean opslagen.overhead?"
    with pytest.raises(KostprijsError, match=r"^--solve x: unknown parameter path"):
        nob.paths.lookup("zzz.qqq", "--solve x")
    # an override may add a functiemix level the product does not use yet
    rec, loc = nob.paths.locate("products.45B50.functiemix.WO")
    assert rec.file == "functiemix" and loc == ("products", "45B50", "functiemix", "value", "WO")
    assert nob.paths.locate("products.45B50.functiemix.NOPE") is None


def test_overrides_leave_the_data_as_read(nob):
    """--set writes into copies: the set it started from (a baseline compare and explain reuse) keeps
    its values, also for a functiemix level the product did not use."""
    import copy

    before = copy.deepcopy(nob.raw.data)
    changed = _with(nob, {"opslagen.overhead": 0.30, "products.45B50.functiemix.MBO4": 0.8,
                          "products.45B50.functiemix.WO": 0.1})
    assert nob.raw.data == before
    assert changed.paths.get("products.45B50.functiemix.WO").record.status == "override"
    assert changed.arrays.overhead[0] == 0.30 and nob.arrays.overhead[0] == 0.35
