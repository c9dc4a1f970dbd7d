"""Every workbook writer honours --lang (issue 14): Dutch headers and Toelichting by default, the keys and an
English Toelichting with --lang en; the index workbook's own sheets (Gewichten, Indexcijfers, Productklassen)
and its Parameters sheet too. Sheet names stay as they are in both languages (names, like file names)."""

from __future__ import annotations

import openpyxl
import pytest

from kostprijs.language import HEADERS

WORKBOOKS = {
    "compute": ("compute",),
    "compare": ("compare", "--set", "opslagen.overhead=30%"),
    "index": ("index", "--to", "2022"),
}
#: the Toelichting's own words, Dutch and English
ABOUT = {"nl": ("parameterset", "geldig vanaf", "getallen", "tekst"),
         "en": ("parameter set", "valid from", "numbers", "text")}


def book(run, tmp_path, name, lang):
    out = tmp_path / f"{name}-{lang}.xlsx"
    code, _, err = run(*WORKBOOKS[name], "--lang", lang, "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    return openpyxl.load_workbook(out, read_only=True)


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_toelichting_and_headers_follow_the_language(run, tmp_path, name):
    dutch_only = {v for k, v in HEADERS.items() if v != k}          # a Dutch header that is not its key
    for lang in ("nl", "en"):
        wb = book(run, tmp_path, name, lang)
        about = {r[0] for r in wb["Toelichting"].iter_rows(min_row=2, values_only=True)}
        assert set(ABOUT[lang]) <= about, (lang, about)
        assert not set(ABOUT["nl" if lang == "en" else "en"]) & about - {"tekst", "text"} - set(ABOUT[lang])
        assert any(str(item).startswith("blad " if lang == "nl" else "sheet ") for item in about)
        for ws in wb:
            header = [c for c in next(ws.iter_rows(max_row=1, values_only=True)) if c]
            if lang == "en":
                assert not dutch_only & set(header), (ws.title, dutch_only & set(header))


def test_the_index_workbook_sheets_in_english(run, tmp_path):
    wb = book(run, tmp_path, "index", "en")
    heads = {ws.title: list(next(ws.iter_rows(max_row=1, values_only=True))) for ws in wb}
    assert heads["Gewichten"][:5] == ["Class", "Description", "Products", "Series", "Weight"]
    assert heads["Indexcijfers"][:3] == ["Year", "Series", "Series name"]
    assert heads["Productklassen"][:4] == ["Code", "Product", "Unit", "Class"]
    applied = {r[heads["Indexcijfers"].index("Applied")] for r in wb["Indexcijfers"].iter_rows(min_row=2,
                                                                                               values_only=True)}
    assert applied <= {"yes", "no"} and applied
    wb = book(run, tmp_path, "index", "nl")
    heads = list(next(wb["Gewichten"].iter_rows(max_row=1, values_only=True)))
    assert heads[:5] == ["Klasse", "Omschrijving", "Producten", "Reeks", "Gewicht"]


def test_the_index_parameters_sheet_reads_dutch(run, tmp_path):
    """Units and statuses as a person reads them (€/maand, gekalibreerd), as in the compute workbook."""
    wb = book(run, tmp_path, "index", "nl")
    rows = {r[0]: r for r in wb["Parameters"].iter_rows(min_row=2, values_only=True)}
    top = rows["caos.jeugdzorg.7.top"]
    assert top[2] == "€/maand" and top[4] == "gekalibreerd", top
    wb = book(run, tmp_path, "index", "en")
    rows = {r[0]: r for r in wb["Parameters"].iter_rows(min_row=2, values_only=True)}
    assert rows["caos.jeugdzorg.7.top"][4] == "calibrated"


def test_the_index_input_sheets_show_units_and_statuses_as_read(run, tmp_path):
    """Gewichten, Indexcijfers, Productklassen: 'aandeel van het tarief', 'bron' (they showed the file's
    'share of the tariff', 'sourced' in both languages)."""
    for lang, unit, status in (("nl", "aandeel van het tarief", "bron"), ("en", "share of the tariff", "sourced")):
        wb = book(run, tmp_path, "index", lang)
        rows = list(wb["Gewichten"].iter_rows(min_row=2, values_only=True))
        assert {r[5] for r in rows} == {unit} and status in {r[6] for r in rows}, (lang, rows[0])
        assert status in {r[4] for r in wb["Productklassen"].iter_rows(min_row=2, values_only=True)}
