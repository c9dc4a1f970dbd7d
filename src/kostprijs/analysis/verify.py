"""Compare the model with its own published tariff list, product by product, normal and micro.

The comparison is :func:`kostprijs.analysis.comparison.compare_tariff` (its status words); verify asks
what the model *derives*, so a fixed tariff of the set counts as not derivable, not as exact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from kostprijs.analysis.comparison import (
    EXACT,
    NO_TARIFF,
    NOT_DERIVABLE,
    OFF,
    UNMATCHED,
    WITHIN_PRECISION,
    compare_all,
    list_entries,
)
from kostprijs.core.money import to_euro


@dataclass
class Check:
    code: str | None
    product: str
    variant: str            # "normal" | "micro"
    published: float | None
    computed: float | None
    diff_cents: int | None  # computed - published
    status: str             # a status of kostprijs.analysis.comparison.STATUSES
    detail: str
    line: int
    direction: str | None = None   # off: the published tariff lies below | above the model's

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def verify(pset, published) -> list[Check]:
    entries = list(list_entries(pset, published))
    checks: list[Check] = []
    for e, c in zip(entries, compare_all(entries, pset, fixed=False), strict=True):
        p = e.product
        diff = None if c.delta_cents is None else -c.delta_cents
        computed = c.model_cents if c.status != UNMATCHED else None
        notes = list(c.notes)
        if c.status == OFF:
            notes.insert(0, f"off by {diff:+d} cent(s)")
        if c.status in (OFF, WITHIN_PRECISION) and p.note:
            notes.append(p.note)
        checks.append(Check(e.code, e.name, e.variant, to_euro(e.cents), to_euro(computed),
                            diff if c.compared else None, c.status, "; ".join(notes), e.line, c.direction))
    return checks


def summary(pset, checks: list[Check]) -> dict[str, Any]:
    counts = Counter(c.status for c in checks)
    derivable = counts[EXACT] + counts[OFF]
    statuses = Counter(r.status for r in pset.records)
    return {
        "exact": counts[EXACT], "derivable": derivable, "off": counts[OFF],
        "within_precision": counts[WITHIN_PRECISION], "not_derivable": counts[NOT_DERIVABLE],
        "inputs": dict(sorted(statuses.items())),
        "ok": counts[OFF] == 0,
        "no_tariff": counts[NO_TARIFF], "unmatched": counts[UNMATCHED],
    }
