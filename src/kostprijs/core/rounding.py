"""Money rounding, once, at the end, by the region's rule; robust to float noise.

Results are float arrays of whole cents (integral values, exact in float64; NaN stays NaN), so
no binary fraction survives the rounding. Neither ``round()`` nor ``np.round`` is used for money:
they round halves to even.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from kostprijs.core.money import to_cents, to_euro

#: Relative tolerance within which a value counts as lying exactly on a rounding boundary:
#: far above the float64 noise of the model's chain (~1e-15 relative), far below a cent.
SNAP_TOL = 1e-9

UP, HALF_UP = 0, 1
MODE_CODES = {"up": UP, "half_up": HALF_UP}


def round_up_cents(amount, step_cents=1) -> np.ndarray:
    """Round up to a multiple of ``step_cents`` (NOB: "naar boven afgerond"), in cents.

    An hourly of 61.2 computed as 61.20000000001 gives 6120 cents, not 6180.
    """
    step = _step(step_cents)
    y = np.asarray(amount, dtype=float) * (100.0 if step is None else 100.0 / step)
    # the guard: a value at most SNAP_TOL (relative) above a multiple counts as that multiple; one
    # subtraction instead of snapping to the nearest integer first (4 passes over the array, not 8)
    out = np.ceil(y - SNAP_TOL * np.maximum(1.0, np.abs(y)))
    return out if step is None else out * step


def round_half_up_cents(amount, step_cents=1) -> np.ndarray:
    """Round half away from zero to a multiple of ``step_cents``, in cents.

    2.675 gives 268 although the double nearest to 2.675 lies just below it.
    """
    step = _step(step_cents)
    y = np.asarray(amount, dtype=float) * (100.0 if step is None else 100.0 / step)
    z = np.abs(y) + 0.5
    # the guard: a value at most SNAP_TOL (relative) below a half counts as that half
    out = np.copysign(np.floor(z + SNAP_TOL * np.maximum(1.0, z)), y)
    return out if step is None else out * step


def _step(step_cents) -> np.ndarray | None:
    """The rounding step as floats, or None for a step of one cent everywhere (the common case: the
    multiplication by the step is then left out, which gives the same values)."""
    step = np.asarray(step_cents, dtype=float)
    return None if (step == 1.0).all() else step


def round_cents(amount, mode, step_cents) -> np.ndarray:
    """Round each amount by its own rule: ``mode`` is UP or HALF_UP per element (broadcast).

    With one rule per product (``mode`` (P,) along the last axis of ``amount``) in at most two runs,
    e.g. a sweep's products ordered by rule, each run is rounded as one slice by its own rule only.
    """
    mode = np.asarray(mode)
    if mode.ndim == 1 and np.ndim(step_cents) <= 1 and np.shape(amount)[-1:] == mode.shape:
        switches = mode[1:] != mode[:-1]
        count = np.count_nonzero(switches)
        if count == 0:
            return (round_up_cents if mode[0] == UP else round_half_up_cents)(amount, step_cents)
        if count == 1:
            k = int(switches.argmax()) + 1
            amount, step = np.asarray(amount, dtype=float), np.asarray(step_cents, dtype=float)
            rules = (round_up_cents, round_half_up_cents) if mode[0] == UP else (round_half_up_cents, round_up_cents)
            out = np.empty(amount.shape)
            out[..., :k] = rules[0](amount[..., :k], step[:k] if step.ndim else step)
            out[..., k:] = rules[1](amount[..., k:], step[k:] if step.ndim else step)
            return out
    return np.where(mode == UP, round_up_cents(amount, step_cents), round_half_up_cents(amount, step_cents))


def rounding_interval(cents: float, mode: int, step_cents: float) -> tuple[float, float]:
    """The unrounded amounts (in cents) that round to ``cents`` under a rule: the inverse of
    :func:`round_cents`. Up: (cents - step, cents]; half-up: [cents - step/2, cents + step/2).
    Used to turn a printed, rounded tariff into a constraint (calibration, implied parameters)."""
    if int(mode) == UP:
        return cents - step_cents, cents
    return cents - step_cents / 2, cents + step_cents / 2


def step_in_cents(step: float) -> int:
    """A rounding step given in euro (0.01, 0.60) as whole cents."""
    return to_cents(step)


class Description(NamedTuple):
    """A rounding rule as data, for the text a person reads (``analysis.labels.rounding_text``, in
    the run's language): ``key`` is ``up_minute`` (up to a whole cent per minute), ``up``,
    ``half_up_cent``, ``half_up``, or ``none``/``published`` for a product without a model rule."""

    key: str
    step_euro: float = 0.0


def describe(mode: str, step: float, unit: str) -> Description:
    """A rounding rule as a :class:`Description` (core writes no text; labels do)."""
    cents = step_in_cents(step)
    if mode == "up":
        if unit == "minuut" and cents == 1:
            return Description("up_minute", to_euro(60))
        return Description("up", to_euro(cents))
    return Description("half_up_cent", 0.01) if cents == 1 else Description("half_up", to_euro(cents))
