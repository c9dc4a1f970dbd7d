"""The shape of ``premies.yaml``: the employer charges (sociale lasten) of each year, component by component.

Strict like the other parameter files (pydantic, no coercion, unknown keys refused). Every figure is a
record ``{value, unit, source, status, ...}``; a figure that was searched for and not found is
``{value: unknown, unit, note}`` (never 0, never filled in silently); a figure on which sources disagree
is ``status: conflicting`` with the ``alternatives`` seen, ``value`` being the one used.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from kostprijs.parameters.schema import MAX_EUR, Strict, Text

PremiumStatus = Literal["sourced", "derived", "choice", "conflicting", "override"]
PremiumUnit = Literal["percent", "EUR/year", "share"]
Year = Annotated[int, Field(ge=1990, le=2100)]


class Alternative(Strict):
    value: Annotated[float, Field(ge=0, le=MAX_EUR, allow_inf_nan=False)]
    source: Text


class PremiumFigure(Strict):
    value: Annotated[float, Field(ge=0, le=MAX_EUR, allow_inf_nan=False)]
    unit: PremiumUnit
    source: Text
    since: dt.date | None = None
    status: PremiumStatus = "sourced"
    method: Text | None = None
    note: Text | None = None
    alternatives: list[Alternative] | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if self.unit == "percent" and self.value > 100:
            raise ValueError(f"{self.value:g} percent is above 100")
        if self.unit == "share" and self.value > 1:
            raise ValueError(f"a share of {self.value:g} is above 1")
        if self.status == "derived" and not self.method:
            raise ValueError("a derived value needs a method")
        if (self.status == "conflicting") != bool(self.alternatives):
            raise ValueError("status conflicting goes with the alternatives seen (and only with them)")
        return self


class UnknownFigure(Strict):
    """A figure searched for and not found: what was searched (and candidates seen) in ``note``."""

    value: Literal["unknown"]
    unit: PremiumUnit
    note: Text


def _figure_kind(v: Any) -> str:
    return "unknown" if isinstance(v, dict) and v.get("value") == "unknown" else "figure"


Entry = Annotated[Annotated[PremiumFigure, Tag("figure")] | Annotated[UnknownFigure, Tag("unknown")],
                  Discriminator(_figure_kind)]
#: the tags pydantic puts into error locations for an Entry (dropped when a location is shown)
ENTRY_TAGS = ("figure", "unknown")


class Pension(Strict):
    """The pension fund's premiums (PFZW): old-age/partner pension on the salary above the franchise up to
    the maximum pensionable salary; the employer's part; the disability pension (AP, to 2025) or the
    WIA-excedent premium (from 2026), each above its own franchise."""

    total: Entry
    employer: Entry
    franchise: Entry
    max_salary: Entry
    ap: Entry | None = None
    ap_franchise: Entry | None = None
    wia_excedent: Entry | None = None
    wia_excedent_franchise: Entry | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _pairs(self):
        for rate, base in (("ap", "ap_franchise"), ("wia_excedent", "wia_excedent_franchise")):
            if (getattr(self, rate) is None) != (getattr(self, base) is None):
                raise ValueError(f"give {rate} and {base} together")
        return self


class PremiumYear(Strict):
    """One calendar year. Social-insurance premiums are percentages of the wage up to max_premium_wage."""

    pension: Pension
    awf_low: Entry
    awf_high: Entry
    aof_low: Entry
    aof_high: Entry
    whk: Entry
    wko: Entry
    zvw: Entry
    max_premium_wage: Entry
    note: Text | None = None


class PremiumsFile(Strict):
    set: Text
    title: Text
    pension_split: Text
    awf_share_low: PremiumFigure
    aof_share_low: PremiumFigure
    other_personnel_costs: PremiumFigure
    years: dict[Year, PremiumYear] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares(self):
        for name in ("awf_share_low", "aof_share_low"):
            if getattr(self, name).unit != "share":
                raise ValueError(f"{name} is a share (unit: share, 0..1)")
        if self.other_personnel_costs.unit != "percent":
            raise ValueError("other_personnel_costs is a percentage (unit: percent)")
        return self
