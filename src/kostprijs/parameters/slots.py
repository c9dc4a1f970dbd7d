"""Dotted parameter paths -> the model elements they feed, so that a varied parameter becomes a
column of a scenario batch (:mod:`kostprijs.core.sweep`) without validating every scenario again.

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

import difflib
import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from kostprijs.core.sweep import Target
from kostprijs.errors import KostprijsError

#: The default ranges of `kostprijs sensitivity` without --vary (issue 6; a choice, documented in
#: the README): overhead 25-40%, sociale lasten 28-36%, productive hours and salaries +-5%.
DEFAULT_VARY = (
    "opslagen.overhead=25%:40%",
    "opslagen.sociale_lasten=28%:36%",
    "productiviteit.*.clientgebonden=±5%",
    "caos.*.*.top=±5%",
)

SHARE = (0.0, 1.0, False)          # (min, max, min exclusive)
NONNEG = (0.0, math.inf, False)
POSITIVE = (0.0, math.inf, True)


@dataclass(frozen=True)
class Slot:
    """One parameter: its baseline value and the model elements it feeds (as functions of its value)."""

    path: str
    value: float
    unit: str
    domain: tuple[float, float, bool]
    targets: tuple[Target, ...]
    #: other parameters that move with it, for the equivalent overrides: (path, baseline, coef):
    #: value = baseline + coef x (v - self.value); coef None = functiemix sibling scaled by (1-v)/(1-v0)
    companions: tuple[tuple[str, float, float | None], ...] = ()


def _unsupported(path: str, why: str) -> KostprijsError:
    return KostprijsError(f"--vary {path}: cannot be varied: {why}")


def slot(pset, path: str) -> Slot:
    """The slot of one dotted path; an unknown or unsupported path is a one-line KostprijsError."""
    records = {r.path: r for r in pset.records}
    rec = records.get(path)
    if rec is None:
        near = difflib.get_close_matches(path, list(records), n=1)
        hint = f"; did you mean {near[0]}?" if near else " (see `kostprijs params`)"
        raise KostprijsError(f"--vary {path}: unknown parameter path{hint}")
    if isinstance(rec.value, bool) or not isinstance(rec.value, int | float):
        raise _unsupported(path, f"not a number ({rec.value!r}); use --set to choose another value")
    value = float(rec.value)
    parts = path.split(".")
    op, fm = pset.models["opslagen"], pset.models["functiemix"]
    model = [(p, fm.products[p.code]) for p in pset.model_products]

    def products_where(pred) -> list[int]:
        return [p.index for p, spec in model if pred(spec)]

    def make(targets, domain, companions=()):
        return Slot(path, value, rec.unit, domain, tuple(targets), tuple(companions))

    head = parts[0]
    if head == "opslagen":
        domain = NONNEG if parts[1] in ("overhead", "overhead_micro") else SHARE
        return make([Target(parts[1], (0,))], domain)
    if head == "ort":
        return make([Target("ort", (p,)) for p in products_where(lambda s: s.ort.value == parts[1])], SHARE)
    if head == "productiviteit":
        col = parts[1]
        users = products_where(lambda s: s.productiviteit.value == col)
        column = op.productiviteit[col]
        if parts[2] == "clientgebonden":
            comp = [(f"productiviteit.{col}.bruto", column.bruto.value, 1.0)] if column.bruto is not None else []
            return make([Target("hours", (p,)) for p in users], POSITIVE, comp)
        sign = 1.0 if parts[2] == "bruto" else -1.0
        comp = [(f"productiviteit.{col}.clientgebonden", column.clientgebonden.value, sign)]
        return make([Target("hours", (p,), "shift", sign, -sign * value) for p in users],
                    POSITIVE if sign > 0 else NONNEG, comp)
    if head == "voorzieningen":
        targets = []
        for p, spec in model:
            k = (spec.fixed.value if spec.fixed else []).count(parts[1])
            if k:
                targets.append(Target("fixed", (p.index,), "shift", float(k), -k * value))
        return make(targets, NONNEG)
    if head == "kalender":
        if parts[1] != "dagen_per_jaar":
            raise _unsupported(path, "does not enter the tariffs (a dagdeel's hours are "
                                     "products.<code>.staffing.hours)")
        return make([Target("days", (0,))], POSITIVE)
    if head == "tabel1":
        return make([Target("pct", (pset.levels.index(parts[2]),))], SHARE)
    if head == "caos":
        key = f"{parts[1]}:{parts[2]}"
        if parts[-1] != "top" or len(parts) != 4 or key not in pset.scales:
            raise _unsupported(path, "a check or documentation value; only caos.<cao>.<scale>.top "
                                     "enters the tariffs")
        return make([Target("top", (pset.scales.index(key),))], POSITIVE)
    if head == "products":
        info = pset.product(parts[1])
        spec = fm.products[parts[1]]
        if info.index is None:
            raise _unsupported(path, f"product {info.code} is {info.basis.replace('_', ' ')}, not computed by "
                                     "the model")
        p = info.index
        if parts[2] == "functiemix":
            if value >= 1.0:
                raise _unsupported(path, "the only level of the product's functiemix (its share is 100%)")
            level = pset.levels.index(parts[3])
            comp = [(f"products.{info.code}.functiemix.{lv}", float(s), None)
                    for lv, s in spec.functiemix.value.items() if lv != parts[3]]
            return make([Target("mix", (p, level), "share")], SHARE, comp)
        if parts[2] == "staffing":
            st = spec.staffing
            name = parts[3]
            used = "hours" if st.hours else ("fte_per_jeugdige" if st.fte_per_jeugdige else "fte_per_group")
            if name == used:
                if info.unit == "uur":
                    raise _unsupported(path, "an uur product's staffing.hours is 1 by definition")
                return make([Target("staff", (p,))], POSITIVE)
            if name == "group_size":
                targets = [Target("group", (p,))]
                if st.group_size_micro is None:
                    targets.append(Target("group_micro", (p,)))
                return make(targets, POSITIVE)
            if name == "group_size_micro":
                return make([Target("group_micro", (p,))], POSITIVE)
        raise _unsupported(path, "not a number the model computes with")
    raise _unsupported(path, "not a number the model computes with")


def _matches(pattern: str, path: str) -> bool:
    a, b = pattern.split("."), path.split(".")
    return len(a) == len(b) and all(fnmatchcase(y, x) for x, y in zip(a, b, strict=True))


def resolve(pset, pattern: str) -> list[Slot]:
    """All slots a path or pattern names (``*`` matches within one segment)."""
    if not any(c in pattern for c in "*?["):
        return [slot(pset, pattern)]
    out = []
    for r in pset.records:
        if _matches(pattern, r.path):
            try:
                out.append(slot(pset, r.path))
            except KostprijsError:
                continue                      # e.g. caos.*.* also matches hours_per_week
    if not out:
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
    for s in v.slots:
        a, b = v.coefficients(s)
        lo, hi, exclusive = s.domain
        for x in (v.low, v.high):
            value = a * x + b
            if value < lo or value > hi or (exclusive and value <= lo):
                bound = f"> {lo:g}" if exclusive else f">= {lo:g}"
                bound += f" and <= {hi:g}" if math.isfinite(hi) else ""
                raise KostprijsError(f"{v.origin}: gives {s.path} = {value:.10g}, but it must be {bound}")


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
            for path, base, coef in s.companions:
                if coef is None:
                    out[path] = base * (1.0 - value) / (1.0 - s.value)
                else:
                    shifts.setdefault(path, [base, 0.0])[1] += coef * (value - s.value)
    for path, (base, delta) in shifts.items():
        if path not in out:
            out[path] = base + delta
    return out
