"""The shape of the three parameter files, checked strictly (pydantic, no coercion, no unknown keys).

Cross-file rules (a mix summing to 100%, a scale that exists, ...) live in :mod:`.compile`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from kostprijs.core.money import to_cents

Text = Annotated[str, StringConstraints(min_length=1)]
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Status = Literal["sourced", "reconstructed", "derived", "calibrated", "choice", "override"]
Unit = Literal["minuut", "uur", "dagdeel", "etmaal"]
UNITS: tuple[str, ...] = ("minuut", "uur", "dagdeel", "etmaal")
# units a region bills in that the model cannot price (only for basis fixed / not_derivable products)
OtherUnit = Literal["traject", "rit", "lumpsum", "week"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Record(Strict):
    """Provenance shared by every value: unit, date it takes effect, source, status."""

    unit: Text
    source: Text
    since: dt.date | None = None
    status: Status = "sourced"
    method: Text | None = None
    note: Text | None = None
    printed_decimals: Annotated[int, Field(ge=0, le=6)] | None = None
    tolerance: NonNeg | None = None  # +- range of a computed (derived) figure

    @model_validator(mode="after")
    def _calibrated_has_method(self):
        if self.status == "calibrated" and not self.method:
            raise ValueError("a calibrated value needs a method")
        return self


class Amount(Record):
    value: NonNeg


class PositiveAmount(Record):
    value: Positive


class ShareAmount(Record):
    value: Share


# Plausibility bounds: a value outside them is a typing error (35 for 35%, a salary in cents), and an
# unbounded value overflowed the chain to inf, which crashed the output (found by tests/test_fuzz.py).
MAX_EUR = 1_000_000.0           # any money figure: a monthly salary, a fixed part or tariff per unit
HOURS_PER_YEAR = 8784.0         # 366 x 24
Money = Annotated[float, Field(ge=0, le=MAX_EUR, allow_inf_nan=False)]


def whole_cents(value: float) -> float:
    """The whole-cents rule for a tariff as published or set (a fixed tariff, a printed list): the amount
    as written must be whole cents (139.715 is refused, not rounded). ValueError names the amount."""
    to_cents(value)
    return value


#: a tariff in euro as published: whole cents (the one rule for validate, compute and check)
Tariff = Annotated[Money, AfterValidator(whole_cents)]


def _bounded(lo: float, hi: float, lo_open: bool = False):
    low = {"gt": lo} if lo_open else {"ge": lo}
    return Annotated[float, Field(**low, le=hi, allow_inf_nan=False)]


class MoneyAmount(Record):
    value: Money


class TariffAmount(Record):
    """A tariff fixed in the parameter set: whole cents, as published."""

    value: Tariff


class Calibration(Strict):
    """How a calibrated value was chosen: its prior (with how that was obtained) and the feasible range
    (``lower``..``upper``) over every salary structure that keeps the reproduced tariffs reproduced
    (docs/calibration.md)."""

    prior: _bounded(0, MAX_EUR, lo_open=True)
    prior_method: Text
    lower: Money
    upper: Money


class Salary(Record):
    value: _bounded(0, MAX_EUR, lo_open=True)
    calibration: Calibration | None = None

    @model_validator(mode="after")
    def _calibration_consistent(self):
        c = self.calibration
        if c is not None:
            if self.status != "calibrated":
                raise ValueError("a calibration record belongs to a calibrated value")
            if c.lower > c.upper:
                raise ValueError(f"feasible range {c.lower:g}..{c.upper:g} is empty")
            # a value edited by hand may leave its range (a scenario, a test): the range stays information
        return self


class WeekHours(Record):
    value: _bounded(0, 168, lo_open=True)


class YearHours(Record):
    value: _bounded(0, HOURS_PER_YEAR, lo_open=True)


class YearHoursDeduction(Record):
    value: _bounded(0, HOURS_PER_YEAR)


class ClientHours(Record):
    value: _bounded(1, HOURS_PER_YEAR)


class DaysPerYear(Record):
    value: _bounded(1, 366)


class DayHours(Record):
    value: _bounded(0, 24, lo_open=True)


class StaffAmount(Record):
    """Staff hours per unit per group, or FTE: positive, and below anything a product could need."""

    value: _bounded(0, 1000, lo_open=True)


class GroupSize(Record):
    """Jeugdigen per group: at least one."""

    value: _bounded(1, 1000)


class MixRecord(Record):
    value: dict[Text, Share]


class NamesRecord(Record):
    value: list[Text]


class NameRecord(Record):
    value: Text


class RuleRecord(Record):
    """A billing or time rule of a product (declarable time, a cap, a duration): documented, not computed."""

    value: Text | NonNeg


# --- opslagen.yaml ------------------------------------------------------------------------------
class Opslagen(Strict):
    vakantiegeld: ShareAmount
    eindejaarsuitkering: ShareAmount
    sociale_lasten: ShareAmount
    overhead: ShareAmount
    overhead_micro: ShareAmount
    risico: ShareAmount


class ProductivityColumn(Strict):
    label: Text
    bruto: YearHours | None = None
    aftrek: dict[Text, YearHoursDeduction] | None = None
    clientgebonden: ClientHours

    @model_validator(mode="after")
    def _components_complete(self):
        if (self.bruto is None) != (self.aftrek is None):
            raise ValueError("give both bruto and aftrek, or neither")
        return self


class Kalender(Strict):
    dagen_per_jaar: DaysPerYear
    uren_per_dagdeel: DayHours


class Tabel1Column(Strict):
    cao: Text
    cells: dict[Text, dict[Text, Share]]


class Tabel1(Strict):
    source: Text
    levels: list[Text] = Field(min_length=1)
    pct_hoogste_trede: MixRecord
    columns: dict[Text, Tabel1Column] = Field(min_length=1)


class Rounding(Strict):
    mode: Literal["up", "half_up"]
    step: Annotated[_bounded(0.01, 100), AfterValidator(whole_cents)]   # euro, whole cents
    source: Text
    note: Text | None = None


class PremiumYear(Record):
    """``sociale_lasten_jaar``: ``flat`` (the one percentage opslagen.sociale_lasten) or a year of
    premies.yaml whose components give the sociale lasten per level (kostprijs.core.premiums)."""

    value: Literal["flat"] | Annotated[int, Field(ge=2000, le=2100)]


class OpslagenFile(Strict):
    set: Text
    title: Text
    valid_from: dt.date
    prijspeil: Annotated[int, Field(ge=1990, le=2100)]
    salary_date: dt.date
    opslagen: Opslagen
    sociale_lasten_jaar: PremiumYear | None = None
    ort: dict[Text, ShareAmount] = Field(min_length=1)
    productiviteit: dict[Text, ProductivityColumn] = Field(min_length=1)
    voorzieningen: dict[Text, MoneyAmount]
    kalender: Kalender
    tabel1: Tabel1
    afronding: dict[Unit, Rounding]


# --- cao_scales.yaml: a CAO through time (raises, rounding, published ladders) -------------------
class PercentRecord(Record):
    value: _bounded(0, 100)


class MonthHours(Record):
    value: _bounded(0, 744, lo_open=True)


class TableRounding(Record):
    """How a CAO rounds its table amounts after a raise (GHZ: whole euros, as its published tables show)."""

    value: Literal["none", "cent", "whole_euro"]


class Raise(Strict):
    """One dated structural raise of a CAO's table amounts (monthly, full time).

    The amount becomes amount + clip(amount x percent, min_per_month, max_per_month) + plus_per_month;
    then amounts below hourly_floor x the CAO's hours_per_month are raised to it; then the CAO's rounding.
    ``scales`` limits the raise to some scales (default: every scale of the CAO).
    """

    since: dt.date
    percent: PercentRecord | None = None
    min_per_month: MoneyAmount | None = None
    max_per_month: MoneyAmount | None = None
    plus_per_month: MoneyAmount | None = None
    hourly_floor: MoneyAmount | None = None
    scales: NamesRecord | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _something_to_raise(self):
        if self.percent is None and self.plus_per_month is None and self.hourly_floor is None:
            raise ValueError("a raise needs a percent, a plus_per_month or an hourly_floor")
        if (self.min_per_month or self.max_per_month) and self.percent is None:
            raise ValueError("min_per_month / max_per_month bound a percent: give the percent")
        if self.min_per_month and self.max_per_month and self.min_per_month.value > self.max_per_month.value:
            raise ValueError("min_per_month is above max_per_month")
        return self


class CaoEvent(Record):
    """Information about a CAO that is not a table raise: a one-off payment, a change of the scale
    structure (a step removed or added; ``affects_top`` when the top step changes), a rule on wages that
    does not change the table (a CAO minimum hourly wage), an offer not in force, a period whose raise was
    not found (``unknown``: a roll forward across it is incomplete)."""

    kind: Literal["one_off", "structure", "rule", "offer", "unknown"]
    value: Text
    since: dt.date
    scales: list[Text] | None = None
    affects_top: bool = False


class Ladder(Record):
    """A published ladder of amounts by number (GHZ inpassingsnummers), EUR/month."""

    value: dict[int, _bounded(0, MAX_EUR, lo_open=True)] = Field(min_length=1)


class LadderSteps(Record):
    """The inpassingsnummer of each step (trede) of a scale."""

    value: dict[Text, Annotated[int, Field(ge=1)]] = Field(min_length=1)


class PartialScale(Strict):
    """A scale of a published table seen only in part (its top step unknown): kept as data, not used."""

    ladder_steps: LadderSteps
    note: Text


class LadderCheck(Strict):
    """A later published ladder (or part of it) that a roll forward of a table must reproduce."""

    since: dt.date
    source: Text
    value: dict[int, _bounded(0, MAX_EUR, lo_open=True)] = Field(min_length=1)
    unit: Text
    note: Text | None = None


class Scale(Strict):
    top: Salary
    steps: dict[Text, Salary] | None = None
    checks: dict[Text, Salary] | None = None
    ladder_steps: LadderSteps | None = None


class CaoTable(Strict):
    since: dt.date
    source: Text
    scales: dict[Text, Scale] = Field(min_length=1)
    ladder: Ladder | None = None
    partial: dict[Text, PartialScale] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _steps_on_the_ladder(self):
        named = [(name, s.ladder_steps) for name, s in self.scales.items() if s.ladder_steps is not None]
        named += [(name, s.ladder_steps) for name, s in (self.partial or {}).items()]
        if named and self.ladder is None:
            raise ValueError("ladder_steps need the table's ladder")
        for name, steps in named:
            missing = sorted({n for n in steps.value.values() if n not in self.ladder.value})
            if missing:
                raise ValueError(f"scale {name}: inpassingsnummer(s) {missing} not in the ladder")
        return self


class Cao(Strict):
    name: Text
    hours_per_week: WeekHours
    tables: list[CaoTable] = Field(min_length=1)
    hours_per_month: MonthHours | None = None
    rounding: TableRounding | None = None
    raises: list[Raise] | None = None
    events: list[CaoEvent] | None = None
    ladder_checks: list[LadderCheck] | None = None

    @model_validator(mode="after")
    def _raises_in_date_order(self):
        dates = [r.since for r in self.raises or ()]
        if dates != sorted(dates):
            raise ValueError("raises must be listed in date order")
        if any(r.hourly_floor for r in self.raises or ()) and self.hours_per_month is None:
            raise ValueError("an hourly_floor needs the CAO's hours_per_month")
        known = {name for t in self.tables for name in t.scales}
        for r in self.raises or ():
            unknown = [s for s in (r.scales.value if r.scales else ()) if s not in known]
            if unknown:
                raise ValueError(f"raise of {r.since}: scale(s) {', '.join(unknown)} in no table of this CAO")
        return self


class CaoFile(Strict):
    set: Text
    valid_from: dt.date
    caos: dict[Text, Cao] = Field(min_length=1)


# --- functiemix.yaml ----------------------------------------------------------------------------
class Staffing(Strict):
    """Staff time per unit per jeugdige: hours/group_size, or FTE (per jeugdige or per group)."""

    hours: StaffAmount | None = None
    fte_per_jeugdige: StaffAmount | None = None
    fte_per_group: StaffAmount | None = None
    group_size: GroupSize | None = None
    group_size_micro: GroupSize | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in ("hours", "fte_per_jeugdige", "fte_per_group") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError("give exactly one of hours, fte_per_jeugdige, fte_per_group")
        if kinds[0] in ("hours", "fte_per_group") and self.group_size is None:
            raise ValueError(f"{kinds[0]} needs group_size")
        if kinds[0] == "fte_per_jeugdige" and self.group_size is not None:
            raise ValueError("fte_per_jeugdige takes no group_size")
        return self


class Product(Strict):
    name: Text
    indeling: Text
    unit: Unit | OtherUnit
    basis: Literal["model", "fixed", "not_derivable"]
    source: Text
    micro: bool = False
    functiemix: MixRecord | None = None
    caos: NamesRecord | None = None
    productiviteit: NameRecord | None = None
    ort: NameRecord | None = None
    staffing: Staffing | None = None
    fixed: NamesRecord | None = None
    tariff: TariffAmount | None = None
    reason: Text | None = None
    note: Text | None = None
    rules: dict[Text, RuleRecord] | None = None

    @model_validator(mode="after")
    def _fields_for_basis(self):
        model_fields = ("functiemix", "caos", "productiviteit", "ort")
        if self.basis == "model":
            missing = [f for f in model_fields if getattr(self, f) is None]
            if missing:
                raise ValueError(f"basis model needs {', '.join(missing)}")
            if self.tariff is not None:
                raise ValueError("basis model takes no tariff (it is computed)")
            if self.unit not in UNITS:
                raise ValueError(f"basis model needs a unit of {', '.join(UNITS)}, not {self.unit!r}")
            if self.unit in ("dagdeel", "etmaal") and self.staffing is None:
                raise ValueError(f"a {self.unit} product needs staffing")
            if self.unit == "minuut" and self.staffing is not None:
                raise ValueError(f"a {self.unit} product takes no staffing")
            if self.unit == "uur" and self.staffing is not None and (
                    self.staffing.hours is None or self.staffing.hours.value != 1):
                raise ValueError("an uur product takes staffing only as hours: 1 with a group_size (a group hour)")
            if self.staffing and self.staffing.group_size_micro and not self.micro:
                raise ValueError("group_size_micro without micro: true")
        else:
            extra = [f for f in (*model_fields, "staffing", "fixed") if getattr(self, f) is not None]
            if extra or self.micro:
                raise ValueError(f"basis {self.basis} takes no {', '.join(extra) or 'micro'}")
            if self.reason is None:
                raise ValueError(f"basis {self.basis} needs a reason")
            if (self.basis == "fixed") != (self.tariff is not None):
                raise ValueError("basis fixed needs a tariff" if self.basis == "fixed"
                                 else "basis not_derivable takes no tariff")
        return self


class FunctiemixFile(Strict):
    set: Text
    valid_from: dt.date
    products: dict[Text, Product] = Field(min_length=1)
