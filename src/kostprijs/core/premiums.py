"""Sociale lasten from their components: the effective employer charge per level (pure numpy, no I/O).

NOB (seed 004 l.2190) uses one percentage, 32%, "gebaseerd op de feitelijke (verplichte) percentages, en
een gemiddelde pensioenpremie; inclusief een opslag van 4% voor andere personeelskosten". The same
percentage built from a year's premiums depends on the salary, because the pension premium is paid on the
salary above a franchise (and up to a maximum), and the social-insurance premiums on the salary up to the
maximum premium wage. Every component k is

    charge_k = rate_k x clip(min(wage, cap_k) - franchise_k, 0, inf)

on the yearly wage the model's sociale lasten applies to (12 x monthly x (1 + vakantiegeld +
eindejaarsuitkering + ORT), Tabel 3); the effective percentage is sum_k charge_k / wage. ``cap`` inf means
no maximum, ``franchise`` 0 none. Vectorised: ``wage`` of any shape (..., L); components over K.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Premiums:
    """One year's employer charges as K components (rates as fractions of their base)."""

    names: tuple[str, ...]     # (K,) component names, e.g. pension, awf, zvw (the rows of the trace)
    rate: np.ndarray           # (K,) employer rate, fraction (0.13 for 13%)
    franchise: np.ndarray      # (K,) EUR/year of the wage without premium (0 = none)
    cap: np.ndarray            # (K,) EUR/year: the wage counts up to this amount (inf = no maximum)

    @staticmethod
    def of(components: dict[str, tuple[float, float, float]]) -> Premiums:
        """From ``{name: (rate, franchise, cap)}`` (rate a fraction; cap ``inf`` for none)."""
        names = tuple(components)
        arr = np.array([components[n] for n in names], dtype=float).reshape(len(names), 3)
        return Premiums(names, arr[:, 0], arr[:, 1], arr[:, 2])


def blended_rate(low, high, share_low):
    """The rate of a premium with a low and a high tariff (AWf: low for written permanent contracts,
    high otherwise; Aof: low for small employers), weighted by the share that pays the low one."""
    share = np.asarray(share_low, dtype=float)
    return share * np.asarray(low, dtype=float) + (1.0 - share) * np.asarray(high, dtype=float)


def premium_base(wage, franchise, cap):
    """The part of the yearly wage a premium is paid on: min(wage, cap) - franchise, not below 0.
    ``wage`` (..., L) against components (K,): result (..., L, K)."""
    w = np.asarray(wage, dtype=float)[..., None]
    return np.maximum(np.minimum(w, np.asarray(cap, dtype=float)) - np.asarray(franchise, dtype=float), 0.0)


def merged(premiums: Premiums) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The components with the same base (franchise, cap) added up: ``(rate, franchise, cap)``, each (G,).
    AWf, Aof, Whk, Wko and Zvw share theirs (the wage up to the maximum premium wage), so G is 4 where K is 8:
    the sum of the charges is the same, in fewer passes (a sweep computes it for every scenario)."""
    keys = list(dict.fromkeys(zip(premiums.franchise.tolist(), premiums.cap.tolist(), strict=True)))
    rate = np.zeros(len(keys))
    for k, key in enumerate(zip(premiums.franchise.tolist(), premiums.cap.tolist(), strict=True)):
        rate[keys.index(key)] += premiums.rate[k]
    return rate, np.array([f for f, _ in keys]), np.array([c for _, c in keys])


def total_charges(wage, merged_premiums) -> np.ndarray:
    """Yearly employer charge of all components together, EUR, of the same shape as ``wage`` (one pass per
    base of :func:`merged`, no component axis)."""
    rate, franchise, cap = merged_premiums
    w = np.asarray(wage, dtype=float)
    out = np.zeros_like(w)
    for g in range(len(rate)):
        base = w if np.isinf(cap[g]) else np.minimum(w, cap[g])
        if franchise[g] > 0:
            base = np.maximum(base - franchise[g], 0.0)
        out += rate[g] * base
    return out


def component_charges(wage, premiums: Premiums):
    """Yearly employer charge per component, EUR: (..., L, K)."""
    return premiums.rate * premium_base(wage, premiums.franchise, premiums.cap)


def effective_sociale_lasten(wage, premiums: Premiums):
    """Effective sociale lasten per level as a fraction of the yearly wage: (..., L).

    Returns ``(total, parts)``: ``parts`` (..., L, K) is each component's share of the wage, the rows of the
    trace (they add up to ``total``). A wage of 0 gives NaN (no salary, no percentage).
    """
    w = np.asarray(wage, dtype=float)
    charges = component_charges(w, premiums)
    safe = np.where(w > 0, w, np.nan)[..., None]
    parts = charges / safe
    return parts.sum(axis=-1), parts


@dataclass(frozen=True)
class ProductSocialeLasten:
    """The sociale lasten of each product from premiums: ``rate`` (P,) the per-product rate the chain
    applies; ``level_rate`` (P, L) each level's effective rate, ``wage`` (P, L) the yearly wage it is taken
    on, ``parts`` (P, L, K) each component's share of that wage (NaN where a level has no salary)."""

    rate: np.ndarray
    level_rate: np.ndarray
    wage: np.ndarray
    parts: np.ndarray


def product_sociale_lasten(level_monthly, mix, on_salary, premiums: Premiums) -> ProductSocialeLasten:
    """Per product the sociale lasten rate from premiums (pure numpy).

    ``level_monthly`` (…, P, L): monthly salary per level (:func:`kostprijs.core.model.level_salary`);
    ``mix`` (…, P, L) the functiemix; ``on_salary`` (…, P): vakantiegeld + eindejaarsuitkering + ORT, the
    surcharges that share the base of the sociale lasten (Tabel 3). Each level's yearly wage is
    12 x monthly x (1 + on_salary); its effective rate is :func:`effective_sociale_lasten` of that wage.
    The product's rate is the functiemix- and wage-weighted mean of its levels' rates,

        rate_p = sum_l mix_pl x wage_pl x rate_pl / sum_l mix_pl x wage_pl,

    so that x (1 + rate_p) on the functiemix-weighted yearly cost equals applying each level's own rate
    to its own salary.
    """
    wage = 12.0 * np.asarray(level_monthly, dtype=float) * (1.0 + np.asarray(on_salary, dtype=float))[..., None]
    level_rate, parts = effective_sociale_lasten(wage, premiums)
    weight = np.asarray(mix, dtype=float) * wage
    total = weight.sum(axis=-1)
    charged = np.where(weight > 0, weight * np.nan_to_num(level_rate), 0.0).sum(axis=-1)
    rate = np.divide(charged, total, out=np.zeros_like(total), where=total > 0)
    return ProductSocialeLasten(rate, level_rate, wage, parts)
