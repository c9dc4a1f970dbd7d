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
from kostprijs.analysis.labels import note
from kostprijs.core.money import to_euro
from kostprijs.language import pick


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
            notes.insert(0, note("off", diff=diff))
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


def against_expected(checks: list[Check], expected) -> dict[str, Any]:
    """The differences verify found (status off) against a file of known ones
    (:mod:`kostprijs.parameters.expected`): ``unexpected`` (found, not expected, or by another amount),
    ``missing`` (expected, not found) and ``expected`` (found as expected); ``ok`` when the first two are
    empty."""
    known = {d.key: d for d in expected.differences}
    found = {(c.code, c.variant): c for c in checks if c.status == OFF and c.code is not None}
    unexpected, matched = [], []
    for key, c in found.items():
        d = known.get(key)
        if d is not None and d.cents == c.diff_cents:
            matched.append({"code": c.code, "variant": c.variant, "cents": c.diff_cents, "reason": d.reason})
        else:
            unexpected.append({"code": c.code, "variant": c.variant, "cents": c.diff_cents, "line": c.line,
                               "expected_cents": None if d is None else d.cents})
    missing = [{"code": d.code, "variant": d.variant, "cents": d.cents, "reason": d.reason}
               for key, d in known.items() if key not in found]
    return {"ok": not unexpected and not missing, "unexpected": unexpected, "missing": missing,
            "expected": matched}


def expected_lines(result: dict[str, Any]) -> list[str]:
    """One line per unexpected or missing difference, and a summary line (for the terminal)."""
    lines = []
    def variant(v: str) -> str:
        return pick("normaal", v) if v == "normal" else v

    for u in result["unexpected"]:
        if u["expected_cents"] is None:
            lines.append(note("unexpected_new", code=u["code"], variant=variant(u["variant"]), cents=u["cents"]))
        else:
            lines.append(note("unexpected_expected", code=u["code"], variant=variant(u["variant"]), cents=u["cents"],
                              expected=u["expected_cents"]))
    for m in result["missing"]:
        lines.append(note("missing", code=m["code"], variant=variant(m["variant"]), cents=m["cents"]))
    n, u, m = len(result["expected"]), len(result["unexpected"]), len(result["missing"])
    lines.append(note("expected", n=n, u=u, m=m) + (pick(" (in orde)", " (ok)") if result["ok"] else ""))
    return lines
