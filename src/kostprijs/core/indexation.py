"""Yearly indexation of a tariff list, vectorised (no I/O, no printing, no loop per product).

Shapes: Y indexed years (P+1 .. to), N index series (OVA, materieel, ...), C product classes,
P products. Figures are in percent (4.18 = 4,18%); weights are shares summing to 1 per class.
Every function broadcasts over extra leading axes (scenarios).

The chain, as in NOB (seed 004 l.2420-2438, l.3444-3448) and the VNG convention (docs/conventions.md §1.7):

1. ``weighted_index``   index[y, c] = sum_s weight[c, s] x figure[y, s]
2. ``vng_correction``   correction[y] = weighted definitief[y-1] - weighted applied[y-1] where year y-1 was
                        indexed with a voorlopig figure whose definitief value is now known (else 0)
3. ``cumulative_factors`` factor[Y] = prod_{t<=Y} (1 + (index[t] + correction[t]) / 100); row 0 is the
                        prijspeil year (factor 1)
4. ``indexed_amounts``  the UNROUNDED base tariff x factor of the product's class, per year
5. ``indexed_cents``    the region's rounding (kostprijs.core.rounding) of each year's unrounded amount:
                        rounded values are never compounded.
"""

from __future__ import annotations

import numpy as np

from kostprijs.core.rounding import round_cents

DIFFERENCE, RATIO = 0, 1
CORRECTION_METHODS = {"difference": DIFFERENCE, "ratio": RATIO}


def weighted_index(figures, weights):
    """Weighted index per year and class, percent: ``figures`` (…, Y, N), ``weights`` (…, C, N) -> (…, Y, C).

    NaN figures only matter where their weight is non-zero (a class that does not use a series does
    not need its value): 0 x NaN is taken as 0.
    """
    f = np.asarray(figures, dtype=float)[..., :, None, :]
    w = np.asarray(weights, dtype=float)[..., None, :, :]
    terms = np.where(w == 0.0, 0.0, f * w)
    return terms.sum(axis=-1)


def correction_from(voorlopig_w, definitief_w, method=DIFFERENCE):
    """The VNG catch-up (percent) from the weighted voorlopig and definitief index of one year.

    difference: definitief - voorlopig (VNG 2025: 5.71 - 4.697 = 1.013);
    ratio: (1 + definitief) / (1 + voorlopig) - 1 (VNG 2024 table: 6.426 vs 4.753 -> 1.60).
    """
    v = np.asarray(voorlopig_w, dtype=float)
    d = np.asarray(definitief_w, dtype=float)
    ratio = ((1.0 + d / 100.0) / (1.0 + v / 100.0) - 1.0) * 100.0
    return np.where(np.asarray(method) == RATIO, ratio, d - v)


def vng_correction(applied, definitief, provisional, weights, method=DIFFERENCE):
    """Correction added to each year's index for the previous year, percent, (…, Y, C).

    ``applied`` (…, Y, N): the figure each year was indexed with; ``definitief`` (…, Y, N): the
    definitive figure where known, NaN where not; ``provisional`` (…, Y, N) bool: the applied figure was
    voorlopig. For each series the previous year's applied figure is replaced by its definitief value
    where that was provisional and is now known; the weighted difference (or ratio) is the correction.
    Row 0 (the first indexed year) corrects nothing: the prijspeil year itself was not indexed.
    """
    applied = np.asarray(applied, dtype=float)
    definitief = np.asarray(definitief, dtype=float)
    known = np.asarray(provisional, dtype=bool) & ~np.isnan(definitief)
    best = np.where(known, definitief, applied)
    corr = correction_from(weighted_index(applied, weights), weighted_index(best, weights), method)
    shifted = np.zeros_like(corr)
    shifted[..., 1:, :] = corr[..., :-1, :]
    return shifted


def cumulative_factors(rates):
    """Cumulative factor since prijspeil, (…, Y + 1, C), from yearly rates in percent (…, Y, C).

    Row 0 is the prijspeil year (1.0); row y is prod_{t<=y} (1 + rate[t] / 100).
    """
    r = 1.0 + np.asarray(rates, dtype=float) / 100.0
    ones = np.ones((*r.shape[:-2], 1, r.shape[-1]))
    return np.concatenate([ones, np.cumprod(r, axis=-2)], axis=-2)


def indexed_amounts(base, klass, factors, frozen=False):
    """Unrounded tariff per year and product, (…, Y + 1, P).

    ``base`` (…, P) unrounded tariffs at prijspeil (NaN where there is none), ``klass`` (P,) class index
    of each product, ``factors`` (…, Y + 1, C) from :func:`cumulative_factors`; ``frozen`` (P,) True for
    products that keep their base amount (a fixed tariff that is not indexed).
    """
    per_product = np.take(np.asarray(factors, dtype=float), np.asarray(klass, dtype=int), axis=-1)
    per_product = np.where(frozen, 1.0, per_product)
    return np.asarray(base, dtype=float)[..., None, :] * per_product


def indexed_cents(amounts, mode, step_cents):
    """Each year's unrounded amounts rounded by the region's rule (whole cents; NaN stays NaN)."""
    with np.errstate(invalid="ignore"):
        return round_cents(amounts, mode, step_cents)


def run(base, base_micro, klass, applied, definitief, provisional, weights, mode, step_cents,
        method=DIFFERENCE, frozen=False):
    """The whole chain; returns a dict of arrays (percent for rates, whole cents for tariffs).

    index (Y, C), correction (Y, C), rate (Y, C), factor (Y + 1, C), unrounded / unrounded_micro
    (Y + 1, P), cents / cents_micro (Y + 1, P). Row 0 of the per-year tariff arrays is the prijspeil year.
    """
    index = weighted_index(applied, weights)
    correction = vng_correction(applied, definitief, provisional, weights, method)
    rate = index + correction
    factor = cumulative_factors(rate)
    unrounded = indexed_amounts(base, klass, factor, frozen)
    unrounded_micro = indexed_amounts(base_micro, klass, factor, frozen)
    return {
        "index": index, "correction": correction, "rate": rate, "factor": factor,
        "unrounded": unrounded, "unrounded_micro": unrounded_micro,
        "cents": indexed_cents(unrounded, mode, step_cents),
        "cents_micro": indexed_cents(unrounded_micro, mode, step_cents),
    }
