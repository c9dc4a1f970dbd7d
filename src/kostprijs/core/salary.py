"""CAO salary tables through time: a published table rolled forward by its CAO's dated raises.

Pure numpy, no I/O. Amounts are monthly, full time (EUR/month), over any shape ``(..., S)`` (scales,
steps or inpassingsnummers); raises are ``R`` arrays in date order, with an ``(R, S)`` mask saying which
raise applies to which amount. One raise (``structural_raise`` then ``hourly_floor`` then
``round_table_amounts``) is what a CAO text says:

* a percentage of the amount, at least ``min_per_month`` and at most ``max_per_month`` (GHZ 1-5-2022:
  2,2% with a minimum of EUR 85; GGZ 1-11-2023: 5%, at least EUR 150, at most EUR 300);
* plus a fixed amount per month (AMS 1-1-2020: 4% plus EUR 37; 1-1-2021: EUR 116);
* then every amount still below an hourly floor is raised to floor x hours per month (Jeugdzorg 1-1-2024:
  steps below EUR 15 gross per hour raised to EUR 15 per hour);
* then the CAO's own rounding of table amounts (GHZ: whole euros after each raise, as the published
  tables show). Rounding is half-up by :mod:`kostprijs.core.rounding`, never ``round()``.

``NaN`` in ``min_per_month``, ``max_per_month`` or ``hourly_floor`` means "none".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kostprijs.core.rounding import round_half_up_cents

NONE, CENT, WHOLE_EURO = 0, 1, 2
#: the ``rounding`` parameter of a CAO in cao_scales.yaml -> code
ROUNDING_CODES = {"none": NONE, "cent": CENT, "whole_euro": WHOLE_EURO}


@dataclass(frozen=True)
class Raises:
    """The dated structural raises of one CAO, as arrays of length R (date order)."""

    dates: np.ndarray          # (R,) datetime64[D], the date each raise takes effect
    percent: np.ndarray        # (R,) percent of the amount (0 where the raise is a fixed amount only)
    min_per_month: np.ndarray  # (R,) EUR/month, NaN = no minimum
    max_per_month: np.ndarray  # (R,) EUR/month, NaN = no maximum
    plus_per_month: np.ndarray  # (R,) EUR/month added after the percentage (0 = none)
    hourly_floor: np.ndarray   # (R,) EUR/hour, NaN = no floor
    applies: np.ndarray        # (R, S) bool: raise r changes amount s

    @staticmethod
    def of(dates, percent, min_per_month=None, max_per_month=None, plus_per_month=None, hourly_floor=None,
           applies=None, n_amounts: int | None = None) -> Raises:
        """Build from lists; omitted parts are "none", ``applies`` defaults to every amount."""
        d = np.asarray(dates, dtype="datetime64[D]")
        r = d.shape[0]

        def part(x, fill):
            return np.full(r, fill, dtype=float) if x is None else np.asarray(x, dtype=float)

        if applies is None:
            if n_amounts is None:
                raise ValueError("give applies or n_amounts")
            applies = np.ones((r, n_amounts), dtype=bool)
        return Raises(d, part(percent, 0.0), part(min_per_month, np.nan), part(max_per_month, np.nan),
                      part(plus_per_month, 0.0), part(hourly_floor, np.nan), np.asarray(applies, dtype=bool))


def table_in_force(table_dates, date) -> int:
    """Index of the table in force at ``date``: the latest on or before it (-1 if none). Ties: the last one."""
    d = np.asarray(table_dates, dtype="datetime64[D]")
    ok = np.flatnonzero(d <= np.datetime64(date, "D"))
    if ok.size == 0:
        return -1
    latest = d[ok].max()
    return int(ok[d[ok] == latest][-1])


def raises_between(raise_dates, after, until) -> np.ndarray:
    """Mask (R,) of the raises a table dated ``after`` needs to reach ``until``: after < date <= until."""
    d = np.asarray(raise_dates, dtype="datetime64[D]")
    return (d > np.datetime64(after, "D")) & (d <= np.datetime64(until, "D"))


def structural_raise(amount, percent, min_per_month=np.nan, max_per_month=np.nan, plus_per_month=0.0):
    """``amount`` + clip(amount x percent / 100, min, max) + plus, elementwise (no rounding)."""
    amount = np.asarray(amount, dtype=float)
    increase = amount * (np.asarray(percent, dtype=float) / 100.0)
    lo, hi = np.asarray(min_per_month, dtype=float), np.asarray(max_per_month, dtype=float)
    increase = np.where(np.isnan(lo), increase, np.maximum(increase, lo))
    increase = np.where(np.isnan(hi), increase, np.minimum(increase, hi))
    return amount + increase + np.asarray(plus_per_month, dtype=float)


def hourly_floor(amount, floor_per_hour, hours_per_month):
    """Amounts below ``floor_per_hour`` x ``hours_per_month`` raised to it (NaN floor = unchanged)."""
    amount = np.asarray(amount, dtype=float)
    floor = np.asarray(floor_per_hour, dtype=float) * np.asarray(hours_per_month, dtype=float)
    return np.where(np.isnan(floor), amount, np.maximum(amount, floor))


def round_table_amounts(amount, rounding: int):
    """A CAO's rounding of its table amounts: NONE, CENT or WHOLE_EURO (half-up, float-noise safe)."""
    amount = np.asarray(amount, dtype=float)
    if rounding == NONE:
        return amount
    step = 100 if rounding == WHOLE_EURO else 1
    return round_half_up_cents(amount, step) / 100.0


def apply_raise(amount, raises: Raises, r: int, hours_per_month: float, rounding: int):
    """Raise ``r`` applied to the amounts it concerns (``raises.applies[r]``); the others unchanged."""
    raised = structural_raise(amount, raises.percent[r], raises.min_per_month[r], raises.max_per_month[r],
                              raises.plus_per_month[r])
    raised = hourly_floor(raised, raises.hourly_floor[r], hours_per_month)
    raised = round_table_amounts(raised, rounding)
    return np.where(raises.applies[r], raised, np.asarray(amount, dtype=float))


def roll_forward(amount, raises: Raises, hours_per_month: float, rounding: int, mask=None):
    """The table ``amount`` (..., S) after every raise selected by ``mask`` (R,) (default: all), in date order.

    Returns ``(final, steps)``: ``steps`` (k+1, ..., S) holds the amounts before the first and after each
    applied raise, the chain of raises that ``explain`` and the report show.
    """
    current = np.asarray(amount, dtype=float)
    selected = np.ones(raises.dates.shape[0], dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    order = np.argsort(raises.dates, kind="stable")
    steps = [current]
    for r in order:
        if selected[r]:
            current = apply_raise(current, raises, int(r), hours_per_month, rounding)
            steps.append(current)
    return current, np.stack(steps)


def roll_back(amount, raises: Raises, hours_per_month: float = np.nan, mask=None):
    """The amounts before the selected raises, given the amounts after them (no rounding).

    The inverse of :func:`structural_raise` (strictly increasing, piecewise linear), applied from the
    latest raise back. An amount that sits on an hourly floor of a raise cannot be taken back (the amount
    before it is lost): NaN. Used to take a later published table back to an earlier date (calibration);
    the CAO's rounding makes the result uncertain by up to half a rounding step per raise.
    """
    current = np.asarray(amount, dtype=float)
    selected = np.ones(raises.dates.shape[0], dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    order = np.argsort(raises.dates, kind="stable")[::-1]
    for r in order:
        if not selected[r]:
            continue
        p = raises.percent[r] / 100.0
        lo, hi, plus = raises.min_per_month[r], raises.max_per_month[r], raises.plus_per_month[r]
        y = current - plus
        x = y / (1.0 + p)                                  # the percentage applied as such
        if not np.isnan(lo):
            x = np.where(p * x < lo, y - lo, x)            # the minimum applied
        if not np.isnan(hi):
            x = np.where(p * x > hi, y - hi, x)            # the maximum applied
        floor = raises.hourly_floor[r] * hours_per_month
        lost = np.zeros(np.shape(current), dtype=bool)
        if not np.isnan(raises.hourly_floor[r]):
            lost = np.isnan(floor) | (current <= floor + 1e-9)
        current = np.where(raises.applies[r], np.where(lost, np.nan, x), current)
    return current
