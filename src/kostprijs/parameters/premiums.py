"""``premies.yaml``: read strictly, and turn one year into the components of :mod:`kostprijs.core.premiums`.

The file is optional: a set that keeps one sociale lasten percentage (NOB's 32%) has none. Problems are one
line each, naming file, key and line (like the other parameter files); a year whose figure is ``unknown``
stops with the year and the component named, never with a silent 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kostprijs.errors import KostprijsError, ParamError, ParamErrors
from kostprijs.parameters.load import RawSet
from kostprijs.parameters.locations import schema_errors

if TYPE_CHECKING:   # pydantic models: imported where used, so that finding the file costs no start-up time
    from kostprijs.parameters.schema_time import PremiumsFile

FILE = "premies.yaml"
KEY = "premies"
@dataclass(frozen=True)
class PremiumSet:
    """A validated premies.yaml with where it came from."""

    file: str
    model: PremiumsFile
    raw: RawSet


def beside(source) -> Path:
    """Where a set's premies.yaml is: beside its opslagen.yaml (or beside its workbook)."""
    return Path(source.path("opslagen")).parent / FILE


def read(path: Path, content: bytes | None = None) -> PremiumSet:
    """Read and validate premies.yaml (one-line errors: file, key path, line); ``content``: its bytes,
    when the caller has read them already (the cache of compiled sets)."""
    from pydantic import ValidationError

    from kostprijs.parameters.schema_time import ENTRY_TAGS, PremiumsFile
    from kostprijs.parameters.yamlio import read_yaml

    data, lines = read_yaml(path, content)
    raw = RawSet({KEY: data}, {KEY: lines}, {KEY: str(path)})
    if not isinstance(data, dict):
        raise ParamError(str(path), "", f"expected a mapping at the top level, got {type(data).__name__}", 1)
    try:
        model = PremiumsFile.model_validate(data)
    except ValidationError as exc:
        raise ParamErrors(schema_errors(exc, lambda loc, msg: raw.error(KEY, loc, msg), ENTRY_TAGS)) from None
    return PremiumSet(str(path), model, raw)


def _figure(ps: PremiumSet, year: int, loc: tuple, entry) -> float:
    from kostprijs.parameters.schema_time import UnknownFigure

    if isinstance(entry, UnknownFigure):
        raise ps.raw.error(KEY, ("years", year, *loc), f"needed for {year} but unknown (searched, not found: "
                           f"see its note); give the figure in {FILE} or choose another premium year")
    return float(entry.value)


def components(ps: PremiumSet, year: int) -> dict[str, tuple[float, float, float]]:
    """The year's components as ``{name: (rate, franchise, cap)}`` (rates as fractions) for
    :meth:`kostprijs.core.premiums.Premiums.of`, in the order of the trace."""

    from kostprijs.core.premiums import blended_rate

    m = ps.model
    if year not in m.years:
        raise KostprijsError(f"{ps.file}: no premiums for {year} (years {min(m.years)}-{max(m.years)})")
    y = m.years[year]
    p = y.pension

    def f(loc: tuple, entry) -> float:
        return _figure(ps, year, loc, entry)

    cap = f(("max_premium_wage",), y.max_premium_wage)
    out: dict[str, tuple[float, float, float]] = {
        "pension": (f(("pension", "employer"), p.employer) / 100, f(("pension", "franchise"), p.franchise),
                    f(("pension", "max_salary"), p.max_salary)),
    }
    if p.ap is not None:
        out["pension_ap"] = (f(("pension", "ap"), p.ap) / 100, f(("pension", "ap_franchise"), p.ap_franchise),
                             math.inf)
    if p.wia_excedent is not None:
        out["pension_wia_excedent"] = (f(("pension", "wia_excedent"), p.wia_excedent) / 100,
                                       f(("pension", "wia_excedent_franchise"), p.wia_excedent_franchise), math.inf)
    out["awf"] = (float(blended_rate(f(("awf_low",), y.awf_low), f(("awf_high",), y.awf_high),
                                     m.awf_share_low.value)) / 100, 0.0, cap)
    out["aof"] = (float(blended_rate(f(("aof_low",), y.aof_low), f(("aof_high",), y.aof_high),
                                     m.aof_share_low.value)) / 100, 0.0, cap)
    out["whk"] = (f(("whk",), y.whk) / 100, 0.0, cap)
    out["wko"] = (f(("wko",), y.wko) / 100, 0.0, cap)
    out["zvw"] = (f(("zvw",), y.zvw) / 100, 0.0, cap)
    out["other_personnel_costs"] = (m.other_personnel_costs.value / 100, 0.0, math.inf)
    return out


def status_of(ps: PremiumSet, year: int) -> dict[str, Any]:
    """Per figure of a year: its status (sourced, derived, choice, conflicting, unknown), for reports."""
    from kostprijs.parameters.schema_time import UnknownFigure

    y = ps.model.years[year]
    out: dict[str, Any] = {}
    for name in type(y).model_fields:
        v = getattr(y, name)
        if name == "pension":
            for part in type(v).model_fields:
                e = getattr(v, part)
                if e is not None and not isinstance(e, str):
                    out[f"pension.{part}"] = "unknown" if isinstance(e, UnknownFigure) else e.status
        elif v is not None and not isinstance(v, str):
            out[name] = "unknown" if isinstance(v, UnknownFigure) else v.status
    return out


def sources_of(ps: PremiumSet, year: int) -> dict[str, str]:
    """Per component of :func:`components` the sources (and status) of its figures, one line, for the trace."""
    from kostprijs.parameters.schema_time import UnknownFigure

    m = ps.model
    y = m.years[year]
    p = y.pension

    def src(*entries) -> str:
        seen: list[str] = []
        for e in entries:
            if e is None or isinstance(e, UnknownFigure | str):
                continue
            text = e.source if e.status in (None, "sourced") else f"{e.source} [{e.status}]"
            if text not in seen:
                seen.append(text)
        return "; ".join(seen)

    out = {"pension": src(p.employer, p.franchise, p.max_salary)}
    if p.ap is not None:
        out["pension_ap"] = src(p.ap, p.ap_franchise)
    if p.wia_excedent is not None:
        out["pension_wia_excedent"] = src(p.wia_excedent, p.wia_excedent_franchise)
    out["awf"] = src(y.awf_low, y.awf_high, m.awf_share_low, y.max_premium_wage)
    out["aof"] = src(y.aof_low, y.aof_high, m.aof_share_low, y.max_premium_wage)
    for name in ("whk", "wko", "zvw"):
        out[name] = src(getattr(y, name), y.max_premium_wage)
    out["other_personnel_costs"] = src(m.other_personnel_costs)
    return out


def _needed(ps: PremiumSet, year: int) -> list[tuple[tuple, Any]]:
    """The figures of a year that :func:`components` takes, as (location under years.<year>, entry)."""
    y = ps.model.years[year]
    p = y.pension
    out: list[tuple[tuple, Any]] = [(("pension", k), getattr(p, k)) for k in ("employer", "franchise", "max_salary")]
    for rate, base in (("ap", "ap_franchise"), ("wia_excedent", "wia_excedent_franchise")):
        if getattr(p, rate) is not None:
            out += [(("pension", rate), getattr(p, rate)), (("pension", base), getattr(p, base))]
    out += [((k,), getattr(y, k)) for k in ("awf_low", "awf_high", "aof_low", "aof_high", "whk", "wko", "zvw",
                                              "max_premium_wage")]
    return out


def unknown_in(ps: PremiumSet, year: int) -> list[str]:
    """The figures of ``year`` that the sociale lasten need and that are unknown (dotted keys, e.g.
    ``pension.max_salary``); ``["the year"]`` when premies.yaml has no such year. Empty: the year is usable."""
    from kostprijs.parameters.schema_time import UnknownFigure

    if year not in ps.model.years:
        return ["the year"]
    return [".".join(loc) for loc, e in _needed(ps, year) if isinstance(e, UnknownFigure)]


def year_in_force(ps: PremiumSet, year: int) -> int | None:
    """The premium year to use for calendar year ``year``: ``year`` itself when every figure it needs is
    known, else the latest earlier year that has them all (the caller says so: never a silent fill);
    None when there is none."""
    usable = [y for y in ps.model.years if y <= year and not unknown_in(ps, y)]
    return max(usable) if usable else None


def conflicting_in(ps: PremiumSet, year: int) -> list[tuple[tuple, str]]:
    """The figures of ``year`` the sociale lasten use that are ``status: conflicting`` (sources disagree;
    the file's value is used): (location under the file's top level, the alternatives seen)."""
    from kostprijs.parameters.schema_time import PremiumFigure

    out = []
    for loc, e in _needed(ps, year):
        if isinstance(e, PremiumFigure) and e.status == "conflicting":
            alts = ", ".join(f"{a.value:g}" for a in e.alternatives or ())
            out.append((("years", year, *loc), f"{e.value:g} used, sources also give {alts}"))
    return out


def inconsistent_in(ps: PremiumSet, year: int) -> list[tuple[tuple, str]]:
    """Figures of ``year`` that contradict each other (the components cannot all be right): the employer's
    pension share above the total, a franchise at or above the maximum pensionable salary, a low AWf or Aof
    rate above the high one, the AP and the WIA-excedent premium both given."""
    from kostprijs.parameters.schema_time import PremiumFigure

    y = ps.model.years[year]
    p = y.pension

    def v(e):
        return e.value if isinstance(e, PremiumFigure) else None

    out: list[tuple[tuple, str]] = []
    if None not in (v(p.employer), v(p.total)) and v(p.employer) > v(p.total):
        out.append((("years", year, "pension", "employer"),
                    f"employer share {v(p.employer):g}% is above the total premium {v(p.total):g}%"))
    if None not in (v(p.franchise), v(p.max_salary)) and v(p.franchise) >= v(p.max_salary):
        out.append((("years", year, "pension", "franchise"),
                    f"franchise {v(p.franchise):g} is not below the maximum salary {v(p.max_salary):g}"))
    for low, high in (("awf_low", "awf_high"), ("aof_low", "aof_high")):
        a, b = v(getattr(y, low)), v(getattr(y, high))
        if None not in (a, b) and a > b:
            out.append((("years", year, low), f"{low} {a:g}% is above {high} {b:g}%"))
    if p.ap is not None and p.wia_excedent is not None:
        out.append((("years", year, "pension", "wia_excedent"),
                    "both the AP premium and the WIA-excedent premium given (the one replaced the other in 2026)"))
    return out


def check_year(ps: PremiumSet, year: int, opslagen: RawSet) -> tuple[list[ParamError], list[ParamError]]:
    """The problems of using premium year ``year`` (opslagen.yaml sociale_lasten_jaar, in ``opslagen``):
    errors (no such year, located at sociale_lasten_jaar; a figure it needs unknown; figures that contradict
    each other, located at the figure in premies.yaml) and warnings (a figure marked conflicting: the
    sources disagree and the file's value is used)."""
    if year not in ps.model.years:
        have = ", ".join(str(y) for y in sorted(ps.model.years))
        return [opslagen.error("opslagen", ("sociale_lasten_jaar", "value"),
                               f"no components for {year} in {ps.file} (it has {have}); give them there or "
                               f"choose flat")], []
    errors = [ps.raw.error(KEY, ("years", year, *key.split(".")),
                           f"needed for {year} but unknown (searched, not found: see its note); give the figure "
                           f"in {FILE} or choose another premium year") for key in unknown_in(ps, year)]
    errors += [ps.raw.error(KEY, loc, problem) for loc, problem in inconsistent_in(ps, year)]
    warnings = [ps.raw.error(KEY, loc, f"marked conflicting: {problem}") for loc, problem in conflicting_in(ps, year)]
    return errors, warnings
