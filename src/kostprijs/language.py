"""The one language of a run: Dutch (default) or English (``--lang en``), set once (cli/options.py).

At the root so that every layer that turns something into a text a person reads (analysis/labels.py,
presentation/i18n.py) reads the same choice without depending on a layer above it.
"""

from __future__ import annotations

import re

LANGUAGES = ("nl", "en")
_state = {"lang": "nl"}


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _state["lang"] = lang


def language() -> str:
    return _state["lang"]


def pick(nl, en):
    """``nl`` or ``en`` by the run's language."""
    return nl if _state["lang"] == "nl" else en


#: What a calibrated value's source says besides its citation (parameters/catalogue.py): (Dutch, English).
#: The record keeps the English note (the JSON, `params --format json`); where a person reads the source
#: (tables, workbooks, report) :func:`source_text` gives it in the run's language.
CALIBRATION_NOTE = ("gekalibreerd, geen cao-bedrag: startwaarde (prior) {prior}, haalbaar bereik {lower}..{upper} "
                    "(docs/calibration.md)",
                    "calibrated, not a CAO figure: prior {prior}, feasible range {lower}..{upper} "
                    "(docs/calibration.md)")
_NOTE = re.compile(re.escape(CALIBRATION_NOTE[1]).replace(r"\{prior\}", r"(?P<prior>-?\d+)")
                   .replace(r"\{lower\}", r"(?P<lower>-?\d+)").replace(r"\{upper\}", r"(?P<upper>-?\d+)"))


def calibration_note(prior: float, lower: float, upper: float) -> str:
    """The note a calibrated value's source carries, as the record stores it (English, whole euros)."""
    return CALIBRATION_NOTE[1].format(prior=f"{prior:.0f}", lower=f"{lower:.0f}", upper=f"{upper:.0f}")


_DUTCH = str.maketrans(".,", ",.")


def dutch_digits(text: str) -> str:
    """A number formatted the English way ('1,234.56', as Python's format writes it) in the Dutch notation
    ('1.234,56'): decimal comma, thousands dot. The one place that swaps them (tables, workbooks, labels,
    derivations)."""
    return text.translate(_DUTCH)


def _nl_number(value: float, fmt: str = "g") -> str:
    """A number the Dutch way: decimal comma, thousands dot."""
    return dutch_digits(format(value, fmt))


def raise_nl(percent=None, low=None, high=None, plus=None, floor=None) -> str:
    """A CAO raise in Dutch: ``+2,2% (min. € 85 per maand)``, ``+ € 37/maand``, ``bodem € 15/uur`` (the
    English words are :func:`kostprijs.parameters.salary_tables.describe`'s)."""
    parts = []
    if percent is not None:
        bounds = ", ".join(b for b in (f"min. € {_nl_number(low)}" if low is not None else "",
                                       f"max. € {_nl_number(high)}" if high is not None else "") if b)
        parts.append(f"+{_nl_number(percent)}%" + (f" ({bounds} per maand)" if bounds else ""))
    if plus is not None:
        parts.append(f"+ € {_nl_number(plus)}/maand")
    if floor is not None:
        parts.append(f"bodem € {_nl_number(floor)}/uur")
    return " ".join(parts)


_WHAT = re.compile(r"(?:\+(?P<percent>[\d.]+)%"
                   r"(?: \((?:min EUR (?P<low>[\d.]+))?(?:, )?(?:max EUR (?P<high>[\d.]+))?\))?)?"
                   r" ?(?:\+ EUR (?P<plus>[\d.]+)/month)? ?(?:floor EUR (?P<floor>[\d.]+)/h)?")
_ROLLED = re.compile(r"rolled forward: table of (?P<table>\d{4}-\d\d-\d\d) (?P<value>[\d.]+)"
                     r"(?P<steps>(?:; \d{4}-\d\d-\d\d [^;]*? -> [\d.]+)*)")
_STEP = re.compile(r"; (?P<since>\d{4}-\d\d-\d\d) (?P<what>[^;]*?) -> (?P<amount>[\d.]+)")


def _date_nl(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}-{month}-{year}"


def _what_nl(what: str) -> str:
    m = _WHAT.fullmatch(what)
    if m is None or not any(m.groupdict().values()):
        return what
    return raise_nl(**{k: None if v is None else float(v) for k, v in m.groupdict().items()})


def _rolled_nl(m: re.Match) -> str:
    steps = "".join(f"; {_date_nl(s['since'])} {_what_nl(s['what'])} -> € {_nl_number(float(s['amount']), ',.2f')}"
                    for s in _STEP.finditer(m["steps"]))
    return f"doorgetrokken: tabel van {_date_nl(m['table'])}: € {_nl_number(float(m['value']), ',.2f')}{steps}"


def source_text(source: str | None) -> str:
    """A source as a person reads it: what kostprijs adds to a citation (a calibrated value's note, how a top
    step was rolled forward to the salary date) in the run's language; the citation as written."""
    text = source or ""
    if _state["lang"] == "en":
        return text
    if "calibrated, not a CAO figure" in text:
        text = _NOTE.sub(lambda m: CALIBRATION_NOTE[0].format(**m.groupdict()), text)
    if "rolled forward: table of" in text:
        text = _ROLLED.sub(_rolled_nl, text)
    if text.startswith("override on the command line (--set "):     # parameters/overrides.py
        text = "gewijzigd op de opdrachtregel" + text.removeprefix("override on the command line")
    return text


#: The column headers a person reads for the machine keys of the tables (JSON keys, intl CSV header):
#: key -> Dutch header. The nl CSV profile and the workbooks head their columns with these (README:
#: "Kolomkoppen"); the JSON and the intl CSV keep the keys. Here, at the root, because the writers
#: (presentation) and the reader of check files (parameters) both need them.
HEADERS: dict[str, str] = {
    "code": "code", "product": "product", "unit": "eenheid", "basis": "basis", "tariff": "tarief",
    "tariff_micro": "tarief micro", "hourly": "uurkosten", "hourly_micro": "uurkosten micro",
    "rounding": "afronding", "note": "opmerking", "productcategorie": "productcategorie",
    "productcode": "productcode", "wj756": "wj756", "tariff_cents": "tarief in cent",
    "tariff_micro_cents": "tarief micro in cent", "region": "regio", "prijspeil": "prijspeil",
    # compare, sensitivity, diff
    "scenario": "scenario", "baseline": "uitgangssituatie", "baseline_micro": "uitgangssituatie micro",
    "delta": "verschil", "delta_pct": "verschil %", "delta_micro": "verschil micro",
    "delta_pct_micro": "verschil % micro", "variant": "variant", "rank": "rang", "parameter": "parameter",
    "range": "bereik", "low": "laag", "high": "hoog", "tariff_low": "tarief laag", "tariff_high": "tarief hoog",
    "swing": "uitslag", "swing_pct": "uitslag %", "samples": "trekkingen", "seed": "startwaarde",
    "mean": "gemiddelde", "sd": "standaardafwijking", "p5": "p5", "p50": "p50", "p95": "p95", "min": "minimum",
    "max": "maximum", "group": "groep", "element": "kostenelement", "contribution": "bijdrage",
    "contribution_pct": "bijdrage %", "tariff_a": "tarief A", "tariff_b": "tarief B",
    "delta_unrounded": "verschil ongerond", "kind": "soort", "value_a": "waarde A", "value_b": "waarde B",
    "since_a": "datum A", "since_b": "datum B", "source_a": "bron A", "source_b": "bron B", "basis_a": "basis A",
    "basis_b": "basis B", "mean_pct": "gemiddeld %", "min_pct": "minimum %", "max_pct": "maximum %",
    "count": "aantal",
    # index, cao
    "class": "klasse", "year": "jaar", "unrounded": "ongerond", "unrounded_micro": "ongerond micro",
    "index": "index", "correction": "correctie", "correction_of": "correctie over", "rate": "indexering",
    "factor": "factor", "status": "status", "correction_note": "toelichting correctie",
    "salary_date": "salarispeildatum", "tariff_indexed": "tarief geïndexeerd", "tariff_cao": "tarief cao",
    "gap": "verschil met cao", "gap_pct": "verschil met cao %", "cao": "cao", "scale": "schaal", "step": "stap",
    "value": "waarde", "since": "datum", "table": "tabel", "table_value": "waarde in de tabel",
    "derivation": "afleiding", "source": "bron",
    # check
    "line": "regel", "model_code": "modelcode", "matched_via": "gevonden via", "published": "gepubliceerd",
    "model": "model", "delta_eur": "verschil €", "below_model": "onder het model", "direction": "richting",
    "unit_converted": "eenheid omgerekend",
    # build-up and parameters (workbooks)
    "value_unit": "eenheid waarde", "amount": "bedrag", "amount_unit": "eenheid bedrag", "path": "pad",
    "file": "bestand", "item": "onderdeel",
    # index --against-cao: the premiums of the year
    "premium_year": "premiejaar", "premium_fallback": "premies van een eerder jaar",
    "sociale_lasten_pct": "sociale lasten %",
    # provenance (every CSV line)
    "kostprijs_version": "kostprijs-versie", "parameter_set": "parameterset", "fingerprint": "vingerafdruk",
}


def header(key: str) -> str:
    """The Dutch column header of ``key`` (a figure series ``ova`` and its ``ova_status`` by name)."""
    if key in HEADERS:
        return HEADERS[key]
    if key.endswith("_status"):
        return "status " + key.removesuffix("_status")
    return key


def key_of_header(name: str) -> str:
    """The key of a Dutch column header (case-insensitive); any other name as given."""
    return _KEYS.get(name.strip().lower(), name)


_KEYS = {v.lower(): k for k, v in HEADERS.items()}
