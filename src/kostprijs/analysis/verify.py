"""Compare the model with a published tariff list, product by product, normal and micro."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from kostprijs.core.model import compute


@dataclass
class Check:
    code: str | None
    product: str
    variant: str            # "normal" | "micro"
    published: float | None
    computed: float | None
    diff_cents: int | None
    status: str             # exact | off | within_precision | not_derivable
    detail: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def precision_halfwidth(pset) -> np.ndarray:
    """Per model product: half the last printed digit of its staffing FTE (0 where exact)."""
    half = np.zeros(len(pset.model_products))
    for p in pset.model_products:
        st = pset.models["functiemix"].products[p.code].staffing
        rec = st and (st.fte_per_jeugdige or st.fte_per_group)
        if rec is not None and rec.printed_decimals is not None:
            half[p.index] = 0.5 * 10.0 ** (-rec.printed_decimals)
    return half


def _precision_band(pset) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rounded tariffs with every input printed to limited precision at both ends of its range."""
    half = precision_halfwidth(pset)
    a = pset.arrays
    staff = np.stack([a.staff - half, a.staff + half])
    r = compute(a.with_values(staff=staff))
    lo = np.minimum(r.cents[0], r.cents[1])
    hi = np.maximum(r.cents[0], r.cents[1])
    lo_m = np.minimum(r.cents_micro[0], r.cents_micro[1])
    hi_m = np.maximum(r.cents_micro[0], r.cents_micro[1])
    return np.where(half > 0, lo, np.nan), np.where(half > 0, hi, np.nan), lo_m, hi_m


def verify(pset, published) -> list[Check]:
    result = compute(pset.arrays)
    lo, hi, lo_m, hi_m = _precision_band(pset)
    by_code = {p.code: p for p in pset.products}
    checks: list[Check] = []
    for row in published.tariffs:
        p = by_code.get(row.code)
        for variant, pub in (("normal", row.tariff), ("micro", row.tariff_micro)):
            if variant == "micro" and pub is None:
                continue
            base = dict(code=row.code, product=row.product, variant=variant, published=pub, line=row.line)
            if p is None or p.index is None:
                reason = p.reason if p else "no product with this code in the parameter set"
                if pub is None:
                    reason = f"no tariff published ({row.printed}); {reason}" if p else reason
                checks.append(Check(**base, computed=p.tariff if p and variant == "normal" else None,
                                    diff_cents=None, status="not_derivable", detail=reason or ""))
                continue
            if variant == "micro" and not p.micro:
                checks.append(Check(**base, computed=None, diff_cents=None, status="off",
                                    detail="published a micro tariff, the parameter set has micro: false"))
                continue
            cents = (result.cents_micro if variant == "micro" else result.cents)[p.index]
            band = (lo_m, hi_m) if variant == "micro" else (lo, hi)
            computed = int(cents) / 100
            if pub is None:
                checks.append(Check(**base, computed=computed, diff_cents=None, status="not_derivable",
                                    detail=f"no tariff published ({row.printed})"))
                continue
            diff = int(cents) - int(published_cents(pub))
            if diff == 0:
                status, detail = "exact", ""
            elif not np.isnan(band[0][p.index]) and band[0][p.index] <= published_cents(pub) <= band[1][p.index]:
                status = "within_precision"
                detail = (f"input printed with limited precision (FTE to 2 decimals): the model gives "
                          f"{band[0][p.index] / 100:.2f}..{band[1][p.index] / 100:.2f}")
            else:
                status, detail = "off", f"off by {diff:+d} cent(s)"
            if status != "exact" and p.note:
                detail = f"{detail}; {p.note}" if detail else p.note
            checks.append(Check(**base, computed=computed, diff_cents=diff, status=status, detail=detail))
    return checks


def published_cents(euro: float) -> int:
    """An amount that is already whole cents (a published or a rounded tariff) as integer cents."""
    return int(f"{euro:.2f}".replace(".", ""))


def summary(pset, checks: list[Check]) -> dict[str, Any]:
    counts = Counter(c.status for c in checks)
    derivable = counts["exact"] + counts["off"]
    statuses = Counter(r.status for r in pset.records)
    return {
        "exact": counts["exact"], "derivable": derivable, "off": counts["off"],
        "within_precision": counts["within_precision"], "not_derivable": counts["not_derivable"],
        "inputs": dict(sorted(statuses.items())),
        "ok": counts["off"] == 0,
    }
