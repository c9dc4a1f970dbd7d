"""Dotted parameter paths -> the model elements they feed, so that a varied parameter becomes a
column of a scenario batch (:mod:`kostprijs.core.sweep`) without validating every scenario again.
How each path feeds the model is looked up in the set's table of paths (:mod:`.paths`), the one
compile fills the arrays through; a range must stay within what the schema accepts for the path.

Which paths can be varied (the paths of `kostprijs params`):

====================================================  ==========================================
path                                                  feeds
====================================================  ==========================================
opslagen.<name>                                       that opslag (one number for all products)
ort.<variant>                                         ORT of the products using the variant
productiviteit.<col>.clientgebonden                   productive hours of the products using col
                                                      (bruto moves with it, the deductions stay)
productiviteit.<col>.bruto / .aftrek.<part>           the same hours, plus / minus the change
voorzieningen.<name>                                  fixed parts of the products listing it
kalender.dagen_per_jaar                               days per year (FTE-based etmaal products)
tabel1.pct_hoogste_trede.<level>                      share of the top step used for the level
caos.<cao>.<scale>.top                                that top step
products.<code>.functiemix.<level>                    that share; the product's other shares keep
                                                      their proportions, so the mix stays 100%
products.<code>.staffing.<hours|fte_*|group_size*>    the product's staff time / group size
====================================================  ==========================================

Ranges (``--vary PATH=RANGE``; PATH may use ``*`` for one path segment, all matches move together):

* ``LOW:HIGH`` absolute values, ``25%`` = 0.25; ``LOW:MODE:HIGH`` triangular in Monte Carlo;
* ``x0.95:x1.05`` factors of each matched parameter's baseline; ``±5%`` (or ``+-5%``) = x0.95:x1.05;
* ``±2`` (or ``+-2``) baseline minus / plus 2 (in the parameter's unit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from kostprijs.core.sweep import Target
from kostprijs.errors import KostprijsError
from kostprijs.parameters.paths import ADD, SHARE, Companion, Param, share_scale

#: The default ranges of `kostprijs sensitivity` without --vary (issue 6; a choice, documented in
#: the README): overhead 25-40%, sociale lasten 28-36%, productive hours and salaries +-5%.
DEFAULT_VARY = (
    "opslagen.overhead=25%:40%",
    "opslagen.sociale_lasten=28%:36%",
    "productiviteit.*.clientgebonden=±5%",
    "caos.*.*.top=±5%",
)

@dataclass(frozen=True)
class Slot:
    """One parameter: its entry in the table of paths and the model elements it feeds (as
    :class:`~kostprijs.core.sweep.Target` s: functions of its value)."""

    param: Param
    targets: tuple[Target, ...]

    @property
    def path(self) -> str:
        return self.param.path

    @property
    def value(self) -> float:
        return self.param.value

    @property
    def unit(self) -> str:
        return self.param.record.unit

    @property
    def domain(self) -> tuple[float, float, bool]:
        return self.param.domain

    @property
    def companions(self) -> tuple[Companion, ...]:
        """Other parameters that move with it, for the equivalent overrides."""
        return self.param.companions


def targets(param: Param) -> tuple[Target, ...]:
    """The sweep targets of a table entry: ``set`` and ``share`` as they are, ``add`` as a shift of
    k x (v - v0) on the compiled element."""
    v0 = param.value
    return tuple(Target(f.field, f.index, "shift", f.k, -f.k * v0) if f.how == ADD else
                 Target(f.field, f.index, "share" if f.how == SHARE else "set") for f in param.feeds)


def slot(pset, path: str) -> Slot:
    """The slot of one dotted path; an unknown or unsupported path is a one-line KostprijsError."""
    param = pset.paths.lookup(path, f"--vary {path}")
    if param.why is not None:
        raise KostprijsError(f"--vary {path}: cannot be varied: {param.why}")
    return Slot(param, targets(param))


def _matches(pattern: str, path: str) -> bool:
    a, b = pattern.split("."), path.split(".")
    return len(a) == len(b) and all(fnmatchcase(y, x) for x, y in zip(a, b, strict=True))


def resolve(pset, pattern: str) -> list[Slot]:
    """All slots a path or pattern names (``*`` matches within one segment)."""
    if not any(c in pattern for c in "*?["):
        return [slot(pset, pattern)]
    out = [Slot(p, targets(p)) for p in pset.paths if p.variable and _matches(pattern, p.path)]
    if not out:                               # (caos.*.* also matches hours_per_week: left out)
        raise KostprijsError(f"--vary {pattern}: matches no parameter that can be varied (see `kostprijs params`)")
    return out


# --- ranges -----------------------------------------------------------------------------------

ABSOLUTE, RELATIVE, OFFSET = "absolute", "relative", "offset"


@dataclass(frozen=True)
class Vary:
    """One varied parameter (a column of the scenario batch): its slots move together. The column
    value x is the value itself (absolute), a factor of each baseline (relative) or an offset."""

    name: str
    kind: str
    low: float
    high: float
    mode: float | None
    slots: tuple[Slot, ...]
    origin: str
    source: str | None = None
    text: str = ""

    def coefficients(self, s: Slot) -> tuple[float, float]:
        """(a, b) with the slot's value = a * x + b."""
        return {ABSOLUTE: (1.0, 0.0), RELATIVE: (s.value, 0.0), OFFSET: (1.0, s.value)}[self.kind]

    def targets(self) -> list[Target]:
        out = []
        for s in self.slots:
            a, b = self.coefficients(s)
            out += [Target(t.field, t.index, t.mode, t.alpha * a, t.alpha * b + t.beta) for t in s.targets]
        return out

    @property
    def baseline(self) -> float:
        """The column value that reproduces the baseline (NaN if the slots' baselines differ)."""
        if self.kind == RELATIVE:
            return 1.0
        if self.kind == OFFSET:
            return 0.0
        values = {s.value for s in self.slots}
        return values.pop() if len(values) == 1 else math.nan

    @property
    def unit(self) -> str:
        if self.kind == RELATIVE:
            return "x baseline"
        units = {s.unit for s in self.slots}
        return units.pop() if len(units) == 1 else "mixed"


def _number(text: str, origin: str) -> tuple[str, float]:
    t = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip()
    kind = ABSOLUTE
    if t[:1] in ("x", "X", "*"):
        kind, t = RELATIVE, t[1:]
    scale = 1.0
    if t.endswith("%"):
        t, scale = t[:-1], 0.01
    try:
        v = float(t) * scale
    except ValueError:
        raise KostprijsError(f"{origin}: {text.strip()!r} is not a number, a percentage (25%) or a factor "
                             "(x0.95)") from None
    if not math.isfinite(v):
        raise KostprijsError(f"{origin}: {text.strip()!r} is not a finite number")
    return kind, v


def parse_range(text: str, origin: str) -> tuple[str, float, float | None, float]:
    """'25%:40%' -> (kind, low, mode, high)."""
    t = text.strip()
    for pm in ("±", "+-", "+/-"):
        if t.startswith(pm):
            rest = t[len(pm):].strip()
            kind, v = _number(rest, origin)
            if kind != ABSOLUTE or v < 0:
                raise KostprijsError(f"{origin}: expected ±P% or ±AMOUNT, got {text!r}")
            if rest.endswith("%"):
                return RELATIVE, 1.0 - v, None, 1.0 + v
            return OFFSET, -v, None, v
    parts = t.split(":")
    if len(parts) not in (2, 3):
        raise KostprijsError(f"{origin}: expected PATH=LOW:HIGH, PATH=LOW:MODE:HIGH or PATH=±P% "
                             "(e.g. opslagen.overhead=25%:40%)")
    parsed = [_number(p, origin) for p in parts]
    kinds = {k for k, _ in parsed}
    if len(kinds) != 1:
        raise KostprijsError(f"{origin}: mix of factors (x...) and values in {text!r}")
    values = [v for _, v in parsed]
    low, high = values[0], values[-1]
    mode = values[1] if len(values) == 3 else None
    if low > high:
        raise KostprijsError(f"{origin}: low {parts[0]} is above high {parts[-1]}")
    if mode is not None and not low <= mode <= high:
        raise KostprijsError(f"{origin}: mode {parts[1]} is not between low and high")
    return kinds.pop(), low, mode, high


def _check_domain(v: Vary) -> None:
    """Both ends of the range must give values the schema accepts (also where a companion moves along)."""
    for s in v.slots:
        a, b = v.coefficients(s)
        for x in (v.low, v.high):
            problem = s.param.out_of_domain(a * x + b)
            if problem:
                raise KostprijsError(f"{v.origin}: {problem}")


def parse_vary(pset, arg: str, origin: str | None = None, source: str | None = None) -> Vary:
    """One ``--vary PATH=RANGE``."""
    origin = origin or f"--vary {arg}"
    path, sep, rng = arg.partition("=")
    if not sep or not path.strip() or not rng.strip():
        raise KostprijsError(f"{origin}: expected PATH=LOW:HIGH (e.g. opslagen.overhead=25%:40%)")
    path = path.strip()
    kind, low, mode, high = parse_range(rng, origin)
    try:
        slots = tuple(resolve(pset, path))
    except KostprijsError as exc:
        raise KostprijsError(str(exc).replace(f"--vary {path}", origin, 1)) from None
    v = Vary(path, kind, low, high, mode, slots, origin, source, rng.strip())
    _check_domain(v)
    return v


def load_vary_file(pset, path: Path) -> list[Vary]:
    """A YAML file of ranges with their sources::

        vary:
          - path: opslagen.overhead
            range: "25%:35%:40%"      # LOW:HIGH, LOW:MODE:HIGH (triangular), ±P%
            source: "where the range comes from"
    """
    from kostprijs.parameters.yamlio import read_yaml

    data, lines = read_yaml(path)
    if not isinstance(data, dict) or set(data) != {"vary"} or not isinstance(data["vary"], list) or not data["vary"]:
        raise KostprijsError(f"{path}: expected a mapping with one key 'vary': a list of "
                             "{path, range, source}")
    out = []
    for i, item in enumerate(data["vary"]):
        line = lines.get(("vary", i))
        where = f"{path}:{line}" if line else str(path)
        if not isinstance(item, dict):
            raise KostprijsError(f"{where}: vary[{i}]: expected a mapping with path, range and source")
        extra = set(item) - {"path", "range", "source", "note"}
        missing = {"path", "range", "source"} - set(item)
        if extra or missing:
            what = f"unknown key {sorted(extra)[0]!r}" if extra else f"missing key {sorted(missing)[0]!r}"
            raise KostprijsError(f"{where}: vary[{i}]: {what}")
        if not all(isinstance(item[k], str) and item[k].strip() for k in ("path", "range", "source")):
            raise KostprijsError(f"{where}: vary[{i}]: path, range and source must be non-empty text")
        out.append(parse_vary(pset, f"{item['path']}={item['range']}", f"{where}: vary[{i}] ({item['path']})",
                              item["source"]))
    return out


def check_conflicts(varies: list[Vary]) -> None:
    """Two varied parameters may not set the same model element (one would silently win)."""
    owner: dict[tuple, tuple[str, str]] = {}
    paths: dict[str, str] = {}
    for v in varies:
        for s in v.slots:
            if paths.setdefault(s.path, v.name) != v.name:
                raise KostprijsError(f"{v.origin}: {s.path} is also varied by {paths[s.path]}; vary it once")
            for t in s.targets:
                key = (t.field, t.index[0]) if t.mode == "share" else (t.field, t.index)
                mine = "shift" if t.mode == "shift" else "set"
                if key in owner:
                    other, how = owner[key]
                    if other != v.name and (how == "set" or mine == "set"):
                        raise KostprijsError(f"{v.origin}: {s.path} feeds the same model value as {other}; "
                                             "vary one of them")
                    if other == v.name and mine == "set" and t.mode == "share":
                        raise KostprijsError(f"{v.origin}: two functiemix shares of one product; vary one")
                owner.setdefault(key, (v.name, mine))


def scenario_overrides(varies: list[Vary], row) -> dict[str, float]:
    """PATH -> value overrides that give the same model as the column values ``row`` (NaN = baseline)."""
    out: dict[str, float] = {}
    shifts: dict[str, list] = {}
    for v, x in zip(varies, row, strict=True):
        if math.isnan(x):
            continue
        for s in v.slots:
            a, b = v.coefficients(s)
            value = a * x + b
            out[s.path] = value
            for c in s.companions:
                if c.coef is None:
                    out[c.path] = c.value * share_scale(value, s.value)
                else:
                    shifts.setdefault(c.path, [c.value, 0.0])[1] += c.coef * (value - s.value)
    for path, (base, delta) in shifts.items():
        if path not in out:
            out[path] = base + delta
    return out
