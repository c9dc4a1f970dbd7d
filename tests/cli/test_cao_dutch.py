"""`kostprijs cao` and the salary rows of `explain` read Dutch by default (issue 14): the step names, the
derivation (table, each raise with the amount after it) in the Dutch notation; --lang en and the JSON keep
the record's words."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

PARAMS = Path(__file__).resolve().parents[2] / "params"
CAOS = yaml.safe_load((PARAMS / "cao_scales.yaml").read_text(encoding="utf-8"))["caos"]


def ghz_fwg35():
    """The GHZ table of 1-5-2022 (FWG 35 top, from the file) and its raise of 1-5-2023 (percent)."""
    ghz = CAOS["gehandicaptenzorg"]
    table = next(t for t in ghz["tables"] if str(t["since"]) == "2022-05-01")
    top = table["scales"]["FWG35"]["top"]["value"]
    raise_ = next(r for r in ghz["raises"] if str(r["since"]) == "2023-05-01")
    later = next(r for r in ghz["raises"] if str(r["since"]) == "2023-09-01")
    return top, raise_["percent"]["value"], later["percent"]["value"], later["min_per_month"]["value"]


def nl(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def test_the_cao_table_is_dutch(run):
    top, pct, pct2, minimum = ghz_fwg35()
    code, out, _ = run("cao", "--date", "2024-12-31", "--cao", "gehandicaptenzorg")
    flat = " ".join(out.split())
    assert code == 0
    assert "hoogste trede" in flat and " top " not in flat
    euro = f"{top:,.2f}".replace(",", "x").replace(".", ",").replace("x", ".")
    assert f"tabel van 01-05-2022: € {euro}; 01-05-2023 +{nl(pct)}% -> €" in flat, flat
    assert f"01-09-2023 +{nl(pct2)}% (min. € {nl(minimum)} per maand) -> €" in flat
    for english in ("table of", "min EUR", "/month", "floor EUR"):
        assert english not in flat, english
    code, out, _ = run("cao", "--date", "2024-12-31", "--cao", "gehandicaptenzorg", "--lang", "en")
    flat = " ".join(out.split())
    assert "table of 2022-05-01" in flat and f"+{pct2:g}% (min EUR {minimum:g}) ->" in flat and " top " in flat


def test_the_json_keeps_the_record_words(run):
    code, out, _ = run("cao", "--date", "2024-12-31", "--cao", "gehandicaptenzorg", "-f", "json")
    rows = json.loads(out)
    fwg35 = next(r for r in rows if r["scale"] == "FWG35" and r["step"] == "top")
    assert code == 0 and fwg35["derivation"].startswith("table of 2022-05-01 ")


def test_explain_names_a_raise_the_dutch_way(run):
    """A top rolled forward (--salary-date) is explained per raise: '+3% (min. € 80 per maand)'."""
    _, _, pct2, minimum = ghz_fwg35()
    code, out, err = run("explain", "45B50", "--salary-date", "2024-12-31", "--wide")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "verhoging 01-09-2023" in flat
    assert f"+{nl(pct2)}% (min. € {nl(minimum)} per maand)" in flat
    assert "min EUR" not in flat and "/month" not in flat


def test_a_rolled_forward_source_reads_dutch(run):
    """The source of a top rolled forward says how, in the run's language; the JSON keeps the record's words."""
    top, pct, _, _ = ghz_fwg35()
    euro = f"{top:,.2f}".replace(",", "x").replace(".", ",").replace("x", ".")
    code, out, err = run("params", "--salary-date", "2024-12-31", "--wide")
    flat = " ".join(out.split())
    assert code == 0, err
    assert f"doorgetrokken: tabel van 01-05-2022: € {euro}; 01-05-2023 +{nl(pct)}% -> €" in flat
    assert "rolled forward" not in flat and "min EUR" not in flat
    code, out, _ = run("params", "--salary-date", "2024-12-31", "-f", "json")
    rec = {r["path"]: r for r in json.loads(out)}["caos.gehandicaptenzorg.FWG35.top"]
    assert f"rolled forward: table of 2022-05-01 {top:.2f}; 2023-05-01 +{pct:g}% -> " in rec["source"]
