"""The input workbook (`kostprijs template`, `--params invoer.xlsx`, `kostprijs convert`) and `kostprijs init`.

The reference for every round trip is the YAML set itself: YAML -> XLSX -> YAML must give the same raw
data, the same compiled model and the same `params` listing, for the shipped sets and for random valid
sets (hypothesis). A workbook re-saved by LibreOffice must read the same. Rendered pages are kept in
tests/artifacts/ (git-ignored) to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from kostprijs.errors import KostprijsError, ParamErrors
from kostprijs.parameters.compile import build
from kostprijs.parameters.load import FILES, RawSet, Source, read_set, resolve
from kostprijs.parameters.setfiles import to_yaml
from kostprijs.parameters.workbook import location_text, params_locations, parse_location, read_raw
from kostprijs.parameters.yamlio import load_text
from kostprijs.presentation.input_workbook import input_workbook

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
EXAMPLES = int(10 * float(os.environ.get("KOSTPRIJS_FUZZ_SCALE", "1")))


def _raw(region: str) -> tuple[Source, RawSet]:
    source = resolve(region, None)
    return source, read_set(source)


NOB = _raw("nob-2021")
ML = _raw("midden-limburg-2026")


def workbook_of(data: dict, tmp: Path, name: str = "invoer.xlsx") -> Path:
    pset = build(Source("x", tmp, None), RawSet(data, {k: {} for k in FILES}, {k: k for k in FILES}))
    path = tmp / name
    path.write_bytes(input_workbook(data, params_locations(pset), "test"))
    return path


def own_set(source: Source, raw: RawSet) -> dict:
    """The raw data with every file's set the set's own (a copy of a set with inherited files)."""
    data = pickle.loads(pickle.dumps(raw.data))
    for key in FILES:
        data[key]["set"] = data["opslagen"]["set"]
    return data


def compiled(data: dict, where: Path):
    return build(Source("x", where, None), RawSet(data, {k: {} for k in FILES}, {k: k for k in FILES}))


def assert_same_model(a, b) -> None:
    for name in a.arrays.names:
        x, y = np.asarray(getattr(a.arrays, name)), np.asarray(getattr(b.arrays, name))
        assert x.shape == y.shape and np.array_equal(x, y), name
    assert [(r.path, r.value, r.unit, r.since, r.source, r.status) for r in a.records] == \
           [(r.path, r.value, r.unit, r.since, r.source, r.status) for r in b.records]
    assert a.products == b.products


def yaml_back(raw: RawSet) -> dict:
    return {key: load_text(to_yaml(raw.data[key]), key)[0] for key in FILES}


# --- locations -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("loc", [
    ("caos", "ghz", "tables", 0, "scales", "FWG45", "top", "value"),
    ("tabel1", "columns", "ggz", "cells", "WO++", "ggz:FWG 60"),
    ("caos", "ghz", "tables", 1, "ladder", "value", 12),
    ("caos", "ghz", "ladder_checks", 0, "value", 3),
    ("products", "a.b", "rules", "x[1]", "value"),
    ("products", ' "q" ', "note"),
])
def test_a_location_reads_back_as_written(loc):
    assert parse_location(location_text(loc)) == loc


def test_ladder_keys_are_numbers_and_scale_names_text():
    assert parse_location("caos.ghz.tables[1].ladder.value.12")[-1] == 12
    assert parse_location("caos.jeugdzorg.tables[0].scales.9.top")[-2] == "9"


# --- the shipped sets ----------------------------------------------------------------------------------
@pytest.mark.parametrize("region", ["nob-2021", "midden-limburg-2026"])
def test_shipped_set_round_trips_exactly(region, tmp_path):
    source, raw = NOB if region == "nob-2021" else ML
    data = own_set(source, raw)
    back = read_raw(workbook_of(data, tmp_path))
    assert back.data == data
    assert yaml_back(back) == data
    assert_same_model(compiled(data, tmp_path), compiled(yaml_back(back), tmp_path))


def same_tariffs(a: list[dict], b: list[dict]) -> bool:
    """The same rows but for the provenance: the set's name comes from the directory or workbook, and the
    fingerprint covers the file's ``set`` key, which `init` and `template` write with the new name."""
    def strip(rows):
        return [{k: v for k, v in r.items() if k not in ("parameter_set", "fingerprint")} for r in rows]

    return strip(a) == strip(b)


def test_compute_from_the_workbook_equals_the_region(run, tmp_path):
    path = tmp_path / "invoer.xlsx"
    code, _, err = run("template", "--output", str(path))
    assert code == 0, err
    a = run("compute", "--region", "nob-2021", "--format", "json")
    b = run("compute", "--params", str(path), "--format", "json")
    assert a[0] == b[0] == 0
    assert same_tariffs(json.loads(a[1]), json.loads(b[1]))
    pa = json.loads(run("params", "--region", "nob-2021", "--format", "json")[1])
    pb = json.loads(run("params", "--params", str(path), "--format", "json")[1])
    assert [{k: v for k, v in r.items() if k not in ("file", "parameter_set", "fingerprint")} for r in pa] == \
           [{k: v for k, v in r.items() if k not in ("file", "parameter_set", "fingerprint")} for r in pb]


# --- random valid sets ---------------------------------------------------------------------------------
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff;"),
               min_size=1, max_size=20).filter(lambda t: t.strip() not in ("{}", "[]") and t == t.strip())
def excel(x: float) -> float:
    """A workbook holds a number to 15-16 significant digits (openpyxl writes %.16g, Excel keeps 15): a value
    of 17 digits comes back 1e-16 apart. The random values are therefore drawn with 15 digits."""
    return float(f"{x:.15g}")


NUMBER = st.one_of(st.floats(0.0, 1.0).map(excel), st.integers(0, 1),
                   st.sampled_from([excel(0.1 + 0.2), excel(1 / 3), 1e-9, 0.07]))


@st.composite
def random_set(draw):
    """A valid set near a shipped one: values of any precision, texts of any Unicode, dates, provenance
    added and removed, products dropped and reordered."""
    source, raw = draw(st.sampled_from([NOB, ML]))
    data = own_set(source, raw)
    op, fm, cs = data["opslagen"], data["functiemix"], data["cao_scales"]
    for _name, rec in op["opslagen"].items():
        rec["value"] = draw(NUMBER)
        rec["source"] = draw(TEXT)
        if draw(st.booleans()):
            rec["since"] = draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)))
        if draw(st.booleans()):
            rec["note"] = draw(TEXT)
        rec.pop("method", None) if draw(st.booleans()) else None
    for rec in op["ort"].values():
        rec["value"] = draw(NUMBER)
    for cao in cs["caos"].values():
        for table in cao["tables"]:
            for scale in table["scales"].values():
                scale["top"]["value"] = excel(draw(st.floats(1.0, 20000.0)))
                scale["top"]["unit"] = draw(TEXT)
    codes = list(fm["products"])
    keep = draw(st.permutations(codes))[:draw(st.integers(1, len(codes)))]
    fm["products"] = {c: fm["products"][c] for c in keep}
    for p in fm["products"].values():
        p["name"] = draw(TEXT)
        if p.get("note") is not None or draw(st.booleans()):
            p["note"] = draw(TEXT)
        mix = (p.get("functiemix") or {}).get("value")
        if mix and draw(st.booleans()):
            w = [draw(st.floats(0.01, 1.0)) for _ in mix]
            for level, x in zip(list(mix), w, strict=True):
                mix[level] = excel(x / sum(w))
            mix[next(iter(mix))] = excel(mix[next(iter(mix))] + 1.0 - sum(mix.values()))
            p["functiemix"]["status"] = draw(st.sampled_from(["sourced", "choice", "derived"]))
    try:
        compiled(data, Path("."))
    except (ParamErrors, KostprijsError):
        assume(False)
    return data


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])
@given(data=random_set())
def test_yaml_to_workbook_to_yaml_is_lossless(data, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rt")
    back = read_raw(workbook_of(data, tmp))
    again = yaml_back(back)
    assert again == data
    assert_same_model(compiled(data, tmp), compiled(again, tmp))


# --- errors name sheet and cell ------------------------------------------------------------------------
def _cell_of(ws, code: str, header: str) -> str:
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == code:
            return row[headers.index(header)].coordinate
    raise AssertionError(code)


def test_a_functiemix_off_100_names_its_row(run, tmp_path):
    import openpyxl

    path = workbook_of(own_set(*NOB), tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Functiemix"]
    mix = NOB[1].data["functiemix"]["products"]["45B50"]["functiemix"]["value"]
    level = max(mix, key=mix.get)
    ws[_cell_of(ws, "45B50", level)].value = mix[level] - 0.05
    total = _cell_of(ws, "45B50", "Totaal")
    wb.save(path)
    code, out, err = run("compute", "--params", str(path))
    assert code == 2 and out == ""
    assert err.strip().startswith(f"kostprijs: error: {path}:Functiemix!{total}: products.45B50.functiemix.value: "
                                  "functiemix sums to 95%, not 100%"), err
    assert len(err.strip().splitlines()) == 1


def test_a_share_typed_as_percent_names_its_cell(run, tmp_path):
    import openpyxl

    path = workbook_of(own_set(*NOB), tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Opslagen"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "opslagen.vakantiegeld.value")
    row[3].value = 8
    wb.save(path)
    code, out, _err = run("validate", "--params", str(path))
    assert code == 1          # validate: problems found
    assert f"{path}:Opslagen!D{row[3].row}: opslagen.vakantiegeld.value: Input should be less than or equal to 1" \
        in out


def test_rows_above_the_header_keep_the_cells_named_and_whole_numbers_read_as_ints(run, tmp_path):
    """A title typed above the header (two rows inserted) moves every cell down: the error names the
    cell where the value now is. A whole number (typed as 36) reads as the int the YAML holds."""
    import openpyxl

    path = workbook_of(own_set(*NOB), tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Opslagen"]
    ws.insert_rows(1, 2)
    ws["C2"] = "Mijn opslagen"
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "opslagen.vakantiegeld.value")
    row[3].value = 8
    wb.save(path)
    code, out, _err = run("validate", "--params", str(path))
    assert code == 1
    assert f"{path}:Opslagen!D{row[3].row}: opslagen.vakantiegeld.value: Input should be less than or equal to 1" \
        in out
    hours = read_raw(path).data["cao_scales"]["caos"]["jeugdzorg"]["hours_per_week"]["value"]
    assert hours == 36 and type(hours) is int


def test_a_missing_sheet_and_a_non_workbook_are_one_line(run, tmp_path):
    import openpyxl

    path = workbook_of(own_set(*NOB), tmp_path)
    wb = openpyxl.load_workbook(path)
    del wb["Tabel 1"]
    wb.save(path)
    code, _, err = run("compute", "--params", str(path))
    assert code == 2 and "no sheet Tabel 1" in err and len(err.strip().splitlines()) == 1
    fake = tmp_path / "nep.xlsx"
    fake.write_text("no zip")
    code, _, err = run("compute", "--params", str(fake))
    assert code == 2 and "not an xlsx workbook" in err


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    data = own_set(*NOB)
    data["opslagen"]["opslagen"]["risico"]["source"] = "=HYPERLINK(\"http://x\")"
    path = workbook_of(data, tmp_path)
    import openpyxl

    ws = openpyxl.load_workbook(path)["Opslagen"]
    cell = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "opslagen.risico.value")[7]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.quotePrefix
    assert read_raw(path).data == data


def test_long_template_sheets_print_on_as_many_pages_as_needed_with_the_header_on_each(tmp_path):
    """Fit to the page width but not one page high (a long sheet on one page prints unreadably small), the
    header row repeated on every page, landscape. A sheet wider than an A4 page holds at about 7 pt prints on
    as many pages wide as that needs (issue 14: it printed at 4 pt), its first column on every page."""
    import openpyxl

    from kostprijs.presentation.xlsx import PRINT_SLACK, PRINT_UNITS

    wb = openpyxl.load_workbook(workbook_of(own_set(*NOB), tmp_path))
    for name in ("Algemeen", "CAO-schalen", "Opslagen", "Productiviteit", "Tabel 1", "Producten", "Functiemix",
                 "Productgegevens"):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        wide, high = ws.page_setup.fitToWidth, ws.page_setup.fitToHeight
        total = sum(ws.column_dimensions[c.column_letter].width for c in ws[1])
        first = ws.column_dimensions["A"].width
        per_page = (total + (wide - 1) * first) / wide          # the columns of one printed page
        assert high == 0 and per_page <= PRINT_UNITS * PRINT_SLACK, (name, wide, per_page)
        assert wide == 1 or ws.print_title_cols == "$A:$A", name
        assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape", name
    assert wb["Toelichting"].page_setup.fitToHeight == 0


# --- LibreOffice -----------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_a_workbook_resaved_by_libreoffice_reads_the_same(tmp_path):
    data = own_set(*NOB)
    path = workbook_of(data, tmp_path)
    out = tmp_path / "resaved"
    env = {**os.environ, "HOME": str(tmp_path)}       # a profile of its own: no clash with another soffice
    subprocess.run([SOFFICE, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=300, env=env)
    resaved = out / path.name
    assert resaved.read_bytes() != path.read_bytes()
    assert read_raw(resaved).data == data


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice or pdftoppm (poppler-utils) missing; .ci/run installs them")
def test_render_the_template_to_png(tmp_path):
    """Pages of the NOB template as LibreOffice prints them, kept in tests/artifacts/ to look at."""
    path = workbook_of(own_set(*NOB), tmp_path, "invoer-nob-2021.xlsx")
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300, env=env)
    pdf = tmp_path / "invoer-nob-2021.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("invoer-nob-2021-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "invoer-nob-2021")], check=True,
                   timeout=300)
    assert len(list(ARTIFACTS.glob("invoer-nob-2021-*.png"))) >= 8   # Toelichting and one page per sheet at least


# --- init and convert -----------------------------------------------------------------------------------
def test_init_copies_validates_and_refuses_a_non_empty_directory(run, tmp_path):
    target = tmp_path / "mijn"
    code, out, err = run("init", str(target), "--from", "midden-limburg-2026")
    assert code == 0, err
    assert out.startswith(f"{target}: ") and "(gevalideerd)" in out and f"kostprijs validate --params {target}" in out
    assert sorted(p.name for p in target.iterdir()) == ["cao_scales.yaml", "functiemix.yaml", "opslagen.yaml"]
    text = (target / "opslagen.yaml").read_text(encoding="utf-8")
    assert text.startswith("# kostprijs-parameterset: opslagen.yaml") and "Pas eerst aan:" in text
    assert run("validate", "--params", str(target))[0] == 0
    a = run("compute", "--region", "midden-limburg-2026", "--format", "json")[1]
    b = run("compute", "--params", str(target), "--format", "json")[1]
    assert same_tariffs(json.loads(a), json.loads(b))
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    code, _, err = run("init", str(target))
    assert code == 2 and "not empty" in err
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_convert_both_ways(run, tmp_path):
    book = tmp_path / "invoer.xlsx"
    assert run("template", "--output", str(book))[0] == 0
    folder = tmp_path / "terug"
    code, _, err = run("convert", str(book), "--to", str(folder))
    assert code == 0, err
    raw = read_set(Source("terug", folder, None))
    assert raw.data == own_set(*NOB)
    again = tmp_path / "weer.xlsx"
    assert run("convert", str(folder), "--to", str(again))[0] == 0
    assert read_raw(again).data == raw.data
    code, _, err = run("convert", str(book), "--to", str(folder))
    assert code == 2 and "not empty" in err
