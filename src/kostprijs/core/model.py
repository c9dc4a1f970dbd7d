"""The kostprijsmodel as vectorised functions (NOB 2021, seed 004 Bijlage 1).

Shapes: S scales, K CAO columns of Tabel 1, L education levels, P products. Every argument may
carry extra leading axes (a scenario axis); all functions broadcast over them, so many parameter
sets are computed in one pass. Nothing here reads files or prints.

The chain, each step named after the model's own term:

1. ``level_salary``       Tabel 1: monthly salary per level = pct_hoogste_trede x weighted top steps,
                          averaged over the CAOs the product names ("gemiddelde", l.2444).
2. ``loaded_yearly_cost`` Tabel 3: x 12 x (1 + vakantiegeld + eindejaarsuitkering + ORT)
                          x (1 + sociale lasten) x (1 + overhead) x (1 + risico).
3. ``hourly_cost``        Tabel 4: / productive (client-bound) hours, weighted by the functiemix.
4. ``unit_hours``         Tabel 5 / 10-15: staff hours per unit per jeugdige (1/60 per minuut, 4/7 per
                          dagdeel, FTE x hours / 365 per etmaal).
5. ``unit_tariff``        hourly x unit hours + fixed parts (voorzieningen, after overhead and risico).
6. rounding               :mod:`kostprijs.core.rounding`, by the region's rule per unit (l.3444-3448).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

MINUUT, UUR, DAGDEEL, ETMAAL = 0, 1, 2, 3
UNIT_CODES = {"minuut": MINUUT, "uur": UUR, "dagdeel": DAGDEEL, "etmaal": ETMAAL}


@dataclass(frozen=True)
class ModelArrays:
    """All numeric inputs of the model. Opslagen are arrays of shape batch + (1,) so that they
    broadcast against products; product arrays are batch + (P,)."""

    # salaries (cao_scales.yaml, Tabel 1)
    top: np.ndarray            # (S,) monthly top step per scale, EUR/month
    tabel1: np.ndarray         # (K, L, S) weight of each scale in a level, per CAO column
    has_level: np.ndarray      # (K, L) 1.0 where the CAO column has a scale for the level
    pct: np.ndarray            # (L,) share of the top step used (pct_hoogste_trede)
    # opslagen (Tabel 3)
    vakantiegeld: np.ndarray
    eindejaarsuitkering: np.ndarray
    sociale_lasten: np.ndarray
    overhead: np.ndarray
    overhead_micro: np.ndarray
    risico: np.ndarray
    # per product (functiemix.yaml)
    mix: np.ndarray            # (P, L) functiemix shares
    cao_mask: np.ndarray       # (P, K) 1.0 for each CAO column averaged
    ort: np.ndarray            # (P,) ORT fraction
    hours: np.ndarray          # (P,) productive (client-bound) hours per FTE per year, Tabel 4
    unit: np.ndarray           # (P,) unit code (MINUUT, UUR, DAGDEEL, ETMAAL)
    staff: np.ndarray          # (P,) staff hours per unit per group, or FTE per group
    group: np.ndarray          # (P,) group size (jeugdigen per staff)
    group_micro: np.ndarray    # (P,) group size for the micro tariff
    is_fte: np.ndarray         # (P,) True where staff is FTE (etmaal: FTE x hours / days)
    fixed: np.ndarray          # (P,) fixed parts per unit, EUR
    days: np.ndarray           # dagen per jaar
    round_mode: np.ndarray     # (P,) rounding.UP or rounding.HALF_UP
    round_step: np.ndarray     # (P,) rounding step in cents

    def with_values(self, **changes) -> ModelArrays:
        return replace(self, **{k: np.asarray(v, dtype=float) for k, v in changes.items()})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))


def level_weights(cao_mask, has_level, tabel1, pct):
    """Weights V[p, l, s]: monthly salary of level l for product p = sum_s V[p, l, s] * top[s].

    Tabel 1 (seed 004 l.2040-2093) gives per CAO column the scales of a level and their shares, and
    the share of the top step used per level (93% ... 100%). A product averages the CAOs it names
    ("Indien meerdere cao's van toepassing zijn is met een gemiddelde gerekend", l.2444); a CAO
    without a scale for a level (Jeugdzorg WO++/KJP) is left out of that level's average.
    """
    present = np.asarray(cao_mask)[..., :, :, None] * np.asarray(has_level)[..., None, :, :]  # (…, P, K, L)
    count = present.sum(axis=-2)                                                            # (…, P, L)
    share = np.divide(present, count[..., None, :], out=np.zeros_like(present), where=count[..., None, :] > 0)
    return np.einsum("...pkl,...kls,...l->...pls", share, tabel1, pct)


def level_salary(top, weights):
    """Monthly salary per product and level (EUR/month): ``weights`` (…, P, L, S) x ``top`` (…, S)."""
    return np.einsum("...pls,...s->...pl", weights, top)


def mix_weights(mix, weights):
    """Weights W[p, s] of the functiemix-weighted monthly salary: sum_l mix[p, l] * V[p, l, s]."""
    return np.einsum("...pl,...pls->...ps", mix, weights)


def mix_salary(top, mix_w):
    """Functiemix-weighted monthly salary per product (EUR/month)."""
    return np.einsum("...ps,...s->...p", mix_w, top)


def loaded_yearly_cost(monthly, vakantiegeld, eindejaarsuitkering, ort, sociale_lasten, overhead, risico):
    """Yearly employer cost per FTE incl. opslagen (Tabel 3, seed 004 l.2182-2204).

    12 x salary x (1 + vakantiegeld + eindejaarsuitkering + ORT): the surcharges on salary share one
    base; x (1 + sociale lasten); x (1 + overhead) "op de bruto personeelskosten"; x (1 + risico)
    "over bruto loonkosten inclusief sociale lasten en opslag voor overhead". The multiplicative
    overhead/risico structure is confirmed by the micro/normal tariff ratio 1.115/1.35 (nob-2021-model
    §10.1). ``monthly`` may carry a trailing level axis if ``ort`` is given with one.
    """
    gross = 12.0 * monthly * (1.0 + vakantiegeld + eindejaarsuitkering + ort)
    return gross * (1.0 + sociale_lasten) * (1.0 + overhead) * (1.0 + risico)


def hourly_cost(yearly_cost, hours):
    """Unrounded cost per productive hour: yearly cost / client-bound hours (Tabel 4, l.2273-2298)."""
    return yearly_cost / hours


def unit_hours(unit, staff, group, is_fte, hours, days):
    """Staff hours per unit per jeugdige.

    minuut 1/60; uur 1 / group (1 for an individual product; a group hour, e.g. Midden-Limburg's J-GGZ
    groep D "1 begeleider op 4 jeugdigen", is shared by the group); dagdeel and etmaal staff / group
    (Tabel 5: "4 uur / 7 cliënten"); FTE-based etmaal FTE / group x productive hours / days (verblijf:
    "netto FTE / jeugdige", FTE x 1298 / 365 hours per etmaal, nob-2021-model §10.6).
    """
    per_group = staff / group
    timed = np.where(is_fte, per_group * hours / days, per_group)
    return np.where(unit == MINUUT, 1.0 / 60.0, np.where(unit == UUR, 1.0 / group, timed))


def unit_tariff(hourly, hours_per_unit, fixed):
    """Unrounded tariff per unit: hourly cost x staff hours per unit + fixed parts.

    Fixed parts (EUR 6 per dagdeel, slaapwacht, kapitaal, hotel) are added after overhead and risico
    and never marked up (confirmed by the micro ratio, nob-2021-model §10.1-10.3).
    """
    return hourly * hours_per_unit + fixed


@dataclass(frozen=True)
class Result:
    """Unrounded and rounded figures per product (batch + (P,) arrays)."""

    hourly: np.ndarray
    hourly_micro: np.ndarray
    unrounded: np.ndarray
    unrounded_micro: np.ndarray
    cents: np.ndarray
    cents_micro: np.ndarray


def compute(a: ModelArrays, mix_w=None) -> Result:
    """Run the whole chain for every product (and every scenario on leading axes).

    ``mix_w`` may pass precomputed :func:`mix_weights` (they depend only on mix, CAOs and Tabel 1),
    which makes sweeps over opslagen, hours or salaries a single matrix product.
    """
    from kostprijs.core.rounding import round_cents

    if mix_w is None:
        mix_w = mix_weights(a.mix, level_weights(a.cao_mask, a.has_level, a.tabel1, a.pct))
    monthly = mix_salary(a.top, mix_w)
    surcharges = (a.vakantiegeld, a.eindejaarsuitkering, a.ort, a.sociale_lasten)
    hourly = hourly_cost(loaded_yearly_cost(monthly, *surcharges, a.overhead, a.risico), a.hours)
    hourly_micro = hourly_cost(loaded_yearly_cost(monthly, *surcharges, a.overhead_micro, a.risico), a.hours)
    per_unit = unit_hours(a.unit, a.staff, a.group, a.is_fte, a.hours, a.days)
    per_unit_micro = unit_hours(a.unit, a.staff, a.group_micro, a.is_fte, a.hours, a.days)
    unrounded = unit_tariff(hourly, per_unit, a.fixed)
    unrounded_micro = unit_tariff(hourly_micro, per_unit_micro, a.fixed)
    return Result(
        hourly=hourly,
        hourly_micro=hourly_micro,
        unrounded=unrounded,
        unrounded_micro=unrounded_micro,
        cents=round_cents(unrounded, a.round_mode, a.round_step),
        cents_micro=round_cents(unrounded_micro, a.round_mode, a.round_step),
    )
