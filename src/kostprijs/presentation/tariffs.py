"""The tariff list as rows (dicts with stable keys) for every writer."""

from __future__ import annotations

import math
from typing import Any

from kostprijs.core.model import Result
from kostprijs.presentation.money import cents_to_euro

#: JSON/CSV keys of `kostprijs compute`, in order (documented in the README).
TARIFF_COLUMNS: list[tuple[str, int | None]] = [
    ("code", None), ("product", None), ("unit", None), ("basis", None), ("tariff", 2),
    ("tariff_micro", 2), ("hourly", 6), ("hourly_micro", 6), ("rounding", None),
]


def _f(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def tariff_rows(pset, result: Result) -> list[dict[str, Any]]:
    rows = []
    for p in pset.products:
        row: dict[str, Any] = {"code": p.code, "product": p.name, "unit": p.unit, "basis": p.basis,
                               "tariff": None, "tariff_micro": None, "hourly": None, "hourly_micro": None,
                               "rounding": p.rounding}
        if p.index is not None:
            i = p.index
            row["tariff"] = cents_to_euro(float(result.cents[i]))
            row["hourly"] = _f(result.hourly[i])
            if p.micro:
                row["tariff_micro"] = cents_to_euro(float(result.cents_micro[i]))
                row["hourly_micro"] = _f(result.hourly_micro[i])
        elif p.basis == "fixed":
            row["tariff"] = p.tariff
            row["rounding"] = "as published (fixed tariff)"
        else:
            row["rounding"] = "none (no tariff)"
        row["note"] = p.reason if p.index is None else None
        rows.append(row)
    return rows
