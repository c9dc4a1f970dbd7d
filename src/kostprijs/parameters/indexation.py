"""The index series, class weights and product classes of `kostprijs index` (``indexatie.yaml``).

Loading is strict like the other parameter files (pydantic, no coercion, unknown keys refused, one
line per problem naming file, key and line). :func:`plan` turns the series plus command-line values
into the per-year arrays of :mod:`kostprijs.core.indexation`, choosing for every year and series the
figure to apply (voorlopig or definitief) and saying which.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from kostprijs.errors import KostprijsError, ParamError, ParamErrors
from kostprijs.parameters.locations import SCHEMA_MESSAGES, line_at
from kostprijs.parameters.schema import MixRecord, Strict, Text

FILE = "indexatie.yaml"
MIX_TOLERANCE = 1e-9
#: command-line option per series name (the series keys of indexatie.yaml)
OPTIONS = {"ova": "--ova", "materieel": "--materieel", "nea": "--nea"}
Percent = Annotated[float, Field(gt=-100, le=100, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1990, le=2100)]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Status = Literal["sourced", "reconstructed", "derived", "choice", "override"]


# --- schema -------------------------------------------------------------------------------------
class Figure(Strict):
    value: Percent
    published: dt.date | PartialDate
    source: Text
    note: Text | None = None
    status: Literal["sourced", "derived", "choice"] = "sourced"   # derived: our arithmetic on published figures
    method: Text | None = None

    @model_validator(mode="after")
    def _derived_has_method(self):
        if self.status == "derived" and not self.method:
            raise ValueError("a derived figure needs a method")
        return self


class YearEntry(Strict):
    voorlopig: Figure | Literal["unknown"]
    definitief: Figure | Literal["unknown"]
    note: Text | None = None


class Series(Strict):
    name: Text
    unit: Literal["percent"]
    source: Text
    status: Status = "sourced"
    note: Text | None = None
    years: dict[Year, YearEntry]


class ClassDef(Strict):
    description: Text
    weights: MixRecord


class ProductClass(Strict):
    class_: Text = Field(alias="class")
    source: Text
    status: Status = "sourced"
    note: Text | None = None


class Choice(Strict):
    unit: Text
    source: Text
    status: Status = "sourced"
    note: Text | None = None


class CorrectionRule(Choice):
    value: Literal["difference", "ratio"]


class FixedRule(Choice):
    value: Literal["index_published", "not_indexed"]


class IndexFile(Strict):
    set: Text
    title: Text
    correction: CorrectionRule
    fixed_tariffs: FixedRule
    series: dict[Text, Series] = Field(min_length=1)
    classes: dict[Text, ClassDef] = Field(min_length=1)
    products: dict[Text, ProductClass]

    @model_validator(mode="after")
    def _weights(self):
        for name, c in self.classes.items():
            total = sum(c.weights.value.values())
            if abs(total - 1.0) > MIX_TOLERANCE:
                raise _At(("classes", name, "weights", "value"), f"weights sum to {total * 100:.10g}%, not 100%")
            for s in c.weights.value:
                if s not in self.series:
                    raise _At(("classes", name, "weights", "value", s), f"series {s!r} is not in series")
        for code, p in self.products.items():
            if p.class_ not in self.classes:
                raise _At(("products", code, "class"), f"class {p.class_!r} is not in classes")
        return self


class _At(ValueError):
    """A cross-field problem with its own location (pydantic reports the model's location only)."""

    def __init__(self, loc: tuple, msg: str):
        super().__init__(msg)
        self.loc = loc
        self.msg = msg


# --- loading ------------------------------------------------------------------------------------
@dataclass
class Indexation:
    """A validated indexatie.yaml (after overrides), with where it came from."""

    file: str
    model: IndexFile
    data: dict[str, Any]
    lines: dict[tuple, int]
    overridden: dict[str, str] = field(default_factory=dict)   # dotted path -> origin

    @property
    def series_names(self) -> list[str]:
        return list(self.model.series)

    @property
    def class_names(self) -> list[str]:
        return list(self.model.classes)

    def line(self, loc: tuple) -> int | None:
        return line_at(self.lines, loc)


def index_file(source, from_params: bool) -> Path:
    """indexatie.yaml of a parameter set (kostprijs.parameters.load.Source); one-line error if missing."""
    path = Path(source.directory) / FILE
    if path.is_file():
        return path
    if from_params:
        raise KostprijsError(f"--params {source.directory}: no {FILE} (the index series, class weights and "
                             f"product classes `kostprijs index` needs; start from a copy of params/{FILE})")
    raise KostprijsError(f"parameter set {source.name}: no {FILE} at {path}")


def read(path: Path, overrides: tuple = ()) -> Indexation:
    """Read and validate indexatie.yaml; ``overrides`` (Override with paths ``indexatie.…``) applied first."""
    from kostprijs.parameters.yamlio import read_yaml

    data, lines = read_yaml(path)
    name = str(path)
    if not isinstance(data, dict):
        raise ParamError(name, "", f"expected a mapping at the top level, got {type(data).__name__}", 1)
    overridden: dict[str, str] = {}
    targets: list[tuple[str, tuple]] = []
    if overrides:
        data = copy.deepcopy(data)
        for o in overrides:
            targets.append((o.origin, _apply(name, data, o)))
            overridden[_strip(o.path)] = o.origin
    model = _validate(name, data, lines, targets)
    return Indexation(name, model, data, lines, overridden)


def _strip(path: str) -> str:
    return path.removeprefix("indexatie.")


def _apply(file: str, data: dict, o) -> tuple:
    """One ``--set indexatie.PATH=VALUE``: weights, a product's class, the correction or fixed-tariff rule."""
    parts = _strip(o.path).split(".")
    hint = (f"{o.origin}: unknown indexation path {o.path!r} (indexatie.classes.CLASS.SERIES, "
            "indexatie.products.CODE, indexatie.correction, indexatie.fixed_tariffs)")
    if parts[0] == "series":
        raise KostprijsError(f"{o.origin}: give index figures with --ova/--materieel/--nea YEAR=PCT, not --set")
    if len(parts) == 3 and parts[0] == "classes":
        cls = data.get("classes", {}).get(parts[1])
        if not isinstance(cls, dict) or not isinstance(cls.get("weights"), dict):
            raise KostprijsError(f"{o.origin}: class {parts[1]!r} is not in {file}")
        weights = cls["weights"]
        if not isinstance(weights.get("value"), dict):
            raise KostprijsError(f"{o.origin}: {file} classes.{parts[1]}.weights has no value mapping")
        weights["value"][parts[2]] = o.value
        weights["source"], weights["status"] = o.source, "override"
        return ("classes", parts[1], "weights", "value", parts[2])
    elif len(parts) == 2 and parts[0] == "products":
        prods = data.get("products", {})
        if parts[1] not in prods:
            raise KostprijsError(f"{o.origin}: product {parts[1]!r} is not in {file}")
        prods[parts[1]] = {"class": o.value, "source": o.source, "status": "override"}
        return ("products", parts[1], "class")
    elif len(parts) == 1 and parts[0] in ("correction", "fixed_tariffs"):
        rec = data.get(parts[0])
        if not isinstance(rec, dict):
            raise KostprijsError(f"{o.origin}: {file} has no {parts[0]} record")
        rec["value"], rec["source"], rec["status"] = o.value, o.source, "override"
        return (parts[0], "value")
    raise KostprijsError(hint)


def dotted(loc: tuple) -> str:
    """A location as a dotted key path; year keys stay plain (series.ova.years.2025.voorlopig)."""
    return ".".join(str(p) for p in loc)


def _validate(name: str, data: dict, lines: dict, targets: list[tuple[str, tuple]]) -> IndexFile:
    from pydantic import ValidationError

    def line(loc):
        return line_at(lines, loc)

    def blame(loc: tuple, msg: str) -> ParamError:
        for origin, target in targets:
            n = min(len(loc), len(target))
            if loc and loc[:n] == target[:n]:
                return ParamError(origin, dotted(loc), msg)
        return ParamError(name, dotted(loc), msg, line(loc))

    try:
        return IndexFile.model_validate(data)
    except ValidationError as exc:
        errors = []
        for e in exc.errors(include_url=False):
            ctx = e.get("ctx", {}) or {}
            err = ctx.get("error")
            if isinstance(err, _At):
                errors.append(blame(err.loc, err.msg))
                continue
            if e["type"] == "literal_error" and isinstance(e.get("input"), dict):
                continue   # a figure was given: the `unknown` branch of the union is not the problem
            loc = _clean_loc(e["loc"])
            msg = SCHEMA_MESSAGES.get(e["type"])
            if (msg is None and loc and loc[-1] in ("voorlopig", "definitief") and len(loc) == 5
                    and e["type"] != "value_error"):
                msg = ("expected a figure {value, published, source} or the word unknown "
                       f"(got {repr(e.get('input'))[:40]})")
            elif msg is None and loc and loc[-1] == "published":
                msg = f"expected a date (YYYY-MM-DD) or a month (YYYY-MM) (got {repr(e.get('input'))[:40]})"
            if msg is None:
                msg = e["msg"].removeprefix("Value error, ")
                msg += f" (got {repr(e.get('input'))[:40]})"
            errors.append(blame(loc, msg))
        # a figure that is neither a mapping nor 'unknown' produces one error per union member: keep one
        seen, unique = set(), []
        for err in errors:
            key = (err.file, err.path)
            if key not in seen:
                seen.add(key)
                unique.append(err)
        raise ParamErrors(unique) from None


def _clean_loc(loc) -> tuple:
    """Drop pydantic's union-member tags from a location ('Figure', "literal['unknown']", 'date', ...)."""
    out = []
    for p in loc:
        if isinstance(p, str) and (p in ("Figure", "date", "str") or "[" in p or p.startswith("constrained")
                                   or p.startswith("function")):
            continue
        out.append(p)
    return tuple(out)


def check_products(ix: Indexation, pset) -> None:
    """Every product of the set has a class; every class entry names a product of the set."""
    codes = [p.code for p in pset.products]
    errors = []
    missing = [c for c in codes if c not in ix.model.products]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        errors.append(ParamError(ix.file, "products", f"no class for product(s) {shown} of functiemix.yaml",
                                 ix.line(("products",))))
    known = set(codes)
    for code in ix.model.products:
        if code not in known:
            errors.append(ParamError(ix.file, f"products.{code}", "product code is not in functiemix.yaml",
                                     ix.line(("products", code))))
    if ix.model.set != pset.models["opslagen"].set:
        errors.insert(0, ParamError(ix.file, "set", f"set {ix.model.set!r} differs from opslagen.yaml set "
                                    f"{pset.models['opslagen'].set!r}", ix.line(("set",))))
    if errors:
        raise ParamErrors(errors)


# --- command-line values ------------------------------------------------------------------------
_YEAR = re.compile(r"^\d{4}$")


def parse_year_values(option: str, args: list[str] | None) -> dict[int, float]:
    """``--ova 2025=4.18`` (percent; '4,18' and '4.18%' accepted) -> {2025: 4.18}."""
    out: dict[int, float] = {}
    for arg in args or []:
        year_text, sep, value_text = arg.partition("=")
        year_text, value_text = year_text.strip(), value_text.strip()
        if not sep:
            raise KostprijsError(f"{option} {arg!r}: expected YEAR=PERCENT, e.g. {option} 2026=3.5")
        if not _YEAR.match(year_text) or not 1990 <= int(year_text) <= 2100:
            raise KostprijsError(f"{option} {arg!r}: {year_text!r} is not a year (1990-2100)")
        number = value_text.removesuffix("%").strip().replace(",", ".")
        try:
            value = float(number)
        except ValueError:
            raise KostprijsError(f"{option} {arg!r}: {value_text!r} is not a percentage (e.g. 3.5 for 3,5%)") from None
        if not math.isfinite(value) or not -100 < value <= 100:
            raise KostprijsError(f"{option} {arg!r}: {value_text!r} is not a plausible yearly index (percent)")
        year = int(year_text)
        if year in out:
            raise KostprijsError(f"{option} {arg!r}: year {year} is given twice")
        out[year] = value
    return out


# --- the plan: which figure applies in which year -----------------------------------------------
@dataclass
class Plan:
    """Per-year arrays for :func:`kostprijs.core.indexation.run`, and the status of every figure."""

    prijspeil: int
    years: list[int]                   # indexed years P+1 .. to
    series: list[str]
    classes: list[str]
    weights: Any                       # (C, N)
    applied: Any                       # (Y, N) percent, NaN where unused
    definitief: Any                    # (Y, N) percent, NaN where unknown
    provisional: Any                   # (Y, N) bool
    status: list[list[str]]            # [y][n]: voorlopig | definitief | command line | unused
    method: int
    needed: list[str] = field(default_factory=list)   # series with weight in a class some product uses


def plan(ix: Indexation, prijspeil: int, to: int, cli: dict[str, dict[int, float]], use: str = "vng",
         to_option: str = "--to") -> Plan:
    """Choose the figure of every indexed year and series.

    ``use`` vng: the voorlopig figure where published (the figure the year's tariffs were set with), the
    definitief one otherwise; the next year then carries the correction. definitief: the definitief figure
    where known (a recomputation with today's knowledge), voorlopig otherwise. Command-line values count as
    definitief and override the series. A series needed by a class in use with no figure for a year is an
    error naming the year and the series.
    """
    import numpy as np

    from kostprijs.core.indexation import CORRECTION_METHODS

    if to < prijspeil:
        raise KostprijsError(f"{to_option} {to}: before the prijspeil {prijspeil} of the parameter set")
    if to > prijspeil + 100:
        raise KostprijsError(f"{to_option} {to}: more than 100 years after the prijspeil {prijspeil}")
    series, classes = ix.series_names, ix.class_names
    for name, values in cli.items():
        for year in values:
            if not prijspeil < year <= to:
                raise KostprijsError(f"{OPTIONS.get(name, name)} {year}=…: year {year} is outside the indexed years "
                                     f"{prijspeil + 1}-{to} (prijspeil {prijspeil}, {to_option} {to})")
    weights = np.array([[ix.model.classes[c].weights.value.get(s, 0.0) for s in series] for c in classes])
    used_classes = {p.class_ for p in ix.model.products.values()}
    needed = {s for c in used_classes for s, w in ix.model.classes[c].weights.value.items() if w != 0}
    years = list(range(prijspeil + 1, to + 1))
    applied = np.full((len(years), len(series)), np.nan)
    definitief = np.full_like(applied, np.nan)
    provisional = np.zeros(applied.shape, dtype=bool)
    status = [["unused"] * len(series) for _ in years]
    for n, s in enumerate(series):
        spec = ix.model.series[s]
        for y, year in enumerate(years):
            entry = spec.years.get(year)
            v = entry.voorlopig if entry is not None and entry.voorlopig != "unknown" else None
            d = entry.definitief if entry is not None and entry.definitief != "unknown" else None
            if d is not None:
                definitief[y, n] = d.value
            if year in cli.get(s, {}):
                applied[y, n] = definitief[y, n] = cli[s][year]
                status[y][n] = "command line"
            elif use == "vng" and v is not None:
                applied[y, n], provisional[y, n], status[y][n] = v.value, True, "voorlopig"
            elif d is not None:
                applied[y, n], status[y][n] = d.value, "definitief"
            elif v is not None:
                applied[y, n], provisional[y, n], status[y][n] = v.value, True, "voorlopig"
            elif s in needed:
                where = "not in the series" if entry is None else "unknown"
                raise KostprijsError(
                    f"index year {year}: no {s} figure ({ix.file} series {s} {year}: {where}); "
                    f"give it with {OPTIONS.get(s, '--' + s)} {year}=PCT")
    return Plan(prijspeil, years, series, classes, weights, applied, definitief, provisional, status,
                CORRECTION_METHODS[ix.model.correction.value], [s for s in series if s in needed])
