"""`kostprijs diff A B` on the command line (issue 16)."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from tests.conftest import nl_csv_rows, xlsx_keys

B_CHANGES = ("--set-b", "opslagen.overhead=30%", "--set-b", "productiviteit.ambulant_jo_ghz.clientgebonden=1300")


def test_json_parts_add_up_to_the_rounded_and_the_unrounded_change(run):
    code, out, err = run("diff", "nob-2021", "nob-2021", *B_CHANGES, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {"parameters", "attribution"} <= set(data)
    paths = {p["path"]: p for p in data["parameters"]}
    assert set(paths) == {"opslagen.overhead", "productiviteit.ambulant_jo_ghz.clientgebonden"}
    assert paths["opslagen.overhead"]["value_a"] == 0.35 and paths["opslagen.overhead"]["value_b"] == 0.3
    assert "Tabel 3" in paths["opslagen.overhead"]["source_a"] and "--set" in paths["opslagen.overhead"]["source_b"]
    total, unrounded = defaultdict(float), defaultdict(float)
    rows = {}
    for r in data["attribution"]:
        assert {"code", "variant", "group", "contribution"} <= set(r)
        assert r["variant"] in ("normal", "micro")
        key = (r["code"], r["variant"])
        total[key] += r["contribution"]
        if r["group"] != "rounding":
            unrounded[key] += r["contribution"]
        rows[key] = r
    for key, r in rows.items():
        assert total[key] == pytest.approx(r["tariff_b"] - r["tariff_a"], abs=1e-9)
        assert unrounded[key] == pytest.approx(r["delta_unrounded"], rel=1e-9, abs=1e-12)
    # 45B50 as published (Tabel 16 l.3475): EUR 1,02, micro EUR 0,84
    assert rows[("45B50", "normal")]["tariff_a"] == 1.02 and rows[("45B50", "micro")]["tariff_a"] == 0.84


def test_set_changes_both_sides_and_set_b_only_b(run):
    code, out, _ = run("diff", "nob-2021", "nob-2021", "--set", "opslagen.overhead=30%", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["parameters"] == []
    assert all(r["contribution"] == 0 for r in data["attribution"])


def test_csv_rows_in_the_nl_profile(run):
    code, out, _ = run("diff", "nob-2021", "nob-2021", *B_CHANGES, "--product", "45B50", "--format", "csv")
    assert code == 0 and out.startswith("\ufeff")
    rows = nl_csv_rows(out)
    assert {r["code"] for r in rows} == {"45B50"}
    assert [r["group"] for r in rows if r["variant"] == "normal"] == [
        "opslagen.overhead", "productiviteit.ambulant_jo_ghz", "rounding"]   # largest first, rounding last
    assert sum(float(r["contribution"].replace(",", ".")) for r in rows if r["variant"] == "normal") == \
        pytest.approx(0.96 - 1.02, abs=1e-9)


def test_table_at_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("diff", "nob-2021", "nob-2021", *B_CHANGES, "--product", "45B50", "--product", "43A36")
    assert code == 0
    assert max(map(len, out.splitlines())) <= 80
    assert "45B50 Begeleiding basis" in out and "opslagen.overhead (c)" in out and "afronding" in out
    assert "€ 1,02 → € 0,96" in out


def test_micro_only(run):
    code, out, _ = run("diff", "nob-2021", "nob-2021", *B_CHANGES, "--micro", "--format", "json")
    assert code == 0
    assert {r["variant"] for r in json.loads(out)["attribution"]} == {"micro"}


def test_a_directory_against_a_shipped_set(run, params_copy):
    f = params_copy / "opslagen.yaml"
    text = f.read_text(encoding="utf-8")
    assert "value: 0.35" in text
    f.write_text(text.replace("value: 0.35", "value: 0.33", 1), encoding="utf-8")
    code, out, err = run("diff", "nob-2021", str(params_copy), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [p["path"] for p in data["parameters"]] == ["opslagen.overhead"]
    assert data["b"] == "myset"


def test_xlsx_sheets(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "diff.xlsx"
    code, _, err = run("diff", "nob-2021", "nob-2021", *B_CHANGES, "--format", "xlsx", "--output", str(target))
    assert code == 0, err
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:4] == ["Toerekening", "Samenvatting", "Wijzigingen", "Producten"]
    header = xlsx_keys(wb["Toerekening"])
    assert header[:7] == ["code", "product", "unit", "variant", "group", "element", "contribution"]
    # the same products on both sides: the Producten sheet says so instead of being empty (issue 14)
    products = [r for r in wb["Producten"].iter_rows(min_row=2, values_only=True) if any(r)]
    assert len(products) == 1 and products[0][0].startswith("Geen verschillen: elk product staat in A en in B")
    assert wb["Producten"]["A2"].font.i


def test_xlsx_without_any_difference_says_so_on_every_empty_sheet(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "same.xlsx"
    code, _, err = run("diff", "nob-2021", "nob-2021", "--format", "xlsx", "--output", str(target))
    assert code == 0, err
    wb = openpyxl.load_workbook(target)
    for name in ("Wijzigingen", "Producten"):
        assert wb[name].max_row == 2 and wb[name]["A2"].value.startswith("Geen verschillen: "), name
    assert wb["Toerekening"].max_row > 2                    # every tariff attributed (all zero)
    target = tmp_path / "other.xlsx"
    code, _, err = run("diff", "nob-2021", "midden-limburg-2026", "--format", "xlsx", "--output", str(target))
    assert code == 0, err
    wb = openpyxl.load_workbook(target)
    assert wb["Toerekening"]["A2"].value.startswith("Geen tarieven om toe te rekenen: ")
    assert wb["Producten"].max_row > 2 and "Geen" not in str(wb["Producten"]["A2"].value)


def test_plot_writes_a_waterfall(run, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "diff.png"
    code, _, err = run("diff", "nob-2021", "nob-2021", *B_CHANGES, "--product", "45B50", "--plot", str(target))
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("args", "message"), [
    (("--product", "99X99"), "--product 99X99: not a product"),
    (("--salary-date-b", "2026-13-01"), "--salary-date-b '2026-13-01': expected a date"),
    (("--set-b", "opslagen.overhed=0.3"), "unknown parameter path"),
])
def test_bad_input_is_one_line(run, args, message):
    code, out, err = run("diff", "nob-2021", "nob-2021", *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_unknown_set_name_is_one_line(run):
    code, _, err = run("diff", "nob-2021", "nob-2099")
    assert code == 2 and "nob-2099" in err and len(err.strip().splitlines()) == 1


def test_salary_date_b(run):
    """With the time-dependent loader (issue 15): the roll forward of the CAO tables, one group per CAO;
    before it: a one-line error."""
    import inspect

    from kostprijs.parameters import compile as loader

    code, out, err = run("diff", "nob-2021", "nob-2021", "--salary-date-b", "2026-01-01", "--format", "json")
    if "salary_date" not in inspect.signature(loader.load).parameters:
        assert code == 2 and "needs --salary-date support" in err and len(err.strip().splitlines()) == 1
        return
    assert code == 0, err
    data = json.loads(out)
    groups = {r["group"] for r in data["attribution"]} - {"rounding"}
    assert groups and all(g.startswith("caos.") and g.count(".") == 1 for g in groups)
    rows = [r for r in data["attribution"] if r["code"] == "45B50" and r["variant"] == "normal"]
    assert sum(r["contribution"] for r in rows) == pytest.approx(rows[0]["tariff_b"] - rows[0]["tariff_a"], abs=1e-9)
    assert rows[0]["tariff_b"] > rows[0]["tariff_a"] == 1.02


def test_scenario_b_from_the_examples(run):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "overhead-30.yaml"
    code, out, err = run("diff", "nob-2021", "nob-2021", "--scenario-b", str(example), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [p["path"] for p in data["parameters"]] == ["opslagen.overhead"]
    assert {r["group"] for r in data["attribution"]} == {"opslagen.overhead", "rounding"}


def test_salary_date_and_premium_year_are_groups_side_by_side(run):
    """B rolled to 2026 with the 2026 premiums: the premium choice is one group next to the caos.* groups,
    and its table row is there (issue 15 point 3)."""
    args = ("diff", "nob-2021", "nob-2021", "--salary-date-b", "2026-01-01",
            "--set-b", "opslagen.sociale_lasten_jaar=2026", "--product", "45B50", "--product", "43A36")
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    groups = {r["group"] for r in data["attribution"]} - {"rounding"}
    assert "opslagen.sociale_lasten_jaar" in groups
    assert {g for g in groups if g != "opslagen.sociale_lasten_jaar"} <= {
        "caos.jeugdzorg", "caos.ggz", "caos.gehandicaptenzorg", "caos.ams"}
    year = next(p for p in data["parameters"] if p["path"] == "opslagen.sociale_lasten_jaar")
    assert (year["value_a"], year["value_b"]) == ("flat", 2026)
    for code_ in ("45B50", "43A36"):
        rows = [r for r in data["attribution"] if r["code"] == code_ and r["variant"] == "normal"]
        assert sum(r["contribution"] for r in rows) == pytest.approx(rows[0]["tariff_b"] - rows[0]["tariff_a"],
                                                                     abs=1e-9)
    code, out, err = run(*args)
    assert code == 0 and "opslagen.sociale_lasten_jaar" in out


def test_the_parameter_table_reads_dutch(run, monkeypatch):
    """The unit as a person reads it and the override's generated source in Dutch (issue 14); the JSON keeps
    the file's unit and the record's source."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run("diff", "nob-2021", "nob-2021", "--set-b", "opslagen.overhead=30%", "--product", "45B50")
    flat = " ".join(out.split())
    assert code == 0, err
    assert "│ fractie van de │" in flat and "│ personeelskosten │" in flat and "fraction" not in flat
    assert "│ gewijzigd op de │" in flat and "override" not in flat
    code, out, _ = run("diff", "nob-2021", "nob-2021", "--set-b", "opslagen.overhead=30%", "--format", "json")
    change = json.loads(out)["parameters"][0]
    assert change["unit"] == "fraction of personnel cost" and change["source_b"].startswith("override on the")
