"""Euro amounts as whole cents: the one conversion every reader, comparison and writer uses.

An amount is converted from the text as written, with :class:`~decimal.Decimal`, never by
multiplying a float by 100 (``1.15 * 100`` is ``114.99999999999999``): a YAML float by its shortest
repr (``str(1.15) == "1.15"``, the digits in the file), a CSV cell or other text as it stands, a
``Decimal`` as it is. An amount with a fraction of a cent (139.715) is refused: tariffs are published,
paid and compared in whole cents; rounding is the region's rule (:mod:`kostprijs.core.rounding`), not a
side effect of reading.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

_HUNDRED = Decimal(100)


def to_cents(value: float | int | str | Decimal) -> int:
    """A euro amount in whole cents: 139.71 -> 13971, "1.15" -> 115, Decimal("2") -> 200.

    ValueError (one line, naming the amount) if it is not a number or has a fraction of a cent.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an amount in euro")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not an amount in euro")
        amount = Decimal(repr(value))          # the shortest repr: the digits as written in the file
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value.strip()!r} is not an amount in euro") from None
    else:
        raise ValueError(f"{value!r} is not an amount in euro")
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount in euro")
    cents = amount * _HUNDRED
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount:f} is not a whole number of cents (amounts in euro have at most 2 decimals)")
    return int(cents)


def to_euro(cents: float | int | None) -> float | None:
    """Cents (an int, or a float from the core's arrays, possibly NaN) as euro; None for None or NaN.

    For whole cents this is the float nearest the printed amount (13971 -> 139.71, as ``float("139.71")``):
    Python's division of integers is correctly rounded."""
    if cents is None:
        return None
    c = float(cents)
    if math.isnan(c):
        return None
    return c / 100


def whole_cents(cents: float) -> int | None:
    """Whole cents from the core's float arrays (integral values, NaN for no tariff) as int or None."""
    c = float(cents)
    return None if math.isnan(c) else int(c)
