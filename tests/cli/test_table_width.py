"""Tables at a pinned terminal width (CliRunner, COLUMNS=80 and 160): every figure whole, names cut only
after a whole word, Dutch by default and English with --lang en."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kostprijs.cli.app import register_all
from kostprijs.presentation.money import euro_nl

runner = CliRunner()
app = register_all()


def invoke(width: int, *args: str):
    res = runner.invoke(app, list(args), env={"COLUMNS": str(width), "NO_COLOR": "1", "KOSTPRIJS_LANG": None})
    return res


@pytest.fixture(scope="module")
def tariffs():
    res = invoke(160, "compute", "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.parametrize("width", [80, 160])
def test_compute_shows_every_tariff_whole(width, tariffs):
    res = invoke(width, "compute")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for row in tariffs:
        line = next(ln for ln in lines if f" {row['code']} " in ln)
        for key in ("tariff", "tariff_micro"):
            if row[key] is not None:
                assert euro_nl(row[key]) in line, (width, row["code"], key, line)
        if row["hourly"] is not None:
            assert euro_nl(row["hourly"], 4) in line, (width, row["code"], line)
    assert "…" not in "".join(res.stdout.split("Product")[0])   # the title is not shortened
    assert "Tarief" in res.stdout and "Eenheid" in res.stdout   # Dutch by default


def test_names_are_shortened_after_a_whole_word_at_80(tariffs):
    out = invoke(80, "compute").stdout
    names = {r["code"]: r["product"] for r in tariffs}
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 3 and cells[1] in names and cells[2].endswith("…"):
            kept = cells[2][:-1].strip()
            full = names[cells[1]]     # cut at a space or after a hyphen: never inside a word
            assert full.startswith(kept) and (full[len(kept)] == " " or kept.endswith("-")), (kept, full)


def test_wide_shows_every_column_and_full_names(tariffs):
    out = invoke(80, "compute", "--wide").stdout
    assert "Basis" in out and "…" not in out
    for r in tariffs:
        assert r["product"] in out


@pytest.mark.parametrize("width", [80, 160])
def test_verify_shows_every_figure_whole(width):
    res = invoke(width, "verify", "--format", "json")
    checks = json.loads(res.stdout)["checks"]
    out = invoke(width, "verify").stdout
    assert max(len(line) for line in out.splitlines()) <= width
    for c in checks:
        for key in ("published", "computed"):
            if c[key] is not None:
                assert euro_nl(c[key]) in out, (width, c["code"], key)
        if c["diff_cents"] is not None:
            assert f"{c['diff_cents']:+d} ct" in out


def test_lang_en_gives_english_headers():
    out = invoke(160, "compute", "--lang", "en").stdout
    assert "Tariff" in out and "Unit" in out and "Eenheid" not in out
    out = invoke(160, "compute").stdout
    assert "Eenheid" in out


@pytest.mark.parametrize("width", [80, 160])
def test_compare_keeps_every_delta_pct_whole(width):
    args = ["compare", "--scenario", "examples/overhead-30.yaml", "--scenario", "examples/micro-overhead-35.yaml"]
    rows = json.loads(invoke(160, *args, "--format", "json").stdout)
    out = invoke(width, *args).stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert width == 160 or "weggelaten" in out     # the caption names what was left out
    for r in rows:
        if r["scenario"] != "baseline" and r["delta_pct"] is not None:
            assert f"{r['delta_pct']:+.2f}%".replace(".", ",") in out, (width, r["code"], r["scenario"])
        if width == 160 and r["scenario"] == "baseline" and r["tariff"] is not None:   # at 80: a column left out
            assert euro_nl(r["tariff"]) in out


def test_build_up_and_rounding_texts_dutch_by_default_english_with_lang_en():
    """explain's steps and units and compute's rounding rule are Dutch by default, English with --lang en;
    the JSON keys and the numbers do not change with the language."""
    nl = json.loads(invoke(160, "explain", "45B50", "--format", "json").stdout)
    en = json.loads(invoke(160, "explain", "45B50", "--format", "json", "--lang", "en").stdout)
    assert [set(r) for r in nl] == [set(r) for r in en]
    assert [r["amount"] for r in nl] == [r["amount"] for r in en]
    assert nl[-1]["step"].startswith("afronding naar boven op hele centen per minuut")
    assert en[-1]["step"].startswith("rounding: up to a whole cent per minute")
    assert "hoogste trede" in nl[0]["step"] and "top step" in en[0]["step"]
    assert nl[0]["amount_unit"] == "€/maand" and en[0]["amount_unit"] == "EUR/month"
    # functiemix shares as percentages in the notation of the report ("90%", as seed 004 Tabel 7 prints it;
    # a decimal comma where the share has decimals)
    assert "functiemix MBO4 90%" in [r["step"] for r in nl] and "functiemix MBO4 90%" in [r["step"] for r in en]
    from kostprijs.analysis.labels import step
    from kostprijs.language import set_language

    set_language("nl")
    assert step("functiemix", level="HBO", share=0.325) == "functiemix HBO 32,5%"
    rules = {r["code"]: r["rounding"] for r in json.loads(invoke(160, "compute", "--format", "json").stdout)}
    assert rules["44A27"] == "rekenkundig op hele centen"       # etmaal: half-up to the cent
    rules_en = {r["code"]: r["rounding"]
                for r in json.loads(invoke(160, "compute", "--format", "json", "--lang", "en").stdout)}
    assert rules_en["44A27"] == "half-up to the cent"
