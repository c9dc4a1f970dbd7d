"""The input workbook of a parameter set (`kostprijs template`, `kostprijs convert DIR --to invoer.xlsx`).

The layout and its reading are :mod:`kostprijs.parameters.workbook` (the rows: :func:`flatten`); this
module writes and dresses it: Dutch headers, input cells yellow and explanation grey, header rows frozen,
data validation (lists for status, unit, CAO, level, ORT variant, productiviteit column, basis; decimal
ranges 0..1 for shares and percentages), print setup (landscape, one page wide, header row repeated).
Texts are text cells, never formulas (a text starting with = + - @ is marked quote-prefix too); the one
formula is the Totaal of each functiemix row (ours, not read back).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from kostprijs.errors import KostprijsError
from kostprijs.parameters.workbook import (
    BASES,
    KEYS,
    LABELS,
    LONG_HEADERS,
    LONG_SHEETS,
    PRODUCT_COLUMNS,
    PRODUCT_UNITS,
    PROV,
    PROV_HEADERS,
    SHEET_ORDER,
    STATUSES,
    flatten,
    location_text,
)
from kostprijs.presentation.writers import FORMULA_START
from kostprijs.presentation.xlsx import pages_wide, wrapped_lines

#: characters XML 1.0 (and so a workbook) cannot hold; a carriage return is read back as a line feed
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")
FONT = "Calibri"
HEADER_FILL = "1F4E78"
INPUT_FILL = "FFF2CC"     # light yellow: fill in
FIXED_FILL = "EDEDED"     # grey: explanation, not read
SHARE_FORMAT = "0.00##%"
DATE_FORMAT = "DD-MM-YYYY"
WIDTHS = {"Parameter": 30, "Locatie": 34, "Omschrijving": 22, "Waarde": 20, "Eenheid": 16, "Ingangsdatum": 14,
          "Status": 13, "Bron": 48, "Methode": 30, "Notitie": 30, "Decimalen": 11, "Tolerantie": 11,
          "Bestand": 12, "Code": 10, "Naam": 40, "Indeling": 24, "Basis": 13, "Micro": 8, "Reden": 40,
          "Totaal": 10}
WRAP = frozenset({"Bron", "Methode", "Notitie", "Reden", "Naam", "Waarde", "Indeling"})
LINE_HEIGHT = 15.0


def _fit_rows(ws, headers) -> None:
    """Row heights for the wrapped texts (a spreadsheet program does not grow a row it did not write)."""
    wrapped = [(i, WIDTHS.get(h, 12)) for i, h in enumerate(headers, start=1) if h in WRAP]
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for i, width in wrapped:
            value = row[i - 1].value
            if isinstance(value, str):
                lines = max(lines, sum(len(part) // int(width * 1.05) + 1 for part in value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = LINE_HEIGHT * min(lines, 12)
    ws.row_dimensions[1].height = 2 * LINE_HEIGHT


class _Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.header_font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.font = Font(name=FONT, size=11)
        self.fixed_font = Font(name=FONT, size=11, color="404040")
        self.input_fill = PatternFill("solid", fgColor=INPUT_FILL)
        self.fixed_fill = PatternFill("solid", fgColor=FIXED_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.header_align = Alignment(wrap_text=True, vertical="center")
        self.title_font = Font(name=FONT, size=14, bold=True)


def _put(ws, row: int, col: int, value: Any, st: _Styles, editable: bool, header: str = "") -> Any:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, (bool, int | float)):
        cell.value = value
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif value is not None:
        text = str(value)
        if ILLEGAL.search(text):
            raise KostprijsError(f"{ws.title}!{cell.coordinate}: text {text[:40]!r} has a control character that "
                                 "a workbook cannot hold")
        cell.value = text
        cell.data_type = "s"          # never a formula
        if text[:1] in FORMULA_START:
            cell.quotePrefix = True
    cell.font = st.font if editable else st.fixed_font
    cell.fill = st.input_fill if editable else st.fixed_fill
    cell.border = st.border
    cell.alignment = st.wrap if header in WRAP else st.top
    return cell


def _headers(ws, headers, st: _Styles, freeze: str) -> None:
    from openpyxl.utils import get_column_letter

    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=str(h))
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment, cell.border = st.header_font, st.header_fill, st.header_align, st.border
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(str(h), 12)
    ws.freeze_panes = freeze
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    widths = [WIDTHS.get(str(h), 12) for h in headers]
    ws.page_setup.fitToWidth = wide = pages_wide(widths, widths[0])   # the text printed at ~7 pt or more
    if wide > 1:   # every page names the parameter (or product) of its rows
        ws.page_setup.pageOrder = "overThenDown"
        ws.print_title_cols = "A:A"
    ws.oddFooter.center.text = "&A — pagina &P van &N"


class _Validations:
    """Data validation per list/range, each added to its sheet once with all its cells."""

    def __init__(self, ws, lists_ref: dict[str, str]):
        self.ws, self.refs, self.made = ws, lists_ref, {}

    def list(self, name: str, cell: str, strict: bool = True) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        key = ("list", name, strict)
        if key not in self.made:
            dv = DataValidation(type="list", formula1=self.refs[name], allow_blank=True,
                                errorStyle="stop" if strict else "warning",
                                error=f"Kies een waarde uit de lijst {name} (blad Lijsten).",
                                errorTitle=name, showErrorMessage=True)
            self.ws.add_data_validation(dv)
            self.made[key] = dv
        self.made[key].add(cell)

    def share(self, cell: str) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        if "share" not in self.made:
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
                                error="Een aandeel of percentage ligt tussen 0% en 100% (0 en 1).",
                                errorTitle="Aandeel", showErrorMessage=True)
            self.ws.add_data_validation(dv)
            self.made["share"] = dv
        self.made["share"].add(cell)


def _column_lists(ws, dv: _Validations, headers, last: int) -> None:
    """Status and Eenheid lists on their whole column (one range each: a list of single cells is slow to read)."""
    from openpyxl.utils import get_column_letter

    if last < 2:
        return
    for header, name, strict in (("Status", "Status", True), ("Eenheid", "Eenheid", False)):
        if header in headers:
            col = get_column_letter(list(headers).index(header) + 1)
            dv.list(name, f"{col}2:{col}{last}", strict=strict)


def _is_share(key: str, loc: tuple, value: Any) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    if key == "opslagen" and loc[0] in ("opslagen", "ort") and loc[-1] == "value":
        return True
    return key == "opslagen" and loc[0] == "tabel1" and ("cells" in loc or "pct_hoogste_trede" in loc)


def _label(loc: tuple) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and part in LABELS:
            return LABELS[part]
    return ""


def input_workbook(data: dict[str, dict], params_paths: dict[tuple[str, tuple], str] | None = None,
                   title: str = "") -> bytes:
    """The input workbook of the raw data of a set (file key -> mapping), as bytes.

    ``params_paths``: (file key, location of a value) -> its `kostprijs params` path (column Parameter)."""
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - a dependency
        raise KostprijsError("writing a workbook needs openpyxl: pip install openpyxl") from None
    params_paths = params_paths or {}
    st = _Styles()
    wb = Workbook()
    wb.remove(wb.active)
    levels = [str(lv) for lv in ((data["opslagen"].get("tabel1") or {}).get("levels") or [])]
    units = sorted({str(r[2]["unit"]) for key in KEYS for r in flatten(data[key]) if "unit" in r[2]})
    lists = {"Status": list(STATUSES), "Eenheid": units, "Eenheid product": list(PRODUCT_UNITS),
             "Basis": list(BASES), "CAO": [str(c) for c in (data["cao_scales"].get("caos") or {})],
             "Niveau": levels, "ORT-variant": [str(k) for k in (data["opslagen"].get("ort") or {})],
             "Productiviteit": [str(k) for k in (data["opslagen"].get("productiviteit") or {})]}
    refs = {}
    from openpyxl.utils import get_column_letter

    for i, (name, values) in enumerate(lists.items(), start=1):
        col = get_column_letter(i)
        refs[name] = f"Lijsten!${col}$2:${col}${max(2, len(values) + 1)}"

    _explanation(wb, st, title, data)
    long_rows: dict[str, list] = {name: [] for name in ("Algemeen", *LONG_SHEETS, "Productgegevens")}
    for key in KEYS:
        for k, v in data[key].items():
            if key == "functiemix" and k == "products" and isinstance(v, dict):
                continue
            sheet = next((n for n, (file, tops) in LONG_SHEETS.items() if file == key and k in tops), "Algemeen")
            long_rows[sheet] += [(key, *row) for row in flatten(v, (k,))]
    products = data["functiemix"].get("products")
    product_rows, mix_rows = [], []
    if isinstance(products, dict):
        for code, spec in products.items():
            product_rows.append((str(code), {k: spec[k] for k in PRODUCT_COLUMNS if k in spec}))
            mix = spec.get("functiemix")
            wide = (isinstance(mix, dict) and isinstance(mix.get("value"), dict) and mix["value"]
                    and set(mix) <= {"value", *PROV}
                    and all(isinstance(lv, str) and lv in levels and isinstance(s, int | float)
                            and not isinstance(s, bool) for lv, s in mix["value"].items()))
            if wide:
                mix_rows.append((str(code), str(spec.get("name", "")), mix))
            for k, v in spec.items():
                if k in PRODUCT_COLUMNS or (k == "functiemix" and wide):
                    continue
                long_rows["Productgegevens"] += [("functiemix", *row) for row in flatten(v, ("products", code, k))]
    for name in SHEET_ORDER:
        ws = wb.create_sheet(name)
        if name == "Producten":
            _products(ws, st, product_rows, _Validations(ws, refs))
        elif name == "Functiemix":
            _mix(ws, st, mix_rows, levels, _Validations(ws, refs))
        else:
            _long(ws, st, long_rows[name], params_paths, _Validations(ws, refs), name == "Algemeen")
    ws = wb.create_sheet("Lijsten")
    _headers(ws, list(lists), st, "A2")
    for c, values in enumerate(lists.values(), start=1):
        ws.column_dimensions[get_column_letter(c)].width = max([14, *(len(v) + 2 for v in values)][:40])
        for r, v in enumerate(values, start=2):
            _put(ws, r, c, v, st, False)
    stamp = dt.datetime(2000, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = "kostprijs"
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _long(ws, st, rows, params_paths, dv: _Validations, file_column: bool) -> None:
    headers = (*LONG_HEADERS[:2], *(("Bestand",) if file_column else ()), *LONG_HEADERS[2:])
    _headers(ws, headers, st, "D2" if not file_column else "E2")
    col = {h: i for i, h in enumerate(headers, start=1)}
    for r, (key, loc, value, prov) in enumerate(rows, start=2):
        _put(ws, r, col["Parameter"], params_paths.get((key, loc)), st, False)
        _put(ws, r, col["Locatie"], location_text(loc), st, False)
        if file_column:
            _put(ws, r, col["Bestand"], key, st, False)
        _put(ws, r, col["Omschrijving"], _label(loc), st, False)
        cell = _put(ws, r, col["Waarde"], value, st, True, "Waarde")
        if _is_share(key, loc, value):
            cell.number_format = SHARE_FORMAT
            dv.share(cell.coordinate)
        elif loc[-2:] in (("ort", "value"),) and key == "functiemix":
            dv.list("ORT-variant", cell.coordinate)
        elif loc[-2:] == ("productiviteit", "value") and key == "functiemix":
            dv.list("Productiviteit", cell.coordinate)
        elif loc[0] == "tabel1" and loc[-1] == "cao":
            dv.list("CAO", cell.coordinate)
        record_row = loc[-1] == "value" or (len(loc) > 1 and loc[-2] == "value")
        for k, header in PROV_HEADERS.items():
            c = _put(ws, r, col[header], prov.get(k), st, record_row, header)
            if record_row and k == "since":
                c.number_format = DATE_FORMAT
    _column_lists(ws, dv, headers, len(rows) + 1)
    _fit_rows(ws, headers)


def _products(ws, st, rows, dv: _Validations) -> None:
    headers = ("Code", *PRODUCT_COLUMNS.values())
    _headers(ws, headers, st, "C2")
    for r, (code, spec) in enumerate(rows, start=2):
        _put(ws, r, 1, code, st, True)
        for c, (k, header) in enumerate(PRODUCT_COLUMNS.items(), start=2):
            cell = _put(ws, r, c, spec.get(k), st, True, header)
            if k == "unit":
                dv.list("Eenheid product", cell.coordinate)
            elif k == "basis":
                dv.list("Basis", cell.coordinate)
    _fit_rows(ws, headers)


def _mix(ws, st, rows, levels: list[str], dv: _Validations) -> None:
    from openpyxl.utils import get_column_letter

    headers = ("Code", "Naam", *levels, "Totaal", *PROV_HEADERS.values())
    _headers(ws, headers, st, "C2")
    for c in range(3, 3 + len(levels)):
        dv.list("Niveau", f"{get_column_letter(c)}1")
        ws.column_dimensions[get_column_letter(c)].width = max(9, len(headers[c - 1]) + 2)
    first, last = get_column_letter(3), get_column_letter(2 + len(levels))
    for r, (code, name, mix) in enumerate(rows, start=2):
        _put(ws, r, 1, code, st, False)
        _put(ws, r, 2, name, st, False, "Naam")
        for i, level in enumerate(levels):
            cell = _put(ws, r, 3 + i, mix["value"].get(level), st, True)
            cell.number_format = SHARE_FORMAT
        total = ws.cell(row=r, column=3 + len(levels), value=f"=SUM({first}{r}:{last}{r})" if levels else None)
        total.number_format = SHARE_FORMAT
        total.font, total.fill, total.border = st.fixed_font, st.fixed_fill, st.border
        for j, (k, header) in enumerate(PROV_HEADERS.items()):
            c = _put(ws, r, 4 + len(levels) + j, mix.get(k), st, True, header)
            if k == "since":
                c.number_format = DATE_FORMAT
    if rows and levels:
        dv.share(f"{first}2:{last}{len(rows) + 1}")
    _column_lists(ws, dv, headers, len(rows) + 1)
    _fit_rows(ws, headers)


EXPLANATION = [
    ("Invoerwerkmap kostprijsmodel", "title"),
    ("Deze werkmap is een volledige parameterset van het kostprijsmodel Jeugdwet: salarisschalen, opslagen, "
     "productiviteit, Tabel 1 (opleidingsniveau naar schaal) en per product de functiemix. kostprijs leest haar "
     "zoals de YAML-bestanden van een set: `kostprijs compute --params invoer.xlsx`, `kostprijs validate --params "
     "invoer.xlsx`, `kostprijs convert invoer.xlsx --to MAP` (en terug).", ""),
    ("Wat vult u in", "head"),
    ("Gele cellen zijn invoer; grijze cellen zijn uitleg en worden niet gelezen (Parameter, Omschrijving, Naam "
     "en Totaal op Functiemix). Elke waarde heeft naast zich: Eenheid, Ingangsdatum (vanaf wanneer zij geldt), "
     "Status en Bron. Een bron is verplicht: waar komt het getal vandaan (document, tabel, pagina)?", ""),
    ("Status: sourced = overgenomen uit een bron; reconstructed = herleid uit gepubliceerde cijfers; derived = "
     "berekend (zeg hoe in Methode); calibrated = geschat zodat gepubliceerde tarieven kloppen (Methode "
     "verplicht); choice = een keuze van de regio; override = een bewuste afwijking.", ""),
    ("Aandelen en percentages zijn fracties: 8% is 0,08 (de cellen tonen %). De functiemix van een product "
     "telt op tot 100% (kolom Totaal). Bedragen zijn euro's, salarissen bruto per maand bij een voltijdbaan.", ""),
    ("Wat verandert u eerst", "head"),
    ("1. Algemeen: de naam van de set (set, gelijk in de drie bestanden), titel, valid_from, prijspeil en "
     "salary_date (de peildatum van de CAO-tabellen). 2. CAO-schalen: de hoogste trede (top) van elke schaal "
     "die uw producten gebruiken. 3. Opslagen: vakantiegeld, eindejaarsuitkering, sociale lasten, overhead en "
     "risico; ORT. 4. Productiviteit: declarabele uren per jaar. 5. Producten en Functiemix: uw productcodes, "
     "eenheden en de verdeling over opleidingsniveaus. 6. Productgegevens: per product CAO's, "
     "productiviteitskolom, ORT-variant, personeelsinzet (staffing) en vaste voorzieningen.", ""),
    ("Rijen toevoegen", "head"),
    ("Op de lange bladen (Algemeen, CAO-schalen, Opslagen, Productiviteit, Tabel 1, Productgegevens) zegt "
     "kolom Locatie waar een waarde hoort, zoals de foutmeldingen haar noemen (caos.ggz.tables[0].scales."
     "FWG45.top). Een nieuwe waarde is een nieuwe rij met een Locatie; de herkomstkolommen vult u in op de rij "
     "waarvan de Locatie eindigt op .value. Een lijst van namen (CAO's van een product) scheidt u met ';'. "
     "Een nieuw product: een rij op Producten, een rij op Functiemix en zijn rijen op Productgegevens.", ""),
    ("Controleren", "head"),
    ("`kostprijs validate --params invoer.xlsx` noemt elk probleem met blad en cel, bijvoorbeeld "
     "invoer.xlsx:Functiemix!E12: ... functiemix sums to 95%, not 100%. Lijsten (blad Lijsten) en bereiken "
     "(0% tot 100%) worden ook door Excel en LibreOffice bewaakt.", ""),
    ("Niet in deze werkmap", "head"),
    ("premies.yaml (werkgeverslasten per jaar) en indexatie.yaml (indexreeksen van `kostprijs index`): zij horen "
     "niet bij de berekening van de tarieven. `kostprijs index --params invoer.xlsx` zoekt indexatie.yaml in de "
     "map van de werkmap. Commentaar in de YAML-bestanden gaat bij omzetten verloren; alle waarden en hun "
     "herkomst blijven.", ""),
]


def _explanation(wb, st, title: str, data: dict) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Toelichting")
    ws.column_dimensions["A"].width = 72   # an A4 portrait page holds about 80 characters of DejaVu/Carlito
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    lines = list(EXPLANATION)
    op = data.get("opslagen") or {}
    lines.insert(1, (f"Set: {op.get('set', '')}  ·  {op.get('title', title)}  ·  prijspeil {op.get('prijspeil', '')}",
                     "head"))
    for r, (text, kind) in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.data_type = "s"
        cell.alignment = st.wrap
        cell.font = st.title_font if kind == "title" else (Font(name=FONT, size=11, bold=True) if kind == "head"
                                                           else st.font)
        if kind != "title":   # 11 pt text: a width unit holds 10/11 of what it holds at 10 pt
            ws.row_dimensions[r].height = LINE_HEIGHT * wrapped_lines(text, 72 * 10 / 11) + 4
    _keep_headings_with_text(ws, lines)


def _keep_headings_with_text(ws, lines) -> None:
    """A page break before a heading that would end a page without its text (a spreadsheet has no
    keep-with-next): the page holds the A4 height less the margins, at 100% (72 wide fits the width)."""
    from openpyxl.worksheet.pagebreak import Break

    page = (842 - 72 * (ws.page_margins.top + ws.page_margins.bottom)) - 10
    used = 0.0
    for r, (_text, kind) in enumerate(lines, start=1):
        height = ws.row_dimensions[r].height or 24.0
        after = ws.row_dimensions[r + 1].height or 0.0 if r < len(lines) else 0.0
        if kind == "head" and r > 2 and used + height + after > page:
            ws.row_breaks.append(Break(id=r - 1))
            used = 0.0
        elif used + height > page:
            used = 0.0
        used += height
