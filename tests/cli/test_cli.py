import json

import pytest

from tests.conftest import nl_csv_rows


def test_compute_json_keys_and_a_published_tariff(run):
    code, out, _ = run("compute", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {"code", "product", "unit", "tariff", "tariff_micro", "hourly", "hourly_micro"} <= set(rows[0])
    by_code = {r["code"]: r for r in rows}
    # 45B50 Begeleiding basis, Tabel 16 l.3475: "1,02€ 0,84€ Minuut"
    assert by_code["45B50"]["tariff"] == 1.02
    assert by_code["45B50"]["tariff_micro"] == 0.84
    assert by_code["50B01"]["tariff_micro"] is None
    assert by_code["43A09"]["basis"] == "fixed" and by_code["43A09"]["hourly"] is None
    assert by_code["46A01"]["tariff"] is None


def read_nl_csv(text: str):
    assert text.startswith("\ufeff")
    rows = nl_csv_rows(text)

    def num(s):
        return None if s == "" else float(s.replace(",", "."))

    return rows, num


def test_csv_reads_back_to_the_json_numbers(run):
    _, out_json, _ = run("compute", "--format", "json")
    _, out_csv, _ = run("compute", "--format", "csv")
    rows, num = read_nl_csv(out_csv)
    data = json.loads(out_json)
    assert [r["code"] for r in rows] == [r["code"] for r in data]
    for r, d in zip(rows, data, strict=True):
        assert num(r["tariff"]) == d["tariff"]
        assert num(r["tariff_micro"]) == d["tariff_micro"]
        if d["hourly"] is not None:
            assert num(r["hourly"]) == pytest.approx(d["hourly"], abs=1e-6)


def test_intl_csv_profile(run):
    _, out, _ = run("compute", "--format", "csv", "--csv-profile", "intl")
    assert not out.startswith("\ufeff") and out.splitlines()[0].startswith("code,product,")


def test_table_shows_dutch_money_and_the_rounding_rule(run):
    code, out, _ = run("compute")
    assert code == 0
    assert "Begeleiding basis" in out and "€ 1,02" in out
    flat = " ".join(out.split())
    # the NOB rule (Bijlage 1): per minute rounded up to whole cents, so the hourly to a multiple of 60 cents
    assert "Afronding:" in flat and "naar boven op hele centen per minuut" in flat
    assert "veelvoud van € 0,60" in flat


def test_params_lists_paths_with_unit_and_source(run):
    code, out, _ = run("params", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {"path", "value", "unit", "source"} <= set(rows[0])
    by_path = {r["path"]: r for r in rows}
    assert by_path["opslagen.overhead"]["value"] == 0.35
    assert "Tabel 3" in by_path["opslagen.overhead"]["source"]
    assert by_path["products.45B50.functiemix.MBO4"]["value"] == 0.9
    assert all(r["source"] and r["unit"] and r["since"] for r in rows)


def test_output_file_is_written_atomically(run, tmp_path):
    target = tmp_path / "tarieven.json"
    target.write_text("old")
    code, out, _ = run("compute", "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())[0]["code"] == "50B01"
    assert [p.name for p in tmp_path.iterdir()] == ["tarieven.json"]


def test_unwritable_output_is_one_line(run, tmp_path):
    code, _, err = run("compute", "--output", str(tmp_path / "no" / "such" / "dir.csv"))
    assert code == 2 and "--output" in err and err.count("\n") == 1


def test_unknown_region(run):
    code, _, err = run("compute", "--region", "atlantis-2030")
    assert code == 2 and "atlantis-2030" in err and "nob-2021" in err


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "kostprijs", "compute", "--format", "csv"],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("\ufeffcode;product;eenheid;")


@pytest.mark.parametrize("args", [("compute", "--format", "xml"), ("compute", "--bogus"), ("nosuchcmd",),
                                  ("explain",), ("index", "--to", "abc")])
def test_usage_errors_are_one_line(run, args):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("kostprijs: error: kostprijs"), err
    assert "--help" in err


def test_no_arguments_prints_the_help(run):
    code, out, _ = run()
    assert code == 2 and "Gebruik: kostprijs [OPTIES] OPDRACHT" in out and "compute" in out


#: the words Typer and click put around the help texts, in English (issue 14: help texts Dutch by default)
ENGLISH_HELP_WORDS = ("Usage", "Options", "Commands", "Arguments", "Show this message", "default:", "required",
                      "env var", "deprecated", "OPTIONS", "COMMAND", "ARGS", "FILE", "YEAR", "YYYY-MM-DD", "<bool>",
                      "<str>", "<path>", "<int>", "<list[str]>", "<list[Path]>", "<int range>")


@pytest.mark.parametrize("command", [(), ("compute",), ("explain",), ("check",), ("validate",), ("sensitivity",),
                                     ("index",), ("report",)])
def test_help_is_dutch_at_80_columns(run, monkeypatch, command):
    import re

    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Opties" in out and "Toon deze hulp en stop." in out and "Gebruik: kostprijs" in out
    if not command:
        assert "Opdrachten" in out
    else:
        assert "[standaard: " in out or command == ("explain",)
    if command == ("check",):
        assert "Argumenten" in out
    options = "\n".join(line for line in out.splitlines() if " --" in line)   # the rows of options
    found = [w for w in ENGLISH_HELP_WORDS if (w in options if w.startswith("<") else
                                               re.search(rf"\b{re.escape(w)}\b", out))]
    assert not found, found


def test_a_run_does_not_keep_the_language_of_the_one_before(run):
    """Several runs in one process (the tests, a notebook): --lang en of one run does not make the next, or
    the library after it, English."""
    from kostprijs.language import language

    code, out, _ = run("regions", "--lang", "en")
    assert code == 0 and "Parameter sets" in out and language() == "nl"
    code, out, _ = run("validate")
    assert code == 0 and "in orde, geen problemen" in out
