"""Sensitivity sweeps: the vectorised batch equals the single-scenario path; tornado and Monte Carlo."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kostprijs.core import model as m
from kostprijs.core import sweep as sw
from kostprijs.errors import KostprijsError
from kostprijs.parameters import slots as sl
from kostprijs.parameters.compile import load
from kostprijs.parameters.overrides import Override

# every kind of slot: opslagen, ORT, hours (set / bruto / aftrek), voorzieningen, kalender, pct,
# top steps (glob, relative and absolute), functiemix share, staffing, group sizes
SPEC_SETS = [
    list(sl.DEFAULT_VARY),
    ["opslagen.overhead=25%:35%:40%", "opslagen.risico=0:5%", "opslagen.vakantiegeld=7%:9%",
     "ort.verblijf=10%:15%", "ort.wakende_wacht=±10%", "voorzieningen.hotel=10:30", "voorzieningen.kapitaal*=x0.9:x1.1",
     "caos.jeugdzorg.*.top=±5%", "caos.ggz.FWG35.top=3000:4000"],
    ["productiviteit.intramuraal.aftrek.overig=0:40", "productiviteit.ambulant_ggz.bruto=±50",
     "productiviteit.sggz_1.clientgebonden=1100:1300", "products.43A10.staffing.group_size=3:6",
     "products.43A11.staffing.group_size_micro=5:9", "products.41A18.staffing.hours=x0.8:x1.2",
     "products.44A27.staffing.fte_per_jeugdige=0.25:0.4", "opslagen.overhead_micro=10%:15%"],
    ["products.45B50.functiemix.MBO4=50%:95%", "products.43B38.functiemix.HBO=0.2:0.6",
     "tabel1.pct_hoogste_trede.HBO=0.9:1", "caos.*.*.top=±5%", "opslagen.sociale_lasten=28%:36%"],
]


def _varies(pset, specs):
    varies = [sl.parse_vary(pset, s) for s in specs]
    sl.check_conflicts(varies)
    return varies


@pytest.mark.parametrize("micro", [False, True])
@pytest.mark.parametrize("specs", SPEC_SETS, ids=["default", "opslagen", "hours-staffing", "levels"])
def test_sweep_equals_single_scenario_path(nob, specs, micro):
    """Random scenarios through the batch equal the same scenarios as --set overrides through the
    full load -> validate -> compile -> compute path (1e-9 relative; the same cents)."""
    varies = _varies(nob, specs)
    plan = sw.make_plan(nob.arrays, [v.targets() for v in varies], micro=micro)
    cols = plan.products
    rng = np.random.default_rng(20210101)
    low, high = np.array([v.low for v in varies]), np.array([v.high for v in varies])
    x = sw.draw(rng.random((12, len(varies))), low, high)
    x[0] = low
    x[1] = high
    x[2, ::2] = np.nan                                      # NaN = that column at its baseline
    unrounded, cents = sw.sweep(plan, x, chunk=5)           # several chunks, one of them partial
    for i in range(len(x)):
        overrides = sl.scenario_overrides(varies, x[i])
        single = load(nob.source, tuple(Override(k, float(v), "test", f"--set {k}") for k, v in overrides.items()))
        r = m.compute(single.arrays)
        want_u = (r.unrounded_micro if micro else r.unrounded)[cols]
        want_c = (r.cents_micro if micro else r.cents)[cols]
        np.testing.assert_allclose(unrounded[i], want_u, rtol=1e-9, atol=0)
        np.testing.assert_array_equal(cents[i], want_c)
        # and the in-process single-scenario path used by the benchmark's loop
        one = m.compute(sw.scenario_arrays(plan, x[i]))
        np.testing.assert_allclose((one.unrounded_micro if micro else one.unrounded), unrounded[i], rtol=1e-9)


def test_baseline_row_is_the_tariff_list(nob):
    varies = _varies(nob, sl.DEFAULT_VARY)
    plan = sw.make_plan(nob.arrays, [v.targets() for v in varies])
    _, cents = sw.evaluate(plan, sw.one_at_a_time([v.low for v in varies], [v.high for v in varies]))
    np.testing.assert_array_equal(cents[0], m.compute(nob.arrays).cents[plan.products])


def test_chunk_size_does_not_change_a_seeded_run(nob):
    varies = _varies(nob, sl.DEFAULT_VARY)
    plan = sw.make_plan(nob.arrays, [v.targets() for v in varies])
    low, high = [v.low for v in varies], [v.high for v in varies]
    a = sw.monte_carlo(plan, np.random.default_rng(7), 5000, low, high, chunk=333)
    b = sw.monte_carlo(plan, np.random.default_rng(7), 5000, low, high)
    np.testing.assert_array_equal(a.percentiles([5, 50, 95]), b.percentiles([5, 50, 95]))
    np.testing.assert_array_equal(a.mean(), b.mean())


@pytest.mark.parametrize("max_bins", [sw.MAX_BINS, 10])
def test_cent_statistics_are_exact(nob, monkeypatch, max_bins):
    """Histogram statistics equal numpy's on all values (also after falling back to keeping values)."""
    monkeypatch.setattr(sw, "MAX_BINS", max_bins)
    varies = _varies(nob, [*sl.DEFAULT_VARY, "products.43A10.staffing.group_size=2:8"])
    plan = sw.make_plan(nob.arrays, [v.targets() for v in varies])
    low, high = np.array([v.low for v in varies]), np.array([v.high for v in varies])
    stats = sw.monte_carlo(plan, np.random.default_rng(3), 4000, low, high, chunk=250)
    _, cents = sw.sweep(plan, sw.draw(np.random.default_rng(3).random((4000, len(varies))), low, high))
    qs = [1, 5, 50, 95, 99]
    np.testing.assert_array_equal(stats.percentiles(qs), np.percentile(cents, qs, axis=0, method="inverted_cdf"))
    np.testing.assert_allclose(stats.mean(), cents.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(stats.std(), cents.std(axis=0), rtol=1e-9)
    np.testing.assert_array_equal(stats.vmin, cents.min(axis=0))


def test_triangular_draws_stay_in_range_with_the_right_mean():
    u = np.random.default_rng(0).random((200_000, 2))
    x = sw.draw(u, [0.25, 1.0], [0.40, 2.0], [0.35, np.nan])
    assert x[:, 0].min() >= 0.25 and x[:, 0].max() <= 0.40
    assert abs(x[:, 0].mean() - (0.25 + 0.35 + 0.40) / 3) < 1e-3
    assert abs(x[:, 1].mean() - 1.5) < 1e-2


def _tornado(run, *args):
    code, out, err = run("sensitivity", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_tornado_ranks_by_effect(run):
    data = _tornado(run, "-p", "45B50", "-p", "44A27", "--vary", "opslagen.overhead=25%:40%",
                    "--vary", "opslagen.risico=1.9%:2.1%", "--vary", "productiviteit.*.clientgebonden=±5%")
    by = {p["code"]: p for p in data["products"]}
    minute = by["45B50"]["effects"]
    assert [e["rank"] for e in minute] == [1, 2, 3]
    assert minute[0]["parameter"] == "opslagen.overhead"
    assert minute[-1]["parameter"] == "opslagen.risico"
    swings = [e["swing"] for e in minute]
    assert swings == sorted(swings, reverse=True)
    overhead = minute[0]
    assert overhead["tariff_low"] < by["45B50"]["baseline"] < overhead["tariff_high"]
    hours = next(e for e in minute if e["parameter"].startswith("productiviteit"))
    assert hours["tariff_low"] > hours["tariff_high"]          # more productive hours, cheaper minute
    # an FTE-based etmaal tariff does not depend on productive hours (FTE x hours / days / hours)
    etmaal = {e["parameter"]: e for e in by["44A27"]["effects"]}
    assert etmaal["productiviteit.*.clientgebonden"]["swing"] == 0
    assert by["44A27"]["effects"][-1]["parameter"] == "productiviteit.*.clientgebonden"


def test_default_ranges_without_vary(run):
    data = _tornado(run, "-p", "45B50")
    assert [p["name"] for p in data["parameters"]] == [v.split("=")[0] for v in sl.DEFAULT_VARY]
    tops = next(p for p in data["parameters"] if p["name"] == "caos.*.*.top")
    assert len(tops["paths"]) > 10 and tops["low"] == pytest.approx(0.95)


def test_monte_carlo_is_reproducible_with_seed(run):
    args = ("sensitivity", "--samples", "3000", "--format", "json", "-p", "45B50", "-p", "43A11")
    a, b, c = run(*args, "--seed", "11"), run(*args, "--seed", "11"), run(*args, "--seed", "12")
    assert a[0] == b[0] == c[0] == 0
    assert a[1] == b[1]
    assert a[1] != c[1]
    data = json.loads(a[1])
    assert data["seed"] == 11 and data["samples"] == 3000
    for p in data["products"]:
        assert p["min"] <= p["p5"] <= p["p50"] <= p["p95"] <= p["max"]


def test_monte_carlo_without_seed_reports_the_seed_it_used(run):
    code, out, _ = run("sensitivity", "--samples", "500", "--format", "json", "-p", "45B50")
    seed = json.loads(out)["seed"]
    again = run("sensitivity", "--samples", "500", "--format", "json", "-p", "45B50", "--seed", str(seed))[1]
    assert code == 0 and json.loads(again)["products"] == json.loads(out)["products"]


def test_csv_and_output_file(run, tmp_path):
    target = tmp_path / "mc.csv"
    code, out, err = run("sensitivity", "--samples", "200", "--seed", "1", "--format", "csv",
                         "--csv-profile", "intl", "-p", "45B50", "--output", str(target))
    assert code == 0, err
    assert out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:4] == ["code", "product", "unit", "variant"]
    assert lines[1].startswith("45B50,")


def test_vary_file_with_sources(run, tmp_path):
    f = tmp_path / "ranges.yaml"
    f.write_text('vary:\n  - path: opslagen.overhead\n    range: "25%:35%:40%"\n    source: "cost study X, p. 3"\n',
                 encoding="utf-8")
    data = _tornado(run, "-p", "45B50", "--vary-file", str(f))
    assert data["parameters"][0]["source"] == "cost study X, p. 3"
    assert data["parameters"][0]["mode"] == pytest.approx(0.35)


def test_table_output(run):
    code, out, _ = run("sensitivity", "-p", "45B50")
    assert code == 0 and "opslagen.overhead" in out and "45B50" in out
    code, out, _ = run("sensitivity", "-p", "45B50", "--samples", "100", "--seed", "1")
    assert code == 0 and "P95" in out and "startwaarde 1" in out   # Dutch by default


@pytest.mark.parametrize("args, fragment", [
    (["--vary", "opslagen.overhed=25%:40%"], "did you mean opslagen.overhead"),
    (["--vary", "opslagen.overhead=40%:25%"], "above high"),
    (["--vary", "opslagen.overhead"], "expected PATH=LOW:HIGH"),
    (["--vary", "opslagen.overhead=a:b"], "not a number"),
    (["--vary", "opslagen.overhead=x0.9:0.4"], "mix of factors"),
    (["--vary", "opslagen.sociale_lasten=±500%"], "must be >= 0"),
    # the bounds are the schema's (ClientHours: 1..8784 h/year): a sweep never computes a value --set refuses
    (["--vary", "productiviteit.*.clientgebonden=0:1000"], "must be >= 1 and <= 8784"),
    (["--vary", "opslagen.overhead=x0.5:x3"], "opslagen.overhead = 1.05, but it must be >= 0 and <= 1"),
    (["--vary", "productiviteit.ambulant_jo_ghz.bruto=500:1878"], "ambulant_jo_ghz.clientgebonden = -100"),
    (["--vary", "products.41B16.tariff=1:2"], "not computed by the model"),
    (["--vary", "products.45B50.caos=1:2"], "not a number"),
    (["--vary", "kalender.uren_per_dagdeel=3:5"], "does not enter the tariffs"),
    (["--vary", "caos.ggz.FWG65.checks.top_2021=1:2"], "only caos.<cao>.<scale>.top"),
    (["--vary", "nothing.*=1:2"], "matches no parameter"),
    (["--vary", "caos.*.*.top=±5%", "--vary", "caos.ggz.FWG35.top=1:2"], "also varied by caos.*.*.top"),
    (["--vary", "productiviteit.intramuraal.clientgebonden=1200:1300",
      "--vary", "productiviteit.intramuraal.aftrek.overig=0:40"], "feeds the same model value"),
    (["--vary", "opslagen.overhead=25%:40%", "--vary", "opslagen.overhead=30%:40%"], "given twice"),
    (["--vary", "voorzieningen.hotel=10:30", "--vary", "voorzieningen.*=±10%"], "also varied by"),
    (["--product", "41B16"], "not computed by the model"),
    (["--product", "NOPE"], "unknown product"),
    (["--seed", "3"], "--seed needs --samples"),
])
def test_bad_input_is_one_line_exit_2(run, args, fragment):
    code, out, err = run("sensitivity", *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("kostprijs: error: ") and fragment in err
    assert "Traceback" not in err


def test_samples_must_be_positive(run):
    code, _, err = run("sensitivity", "--samples", "0")
    assert code == 2 and "Traceback" not in err


def test_unknown_path_error_names_the_path(nob):
    with pytest.raises(KostprijsError, match=r"^--vary opslagen\.bogus=1:2: unknown parameter path"):
        sl.parse_vary(nob, "opslagen.bogus=1:2")


def test_percent_and_factor_ranges(nob):
    v = sl.parse_vary(nob, "opslagen.overhead=25%:40%")
    assert (v.kind, v.low, v.high) == ("absolute", 0.25, 0.40)
    v = sl.parse_vary(nob, "caos.*.*.top=±5%")
    assert v.kind == "relative" and v.low == pytest.approx(0.95) and v.high == pytest.approx(1.05)
    v = sl.parse_vary(nob, "kalender.dagen_per_jaar=+-1")
    assert (v.kind, v.low, v.high) == ("offset", -1.0, 1.0)
