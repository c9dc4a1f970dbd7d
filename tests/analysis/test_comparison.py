"""One comparison for verify, check and implied: the same published figure gets the same answer.

The figures are typed from the seeds (line given), never taken from our own output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kostprijs.analysis.check import check_rows, check_summary, match_lines
from kostprijs.analysis.comparison import (
    ABOVE,
    BELOW,
    EXACT,
    OFF,
    WITHIN_PRECISION,
    PublishedTariff,
    classify,
    compare_tariff,
    model_tariffs,
    targets,
)
from kostprijs.analysis.verify import verify
from kostprijs.parameters.published import load_published
from kostprijs.parameters.tariff_files import read_mapping, read_tariff_file

ROOT = Path(__file__).resolve().parents[2]
NOB_CSV = ROOT / "examples" / "nob-2021-tabel16.csv"
CG = ROOT / "params" / "published" / "centraal-gelderland-2020.csv"

# Tabel 16 as printed (seed 004): the tariffs the model does not reproduce, and those it reproduces only
# within the printed precision of the FTE per jeugdige
OFF_PRINTED = {"41A16": (77.79, 3483), "45C56": (1.51, 3516), "43B38": (252.91, 3542), "54014": (358.15, 3564)}
WITHIN_PRINTED = {"43A10": (120.37, 3528), "43C10": (163.12, 3530), "44A27": (117.30, 3532),
                  "44A28": (131.63, 3534), "44A30": (148.32, 3536), "43A36": (177.94, 3538),
                  "43A38": (206.61, 3540), "43B37": (289.87, 3562)}
# Centraal Gelderland 2020 max tariffs (seed 001 table 1.2) below the NOB 2021 model, and without a counterpart
CG_BELOW = {"44A27": 107.83, "44F01": 364.32, "44T30": 259.46, "44T31": 286.31}     # l.123, 131, 137, 139
CG_UNMATCHED = {"44G40": 163.00, "44A45": 346.86, "44T01": 27.68}                   # l.115, 141, 144


@pytest.fixture(scope="module")
def checks(nob):
    return verify(nob, load_published(nob.source.published))


def test_verify_deviations_are_the_printed_figures(checks):
    got = {c.code: (c.published, c.line) for c in checks if c.status == OFF}
    assert got == OFF_PRINTED
    got = {c.code: (c.published, c.line) for c in checks if c.status == WITHIN_PRECISION}
    assert got == WITHIN_PRINTED
    summary = {s: sum(c.status == s for c in checks) for s in (EXACT, WITHIN_PRECISION, OFF)}
    assert summary == {EXACT: 31, WITHIN_PRECISION: 8, OFF: 4}
    for c in checks:
        if c.status == OFF:
            assert c.direction == (BELOW if c.published < c.computed else ABOVE) and c.diff_cents


def test_check_and_verify_give_the_same_answer(nob, checks):
    """The example check file is Tabel 16 typed a second time (CSV, decimal commas): every tariff the model
    computes has the status verify gives it; fixed tariffs (set outside the model) are exact in check
    (what the set charges) and not derivable in verify (what the model derives)."""
    rows = check_rows(nob, match_lines(read_tariff_file(NOB_CSV), nob))
    by = {(r["code"], r["variant"]): r for r in rows}
    for c in checks:
        r = by[(c.code, c.variant)]
        p = next((p for p in nob.products if p.code == c.code), None)
        if p is not None and p.basis == "fixed":
            assert (c.status, r["status"]) == ("not_derivable", EXACT), c.code
            assert r["model"] == c.published == c.computed
        else:
            assert r["status"] == c.status, (c.code, c.variant)
            assert r["direction"] == c.direction


def test_check_centraal_gelderland(nob):
    tfile = read_tariff_file(CG)
    rows = check_rows(nob, match_lines(tfile, nob, read_mapping(CG.with_suffix(".map.yaml"))))
    s = check_summary(rows)
    assert (s["lines"], s["compared"], s["below_model"], s["unmatched"]) == (14, 11, 4, 3)
    assert {r["code"]: r["published"] for r in rows if r["below_model"]} == CG_BELOW
    assert {r["code"]: r["published"] for r in rows if r["status"] == "unmatched"} == CG_UNMATCHED
    for r in rows:
        if r["below_model"]:
            assert r["status"] == OFF and r["direction"] == BELOW and r["published"] < r["model"]


def test_cli_check_keys(run):
    code, out, err = run("check", "centraal-gelderland-2020", "--format", "json")
    data = json.loads(out)
    assert code == (1 if data["summary"]["below_model"] else 0), err
    assert data["summary"]["statuses"] == {"off": 11, "unmatched": 3}
    assert sum(r["direction"] == "below" for r in data["rows"]) == 4


@pytest.mark.parametrize(("published", "model", "band", "status"), [
    (14832, 14832, None, EXACT),
    (14832, 14960, (14832, 15087), WITHIN_PRECISION),    # 44A30: 148,32 in the band 148,32..150,87
    (14832, 14960, (14833, 15087), OFF),
    (14832, 14960, None, OFF),
])
def test_classify(published, model, band, status):
    assert classify(published, model, band) == status


def test_targets_are_rounding_intervals(nob):
    """Tabel 16 l.3467 prints 1,25 per minute, rounded up to the cent: the unrounded tariff lies in
    (124, 125] cents; l.3471 prints 37,58 per dagdeel, half-up: [3757.5, 3758.5)."""
    p_min, p_dd = nob.product("50B01"), nob.product("41A18")
    entries = [PublishedTariff(3467, "50B01", "normal", 125, "1,25", "minuut", "minuut", p_min),
               PublishedTariff(3471, "41A18", "normal", 3758, "37,58", "dagdeel", "dagdeel", p_dd),
               PublishedTariff(3490, None, "normal", None, "nvt", "lumpsum", "Lumpsum", None, "no code")]
    got, skipped = targets(entries, nob)
    assert [(t.code, t.lo, t.hi, t.published) for t in got] == [("50B01", 124.0, 125.0, 1.25),
                                                               ("41A18", 3757.5, 3758.5, 37.58)]
    assert skipped == [{"line": 3490, "code": None, "variant": "normal", "reason": "no code"}]
    model = model_tariffs(nob)
    for e, t in zip(entries, got, strict=False):
        c = compare_tariff(e, model)
        unrounded = model.unrounded("normal", e.product.index) * 100
        assert (c.status == EXACT) == (t.lo < unrounded <= t.hi if e.code == "50B01" else t.lo <= unrounded < t.hi)
