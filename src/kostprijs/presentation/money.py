"""Formatting of amounts: Dutch (EUR 1.234,56) for people, plain decimals for machines.

Converting between euro and cents is :mod:`kostprijs.core.money`; this module only formats."""

from __future__ import annotations

import math

from kostprijs.language import dutch_digits


def decimal_text(value: float | None, decimals: int = 2, comma: bool = True) -> str:
    """A fixed-point decimal ('1234,56' or '1234.56'); '' for None. Formatting only: values are
    already rounded cents or are explicitly unrounded figures."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if comma else text


def euro_nl(value: float | None, decimals: int = 2) -> str:
    """'€ 1.234,56' (thousands with '.', decimal comma); '—' for None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    return "€ " + dutch_digits(text)


def number_nl(value, max_decimals: int = 6) -> str:
    """A parameter value for people: 2910.47 -> '2.910,47', 0.93 -> '0,93'; other types as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)
    text = f"{value:,.{max_decimals}f}".rstrip("0").rstrip(".")
    return dutch_digits(text)


def _needed_decimals(value: float, most: int) -> int:
    """How many decimals ``value`` has, up to ``most`` (2910.4 -> 1, 0.0833 -> 4, 12.0 -> 0)."""
    text = f"{value:.{most}f}".rstrip("0")
    return len(text) - text.index(".") - 1


def percent_nl(value: float, decimals: int | None = 1, signed: bool = False) -> str:
    """A percentage (``value`` already in percent): '0,0%', '+1,5%' with ``decimals`` fixed (computed
    figures, plot axes); ``decimals=None``: as many as the value has, up to 4 ('35%', '35,5%', '8,33%')."""
    if decimals is None:
        decimals = _needed_decimals(value, 4)
    if abs(value) < 0.5 * 10 ** -decimals:
        value = 0.0
    text = f"{value:+,.{decimals}f}%" if signed and value else f"{value:,.{decimals}f}%"
    return dutch_digits(text)


def unit_kind(unit: str | None) -> str:
    """The notation a parameter's unit asks for: 'euro', 'percent', 'fraction', 'year' or 'number'
    (hours, counts and the rest: the decimals the data has). Both the unit texts of the parameter
    files (EUR/month, fraction of salary, share of staff hours) and their Dutch rendering (€/maand,
    fractie van ..., aandeel ...) are recognised."""
    u = (unit or "").strip().lower()
    if u.startswith(("eur", "€")):
        return "euro"
    if u.startswith(("%", "procent", "percent")):
        return "percent"
    if u.startswith(("fraction", "share", "fractie", "aandeel", "deel van")):
        return "fraction"
    if u in ("year", "jaar"):
        return "year"
    return "number"


def value_nl(value, unit: str | None = None) -> str:
    """A parameter value in the Dutch notation of its unit (one formatter per unit kind, for every
    table a person reads): euro amounts '€ 3.371,60' (two decimals, more only where the value has
    them, up to 4); percentages '35%' / '2,5185%'; fractions '0,35'; hours and other numbers as the
    data has them ('1.278', '1.278,5'); a year '2026'; lists and words as text; '—' for None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return number_nl(value)
    kind = unit_kind(unit)
    if kind == "euro":
        return euro_nl(value, max(2, _needed_decimals(value, 4)))
    if kind == "percent":
        return percent_nl(value, None)
    if kind == "year" and float(value).is_integer():
        return str(int(value))
    return number_nl(value)


def share_nl(value: float | None) -> str:
    """A fraction shown as a percentage, as the data has it: 0.35 -> '35%', 0.0833 -> '8,33%'."""
    if value is None:
        return "—"
    return percent_nl(value * 100, None)
