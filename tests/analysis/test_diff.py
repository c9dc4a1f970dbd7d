"""`kostprijs diff`: the parameter diff and the Shapley attribution of each tariff change (issue 16).

Properties over random pairs of parameter sets (hypothesis): both sides are nob-2021 with random
overrides of random numeric paths, compiled by the library. The expected figures elsewhere come from
the loader and the model run on the sets themselves, never from the attribution code.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kostprijs.analysis import diff as d
from kostprijs.core import model as m
from kostprijs.errors import KostprijsError
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.overrides import Override, parse_set

EXAMPLES = int(30 * float(os.environ.get("KOSTPRIJS_FUZZ_SCALE", "1")))
PROPS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
SOURCE = resolve("nob-2021", None)
BASE = load(SOURCE)
#: every numeric path that feeds the model and may vary
POOL = [p.path for p in BASE.paths if p.variable and p.feeds]
MODEL_CODES = [p.code for p in BASE.model_products]


def tol(t) -> float:
    return 1e-9 * max(1.0, abs(t.unrounded_a), abs(t.unrounded_b))


def overrides(pairs) -> tuple:
    return tuple(Override(path, value, "test", f"test {path}") for path, value in pairs)


@st.composite
def side(draw, max_changes=4, structural=True):
    """Overrides of 0..max_changes random paths, each to a value near its own, within its domain."""
    paths = draw(st.lists(st.sampled_from(POOL), max_size=max_changes, unique=True))
    out = []
    for path in paths:
        p = BASE.paths.get(path)
        value = p.value * (1 + draw(st.sampled_from([-1, 1])) * draw(st.floats(0.01, 0.2)))
        if p.domain[1] <= 1.0:                      # a share or fraction: stay inside (0, 1)
            value = min(value, 0.95)
        if p.out_of_domain(value) is not None or value == p.value:
            continue
        out += [(q, v) for q, v in p.overrides(value).items() if q not in dict(out)]   # companions along
    if structural and draw(st.booleans()):   # a structural change: a product names another ORT variant or column
        code = draw(st.sampled_from(MODEL_CODES))
        what = draw(st.sampled_from(["ort", "productiviteit"]))
        now = getattr(BASE.models["functiemix"].products[code], what).value
        names = [n for n in getattr(BASE.models["opslagen"], what) if n != now]
        out.append((f"products.{code}.{what}", draw(st.sampled_from(names))))
    return out


def load_or_reject(pairs):
    try:
        return load(SOURCE, overrides(pairs))
    except KostprijsError:
        assume(False)


@given(a=side(), b=side())
@PROPS
def test_parts_add_up_and_diff_b_a_negates(a, b):
    pa, pb = load_or_reject(a), load_or_reject(b)
    forward, backward = d.diff(pa, pb), d.diff(pb, pa)
    back = {(t.code, t.variant): t for t in backward.attributions}
    assert set(back) == {(t.code, t.variant) for t in forward.attributions}
    for t in forward.attributions:
        assert abs(sum(t.parts.values()) - t.delta_unrounded) <= tol(t)
        assert abs(sum(t.parts.values()) + t.rounding - t.delta) <= tol(t)
        r = back[(t.code, t.variant)]
        assert set(r.parts) == set(t.parts)
        for g, c in t.parts.items():
            assert abs(c + r.parts[g]) <= tol(t), g
        assert abs(t.rounding + r.rounding) <= tol(t)


@given(a=side(), b=side())
@PROPS
def test_unchanged_and_unrelated_parameters_have_no_share(a, b):
    pa, pb = load_or_reject(a), load_or_reject(b)
    same = [(path, BASE.paths.get(path).value) for path in POOL[:3]]   # "changed" to its own value
    pb = load_or_reject([*b, *((p, v) for p, v in same if p not in dict(b))])
    result = d.diff(pa, pb)
    changed = {c.path for c in result.changes}
    for path, _ in same:
        if path not in dict(a) and path not in dict(b):
            assert path not in changed and path not in result.groups
    specs = BASE.models["functiemix"].products

    def uses(code, path):
        """The product's functiemix-weighted salary has a weight on that scale (in A or in B)."""
        _, cao, scale, _ = path.split(".")
        out = False
        for pset in (pa, pb):
            a = pset.arrays
            w = m.mix_weights(a.mix, m.level_weights(a.cao_mask, a.has_level, a.tabel1, a.pct))
            out |= bool(w[pset.product(code).index, pset.scales.index(f"{cao}:{scale}")] != 0)
        return out

    for t in result.attributions:
        spec = specs[t.code]
        if spec.basis != "model":
            continue
        # what the product uses in A or in B (an override may switch its ORT variant or hours column)
        both = [pset.models["functiemix"].products[t.code] for pset in (pa, pb)]
        orts = {f"ort.{s.ort.value}" for s in both if s.ort is not None}
        hours = {f"productiviteit.{s.productiviteit.value}" for s in both if s.productiviteit is not None}
        fixed = {v for s in both if s.fixed for v in s.fixed.value}
        unrelated = [g for g in t.parts if
                     (g.startswith("ort.") and g not in orts)
                     or (g.startswith("productiviteit.") and g not in hours)
                     or (g.startswith("products.") and not g.startswith(f"products.{t.code}."))
                     or (g.startswith("voorzieningen.") and g.split(".")[1] not in fixed)
                     or (g.startswith("caos.") and g.count(".") == 3 and not uses(t.code, g))
                     or (g == "opslagen.overhead" and t.variant == "micro")
                     or (g == "opslagen.overhead_micro" and t.variant == "normal")]
        for g in unrelated:
            assert abs(t.parts[g]) <= 1e-12 * abs(t.unrounded_a), (t.code, g)


@given(change=side(max_changes=1, structural=False))
@PROPS
def test_a_single_change_takes_the_whole_change(change):
    assume(change)
    pb = load_or_reject(change)
    result = d.diff(BASE, pb)
    assert len(result.groups) == 1
    (group,) = result.groups
    for t in result.attributions:
        assert abs(t.parts[group] - t.delta_unrounded) <= tol(t)


# --- fixed cases, against the model run on the sets themselves ------------------------------------

OVERHEAD = "opslagen.overhead=0.30"
HOURS = "productiviteit.ambulant_jo_ghz.clientgebonden=1300"


def tariffs(*sets):
    pset = load(SOURCE, tuple(parse_set(s) for s in sets))
    r = m.compute(pset.arrays)
    return {p.code: (float(r.unrounded[p.index]), float(r.unrounded_micro[p.index])) for p in pset.model_products}


def test_two_changes_split_as_the_average_of_both_orders():
    """Shapley for two groups is the mean of the two orders of substitution: computed here by loading
    the four sets (A, only overhead, only hours, both) and running the model on each."""
    base, oh, hours, both = tariffs(), tariffs(OVERHEAD), tariffs(HOURS), tariffs(OVERHEAD, HOURS)
    result = d.diff(BASE, load(SOURCE, (parse_set(OVERHEAD), parse_set(HOURS))))
    assert set(result.groups) == {"opslagen.overhead", "productiviteit.ambulant_jo_ghz"}
    for t in result.attributions:
        if t.variant != "normal" or t.code not in base:
            continue
        f = {k: v[t.code][0] for k, v in (("a", base), ("oh", oh), ("h", hours), ("both", both))}
        expected = ((f["oh"] - f["a"]) + (f["both"] - f["h"])) / 2
        assert t.parts["opslagen.overhead"] == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert t.unrounded_b == pytest.approx(f["both"], rel=1e-12)
    by = {(t.code, t.variant): t for t in result.attributions}
    # 43A36 (verblijf, FTE-based, productiviteit intramuraal) does not use the ambulant column
    assert by[("43A36", "normal")].parts["productiviteit.ambulant_jo_ghz"] == 0.0
    # the micro tariff has its own overhead (11,5%): 35% -> 30% does not touch it
    assert by[("45B50", "micro")].parts["opslagen.overhead"] == 0.0
    # 45B50 as published (Tabel 16 l.3475: EUR 1,02 per minuut)
    assert by[("45B50", "normal")].tariff_a == 1.02


def test_a_functiemix_row_is_one_group_and_reaches_only_its_product():
    pb = load(SOURCE, (parse_set("products.45B50.functiemix.MBO4=0.8"), parse_set("products.45B50.functiemix.WO=0.1")))
    result = d.diff(BASE, pb)
    assert result.groups == ["products.45B50.functiemix"]
    changed = {c.path for c in result.changes}
    assert {"products.45B50.functiemix.MBO4", "products.45B50.functiemix.WO"} <= changed
    for t in result.attributions:
        assert t.parts["products.45B50.functiemix"] == (pytest.approx(t.delta_unrounded, rel=1e-12)
                                                         if t.code == "45B50" else 0.0)


def test_a_product_naming_another_ort_variant_is_a_structural_group():
    spec = BASE.models["functiemix"].products["45B50"]
    other = next(v for v in BASE.models["opslagen"].ort if v != spec.ort.value
                 and BASE.models["opslagen"].ort[v].value != BASE.models["opslagen"].ort[spec.ort.value].value)
    result = d.diff(BASE, load(SOURCE, (parse_set(f"products.45B50.ort={other}"),)))
    assert result.groups == ["products.45B50.ort"]
    t = next(t for t in result.attributions if t.code == "45B50" and t.variant == "normal")
    assert t.parts["products.45B50.ort"] == pytest.approx(t.delta_unrounded, rel=1e-12) != 0


def test_products_in_one_set_only_are_listed_not_attributed():
    ml = load(resolve("midden-limburg-2026", None))
    result = d.diff(BASE, ml)
    kinds = {p.code: p.kind for p in result.products}
    assert kinds["45B50"] == "removed"
    assert any(k == "added" for k in kinds.values())
    attributed = {t.code for t in result.attributions}
    assert not attributed & set(kinds)
    assert not any(c.path.startswith("products.45B50.") for c in result.changes)


def test_more_than_sixteen_groups_fall_back_to_the_cost_elements():
    tops = [p for p in POOL if p.startswith("caos.") and p.endswith(".top")][:17]
    assert len(tops) == 17
    pb = load(SOURCE, overrides((p, BASE.paths.get(p).value + 10.0) for p in tops))
    result = d.diff(BASE, pb)
    assert result.group_by == "element" and result.notes and "17" in result.notes[0]
    assert result.groups == ["a. beroepskrachten"]
    for t in result.attributions:
        assert t.parts["a. beroepskrachten"] == pytest.approx(t.delta_unrounded, rel=1e-9, abs=1e-12)


def test_group_by_element_and_file():
    pb = load(SOURCE, (parse_set(OVERHEAD), parse_set(HOURS), parse_set("voorzieningen.hotel=40")))
    by_element = d.diff(BASE, pb, group_by="element")
    assert by_element.groups == ["a. beroepskrachten", "b. andere cliëntgebonden kosten", "c. overhead"]
    by_file = d.diff(BASE, pb, group_by="file")
    assert by_file.groups == ["opslagen"]
    per_param = {(t.code, t.variant): t for t in d.diff(BASE, pb).attributions}
    for t in by_element.attributions:
        p = per_param[(t.code, t.variant)]
        assert t.parts["c. overhead"] == pytest.approx(p.parts["opslagen.overhead"], rel=1e-9, abs=1e-12)


def test_shapley_weights_sum_to_one_over_the_coalition_sizes():
    for k in (1, 2, 5, 16):
        w = d.shapley_weights(k)
        assert sum(w[s] * math.comb(k - 1, s) for s in range(k)) == pytest.approx(1.0, rel=1e-14)


def test_salary_roll_forward_is_one_group_per_cao_and_adds_up():
    """B = the same set with its CAO tables rolled to 2026: the change is the CAOs' and the rounding's."""
    pb = d.load_side("nob-2021", (), d.parse_date("2026-01-01", "--salary-date-b"))
    result = d.diff(BASE, pb)
    assert result.groups and all(g.startswith("caos.") for g in result.groups)
    for t in result.attributions:
        if t.model:
            assert sum(t.parts.values()) == pytest.approx(t.unrounded_b - t.unrounded_a, rel=1e-9, abs=1e-12)
    with pytest.raises(KostprijsError, match="expected a date"):
        d.parse_date("1-1-2026", "--salary-date-b")


def test_a_changed_fixed_tariff_is_wholly_its_tariff_path():
    pb = load(SOURCE, (parse_set("products.43A09.tariff=150.00"),))
    result = d.diff(BASE, pb)
    assert result.groups == ["products.43A09.tariff"]
    by = {t.code: t for t in result.attributions if t.variant == "normal"}
    # Tabel 8 l.2755: pleegzorg voltijd EUR 43,33 per etmaal
    assert by["43A09"].tariff_a == 43.33 and by["43A09"].delta == 106.67
    assert by["43A09"].parts["products.43A09.tariff"] == pytest.approx(106.67, abs=1e-9)
    assert all(t.parts["products.43A09.tariff"] == 0 for c, t in by.items() if c != "43A09")


def test_another_cao_table_in_force_is_one_group_per_cao(params_copy):
    """B's CAO Jeugdzorg has another table in force (another date, 3% higher, one scale more): its top
    steps are one group caos.jeugdzorg, the new scale a path only B has; the parts still add up."""
    import datetime as dt

    import yaml

    f = params_copy / "cao_scales.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    table = data["caos"]["jeugdzorg"]["tables"][0]
    table["since"] = dt.date(2020, 7, 1)
    for scale in table["scales"].values():
        scale["top"]["value"] = round(scale["top"]["value"] * 1.03, 2)
    table["scales"]["13"] = yaml.safe_load(yaml.safe_dump(table["scales"]["12"]))
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pb = load(resolve(None, params_copy))
    result = d.diff(BASE, pb)
    assert result.groups == ["caos.jeugdzorg"]
    kinds = {c.path: c.kind for c in result.changes if c.path.endswith(".top")}
    assert kinds["caos.jeugdzorg.13.top"] == "only_b" and kinds["caos.jeugdzorg.12.top"] == "changed"
    for t in result.attributions:
        assert abs(t.parts["caos.jeugdzorg"] - t.delta_unrounded) <= tol(t)
    assert any(t.parts["caos.jeugdzorg"] > 0 for t in result.attributions)


def test_shapley_equals_the_mean_over_every_order_of_substitution():
    """Against the definition: the mean, over all k! orders, of each group's marginal change."""
    import itertools

    import numpy as np

    rng = np.random.default_rng(7)
    k, products = 4, 3
    coef = rng.uniform(0.5, 2.0, (k, products))

    def v(members):     # a nonlinear function of the groups in the coalition
        x = np.ones(products)
        for g in members:
            x = x * coef[g] + g
        return x

    values = np.array([v([g for g in range(k) if mask >> g & 1]) for mask in range(1 << k)])
    expected = np.zeros((k, products))
    orders = list(itertools.permutations(range(k)))
    for order in orders:
        for n, g in enumerate(order):
            before = sorted(order[:n])
            expected[g] += v(sorted([*before, g])) - v(before)
    expected /= len(orders)
    assert np.allclose(d.shapley(values), expected, rtol=1e-12, atol=1e-12)
