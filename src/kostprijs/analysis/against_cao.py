"""`index --against-cao`: does the OVA cover the CAO raises? Per year, the OVA/material-indexed tariff next to
the tariff with the CAO tables rolled to that year, and the gap.

A set priced at prijspeil P takes its tables at its own salary date (NOB: 31-12-2020 for prijspeil 2020); year
Y is therefore compared with the tables of 31-12-Y (:mod:`kostprijs.parameters.salary_tables`). Only the
salaries move: opslagen, productivity and the set's sociale lasten stay as in the set (a set that gives
premiums per year is not yet followed here: the lead's issue 15 note lists it as open).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

COLUMNS = [("code", None), ("product", None), ("unit", None), ("year", None), ("salary_date", None),
           ("tariff_indexed", 2), ("tariff_cao", 2), ("gap", 2), ("gap_pct", 2)]


def against_cao(source, overrides: tuple, pset, plan, result) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows per year and model product, and the warnings of the roll forwards (one line each, deduplicated).

    ``pset``, ``plan`` and ``result`` are those of the index run (its ``result["cents"]`` is (years, products)
    over the prijspeil and the indexed years)."""
    from kostprijs.core.model import compute
    from kostprijs.core.money import to_euro
    from kostprijs.parameters.compile import load

    years = [plan.prijspeil, *plan.years]
    rows: list[dict[str, Any]] = []
    warned: dict[str, None] = {}
    for y, year in enumerate(years):
        date = pset.salary_date if y == 0 else dt.date(year, 12, 31)
        at = pset if y == 0 else load(source, overrides, date)
        warned.update(dict.fromkeys(at.warnings))
        cents = compute(at.arrays).cents
        for i, p in enumerate(pset.products):
            if p.index is None:
                continue
            indexed = int(result["cents"][y, i])
            cao = int(cents[p.index])
            rows.append({"code": p.code, "product": p.name, "unit": p.unit, "year": year,
                         "salary_date": date.isoformat(), "tariff_indexed": to_euro(indexed),
                         "tariff_cao": to_euro(cao), "gap": to_euro(cao - indexed),
                         "gap_pct": 100.0 * (cao - indexed) / indexed if indexed else None})
    return rows, list(warned)
