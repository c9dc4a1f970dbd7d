"""Exports that open right in Excel: CSV (nl/intl), XLSX, JSON, iJw codes and units, pictures.

Readers are independent of the writers: Python's csv module, openpyxl's reader, the PNG header.
"""

from __future__ import annotations

import csv
import io
import json
import struct
import time
import zipfile

import pytest

from kostprijs.errors import KostprijsError
from kostprijs.presentation.writers import write_atomic_bytes
from tests.conftest import nl_csv_rows, xlsx_keys

WJ756 = {"minuut": "01", "uur": "04", "dagdeel": "16", "etmaal": "14"}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def nl_float(text: str) -> float | None:
    return None if text == "" else float(text.replace(",", "."))


@pytest.fixture(scope="module")
def compute_json():
    # run once for the module (the CLI in-process, output captured by hand)
    import contextlib

    from kostprijs.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):
        main(["compute", "--format", "json"])
    return json.loads(buf.getvalue())


# --- CSV ----------------------------------------------------------------------------------------
def test_nl_csv_reads_back_to_the_json_numbers(run, tmp_path, compute_json):
    out = tmp_path / "tarieven.csv"
    assert run("compute", "--format", "csv", "--output", str(out))[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = nl_csv_rows(raw.decode("utf-8"))
    assert len(rows) == len(compute_json)
    for got, want in zip(rows, compute_json, strict=True):
        assert set(want) <= set(got), set(want) - set(got)   # every JSON key is a CSV column
        assert got["code"] == want["code"] and got["product"] == want["product"]
        for key in ("tariff", "tariff_micro"):
            assert nl_float(got[key]) == want[key], (want["code"], key)
        for key in ("hourly", "hourly_micro"):
            if want[key] is None:
                assert got[key] == ""
            else:
                assert nl_float(got[key]) == pytest.approx(want[key], abs=5e-7)
        for key in ("tariff_cents", "tariff_micro_cents", "prijspeil"):
            assert (int(got[key]) if got[key] else None) == want[key]
        for key in ("productcategorie", "productcode", "wj756", "region", "unit", "rounding"):
            assert got[key] == (want[key] if want[key] is not None else "")
        assert "." not in got["tariff"]          # decimal comma, no thousands separator


def test_ijw_columns_and_eurocent(compute_json):
    by = {r["code"]: r for r in compute_json}
    r = by["45B50"]
    assert (r["productcategorie"], r["productcode"], r["wj756"]) == ("45", "45B50", "01")
    assert by["41A18"]["wj756"] == "16" and by["43A11"]["wj756"] == "14"
    assert r["region"] == "nob-2021" and r["prijspeil"] == 2020
    for row in compute_json:
        assert row["wj756"] == WJ756[row["unit"]]
        assert row["productcategorie"] == row["code"][:2] and row["productcode"] == row["code"]
        if row["tariff"] is not None:
            assert isinstance(row["tariff_cents"], int)
            assert row["tariff_cents"] == int(f"{row['tariff']:.2f}".replace(".", ""))
        else:
            assert row["tariff_cents"] is None
    # the original keys keep their names and order
    assert list(r)[:9] == ["code", "product", "unit", "basis", "tariff", "tariff_micro", "hourly", "hourly_micro",
                           "rounding"]


def test_intl_csv(run):
    code, out, _ = run("compute", "--format", "csv", "--csv-profile", "intl")
    assert code == 0 and not out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out), delimiter=","))
    by = {r["code"]: r for r in rows}
    assert float(by["45B50"]["tariff"]) == 1.02 and by["45B50"]["tariff_cents"] == "102"


def test_identical_input_gives_identical_csv(run, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    run("compute", "-f", "csv", "-o", str(a))
    run("compute", "-f", "csv", "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


# --- XLSX ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workbook_bytes_nob():
    from kostprijs.analysis.tariffs import TARIFF_COLUMNS, tariff_rows
    from kostprijs.core.model import compute
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve
    from kostprijs.presentation.xlsx import tariff_workbook

    pset = load(resolve("nob-2021", None))
    return pset, tariff_workbook(pset, tariff_rows(pset, compute(pset.arrays)), TARIFF_COLUMNS)


def test_xlsx_reads_back_with_numbers_and_formats(run, tmp_path, compute_json):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "tarieven.xlsx"
    code, _, err = run("compute", "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tarieven", "Opbouw", "Parameters", "Toelichting"]
    ws = wb["Tarieven"]
    assert [c.value for c in ws[1]][:5] == ["code", "product", "eenheid", "basis", "tarief"]   # Dutch headers
    header = xlsx_keys(ws)
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(compute_json)
    for cells, want in zip(rows, compute_json, strict=True):
        assert cells["code"].value == want["code"]
        for key in ("tariff", "tariff_micro", "hourly", "tariff_cents"):
            cell = cells[key]
            if want[key] is None:
                assert cell.value is None
                continue
            assert cell.data_type == "n", (want["code"], key)
            # Excel keeps 15-17 significant digits: exact for money, within 1e-14 for the unrounded hourly
            assert cell.value == pytest.approx(want[key], rel=1e-14, abs=0), (want["code"], key)
            assert isinstance(cell.value, int | float)
        if want["tariff"] is not None:
            assert "€" in cells["tariff"].number_format and "0.00" in cells["tariff"].number_format
            assert cells["tariff_cents"].number_format == "0"
        assert cells["wj756"].data_type == "s" and cells["wj756"].value == want["wj756"]   # "01" stays text
    # Opbouw: the last row of each product's build-up is its tariff
    ws = wb["Opbouw"]
    header = xlsx_keys(ws)
    last = {}
    for r in ws.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, r, strict=True))
        last[(row["code"], row["variant"])] = row["amount"]
    by = {r["code"]: r for r in compute_json}
    for (c, variant), amount in last.items():
        assert amount == pytest.approx(by[c]["tariff" if variant == "normal" else "tariff_micro"], abs=1e-9)
    assert {c for c, _ in last} == {r["code"] for r in compute_json if r["tariff"] is not None}
    # Parameters: every value used, with source and status
    ws = wb["Parameters"]
    header = xlsx_keys(ws)
    assert header[:6] == ["path", "value", "unit", "since", "status", "source"]
    statuses = {r[4] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert {"bron", "gekalibreerd"} <= statuses     # status words for people (the JSON keeps the keys)
    overhead = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "opslagen.overhead")
    assert overhead[1].data_type == "n" and overhead[1].value == 0.35


def test_identical_input_gives_identical_xlsx(workbook_bytes_nob, monkeypatch):
    from kostprijs.analysis.tariffs import TARIFF_COLUMNS, tariff_rows
    from kostprijs.core.model import compute
    from kostprijs.presentation.xlsx import tariff_workbook

    pset, first = workbook_bytes_nob
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 400 * 86400)   # a later clock changes nothing
    again = tariff_workbook(pset, tariff_rows(pset, compute(pset.arrays)), TARIFF_COLUMNS)
    assert again == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_compare_xlsx_has_a_sheet_per_scenario(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "cmp.xlsx"
    code, _, err = run("compare", "--scenario", "examples/overhead-30.yaml", "--set", "opslagen.risico=3%",
                       "-f", "xlsx", "-o", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tarieven", "overhead-30", "--set", "Vergelijking", "Wijzigingen", "Opbouw",
                             "Parameters", "Toelichting"]
    ws = wb["overhead-30"]
    header = xlsx_keys(ws)
    row = next(dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2) if r[0].value == "45B50")
    assert row["baseline"].value == 1.02 and row["tariff"].data_type == "n"
    assert row["tariff"].value < row["baseline"].value and row["delta_pct"].number_format == "0.00%"
    assert -0.06 < row["delta_pct"].value < 0   # a fraction, shown as %
    changes = {(r[0], r[1]) for r in wb["Wijzigingen"].iter_rows(min_row=2, values_only=True)}
    assert ("overhead-30", "opslagen.overhead") in changes and ("--set", "opslagen.risico") in changes


def test_xlsx_needs_an_output_file(run):
    code, out, err = run("compute", "--format", "xlsx")
    assert code == 2 and out == "" and "--output" in err and len(err.strip().splitlines()) == 1


# --- formula injection --------------------------------------------------------------------------
def test_product_name_starting_with_equals_is_neutralised(run, params_copy, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    evil = '=HYPERLINK("http://example.com","x")'
    edit(params_copy / "functiemix.yaml", 'name: "Begeleiding basis"', f"name: '{evil}'")
    edit(params_copy / "functiemix.yaml", 'name: "Begeleiding specialistisch"', "name: '@SUM(1+1)'")
    csv_out, xlsx_out = tmp_path / "t.csv", tmp_path / "t.xlsx"
    assert run("compute", "--params", str(params_copy), "-f", "csv", "-o", str(csv_out))[0] == 0
    rows = {r["code"]: r for r in nl_csv_rows(csv_out.read_text("utf-8"))}
    assert rows["45B50"]["product"] == "'" + evil and rows["45B51"]["product"] == "'@SUM(1+1)"
    assert run("compute", "--params", str(params_copy), "-f", "xlsx", "-o", str(xlsx_out))[0] == 0
    wb = openpyxl.load_workbook(xlsx_out)
    names = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)   # no formula anywhere
                if cell.value in (evil, "@SUM(1+1)"):
                    names.setdefault(ws.title, []).append(cell)
    assert {"Tarieven", "Opbouw"} <= set(names)
    for cell in names["Tarieven"]:
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(xlsx_out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet   # no formula element: the name is an inline string
    assert 't="inlineStr"><is><t>=HYPERLINK(' in sheet


# --- atomic writing -----------------------------------------------------------------------------
def test_interrupted_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "out.xlsx"

    def half(fh):
        fh.write(b"PK\x03\x04 half a workbook")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic_bytes(target, half)
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        write_atomic_bytes(target, half)
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_export_failing_half_way_keeps_the_existing_file(run, tmp_path, monkeypatch):
    from kostprijs.presentation import xlsx

    target = tmp_path / "t.xlsx"
    target.write_bytes(b"previous export")

    def broken(*_args, **_kwargs):
        raise KostprijsError("disk on fire")

    monkeypatch.setattr(xlsx, "_normalise_zip", broken)
    code, _, err = run("compute", "-f", "xlsx", "-o", str(target))
    assert code == 2 and "disk on fire" in err
    assert target.read_bytes() == b"previous export" and list(tmp_path.iterdir()) == [target]
    # bad input: no file at all
    fresh = tmp_path / "new.csv"
    code, _, err = run("compute", "-f", "csv", "-o", str(fresh), "--set", "opslagen.overhed=0.3")
    assert code == 2 and not fresh.exists()


# --- pictures -----------------------------------------------------------------------------------
def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_explain_plot_is_a_png_of_sensible_size(run, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "opbouw.png"
    code, stdout, err = run("explain", "41A18", "--micro", "--plot", str(out))
    assert code == 0, err
    assert "41A18" in stdout   # the table is still printed
    w, h = png_size(out.read_bytes())
    assert 600 <= w <= 2400 and 300 <= h <= 1600
    assert out.stat().st_size > 10_000


def test_compare_plot(run, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "delta.png"
    code, _, err = run("compare", "--scenario", "examples/overhead-30.yaml", "--plot", str(out))
    assert code == 0, err
    w, h = png_size(out.read_bytes())
    assert 600 <= w <= 2400 and 400 <= h <= 8000


def test_waterfall_adds_up_to_the_tariff(nob, compute_json):
    from kostprijs.presentation.plots import waterfall_steps

    by = {r["code"]: r for r in compute_json}
    for p in nob.products:
        if p.basis == "not_derivable":
            continue
        for micro in (False, True) if p.micro else (False,):
            steps, unit = waterfall_steps(nob, p.code, micro)
            tariff = by[p.code]["tariff_micro" if micro else "tariff"]
            assert steps[-1].amount == tariff and unit == f"EUR/{p.unit}"
            if p.index is not None:
                assert [s.label.split("\n")[0].split(" ")[0] for s in steps] == [
                    "salaris", "vakantiegeld,", "productiviteit", "overhead", "risico", "vaste", "tarief"]
                assert sum(s.amount for s in steps[:-1]) == pytest.approx(tariff, abs=0.01)
                assert all(s.amount >= 0 for s in steps)


def test_plot_without_matplotlib_names_the_extra(run, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)   # import matplotlib -> ImportError
    code, out, err = run("explain", "45B50", "--plot", str(tmp_path / "x.png"))
    assert code == 2 and out == "" and "pip install 'kostprijs[plot]'" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "x.png").exists()


def test_plot_needs_a_picture_suffix(run, tmp_path):
    code, _, err = run("explain", "45B50", "--plot", str(tmp_path / "x.gif"))
    assert code == 2 and ".png" in err


# --- codes and units on load --------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["45b50", "4B550", "45B500", "45B5", "45 B5", "ntb", "NTB-43-x", "ntb_43"])
def test_bad_product_codes_are_one_line_errors(run, params_copy, bad):
    edit(params_copy / "functiemix.yaml", '  "45B50":\n', f'  "{bad}":\n')
    code, _, err = run("compute", "--params", str(params_copy))
    assert code == 2 and "functiemix.yaml:" in err and repr(bad) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_ntb_placeholder_and_regional_codes(run, params_copy):
    edit(params_copy / "functiemix.yaml", '  "43B38":\n', '  "ntb-43-behandelgroep-zwaar":\n')
    code, out, err = run("compute", "--params", str(params_copy), "-f", "json")
    assert code == 0, err
    row = next(r for r in json.loads(out) if r["code"] == "ntb-43-behandelgroep-zwaar")
    assert (row["productcategorie"], row["productcode"], row["wj756"]) == ("43", None, "14")
    assert row["tariff"] is not None
    code, out, err = run("compute", "--region", "midden-limburg-2026", "-f", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert all(r["productcode"] is None and r["productcategorie"] is None for r in rows if r["code"].startswith("ML"))


def test_code_rules():
    from kostprijs.parameters import ijw

    for good in ("45B50", "54001", "43B38", "ntb-hic", "ntb-43-zwaar", "ML01", "ML03C"):
        assert ijw.code_problem(good) is None, good
    for bad in ("45b50", "4B550", "45B5O0", "", "45.B50", "ntb", "ntb-4-x"):
        assert ijw.code_problem(bad), bad
    assert [ijw.wj756(u) for u in ("minuut", "uur", "etmaal", "dagdeel")] == ["01", "04", "14", "16"]
    assert ijw.unit_problem("maand")


def test_index_xlsx_has_a_sheet_per_year(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "index.xlsx"
    code, _, err = run("index", "--to", "2022", "--ova", "2021=2", "--ova", "2022=3", "--materieel", "2021=1",
                       "--materieel", "2022=2", "-f", "xlsx", "-o", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Indexatie", "Gewichten", "Indexcijfers", "Productklassen", "2020", "2021", "2022",
                             "Parameters", "Toelichting"]
    ws = wb["2022"]
    header = xlsx_keys(ws)
    row = dict(zip(header, next(ws.iter_rows(min_row=2)), strict=True))
    assert row["year"].value == 2022 and row["tariff"].data_type == "n" and "€" in row["tariff"].number_format
    # percentages: all stored as fractions with a % format (the --ova 2022=3 given is 3%: 0.03)
    assert row["ova"].value == pytest.approx(0.03) and "%" in row["ova"].number_format
    for key in ("index", "correction", "rate"):
        assert "%" in row[key].number_format and abs(row[key].value) < 1, key


def _sheet_dicts(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2)]


def test_index_xlsx_holds_its_own_inputs_with_sources(run, tmp_path):
    """The weights, the figures of every indexed year (voorlopig and definitief, the one applied marked) and
    the product classes, as params/indexatie.yaml gives them (seed 004 l.2432: ambulant 85% OVA, 15%
    materieel), and a Dutch Toelichting naming the correction rule."""
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "index.xlsx"
    code, _, err = run("index", "--to", "2022", "--ova", "2022=3", "--materieel", "2022=2", "-f", "xlsx",
                       "-o", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    weights = {(r["Klasse"].value, r["Reeks"].value): r for r in _sheet_dicts(wb["Gewichten"])}
    amb = weights[("ambulant", "ova")]
    assert amb["Gewicht"].value == 0.85 and "%" in amb["Gewicht"].number_format
    assert weights[("ambulant", "materieel")]["Gewicht"].value == 0.15
    assert "85% OVA" in amb["Bron"].value
    figures = _sheet_dicts(wb["Indexcijfers"])
    ova21 = {r["Soort cijfer"].value: r for r in figures if r["Jaar"].value == 2021 and r["Reeks"].value == "ova"}
    # params/indexatie.yaml: OVA 2021 voorlopig 3.24 (applied under --method vng), definitief 2.01 (2022-03)
    assert ova21["voorlopig"]["Cijfer"].value == 0.0324 and ova21["voorlopig"]["Toegepast"].value == "ja"
    assert ova21["definitief"]["Cijfer"].value == 0.0201 and ova21["definitief"]["Toegepast"].value == "nee"
    assert ova21["definitief"]["Gepubliceerd"].value == "2022-03" and "nza.nl" in ova21["definitief"]["Bron"].value
    given = [r for r in figures if r["Jaar"].value == 2022 and r["Reeks"].value == "ova"
             and r["Soort cijfer"].value.startswith("opdrachtregel")]
    assert len(given) == 1 and given[0]["Cijfer"].value == 0.03 and given[0]["Toegepast"].value == "ja"
    assert all(r["Reeks"].value != "nea" for r in figures)          # no product of NOB is in the class vervoer
    classes = {r["Code"].value: r["Klasse"].value for r in _sheet_dicts(wb["Productklassen"])}
    assert classes["45B50"] == "ambulant" and classes["43A11"] == "verblijf"
    info = {r[0].value: r[1].value for r in wb["Toelichting"].iter_rows(min_row=2)}
    assert info["correctie"].startswith("verschil: gewogen definitief min gewogen voorlopig")
    assert "blad Gewichten" in info and "blad Indexcijfers" in info


# --- printing: page setup, and the NOB Tarieven sheet on at most 3 A4 pages (rendered by LibreOffice) ----
ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "artifacts"


def test_xlsx_sheets_print_landscape_fit_to_width_with_header_rows(workbook_bytes_nob):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes_nob[1]))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth >= 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        head = ws.cell(row=1, column=1).font
        assert head.name and head.sz and head.b
    tar = wb["Tarieven"]
    assert tar.print_title_rows == "$1:$1"
    for c in range(1, tar.max_column + 1):      # no column narrower than its header's longest word
        header = str(tar.cell(row=1, column=c).value)
        assert tar.column_dimensions[tar.cell(row=1, column=c).column_letter].width >= max(map(len, header.split()))


def test_wrapped_lines_counts_as_a_greedy_word_wrap():
    from kostprijs.presentation.xlsx import wrapped_lines

    # width 6 holds 7 characters (1.2 per unit): "aaa bbb" fills a line, "ccc" the next
    assert wrapped_lines("aaa bbb ccc", 6) == 2
    assert wrapped_lines("aaa bbbb", 6) == 2                 # 8 characters do not fit on 7
    assert wrapped_lines("a" * 15, 6) == 3                   # a long word is broken: 7 + 7 + 1
    assert wrapped_lines("kort\nnog een regel", 40) == 2     # a line break is a line


def test_rows_grow_with_their_wrapped_text_so_print_does_not_overlap(workbook_bytes_nob):
    """LibreOffice and Excel keep a row at one line unless the file says otherwise: a wrapped note then
    prints over the next row. Every Tarieven row with text longer than its column is as tall as its lines."""
    openpyxl = pytest.importorskip("openpyxl")
    from kostprijs.presentation.xlsx import LINE_HEIGHT, wrapped_lines

    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes_nob[1]))["Tarieven"]
    header = [c.value for c in ws[1]]
    width = {h: ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width for i, h in enumerate(header)}
    tall = short = 0
    for row in ws.iter_rows(min_row=2):
        lines = max(wrapped_lines(c.value, width[h]) for h, c in zip(header, row, strict=True)
                    if isinstance(c.value, str) and c.value)
        height = ws.row_dimensions[row[0].row].height
        if lines > 1:
            assert height is not None and height >= lines * LINE_HEIGHT, (row[0].value, lines, height)
            tall += 1
        else:
            assert height is None, row[0].value
            short += 1
    assert tall and short                   # NOB has both: long notes (45D56) and one-line rows


def _word_heights(pdf) -> list[float]:
    import re
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', xml)]


def control_pt(office, tmp_path) -> float:
    """The word-box height of 10 pt body text printed unscaled (the same font and renderer), per pt."""
    import statistics
    import subprocess

    import openpyxl
    from openpyxl.styles import Font

    from kostprijs.presentation.xlsx import FONT, FONT_SIZE

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Controle tekst"
    wb.active["A1"].font = Font(name=FONT, size=FONT_SIZE)
    path = tmp_path / "control.xlsx"
    wb.save(path)
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    return statistics.median(_word_heights(tmp_path / "control.pdf")) / FONT_SIZE


def printed_pt(pdf, per_pt: float) -> float:
    """The printed size of the body text: the median word-box height over the control's height per pt."""
    import statistics

    return statistics.median(_word_heights(pdf)) / per_pt


def test_nob_tarieven_sheet_prints_on_at_most_3_a4_pages(workbook_bytes_nob, tmp_path):
    import shutil
    import subprocess

    openpyxl = pytest.importorskip("openpyxl")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdfinfo") is None:
        pytest.skip("needs libreoffice-calc-nogui and poppler-utils (.ci/run installs them)")
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes_nob[1]))
    for name in wb.sheetnames:
        if name != "Tarieven":
            del wb[name]
    path = tmp_path / "tarieven.xlsx"
    wb.save(path)
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "tarieven.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 3, pages
    # and readable: the body text prints at 7 pt or more (it printed at 3,8 pt, all 17 columns on one width)
    assert printed_pt(pdf, control_pt(office, tmp_path)) >= 6.9
    printed = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Tarieven — pagina 1" in printed and "45B50" in printed and "€ 1.02" in printed.replace(",", ".")
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "tarieven")],
                   check=True, timeout=60)


# --- pictures: names at word boundaries, a visible 0%, Dutch axes (the PNGs stay in tests/artifacts) ----
def test_plot_labels_break_at_word_boundaries_and_zero_reads_0_0():
    from kostprijs.presentation.plots import name_label, percent_nl

    name = "45A70 Netwerk intensief specialistisch behandeling en begeleiding (micro)"
    label = name_label(name)
    words = set(name.split())
    for part in label.replace(" …", "").split():
        assert part in words, part          # every word whole: nothing cut mid-word
    assert len(label.splitlines()) <= 2
    assert percent_nl(0.0) == "0,0%" and percent_nl(-0.00001) == "0,0%" and percent_nl(1.25, signed=True) == "+1,2%"


def test_plots_are_drawn_for_the_artifacts_folder(run):
    pytest.importorskip("matplotlib")
    ARTIFACTS.mkdir(exist_ok=True)
    waterfall, delta = ARTIFACTS / "explain-45B50.png", ARTIFACTS / "compare-overhead-30-micro-35.png"
    assert run("explain", "45B50", "--plot", str(waterfall))[0] == 0
    code, _, err = run("compare", "--scenario", "examples/overhead-30.yaml", "--scenario",
                       "examples/micro-overhead-35.yaml", "--plot", str(delta))
    assert code == 0, err
    assert png_size(waterfall.read_bytes())[0] >= 600 and png_size(delta.read_bytes())[0] >= 600


def test_render_the_index_compare_and_diff_workbooks_to_png(run, tmp_path):
    """Pages of the index, compare and diff workbooks as LibreOffice prints them, kept in tests/artifacts/ to
    look at; every sheet prints with its name in the footer, and the index workbook's input sheets are there."""
    import shutil
    import subprocess

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs libreoffice-calc-nogui and poppler-utils (.ci/run installs them)")
    books = {"index": ("index", "--to", "2025"),
             "compare": ("compare", "--scenario", str(ARTIFACTS.parents[1] / "examples" / "overhead-30.yaml")),
             "diff": ("diff", "nob-2021", "nob-2021", "--set-b", "opslagen.overhead=30%")}
    for name, args in books.items():
        code, _, err = run(*args, "--format", "xlsx", "--output", str(tmp_path / f"{name}.xlsx"))
        assert code == 0, err
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(tmp_path / f"{n}.xlsx") for n in books)],
                   check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", str(tmp_path / "index.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    for sheet in ("Indexatie", "Gewichten", "Indexcijfers", "Productklassen", "2025", "Toelichting"):
        assert f"{sheet} — pagina" in text, sheet
    assert "seed 004 l.2432-2433" in text              # the weights' source is printed, not only the figures
    ARTIFACTS.mkdir(exist_ok=True)
    for name in books:
        for old in ARTIFACTS.glob(f"{name}-workbook-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-l", "6", str(tmp_path / f"{name}.pdf"),
                        str(ARTIFACTS / f"{name}-workbook")], check=True, timeout=120)
        assert list(ARTIFACTS.glob(f"{name}-workbook-*.png")), name


def test_secondary_columns_are_folded_away_and_every_figure_kept(workbook_bytes_nob):
    """The Tarieven columns for machines (iJw fields, cents, region) are a closed column group: not printed,
    one click shows them; their values are all there (issue 14: the sheet printed at 3,8 pt)."""
    openpyxl = pytest.importorskip("openpyxl")
    from kostprijs.presentation.xlsx import TARIFF_SECONDARY

    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes_nob[1]))
    ws = wb["Tarieven"]
    header = xlsx_keys(ws)
    for i, key in enumerate(header, start=1):
        dim = ws.column_dimensions[ws.cell(row=1, column=i).column_letter]
        folded = key in TARIFF_SECONDARY
        assert bool(dim.hidden) == folded and (dim.outline_level or 0) == (1 if folded else 0), key
    cents = header.index("tariff_cents")
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "45B50")
    assert row[cents] == 102 and {"tariff", "tariff_micro", "hourly", "note"}.isdisjoint(TARIFF_SECONDARY)
    about = {r[0]: r[1] for r in wb["Toelichting"].iter_rows(min_row=2, values_only=True)}
    assert "ingeklapt" in about["afdrukken"] and "7 pt" in about["afdrukken"]
