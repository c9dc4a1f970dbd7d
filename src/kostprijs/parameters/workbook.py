"""A parameter set as an input workbook (``invoer.xlsx``): written from, and read into, the raw data of
the three YAML files (cao_scales, opslagen, functiemix), so that the rest of loading (schema, cross-file
rules, compile, overrides, the cache) is the same for both.

The link between a cell and the data is the **Locatie** column (the key path inside its file, as
validation messages name it: ``caos.ghz.tables[0].scales.FWG45.top``) and, for the wide sheets, the
product code and the column header; the **Parameter** column shows the dotted path of
`kostprijs params` where the row is one. A record (a value with unit, date, status and source) takes one
row: the value in **Waarde**, its provenance in the columns beside it.

Sheets (in reading order, which is the order of the mappings in the files):

=================  =====================================================================================
Toelichting        how to fill in the workbook (not read)
Algemeen           top-level keys of the three files (set, title, valid_from, prijspeil, salary_date)
CAO-schalen        cao_scales.yaml ``caos``: hours, rounding, tables (scales, steps), raises, events
Opslagen           opslagen.yaml ``opslagen``, ``ort``, ``voorzieningen``, ``kalender``, ``afronding``
Productiviteit     opslagen.yaml ``productiviteit``
Tabel 1            opslagen.yaml ``tabel1``
Producten          functiemix.yaml: one row per product (name, indeling, unit, basis, ...)
Functiemix         one row per product, one column per level (the shares), provenance beside them
Productgegevens    every other record of a product (CAOs, productiviteit, ORT, staffing, fixed, tariff, rules)
Lijsten            the lists the data validation offers (not read)
=================  =====================================================================================

Read with python-calamine (cached values, no styles: a workbook re-saved by Excel or LibreOffice reads the same;
about ten times faster than openpyxl, which writes it). A whole number reads as an int, as openpyxl gives it.
Positions are ``Sheet!Cell``: every validation error then names the cell (``invoer.xlsx:Functiemix!E12``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from kostprijs.errors import KostprijsError, ParamError, ParamErrors
from kostprijs.parameters.inputs import read_input

KEYS = ("cao_scales", "opslagen", "functiemix")
#: provenance of a record, in its columns beside Waarde (the order of the columns)
PROV = ("unit", "since", "status", "source", "method", "note", "printed_decimals", "tolerance")
PROV_HEADERS = {"unit": "Eenheid", "since": "Ingangsdatum", "status": "Status", "source": "Bron",
                "method": "Methode", "note": "Notitie", "printed_decimals": "Decimalen",
                "tolerance": "Tolerantie"}
LONG_HEADERS = ("Parameter", "Locatie", "Omschrijving", "Waarde", *PROV_HEADERS.values())
#: product keys shown as columns of Producten (plain values, not records)
PRODUCT_COLUMNS = {"name": "Naam", "indeling": "Indeling", "unit": "Eenheid", "basis": "Basis",
                   "micro": "Micro", "source": "Bron", "reason": "Reden", "note": "Notitie"}
DATE_KEYS = frozenset({"since", "valid_from", "salary_date"})
BOOL_KEYS = frozenset({"micro", "affects_top"})
LIST_SEP = "; "
EMPTY = {"{}": dict, "[]": list}
STATUSES = ("sourced", "reconstructed", "derived", "calibrated", "choice", "override")
PRODUCT_UNITS = ("minuut", "uur", "dagdeel", "etmaal", "traject", "rit", "lumpsum", "week")
BASES = ("model", "fixed", "not_derivable")
MAX_BYTES = 20_000_000
SHEET_ORDER = ("Algemeen", "CAO-schalen", "Opslagen", "Productiviteit", "Tabel 1", "Producten",
               "Functiemix", "Productgegevens")
LONG_SHEETS = {"CAO-schalen": ("cao_scales", ("caos",)),
               "Opslagen": ("opslagen", ("opslagen", "ort", "voorzieningen", "kalender", "afronding")),
               "Productiviteit": ("opslagen", ("productiviteit",)),
               "Tabel 1": ("opslagen", ("tabel1",))}
#: a short Dutch description of a row by the last key of its location
LABELS = {
    "vakantiegeld": "vakantiegeld", "eindejaarsuitkering": "eindejaarsuitkering",
    "sociale_lasten": "sociale lasten", "overhead": "opslag overhead", "overhead_micro": "opslag overhead micro",
    "risico": "opslag risico", "top": "hoogste trede (maandsalaris)", "steps": "trede", "checks": "controlewaarde",
    "hours_per_week": "uren per week", "hours_per_month": "uren per maand", "rounding": "afronding tabelbedragen",
    "name": "naam", "percent": "verhoging (%)", "min_per_month": "minimaal per maand",
    "max_per_month": "maximaal per maand", "plus_per_month": "plus per maand", "hourly_floor": "minimum uurloon",
    "bruto": "bruto uren per jaar", "aftrek": "aftrek (uren per jaar)", "clientgebonden": "cliëntgebonden uren",
    "label": "omschrijving kolom", "dagen_per_jaar": "dagen per jaar", "uren_per_dagdeel": "uren per dagdeel",
    "pct_hoogste_trede": "% van de hoogste trede", "levels": "opleidingsniveau", "cao": "CAO van de kolom",
    "cells": "aandeel schaal", "mode": "afrondingswijze", "step": "afrondingsstap (euro)",
    "caos": "CAO's", "productiviteit": "productiviteitskolom", "ort": "ORT-variant", "fixed": "voorzieningen",
    "tariff": "vast tarief", "hours": "uren per eenheid", "fte_per_jeugdige": "fte per jeugdige",
    "fte_per_group": "fte per groep", "group_size": "groepsgrootte", "group_size_micro": "groepsgrootte micro",
    "set": "naam van de set", "title": "titel", "valid_from": "geldig vanaf", "prijspeil": "prijspeil (jaar)",
    "salary_date": "peildatum salarissen", "kind": "soort", "ladder": "inpassingsnummer", "since": "ingangsdatum",
}


# --- locations as text ----------------------------------------------------------------------------------------------
def _needs_quote(part: str) -> bool:
    return part == "" or part != part.strip() or any(c in part for c in '.[]"')


def location_text(loc: tuple) -> str:
    """``("caos", "ghz", "tables", 0, "top")`` -> ``caos.ghz.tables[0].top``; a key with . [ ] " is quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]" if not _int_keyed(loc[:loc.index(part)]) else (f".{part}" if out else str(part))
            continue
        text = json.dumps(part, ensure_ascii=False) if _needs_quote(str(part)) else str(part)
        out += f".{text}" if out else text
    return out


def _int_keyed(prefix: tuple) -> bool:
    """The mappings keyed by integers: a published ladder (inpassingsnummer -> amount) and its checks."""
    return (len(prefix) >= 2 and prefix[-2:] == ("ladder", "value")) or (
        len(prefix) >= 3 and prefix[-3] == "ladder_checks" and prefix[-1] == "value")


def parse_location(text: str) -> tuple:
    """The inverse of :func:`location_text`; ValueError on a malformed path."""
    parts: list[Any] = []
    i, n = 0, len(text)
    expect_key = True
    while i < n:
        c = text[i]
        if c == "[":
            j = text.index("]", i)
            parts.append(int(text[i + 1:j]))
            i = j + 1
            expect_key = False
            continue
        if c == "." and not expect_key:
            i += 1
            expect_key = True
            continue
        if not expect_key:
            raise ValueError(f"unexpected {c!r} at position {i + 1}")
        if c == '"':
            decoder = json.JSONDecoder()
            value, end = decoder.raw_decode(text, i)
            if not isinstance(value, str):
                raise ValueError("a quoted key must be a string")
            parts.append(value)
            i = end
        else:
            j = i
            while j < n and text[j] not in ".[":
                j += 1
            key = text[i:j]
            if not key:
                raise ValueError(f"empty key at position {i + 1}")
            parts.append(int(key) if key.isdigit() and _int_keyed(tuple(parts)) else key)
            i = j
        expect_key = False
    if not parts or expect_key:
        raise ValueError("empty path" if not parts else "path ends with '.'")
    return tuple(parts)


# --- flattening the raw data into rows --------------------------------------------------------------------------------
def _is_record(obj: dict) -> bool:
    return "value" in obj and ("unit" in obj or "source" in obj)


def flatten(obj: Any, loc: tuple = ()) -> list[tuple[tuple, Any, dict]]:
    """(location, value, provenance) rows of ``obj``: one per scalar; a record's provenance rides on the row
    of its value (on the first row of a mapping-valued record); an empty mapping or list is '{}' or '[]'."""
    rows: list[tuple[tuple, Any, dict]] = []
    if isinstance(obj, dict):
        if not obj:
            return [(loc, "{}", {})]
        if _is_record(obj):
            prov = {k: obj[k] for k in PROV if k in obj}
            value = obj["value"]
            if isinstance(value, dict) and value:
                first = True
                for k, v in value.items():
                    rows.append(((*loc, "value", k), v, prov if first else {}))
                    first = False
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                for v in value:
                    if ";" in v:
                        raise KostprijsError(f"{location_text(loc)}: a name with ';' cannot be written to a "
                                             f"workbook list ({v!r})")
                rows.append(((*loc, "value"), LIST_SEP.join(value), prov))
            else:
                rows += [(r[0], r[1], {**prov, **r[2]}) if i == 0 else r
                         for i, r in enumerate(flatten(value, (*loc, "value")))]
            for k, v in obj.items():
                if k != "value" and k not in PROV:
                    rows += flatten(v, (*loc, k))
            return rows
        for k, v in obj.items():
            rows += flatten(v, (*loc, k))
        return rows
    if isinstance(obj, list):
        if not obj:
            return [(loc, "[]", {})]
        for i, v in enumerate(obj):
            rows += flatten(v, (*loc, i))
        return rows
    if isinstance(obj, str) and obj in EMPTY:
        raise KostprijsError(f"{location_text(loc)}: the text {obj!r} cannot be written to a workbook")
    return [(loc, obj, {})]


def params_locations(pset) -> dict[tuple[str, tuple], str]:
    """(file key, raw location of a value) -> its `kostprijs params` path, from the set's one table of paths."""
    return {(r.file, tuple(r.loc)): r.path for r in pset.records}


# --- reading ----------------------------------------------------------------------------------------------------------
class _Builder:
    """Rebuilds the nested data of the three files from (location, value) assignments, keeping the order
    in which keys first appear and the cell of every value."""

    def __init__(self, name: str):
        self.name = name
        self.data: dict[str, dict] = {k: {} for k in KEYS}
        self.lines: dict[str, dict[tuple, str]] = {k: {} for k in KEYS}
        self.errors: list[ParamError] = []

    def fail(self, key: str, loc: tuple, cell: str, problem: str) -> None:
        self.errors.append(ParamError(self.name, location_text(loc) if loc else "", problem, cell))

    def put(self, key: str, loc: tuple, value: Any, cell: str) -> None:
        node: Any = self.data[key]
        for depth, part in enumerate(loc):
            last = depth == len(loc) - 1
            here = loc[:depth + 1]
            self.lines[key].setdefault(here, cell)
            nxt = loc[depth + 1] if not last else None
            child_kind = list if isinstance(nxt, int) and not _int_keyed(here) else dict
            if isinstance(node, list):
                if not isinstance(part, int) or part > len(node):
                    self.fail(key, here, cell, f"list position [{part}] follows [{len(node) - 1}]: "
                                               "number the rows of a list without gaps")
                    return
                if part == len(node):
                    node.append(value if last else child_kind())
                elif last:
                    self.fail(key, here, cell, "given twice")
                    return
                node = node[part]
            elif isinstance(node, dict):
                if last:
                    if part in node:
                        self.fail(key, here, cell, "given twice")
                        return
                    node[part] = value
                    return
                node = node.setdefault(part, child_kind())
            else:
                self.fail(key, here, cell, f"{location_text(loc[:depth])} is a value, not a mapping or list")
                return
            if last:
                return

    def record(self, key: str, loc: tuple, prov: dict[str, tuple[Any, str]]) -> None:
        """Provenance of the record at ``loc`` (its mapping made by the value put before)."""
        node: Any = self.data[key]
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return
        if not isinstance(node, dict):
            return
        for k, (v, cell) in prov.items():
            if k in node and node[k] != v:
                self.fail(key, (*loc, k), cell, f"differs from the {k} given before ({node[k]!r})")
                continue
            node[k] = v
            self.lines[key].setdefault((*loc, k), cell)


def column_letters(col: int) -> str:
    """1 -> A, 27 -> AA (reading does not import openpyxl)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{column_letters(col)}{row}"


def cell_order(position: str) -> tuple:
    """Sort key of ``Sheet!B12``: the sheet's place in the reading order, the row, the column."""
    sheet, _, cell = position.rpartition("!")
    letters = "".join(c for c in cell if c.isalpha())
    digits = "".join(c for c in cell if c.isdigit())
    column = 0
    for c in letters.upper():
        column = column * 26 + ord(c) - 64
    place = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else len(SHEET_ORDER)
    return (place, int(digits or 0), column)


def _plain(value: Any, key: Any) -> Any:
    """A cell's value as the YAML reader would give it."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        text = value
        if key in DATE_KEYS:
            try:
                return dt.date.fromisoformat(text.strip())
            except ValueError:
                pass
            parts = text.strip().split("-")
            if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
                try:
                    return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
                except ValueError:
                    pass
        if key in BOOL_KEYS and text.strip().lower() in ("waar", "onwaar", "true", "false", "ja", "nee"):
            return text.strip().lower() in ("waar", "true", "ja")
        return text
    if key in BOOL_KEYS and isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    if isinstance(value, float) and value.is_integer() and key in ("printed_decimals", "prijspeil"):
        return int(value)
    return value


def _key_text(value: Any) -> str:
    """A code or a level in a key column: text, whatever the spreadsheet made of it (54001 -> '54001')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_value(value: Any) -> Any:
    """A number as openpyxl would give it: a whole number as int (Excel and openpyxl write 36.0 as ``36``,
    which reads back as the int 36; calamine gives every number as a float)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _open(raw: bytes, name: str):
    """The workbook of ``raw`` (python-calamine: cached values, no styles), or one line saying why not."""
    try:
        from python_calamine import CalamineError, CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency
        raise KostprijsError("reading a workbook needs python-calamine (pip install python-calamine)") from None
    if not raw.startswith(b"PK"):        # calamine also reads .xls and .ods: an .xlsx must be a zip
        raise ParamError(name, "", "not an xlsx workbook (not a zip file)")
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except (CalamineError, ValueError, OSError, KeyError) as exc:
        raise ParamError(name, "", f"not an xlsx workbook ({_one_line(exc)})") from None


def _sheet_rows(wb, sheet: str, name: str):
    """The rows of ``sheet`` from A1 (so that a cell's position is its index), empty cells as ''."""
    try:
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # CalamineError and the like: a damaged sheet part
        raise ParamError(name, "", f"sheet {sheet} cannot be read ({_one_line(exc)})") from None
    return iter([tuple(_cell_value(v) for v in row) for row in rows])


def read_workbook(path: Path, content: bytes | None = None) -> tuple[dict, dict, list[ParamError]]:
    """(data by file key, cell of every location by file key, problems) of an input workbook."""
    name = str(path)
    raw = read_input(path, MAX_BYTES, "an xlsx workbook") if content is None else content
    wb = _open(raw, name)
    b = _Builder(name)
    missing = [s for s in SHEET_ORDER if s not in wb.sheet_names]
    if missing:
        raise ParamError(name, "", f"no sheet {', '.join(missing)} (start from `kostprijs template`)")
    for sheet in SHEET_ORDER:
        rows = _sheet_rows(wb, sheet, name)
        if sheet == "Producten":
            _read_products(b, sheet, rows)
        elif sheet == "Functiemix":
            _read_mix(b, sheet, rows)
        else:
            _read_long(b, sheet, rows)
    return b.data, b.lines, b.errors


def _header(b: _Builder, sheet: str, rows, required: tuple[str, ...]) -> tuple[dict[str, int], list]:
    """Column index by header (the first row whose first cell is a known header), and the header row."""
    for n, row in enumerate(rows, start=1):
        cells = [None if c is None else str(c).strip() for c in row]
        if cells and cells[0] in required[:1]:
            cols = {c: i for i, c in enumerate(cells) if c}
            lacking = [h for h in required if h not in cols]
            if lacking:
                b.errors.append(ParamError(b.name, "", f"no column {', '.join(lacking)}", f"{sheet}!1"))
                return {}, []
            return cols, [n, cells]
    b.errors.append(ParamError(b.name, "", f"no header row starting with {required[0]!r}", f"{sheet}!A1"))
    return {}, []


def _prov(b: _Builder, sheet: str, n: int, row: tuple, cols: dict[str, int]) -> dict[str, tuple[Any, str]]:
    out = {}
    for key, header in PROV_HEADERS.items():
        i = cols.get(header)
        if i is not None and i < len(row) and row[i] is not None and row[i] != "":
            out[key] = (_plain(row[i], key), _cell(sheet, n, i + 1))
    return out


def _value(cell_value: Any, key: Any, is_list: bool) -> Any:
    if isinstance(cell_value, str) and cell_value.strip() in EMPTY:
        return EMPTY[cell_value.strip()]()
    if is_list:
        return [p.strip() for p in str(cell_value).split(";") if p.strip()]
    return _plain(cell_value, key)


#: record values that are lists of names (written joined by '; ')
LIST_VALUES = frozenset({"caos", "fixed", "scales"})


def _is_list_loc(loc: tuple) -> bool:
    return len(loc) >= 2 and loc[-1] == "value" and loc[-2] in LIST_VALUES


def _read_long(b: _Builder, sheet: str, rows) -> None:
    file_column = sheet == "Algemeen"
    required = ("Parameter", "Locatie", "Waarde", *(("Bestand",) if file_column else ()))
    cols, head = _header(b, sheet, rows, required)
    if not cols:
        return
    default = "functiemix" if sheet == "Productgegevens" else LONG_SHEETS.get(sheet, ("",))[0]
    li, vi, fi = cols["Locatie"], cols["Waarde"], cols.get("Bestand")
    for n, row in enumerate(rows, start=head[0] + 1):
        text = row[li] if li < len(row) else None
        if text is None or str(text).strip() == "":
            continue
        where = _cell(sheet, n, li + 1)
        key = default
        if fi is not None:
            key = str(row[fi] or "").strip().removesuffix(".yaml")
            if key not in KEYS:
                b.errors.append(ParamError(b.name, "", f"Bestand must be one of {', '.join(KEYS)}, "
                                                       f"not {row[fi]!r}", _cell(sheet, n, fi + 1)))
                continue
        try:
            loc = parse_location(str(text).strip())
        except ValueError as exc:
            b.errors.append(ParamError(b.name, "", f"Locatie {text!r}: {exc}", where))
            continue
        raw_value = row[vi] if vi < len(row) else None
        vcell = _cell(sheet, n, vi + 1)
        if raw_value is None or raw_value == "":
            b.fail(key, loc, vcell, "no value (Waarde is empty)")
            continue
        b.put(key, loc, _value(raw_value, loc[-1], _is_list_loc(loc)), vcell)
        prov = _prov(b, sheet, n, row, cols)
        if prov:
            rec = loc[:-1] if loc[-1] == "value" else (loc[:-2] if "value" in loc[-2:-1] else None)
            if rec is None:
                b.fail(key, loc, vcell, "Eenheid, Bron, Status, ... belong to a value (a Locatie ending in .value)")
                continue
            b.record(key, rec, prov)


def _read_products(b: _Builder, sheet: str, rows) -> None:
    cols, head = _header(b, sheet, rows, ("Code", *PRODUCT_COLUMNS.values()))
    if not cols:
        return
    b.data["functiemix"].setdefault("products", {})
    b.lines["functiemix"].setdefault(("products",), f"{sheet}!A{head[0] + 1}")
    for n, row in enumerate(rows, start=head[0] + 1):
        code = row[0] if row else None
        if code is None or str(code).strip() == "":
            continue
        code = _key_text(code)
        if code in b.data["functiemix"]["products"]:
            b.fail("functiemix", ("products", code), _cell(sheet, n, 1), "product code given twice")
            continue
        b.data["functiemix"]["products"][code] = {}
        b.lines["functiemix"][("products", code)] = _cell(sheet, n, 1)
        for key, header in PRODUCT_COLUMNS.items():
            i = cols[header]
            v = row[i] if i < len(row) else None
            if v is None or v == "":
                continue
            b.put("functiemix", ("products", code, key), _plain(v, key), _cell(sheet, n, i + 1))


def _read_mix(b: _Builder, sheet: str, rows) -> None:
    cols, head = _header(b, sheet, rows, ("Code",))
    if not cols:
        return
    headers = head[1]
    prov_cols = set(PROV_HEADERS.values())
    skip = {"Code", "Naam", "Totaal", *prov_cols}
    level_cols = [(i, _key_text(h)) for i, h in enumerate(headers) if h and h not in skip]
    total_col = cols.get("Totaal")
    products = b.data["functiemix"].setdefault("products", {})
    for n, row in enumerate(rows, start=head[0] + 1):
        code = row[0] if row else None
        if code is None or str(code).strip() == "":
            continue
        code = _key_text(code)
        where = _cell(sheet, n, 1)
        if code not in products:
            b.fail("functiemix", ("products", code), where, f"product {code} is not on sheet Producten")
            continue
        if "functiemix" in products[code]:
            b.fail("functiemix", ("products", code, "functiemix"), where, "functiemix given twice")
            continue
        mix: dict[str, Any] = {}
        first = None
        for i, level in level_cols:
            v = row[i] if i < len(row) else None
            if v is None or v == "":
                continue
            mix[level] = _plain(v, level)
            b.lines["functiemix"][("products", code, "functiemix", "value", level)] = _cell(sheet, n, i + 1)
            first = first or _cell(sheet, n, i + 1)
        loc = ("products", code, "functiemix")
        record: dict[str, Any] = {"value": mix}
        for k, (v, cell) in _prov(b, sheet, n, row, cols).items():
            record[k] = v
            b.lines["functiemix"][(*loc, k)] = cell
        products[code]["functiemix"] = record
        b.lines["functiemix"][loc] = where
        b.lines["functiemix"][(*loc, "value")] = _cell(sheet, n, total_col + 1) if total_col is not None else (
            first or where)


def read_raw(path: Path, content: bytes | None = None):
    """The :class:`~kostprijs.parameters.load.RawSet` of a workbook; ParamErrors naming sheet and cell."""
    from kostprijs.parameters.load import RawSet

    data, lines, errors = read_workbook(path, content)
    if errors:
        raise ParamErrors(errors)
    return RawSet(data, lines, {k: str(path) for k in KEYS})


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")
