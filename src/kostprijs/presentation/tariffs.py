"""The tariff list as rows (dicts with stable keys) for every writer."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from kostprijs.core.model import Result
from kostprijs.errors import KostprijsError
from kostprijs.parameters import ijw
from kostprijs.presentation.money import cents_to_euro

#: JSON/CSV keys of `kostprijs compute`, in order (documented in the README). Keys are only ever added,
#: at the end, so that positional CSV readers keep working.
TARIFF_COLUMNS: list[tuple[str, int | None]] = [
    ("code", None), ("product", None), ("unit", None), ("basis", None), ("tariff", 2),
    ("tariff_micro", 2), ("hourly", 6), ("hourly_micro", 6), ("rounding", None),
    # iJw fields, eurocent and where the list comes from (issue 5)
    ("note", None), ("productcategorie", None), ("productcode", None), ("wj756", None),
    ("tariff_cents", None), ("tariff_micro_cents", None), ("region", None), ("prijspeil", None),
]


def _f(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _cents(cents: float) -> int | None:
    """Whole cents (float, possibly NaN) from the core -> int."""
    return None if math.isnan(cents) else int(cents)


def euro_to_cents(euro: float | None) -> int | None:
    """A published euro amount (e.g. 139.71) as integer eurocent; it must be whole cents."""
    if euro is None:
        return None
    cents = Decimal(str(euro)) * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{euro} is not a whole number of cents")
    return int(cents)


def tariff_rows(pset, result: Result) -> list[dict[str, Any]]:
    op = pset.models["opslagen"]
    rows = []
    for p in pset.products:
        row: dict[str, Any] = {"code": p.code, "product": p.name, "unit": p.unit, "basis": p.basis,
                               "tariff": None, "tariff_micro": None, "hourly": None, "hourly_micro": None,
                               "rounding": p.rounding}
        cents = cents_micro = None
        if p.index is not None:
            i = p.index
            cents = _cents(float(result.cents[i]))
            row["tariff"] = cents_to_euro(float(result.cents[i]))
            row["hourly"] = _f(result.hourly[i])
            if p.micro:
                cents_micro = _cents(float(result.cents_micro[i]))
                row["tariff_micro"] = cents_to_euro(float(result.cents_micro[i]))
                row["hourly_micro"] = _f(result.hourly_micro[i])
        elif p.basis == "fixed":
            row["tariff"] = p.tariff
            try:
                cents = euro_to_cents(p.tariff)
            except ValueError as exc:
                raise KostprijsError(f"products.{p.code}.tariff: {exc}") from None
            row["rounding"] = "as published (fixed tariff)"
        else:
            row["rounding"] = "none (no tariff)"
        row["note"] = p.reason if p.index is None else None
        row["productcategorie"] = ijw.productcategorie(p.code)
        row["productcode"] = ijw.productcode(p.code)
        row["wj756"] = ijw.wj756(p.unit)
        row["tariff_cents"] = cents
        row["tariff_micro_cents"] = cents_micro
        row["region"] = op.set
        row["prijspeil"] = op.prijspeil
        rows.append(row)
    return rows


def parameter_rows(pset) -> list[dict[str, Any]]:
    """Every parameter of a set as a row (`kostprijs params`, the XLSX Parameters sheet); ``since`` is a date."""
    return [{"path": r.path, "value": r.value, "unit": r.unit, "since": r.since, "source": r.source,
             "status": r.status, "file": r.file} for r in pset.records]
