"""Tables at a pinned terminal width (CliRunner, COLUMNS=80 and 160): every figure whole, names cut only
after a whole word, Dutch by default and English with --lang en."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kostprijs.cli.app import register_all
from kostprijs.language import source_text as localised
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


# --- explain, index and params (issue 14 point 3) -------------------------------------------------
def _words(text: str, column: int | None = None) -> str:
    """The table's text without box drawing and line breaks (only its ``column``, counted from 0 or from
    the end, if given): a cell wrapped over lines reads as one run of words."""
    cells = []
    for line in text.splitlines():
        parts = line.replace("┃", "│").split("│")
        if column is None:
            cells += parts
        elif len(parts) > 2:
            cells.append(parts[1:-1][column])
    return " ".join(c.strip() for c in cells if c.strip())


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize(("code", "micro"), [("45B50", False), ("43A11", False), ("43A11", True)])
def test_explain_shows_every_amount_whole_and_every_source(width, code, micro):
    flag = ["--micro"] if micro else []
    rows = json.loads(invoke(160, "explain", code, *flag, "--format", "json").stdout)
    res = invoke(width, "explain", code, *flag)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for r in rows:
        if r["amount"] is not None:
            decimals = 2 if r["element"] == "tarief" else 4
            assert any(euro_nl(r["amount"], decimals) in line for line in lines), (width, r["step"], r["amount"])
    words = _words(res.stdout, 0 if width == 80 else -1)
    assert "…" not in res.stdout
    for r in rows:     # every source in full (wrapped, never cut), its status mark in Dutch
        source = localised(r["source"])    # a calibrated value's generated note in Dutch (the JSON: English)
        for en, nl in (("calibrated", "gekalibreerd"), ("sourced", "bron"), ("reconstructed", "gereconstrueerd"),
                       ("derived", "afgeleid"), ("choice", "keuze")):
            source = source.replace(f"[{en}]", f"[{nl}]")
        assert source in words.replace("Bron: ", ""), (width, source)
    assert "€/maand" in res.stdout and "EUR/month" not in res.stdout    # units in Dutch
    assert ("Bron:" in res.stdout) == (width == 80)                      # folded under the step at 80


def test_explain_wide_has_a_source_column_at_80():
    out = invoke(80, "explain", "45B50", "--wide").stdout
    assert "Bron:" not in out and "│ Bron" in out.replace("┃", "│")


@pytest.mark.parametrize("width", [80, 160])
def test_index_shows_every_figure_whole(width):
    rows = json.loads(invoke(160, "index", "--to", "2022", "--format", "json").stdout)
    res = invoke(width, "index", "--to", "2022")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for r in rows:
        if r["tariff"] is None:
            continue
        want = [euro_nl(r["tariff"]), euro_nl(r["unrounded"], 4)] + (
            [euro_nl(r["tariff_micro"])] if r["tariff_micro"] is not None else [])
        assert any(f" {r['code']} " in ln and all(w in ln for w in want) for ln in lines), (width, r["code"], want)
    for r in rows:   # the year's correction in percent, three decimals, Dutch comma: never '-1,04…'
        pct = f"{r['correction']:.3f}%".replace(".", ",")
        assert pct in res.stdout, (width, r["year"], pct)
    assert "…%" not in res.stdout and "Correctie" in res.stdout


@pytest.mark.parametrize("width", [80, 160])
def test_params_fits_and_writes_values_the_dutch_way(width):
    res = invoke(width, "params")
    assert res.exit_code == 0, res.output
    assert max(len(line) for line in res.stdout.splitlines()) <= width
    lines = res.stdout.splitlines()
    assert "35%" in next(ln for ln in lines if "│ opslagen.overhead " in ln)       # 0.35 in the file
    assert "2.439,42" in next(ln for ln in lines if "│ caos.jeugdzorg.7.top " in ln)
    units, status = _words(res.stdout, 2), _words(res.stdout, 3 if width == 80 else 4)   # Sinds left out at 80
    assert "fractie van de personeelskosten" in units and "€/maand" in units and "EUR/month" not in units
    assert "gekalibreerd" in status and "calibrated" not in status


def test_lang_en_for_params_explain_and_index():
    out = invoke(160, "params", "--lang", "en").stdout
    assert "Path" in out and "EUR/month" in out and "calibrated" in out and "gekalibreerd" not in out
    out = invoke(160, "explain", "45B50", "--lang", "en").stdout
    assert "Step" in out and "EUR/month" in out and "[calibrated]" in out
    out = invoke(160, "index", "--to", "2022", "--lang", "en").stdout
    assert "Indexation nob-2021" in out and "Correction" in out and "Tariffs nob-2021 2021" in out


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("tariffs", ["examples/nob-2021-tabel16.csv", "centraal-gelderland-2020"])
def test_check_shows_every_amount_whole(width, tariffs):
    rows = json.loads(invoke(160, "check", tariffs, "--format", "json").stdout)["rows"]
    res = invoke(width, "check", tariffs)
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for r in rows:
        want = [euro_nl(r[k]) for k in ("published", "model") if r[k] is not None]
        if r["delta_eur"] is not None:
            want.append(f"{r['delta_eur']:+.2f}".replace(".", ","))
        assert any(f" {r['code'] or '—'} " in ln and all(w in ln for w in want) for ln in lines), (width, r["line"])
    assert ("Opmerking:" in res.stdout) == (width == 80)      # the notes fold under the product at 80


@pytest.mark.parametrize("width", [80, 160])
def test_implied_shows_every_amount_whole(width):
    args = ("implied", "examples/nob-2021-tabel16.csv", "--solve", "opslagen.overhead")
    data = json.loads(invoke(160, *args, "--format", "json").stdout)
    lines = invoke(width, *args).stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for r in data["residuals"]:
        want = [euro_nl(r["published"]), euro_nl(r["model_fitted"]), f"{int(r['residual_cents']):+d} ct"]
        assert any(f" {r['code']} " in ln and all(w in ln for w in want) for ln in lines), (width, r["line"])
    value = data["parameters"][0]["value"] * 100
    assert any(f"{value:.3f}%".replace(".", ",") in ln and "opslagen.overhead" in ln for ln in lines)


@pytest.mark.parametrize("width", [80, 160])
def test_sensitivity_keeps_every_path_and_figure_whole(width):
    """Tornado and Monte Carlo at 80 columns: each parameter path on one line (it wrapped mid-word:
    'opslagen.ov|erhead'), every amount whole (the Monte Carlo table broke '€ | 178,48')."""
    args = ("sensitivity", "--product", "45B50", "--product", "43A36")
    import csv
    import io

    def rows(*more):
        text = invoke(160, *args, *more, "--format", "csv", "--csv-profile", "intl").stdout
        return [{k: (float(v) if k in numeric and v else v) for k, v in r.items()}
                for r in csv.DictReader(io.StringIO(text))]

    numeric = {"tariff_low", "tariff_high", "swing", "baseline", "mean", "p5", "p50", "p95"}
    res = invoke(width, *args)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    tornado = rows()
    assert len(tornado) == 8
    for row in tornado:
        start = next(i for i, ln in enumerate(lines) if f" {row['code']} " in ln)   # the product's own line
        line = next(ln for ln in lines[start:] if f" {row['parameter']} " in ln and ln.startswith(f"│ {row['rank']} "))
        for key in ("tariff_low", "tariff_high", "swing"):
            assert euro_nl(row[key]) in line, (width, row, line)
    res = invoke(width, *args, "--samples", "500", "--seed", "7")
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for row in rows("--samples", "500", "--seed", "7"):
        line = next(ln for ln in lines if f" {row['code']} " in ln)
        for key in ("baseline", "p5", "p50", "p95"):
            assert euro_nl(row[key]) in line, (width, key, line)
        assert euro_nl(row["mean"], 4) in line


@pytest.mark.parametrize("args", [("cao", "--cao", "jeugdzorg", "--date", "2026-01-01"), ("explain", "45B50"),
                                  ("explain", "43A36", "--salary-date", "2026-01-01")])
def test_an_amount_in_wrapped_text_stays_on_one_line_at_80(args):
    """A derivation or source that wraps keeps each amount whole: the terminal's word wrap left '… -> €' at
    the end of one line and '2.463,00; …' on the next."""
    import re

    res = invoke(80, *args)
    assert res.exit_code == 0, res.output
    broken = [ln for ln in res.stdout.splitlines() if re.search(r"[^\s│] +€ *│", ln)]   # text, then a bare €
    assert not broken, broken
