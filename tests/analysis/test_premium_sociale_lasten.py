"""Sociale lasten from premiums (issue 15 point 3): ``opslagen.sociale_lasten_jaar`` takes the components of
a year of premies.yaml instead of the flat 32%.

The expected rates are recomputed here by hand from the 2026 figures as printed in params/premies.yaml
(docs/salaries-premiums-indices.md §5), written out below; only the yearly wage of a level is taken from
the compiled set (it is the model's Tabel 3 base, checked against the trace's level salary).
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from kostprijs.analysis import diff as d
from kostprijs.analysis.explain import explain
from kostprijs.core import model as m
from kostprijs.errors import KostprijsError
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.overrides import parse_set

SOURCE = resolve("nob-2021", None)
BASE = load(SOURCE)
DATE_2026 = dt.date(2026, 1, 1)
PREM_2026 = load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=2026"),), DATE_2026)

# premies.yaml, year 2026, as printed (percent; EUR/year)
PENSION_EMPLOYER, FRANCHISE, MAX_SALARY = 13.45, 17283, 137800        # PFZW OP/NP, Jeugdzorg split
WIA_EXCEDENT, WIA_FRANCHISE = 3.4, 79409                               # PFZW WIA-excedent, no maximum
AWF_LOW, AOF_HIGH, WHK, WKO, ZVW = 2.74, 7.63, 1.52, 0.50, 6.10        # awf share low 1.0, aof share low 0
MAX_PREMIUM_WAGE = 79409
OTHER = 4.0                                                            # seed 004 l.2190


def by_hand_2026(wage: float) -> float:
    pension = PENSION_EMPLOYER / 100 * max(min(wage, MAX_SALARY) - FRANCHISE, 0)
    wia = WIA_EXCEDENT / 100 * max(wage - WIA_FRANCHISE, 0)
    insured = (AWF_LOW + AOF_HIGH + WHK + WKO + ZVW) / 100 * min(wage, MAX_PREMIUM_WAGE)
    return (pension + wia + insured + OTHER / 100 * wage) / wage


def test_three_wages_by_hand():
    """Below the maximum premium wage, between it and the pension maximum, above both."""
    assert by_hand_2026(50_000) == pytest.approx((4400.4365 + 9245 + 2000) / 50_000, rel=1e-12)
    assert by_hand_2026(100_000) == pytest.approx((11125.4365 + 700.094 + 14682.7241 + 4000) / 100_000, rel=1e-12)
    assert by_hand_2026(150_000) == pytest.approx((16209.5365 + 2400.094 + 14682.7241 + 6000) / 150_000,
                                                  rel=1e-12)


@pytest.mark.parametrize("code", ["45B50", "43A36"])
def test_levels_of_a_product_by_hand(code):
    ps = PREM_2026
    i = ps.product(code).index
    f = ps.premiums.figures
    trace = m.compute(ps.arrays, trace=True).trace
    a = ps.arrays
    on_salary = float(a.vakantiegeld[0] + a.eindejaarsuitkering[0] + a.ort[i])
    used = [li for li in range(len(ps.levels)) if a.mix[i, li] > 0]
    assert len(used) >= 2
    weighted = total = 0.0
    for li in used:
        wage = 12 * float(trace.level_salary[i, li]) * (1 + on_salary)      # Tabel 3: the sociale lasten base
        assert f.wage[i, li] == pytest.approx(wage, rel=1e-12)
        assert f.level_rate[i, li] == pytest.approx(by_hand_2026(wage), rel=1e-12)
        weighted += a.mix[i, li] * wage * by_hand_2026(wage)
        total += a.mix[i, li] * wage
    assert a.sociale_lasten[i] == pytest.approx(weighted / total, rel=1e-12)
    # x (1 + the product's rate) on the functiemix cost = each level's own rate on its own salary
    after = trace.opslagen[3]
    assert after.field == "sociale_lasten"
    assert float(after.amount[i]) == pytest.approx(sum(a.mix[i, li] * 12 * float(trace.level_salary[i, li])
                                                       * (1 + on_salary) * (1 + by_hand_2026(
                                                           12 * float(trace.level_salary[i, li]) * (1 + on_salary)))
                                                       for li in used), rel=1e-12)


def test_nob_without_the_option_is_bit_identical():
    """The default (flat) is the 32% for every product, and the chain on a per-product array of it gives
    the very same floats as on the one scalar rate it had before."""
    a = BASE.arrays
    assert BASE.premiums is None and np.all(a.sociale_lasten == 0.32)
    before = m.compute(a.with_values(sociale_lasten=np.array([0.32])))
    now = m.compute(a)
    for name in ("hourly", "unrounded", "cents", "hourly_micro", "unrounded_micro", "cents_micro"):
        assert np.array_equal(getattr(now, name), getattr(before, name))
    flat = load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=flat"),))
    assert np.array_equal(m.compute(flat.arrays).cents, now.cents)


def test_explain_has_a_derived_row_per_component():
    rows = explain(PREM_2026, "45B50")
    comp = [r for r in rows if (r.parameter or "").startswith("premies.2026.")]
    names = {r.parameter.rsplit(".", 1)[1] for r in comp}
    assert names == set(PREM_2026.premiums.premiums.names)
    assert all("derived 2026" in r.source for r in comp)
    pension = [r.source.lower() for r in comp if r.parameter.endswith(".pension")]
    assert pension and all("pfzw" in s or "pggm" in s for s in pension)


def test_an_unknown_figure_stops_with_its_name():
    """2025's PFZW premium and franchise were not found (premies.yaml: unknown): a run on 2025 stops."""
    with pytest.raises(KostprijsError, match=r"years\[2025\]\.pension\.(employer|franchise): needed for 2025"):
        load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=2025"),))


def test_diff_shows_the_premium_change_next_to_the_cao_groups():
    pb = d.load_side("nob-2021", (parse_set("opslagen.sociale_lasten_jaar=2026"),),
                     d.parse_date("2026-01-01", "--salary-date-b"))
    result = d.diff(BASE, pb)
    assert "opslagen.sociale_lasten_jaar" in result.groups
    assert {g for g in result.groups if g != "opslagen.sociale_lasten_jaar"} <= {
        "caos.jeugdzorg", "caos.ggz", "caos.gehandicaptenzorg", "caos.ams"}
    for t in result.attributions:
        if t.model:
            assert sum(t.parts.values()) == pytest.approx(t.unrounded_b - t.unrounded_a, rel=1e-9, abs=1e-12)


def test_premiums_alone_are_one_group_worth_the_whole_change():
    """At A's own salaries, only the premium year differs: its group is the unrounded change itself,
    the effect of 32% -> the product's rate on the yearly cost."""
    pb = load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=2021"),))
    result = d.diff(BASE, pb)
    assert result.groups == ["opslagen.sociale_lasten_jaar"]
    ra, rb = m.compute(BASE.arrays), m.compute(pb.arrays)
    for t in result.attributions:
        if t.model and t.variant == "normal":
            i = BASE.product(t.code).index
            assert t.parts["opslagen.sociale_lasten_jaar"] == pytest.approx(rb.unrounded[i] - ra.unrounded[i],
                                                                           rel=1e-9, abs=1e-12)
            ratio = (1 + pb.arrays.sociale_lasten[i]) / 1.32
            assert rb.unrounded[i] - BASE.arrays.fixed[i] == pytest.approx(
                (ra.unrounded[i] - BASE.arrays.fixed[i]) * ratio, rel=1e-9)


def test_a_salary_that_moves_in_the_sweep_moves_the_rate_as_by_hand():
    """Issue 15: the sweep recomputes the premium-based rate when a salary moves (the franchise makes the
    rate depend on the salary). Jeugdzorg schaal 8 feeds both levels of 45B50 (MBO4 90%, HBO 10%): at
    +20% its levels' yearly wages rise, the pension part of the rate (13,45% x (1 - franchise / wage))
    with them, and the rate the scenario applies is the by-hand one on the moved wages."""
    from kostprijs.analysis.sensitivity import ranges, sensitivity
    from kostprijs.core import sweep as sw

    ps = PREM_2026
    i = ps.product("45B50").index
    varies = ranges(ps, ["caos.jeugdzorg.8.top=±20%"])
    plan = sw.make_plan(ps.arrays, [v.targets() for v in varies], [i], premiums=ps.premiums.premiums)
    top = float(ps.arrays.top[ps.scales.index("jeugdzorg:8")])
    moved = load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=2026"),
                          parse_set(f"caos.jeugdzorg.8.top={top * 1.2!r}")), DATE_2026)
    trace = m.compute(moved.arrays, trace=True).trace
    a = ps.arrays
    on_salary = float(a.vakantiegeld[0] + a.eindejaarsuitkering[0] + a.ort[i])
    weighted = total = 0.0
    for li in (ps.levels.index("MBO4"), ps.levels.index("HBO")):
        wage = 12 * float(trace.level_salary[i, li]) * (1 + on_salary)
        weighted += a.mix[i, li] * wage * by_hand_2026(wage)
        total += a.mix[i, li] * wage
    want = weighted / total
    assert want > a.sociale_lasten[i] + 1e-4                 # a higher salary: a higher rate (the franchise)
    scenario = sw.scenario_arrays(plan, [1.2])                 # a ±% range: the column is the factor
    assert scenario.sociale_lasten[0] == pytest.approx(want, rel=1e-12)
    _, cents = sw.sweep(plan, np.array([[1.2], [np.nan]]))
    assert cents[0, 0] == m.compute(moved.arrays).cents[i]
    assert cents[1, 0] == m.compute(ps.arrays).cents[i]       # NaN: the baseline, its own rate
    # the tornado the CLI shows has the same high end
    row = sensitivity(ps, varies, ["45B50"]).rows[0]
    assert round(row["tariff_high"] * 100) == cents[0, 0]


def test_the_sweep_of_a_premium_set_equals_the_single_scenario_path():
    """Random salary, functiemix, ORT, vakantiegeld and pct scenarios of the 2026 premium set through the batch
    give the same cents as the same scenarios as --set overrides through load -> compile (where
    with_premiums recomputes the rate)."""
    from kostprijs.core import sweep as sw
    from kostprijs.parameters import slots as sl
    from kostprijs.parameters.overrides import Override

    ps = PREM_2026
    specs = ["caos.*.*.top=±10%", "products.45B50.functiemix.MBO4=50%:95%", "ort.verblijf=10%:15%",
             "opslagen.vakantiegeld=7%:9%", "tabel1.pct_hoogste_trede.HBO=0.9:1",
             "products.43A36.functiemix.WO=0:20%"]
    varies = [sl.parse_vary(ps, s) for s in specs]
    plan = sw.make_plan(ps.arrays, [v.targets() for v in varies], premiums=ps.premiums.premiums)
    low, high = np.array([v.low for v in varies]), np.array([v.high for v in varies])
    x = sw.draw(np.random.default_rng(15).random((5, len(varies))), low, high)
    x[1, ::2] = np.nan
    unrounded, cents = sw.sweep(plan, x, chunk=2)
    for k in range(len(x)):
        over = sl.scenario_overrides(varies, x[k])
        single = load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=2026"),
                               *(Override(p, float(v), "test", f"--set {p}") for p, v in over.items())), DATE_2026)
        r = m.compute(single.arrays)
        np.testing.assert_allclose(unrounded[k], r.unrounded[plan.products], rtol=1e-9, atol=0)
        np.testing.assert_array_equal(cents[k], r.cents[plan.products])


# premies.yaml as printed, per year (percent; EUR/year): PFZW employer part (Jeugdzorg split), franchise,
# maximum pensionable salary, AP premium and its franchise; AWf low + Aof high + Whk + Wko + Zvw; maximum
# premium wage (docs/salaries-premiums-indices.md §5)
BY_YEAR = {
    2021: (13.0, 13111, 112189, 0.5, 21835, 2.70 + 7.03 + 1.36 + 0.50 + 7.00, 58311),
    2022: (13.4, 13343, 114866, 0.5, 22356, 2.70 + 7.05 + 1.52 + 0.50 + 6.75, 59706),
    2023: (13.4, 14714, 128810, 0.5, 25069, 2.64 + 7.11 + 1.53 + 0.50 + 6.68, 66956),
    2024: (13.4, 15816, 137800, 0.5, 26819, 2.64 + 7.54 + 1.22 + 0.50 + 6.57, 71628),
}


def by_hand(year: int):
    employer, franchise, max_salary, ap, ap_franchise, insured, max_wage = BY_YEAR[year]

    def rate(wage: float) -> float:
        pension = employer / 100 * max(min(wage, max_salary) - franchise, 0)
        disability = ap / 100 * max(wage - ap_franchise, 0)
        return (pension + disability + insured / 100 * min(wage, max_wage) + OTHER / 100 * wage) / wage
    return rate


def _rate_by_hand(pset, code: str, rate_of) -> float:
    i = pset.product(code).index
    a = pset.arrays
    level = m.compute(a, trace=True).trace.level_salary[i]
    on_salary = float(a.vakantiegeld[0] + a.eindejaarsuitkering[0] + a.ort[i])
    wages = [(float(a.mix[i, li]), 12 * float(level[li]) * (1 + on_salary)) for li in range(len(level))
             if a.mix[i, li] > 0]
    return sum(s * w * rate_of(w) for s, w in wages) / sum(s * w for s, w in wages)


def test_index_against_cao_takes_each_years_premiums(run):
    """Issue 15: with premiums, year Y of `index --against-cao` takes year Y's premiums on the tables of
    31-12-Y. 2021-2024 are complete in premies.yaml; 2025 has an unknown figure (PFZW's 2025 premium and
    franchise), so it takes 2024's, with a warning and premium_fallback. The rate is the by-hand one of the
    premium year used on that year's wages. A flat set keeps its 32% and says so."""
    code, out, err = run("index", "--to", "2025", "--against-cao", "--set", "opslagen.sociale_lasten_jaar=2021",
                         "-f", "json")
    assert code == 0, err
    rows = {(r["code"], r["year"]): r for r in json.loads(out)}
    assert {y: rows[("45B50", y)]["premium_year"] for y in range(2020, 2026)} == {
        2020: 2021, 2021: 2021, 2022: 2022, 2023: 2023, 2024: 2024, 2025: 2024}   # 2020: the set itself
    assert [y for y in range(2020, 2026) if rows[("45B50", y)]["premium_fallback"]] == [2025]
    assert ("no complete premiums for 2025 (unknown: pension.employer, pension.franchise); index --against-cao "
            "uses the premiums of 2024 for 2025") in err
    assert "no complete premiums for 202" not in err.replace("no complete premiums for 2025", "")
    for year, premium_year in ((2021, 2021), (2022, 2022), (2023, 2023), (2025, 2024)):
        at = load(SOURCE, (parse_set(f"opslagen.sociale_lasten_jaar={premium_year}"),), dt.date(year, 12, 31))
        for code_ in ("45B50", "43A11"):
            r = rows[(code_, year)]
            assert r["sociale_lasten_pct"] == pytest.approx(100 * _rate_by_hand(at, code_, by_hand(premium_year)),
                                                            rel=1e-9)
            assert r["tariff_cao"] == m.compute(at.arrays).cents[at.product(code_).index] / 100

    code, out, err = run("index", "--to", "2022", "--against-cao", "-f", "json")
    assert code == 0 and "premiums" not in err
    flat = json.loads(out)
    assert {(r["premium_year"], r["premium_fallback"], round(r["sociale_lasten_pct"], 9)) for r in flat} == {
        ("flat", False, 32.0)}


def test_index_against_cao_2026_premiums_by_hand(run):
    """The 2026 row with the 2026 set takes the 2026 premiums (by hand, above) on the tables of 31-12-2026."""
    code, out, err = run("index", "--to", "2026", "--ova", "2026=3", "--materieel", "2026=2", "--against-cao",
                         "--set", "opslagen.sociale_lasten_jaar=2026", "-f", "json")
    assert code == 0, err
    r = next(r for r in json.loads(out) if r["code"] == "45B50" and r["year"] == 2026)
    assert r["premium_year"] == 2026 and r["premium_fallback"] is False
    at = load(SOURCE, (parse_set("opslagen.sociale_lasten_jaar=2026"),), dt.date(2026, 12, 31))
    assert r["sociale_lasten_pct"] == pytest.approx(100 * _rate_by_hand(at, "45B50", by_hand_2026), rel=1e-9)


def test_params_marks_the_flat_rate_as_not_used(run):
    """Issue 15: with a premium year, `params` lists the flat 32% as not used, not as a sourced value in force."""
    code, out, _err = run("params", "--set", "opslagen.sociale_lasten_jaar=2026", "-f", "json")
    assert code == 0
    rec = next(r for r in json.loads(out) if r["path"] == "opslagen.sociale_lasten")
    assert rec["status"] == "not_used" and rec["value"] == 0.32
    assert rec["source"].startswith("niet gebruikt: sociale lasten uit premies 2026")
    code, out, _err = run("params")
    line = next(t for t in out.splitlines() if "opslagen.sociale_lasten " in t or "opslagen.sociale_las" in t)
    assert "niet gebruikt" not in out and "bron" in line   # the Dutch status word of sourced
    code, out, _err = run("params", "--set", "opslagen.sociale_lasten_jaar=2026")
    line = next(t for t in out.splitlines() if "opslagen.sociale_lasten " in t)
    assert "niet gebruikt" in line
    assert "2026" in next(t for t in out.splitlines() if "opslagen.sociale_lasten_jaar " in t)


def test_params_lists_the_derived_rates_of_a_level_by_hand(run):
    """Issue 15: with a premium year `params` lists each level's sociale lasten rate and the product's as
    `derived` rows, saying how (table, JSON, CSV). 45B50 with the 2021 premiums at NOB's own salary date:
    the MBO4 and HBO salaries by hand from Tabel 1 (seed 004 §2.1: 93% of the top steps, the three CAOs
    averaged) on the top steps of cao_scales.yaml, x 12 x (1 + 8% vakantiegeld + 8,33% EJU; ambulant, no ORT),
    then the 2021 premiums as printed (BY_YEAR above)."""
    import csv
    import io

    cs = BASE.models["cao_scales"]
    date = BASE.models["opslagen"].salary_date

    def top(cao, scale):
        table = max((t for t in cs.caos[cao].tables if t.since <= date), key=lambda t: t.since)
        return table.scales[scale].top.value

    tabel1 = {"MBO4": {"jeugdzorg": {"7": .5, "8": .5}, "ggz": {"FWG40": .5, "FWG45": .5},
                       "gehandicaptenzorg": {"FWG40": .5, "FWG45": .5}},
              "HBO": {"jeugdzorg": {"8": .5, "9": .5}, "ggz": {"FWG50": .35, "FWG55": .65},
                      "gehandicaptenzorg": {"FWG45": .5, "FWG50": .5}}}
    wage = {lv: 12 * (1 + 0.08 + 0.0833) * sum(0.93 * sum(w * top(c, s) for s, w in cells.items())
                                               for c, cells in row.items()) / 3 for lv, row in tabel1.items()}
    rate = {lv: by_hand(2021)(w) for lv, w in wage.items()}
    # MBO4 by hand, written out: 13% x (W - 13.111) + 0,5% x (W - 21.835) + 18,59% x min(W, 58.311) + 4% x W
    w = wage["MBO4"]
    assert 21_835 < w < 58_311
    assert rate["MBO4"] == pytest.approx((0.13 * (w - 13111) + 0.005 * (w - 21835) + 0.1859 * w + 0.04 * w) / w,
                                         rel=1e-12)
    product = (0.9 * wage["MBO4"] * rate["MBO4"] + 0.1 * wage["HBO"] * rate["HBO"]) / (
        0.9 * wage["MBO4"] + 0.1 * wage["HBO"])                       # Tabel 7: MBO-4 90%, HBO 10%

    code, out, err = run("params", "--set", "opslagen.sociale_lasten_jaar=2021", "-f", "json")
    assert code == 0, err
    rows = {r["path"]: r for r in json.loads(out)}
    for path, want in (("sociale_lasten.45B50.MBO4", rate["MBO4"]), ("sociale_lasten.45B50.HBO", rate["HBO"]),
                       ("sociale_lasten.45B50", product)):
        r = rows[path]
        assert r["value"] == pytest.approx(want, rel=1e-12), path
        assert (r["status"], r["unit"], r["since"], r["file"]) == ("derived", "fraction of yearly wage",
                                                                   "2021-01-01", "premies")
    mbo4 = rows["sociale_lasten.45B50.MBO4"]["source"]
    wage_nl = f"{round(wage['MBO4']):,}".replace(",", ".")
    assert f"= € {wage_nl} " in mbo4
    assert "pensioen PFZW (werkgeversdeel) 13% x (min(W; 112.189) − 13.111)" in mbo4
    assert "pensioen AP 0,5% x (W − 21.835)" in mbo4 and "x min(W; 58.311)" in mbo4
    assert "90% x " in rows["sociale_lasten.45B50"]["source"] and "10% x " in rows["sociale_lasten.45B50"]["source"]
    assert list(rows).index("sociale_lasten.45B50") > list(rows).index("opslagen.sociale_lasten_jaar")

    code, out, _err = run("params", "--set", "opslagen.sociale_lasten_jaar=2021", "-f", "csv", "--csv-profile",
                          "intl")
    assert code == 0
    by_csv = {r["path"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(by_csv["sociale_lasten.45B50.MBO4"]["value"]) == pytest.approx(rate["MBO4"], rel=1e-12)
    assert by_csv["sociale_lasten.45B50.MBO4"]["status"] == "derived"
    assert by_csv["opslagen.vakantiegeld"]["value"] == "0.08"          # every digit, not 0.080000

    code, out, _err = run("params", "--set", "opslagen.sociale_lasten_jaar=2021", "--wide")
    line = next(t for t in out.splitlines() if "sociale_lasten.45B50.MBO4 " in t)
    assert f"{100 * rate['MBO4']:.2f}%".replace(".", ",") in line and "afgeleid" in line
    assert "13% x (min(W; 112.189) − 13.111)" in out                    # the formula once, under the table
