"""kostprijs reproduces NOB Tabel 16: the expected figures are tests/data/tabel16.csv, typed from the
seed with their line (tests/parameters/test_published.py checks that file against the seed), never
taken from our own output."""

import json

import pytest

from kostprijs.analysis.verify import summary, verify
from kostprijs.core.model import compute
from kostprijs.parameters.published import load_published
from tests.golden import printed_cents, tabel16

TABEL16 = {r["code"]: r for r in tabel16() if r["code"]}
# What kostprijs claims for NOB 2021 (README "What kostprijs verify reports"): these products exactly,
# normal and, where Tabel 16 prints one, micro (31 figures; 43A11 micro with the seed's own 13/8 h).
EXACT = {"50B01", "50B02", "41A18", "43A11", "45B50", "45B51", "41A22", "41A23", "45B60", "45B62", "54B63",
         "54001", "54B02", "54003", "50B05", "45B70", "45A56", "45B56", "54B97", "54B98"}
# printed tariffs the model does not reproduce, each with a reason in functiemix.yaml
OFF = {("41A16", "normal"), ("45C56", "normal"), ("43B38", "normal"), ("54014", "normal")}
# verblijf: FTE per jeugdige printed to 2 decimals; the printed tariff lies inside the model's band
WITHIN = {"43A10", "43C10", "44A27", "44A28", "44A30", "43A36", "43A38", "43B37"}
EXACT_MICRO = {c for c in EXACT if printed_cents(TABEL16[c]["tariff_micro"]) is not None}


def test_the_claim_is_31_printed_figures():
    assert len(EXACT) + len(EXACT_MICRO) == 31


@pytest.fixture(scope="module")
def checks(nob):
    return verify(nob, load_published(nob.source.published))


def test_model_reproduces_the_printed_tariffs(nob):
    r = compute(nob.arrays)
    for code in sorted(EXACT):
        row, p = TABEL16[code], nob.product(code)
        assert r.cents[p.index] == printed_cents(row["tariff"]), (code, f"l.{row['line']}")
        micro = printed_cents(row["tariff_micro"])
        if micro is not None:
            assert r.cents_micro[p.index] == micro, (code, f"l.{row['line']}")
        else:
            assert not p.micro, code


def test_verify_statuses(checks):
    exact = {(c.code, c.variant) for c in checks if c.status == "exact"}
    expected_exact = {(k, "normal") for k in EXACT} | {(k, "micro") for k in EXACT_MICRO}
    assert exact == expected_exact
    assert {(c.code, c.variant) for c in checks if c.status == "off"} == OFF
    assert {c.code for c in checks if c.status == "within_precision"} == WITHIN
    for c in checks:
        if c.status != "exact":
            assert c.detail, c.code   # every deviation and every non-derivable row says why


def test_within_precision_means_inside_the_band(checks):
    for c in checks:
        if c.status == "within_precision":
            # Dutch by default: "... het model geeft € 1,90..€ 1,95"
            band = c.detail.split("het model geeft ")[1].split(";")[0]
            lo, hi = (float(x.replace("€", "").strip().replace(".", "").replace(",", ".")) for x in band.split(".."))
            assert lo <= c.published <= hi


def test_summary_counts(nob, checks):
    s = summary(nob, checks)
    assert s["exact"] == 31 and s["derivable"] == 35 and not s["ok"]
    assert s["inputs"]["calibrated"] == 27


def test_verify_cli_exit_codes(run, params_copy):
    code, out, _ = run("verify", "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["exact"] == 31
    # without the rows the model cannot reproduce, verify passes
    pub = params_copy / "published.yaml"
    kept = [ln for ln in pub.read_text().splitlines()
            if not any(f'code: "{c}"' in ln for c in ("41A16", "45C56", "43B38", "54014"))]
    pub.write_text("\n".join(kept) + "\n")
    code, out, _ = run("verify", "--params", str(params_copy), "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["ok"] is True
    code, out, _ = run("verify")
    assert "exact 31/35" in " ".join(out.split())
