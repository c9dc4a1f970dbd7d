"""Published tariffs against the model: one status vocabulary, one precision band, one constraint builder.

Every command that sets a published tariff beside the model (``verify``, ``check``, ``implied``,
``calibrate``) goes through this module, so that the same published figure gets the same answer:

* :func:`compare_tariff` classifies one published tariff (status words in :data:`STATUSES`):

  - ``exact``: the model's rounded tariff is the published one, to the cent;
  - ``within_precision``: it is not, but an input is printed with limited precision (FTE to 2
    decimals) and the published tariff lies in the band of rounded tariffs the model gives over that
    precision (:func:`precision_band`: half a printed digit either side);
  - ``off``: outside that band; :attr:`Comparison.direction` says whether the published tariff lies
    ``below`` or ``above`` the model's;
  - not compared: ``unmatched`` (no product of the set), ``not_derivable`` (the set has no tariff for
    this product or variant), ``no_tariff`` (nothing published: "ntb", "nvt", empty),
    ``unit_mismatch`` (published per a unit the model's tariff cannot be converted to).

  The first reason that applies wins, in that order (unmatched, not_derivable, no_tariff,
  unit_mismatch). A published tariff per ``uur`` of a ``minuut`` product (or the reverse) is compared
  with 60x (1/60x) the model's unrounded tariff, rounded half-up (:attr:`Comparison.factor`).

* :func:`targets` turns published, rounded tariffs into :class:`Target` s, the interval of unrounded
  amounts that round to each (:func:`~kostprijs.core.rounding.rounding_interval`), for the inverse
  problems (:mod:`.calibrate`, :mod:`.implied`); the precision band widens the model's side of the
  comparison (:func:`violation`).

Amounts are integer cents throughout (:func:`kostprijs.core.money.to_cents`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from kostprijs.analysis.labels import note
from kostprijs.core.model import Result, compute
from kostprijs.core.money import to_cents, to_euro, whole_cents
from kostprijs.core.rounding import round_half_up_cents, rounding_interval

EXACT = "exact"
WITHIN_PRECISION = "within_precision"
OFF = "off"
UNMATCHED = "unmatched"
NOT_DERIVABLE = "not_derivable"
NO_TARIFF = "no_tariff"
UNIT_MISMATCH = "unit_mismatch"
#: every status a comparison can have: compared (exact, within_precision, off), then the reasons not to
STATUSES = (EXACT, WITHIN_PRECISION, OFF, UNMATCHED, NOT_DERIVABLE, NO_TARIFF, UNIT_MISMATCH)
COMPARED = (EXACT, WITHIN_PRECISION, OFF)
#: direction of an ``off`` tariff: the published tariff lies below (above) the model's
BELOW, ABOVE = "below", "above"

#: units one model product can be compared in: (published unit, model unit) -> factor on the model tariff
CONVERTIBLE = {("uur", "minuut"): 60.0, ("minuut", "uur"): 1 / 60.0}


# ---------------------------------------------------------------- the precision band


def precision_halfwidth(pset) -> np.ndarray:
    """Per model product: half the last printed digit of its staffing FTE (0 where exact)."""
    half = np.zeros(len(pset.model_products))
    for p in pset.model_products:
        st = pset.models["functiemix"].products[p.code].staffing
        rec = st and (st.fte_per_jeugdige or st.fte_per_group)
        if rec is not None and rec.printed_decimals is not None:
            half[p.index] = 0.5 * 10.0 ** (-rec.printed_decimals)
    return half


@dataclass(frozen=True)
class ModelTariffs:
    """The model's tariffs of a parameter set, with the band of rounded tariffs (cents) over the
    printed precision of its inputs; the band is NaN where every input is exact."""

    result: Result
    band: dict[str, tuple[np.ndarray, np.ndarray]]     # variant -> (lo, hi) rounded cents

    def cents(self, variant: str, i: int) -> int:
        return int((self.result.cents_micro if variant == "micro" else self.result.cents)[i])

    def unrounded(self, variant: str, i: int) -> float:
        return float((self.result.unrounded_micro if variant == "micro" else self.result.unrounded)[i])

    def band_of(self, variant: str, i: int) -> tuple[int, int] | None:
        lo, hi = (float(x[i]) for x in self.band[variant])
        return None if np.isnan(lo) else (int(lo), int(hi))


def precision_band(pset) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Rounded tariffs (cents) with every input printed to limited precision at both ends of its range:
    ``{"normal": (lo, hi), "micro": (lo, hi)}``, NaN for products without such an input."""
    half = precision_halfwidth(pset)
    a = pset.arrays
    r = compute(a.with_values(staff=np.stack([a.staff - half, a.staff + half])))
    out = {}
    for variant, cents in (("normal", r.cents), ("micro", r.cents_micro)):
        lo, hi = np.minimum(cents[0], cents[1]), np.maximum(cents[0], cents[1])
        out[variant] = (np.where(half > 0, lo, np.nan), np.where(half > 0, hi, np.nan))
    return out


def model_tariffs(pset) -> ModelTariffs:
    return ModelTariffs(compute(pset.arrays), precision_band(pset))


def band_note(band: tuple[int, int]) -> str:
    return note("band", lo=to_euro(band[0]), hi=to_euro(band[1]))


# ---------------------------------------------------------------- one published tariff


@dataclass(frozen=True)
class PublishedTariff:
    """One published tariff (a line and variant of a list) and the product of the set it names."""

    line: int
    code: str | None          # as published
    variant: str              # normal | micro
    cents: int | None         # None: no tariff published
    printed: str              # the tariff as printed (for "ntb", "nvt")
    unit: str | None          # normalised; None: the model's unit
    unit_printed: str | None
    product: object | None    # the set's ProductInfo, None if unmatched
    reason: str | None = None  # why unmatched
    name: str | None = None    # the product's name as published


@dataclass(frozen=True)
class Comparison:
    status: str                        # one of STATUSES
    published_cents: int | None
    model_cents: int | None            # the model's (or the set's fixed) tariff, where there is one
    band: tuple[int, int] | None = None   # rounded band over the printed precision of the inputs
    factor: float | None = None        # compared with factor x the model's unrounded tariff (other unit)
    notes: tuple[str, ...] = field(default=())

    @property
    def compared(self) -> bool:
        return self.status in COMPARED

    @property
    def delta_cents(self) -> int | None:
        """Published minus model, in cents (None if not both are there)."""
        if self.published_cents is None or self.model_cents is None or self.status not in COMPARED:
            return None
        return self.published_cents - self.model_cents

    @property
    def direction(self) -> str | None:
        """below | above for an ``off`` tariff: where the published tariff lies against the model's."""
        if self.status != OFF or not self.delta_cents:
            return None
        return BELOW if self.delta_cents < 0 else ABOVE


def classify(published_cents: int, model_cents: int, band: tuple[int, int] | None) -> str:
    """exact | within_precision | off, for a published tariff against the model's rounded tariff and band."""
    if published_cents == model_cents:
        return EXACT
    if band is not None and band[0] <= published_cents <= band[1]:
        return WITHIN_PRECISION
    return OFF


@dataclass(frozen=True)
class _Side:
    """The model's side of one published tariff: why it cannot be compared, or what to compare with."""

    status: str | None            # a reason not to compare, or None
    notes: tuple[str, ...]
    model_cents: int | None = None
    index: int | None = None
    factor: float | None = None


def _model_side(entry: PublishedTariff, model: ModelTariffs | None, fixed: bool) -> _Side:
    p = entry.product
    no_pub = note("no_pub", printed=entry.printed or note("empty"))
    if p is None:
        return _Side(UNMATCHED, (entry.reason or note("no_product"),))
    if p.index is None:
        own = to_cents(p.tariff) if p.basis == "fixed" and p.tariff is not None and entry.variant == "normal" \
            else None
        if not (fixed and own is not None):
            reason = p.reason or note("no_model_tariff", code=p.code, basis=p.basis)
            return _Side(NOT_DERIVABLE, (no_pub, reason) if entry.cents is None else (reason,), own)
        notes = (note("fixed"),)
        return _Side(NO_TARIFF if entry.cents is None else None, (no_pub, *notes) if entry.cents is None else notes,
                     own)
    if entry.variant == "micro" and not p.micro:
        reason = note("no_micro", code=p.code)
        return _Side(NOT_DERIVABLE, (no_pub, reason) if entry.cents is None else (reason,))
    i = p.index
    if entry.unit is None or entry.unit == p.unit:
        cents = model.cents(entry.variant, i) if model is not None else None
        return _Side(NO_TARIFF if entry.cents is None else None, (no_pub,) if entry.cents is None else (), cents, i)
    factor = CONVERTIBLE.get((entry.unit, p.unit))
    if entry.cents is None:
        cents = None if factor is None or model is None else \
            whole_cents(round_half_up_cents(model.unrounded(entry.variant, i) * factor))
        return _Side(NO_TARIFF, (no_pub,), cents, i, factor)
    if factor is None:
        return _Side(UNIT_MISMATCH, (note("unit_not_compared", file=entry.unit_printed, model=p.unit),), None, i)
    converted = note("unit_converted", file=entry.unit_printed, model=p.unit, factor=factor)
    cents = None if model is None else whole_cents(round_half_up_cents(model.unrounded(entry.variant, i) * factor))
    return _Side(None, (converted,), cents, i, factor)


def compare_tariff(entry: PublishedTariff, model: ModelTariffs, fixed: bool = True) -> Comparison:
    """One published tariff against the model. ``fixed``: compare with a fixed tariff of the set
    (``check``: what the set charges); otherwise a fixed tariff is ``not_derivable`` (``verify``: what
    the model derives)."""
    side = _model_side(entry, model, fixed)
    if side.status is not None:
        return Comparison(side.status, entry.cents, side.model_cents, factor=side.factor, notes=side.notes)
    band = model.band_of(entry.variant, side.index) if side.index is not None and side.factor is None else None
    status = classify(entry.cents, side.model_cents, band)
    notes = side.notes + ((band_note(band),) if status == WITHIN_PRECISION else ())
    return Comparison(status, entry.cents, side.model_cents, band, side.factor, notes)


def compare_all(entries: Iterable[PublishedTariff], pset, fixed: bool = True) -> list[Comparison]:
    model = model_tariffs(pset)
    return [compare_tariff(e, model, fixed) for e in entries]


def list_entries(pset, published) -> Iterator[PublishedTariff]:
    """The tariffs of a published list (:mod:`kostprijs.parameters.published`), matched by code:
    the normal tariff of every row, the micro tariff where one is published."""
    from kostprijs.parameters.tariff_files import normalise_unit

    by_code = {p.code: p for p in pset.products}
    for row in published.tariffs:
        p = by_code.get(row.code)
        for variant, euro in (("normal", row.tariff), ("micro", row.tariff_micro)):
            if variant == "micro" and euro is None:
                continue
            yield PublishedTariff(row.line, row.code, variant, None if euro is None else to_cents(euro), row.printed,
                                  normalise_unit(row.unit), row.unit, p,
                                  None if p else note("no_code") if row.code is None
                                  else note("no_product"), row.product)


# ---------------------------------------------------------------- intervals for the inverse problems


@dataclass(frozen=True)
class Target:
    """A published, rounded tariff as the interval of unrounded model tariffs that round to it (cents)."""

    line: int
    code: str | None           # as published
    model_code: str
    variant: str               # normal | micro
    index: int                 # model product
    published_cents: int
    lo: float
    hi: float

    @property
    def published(self) -> float:
        return to_euro(self.published_cents)

    @property
    def width(self) -> float:
        return self.hi - self.lo


def targets(entries: Iterable[PublishedTariff], pset) -> tuple[list[Target], list[dict]]:
    """The published tariffs the model computes in their own unit, as intervals; the others with the
    reason they are not used (the reasons of :func:`compare_tariff`; fixed tariffs are not the model's)."""
    a = pset.arrays
    out, skipped = [], []
    for e in entries:
        side = _model_side(e, None, fixed=False)
        base = {"line": e.line, "code": e.code, "variant": e.variant}
        if side.status is not None:
            skipped.append({**base, "reason": "; ".join(side.notes)})
        elif side.factor is not None:
            skipped.append({**base, "reason": note("unit_bounds", file=e.unit_printed, model=e.product.unit)})
        else:
            i = side.index
            lo, hi = rounding_interval(float(e.cents), a.round_mode[i], float(a.round_step[i]))
            out.append(Target(e.line, e.code, e.product.code, e.variant, i, e.cents, float(lo), float(hi)))
    return out, skipped


def violation(band_lo, band_hi, targets: list[Target]) -> np.ndarray:
    """How far (cents) each model band of unrounded tariffs misses its published interval; 0 = reproduced."""
    lo = np.array([t.lo for t in targets])
    hi = np.array([t.hi for t in targets])
    return np.maximum(0.0, np.maximum(lo - band_hi, band_lo - hi))
