"""Numbers typed by a person, parsed in one place: ``--set`` values, scenario files, tariff files.

``parse_number`` accepts what a user of a spreadsheet types for a number: ``0.35``, ``35%``
(= 0.35), ``1e9``, ``-2.5E-3``, ``1_000`` is not (ambiguous), nor a decimal comma (``--set`` has no
profile to say what a comma means). It refuses, with a one-line reason:

* digits other than ASCII 0-9 (Arabic-Indic, full-width, ...): Python's float() reads them, YAML does
  not, so accepting them on one path only would make the same text mean two things;
* more than :data:`MAX_DIGITS` digits (Python refuses to convert more than 4300 with a traceback);
* a value that is not finite (``inf``, ``nan``) or out of range (``1e400``).
"""

from __future__ import annotations

import math
import re

from kostprijs.errors import KostprijsError

#: the most digits a typed number may have (a cent amount of a billion euro has 11)
MAX_DIGITS = 30
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def looks_numeric(text: str) -> bool:
    """True if ``text`` was meant as a number (digits of any script, a sign, a point, a percent sign)."""
    t = text.strip().removesuffix("%").strip()
    return bool(t) and any(c.isdigit() for c in t) and all(c.isdigit() or c in "+-.eE_ " for c in t)


def parse_number(text: str) -> int | float:
    """``text`` as a number (an int if written as one); :class:`KostprijsError` saying what is wrong."""
    t = text.strip()
    percent = t.endswith("%")
    if percent:
        t = t[:-1].strip()
    if any(c.isdigit() and not ("0" <= c <= "9") for c in t):
        raise KostprijsError(f"{_short(text)!r}: write the number with the digits 0-9")
    digits = sum(c.isdigit() for c in t)
    if digits > MAX_DIGITS:
        raise KostprijsError(f"a number of {digits} digits; at most {MAX_DIGITS} are accepted")
    if t.lower().lstrip("+-") in ("inf", "infinity", "nan", ".inf", ".nan"):
        raise KostprijsError(f"{_short(text)!r}: not a finite number")
    if not _NUMBER.fullmatch(t):
        raise KostprijsError(f"{_short(text)!r} is not a {'percentage' if percent else 'number'}")
    value: int | float = int(t) if _INTEGER.fullmatch(t) and not percent else float(t)
    if percent:
        value = value / 100
    if isinstance(value, float) and not math.isfinite(value):
        raise KostprijsError(f"{_short(text)!r} is out of range for a number")
    if isinstance(value, float) and value == 0 and any(c in "123456789" for c in t.lower().split("e")[0]):
        raise KostprijsError(f"{_short(text)!r} is too small to be told from 0")
    return value


def check_number(value: object) -> None:
    """A number already parsed (by YAML): refuse one that is not finite or has too many digits."""
    if isinstance(value, bool):
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise KostprijsError(f"{value!r}: not a finite number")
    if isinstance(value, int) and abs(value) >= 10**MAX_DIGITS:
        raise KostprijsError(f"a number of more than {MAX_DIGITS} digits")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
