"""Published tariff lists as CSV check files, and mapping files from another region's codes.

Check file (agreed format): a header row with at least ``code``, ``unit`` and ``tariff``; optional
``product``, ``tariff_micro`` and ``source``; other columns are kept but not used. Two profiles:
``nl`` (``;``-separated, decimal comma, ``.`` for thousands) and ``intl`` (``,``-separated, decimal
point); UTF-8 with or without BOM. The profile is detected from the header unless given.
Amounts may carry ``€`` and must be whole cents (139,715 is refused, as in a parameter file); an empty
cell or ``ntb``/``nvt`` means no tariff published (kept as printed).

Mapping file (YAML)::

    source: "where the correspondence comes from"
    map:
      REGIONCODE: {to: NOBCODE, note: "optional"}
      OTHERCODE: {to: null, note: "no counterpart in the model"}

Reading is strict: any problem is one :class:`~kostprijs.errors.KostprijsError` naming file, line and
column (exit code 2 in the CLI). Matching lines to products and comparing them with the model is
:mod:`kostprijs.analysis.check`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kostprijs.errors import KostprijsError
from kostprijs.language import key_of_header
from kostprijs.parameters.numbers import MAX_DIGITS
from kostprijs.parameters.schema import whole_cents

REQUIRED = ("code", "unit", "tariff")
OPTIONAL = ("product", "tariff_micro", "source")
NO_TARIFF = {"", "ntb", "nvt", "n.v.t.", "n.t.b.", "-", "—"}
PROFILES = {"nl": ";", "intl": ","}
MAX_BYTES = 5_000_000

# nl: 1.234,56 or 1234,56; intl: 1234.56 (thousands separators in intl would collide with the delimiter)
_NUMBER = {
    "nl": re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?$"),
    "intl": re.compile(r"^[0-9]+(?:\.[0-9]+)?$"),
}
#: unit spellings seen in tariff lists, to the model's unit names
UNIT_ALIASES = {
    "min": "minuut", "minuten": "minuut", "per minuut": "minuut", "uren": "uur", "per uur": "uur",
    "dagdelen": "dagdeel", "per dagdeel": "dagdeel", "etmalen": "etmaal", "per etmaal": "etmaal",
}


@dataclass(frozen=True)
class TariffLine:
    line: int                  # line in the file (1 = header)
    code: str | None
    unit: str                  # normalised (lower case, aliases resolved)
    unit_printed: str
    tariff: Decimal | None     # EUR, exactly as printed
    tariff_micro: Decimal | None
    product: str | None
    source: str | None
    printed: str               # the tariff cell as printed


@dataclass(frozen=True)
class TariffFile:
    path: str
    profile: str
    lines: list[TariffLine]


@dataclass(frozen=True)
class MapEntry:
    to: str | None
    note: str | None
    line: int | None


@dataclass(frozen=True)
class Mapping:
    path: str
    source: str
    entries: dict[str, MapEntry] = field(default_factory=dict)


def _fail(path, line: int | None, column: str | None, problem: str):
    where = f"{path}:{line}" if line else str(path)
    col = f" column {column}:" if column else ""
    raise KostprijsError(f"{where}:{col} {problem}")


def normalise_unit(text: str) -> str:
    u = " ".join(text.strip().lower().split())
    return UNIT_ALIASES.get(u, u)


def parse_amount(text: str, profile: str) -> Decimal | None:
    """A printed amount in EUR ('€ 1.234,56' in nl), None for 'no tariff'; ValueError if malformed or
    not whole cents (the rule of :func:`kostprijs.parameters.schema.whole_cents`)."""
    t = text.strip().replace("€", "").replace("\u00a0", " ").strip()
    if t.lower() in NO_TARIFF:
        return None
    if not _NUMBER[profile].match(t):
        sample = "1.234,56 or 1234,56" if profile == "nl" else "1234.56"
        raise ValueError(f"{text.strip()!r} is not an amount in the {profile} profile (e.g. {sample})")
    digits = sum(c.isdigit() for c in t)
    if digits > MAX_DIGITS:
        raise ValueError(f"an amount of {digits} digits; at most {MAX_DIGITS} are accepted")
    if profile == "nl":
        t = t.replace(".", "").replace(",", ".")
    amount = Decimal(t)     # the pattern admits only digits and one decimal point
    whole_cents(amount)
    return amount


def detect_profile(header: str) -> str:
    return "nl" if header.count(";") >= header.count(",") and ";" in header else "intl"


def read_tariff_file(path: Path, profile: str | None = None) -> TariffFile:
    path = Path(path)
    from kostprijs.parameters.inputs import read_input

    data = read_input(path, MAX_BYTES, "a CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        _fail(path, line, None, "not UTF-8 (save the file as UTF-8 or CSV UTF-8)")
    if "\x00" in text:
        _fail(path, text[: text.index("\x00")].count("\n") + 1, None, "NUL byte (not a text file)")
    if not text.strip():
        _fail(path, 1, None, "empty file (expected a header row with code, unit, tariff)")
    header_line = text.splitlines()[0]
    prof = profile or detect_profile(header_line)
    if prof not in PROFILES:
        raise KostprijsError(f"--csv-profile {prof}: unknown profile (nl or intl)")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=PROFILES[prof], strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        _fail(path, 1, None, f"malformed CSV ({exc})")
    names = [key_of_header(h.strip().lower()) for h in header]   # the nl CSV of `compute` heads in Dutch
    for i, n in enumerate(names):
        if not n:
            _fail(path, 1, str(i + 1), "empty column name in the header")
        if names.index(n) != i:
            _fail(path, 1, f"{i + 1} ({n})", f"column {n!r} appears twice in the header")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        other = "intl" if prof == "nl" else "nl"
        hint = (f" (read as the {prof} profile, '{PROFILES[prof]}'-separated; "
                f"try --csv-profile {other})") if len(names) == 1 else ""
        _fail(path, 1, None, f"header lacks column(s) {', '.join(missing)}{hint}")
    col = {n: i for i, n in enumerate(names)}
    out: list[TariffLine] = []
    line_no = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            _fail(path, reader.line_num, None, f"malformed CSV ({exc})")
        line_no = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(names):
            _fail(path, line_no, None, f"{len(row)} fields, the header has {len(names)}")

        def cell(name: str, row=row) -> str | None:
            return row[col[name]].strip() if name in col else None

        def amount(name: str, line_no=line_no) -> Decimal | None:
            raw = cell(name)
            if raw is None:
                return None
            try:
                return parse_amount(raw, prof)
            except ValueError as exc:
                _fail(path, line_no, f"{col[name] + 1} ({name})", str(exc))

        unit = cell("unit") or ""
        if not unit:
            _fail(path, line_no, f"{col['unit'] + 1} (unit)", "empty unit")
        code = cell("code") or None
        out.append(TariffLine(line_no, code, normalise_unit(unit), unit, amount("tariff"), amount("tariff_micro"),
                              cell("product") or None, cell("source") or None, cell("tariff") or ""))
    if not out:
        _fail(path, line_no, None, "no tariff lines after the header")
    return TariffFile(str(path), prof, out)


def read_mapping(path: Path) -> Mapping:
    """A mapping file from another region's product codes to the parameter set's codes."""
    from kostprijs.errors import ParamError
    from kostprijs.parameters.yamlio import read_yaml

    path = Path(path)
    data, lines = read_yaml(path)

    def fail(loc: tuple, problem: str):
        from kostprijs.parameters.locations import dotted, line_at

        raise ParamError(str(path), dotted(loc), problem, line_at(lines, loc))

    if not isinstance(data, dict):
        fail((), "expected a mapping with keys source and map")
    for key in data:
        if key not in ("source", "map"):
            fail((key,), "unknown key (expected source, map)")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        fail(("source",), "missing or empty source (where the correspondence comes from)")
    entries_raw = data.get("map")
    if not isinstance(entries_raw, dict) or not entries_raw:
        fail(("map",), "missing or empty map (REGIONCODE: {to: CODE, note: ...})")
    entries: dict[str, MapEntry] = {}
    for code, entry in entries_raw.items():
        loc = ("map", code)
        if not isinstance(code, str):
            fail(loc, f"code {code!r} must be text (quote it in YAML)")
        if not isinstance(entry, dict):
            fail(loc, "expected {to: CODE, note: ...}")
        for key in entry:
            if key not in ("to", "note"):
                fail((*loc, key), "unknown key (expected to, note)")
        if "to" not in entry:
            fail(loc, "missing key to (the model's product code, or null)")
        to, note = entry["to"], entry.get("note")
        if to is not None and (not isinstance(to, str) or not to.strip()):
            fail((*loc, "to"), f"expected a product code as text or null, got {to!r}")
        if note is not None and not isinstance(note, str):
            fail((*loc, "note"), "expected text")
        entries[code] = MapEntry(to.strip() if to else None, note, lines.get(loc))
    return Mapping(str(path), source, entries)


def check_mapping(mapping: Mapping, known_codes: set[str], set_name: str) -> None:
    """Every ``to`` must name a product of the parameter set."""
    for code, e in mapping.entries.items():
        if e.to is not None and e.to not in known_codes:
            where = f"{mapping.path}:{e.line}" if e.line else mapping.path
            raise KostprijsError(f"{where}: map.{code}.to: no product {e.to!r} in parameter set {set_name}")
