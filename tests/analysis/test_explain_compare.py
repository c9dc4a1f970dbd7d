"""explain ends on the compute tariff; overrides; the scenario axis equals one run per scenario."""

import json
from pathlib import Path

import numpy as np
import pytest

from kostprijs.analysis.compare import compare, stack
from kostprijs.analysis.explain import explain
from kostprijs.core.model import compute
from kostprijs.errors import KostprijsError
from kostprijs.parameters.compile import load
from kostprijs.parameters.overrides import load_scenario, parse_set

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_explain_45B50_ends_on_the_compute_tariff(run):
    _, out, _ = run("explain", "45B50", "--format", "json")
    rows = json.loads(out)
    _, tariffs, _ = run("compute", "--format", "json")
    tariff = next(r for r in json.loads(tariffs) if r["code"] == "45B50")
    assert rows[-1]["amount"] == tariff["tariff"] == 1.02
    assert {r["element"] for r in rows} >= {"a. beroepskrachten (cliëntgebonden)", "c. overhead (en risico-opslag)",
                                            "a. beroepskrachten (niet-cliëntgebonden: productiviteit)",
                                            "d. indexering", "tarief"}
    provenance = {"kostprijs_version", "parameter_set", "fingerprint"}     # additive, on every output row
    assert all(set(r) == {"element", "step", "parameter", "value", "unit", "source", "amount", "amount_unit"}
               | provenance for r in rows)
    by_param = {r["parameter"]: r for r in rows if r["parameter"]}
    assert by_param["opslagen.overhead"]["value"] == 0.35 and "Tabel 3" in by_param["opslagen.overhead"]["source"]


def test_every_explanation_ends_on_compute(nob):
    r = compute(nob.arrays)
    for p in nob.model_products:
        assert explain(nob, p.code)[-1].amount == r.cents[p.index] / 100
        if p.micro:
            assert explain(nob, p.code, micro=True)[-1].amount == r.cents_micro[p.index] / 100


def test_every_explanation_of_other_sets_ends_on_compute():
    from kostprijs.parameters.load import resolve

    ml = load(resolve("midden-limburg-2026", None))
    r = compute(ml.arrays)
    for p in ml.model_products:
        assert explain(ml, p.code)[-1].amount == r.cents[p.index] / 100, p.code


def test_explain_tables_render(run):
    for args in (("45B50",), ("43A11", "--micro"), ("41A22",), ("44A30",), ("43A09",)):
        code, out, err = run("explain", *args)
        assert code == 0, err
        assert "tarief" in out


def test_explain_errors(run):
    assert run("explain", "99X99")[0] == 2
    code, _, err = run("explain", "50B01", "--micro")
    assert code == 2 and "no micro" in err
    code, _, err = run("explain", "46A01")
    assert code == 2 and "46A01" in err


def test_overhead_at_the_micro_rate_reproduces_the_micro_column(nob):
    micro = load(nob.source, (parse_set("opslagen.overhead=11.5%"),))
    base, alt = compute(nob.arrays), compute(micro.arrays)
    for p in nob.model_products:
        if p.micro:
            assert alt.cents[p.index] == base.cents_micro[p.index] or p.code == "43A11", p.code


@pytest.mark.parametrize(("arg", "message"), [
    ("opslagen.overhed=0.3", "did you mean opslagen.overhead"),
    ("opslagen.overhead=abc", "not a number"),
    ("opslagen.overhead=-5%", "greater than or equal to 0"),
    ("products.45B50.functiemix.HBO=0.2", "functiemix sums to 110%"),
    ("products.45B50.functiemix.XYZ=0.1", "unknown parameter path"),
    ("opslagen.overhead", "expected PATH=VALUE"),
    ("caos.ggz.FWG65.top=.nan", "finite"),
])
def test_bad_overrides_are_one_line(run, arg, message):
    code, out, err = run("compute", "--set", arg)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert message in err and (arg.split("=")[0] in err), err


def test_a_mix_can_move_to_a_new_level(nob):
    sets = ("products.45B50.functiemix.MBO4=0.8", "products.45B50.functiemix.WO=10%")
    p = load(nob.source, tuple(parse_set(s) for s in sets))
    shares = {r.path.rsplit(".", 1)[1]: r.value for r in p.records if r.path.startswith("products.45B50.functiemix.")}
    assert shares == {"MBO4": 0.8, "HBO": 0.1, "WO": 0.1}
    assert compute(p.arrays).hourly[p.product("45B50").index] > compute(nob.arrays).hourly[nob.product("45B50").index]


def test_override_of_a_component_moves_the_total(nob):
    p = load(nob.source, (parse_set("productiviteit.ambulant_jo_ghz.aftrek.overig=28"),))
    assert p.arrays.hours[p.product("45B50").index] == 1300


def test_scenario_files_load_with_sources():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        sc = load_scenario(path)
        assert sc.description and all(o.source for o in sc.overrides), path


def test_scenario_axis_equals_each_scenario_alone(nob):
    scenarios = [(load_scenario(p).name, load(nob.source, load_scenario(p).overrides))
                 for p in sorted(EXAMPLES.glob("*.yaml"))]
    assert len(scenarios) >= 4
    batch = compute(stack([nob.arrays] + [s.arrays for _, s in scenarios]))
    for n, (_, pset) in enumerate(scenarios, start=1):
        alone = compute(pset.arrays)
        assert np.allclose(batch.unrounded[n], alone.unrounded, rtol=1e-12)
        assert np.array_equal(batch.cents[n], alone.cents)
        assert np.array_equal(batch.cents_micro[n], alone.cents_micro)
    rows = compare(nob, scenarios)
    base = {r["code"]: r for r in rows if r["scenario"] == "baseline"}
    for r in rows:
        if r["scenario"] != "baseline" and r["delta"] is not None:
            assert r["delta"] == pytest.approx(r["tariff"] - base[r["code"]]["tariff"], abs=1e-9)


def test_compare_cli(run):
    code, out, _ = run("compare", "--scenario", str(EXAMPLES / "overhead-30.yaml"), "--set", "opslagen.risico=3%",
                       "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {"code", "scenario", "tariff", "tariff_micro", "delta", "delta_pct"} <= set(rows[0])
    assert {r["scenario"] for r in rows} == {"baseline", "overhead-30", "--set"}
    r = next(r for r in rows if r["code"] == "45B50" and r["scenario"] == "overhead-30")
    assert r["delta"] < 0 and r["delta_pct"] < 0
    code, out, _ = run("compare", "--scenario", str(EXAMPLES / "micro-overhead-35.yaml"))
    assert code == 0 and "micro-overhead-35" in out and "gemiddeld" in out


def test_compare_needs_a_scenario(run):
    code, _, err = run("compare")
    assert code == 2 and "--scenario" in err


def test_bad_scenario_file(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: y\noverrides:\n  - path: opslagen.overhead\n    value: 0.3\n")
    code, _, err = run("compute", "--scenario", str(bad))
    assert code == 2 and "bad.yaml" in err and "source" in err and err.count("\n") == 1


def test_compare_unknown_product_shape(nob):
    with pytest.raises(KostprijsError):
        compare(nob, [("x", type("P", (), {"products": [], "scales": nob.scales, "arrays": nob.arrays})())])


INDEX_ARGS = ("--ova", "2021=1.5", "--ova", "2022=3.3", "--materieel", "2021=1.3", "--materieel", "2022=9.25")


def test_explain_with_year_ends_on_the_index_tariff(run):
    _, out, _ = run("index", "--to", "2022", *INDEX_ARGS, "--format", "json")
    indexed = {(r["code"], r["year"]): r for r in json.loads(out)}
    for code, micro in (("45B50", False), ("45B50", True), ("41A22", False), ("44A27", False), ("43A11", True)):
        args = ("explain", code, "--year", "2022", *INDEX_ARGS, "--format", "json") + (("--micro",) if micro else ())
        code_, out, err = run(*args)
        assert code_ == 0, err
        rows = json.loads(out)
        years = [r for r in rows if r["element"] == "d. indexering"]
        assert [r["step"][:4] for r in years] == ["2021", "2022"]
        expected = indexed[(code, 2022)]["tariff_micro" if micro else "tariff"]
        assert rows[-1]["amount"] == expected, (code, micro)


def test_index_figures_need_a_year(run):
    code, _, err = run("explain", "45B50", "--ova", "2021=1.5")
    assert code == 2 and "--year" in err and err.count("\n") == 1
