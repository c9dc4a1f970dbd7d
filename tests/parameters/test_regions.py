"""The other seed regions: parameter sets, check files and catalogue, each row against its seed line."""

from __future__ import annotations

import csv
import json
import re

import pytest

from kostprijs.parameters.compile import load
from kostprijs.parameters.load import params_root, resolve
from kostprijs.parameters.yamlio import read_yaml
from tests.conftest import seed_lines

ROOT = params_root()
REGISTRY = read_yaml(ROOT / "regions.yaml")[0]["regions"]
HEADER = ["code", "product", "unit", "tariff", "tariff_micro", "source"]


def check_rows(name: str) -> list[dict]:
    path = ROOT / REGISTRY[name]["check"]
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") or True  # BOM allowed by the agreed format
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        assert next(reader) == HEADER
        return [dict(zip(HEADER, row, strict=True)) for row in reader]


# --- every set loads ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n, e in REGISTRY.items() if "dir" in e])
def test_model_sets_load(name):
    pset = load(resolve(name, None))
    assert pset.model_products


@pytest.mark.parametrize("name", [n for n, e in REGISTRY.items() if "check" in e])
def test_check_files_parse_in_the_agreed_format(name):
    rows = check_rows(name)
    assert rows
    for r in rows:
        assert re.fullmatch(r"\d\d[A-Z0-9]\d\d", r["code"]), r
        assert re.fullmatch(r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d\d", r["tariff"]), r
        assert r["unit"] in ("minuut", "uur", "dagdeel", "etmaal", "traject"), r
        assert r["source"].startswith("seed 00"), r
    assert len({r["code"] for r in rows}) == len(rows)


@pytest.mark.parametrize("name", [n for n, e in REGISTRY.items() if "map" in e])
def test_mapping_files_name_real_codes(nob, name):
    data = read_yaml(ROOT / REGISTRY[name]["map"])[0]
    assert set(data) == {"source", "map"}
    codes = {r["code"] for r in check_rows(name)}
    nob_codes = {p.code for p in nob.products}
    for code, entry in data["map"].items():
        assert code in codes, f"{code} is not in the check file"
        assert set(entry) <= {"to", "note"} and entry.get("note")
        assert entry["to"] is None or entry["to"] in nob_codes
    # a region code that NOB uses for another product must be mapped explicitly, never matched by code
    for code in codes & nob_codes:
        assert code in data["map"], f"{code} collides with a NOB code and is not in the mapping"


# --- every check-file row against its seed line -------------------------------------------------
def test_centraal_gelderland_rows_match_seed_001():
    seed = seed_lines("001")
    rows = check_rows("centraal-gelderland-2020")
    assert len(rows) == 14
    for r in rows:
        refs = dict(re.findall(r"(^seed 001|code|card) ?l\.(\d+)", r["source"]))
        table, code, card = (seed[int(refs[k]) - 1] for k in ("seed 001", "code", "card"))
        m = re.fullmatch(r"(.*?) €\s+([\d.,]+) (\w+)\s*", table)
        assert m, table
        assert (m.group(1), m.group(2), m.group(3)) == (r["product"], r["tariff"], r["unit"])
        assert code.strip() == f"Productcode {r['code']}"
        assert card.strip() == f"Tarief € {r['tariff']} (max tarief)"


def test_rijk_van_nijmegen_rows_match_seed_003():
    seed = seed_lines("003")
    rows = check_rows("rijk-van-nijmegen-2025")
    assert len(rows) == 64
    for r in rows:
        (n,) = re.findall(r"^seed 003 l\.(\d+)$", r["source"])
        cells = seed[int(n) - 1].split("\t")
        assert cells[2:] == [r["code"], f"€ {r['tariff']}", r["unit"]]
        assert r["product"].startswith(cells[1])
    # the band structure as printed: one tariff per letter, shared by every banded product (C-J)
    by_letter: dict[str, set[str]] = {}
    for r in rows:
        if r["code"][3:] in ("27", "28", "52", "45", "11", "10") and r["code"][2] <= "J":
            by_letter.setdefault(r["code"][2], set()).add(r["tariff"])
    assert sorted(by_letter) == list("CDEFGHIJ")
    assert all(len(v) == 1 for v in by_letter.values())


def test_holland_rijnland_catalogue_matches_seed_002():
    seed = seed_lines("002")
    data = read_yaml(ROOT / REGISTRY["holland-rijnland-2022"]["catalogue"])[0]
    products = data["products"]
    assert len(products) == 40
    for p in products:
        assert f"({p['code']}" in seed[p["line"] - 1] or f" {p['code']}" in seed[p["line"] - 1], p
        if p["unit_printed"] is not None:
            assert p["unit_printed"] in seed[p["unit_line"] - 1], p
        for cap in p["caps"]:
            assert cap["printed"] in seed[cap["line"] - 1], cap
            assert str(cap["value"]) in cap["printed"] or cap["value"] in (4, 6), cap  # "vier"/"zes" in words


def test_midden_limburg_mix_and_groups_match_seed_000():
    seed = seed_lines("000")
    fm = read_yaml(ROOT / REGISTRY["midden-limburg-2026"]["dir"] / "functiemix.yaml")[0]
    level = {"MBO": "MBO4", "MS/KJP": "KJP"}
    checked = 0
    for code, p in fm["products"].items():
        mix = p.get("functiemix")
        if mix is None:
            continue
        n = int(re.search(r"seed 000 l\.(\d+)", mix["source"]).group(1))
        printed = re.findall(r"(\d+)%\s*(MS/KJP|[A-Z]+\+*)", seed[n - 1])
        assert {level.get(lv, lv): int(pct) / 100 for pct, lv in printed} == mix["value"], code
        checked += 1
        group = (p.get("staffing") or {}).get("group_size")
        if group:
            n = int(re.search(r"seed 000 l\.(\d+)", group["source"]).group(1))
            assert f"Gemiddeld {group['value']:g} (1 begeleider op {group['value']:g} jeugdigen)" in seed[n - 1]
    assert checked == 16


def test_midden_limburg_salaries_and_opslagen_are_the_nob_default(nob):
    src = resolve("midden-limburg-2026", None)
    assert src.path("cao_scales") == resolve("nob-2021", None).path("cao_scales")   # inherited, not copied
    assert not (src.directory / "cao_scales.yaml").exists()
    ml = load(src)
    a, b = ml.models, nob.models
    assert a["cao_scales"].caos == b["cao_scales"].caos
    for key in ("opslagen", "productiviteit", "voorzieningen", "tabel1", "afronding", "salary_date", "prijspeil"):
        assert getattr(a["opslagen"], key) == getattr(b["opslagen"], key), key
    assert a["opslagen"].kalender.dagen_per_jaar == b["opslagen"].kalender.dagen_per_jaar
    assert set(b["opslagen"].ort) <= set(a["opslagen"].ort)


# --- computing the Midden-Limburg set -----------------------------------------------------------
def test_compute_midden_limburg(run):
    code, out, err = run("compute", "--region", "midden-limburg-2026", "--format", "json")
    assert code == 0, err
    rows = {r["code"]: r for r in json.loads(out)}
    assert len(rows) == 20
    assert sum(r["basis"] == "model" for r in rows.values()) == 16
    assert rows["ML18"]["unit"] == "traject" and rows["ML18"]["tariff"] is None
    assert all(r["tariff"] is not None for r in rows.values() if r["basis"] == "model")


def test_group_hour_and_dagdeel_use_the_seed_group_sizes():
    import numpy as np

    from kostprijs.core import model as m

    ml = load(resolve("midden-limburg-2026", None))
    res = m.compute(ml.arrays)
    i = {p.code: p.index for p in ml.model_products}
    # J-GGZ groep D: an hourly tariff shared by 1 begeleider op 4 jeugdigen (seed 000 l.1718, l.1721)
    assert res.unrounded[i["ML12"]] == pytest.approx(res.hourly[i["ML12"]] / 4)
    # Hulpverlening groep A: 4 uur / 6 jeugdigen + NOB's EUR 6 per dagdeel
    assert res.unrounded[i["ML09"]] == pytest.approx(res.hourly[i["ML09"]] * 4 / 6 + 6.0)
    # individual hourly products: the hourly cost itself
    assert res.unrounded[i["ML01"]] == pytest.approx(res.hourly[i["ML01"]])
    assert np.all(res.cents[[i["ML01"], i["ML12"]]] % 60 == 0)  # NOB's uur rule: multiples of EUR 0,60


def test_region_without_model_parameters_is_one_line_error(run):
    code, out, err = run("compute", "--region", "rijk-van-nijmegen-2025")
    assert code == 2 and out == ""
    assert "rijk-van-nijmegen-2025" in err and "no model parameter set" in err and "Traceback" not in err


# --- schema extensions (backwards compatible) ---------------------------------------------------
def _product(**changes):
    base = {"name": "x", "indeling": "x", "unit": "uur", "basis": "model", "source": "s",
            "functiemix": {"value": {"HBO": 1.0}, "unit": "u", "source": "s"},
            "caos": {"value": ["jeugdzorg"], "unit": "u", "source": "s"},
            "productiviteit": {"value": "ambulant_jo_ghz", "unit": "u", "source": "s"},
            "ort": {"value": "geen", "unit": "u", "source": "s"}}
    base.update(changes)
    return base


def test_schema_group_hours_other_units_and_rules():
    from pydantic import ValidationError

    from kostprijs.parameters.schema import Product

    hour = {"value": 1, "unit": "h", "source": "s"}
    group = {"value": 4, "unit": "jeugdigen", "source": "s"}
    assert Product.model_validate(_product(staffing={"hours": hour, "group_size": group})).staffing
    assert Product.model_validate(_product(rules={"cap": {"value": 8, "unit": "uur per jaar", "source": "s"}}))
    with pytest.raises(ValidationError, match="hours: 1"):
        Product.model_validate(_product(staffing={"hours": {**hour, "value": 4}, "group_size": group}))
    with pytest.raises(ValidationError, match="takes no staffing"):
        Product.model_validate(_product(unit="minuut", staffing={"hours": hour, "group_size": group}))
    with pytest.raises(ValidationError, match="basis model needs a unit"):
        Product.model_validate(_product(unit="traject"))
    ok = Product.model_validate({"name": "x", "indeling": "x", "unit": "traject", "basis": "not_derivable",
                                 "source": "s", "reason": "no hours per traject"})
    assert ok.unit == "traject"


# --- kostprijs regions --------------------------------------------------------------------------
def test_regions_lists_every_set(run):
    code, out, err = run("regions")
    assert code == 0, err
    for name in REGISTRY:
        assert name in out
    flat = " ".join(out.split())
    # Dutch by default (issue 14), the counts from the files themselves
    rijk = len(check_rows("rijk-van-nijmegen-2025"))
    assert f"alleen controlebestand: {rijk} gepubliceerde tarieven" in flat, flat
    nob = load(resolve("nob-2021", None))
    fixed = sum(1 for p in nob.products if p.basis == "fixed")
    assert (f"model: {len(nob.model_products)} van {len(nob.products)} producten berekend, {fixed} vast, met "
            "gepubliceerde lijst") in flat
    assert "de referentieset: model en gepubliceerde lijst van seed 004" in flat
    for english in ("check file only", "products computed", "the reference set", "no amounts", "no cost build-up",
                    "publishes no tariffs"):
        assert english not in flat, english
    code, out, err = run("regions", "--lang", "en")
    assert f"check file only: {rijk} published tariffs" in " ".join(out.split())
    code, out, err = run("regions", "--format", "json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == set(REGISTRY)
    assert rows["midden-limburg-2026"]["kind"] == "model" and rows["midden-limburg-2026"]["year"] == 2026
    assert rows["centraal-gelderland-2020"]["rows"] == 14
    assert rows["holland-rijnland-2022"]["kind"] == "catalogue"
    assert rows["rijk-van-nijmegen-2025"]["completeness"].startswith("check file only: ")   # the JSON as documented
