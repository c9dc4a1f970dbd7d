"""`kostprijs index`: index series as data, the weighted index, the VNG correction, rounding each year."""

from __future__ import annotations

import json
import math
import shutil
from fractions import Fraction as F

import numpy as np
import pytest

from kostprijs.core import indexation as core
from kostprijs.parameters.load import params_root
from tests.golden import half_a_digit, printed, vng_examples

# Figures given on the command line (percent, counted as definitief; they override the shipped series).
FILL = ("--ova", "2021=1.5", "--ova", "2022=3.3", "--ova", "2026=4.5",
        "--materieel", "2021=1.3", "--materieel", "2022=9.25", "--materieel", "2026=2.1")


def rows_of(out: str) -> dict[tuple[str, int], dict]:
    return {(r["code"], r["year"]): r for r in json.loads(out)}


@pytest.fixture(scope="module")
def full_run():
    """One JSON run 2020 -> 2026 (in-process, shared by several tests to keep CI time small)."""
    from typer.testing import CliRunner

    from kostprijs.cli.app import register_all

    res = CliRunner().invoke(register_all(), ["index", "--to", "2026", *FILL, "--format", "json"])
    assert res.exit_code == 0, res.output
    return rows_of(res.stdout)


# --- the VNG worked examples (tests/data/vng-index-examples.yaml: the figures as printed, with the URL) ----
VNG = vng_examples()


def pct(text: str) -> float:
    return float(printed(text))


def vng_inputs(ex: dict):
    w = np.array([[pct(ex["weights"]["ova"]) / 100, pct(ex["weights"]["ppc"]) / 100]])
    prev = ex["previous"]
    applied = np.array([[pct(prev["voorlopig"][k]) for k in ("ova", "ppc")],
                        [pct(ex["voorlopig"][k]) for k in ("ova", "ppc")]])
    definitief = np.array([[pct(prev["definitief"][k]) for k in ("ova", "ppc")], [np.nan, np.nan]])
    return w, applied, definitief


def near(value: float, text: str) -> bool:
    """Within half a printed digit of the printed figure."""
    return abs(value - pct(text)) <= float(half_a_digit(text)) + 1e-12


@pytest.mark.parametrize("name", sorted(VNG))
def test_vng_worked_example(name):
    ex = VNG[name]
    w, applied, definitief = vng_inputs(ex)
    form = core.RATIO if ex["correction"] == "ratio" else core.DIFFERENCE
    index = core.weighted_index(applied, w)[:, 0]
    corr = core.vng_correction(applied, definitief, np.ones((2, 2), bool), w, form)[:, 0]
    out = ex["printed"]
    assert corr[0] == 0.0                               # the first indexed year corrects nothing
    assert near(index[1], out["index"]), (index[1], out["index"])
    assert near(corr[1], out["correction"]), (corr[1], out["correction"])
    if "previous_voorlopig" in out:
        assert near(index[0], out["previous_voorlopig"])
        assert near(core.weighted_index(definitief[:1], w)[0, 0], out["previous_definitief"])
    if ex.get("total_is_sum_of_printed"):
        assert pct(out["index"]) + pct(out["correction"]) == pytest.approx(pct(out["total"]), abs=1e-9)
        assert not near(index[1] + corr[1], out["total"])   # the unrounded sum is another figure
    else:
        assert near(index[1] + corr[1], out["total"]), (index[1] + corr[1], out["total"])
    for series, text in out.get("correction_parts", {}).items():
        k = ("ova", "ppc").index(series)
        assert near(w[0, k] * (definitief[0, k] - applied[0, k]), text)


def test_the_two_correction_forms_really_differ():
    w, applied, definitief = vng_inputs(VNG["vng-2024"])
    ratio = core.vng_correction(applied, definitief, np.ones((2, 2), bool), w, core.RATIO)[1, 0]
    diff = core.vng_correction(applied, definitief, np.ones((2, 2), bool), w, core.DIFFERENCE)[1, 0]
    assert not near(diff, VNG["vng-2024"]["printed"]["correction"]) and abs(diff - ratio) > 0.05


def test_vng_2025_through_the_command_with_vng_weights(run):
    ex = VNG["vng-2025"]
    code, out, err = run("index", "--to", "2025", *FILL[:4], *FILL[6:10], "--format", "json",
                         "--set", "indexatie.classes.ambulant.ova=90%",
                         "--set", "indexatie.classes.ambulant.materieel=0.1")
    assert code == 0, err
    r = rows_of(out)[("45B50", 2025)]
    assert near(r["index"], ex["printed"]["index"]) and near(r["correction"], ex["printed"]["correction"])
    assert r["correction_of"] == ex["previous"]["year"]
    assert near(r["rate"], ex["printed"]["total"])
    assert (r["ova"], r["ova_status"], r["materieel"], r["materieel_status"]) == \
           (pct(ex["voorlopig"]["ova"]), "voorlopig", pct(ex["voorlopig"]["ppc"]), "voorlopig")


# --- indexing the unrounded tariff, then the region's rounding, every year (seed 004 l.3444-3448) -------
def ceil_cents(x: F) -> F:
    return F(math.ceil(x * 100), 100)


def half_up_cents(x: F) -> F:
    return F(math.floor(x * 100 + F(1, 2)), 100)


def test_one_rate_worked_by_hand(full_run):
    # 45B50 (ambulant, 85/15), 2025: 0,85 x 4,18 + 0,15 x 1,82 = 3,826 (2025 voorlopig), plus the 2024
    # correction 0,85 x (6,00 - 4,94) + 0,15 x (3,10 - 2,51) = 0,9895 (params/indexatie.yaml figures)
    assert full_run[("45B50", 2025)]["rate"] == pytest.approx(4.8155, abs=1e-9)


def test_each_year_indexes_the_unrounded_tariff_and_rounds_once(nob, full_run):
    from kostprijs.core.model import compute

    res = compute(nob.arrays)
    p = nob.product("45B50")               # Begeleiding basis, minute tariff: rounded UP to the cent
    amount, amount_micro = F(float(res.unrounded[p.index])), F(float(res.unrounded_micro[p.index]))
    compounded = ceil_cents(amount)
    seen_difference = False
    for year in range(2021, 2027):
        row = full_run[("45B50", year)]
        factor = 1 + F(str(row["rate"])) / 100
        amount, amount_micro = amount * factor, amount_micro * factor
        compounded = ceil_cents(compounded * factor)
        assert F(str(row["tariff"])) == ceil_cents(amount), year
        assert F(str(row["tariff_micro"])) == ceil_cents(amount_micro), year
        seen_difference |= compounded != ceil_cents(amount)
    assert seen_difference, "compounding rounded values would give other tariffs (so this test can tell)"

    v = nob.product("44A27")               # Verblijf basis, etmaal: half-up to the cent
    amount = F(float(res.unrounded[v.index]))
    for year in range(2021, 2027):
        row = full_run[("44A27", year)]
        amount *= 1 + F(str(row["rate"])) / 100
        assert F(str(row["tariff"])) == half_up_cents(amount), year


def test_verblijf_and_ambulant_rates_use_their_own_weights(full_run):
    # 2021 from the command line (definitief): OVA 1,5, materieel 1,3; by hand 0,85 x 1,5 + 0,15 x 1,3 = 1,47
    # (ambulant 85/15) and 0,70 x 1,5 + 0,30 x 1,3 = 1,44 (verblijf 70/30, seed 004 l.2432-2434)
    assert full_run[("45B50", 2021)]["rate"] == pytest.approx(1.47, abs=1e-12)
    assert full_run[("44A27", 2021)]["rate"] == pytest.approx(1.44, abs=1e-12)


def test_fixed_tariff_indexes_the_published_amount(full_run):
    amount = F("43.33")                    # pleegzorg voltijd, Tabel 8 l.2755; class verblijf (a choice)
    assert full_run[("43A09", 2020)]["tariff"] == 43.33
    for year in range(2021, 2027):
        row = full_run[("43A09", year)]
        assert row["rate"] == full_run[("44A27", year)]["rate"]   # the same class, the same rate
        amount *= 1 + F(str(row["rate"])) / 100
        assert F(str(row["tariff"])) == half_up_cents(amount)
    assert all(full_run[("46A01", y)]["tariff"] is None for y in range(2020, 2027))   # not derivable


def test_prijspeil_year_equals_compute(run):
    _, out_c, _ = run("compute", "--format", "json")
    code, out_i, err = run("index", "--to", "2020", "--format", "json")
    assert code == 0, err
    computed = json.loads(out_c)
    indexed = json.loads(out_i)
    assert [(r["code"], r["tariff"], r["tariff_micro"]) for r in computed] == \
           [(r["code"], r["tariff"], r["tariff_micro"]) for r in indexed]
    assert {r["year"] for r in indexed} == {2020} and all(r["index"] == 0 for r in indexed)


def test_zero_index_changes_nothing(run):
    code, out, err = run("index", "--to", "2022", "--ova", "2021=0", "--ova", "2022=0",
                         "--materieel", "2021=0", "--materieel", "2022=0%", "--format", "json")
    assert code == 0, err
    rows = rows_of(out)
    for (c, year), r in rows.items():
        base = rows[(c, 2020)]
        assert (r["tariff"], r["tariff_micro"], r["unrounded"]) == (base["tariff"], base["tariff_micro"],
                                                                   base["unrounded"]), (c, year)


def test_run_2020_to_2026_prints_each_year(run, full_run):
    code, out, err = run("index", "--to", "2026", *FILL)
    assert code == 0, err
    for year in range(2020, 2027):
        assert f"Tarieven nob-2021 {year}" in out
    assert "corr. 2024 v→d" in out and "2025 d unknown" in out
    assert {y for _, y in full_run} == set(range(2020, 2027))
    assert len(full_run) == 7 * len({c for c, _ in full_run})
    r = full_run[("45B50", 2026)]
    assert r["correction"] == 0.0 and "2025 definitief not known yet" in r["correction_note"]
    assert full_run[("45B50", 2024)]["correction_of"] == 2023
    assert full_run[("45B50", 2023)]["correction"] == 0.0    # 2022 came from the command line (definitief)


def test_csv_output_reads_back(run, tmp_path):
    target = tmp_path / "ix.csv"
    code, out, err = run("index", "--to", "2021", "--materieel", "2021=1.3", "--format", "csv",
                         "--csv-profile", "intl", "--output", str(target))
    assert code == 0 and out == "", err
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("code,product,unit,basis,class,year,tariff,tariff_micro,")
    assert any(line.startswith("45B50,") and ",2021," in line for line in lines)


def test_method_definitief_uses_final_figures_without_correction(run):
    code, out, err = run("index", "--to", "2024", "--method", "definitief", *FILL[:4], *FILL[6:10],
                         "--format", "json")
    assert code == 0, err
    r = rows_of(out)[("45B50", 2024)]
    assert (r["ova"], r["ova_status"], r["correction"]) == (6.0, "definitief", 0.0)
    assert r["index"] == pytest.approx(0.85 * 6.00 + 0.15 * 3.10, abs=1e-9)


def test_overrides_of_the_model_reach_the_indexed_tariffs(run):
    _, out_c, _ = run("compute", "--format", "json", "--set", "opslagen.overhead=0.30")
    code, out_i, err = run("index", "--to", "2021", "--materieel", "2021=1.3", "--format", "json",
                           "--set", "opslagen.overhead=0.30")
    assert code == 0, err
    rows = rows_of(out_i)
    for r in json.loads(out_c):
        assert rows[(r["code"], 2020)]["tariff"] == r["tariff"]
    base = rows_of(run("index", "--to", "2021", "--materieel", "2021=1.3", "--format", "json")[1])
    assert rows[("45B51", 2021)]["unrounded"] < base[("45B51", 2021)]["unrounded"]


# --- errors: one line, exit 2, naming the year / series / argument -------------------------------
def one_line_error(code, out, err):
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("kostprijs: error: ") and "Traceback" not in err
    return err


def test_a_year_without_a_value_names_year_and_series(run):
    # every series is known for 2021-2024 now (issue 15: NZa's definitive 2021 figures); 2026 is not
    err = one_line_error(*run("index", "--to", "2026", "--ova", "2026=3"))
    assert "2026" in err and "materieel" in err and "--materieel 2026=" in err
    err = one_line_error(*run("index", "--to", "2027", *FILL))
    assert "2027" in err and "ova" in err


@pytest.mark.parametrize(("args", "expected"), [
    (("--ova", "2025=abc"), "'abc' is not a percentage"),
    (("--ova", "20x5=3"), "'20x5' is not a year"),
    (("--ova", "1850=3"), "'1850' is not a year"),
    (("--ova", "2025"), "expected YEAR=PERCENT"),
    (("--ova", "2025=nan"), "not a plausible"),
    (("--materieel", "2025=250"), "not a plausible"),
    (("--ova", "2025=3", "--ova", "2025=4"), "given twice"),
    (("--ova", "2030=3"), "outside the indexed years 2021-2025"),
    (("--ova", "2020=3"), "outside the indexed years"),
])
def test_bad_command_line_values(run, args, expected):
    err = one_line_error(*run("index", "--to", "2025", *args))
    assert expected in err


def test_to_before_prijspeil(run):
    assert "prijspeil 2020" in one_line_error(*run("index", "--to", "2019"))


def test_scenario_file_sets_class_weights(run, tmp_path):
    scen = tmp_path / "vng.yaml"
    scen.write_text("name: vng-90-10\ndescription: VNG weights for ambulant products\noverrides:\n"
                    "  - {path: indexatie.classes.ambulant.ova, value: 0.9, source: VNG advice}\n"
                    "  - {path: indexatie.classes.ambulant.materieel, value: 0.1, source: VNG advice}\n",
                    encoding="utf-8")
    code, out, err = run("index", "--to", "2021", "--materieel", "2021=1.3", "--scenario", str(scen),
                         "--format", "json")
    assert code == 0, err
    # OVA 2021 voorlopig 3.24% (skipr.nl Oct 2020; it read 1.72%, which VNG/VGN give as OVA 2022, issue 15)
    assert rows_of(out)[("45B50", 2021)]["index"] == pytest.approx(0.9 * 3.24 + 0.1 * 1.3, abs=1e-9)


def test_indexation_overrides_are_checked(run):
    err = one_line_error(*run("index", "--to", "2021", "--set", "indexatie.classes.ambulant.ova=0.9"))
    assert "--set indexatie.classes.ambulant.ova=0.9" in err and "not 100%" in err
    err = one_line_error(*run("index", "--to", "2021", "--set", "indexatie.series.ova.2021=2"))
    assert "--ova" in err


# --- the parameter file: strict, one line with file, key and line ---------------------------------
@pytest.fixture()
def ix_copy(params_copy):
    shutil.copy(params_root() / "indexatie.yaml", params_copy / "indexatie.yaml")
    return params_copy


def test_params_dir_without_indexatie_yaml(run, params_copy):
    err = one_line_error(*run("index", "--params", str(params_copy), "--to", "2021"))
    assert f"--params {params_copy}: no indexatie.yaml" in err


def test_params_dir_with_its_own_series(run, ix_copy):
    code, out, err = run("index", "--params", str(ix_copy), "--to", "2021", "--materieel", "2021=1.3",
                         "--format", "json")
    assert code == 0, err
    assert rows_of(out)[("45B50", 2021)]["ova"] == 3.24        # voorlopig OVA 2021 from the file (skipr.nl, Oct 2020)


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ("value: {ova: 0.70, materieel: 0.30}", "value: {ova: 0.70, materieel: 0.20}",
     "classes.verblijf.weights.value", "weights sum to 90%, not 100%"),
    ("value: 4.18", "value: \"4,18\"", "series.ova.years.2025.voorlopig.value", "valid number"),
    ("      2026:\n        voorlopig: unknown", "      2026:\n        voorlopig: onbekend",
     "series.ova.years.2026.voorlopig", "expected a figure {value, published, source} or the word unknown"),
    ("\"43A09\": {class: verblijf", "\"43A09\": {class: residential", "products.43A09.class",
     "class 'residential' is not in classes"),
    ("      value: {nea: 1.0}", "      value: {nea: 0.5, ppc: 0.5}", "classes.vervoer.weights.value.ppc",
     "series 'ppc' is not in series"),
    ("published: 2024-07", "published: 2024-13", "series.ova.years.2024.definitief.published",
     "expected a date (YYYY-MM-DD) or a month (YYYY-MM)"),
])
def test_bad_indexatie_yaml(run, ix_copy, old, new, key, problem):
    path = ix_copy / "indexatie.yaml"
    edit(path, old, new)
    err = one_line_error(*run("index", "--params", str(ix_copy), "--to", "2021", "--materieel", "2021=1.3"))
    assert str(path) in err and key in err and problem in err
    assert f"{path}:{line_of(path, new.splitlines()[-1].strip())}:" in err


def test_every_product_needs_a_class(run, ix_copy):
    path = ix_copy / "indexatie.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith('  "41A22"')) + "\n",
                    encoding="utf-8")
    err = one_line_error(*run("index", "--params", str(ix_copy), "--to", "2021", "--materieel", "2021=1.3"))
    assert "products: no class for product(s) 41A22" in err


def test_shipped_file_classifies_every_product_and_keeps_unknowns_unknown(nob):
    from kostprijs.parameters import indexation as ixp

    ix = ixp.read(params_root() / "indexatie.yaml")
    ixp.check_products(ix, nob)
    ova = ix.model.series["ova"].years
    assert ova[2024].voorlopig.value == 4.94 and ova[2024].definitief.value == 6.00
    assert ova[2026].voorlopig == "unknown" and ova[2025].definitief == "unknown"
    assert ix.model.classes["ambulant"].weights.value == {"ova": 0.85, "materieel": 0.15}
    assert ix.model.classes["verblijf"].weights.value == {"ova": 0.70, "materieel": 0.30}
    assert ix.model.classes["vervoer"].weights.value == {"nea": 1.0}
    # where the seed is silent the file says it chose
    for code in ("41A18", "41A22", "43A09", "43A10"):
        assert ix.model.products[code].status == "choice" and ix.model.products[code].note
