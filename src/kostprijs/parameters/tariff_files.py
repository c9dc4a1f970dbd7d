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
column (exit code 2 in the CLI).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kostprijs.errors import KostprijsError
from kostprijs.parameters.schema import whole_cents

REQUIRED = ("code", "unit", "tariff")
OPTIONAL = ("product", "tariff_micro", "source")
NO_TARIFF = {"", "ntb", "nvt", "n.v.t.", "n.t.b.", "-", "—"}
PROFILES = {"nl": ";", "intl": ","}
MAX_BYTES = 5_000_000

# nl: 1.234,56 or 1234,56; intl: 1234.56 (thousands separators in intl would collide with the delimiter)
_NUMBER = {
    "nl": re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"),
    "intl": re.compile(r"^\d+(?:\.\d+)?$"),
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
    if profile == "nl":
        t = t.replace(".", "").replace(",", ".")
    amount = Decimal(t)     # the pattern admits only digits and one decimal point
    whole_cents(amount)
    return amount


def detect_profile(header: str) -> str:
    return "nl" if header.count(";") >= header.count(",") and ";" in header else "intl"


def read_tariff_file(path: Path, profile: str | None = None) -> TariffFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KostprijsError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        _fail(path, None, None, f"file larger than {MAX_BYTES // 1_000_000} MB")
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
    names = [h.strip().lower() for h in header]
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
        line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
        from kostprijs.parameters.load import dotted

        raise ParamError(str(path), dotted(loc), problem, line)

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


@dataclass(frozen=True)
class Match:
    """One line of a check file and the model product it refers to (or why none)."""

    line: TariffLine
    code: str | None            # the parameter set's product code
    product: object | None      # ProductInfo or None
    via: str | None             # "code" | "map" | None
    note: str | None            # why unmatched, or the mapping's note


def match_lines(tfile: TariffFile, pset, mapping: Mapping | None = None) -> list[Match]:
    """Match every line by code, or through the mapping (which wins where it names the code)."""
    by_code = {p.code: p for p in pset.products}
    out = []
    for ln in tfile.lines:
        if ln.code is None:
            out.append(Match(ln, None, None, None, "no code on this line"))
            continue
        entry = mapping.entries.get(ln.code) if mapping else None
        if entry is not None:
            if entry.to is None:
                out.append(Match(ln, None, None, None, entry.note or f"{mapping.path}: no counterpart"))
            else:
                out.append(Match(ln, entry.to, by_code[entry.to], "map", entry.note))
            continue
        p = by_code.get(ln.code)
        if p is None:
            why = f"no product {ln.code!r} in parameter set {pset.source.name}"
            hint = "" if mapping else " (give --map for another region's codes)"
            out.append(Match(ln, None, None, None, why + hint))
        else:
            out.append(Match(ln, p.code, p, "code", None))
    return out


# ---------------------------------------------------------------- published vs model

#: units one model product can be compared in: file unit -> (model unit, factor on the model tariff)
CONVERTIBLE = {("uur", "minuut"): 60.0, ("minuut", "uur"): 1 / 60.0}

CHECK_COLUMNS: list[tuple[str, int | None]] = [
    ("line", None), ("code", None), ("product", None), ("unit", None), ("variant", None), ("model_code", None),
    ("matched_via", None), ("published", 2), ("model", 2), ("delta_eur", 2), ("delta_pct", 2), ("status", None),
    ("below_model", None), ("note", None),
]


def compare(pset, matches: list[Match]) -> list[dict]:
    """Published vs model per line and variant (normal, micro): delta = published - model.

    Status: equal | above | below (the published tariff is lower than the model's) | within_precision
    (the model gives a band because an input is printed with limited precision, and the published
    tariff lies inside it) | unit_mismatch | no_model_tariff | no_tariff | unmatched.
    """
    import numpy as np

    from kostprijs.analysis.verify import _precision_band
    from kostprijs.core.model import compute
    from kostprijs.core.rounding import round_half_up_cents

    r = compute(pset.arrays)
    lo, hi, lo_m, hi_m = _precision_band(pset)
    rows = []
    for m in matches:
        ln = m.line
        variants = [("normal", ln.tariff)] + ([("micro", ln.tariff_micro)] if ln.tariff_micro is not None else [])
        for variant, pub in variants:
            row = {"line": ln.line, "code": ln.code, "product": ln.product or (m.product.name if m.product else None),
                   "unit": ln.unit_printed, "variant": variant, "model_code": m.code, "matched_via": m.via,
                   "published": float(pub) if pub is not None else None, "model": None, "delta_eur": None,
                   "delta_pct": None, "status": None, "below_model": None, "note": m.note, "source": ln.source}
            rows.append(row)
            p = m.product
            notes = [m.note] if m.note else []
            if p is None:
                row["status"] = "unmatched"
                continue
            model_cents = None
            band = None
            factor = 1.0
            if p.index is None:
                if p.basis == "fixed" and variant == "normal" and p.tariff is not None:
                    model_cents = int(round_half_up_cents(p.tariff))
                    notes.append("fixed tariff in the parameter set (not computed)")
                else:
                    row["status"] = "no_model_tariff"
                    notes.append(p.reason or f"{p.code}: no model tariff")
            elif variant == "micro" and not p.micro:
                row["status"] = "no_model_tariff"
                notes.append(f"{p.code}: the parameter set has no micro tariff")
            else:
                i = p.index
                if ln.unit != p.unit:
                    factor = CONVERTIBLE.get((ln.unit, p.unit))
                    if factor is None:
                        row["status"] = "unit_mismatch"
                        notes.append(f"unit {ln.unit_printed!r} in the file, {p.unit!r} in the model: not compared")
                    else:
                        un = (r.unrounded_micro if variant == "micro" else r.unrounded)[i] * factor
                        model_cents = int(round_half_up_cents(un))
                        notes.append(f"unit {ln.unit_printed!r} in the file, {p.unit!r} in the model: compared with "
                                     f"{factor:g} x the unrounded model tariff, rounded half-up")
                else:
                    model_cents = int((r.cents_micro if variant == "micro" else r.cents)[i])
                    b = (lo_m, hi_m) if variant == "micro" else (lo, hi)
                    if not np.isnan(b[0][i]):
                        band = (float(b[0][i]), float(b[1][i]))
            if pub is None:
                row["status"] = "no_tariff"
                notes.insert(0, f"no tariff published ({ln.printed or 'empty'})")
            if model_cents is not None:
                row["model"] = model_cents / 100
                if pub is not None:
                    pub_cents = pub * 100
                    delta = pub_cents - model_cents
                    row["delta_eur"] = float(delta) / 100
                    row["delta_pct"] = float(delta / model_cents * 100) if model_cents else None
                    if delta == 0:
                        row["status"] = "equal"
                    elif band is not None and band[0] <= float(pub_cents) <= band[1]:
                        row["status"] = "within_precision"
                        notes.append(f"model band {band[0] / 100:.2f}..{band[1] / 100:.2f} (inputs printed with "
                                     f"limited precision)")
                    else:
                        row["status"] = "below" if delta < 0 else "above"
                    row["below_model"] = row["status"] == "below"
            if ln.unit != p.unit and row["status"] in ("equal", "above", "below"):
                row["status"] += "_converted"
            row["note"] = "; ".join(n for n in notes if n) or None
    return rows


def check_summary(rows: list[dict]) -> dict:
    from collections import Counter

    counts = Counter(r["status"] for r in rows)
    compared = [r for r in rows if r["delta_pct"] is not None]
    pcts = sorted(r["delta_pct"] for r in compared)
    median = None
    if pcts:
        n = len(pcts)
        median = pcts[n // 2] if n % 2 else (pcts[n // 2 - 1] + pcts[n // 2]) / 2
    return {
        "lines": len({r["line"] for r in rows}), "tariffs": len(rows), "compared": len(compared),
        "below_model": sum(1 for r in compared if r["below_model"]),
        "unmatched": counts["unmatched"], "unit_mismatch": counts["unit_mismatch"],
        "statuses": dict(sorted(counts.items())), "median_delta_pct": median,
    }
