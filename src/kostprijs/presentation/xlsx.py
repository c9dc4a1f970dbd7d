"""XLSX workbooks (openpyxl): real numbers with number formats, deterministic bytes, no formulas.

* Numbers are numeric cells with an Excel number format (euro amounts ``[$€-413] #,##0.00``), never
  text; Excel shows them in the user's locale. Percentages (keys ending in ``_pct``) are stored as
  fractions with a ``0.00%`` format, as Excel does; integers (eurocent, years) as whole numbers.
* No cell is a formula: every text is a string cell; a text starting with = + - @ (or tab/CR) is
  additionally marked "quote prefix", so Excel keeps it text even when the cell is edited.
* Identical input gives a byte-identical file: the document properties carry a fixed timestamp
  (SOURCE_DATE_EPOCH if set, else 1980-01-01) and the zip entries a fixed date, order and mode.

The sheets: :func:`tariff_workbook` (``compute``), :func:`compare_workbook` (``compare``) and
:func:`tables_workbook` / :func:`year_workbook` (any rows, e.g. one sheet per year for ``index``).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kostprijs.analysis.labels import rounding_text
from kostprijs.analysis.tariffs import parameter_rows
from kostprijs.errors import KostprijsError
from kostprijs.presentation.writers import FORMULA_START, write_atomic_bytes

EURO = "[$€-413] #,##0.00"
EURO_PRECISE = "[$€-413] #,##0.0000"      # unrounded amounts (the cost per hour)
NUMBER = "#,##0.00##"                      # a running amount of the build-up (its unit is in the next column)
PERCENT = "0.00%"
INTEGER = "0"
GENERAL = "General"

#: a fixed epoch for zip entries (the earliest a zip can hold) and the document properties
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Column:
    key: str
    kind: str = "text"        # text | euro | euro_precise | number | percent | integer | general
    header: str | None = None
    width: float | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: list[Mapping[str, Any]]
    freeze: bool = True
    #: the line under the header when there are no rows (an empty sheet reads as missing data)
    empty: str | None = None
    #: keys of columns kept out of print (and folded away on screen): a column group, one click (+) opens
    #: it; the print of the rest stays at PRINT_MIN_PT or more
    secondary: tuple[str, ...] = ()
    #: how many leading columns (code, product) every printed page repeats when the sheet prints wider
    #: than one page
    title_columns: int = 1


# --- columns ------------------------------------------------------------------------------------
_MONEY_KEYS = ("tariff", "hourly", "delta", "amount_eur", "price")


def columns_for(spec: Iterable[tuple[str, int | None]]) -> list[Column]:
    """Columns from the (key, decimals) pairs the CSV writer uses, with a kind guessed from the key:
    ``*_cents``/``prijspeil``/``year`` integer, ``*_pct`` percent, tariff/hourly/delta euro (hourly
    with 4 decimals shown), other floats a plain number."""
    out = []
    for key, decimals in spec:
        if key.endswith("_cents") or key in ("prijspeil", "year", "jaar"):
            kind = "integer"
        elif key.endswith("_pct") or key.startswith("delta_pct"):
            kind = "percent"
        elif key.startswith(("hourly", "unrounded")):
            kind = "euro_precise"
        elif key.startswith(_MONEY_KEYS):
            kind = "euro"
        elif decimals is not None:
            kind = "number"
        else:
            kind = "general"
        out.append(Column(key, kind))
    return out


_FORMATS = {"euro": EURO, "euro_precise": EURO_PRECISE, "number": NUMBER, "percent": PERCENT,
            "integer": INTEGER, "general": GENERAL, "text": GENERAL}
_WIDTHS = {"euro": 13, "euro_precise": 15, "number": 14, "percent": 10, "integer": 10, "general": 12}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _put(ws, row: int, col: int, value: Any, column: Column) -> None:
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if isinstance(value, float) and value != value:  # NaN: no value
        return
    if _number(value) and column.kind != "text":
        if column.kind == "percent":   # the decimal point shifted: 3.24 -> 0.0324, not 0.03240000000000001
            value = float(Decimal(repr(float(value))) / 100) if math.isfinite(value) else value
        cell.value = value
        cell.number_format = _FORMATS[column.kind]
        return
    if _number(value):
        cell.value = value
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    if isinstance(value, bool):
        from kostprijs.language import pick

        text = pick("ja", "yes") if value else pick("nee", "no")
    elif isinstance(value, list | tuple):
        text = ", ".join(map(str, value))
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {v}" for k, v in value.items())
    else:
        text = str(value)
    cell.value = text
    cell.data_type = "s"           # never a formula, whatever the text
    if text[:1] in FORMULA_START:
        cell.quotePrefix = True    # Excel's own "this is text" mark


# --- workbook -----------------------------------------------------------------------------------
def _stamp() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime(*ZIP_DATE)


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of []:*?/\\)."""
    base = SHEET_NAME_BAD.sub("_", str(name)).strip("'") or "Blad"
    base = base[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


FONT, FONT_SIZE = "Calibri", 10
MAX_TEXT_WIDTH = 40     # wider text wraps in its cell (and its row grows: row_height)


def heading(column: Column) -> str:
    """The header cell of a column: Dutch (kostprijs.language.HEADERS, as the nl CSV) by default, the key
    with --lang en."""
    from kostprijs.language import header, pick

    key = column.header or column.key
    return pick(header(key), key)


def column_width(column: Column, rows) -> float:
    """A width from the content: the header's longest word and the length 9 in 10 values fit in (text up
    to MAX_TEXT_WIDTH; a longer value wraps and its row grows), numbers as their formatted width."""
    if column.width:
        return column.width
    header = heading(column)
    head = max(map(len, header.split())) + 2 if header.strip() else 4
    if column.kind in ("text", "general"):
        lengths = sorted(len(str(r.get(column.key))) for r in rows if r.get(column.key) is not None)
        typical = lengths[(len(lengths) - 1) * 9 // 10] if lengths else 0
        return float(max(head, min(typical + 2, MAX_TEXT_WIDTH), 6))
    return float(max(head, _WIDTHS[column.kind]))


def folded_width(column: Column, rows) -> float:
    """A column kept out of print: as wide as its longest value (up to 100), so that its text needs no wrap
    (the row heights follow the printed columns)."""
    if column.kind not in ("text", "general"):
        return column_width(column, rows)
    longest = max((len(str(r.get(column.key))) for r in rows if r.get(column.key) is not None), default=0)
    return float(min(max(column_width(column, rows), longest + 2), 100))


def _fold(ws, folded: list[bool]) -> None:
    """Each run of folded columns as a closed column group (outline level 1): hidden in print, one click
    on its + shows it."""
    from openpyxl.utils import get_column_letter

    c = 0
    while c < len(folded):
        if not folded[c]:
            c += 1
            continue
        end = c
        while end + 1 < len(folded) and folded[end + 1]:
            end += 1
        for k in range(c, end + 1):
            dim = ws.column_dimensions[get_column_letter(k + 1)]
            dim.outline_level, dim.hidden = 1, True
        c = end + 1
    if any(folded):
        ws.sheet_format.outlineLevelCol = 1
        ws.sheet_properties.outlinePr.summaryRight = True


LINE_HEIGHT = 13.0      # points per line of 10 pt Calibri (LibreOffice and Excel draw ~12.75)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide (greedy word wrap, as a
    spreadsheet does; a word longer than the line is broken)."""
    per_line = max(int(width * 1.2), 4)    # a width unit holds ~1.2-1.4 characters of 10 pt Calibri text
    lines = 0
    for part in str(text).split("\n"):
        used, count = 0, 1
        for word in part.split():
            n = len(word)
            if used and used + 1 + n > per_line:
                count, used = count + 1, 0
            while n > per_line:
                count, n = count + 1, n - per_line
            used = used + (1 if used else 0) + n
        lines += count
    return lines


def row_height(texts: Iterable[tuple[Any, float]]) -> float | None:
    """The height a row needs for its wrapped texts ((value, column width) pairs), None for one line: a
    spreadsheet does not grow a row it did not write, so a taller text would overlap the next row in print."""
    lines = max((wrapped_lines(v, w) for v, w in texts if isinstance(v, str) and v), default=1)
    return None if lines <= 1 else LINE_HEIGHT * min(lines, 30) + 2


#: the smallest print size of the body text (pt): below ~7 pt a printed table cannot be read
PRINT_MIN_PT = 7.0
#: how many column-width units an A4 landscape page holds at PRINT_MIN_PT (10 pt text scaled to 70%):
#: measured on LibreOffice's PDF (a sheet 179 units wide printed at 6,0 pt, one 286 wide at 3,8 pt)
PRINT_UNITS = 152.0
#: one page wide still when that prints at 6,5 pt or more: better than twice the pages at 10 pt
PRINT_SLACK = PRINT_MIN_PT / 6.5


def pages_wide(widths: list[float], title_width: float = 0.0) -> int:
    """How many pages wide a sheet must print for its text to stay at about PRINT_MIN_PT or more (within
    PRINT_SLACK): 1 if its columns fit, else as many as they need beside the leading ``title_width`` that
    every page repeats."""
    total = sum(widths)
    if total <= PRINT_UNITS * PRINT_SLACK:
        return 1
    room = max(PRINT_UNITS - title_width, PRINT_UNITS / 3) * PRINT_SLACK
    return math.ceil((total - title_width) / room)


def page_setup(ws, repeat_header: bool = True, wide: int = 1, title_columns: str | None = None) -> None:
    """Print settings: A4 landscape, the columns on ``wide`` pages' width (as many pages tall as needed),
    the header row on every page and, printed wider than one page, the leading ``title_columns`` too."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0
    if wide > 1:
        ws.page_setup.pageOrder = "overThenDown"     # the pages of the same rows follow each other
        if title_columns:
            ws.print_title_cols = title_columns
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if repeat_header:
        ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "&A — pagina &P van &N"


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook as deterministic XLSX bytes."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise KostprijsError("--format xlsx needs openpyxl: pip install openpyxl") from None

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(name=FONT, size=FONT_SIZE, bold=True)
    body = Font(name=FONT, size=FONT_SIZE)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(sheet_title(sheet.title, taken))
        folded = [c.key in sheet.secondary for c in sheet.columns]
        widths = [folded_width(column, sheet.rows) if fold else column_width(column, sheet.rows)
                  for column, fold in zip(sheet.columns, folded, strict=True)]
        for c, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=c, value=heading(column))
            cell.data_type = "s"
            cell.font = bold
            cell.alignment = wrap
            ws.column_dimensions[cell.column_letter].width = widths[c - 1]
        height = row_height((c.header or c.key, w) for c, w in zip(sheet.columns, widths, strict=True))
        if height:
            ws.row_dimensions[1].height = height
        wrapping = [(c, column, widths[c - 1]) for c, column in enumerate(sheet.columns, start=1)
                    if column.kind in ("text", "general") and not folded[c - 1]]
        for r, row in enumerate(sheet.rows, start=2):
            for c, column in enumerate(sheet.columns, start=1):
                _put(ws, r, c, row.get(column.key), column)
                cell = ws.cell(row=r, column=c)
                cell.font = body
                cell.alignment = wrap if column.kind in ("text", "general") and not folded[c - 1] else top
            height = row_height((ws.cell(row=r, column=c).value, w) for c, _, w in wrapping)
            if height:
                ws.row_dimensions[r].height = height
        if not sheet.rows and sheet.empty:
            cell = ws.cell(row=2, column=1, value=sheet.empty)
            cell.data_type = "s"
            cell.font = Font(name=FONT, size=FONT_SIZE, italic=True)
        last = len(sheet.rows) + 1
        if sheet.freeze:
            ws.freeze_panes = "A2"
        if sheet.columns and sheet.rows:
            ws.auto_filter.ref = f"A1:{ws.cell(row=last, column=len(sheet.columns)).coordinate}"
        _fold(ws, folded)
        shown = [w for w, fold in zip(widths, folded, strict=True) if not fold]
        n_titles = min(sheet.title_columns, len(shown))
        wide = pages_wide(shown, sum(shown[:n_titles]))
        titles = f"A:{ws.cell(row=1, column=n_titles).column_letter}" if n_titles and not any(folded[:n_titles]) \
            else None
        page_setup(ws, repeat_header=sheet.freeze, wide=wide, title_columns=titles)
    if not sheets:
        wb.create_sheet("Leeg")
    stamp = _stamp()
    wb.properties.creator = "kostprijs"
    wb.properties.lastModifiedBy = "kostprijs"
    wb.properties.created = stamp
    wb.properties.modified = stamp

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and modes (openpyxl stamps the worksheets with 'now')."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Build the whole workbook in memory, then write it atomically (no partial file on any error)."""
    data = workbook_bytes(sheets)
    write_atomic_bytes(path, data)


# --- the workbooks of the commands --------------------------------------------------------------
BUILDUP_COLUMNS = [
    Column("code"), Column("product"), Column("variant"), Column("element", width=34), Column("step"),
    Column("parameter"), Column("value", "general"), Column("unit", header="value_unit", width=16),
    Column("amount", "euro"), Column("amount_unit"), Column("source"),
]
PARAMETER_COLUMNS = [   # value and unit narrower than the longest (they wrap): the sheet prints one page wide
    Column("path"), Column("value", "general", width=18), Column("unit", width=22), Column("since"),
    Column("status"), Column("source"), Column("file"),
]


def for_people(rows, keys=("unit", "status", "source")) -> list[dict[str, Any]]:
    """Rows with the unit, the parameter status and the source as a person reads them (€/maand, gekalibreerd,
    a calibrated value's note); the JSON and CSV keep the file's own words."""
    from kostprijs.analysis.labels import unit_text
    from kostprijs.analysis.tariffs import PREMIUM_RATE_UNIT
    from kostprijs.presentation.i18n import param_status_word, source_text

    def value(r):   # a rate derived from premiums to 6 decimals (0,320326), not every digit of the float
        derived = r.get("status") == "derived" and r.get("unit") == PREMIUM_RATE_UNIT
        return {"value": round(r["value"], 6)} if derived else {}

    render = {"unit": unit_text, "status": param_status_word, "source": source_text}
    return [{**r, **value(r), **{k: render[k](r[k]) for k in keys if r.get(k) is not None}} for r in rows]


def buildup_rows(pset) -> list[dict[str, Any]]:
    """The explain rows of every product that has a build-up (normal, and micro where it exists): the
    model's trace, computed once for all products."""
    from kostprijs.analysis.explain import explain, traced

    result = traced(pset)
    rows: list[dict[str, Any]] = []
    for p in pset.products:
        if p.basis == "not_derivable":
            continue
        for variant, micro in (("normal", False), ("micro", True)):
            if micro and not p.micro:
                continue
            for r in explain(pset, p.code, micro, result):
                rows.append({"code": p.code, "product": p.name, "variant": variant, **r.as_dict()})
    return for_people(rows, ("unit", "source"))


INFO_COLUMNS = [Column("item", width=28), Column("value", "general", width=100)]


def info_sheet(pset, sheets: list[tuple[str, str]], extra: list[dict[str, Any]] = ()) -> Sheet:
    """Toelichting: where the figures come from and what each sheet holds (data sheets stay plain tables)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("kostprijs")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ver = "unknown"
    from kostprijs.language import pick
    from kostprijs.parameters.fingerprint import WithInputs, provenance

    op = pset.models["opslagen"]
    rounding = sorted({(p.unit, rounding_text(p.rounding)) for p in pset.products if p.basis == "model"})
    prov = provenance(pset)
    fingerprint = pick(
        ("van de parameters, indexatie.yaml en de opgegeven indexcijfers samen; " if isinstance(pset, WithInputs)
         else "kostprijs params --fingerprint; ") + "dezelfde invoer geeft dezelfde vingerafdruk, elke gewijzigde "
        "waarde een andere",
        ("of the parameters, indexatie.yaml and the index figures given, together; " if isinstance(pset, WithInputs)
         else "kostprijs params --fingerprint; ") + "the same inputs give the same fingerprint, every changed value "
        "another")
    rows = [
        {"item": pick("parameterset", "parameter set"), "value": f"{op.set}: {op.title}"},
        {"item": "prijspeil", "value": op.prijspeil},
        {"item": pick("geldig vanaf", "valid from"), "value": op.valid_from},
        {"item": pick("salarispeildatum", "salary date"),
         "value": getattr(pset, "salary_date", None) or op.salary_date},
        {"item": pick("afronding", "rounding"), "value": "; ".join(f"{u}: {r}" for u, r in rounding)},
        {"item": pick("gemaakt met", "made with"), "value": f"kostprijs {ver}"},
        {"item": pick("vingerafdruk parameters", "parameter fingerprint"),
         "value": f"sha256:{prov['fingerprint']} ({fingerprint})"},
        {"item": pick("aangepaste parameters", "overrides"),
         "value": ", ".join(prov["overrides"]) if prov["overrides"] else pick(
             "geen (de parameterset zoals geleverd)", "none (the parameter set as shipped)")},
    ]
    rows += list(extra)
    rows += [{"item": pick(f"blad {name}", f"sheet {name}"), "value": what} for name, what in sheets]
    rows += [
        {"item": pick("getallen", "numbers"), "value": pick(
            "echte getallen met een getalnotatie (euro, %, hele eurocenten); percentages staan als breuk (0,0123 "
            "getoond als 1,23%)", "real numbers with a number format (euro, %, whole euro cents); percentages "
            "are stored as fractions (0.0123 shown as 1.23%)")},
        {"item": pick("afdrukken", "printing"), "value": pick(
            "A4 liggend, de kopregel op elke pagina, tekst op 7 pt of groter: een breed blad over meer pagina's "
            "naast elkaar (met code en product op elke pagina); kolommen voor de computer (iJw-velden, "
            "eurocenten, bron en pad in Opbouw) zijn ingeklapt en worden niet afgedrukt: klik + boven de "
            "kolommen om ze te tonen", "A4 landscape, the header row on every page, text at 7 pt or larger: a "
            "wide sheet prints on several pages side by side (code and product on each); columns for machines "
            "(iJw fields, euro cents, source and path in Opbouw) are folded away and not printed: click + above "
            "the columns to show them")},
        {"item": pick("tekst", "text"), "value": pick(
            "elke tekst is een tekstcel, nooit een formule; een tekst die begint met = + - @ is als tekst "
            "gemarkeerd", "every text is a text cell, never a formula; a text starting with = + - @ is marked "
            "as text")},
    ]
    return Sheet("Toelichting", INFO_COLUMNS, rows, freeze=False)


#: what the sheets of the tariff workbooks hold (the Toelichting): (sheet, (Dutch, English))
_TARIFF_SHEETS = [
    ("Tarieven", ("de tarievenlijst, dezelfde kolommen als de CSV en JSON van `kostprijs compute` (README: "
                  "kolomkoppen en keys); tarief in euro na de afronding van de regio, tarief in cent hetzelfde in "
                  "eurocent (iJw), wj756 de iJw-eenheidscode, uurkosten de ongeronde kosten per productief uur",
                  "the tariff list, the columns of the CSV and JSON of `kostprijs compute` (README: column "
                  "headers and keys); tariff in euro after the region's rounding, tariff_cents the same in euro "
                  "cents (iJw), wj756 the iJw unit code, hourly the unrounded cost per productive hour")),
    ("Opbouw", ("de opbouw van elk tarief (`kostprijs explain`), normaal en micro: bedrag is het lopende "
                "totaal in 'eenheid bedrag'; de laatste regel van elk product is het tarief",
                "the build-up of every tariff (`kostprijs explain`), normal and micro: amount is the running "
                "total in amount_unit; the last line of each product is the tariff")),
    ("Parameters", ("elke waarde die het model gebruikt, met eenheid, datum, status en bron (`kostprijs params`)",
                    "every value the model uses, with unit, date, status and source (`kostprijs params`)")),
]


def tariff_sheet_notes() -> list[tuple[str, str]]:
    """(sheet, what it holds) of the tariff workbooks, in the run's language."""
    from kostprijs.language import pick

    return [(name, pick(*texts)) for name, texts in _TARIFF_SHEETS]


#: the Tarieven columns folded away (and not printed): the micro hourly cost, the rounding rule (per unit in
#: the Toelichting) and the iJw and provenance columns; what prints is code, product, unit, basis, the
#: tariffs, the hourly cost and the note, on at most 3 A4 pages for NOB at PRINT_MIN_PT or more
TARIFF_SECONDARY = ("hourly_micro", "rounding", "productcategorie", "productcode", "wj756", "tariff_cents",
                    "tariff_micro_cents", "region", "prijspeil")
#: the Opbouw columns folded away: the product name (Tarieven has it beside the code), the parameter path beside
#: the step's text and the source (the Parameters sheet prints it with every value): the build-up prints one
#: page wide. Parameters: the file.
BUILDUP_SECONDARY = ("product", "parameter", "source")
PARAMETER_SECONDARY = ("file",)


def tariff_sheets(pset, rows: list[dict[str, Any]], spec) -> list[Sheet]:
    return [
        Sheet("Tarieven", [Column(c.key, c.kind, c.header, 36) if c.key in ("product", "note") else c
                           for c in columns_for(spec)], rows, secondary=TARIFF_SECONDARY, title_columns=2),
        Sheet("Opbouw", BUILDUP_COLUMNS, buildup_rows(pset), secondary=BUILDUP_SECONDARY),
        Sheet("Parameters", PARAMETER_COLUMNS, for_people(parameter_rows(pset)), secondary=PARAMETER_SECONDARY),
    ]


def tariff_workbook(pset, rows: list[dict[str, Any]], spec) -> bytes:
    """``compute --format xlsx``: Tarieven, Opbouw, Parameters and Toelichting."""
    return workbook_bytes([*tariff_sheets(pset, rows, spec), info_sheet(pset, tariff_sheet_notes())])


COMPARE_SHEET_COLUMNS = [   # the product name narrower (it wraps): a scenario prints one page wide
    Column("code"), Column("product", width=34), Column("unit"), Column("baseline", "euro"), Column("tariff", "euro"),
    Column("delta", "euro"), Column("delta_pct", "percent"), Column("baseline_micro", "euro"),
    Column("tariff_micro", "euro"), Column("delta_micro", "euro"), Column("delta_pct_micro", "percent"),
]
CHANGE_COLUMNS = [Column("scenario"), Column("path"), Column("baseline", "general"),
                  Column("value", "general"), Column("unit"), Column("status"), Column("source")]


RESERVED = {"tarieven", "vergelijking", "wijzigingen", "opbouw", "parameters"}


def compare_workbook(baseline, named: list[tuple[str, Any]], rows: list[dict[str, Any]], spec) -> bytes:
    """``compare --format xlsx``: Tarieven (the baseline), one sheet per scenario (its tariffs next to the
    baseline's), Vergelijking (all rows, as the CSV), Wijzigingen (every parameter a scenario changes),
    and the baseline's Opbouw and Parameters."""
    from kostprijs.analysis.tariffs import TARIFF_COLUMNS, tariff_rows
    from kostprijs.core.model import compute

    tariffs, buildup, params = tariff_sheets(baseline, tariff_rows(baseline, compute(baseline.arrays)),
                                             TARIFF_COLUMNS)
    sheets = [tariffs]
    base = {r["code"]: r for r in rows if r["scenario"] == "baseline"}
    for name, _ in named:
        mine = [{**r, "baseline": base[r["code"]]["tariff"], "baseline_micro": base[r["code"]]["tariff_micro"]}
                for r in rows if r["scenario"] == name]
        title = f"Scenario {name}" if name.lower()[:31] in RESERVED else name
        sheets.append(Sheet(title, COMPARE_SHEET_COLUMNS, mine))
    sheets.append(Sheet("Vergelijking", columns_for(spec), rows))
    base_records = {r.path: r for r in baseline.records}
    changes = []
    for name, pset in named:
        for r in pset.records:
            b = base_records.get(r.path)
            if b is None or b.value != r.value:
                changes.append({"scenario": name, "path": r.path, "baseline": None if b is None else b.value,
                                "value": r.value, "unit": r.unit, "status": r.status, "source": r.source})
    sheets.append(Sheet("Wijzigingen", CHANGE_COLUMNS, for_people(changes)))
    from kostprijs.language import pick

    notes = tariff_sheet_notes()
    about = [notes[0],
             ("<scenario>", pick("een blad per scenario: de tarieven naast die van de uitgangssituatie, verschil in "
                                 "euro en %", "one sheet per scenario: its tariffs next to the baseline's, the "
                                 "difference in euro and %")),
             ("Vergelijking", pick("alle regels zoals de CSV en JSON van `kostprijs compare`",
                                   "every row, as the CSV and JSON of `kostprijs compare`")),
             ("Wijzigingen", pick("elke parameterwaarde die een scenario wijzigt, met de bron die het scenario noemt",
                                  "every parameter value a scenario changes, with the source the scenario gives")),
             *notes[1:]]
    return workbook_bytes([*sheets, buildup, params, info_sheet(baseline, about)])


def tables_workbook(tables: Mapping[str, tuple[list[Mapping[str, Any]], Iterable[tuple[str, int | None]]]],
                    pset=None) -> bytes:
    """Any tables, one sheet each, in order: ``{sheet name: (rows, [(key, decimals), ...])}`` (the same
    column spec as :func:`kostprijs.presentation.writers.to_csv`). With ``pset``, a Parameters sheet
    is added."""
    sheets = [Sheet(name, columns_for(spec), list(rows)) for name, (rows, spec) in tables.items()]
    if pset is not None:
        sheets.append(Sheet("Parameters", PARAMETER_COLUMNS, for_people(parameter_rows(pset)),
                            secondary=PARAMETER_SECONDARY))
    return workbook_bytes(sheets)


#: the overview sheet of `index --format xlsx`: one row per year and product class
INDEX_SUMMARY_COLUMNS = [("year", None), ("class", None), ("index", 6), ("correction", 6), ("correction_of", None),
                         ("rate", 6), ("factor", 10), ("status", None), ("correction_note", None)]


#: index columns in percent (stored as fractions with a % format, like every other percentage)
INDEX_PERCENT_KEYS = ("index", "correction", "rate")

def index_sheet_notes() -> list[tuple[str, str]]:
    """(sheet, what it holds) of the per-year workbook of `index`, in the run's language."""
    from kostprijs.presentation.i18n import t

    return [("Indexatie", t("ix_sheet_summary")), ("<jaar>", t("ix_sheet_year")), tariff_sheet_notes()[2]]


#: the columns of a year sheet folded away (and not printed): the year (the sheet's name), the micro unrounded
#: tariff, which year a correction is of and its note, the rounding rule and the product's note
INDEX_YEAR_SECONDARY = ("year", "unrounded_micro", "correction_of", "correction_note", "rounding", "note")


def _index_columns(spec) -> list[Column]:
    keys = [k for k, _ in spec]
    series = {k for k in keys if f"{k}_status" in keys}
    return [Column(c.key, "percent", c.header) if c.key in INDEX_PERCENT_KEYS or c.key in series else c
            for c in columns_for(spec)]


def year_workbook(per_year: Mapping[Any, list[Mapping[str, Any]]], spec, pset=None,
                  summary: tuple[str, list[Mapping[str, Any]], Any] | None = None) -> bytes:
    """One sheet per year (named by the year, in the given order) with the same columns, for ``index``;
    index percentages as fractions formatted %, and a Toelichting when ``pset`` is given.

    ``summary`` = (sheet name, rows, spec) puts an overview sheet first (e.g. the factors per year)."""
    sheets: list[Sheet] = []
    if summary is not None:
        sheets.append(Sheet(summary[0], _index_columns(summary[2]), list(summary[1])))
    for year, rows in per_year.items():
        sheets.append(Sheet(str(year), _index_columns(spec), list(rows), secondary=INDEX_YEAR_SECONDARY,
                            title_columns=2))
    if pset is not None:
        sheets.append(Sheet("Parameters", PARAMETER_COLUMNS, for_people(parameter_rows(pset)),
                            secondary=PARAMETER_SECONDARY))
        sheets.append(info_sheet(pset, index_sheet_notes()))
    return workbook_bytes(sheets)



def index_input_sheets(run) -> list[Sheet]:
    """The inputs of an index run, Dutch headers (``--lang en``: English): Gewichten (the weights per class),
    Indexcijfers (every figure of the indexed years, voorlopig and definitief, with its source and whether
    it was applied) and Productklassen (the class of every product)."""
    from kostprijs.analysis.index import class_rows, figure_rows, weight_rows
    from kostprijs.presentation.i18n import t

    figures = []
    for r in figure_rows(run.ix, run.plan):
        figures.append({**r, "kind": t(f"ix_kind_{r['kind']}"), "applied": t("ix_yes" if r["applied"] else "ix_no"),
                        "status": t("ix_unknown") if r["status"] == "unknown" else r["status"]})
    text = [("status", t("status")), ("source", t("source")), ("note", t("ix_note"))]
    return [
        Sheet("Gewichten", [Column("class", header=t("ix_class")), Column("description", header=t("ix_description")),
                            Column("products", "integer", t("ix_products")), Column("series", header=t("ix_series")),
                            Column("weight_pct", "percent", t("ix_weight")), Column("unit", header=t("unit")),
                            *(Column(k, header=h) for k, h in text)],
              for_people(weight_rows(run.ix, run.pset))),
        Sheet("Indexcijfers", [Column("year", "integer", t("ix_year")), Column("series", header=t("ix_series")),
                               Column("series_name", header=t("ix_series_name")),
                               Column("kind", header=t("ix_kind")), Column("value_pct", "percent", t("ix_figure")),
                               Column("applied", header=t("ix_applied")),
                               Column("published", header=t("ix_published")),
                               Column("method", header=t("ix_method")), *(Column(k, header=h) for k, h in text)],
              for_people(figures)),
        Sheet("Productklassen", [Column("code", header=t("code")), Column("product", header=t("product")),
                                 Column("unit", header=t("unit")), Column("class", header=t("ix_class")),
                                 *(Column(k, header=h) for k, h in text)],
              for_people(class_rows(run.ix, run.pset))),
    ]


def index_info(run) -> list[dict[str, Any]]:
    """The Toelichting rows of the index file: file, years, method, correction and fixed-tariff rules."""
    from kostprijs.presentation.i18n import t

    m = run.ix.model
    years = [run.plan.prijspeil, *run.plan.years]
    return [
        {"item": t("ix_file"), "value": f"{m.set}: {m.title}"},
        {"item": t("ix_years"), "value": f"{years[0]} (prijspeil) - {years[-1]}"},
        {"item": "--method", "value": t(f"ix_method_{run.use}")},
        {"item": t("ix_correction"), "value": f"{t('ix_correction_' + m.correction.value)}; "
                                              f"{t('ix_source', source=m.correction.source)}"},
        {"item": t("ix_fixed"), "value": f"{t('ix_fixed_' + m.fixed_tariffs.value)}; "
                                         f"{t('ix_source', source=m.fixed_tariffs.source)}"},
    ]


def index_workbook(run) -> bytes:
    """The `index --format xlsx` workbook: the figures per year and class (Indexatie), the inputs of the run
    (Gewichten, Indexcijfers, Productklassen), one sheet per year, Parameters and a Toelichting."""
    from kostprijs.presentation.i18n import t
    from kostprijs.presentation.index import index_columns

    rows = run.rows()
    per_year: dict[int, list] = {}
    for r in rows:
        per_year.setdefault(r["year"], []).append(r)
    summary = list({(r["year"], r["class"]): r for r in rows}.values())
    spec = index_columns(run.plan)
    sheets = [Sheet("Indexatie", _index_columns(INDEX_SUMMARY_COLUMNS), summary), *index_input_sheets(run)]
    sheets += [Sheet(str(year), _index_columns(spec), list(rows), secondary=INDEX_YEAR_SECONDARY, title_columns=2)
               for year, rows in per_year.items()]
    sheets.append(Sheet("Parameters", PARAMETER_COLUMNS, for_people(parameter_rows(run.pset)),
                        secondary=PARAMETER_SECONDARY))
    about = [("Indexatie", t("ix_sheet_summary")), ("Gewichten", t("ix_sheet_weights")),
             ("Indexcijfers", t("ix_sheet_figures")), ("Productklassen", t("ix_sheet_classes")),
             ("<jaar>", t("ix_sheet_year")), ("Parameters", t("ix_sheet_params"))]
    sheets.append(info_sheet(run.inputs, about, index_info(run)))
    return workbook_bytes(sheets)
