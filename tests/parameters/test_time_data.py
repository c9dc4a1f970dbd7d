"""The data through time: CAO raises and later tables (cao_scales.yaml), premiums (premies.yaml), index
figures with a status (indexatie.yaml). Loading stays strict: one line naming file, key and line."""

from __future__ import annotations

import pytest

from kostprijs.errors import ParamErrors
from kostprijs.parameters import premiums as pp
from kostprijs.parameters.load import params_root


def one_line_error(code, out, err):
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- cao_scales.yaml ------------------------------------------------------------------------------------
def test_the_ghz_table_of_may_2022_as_published(nob):
    ghz = nob.models["cao_scales"].caos["gehandicaptenzorg"]
    t = next(t for t in ghz.tables if t.since.isoformat() == "2022-05-01")
    # vgn.nl art. 4:15 per 1 mei 2022: FWG 35 trede 12 = nr 23 = 3.009; FWG 40 trede 12 = nr 25 = 3.154
    assert (t.scales["FWG35"].top.value, t.scales["FWG40"].top.value) == (3009, 3154)
    assert (t.ladder.value[1], t.ladder.value[10], t.ladder.value[25]) == (1686, 2110, 3154)
    assert list(t.partial) == ["FWG45"] and t.partial["FWG45"].ladder_steps.value["6"] == 22
    for table in (tb for c in nob.models["cao_scales"].caos.values() for tb in c.tables):
        for name, scale in table.scales.items():
            if scale.ladder_steps is not None:      # a top on the ladder is the ladder's amount of the last step
                last = list(scale.ladder_steps.value.values())[-1]
                assert scale.top.value == table.ladder.value[last], name


def test_later_tables_leave_the_nob_salary_date_alone(nob):
    op = nob.models["opslagen"]
    for name, cao in nob.models["cao_scales"].caos.items():
        later = [t.since for t in cao.tables if t.since > op.salary_date]
        chosen = max((t for t in cao.tables if t.since <= op.salary_date), key=lambda t: t.since)
        assert chosen.since.year == 2020, name
        assert all(d > op.salary_date for d in later)
    assert "gehandicaptenzorg:FWG45" in nob.scales and "ams:AMS" in nob.scales
    # every scale NOB prices on comes from a 2020 table, as in the file (no raise applied)
    a = nob.arrays
    used = a.tabel1.sum(axis=(0, 1)) > 0
    for s, key in enumerate(nob.scales):
        if used[s]:
            top = nob.salaries[key]
            assert top.table_since.year == 2020 and not top.chain and top.value == top.table_value, key
    # the AMS table of 1-7-2018 (45 h) is a scale of its own that no level uses: rolled to the salary date
    assert not used[nob.scales.index("ams:AMS_45h")]
    assert nob.salaries["ams:AMS_45h"].status == "derived"


def test_every_raise_names_its_source(nob):
    for name, cao in nob.models["cao_scales"].caos.items():
        assert cao.raises, name
        for r in cao.raises:
            parts = [p for p in (r.percent, r.plus_per_month, r.hourly_floor, r.min_per_month, r.max_per_month) if p]
            assert parts and all(p.source for p in parts)
            assert all(p.method for p in parts if p.status == "derived")


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ("        min_per_month: {value: 85, unit: EUR/month,", "        min_per_month: {value: -85, unit: EUR/month,",
     "caos.gehandicaptenzorg.raises[2].min_per_month.value", "greater than or equal to 0"),
    ("      - since: 2023-05-01\n        percent: {value: 3.2,",
     "      - since: 2023-05-01\n        procent: {value: 3.2,",
     "caos.gehandicaptenzorg.raises[3].procent", "unknown key"),
    ("      - since: 2024-07-01\n        percent:", "      - since: 2019-07-01\n        percent:",
     "caos.jeugdzorg", "raises must be listed in date order"),
    ("{kind: one_off, value: \"EUR 250", "{kind: eenmalig, value: \"EUR 250",
     "caos.jeugdzorg.events[1].kind", "Input should be"),
    ("\"11\": 22, \"12\": 23}", "\"11\": 22, \"12\": 26}", "caos.gehandicaptenzorg.tables[1]",
     "scale FWG35: inpassingsnummer(s) [26] not in the ladder"),
])
def test_bad_time_data_in_cao_scales(run, params_copy, old, new, key, problem):
    path = params_copy / "cao_scales.yaml"
    edit(path, old, new)
    err = one_line_error(*run("compute", "--params", str(params_copy)))
    assert str(path) in err and key in err and problem in err, err


# --- premies.yaml ---------------------------------------------------------------------------------------
def test_shipped_premiums_load_and_mark_what_is_missing():
    ps = pp.read(params_root() / "premies.yaml")
    assert sorted(ps.model.years) == list(range(2020, 2027))
    assert pp.status_of(ps, 2025)["pension.total"] == "unknown"
    assert pp.status_of(ps, 2025)["pension.ap"] == "sourced"
    assert pp.status_of(ps, 2020)["aof_low"] == "sourced"           # settled: 6,79% was the Prinsjesdag figure
    assert pp.status_of(ps, 2022)["pension.employer"] == "derived"
    assert pp.status_of(ps, 2022)["whk"] == "derived"               # WGA 0,84 + ZW 0,68
    assert pp.status_of(ps, 2023)["pension.max_salary"] == "derived"
    assert [y for y in sorted(ps.model.years) if pp.unknown_in(ps, y)] == [2025]
    assert pp.year_in_force(ps, 2025) == 2024
    with pytest.raises(Exception, match=r"premies.yaml:\d+: years\[2025\]\.pension\.employer: needed for 2025"):
        pp.components(ps, 2025)


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ("    zvw: {value: 7.00, unit: percent,", "    zvw: {value: 7.00, unit: procent,",
     "years[2021].zvw.unit", "Input should be"),
    ("    zvw: {value: 7.00, unit: percent,", "    zvw: {value: 700, unit: percent,",
     "years[2021].zvw", "700 percent is above 100"),
    ("    wko: {value: 0.5, unit: percent, source: \"https://www.scheersgroep.nl",
     "    wko: {value: 0.5, unit: percent, bron: \"x\", source: \"https://www.scheersgroep.nl",
     "years[2021].wko.bron", "unknown key"),
    ("      franchise:\n        value: unknown\n        unit: EUR/year\n        note:",
     "      franchise:\n        value: unknown\n        unit: EUR/year\n        remark:",
     "years[2025].pension.franchise.note", "missing key"),
    ("    aof_high: {value: 6.77, unit: percent, source: \"as aof_low\"",
     "    aof_high: {value: 6.77, unit: percent, method: x, source: \"as aof_low\"", "years[2020].aof_high", None),
    ("    aof_high: {value: 6.77, unit: percent, source: \"as aof_low\"",
     "    aof_high: {value: 6.77, unit: percent, status: conflicting, source: \"as aof_low\"",
     "years[2020].aof_high", "status conflicting goes with the alternatives"),
    ("    wko: {value: 0.5, unit: percent, source: \"Stcrt. 2021, 46406 as quoted above",
     "    wko: {value: 0.5, unit: percent, status: derived, source: \"Stcrt. 2021, 46406 as quoted above",
     "years[2022].wko", "a derived value needs a method"),
])
def test_bad_premies_yaml(tmp_path, old, new, key, problem):
    path = tmp_path / "premies.yaml"
    path.write_text((params_root() / "premies.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    edit(path, old, new)
    if problem is None:                 # a harmless extra field: still valid
        pp.read(path)
        return
    with pytest.raises(ParamErrors) as exc:
        pp.read(path)
    first = exc.value.errors[0]
    assert first.file == str(path) and first.path == key and problem in first.problem and first.line, str(first)


# --- indexatie.yaml -------------------------------------------------------------------------------------
def test_index_figures_of_2021_and_2022_settled():
    from kostprijs.parameters import indexation as ixp

    ix = ixp.read(params_root() / "indexatie.yaml")
    ova, ppc = ix.model.series["ova"].years, ix.model.series["materieel"].years
    # 1.72% is the first voorlopige OVA 2022 (vng.nl, vgn.nl), not OVA 2021
    assert ova[2021].voorlopig.value == 3.24 and ova[2021].definitief.value == 2.01
    assert ova[2022].voorlopig.value == 3.87 and ova[2022].voorlopig.status == "choice"
    assert "1.72%" in ova[2022].voorlopig.note
    assert ova[2022].definitief.value == 4.42
    assert ppc[2022].voorlopig.value == 1.83 and ppc[2022].definitief.value == 9.25
    assert ppc[2021].definitief.value == 1.77


def test_a_derived_index_figure_needs_its_method(tmp_path):
    from kostprijs.parameters import indexation as ixp

    path = tmp_path / "indexatie.yaml"
    path.write_text((params_root() / "indexatie.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    edit(path, "          value: 2.01\n          published: 2022-03\n",
         "          value: 2.01\n          published: 2022-03\n          status: derived\n")
    with pytest.raises(ParamErrors, match="a derived figure needs a method"):
        ixp.read(path)
