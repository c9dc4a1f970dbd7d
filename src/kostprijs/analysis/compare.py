"""Baseline and scenarios side by side, computed in one vectorised pass along a scenario axis."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np

from kostprijs.core.model import ModelArrays, compute
from kostprijs.core.money import to_cents, to_euro
from kostprijs.errors import KostprijsError


def stack(arrays: list[ModelArrays]) -> ModelArrays:
    """Parameter sets with the same products and scales as one batch (scenario axis first)."""
    return ModelArrays(**{f.name: np.stack([getattr(a, f.name) for a in arrays]) for f in fields(ModelArrays)})


def compare(baseline, scenarios: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Rows (code, scenario, tariff, tariff_micro, delta, delta_pct, ...) for the baseline and each scenario."""
    names = ["baseline"] + [n for n, _ in scenarios]
    psets = [baseline] + [p for _, p in scenarios]
    for name, pset in scenarios:
        if [p.code for p in pset.products] != [p.code for p in baseline.products] or pset.scales != baseline.scales:
            raise KostprijsError(f"scenario {name}: products or scales differ from the baseline")
    result = compute(stack([p.arrays for p in psets]))
    rows: list[dict[str, Any]] = []
    for prod in baseline.products:
        if prod.basis == "not_derivable":
            continue
        per = []
        for s, pset in enumerate(psets):
            if prod.index is not None:
                t = to_euro(result.cents[s, prod.index])
                tm = to_euro(result.cents_micro[s, prod.index]) if prod.micro else None
            else:
                t, tm = pset.product(prod.code).tariff, None
            per.append((float(t), None if tm is None else float(tm)))
        base_t, base_m = per[0]
        for name, (t, tm) in zip(names, per, strict=True):
            rows.append({
                "code": prod.code, "product": prod.name, "unit": prod.unit, "basis": prod.basis, "scenario": name,
                "tariff": t, "tariff_micro": tm,
                "delta": _delta(t, base_t), "delta_pct": _pct(t, base_t),
                "delta_micro": _delta(tm, base_m), "delta_pct_micro": _pct(tm, base_m),
            })
    return rows


def _delta(x, base):
    if x is None or base is None:
        return None
    return to_euro(to_cents(x) - to_cents(base))


def _pct(x, base):
    if x is None or base is None or base == 0:
        return None
    return (x - base) / base * 100


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per scenario: mean, min and max of delta % over every model tariff (normal and micro).

    Fixed tariffs (set outside the model) are left out unless the scenario changed them."""
    out = []
    for name in dict.fromkeys(r["scenario"] for r in rows):
        if name == "baseline":
            continue
        pct = [r[k] for r in rows if r["scenario"] == name and (r["basis"] == "model" or r["delta"])
               for k in ("delta_pct", "delta_pct_micro") if r[k] is not None]
        out.append({"scenario": name, "mean_pct": float(np.mean(pct)), "min_pct": float(np.min(pct)),
                    "max_pct": float(np.max(pct)), "tariffs": len(pct)})
    return out
