"""Every unit a shipped parameter set states has a Dutch rendering (issue 14 point 2), and the rendering
is the one function every output uses; the JSON keeps the unit as the file states it."""

from __future__ import annotations

import json

import pytest
import yaml

from kostprijs.analysis.explain import explain
from kostprijs.analysis.labels import has_unit_text, unit_text
from kostprijs.language import set_language
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import params_root, resolve


def _units(node, out: set) -> set:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "unit" and isinstance(v, str):
                out.add(v)
            _units(v, out)
    elif isinstance(node, list):
        for v in node:
            _units(v, out)
    return out


def shipped_units() -> set[str]:
    units: set[str] = set()
    for path in sorted(params_root().rglob("*.yaml")):
        _units(yaml.safe_load(path.read_text(encoding="utf-8")), units)
    return units


@pytest.fixture(autouse=True)
def dutch():
    set_language("nl")
    yield
    set_language("nl")


def test_every_unit_in_the_parameter_files_has_a_dutch_rendering():
    units = shipped_units()
    assert len(units) > 40                     # the grep of params/ finds about 70
    assert sorted(u for u in units if not has_unit_text(u)) == []


@pytest.mark.parametrize("region", ["nob-2021", "midden-limburg-2026"])
def test_every_unit_of_records_and_explain_rows_has_a_dutch_rendering(region):
    pset = load(resolve(region, None))
    units = {r.unit for r in pset.records} | {p.unit for p in pset.products}
    for p in pset.products:
        if p.index is None:
            continue
        units |= {r.unit for r in explain(pset, p.code) if r.unit}
    assert sorted(u for u in units if not has_unit_text(u)) == []


@pytest.mark.parametrize(("unit", "nl", "en"), [
    ("EUR/month", "€/maand", "EUR/month"),
    ("EUR/etmaal", "€/etmaal", "EUR/etmaal"),
    ("h/year", "uur/jaar", "h/year"),
    ("h/dagdeel", "uur/dagdeel", "h/dagdeel"),
    ("fraction of salary", "fractie van het salaris", "fraction of salary"),
    ("fraction of top step", "fractie van de hoogste trede", "fraction of top step"),
    ("share of staff hours", "aandeel van de personeelsuren", "share of staff hours"),
    ("days/year", "dagen/jaar", "days/year"),
    ("etmaal", "etmaal", "etmaal"),
])
def test_unit_text_in_both_languages(unit, nl, en):
    assert unit_text(unit) == nl
    set_language("en")
    assert unit_text(unit) == en


def test_an_unknown_unit_is_shown_as_stated():
    assert not has_unit_text("kilo per jeugdige")
    assert unit_text("kilo per jeugdige") == "kilo per jeugdige"
    assert unit_text(None) == ""


def test_params_json_keeps_the_unit_of_the_file(run):
    code, stdout, _ = run("params", "--format", "json")
    assert code == 0
    out = json.loads(stdout)
    units = {r["path"]: r["unit"] for r in out}
    assert units["opslagen.vakantiegeld"] == "fraction of salary"
