"""Regression tests of issue 12 (bad input never slips through): each failed before its fix.

Every case keeps the contract: exit code 2, one line on stderr naming the file (or the override), the
key and what is wrong, no traceback, no output file.
"""

from __future__ import annotations

import os

import pytest

SCENARIO = """name: {name}
description: test
overrides:
{items}"""


def scenario(tmp_path, name="s", items=(("opslagen.overhead", "0.30"),), filename="s.yaml"):
    body = "".join(f"  - path: {p}\n    value: {v}\n    source: test\n" for p, v in items)
    path = tmp_path / filename
    path.write_text(SCENARIO.format(name=name, items=body), encoding="utf-8")
    return path


def one_line_error(code, out, err, *fragments):
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and err.startswith("kostprijs: error: "), err
    assert "Traceback" not in err
    for f in fragments:
        assert f in err, (f, err)


@pytest.mark.parametrize("date", ["2021-02-30", "2021-13-45"])
@pytest.mark.parametrize("file", ["opslagen.yaml", "cao_scales.yaml"])
def test_an_invalid_date_in_a_file_is_one_line(run, params_copy, file, date):
    path = params_copy / file
    text = path.read_text(encoding="utf-8")
    assert "valid_from: 2021-01-01" in text
    path.write_text(text.replace("valid_from: 2021-01-01", f"valid_from: {date}", 1), encoding="utf-8")
    out_file = params_copy / "out.json"
    one_line_error(*run("compute", "--params", str(params_copy), "-f", "json", "-o", str(out_file)),
                   file, "valid_from", "not a valid date")
    assert not out_file.exists()


def test_an_invalid_date_in_a_scenario_and_in_set(run, tmp_path):
    one_line_error(*run("compute", "--set", "opslagen.overhead=2021-13-45"), "--set", "not a valid date")
    sc = scenario(tmp_path, items=(("opslagen.overhead", "2021-02-30"),))
    one_line_error(*run("compute", "--scenario", str(sc)), "s.yaml", "not a valid date")


def test_a_5000_digit_number_is_one_line(run, tmp_path):
    one_line_error(*run("compute", "--set", "opslagen.overhead=" + "1" * 5000), "--set", "5000 digits")
    sc = scenario(tmp_path, items=(("opslagen.overhead", "1" * 5000),))
    one_line_error(*run("compute", "--scenario", str(sc)), "s.yaml", "5000 digits")


@pytest.mark.parametrize("text", ["1e400", "-1e400", ".inf", ".nan"])
def test_numbers_out_of_range_are_refused(run, text):
    one_line_error(*run("compute", "--set", f"opslagen.overhead={text}"), "opslagen.overhead")


def test_percent_and_exponent_work_the_same_in_set_and_scenario(run, tmp_path):
    code, by_set, err = run("compute", "-f", "json", "--set", "opslagen.overhead=30%")
    assert code == 0, err
    sc = scenario(tmp_path, items=(("opslagen.overhead", "30%"),))
    code, by_file, err = run("compute", "-f", "json", "--scenario", str(sc))
    assert code == 0, err
    code, by_number, err = run("compute", "-f", "json", "--set", "opslagen.overhead=0.3")
    by_set, by_file, by_number = (tariffs(x) for x in (by_set, by_file, by_number))
    assert by_set == by_file == by_number
    code, by_exp, err = run("compute", "-f", "json", "--set", "opslagen.overhead=3e-1")
    assert code == 0 and tariffs(by_exp) == by_number, err


def tariffs(text: str) -> list[dict]:
    """compute's rows without the fingerprint: it covers an override's text and source too (README)."""
    import json

    return [{k: v for k, v in r.items() if k != "fingerprint"} for r in json.loads(text)]


def test_arabic_indic_digits_are_refused_on_both_paths(run, tmp_path):
    one_line_error(*run("compute", "--set", "opslagen.overhead=\u0663\u0665%"), "--set", "digits 0-9")
    sc = scenario(tmp_path, items=(("opslagen.overhead", "\u0663\u0665%"),))
    one_line_error(*run("compute", "--scenario", str(sc)), "s.yaml", "digits 0-9")


def test_check_refuses_dev_zero_and_a_fifo(run, tmp_path):
    one_line_error(*run("check", "/dev/zero"), "/dev/zero", "device")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    one_line_error(*run("check", str(fifo)), "pipe.csv", "pipe")


def test_check_refuses_an_amount_of_10_to_the_400(run, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code;product;unit;tariff\n50B01;x;minuut;1" + "0" * 400 + "\n", encoding="utf-8")
    code, out, err = run("check", str(path), "-f", "json")
    one_line_error(code, out, err, "t.csv:2", "401 digits")
    assert "Infinity" not in out


def test_two_scenarios_on_compute_both_apply(run, tmp_path):
    a = scenario(tmp_path, "a", (("opslagen.overhead", "0.30"),), "a.yaml")
    b = scenario(tmp_path, "b", (("opslagen.risico", "0.03"),), "b.yaml")
    code, both, err = run("compute", "-f", "json", "--scenario", str(a), "--scenario", str(b))
    assert code == 0, err
    code, by_set, err = run("compute", "-f", "json", "--set", "opslagen.overhead=0.30",
                            "--set", "opslagen.risico=0.03")
    assert tariffs(both) == tariffs(by_set)
    code, only_b, err = run("compute", "-f", "json", "--scenario", str(b))
    assert tariffs(only_b) != tariffs(both)


def test_the_same_path_twice_is_refused(run, tmp_path):
    sc = scenario(tmp_path, items=(("opslagen.overhead", "0.30"), ("opslagen.overhead", "0.31")))
    one_line_error(*run("compute", "--scenario", str(sc)), "s.yaml", "overrides[1].path", "set twice")
    a = scenario(tmp_path, "a", (("opslagen.overhead", "0.30"),), "a.yaml")
    b = scenario(tmp_path, "b", (("opslagen.overhead", "0.31"),), "b.yaml")
    one_line_error(*run("compute", "--scenario", str(a), "--scenario", str(b)), "b.yaml", "also set by")


def test_a_scenario_named_baseline_is_refused(run, tmp_path):
    sc = scenario(tmp_path, name="baseline")
    one_line_error(*run("compare", "--scenario", str(sc)), "s.yaml:1", "name")


def test_validate_lists_every_bad_set(run):
    code, out, err = run("validate", "--set", "nope.a=1", "--set", "nope.b=2",
                         "--set", "opslagen.overhead=x%", "--set", "opslagen.risico=1e400")
    assert code != 0     # validate's exit code for problems is the lead's (issue 11)
    text = out + err
    for fragment in ("'nope.a'", "'nope.b'", "'x%'", "'1e400'"):
        assert fragment in text, (fragment, text)
    assert "4 problemen" in text


def test_a_copied_fifo_in_a_parameter_set_is_refused(run, params_copy):
    (params_copy / "opslagen.yaml").unlink()
    os.mkfifo(params_copy / "opslagen.yaml")
    one_line_error(*run("compute", "--params", str(params_copy)), "opslagen.yaml", "pipe")




def test_a_bad_set_blames_the_override_not_the_installed_file(run):
    code, out, err = run("compute", "--set", "productiviteit.ambulant_jo_ghz.aftrek.overig=2000")
    one_line_error(code, out, err, "--set productiviteit.ambulant_jo_ghz.aftrek.overig=2000", "bruto minus aftrek")
    assert "opslagen.yaml" not in err
