"""Sanity rules of a parameter set (issue 12): values the schema allows but no model product can have.

Errors (a set with one of them is refused by ``validate`` and by every command, with file:line and key):

- a model product names at least one CAO (without one its tariff is EUR 0);
- a model product's functiemix uses only levels that a CAO it names has a scale for (that rule is
  :func:`kostprijs.parameters.compile.compile_models`'s; "every CAO" would refuse the reference model,
  which leaves a CAO without the level out of that level's average: docs/nob-2021-model.md §1, and
  :func:`kostprijs.core.model.level_weights`);
- staff hours per jeugdige per unit at most three times the unit's length (a dagdeel is
  ``kalender.uren_per_dagdeel`` hours, an etmaal 24, an uur 1); above once the length is a warning;
- a percentage of the top step (``tabel1.pct_hoogste_trede``) in (0, 1];
- whole days per year (``kalender.dagen_per_jaar``);
- every computed model tariff (normal and micro) above EUR 0.

Warnings (legal but unusual; ``--strict`` makes them errors): overhead above 50%, client-bound hours
below 1000 or above 1600 a year, a model tariff more than three times the median of its unit.

Structural rules run on the validated models (:func:`structural`), numeric ones on the compiled arrays
(:func:`computed`); both return ``ParamError`` s, so that a warning carries file:line and key too.
"""

from __future__ import annotations

import numpy as np

from kostprijs.core import model as m
from kostprijs.errors import ParamError

#: staff hours per jeugdige per unit: at most this many times the unit's length
MAX_UNIT_LENGTHS = 3
OVERHEAD_WARN = 0.5
CLIENT_HOURS_WARN = (1000, 1600)
MEDIAN_FACTOR_WARN = 3


def unit_length(unit: str, uren_per_dagdeel: float) -> float | None:
    """Hours in one unit (None for a minute: its staff time is fixed at 1/60 hour)."""
    return {"uur": 1.0, "dagdeel": float(uren_per_dagdeel), "etmaal": 24.0}.get(unit)


def structural(raw, md) -> list[ParamError]:
    """The rules on the validated models; ``raw`` locates each problem."""
    errors: list[ParamError] = []
    op, fm = md["opslagen"], md["functiemix"]
    for lv, pct in op.tabel1.pct_hoogste_trede.value.items():
        if not 0 < pct <= 1:
            errors.append(raw.error("opslagen", ("tabel1", "pct_hoogste_trede", "value", lv),
                                    f"percentage of the top step {pct:g} is not in (0, 1]"))
    days = op.kalender.dagen_per_jaar.value
    if days != int(days):
        errors.append(raw.error("opslagen", ("kalender", "dagen_per_jaar", "value"),
                                f"{days:g} is not a whole number of days"))
    for code, p in fm.products.items():
        if p.basis != "model":
            continue
        loc = ("products", code)
        caos = list(p.caos.value)
        if not caos:
            errors.append(raw.error("functiemix", (*loc, "caos", "value"),
                                    "a model product needs at least one CAO (without one its tariff is EUR 0)"))
    return errors


def computed(pset) -> tuple[list[ParamError], list[ParamError]]:
    """(errors, warnings) of the compiled set: staff hours, tariffs, overhead, client-bound hours."""
    errors: list[ParamError] = []
    warnings: list[ParamError] = []
    raw, md = pset.raw, pset.models
    op, fm = md["opslagen"], md["functiemix"]
    a = pset.arrays
    model = pset.model_products
    if model:
        per_unit = m.unit_hours(a.unit, a.staff, a.group, a.is_fte, a.hours, a.days)
        dagdeel = op.kalender.uren_per_dagdeel.value
        for p in model:
            length = unit_length(p.unit, dagdeel)
            if length is None:
                continue
            staffing = fm.products[p.code].staffing
            loc = ("products", p.code, "staffing") if staffing is not None else ("products", p.code)
            hours = float(per_unit[p.index])
            what = (f"{hours:.4g} staff hours per jeugdige per {p.unit} is more than "
                    f"{{n}} times the {p.unit}'s {length:g} hours")
            if hours > MAX_UNIT_LENGTHS * length * (1 + 1e-9):
                errors.append(raw.error("functiemix", loc, what.format(n=MAX_UNIT_LENGTHS)))
            elif hours > length * (1 + 1e-9):
                warnings.append(raw.error("functiemix", loc, what.format(n="one").replace("one times", "once")))
        result = m.compute(a)
        for p in model:
            for variant, cents in (("normal", result.cents), ("micro", result.cents_micro)):
                if variant == "micro" and not p.micro:
                    continue
                c = float(cents[p.index])
                if not c > 0:
                    errors.append(raw.error("functiemix", ("products", p.code),
                                            f"computed {variant} tariff is {c / 100:.2f} EUR, not above 0"))
        by_unit: dict[str, list] = {}
        for p in model:
            by_unit.setdefault(p.unit, []).append(p)
        for unit, products in by_unit.items():
            median = float(np.median([result.cents[p.index] for p in products]))
            for p in products:
                c = float(result.cents[p.index])
                if median > 0 and c > MEDIAN_FACTOR_WARN * median:
                    warnings.append(raw.error("functiemix", ("products", p.code),
                                              f"tariff {c / 100:.2f} EUR is more than {MEDIAN_FACTOR_WARN} "
                                              f"times the median {median / 100:.2f} EUR of the {unit} products"))
    for name in ("overhead", "overhead_micro"):
        value = getattr(op.opslagen, name).value
        if value > OVERHEAD_WARN:
            warnings.append(raw.error("opslagen", ("opslagen", name, "value"),
                                      f"{value * 100:g}% overhead is above {OVERHEAD_WARN * 100:g}%"))
    lo, hi = CLIENT_HOURS_WARN
    for name, col in op.productiviteit.items():
        hours = col.clientgebonden.value
        if not lo <= hours <= hi:
            warnings.append(raw.error("opslagen", ("productiviteit", name, "clientgebonden", "value"),
                                      f"{hours:g} client-bound hours a year is outside {lo}-{hi}"))
    return errors, warnings
