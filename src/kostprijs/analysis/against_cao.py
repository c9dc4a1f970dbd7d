"""`index --against-cao`: does the OVA cover the CAO raises? Per year, the OVA/material-indexed tariff next to
the tariff with the CAO tables rolled to that year, and the gap.

A set priced at prijspeil P takes its tables at its own salary date (NOB: 31-12-2020 for prijspeil 2020); year
Y is therefore compared with the tables of 31-12-Y (:mod:`kostprijs.parameters.salary_tables`). Opslagen and
productivity stay as in the set. The sociale lasten: a set with one flat percentage (NOB's 32%) keeps it in
every year; a set that takes them from premiums (opslagen.sociale_lasten_jaar a year of premies.yaml) takes
year Y's premiums for year Y. Where premies.yaml has no year Y, or a figure of it is unknown, the latest
earlier year with every figure known is used, with a warning and the row's ``premium_fallback`` true: a gap
is never filled silently. Each row names the premium year used (``premium_year``, ``flat`` for a flat rate)
and the sociale lasten rate of the product that follows from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kostprijs.errors import KostprijsError

COLUMNS = [("code", None), ("product", None), ("unit", None), ("year", None), ("salary_date", None),
           ("premium_year", None), ("premium_fallback", None), ("sociale_lasten_pct", 2),
           ("tariff_indexed", 2), ("tariff_cao", 2), ("gap", 2), ("gap_pct", 2)]
PATH = "opslagen.sociale_lasten_jaar"


def premium_year_for(ps, year: int) -> tuple[int, str | None]:
    """The premium year of calendar year ``year`` and, when it is an earlier one, the warning that says why."""
    from kostprijs.parameters import premiums as premium_file

    used = premium_file.year_in_force(ps, year)
    if used is None:
        raise KostprijsError(f"{ps.file}: index --against-cao {year}: no premium year on or before {year} with "
                             f"every figure known; give the figures in {premium_file.FILE}")
    if used == year:
        return used, None
    missing = premium_file.unknown_in(ps, year)
    why = "no such year" if missing == ["the year"] else f"unknown: {', '.join(missing)}"
    return used, (f"{ps.file}: no complete premiums for {year} ({why}); index --against-cao uses the premiums "
                  f"of {used} for {year} (column premium_year)")


def against_cao(source, overrides: tuple, pset, plan, result) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows per year and model product, and the warnings of the roll forwards and of the premium years (one
    line each, deduplicated).

    ``pset``, ``plan`` and ``result`` are those of the index run (its ``result["cents"]`` is (years, products)
    over the prijspeil and the indexed years)."""
    from kostprijs.core.model import compute
    from kostprijs.core.money import to_euro
    from kostprijs.parameters import premiums as premium_file
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.overrides import Override

    ps = premium_file.read(Path(pset.premiums.file)) if pset.premiums is not None else None
    rest = tuple(o for o in overrides if o.path != PATH)
    years = [plan.prijspeil, *plan.years]
    rows: list[dict[str, Any]] = []
    warned: dict[str, None] = {}
    for y, year in enumerate(years):
        date = pset.salary_date if y == 0 else dt.date(year, 12, 31)
        premium_year: int | str = "flat" if ps is None else pset.premiums.year
        fallback = False
        if y == 0:
            at = pset
        elif ps is None:
            at = load(source, overrides, date)
        else:
            premium_year, why = premium_year_for(ps, year)
            fallback = why is not None
            if why:
                warned[why] = None
            chosen = Override(PATH, premium_year, f"index --against-cao: the premiums of {premium_year} for {year}",
                              f"index --against-cao ({PATH}={premium_year})")
            at = load(source, (*rest, chosen), date)
        warned.update(dict.fromkeys(at.warnings))
        cents = compute(at.arrays).cents
        for i, p in enumerate(pset.products):
            if p.index is None:
                continue
            indexed = int(result["cents"][y, i])
            cao = int(cents[p.index])
            rows.append({"code": p.code, "product": p.name, "unit": p.unit, "year": year,
                         "salary_date": date.isoformat(), "premium_year": premium_year,
                         "premium_fallback": fallback,
                         "sociale_lasten_pct": 100.0 * float(at.arrays.sociale_lasten[p.index]),
                         "tariff_indexed": to_euro(indexed),
                         "tariff_cao": to_euro(cao), "gap": to_euro(cao - indexed),
                         "gap_pct": 100.0 * (cao - indexed) / indexed if indexed else None})
    return rows, list(warned)
