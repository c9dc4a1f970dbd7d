"""Tables at a salary date against public check points (docs/salaries-premiums-indices.md §1, §2, §4)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from kostprijs.analysis.cao import cao_rows
from kostprijs.core import salary as sal
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.salary_tables import in_force, raises_of


@pytest.fixture(scope="module")
def nob2026():
    return load(resolve("nob-2021", None), salary_date=dt.date(2026, 1, 1))


def _cao(nob, name):
    return nob.models["cao_scales"].caos[name]


def test_ggz_fwg65_end_2020_to_september_2021(nob):
    """nu.nl (Sept 2021): FWG 65 ends at EUR 5.553; 5.553 / 1,021 = 5.439 at 1-8-2020 (+-2)."""
    ggz = _cao(nob, "ggz")
    r = raises_of(ggz, "FWG65", 1)
    mask = sal.raises_between(r.dates, "2020-08-01", "2021-09-01")
    final, _ = sal.roll_forward(np.array([5439.0]), r, 156.5, sal.WHOLE_EURO, mask)
    assert abs(final[0] - 5553) <= 2
    top = next(s for s in in_force("ggz", ggz, dt.date(2021, 9, 1)) if s.scale == "FWG65")
    # NOB's end-2020 FWG 65 is calibrated (docs/calibration.md), so the raised amount stays calibrated
    assert top.status == "calibrated" and [c.since for c in top.chain] == [dt.date(2021, 6, 1)]
    assert abs(top.value - 5553) <= 2


def test_ams_2018_table_to_1_january_2020(nob):
    """NVZ AMS 2018 Bijlage II x 1,04 + EUR 37: trede 0 EUR 6.938, trede 6 EUR 12.456 (tmi.nl range)."""
    rows, _ = cao_rows(nob, dt.date(2020, 1, 1), "ams")
    got = {(r["scale"], r["step"]): r for r in rows}
    assert got[("AMS_45h", "0")]["value"] == 6938
    assert got[("AMS_45h", "top")]["value"] == 12456
    assert got[("AMS_45h", "top")]["status"] == "derived" and got[("AMS_45h", "top")]["table"] == "2018-07-01"


def test_jeugdzorg_hourly_floor_of_2024():
    """CAO Jeugdzorg 2024 art. 7.1 lid 5: a step still below EUR 15/h after the 8% is raised to EUR 15/h
    (15 x 156 h = EUR 2.340 a month); one above it gets the 8% only."""
    from kostprijs.parameters.load import resolve as res

    cao = load(res("nob-2021", None)).models["cao_scales"].caos["jeugdzorg"]
    r = raises_of(cao, "7", 2)
    mask = sal.raises_between(r.dates, "2023-12-31", "2024-01-01")
    final, _ = sal.roll_forward(np.array([2000.0, 2500.0]), r, 156, sal.WHOLE_EURO, mask)
    assert list(final) == [2340.0, 2700.0]


def test_ghz_2026_takes_the_2022_table_for_fwg35_and_rolls_the_others(nob2026):
    s = nob2026.salaries
    assert s["gehandicaptenzorg:FWG35"].table_since == dt.date(2022, 5, 1)
    assert s["gehandicaptenzorg:FWG45"].table_since == dt.date(2020, 6, 1)
    # every amount is rolled forward; one whose table value is calibrated stays marked calibrated
    assert all(v.chain for v in s.values())
    for v in s.values():
        table_status = _cao(nob2026, v.cao).tables[v.table_index].scales[v.scale].top.status
        assert v.status == ("calibrated" if table_status == "calibrated" else "derived"), v
    assert s["gehandicaptenzorg:FWG45"].status == "calibrated"      # docs/calibration.md: a fitted figure
    assert s["gehandicaptenzorg:FWG35"].status == "derived"         # the published 2022 table, raised
    # the warnings name what the roll forward cannot follow
    assert any("ams" in w and "not known" in w for w in nob2026.warnings)
    assert any("gehandicaptenzorg FWG45" in w and "structure" in w for w in nob2026.warnings)


def test_2026_top_is_what_the_tariff_uses(nob2026):
    """The path caos.X.Y.top is the rolled value (status derived: the 2022 GHZ table, raised), feeding the
    model's top vector."""
    rec = {r.path: r for r in nob2026.records}["caos.gehandicaptenzorg.FWG35.top"]
    assert rec.status == "derived" and "rolled forward" in rec.source
    assert nob2026.arrays.top[nob2026.scales.index("gehandicaptenzorg:FWG35")] == rec.value


def test_a_calibrated_amount_rolled_forward_is_still_shown_as_calibrated(nob2026, run):
    """A raise applied to a fitted figure does not make it a CAO figure: params, cao and the report say
    "calibrated" (with the roll forward in the source), as at the set's own salary date."""
    rec = {r.path: r for r in nob2026.records}["caos.jeugdzorg.7.top"]
    assert rec.status == "calibrated" and "rolled forward" in rec.source and "[calibrated]" in rec.source
    rows = json.loads(run("params", "--salary-date", "2026-01-01", "-f", "json")[1])
    assert {r["path"]: r["status"] for r in rows}["caos.jeugdzorg.7.top"] == "calibrated"
    cao = json.loads(run("cao", "--date", "2026-01-01", "--cao", "jeugdzorg", "-f", "json")[1])
    assert {r["status"] for r in cao if r["step"] == "top" and r["scale"] == "7"} == {"calibrated"}


def test_cli_compute_and_cao_at_2026(run):
    code, out, err = run("compute", "--salary-date", "2026-01-01", "-f", "json")
    assert code == 0 and "kostprijs: warning:" in err
    base = {r["code"]: r["tariff"] for r in json.loads(run("compute", "-f", "json")[1])}
    later = {r["code"]: r["tariff"] for r in json.loads(out)}
    assert later["45B50"] > base["45B50"]
    code, out, err = run("cao", "--date", "2026-01-01", "-f", "json")
    rows = json.loads(out)
    assert code == 0 and {"cao", "scale", "step", "value", "since", "status", "derivation"} <= set(rows[0])
    assert {r["cao"] for r in rows} == {"jeugdzorg", "ggz", "gehandicaptenzorg", "ams"}
    code, out, err = run("compute", "--salary-date", "2019-01-01")
    assert code == 2 and "no table valid" in err


def test_index_against_cao_compares_with_the_tables_of_each_year(run):
    code, out, _err = run("index", "--to", "2025", "--against-cao", "-f", "json")
    assert code == 0
    rows = {(r["code"], r["year"]): r for r in json.loads(out)}
    assert rows[("45B50", 2020)]["gap"] == 0
    later = {r["code"]: r["tariff"] for r in json.loads(run("compute", "--salary-date", "2025-12-31", "-f",
                                                              "json")[1])}
    r = rows[("43A11", 2025)]
    assert r["tariff_cao"] == later["43A11"] and r["salary_date"] == "2025-12-31"
    assert r["gap"] == pytest.approx(r["tariff_cao"] - r["tariff_indexed"])
