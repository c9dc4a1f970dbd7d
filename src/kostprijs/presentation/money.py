"""Formatting of amounts: Dutch (EUR 1.234,56) for people, plain decimals for machines.

Converting between euro and cents is :mod:`kostprijs.core.money`; this module only formats."""

from __future__ import annotations

import math


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
    return "€ " + text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number_nl(value, max_decimals: int = 6) -> str:
    """A parameter value for people: 2910.47 -> '2.910,47', 0.93 -> '0,93'; other types as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)
    text = f"{value:,.{max_decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
