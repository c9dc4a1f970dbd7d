"""`kostprijs cao`: every CAO, scale and step in force at a date, with how each amount was reached.

The amounts come from :func:`kostprijs.parameters.salary_tables.in_force` (the latest table on or before
the date, rolled forward by the raises between); this module only makes rows of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kostprijs.errors import KostprijsError

COLUMNS = [("cao", None), ("scale", None), ("step", None), ("value", 2), ("since", None), ("status", None),
           ("table", None), ("table_value", 2), ("derivation", None), ("source", None)]


def cao_steps(pset, date: dt.date | None = None, cao: str | None = None) -> tuple[list, list[str]]:
    """The amounts (:class:`~kostprijs.parameters.salary_tables.StepInForce`) of every CAO (or ``cao``), scale
    and step at ``date`` (default: the set's salary date) and the warnings of the roll forward."""
    from kostprijs.parameters import salary_tables

    caos = pset.models["cao_scales"].caos
    if cao is not None and cao not in caos:
        raise KostprijsError(f"--cao {cao}: not a CAO of {pset.source.name} (CAOs: {', '.join(caos)})")
    date = pset.salary_date if date is None else date
    steps, warned = [], []
    for name, c in caos.items():
        if cao is not None and name != cao:
            continue
        steps += salary_tables.in_force(name, c, date, all_steps=True)
        warned += salary_tables.warnings(name, c, date)
    return steps, warned


def rows_of(steps) -> list[dict[str, Any]]:
    """Rows (cao, scale, step, value, since, status, table, table_value, derivation, source) of the JSON and CSV."""
    return [{"cao": s.cao, "scale": s.scale, "step": s.step, "value": s.value, "since": s.since.isoformat(),
             "status": s.status, "table": s.table_since.isoformat(), "table_value": s.table_value,
             "derivation": s.derivation, "source": s.source} for s in steps]


def cao_rows(pset, date: dt.date | None = None, cao: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """:func:`rows_of` the amounts at ``date`` and the warnings of the roll forward."""
    steps, warned = cao_steps(pset, date, cao)
    return rows_of(steps), warned
