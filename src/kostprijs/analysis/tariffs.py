"""The tariff list and the parameter list as rows with stable keys: the machine interface of `compute`
and `params`, taken by every writer, the report and the API."""

from __future__ import annotations

import math
from typing import Any

from kostprijs.analysis.labels import rounding_text
from kostprijs.core.model import Result
from kostprijs.core.money import to_cents, to_euro, whole_cents
from kostprijs.core.rounding import Description
from kostprijs.parameters import ijw

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


def tariff_rows(pset, result: Result) -> list[dict[str, Any]]:
    # set and prijspeil as validated (the strict schema coerces nothing, so the file's values are the
    # model's); not through pset.models, which a set served from the cache validates only on first use
    opslagen = pset.raw.data["opslagen"]
    rows = []
    for p in pset.products:
        row: dict[str, Any] = {"code": p.code, "product": p.name, "unit": p.unit, "basis": p.basis,
                               "tariff": None, "tariff_micro": None, "hourly": None, "hourly_micro": None,
                               "rounding": rounding_text(p.rounding)}
        cents = cents_micro = None
        if p.index is not None:
            i = p.index
            cents = whole_cents(result.cents[i])
            row["tariff"] = to_euro(cents)
            row["hourly"] = _f(result.hourly[i])
            if p.micro:
                cents_micro = whole_cents(result.cents_micro[i])
                row["tariff_micro"] = to_euro(cents_micro)
                row["hourly_micro"] = _f(result.hourly_micro[i])
        elif p.basis == "fixed":
            row["tariff"] = p.tariff
            cents = to_cents(p.tariff)      # whole cents: the schema's rule (parameters.schema.Tariff)
            row["rounding"] = rounding_text(Description("fixed"))
        else:
            row["rounding"] = rounding_text(Description("no_tariff"))
        row["note"] = p.reason if p.index is None else None
        row["productcategorie"] = ijw.productcategorie(p.code)
        row["productcode"] = ijw.productcode(p.code)
        row["wj756"] = ijw.wj756(p.unit)
        row["tariff_cents"] = cents
        row["tariff_micro_cents"] = cents_micro
        row["region"] = opslagen["set"]
        row["prijspeil"] = opslagen["prijspeil"]
        rows.append(row)
    return rows


def parameter_rows(pset) -> list[dict[str, Any]]:
    """Every parameter of a set as a row (`kostprijs params`, the XLSX Parameters sheet); ``since`` is a date."""
    return [{"path": r.path, "value": r.value, "unit": r.unit, "since": r.since, "source": r.source,
             "status": r.status, "file": r.file} for r in pset.records]
