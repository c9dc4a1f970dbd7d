"""The kostprijsmodel as vectorised functions (NOB 2021, seed 004 Bijlage 1).

Shapes: S scales, K CAO columns of Tabel 1, L education levels, P products. Every argument may
carry extra leading axes (a scenario axis); all functions broadcast over them, so many parameter
sets are computed in one pass. Nothing here reads files or prints.

The chain, each step named after the model's own term:

1. ``level_salary``       Tabel 1: monthly salary per level = pct_hoogste_trede x weighted top steps,
                          averaged over the CAOs the product names ("gemiddelde", l.2444); ``mix_salary``
                          weighs the levels by the functiemix.
2. ``loaded_yearly_cost`` Tabel 3: ``yearly_salary`` (x 12), then each opslag of :data:`OPSLAGEN` in
                          order: vakantiegeld, eindejaarsuitkering, ORT (on the salary), x (1 + sociale
                          lasten) x (1 + overhead) x (1 + risico).
3. ``hourly_cost``        Tabel 4: / productive (client-bound) hours, weighted by the functiemix.
4. ``unit_hours``         Tabel 5 / 10-15: staff hours per unit per jeugdige (1/60 per minuut, 4/7 per
                          dagdeel, FTE x hours / 365 per etmaal); ``personnel_cost`` = hourly x those hours.
5. ``unit_tariff``        personnel cost per unit + fixed parts (voorzieningen, after overhead and risico).
6. rounding               :func:`kostprijs.core.rounding.round_cents`, by the region's rule per unit
                          (l.3444-3448).

:func:`tariff_chain` runs steps 2-6 for one tariff variant (normal or micro-onderneming); :func:`compute`
runs the whole chain for both, and with ``trace=True`` also returns every intermediate amount
(:class:`Trace`), computed by these same functions. The sensitivity sweep
(:mod:`kostprijs.core.sweep`) calls :func:`tariff_chain` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from kostprijs.core.rounding import round_cents

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
    # opslagen (Tabel 3), applied in the order of OPSLAGEN below
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


# --- the opslagen of Tabel 3 ----------------------------------------------------------------------

ON_SALARY = "on_salary"    # rate x the yearly salary, added: the surcharges on salary share one base
ON_TOTAL = "on_total"      # x (1 + rate) of the yearly cost so far


@dataclass(frozen=True)
class Opslag:
    """One opslag of Tabel 3 as the chain applies it.

    ``field`` is the ModelArrays field holding the rate (batch + (1,); batch + (P,) where
    ``per_product``, e.g. ORT, whose variant each product names); ``micro_field`` the field used
    instead for the micro-onderneming tariff. ``element`` is the cost element of art. 2.3 Besluit
    Jeugdwet the opslag belongs to: "a" beroepskrachten or "c" overhead (with the risico-opslag).
    """

    field: str
    base: str                       # ON_SALARY or ON_TOTAL
    element: str
    micro_field: str | None = None
    per_product: bool = False

    def used(self, micro: bool) -> str:
        """The field whose rate this tariff variant applies."""
        return self.micro_field if micro and self.micro_field else self.field


#: Every opslag, in the order of the chain (seed 004 Tabel 3, l.2182-2204): the surcharges on salary
#: share one base, "x 12 x (1 + vakantiegeld + eindejaarsuitkering + ORT)"; sociale lasten on that;
#: overhead "op de bruto personeelskosten"; risico "over bruto loonkosten inclusief sociale lasten en
#: opslag voor overhead". The multiplicative overhead/risico structure is confirmed by the
#: micro/normal tariff ratio 1.115/1.35 (nob-2021-model §10.1). A new opslag is one row here (and
#: its ModelArrays field above).
OPSLAGEN: tuple[Opslag, ...] = (
    Opslag("vakantiegeld", ON_SALARY, "a"),
    Opslag("eindejaarsuitkering", ON_SALARY, "a"),
    Opslag("ort", ON_SALARY, "a", per_product=True),
    # per product: one flat rate for every product, or from premiums the functiemix-weighted rate of the
    # product's levels (kostprijs.core.premiums.product_sociale_lasten)
    Opslag("sociale_lasten", ON_TOTAL, "a", per_product=True),
    Opslag("overhead", ON_TOTAL, "c", micro_field="overhead_micro"),
    Opslag("risico", ON_TOTAL, "c"),
)


def opslag_rates(values, micro: bool = False) -> tuple:
    """The rate of each opslag of :data:`OPSLAGEN`, in order, from anything with the ModelArrays
    fields as attributes, for the normal or the micro-onderneming tariff."""
    return tuple(getattr(values, o.used(micro)) for o in OPSLAGEN)


# --- the chain ------------------------------------------------------------------------------------

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


def cao_salary(top, tabel1, pct):
    """Monthly salary per CAO column and level (EUR/month, (…, K, L)): pct_hoogste_trede x the
    Tabel 1 shares of the top steps. :func:`level_weights` averages these over a product's CAOs."""
    return np.einsum("...kls,...s->...kl", tabel1, top) * np.asarray(pct)[..., None, :]


def level_salary(top, weights, pct=None):
    """Monthly salary per product and level (EUR/month): ``weights`` (…, P, L, S) x ``top`` (…, S).

    ``pct`` (…, L), if given, multiplies each level: for weights built at 100% of the top step (a
    sweep that varies pct_hoogste_trede)."""
    w = np.asarray(weights)
    top = np.asarray(top)
    if w.ndim == 3:   # one set of weights for every scenario: a single matrix product
        p, n_levels, s = w.shape
        out = (top @ w.reshape(p * n_levels, s).T).reshape(*top.shape[:-1], p, n_levels)
    else:
        out = np.einsum("...pls,...s->...pl", w, top)
    return out if pct is None else out * np.asarray(pct)[..., None, :]


def mix_weights(mix, weights):
    """Weights W[p, s] of the functiemix-weighted monthly salary: sum_l mix[p, l] * V[p, l, s]."""
    mix, weights = np.asarray(mix), np.asarray(weights)
    if weights.ndim == 3 and mix.ndim > 2:   # many mixes on one set of weights: per product a matrix product
        return np.matmul(mix[..., :, None, :], weights)[..., 0, :]
    return np.einsum("...pl,...pls->...ps", mix, weights)


def mix_salary(top, mix_w):
    """Functiemix-weighted monthly salary per product (EUR/month)."""
    return np.einsum("...ps,...s->...p", mix_w, top)


def functiemix_salary(level, mix):
    """Functiemix-weighted monthly salary from the salary per level (…, P, L): what
    :func:`mix_salary` gives, summed per level (for salaries that vary per level and scenario)."""
    return (np.asarray(mix) * level).sum(axis=-1)


def yearly_salary(monthly):
    """Yearly salary per FTE: x 12 months."""
    return 12.0 * monthly


def loaded_yearly_cost(yearly, rates: Sequence, steps: list | None = None):
    """Yearly employer cost per FTE incl. opslagen (Tabel 3, seed 004 l.2182-2204).

    From the yearly salary, each opslag of :data:`OPSLAGEN` with its rate from ``rates`` (in that
    order, see :func:`opslag_rates`): an ON_SALARY opslag adds rate x the yearly salary, an ON_TOTAL
    one multiplies everything so far by (1 + rate). The amounts are carried as a factor on the
    yearly salary, so the (often per-scenario) rates combine before the product axis comes in. If
    ``steps`` is a list, the running yearly cost after each opslag is appended to it.
    """
    factor = 1.0
    for o, rate in zip(OPSLAGEN, rates, strict=True):
        factor = factor + rate if o.base == ON_SALARY else factor * (1.0 + rate)
        if steps is not None:
            steps.append(yearly * factor)
    return yearly * factor


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
    unit, group, is_fte = np.asarray(unit), np.asarray(group), np.asarray(is_fte)
    if unit.ndim == group.ndim == is_fte.ndim == np.ndim(per_group) == 1:
        # one product layout for every scenario (a sweep varies hours or days, not the layout): only the
        # FTE-based products depend on the scenario, so the others are written once per product and the
        # FTE-based ones computed on their own columns, by the same arithmetic as the general case below
        timed = is_fte & (unit != MINUUT) & (unit != UUR)
        fixed = np.where(unit == MINUUT, 1.0 / 60.0, np.where(unit == UUR, 1.0 / group, per_group))
        hours, days = np.asarray(hours), np.asarray(days)
        out = np.empty(np.broadcast_shapes(fixed.shape, hours.shape, days.shape))
        out[...] = fixed
        where = np.flatnonzero(timed)
        if len(where):
            if where[-1] - where[0] + 1 == len(where):      # one run of products (a sweep orders them): a slice
                where = slice(int(where[0]), int(where[-1]) + 1)
            out[..., where] = per_group[where] * np.broadcast_to(hours, out.shape)[..., where] / days
        return out
    timed = np.where(is_fte, per_group * hours / days, per_group)
    return np.where(unit == MINUUT, 1.0 / 60.0, np.where(unit == UUR, 1.0 / group, timed))


def personnel_cost(hourly, hours_per_unit):
    """Personnel cost per unit (EUR): hourly cost x staff hours per unit."""
    return hourly * hours_per_unit


def unit_tariff(personnel, fixed):
    """Unrounded tariff per unit: personnel cost per unit + fixed parts.

    Fixed parts (EUR 6 per dagdeel, slaapwacht, kapitaal, hotel) are added after overhead and risico
    and never marked up (confirmed by the micro ratio, nob-2021-model §10.1-10.3).
    """
    return personnel + fixed


@dataclass(frozen=True)
class Applied:
    """One opslag of a trace: the rate applied and the running yearly cost per FTE after it."""

    opslag: Opslag
    field: str               # the ModelArrays field applied (overhead_micro for a micro tariff)
    rate: np.ndarray
    amount: np.ndarray       # EUR/year per FTE, batch + (P,)


@dataclass(frozen=True)
class Trace:
    """Every named intermediate amount of one tariff variant, per product (batch + (P,) unless noted),
    as :func:`compute` computes it. Amounts are unrounded until ``cents``."""

    micro: bool
    cao_salary: np.ndarray       # batch + (K, L) EUR/month per CAO column and level (cao_salary)
    level_salary: np.ndarray     # batch + (P, L) EUR/month per level, averaged over the product's CAOs
    functiemix: np.ndarray       # batch + (P, L) EUR/month, functiemix-weighted, cumulative over the levels
    monthly: np.ndarray          # EUR/month, the functiemix-weighted salary the chain carries on with
    yearly: np.ndarray           # EUR/year per FTE, x 12
    opslagen: tuple[Applied, ...]  # in the order of OPSLAGEN
    loaded: np.ndarray           # EUR/year per FTE after every opslag
    hours: np.ndarray            # productive (client-bound) hours per FTE per year
    hourly: np.ndarray           # EUR/h
    unit_hours: np.ndarray       # staff hours per unit per jeugdige
    personnel: np.ndarray        # EUR/unit, personnel cost
    fixed: np.ndarray            # EUR/unit, the fixed parts together
    fixed_running: np.ndarray    # batch + (P, V) EUR/unit after each fixed part (see compute)
    unrounded: np.ndarray        # EUR/unit
    cents: np.ndarray            # whole cents, by the region's rule


def tariff_chain(values, monthly, micro: bool = False, record: dict | None = None):
    """Steps 2-6 for one tariff variant, from the functiemix-weighted monthly salary:
    (hourly, unrounded, cents) per product.

    ``values`` has the ModelArrays fields as attributes (a ModelArrays, or one whose fields carry a
    scenario axis). If ``record`` is a dict, the intermediate amounts are stored in it by name.
    """
    steps: list | None = [] if record is not None else None
    rates = opslag_rates(values, micro)
    yearly = yearly_salary(monthly)
    loaded = loaded_yearly_cost(yearly, rates, steps)
    hourly = hourly_cost(loaded, values.hours)
    group = values.group_micro if micro else values.group
    per_unit = unit_hours(values.unit, values.staff, group, values.is_fte, values.hours, values.days)
    personnel = personnel_cost(hourly, per_unit)
    unrounded = unit_tariff(personnel, values.fixed)
    cents = round_cents(unrounded, values.round_mode, values.round_step)
    if record is not None:
        record.update(
            yearly=yearly, loaded=loaded, hourly=hourly, unit_hours=per_unit, personnel=personnel,
            opslagen=tuple(Applied(o, o.used(micro), r, s) for o, r, s in zip(OPSLAGEN, rates, steps, strict=True)))
    return hourly, unrounded, cents


@dataclass(frozen=True)
class Result:
    """Unrounded and rounded figures per product (batch + (P,) arrays); the traces if asked for."""

    hourly: np.ndarray
    hourly_micro: np.ndarray
    unrounded: np.ndarray
    unrounded_micro: np.ndarray
    cents: np.ndarray
    cents_micro: np.ndarray
    trace: Trace | None = None
    trace_micro: Trace | None = None


def compute(a: ModelArrays, mix_w=None, trace: bool = False, fixed_parts=None) -> Result:
    """Run the whole chain for every product (and every scenario on leading axes).

    ``mix_w`` may pass precomputed :func:`mix_weights` (they depend only on mix, CAOs and Tabel 1),
    which makes sweeps over opslagen, hours or salaries a single matrix product.

    ``trace=True`` adds the :class:`Trace` of the normal and the micro tariff. ``fixed_parts``
    (batch + (P, V), EUR per unit) may split ``a.fixed`` into its voorzieningen (zero-padded), in the
    order they were summed; the trace then shows the running amount after each.
    """
    weights = None
    if mix_w is None:
        weights = level_weights(a.cao_mask, a.has_level, a.tabel1, a.pct)
        mix_w = mix_weights(a.mix, weights)
    monthly = mix_salary(a.top, mix_w)
    records = ({}, {}) if trace else (None, None)
    hourly, unrounded, cents = tariff_chain(a, monthly, False, records[0])
    hourly_micro, unrounded_micro, cents_micro = tariff_chain(a, monthly, True, records[1])
    traces = (None, None)
    if trace:
        if weights is None:
            weights = level_weights(a.cao_mask, a.has_level, a.tabel1, a.pct)
        level = level_salary(a.top, weights)
        parts = np.asarray(a.fixed, dtype=float)[..., None] if fixed_parts is None else np.asarray(fixed_parts)
        common = {"cao_salary": cao_salary(a.top, a.tabel1, a.pct), "level_salary": level,
                  "functiemix": np.cumsum(np.asarray(a.mix) * level, axis=-1), "monthly": monthly,
                  "hours": a.hours, "fixed": a.fixed}
        traces = tuple(
            Trace(micro=micro, **common, **rec, fixed_running=rec["personnel"][..., None] + np.cumsum(parts, axis=-1),
                  unrounded=u, cents=c)
            for micro, rec, u, c in ((False, records[0], unrounded, cents),
                                     (True, records[1], unrounded_micro, cents_micro)))
    return Result(
        hourly=hourly,
        hourly_micro=hourly_micro,
        unrounded=unrounded,
        unrounded_micro=unrounded_micro,
        cents=cents,
        cents_micro=cents_micro,
        trace=traces[0],
        trace_micro=traces[1],
    )
