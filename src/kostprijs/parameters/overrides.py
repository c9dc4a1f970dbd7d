"""Overrides of a baseline parameter set, without editing files: ``--set PATH=VALUE`` and scenario files.

A PATH is a dotted path as listed by `kostprijs params`. Overrides are applied to the raw data
before validation, so an overridden value meets every rule a value in a file meets (types, ranges,
a functiemix summing to 100%); a problem is reported against the override that caused it.

Scenario file (YAML)::

    name: overhead-30
    description: Overhead 30% instead of 35%
    overrides:
      - path: opslagen.overhead
        value: 0.30
        source: "where the figure comes from"
        note: optional
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kostprijs.errors import KostprijsError, ParamError, ParamErrors

#: the name compare gives the set without overrides; a scenario may not take it
BASELINE = "baseline"


@dataclass(frozen=True)
class Override:
    path: str
    value: Any
    source: str
    origin: str      # names the override in messages: "--set opslagen.overhead=0.30", "a.yaml overrides[0]"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    overrides: tuple[Override, ...]
    file: str | None = None


def _short(text: str, limit: int = 60) -> str:
    """An argument as shown in a message: long values (a pasted file, a fuzzer's nesting) are cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_value(text: str) -> Any:
    """A command-line value: a YAML scalar or flow list, as a value in a file would be read. A text
    given for a number ('35%', '1e9') is made a number by :func:`as_number` when the override is
    applied, exactly as the same text in a scenario file."""
    import yaml

    from kostprijs.parameters.yamlio import load_text

    stripped = text.strip()
    if stripped.endswith("%"):   # a percentage is a number whatever it overrides (indexatie weights too)
        from kostprijs.parameters.numbers import parse_number

        try:
            return parse_number(stripped)
        except KostprijsError:
            return stripped     # reported with the other values by as_number, when applied
    if not stripped:
        return None
    try:  # the rules of a parameter file: no aliases (alias bombs), bounded nesting (a deep one crashed libyaml)
        return load_text(stripped, "value")[0]
    except ParamError as exc:
        raise KostprijsError(f"{_short(text)!r}: {exc.problem}") from None
    except yaml.YAMLError:
        return stripped


def parse_set(arg: str) -> Override:
    path, sep, value = arg.partition("=")
    if not sep or not path.strip():
        raise KostprijsError(f"--set {_short(arg)!r}: expected PATH=VALUE (paths: `kostprijs params`)")
    try:
        parsed = parse_value(value)
    except KostprijsError as exc:
        raise KostprijsError(f"--set {_short(path.strip())}: {exc}") from None
    shown = _short(arg)
    return Override(path.strip(), parsed, f"override on the command line (--set {shown})", f"--set {shown}")


def load_scenario(path: Path) -> Scenario:
    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    from kostprijs.parameters.locations import dotted, line_at, schema_errors
    from kostprijs.parameters.yamlio import read_yaml

    class Item(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        path: str = Field(min_length=1)
        value: Any
        source: str = Field(min_length=1)
        note: str | None = None

    class File(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        name: str = Field(min_length=1)
        description: str = Field(min_length=1)
        source: str | None = None
        overrides: list[Item] = Field(min_length=1)

    data, lines = read_yaml(path)
    try:
        f = File.model_validate(data)
    except ValidationError as exc:
        raise ParamErrors(schema_errors(
            exc, lambda loc, msg: ParamError(str(path), dotted(loc), msg, line_at(lines, loc)))) from None
    errs = []
    if f.name.strip().lower() == BASELINE:
        errs.append(ParamError(str(path), "name", f"{f.name!r} is the name of the set without overrides; "
                               "give the scenario another name", lines.get(("name",))))
    seen: dict[str, int] = {}
    for n, i in enumerate(f.overrides):
        if i.path.strip() in seen:
            errs.append(ParamError(str(path), f"overrides[{n}].path", f"{i.path!r} is set twice in this "
                                   f"scenario (also overrides[{seen[i.path.strip()]}]); keep one",
                                   lines.get(("overrides", n, "path"))))
        seen.setdefault(i.path.strip(), n)
    if errs:
        raise ParamErrors(errs)
    items = tuple(
        Override(i.path.strip(), i.value, f"scenario {f.name}: {i.source}", f"{path}: overrides[{n}] ({i.path})")
        for n, i in enumerate(f.overrides)
    )
    return Scenario(f.name, f.description, items, str(path))


def combine(scenario_files, sets) -> tuple[Override, ...]:
    """The overrides of every scenario file (in order), then every ``--set`` (which win). Two files
    setting the same path is an error (neither silently wins); every bad ``--set`` and every broken
    file is reported, not only the first."""
    out: list[Override] = []
    errs: list[ParamError] = []
    owner: dict[str, str] = {}
    for path in scenario_files:
        try:
            sc = load_scenario(Path(path))
        except ParamErrors as exc:
            errs += exc.errors
            continue
        except ParamError as exc:
            errs.append(exc)
            continue
        for o in sc.overrides:
            if o.path in owner:
                errs.append(ParamError(o.origin, "", f"{o.path} is also set by {owner[o.path]}; "
                                       "give each path in one scenario only"))
            owner.setdefault(o.path, o.origin)
        out += sc.overrides
    for arg in sets:
        try:
            out.append(parse_set(arg))
        except KostprijsError as exc:
            errs.append(ParamError("", "", str(exc)))
    if errs:
        raise errs[0] if len(errs) == 1 else ParamErrors(errs)
    return tuple(out)


@dataclass(frozen=True)
class Target:
    file: str
    loc: tuple          # raw location of the value
    record: tuple       # raw location of the record holding it


def resolve_paths(pset, overrides: tuple[Override, ...]) -> list[Target]:
    """Where each override writes, from the table of paths (:mod:`.paths`)."""
    targets, errs = [], []
    for o in overrides:
        found = pset.paths.locate(o.path)
        if found is None:
            errs.append(ParamError("", "", f"{o.origin}: unknown parameter path {o.path!r}{pset.paths.hint(o.path)}"))
            continue
        rec, loc = found
        cut = loc.index("value")
        targets.append(Target(rec.file, loc, loc[:cut]))
    if errs:   # every unknown path at once
        raise errs[0] if len(errs) == 1 else ParamErrors(errs)
    return targets


def apply(raw, pset, overrides: tuple[Override, ...]):
    """A copy of ``raw`` (a RawSet) with the overrides applied, and their targets."""
    from kostprijs.parameters.load import RawSet

    errs: list[ParamError] = []
    try:
        targets = resolve_paths(pset, overrides)
    except ParamErrors as exc:
        errs, targets = list(exc.errors), None
    except ParamError as exc:
        errs, targets = [exc], None
    if targets is None:   # the values of the paths that exist are checked too: every problem at once
        known = tuple(o for o in overrides if pset.paths.locate(o.path) is not None)
        try:
            apply(raw, pset, known)
        except ParamErrors as exc:
            errs += exc.errors
        except ParamError as exc:
            errs.append(exc)
        raise errs[0] if len(errs) == 1 else ParamErrors(errs)
    data = dict(raw.data)
    mine: set[int] = set()      # containers copied for this result: only those are written to

    def writable(file: str, keys: tuple) -> Any:
        """The container at ``keys``, copied (with every container above it) unless copied already:
        the raw data stays as read, without copying a whole set per override."""
        if id(data[file]) not in mine:
            data[file] = copy.copy(data[file])
            mine.add(id(data[file]))
        node = data[file]
        for key in keys:
            if id(node[key]) not in mine:
                node[key] = copy.copy(node[key])
                mine.add(id(node[key]))
            node = node[key]
        return node

    values = []
    for o, t in zip(overrides, targets, strict=True):
        try:
            values.append(as_number(o, _current(raw.data[t.file], t.loc)))
        except KostprijsError as exc:
            errs.append(ParamError("", "", str(exc)))
    if errs:
        raise errs[0] if len(errs) == 1 else ParamErrors(errs)
    for o, t, value in zip(overrides, targets, values, strict=True):
        writable(t.file, t.loc[:-1])[t.loc[-1]] = value
        record = writable(t.file, t.record)
        record["source"] = o.source
        record["status"] = "override"
        record.pop("calibration", None)   # an overridden value is no longer the calibrated one
    return RawSet(data, raw.lines, raw.paths), targets


def _current(node: Any, loc: tuple) -> Any:
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_number(o: Override, current: Any) -> Any:
    """The override's value; where the file holds a number, a text is parsed by
    :func:`kostprijs.parameters.numbers.parse_number` ('30%', '1e9') and a number is checked (finite,
    not a thousand digits), the same for ``--set`` and scenario files."""
    from kostprijs.parameters.numbers import check_number, looks_numeric, parse_number

    # a new key (a functiemix share of a level the product had not) takes a number written as one
    new_number = current is None and isinstance(o.value, str) and looks_numeric(o.value)
    if not _is_number(current) and not new_number:
        return o.value
    try:
        if isinstance(o.value, str):
            return parse_number(o.value)
        check_number(o.value)
    except KostprijsError as exc:
        raise KostprijsError(f"{o.origin}: {exc}") from None
    return o.value


def blame(errors: list[ParamError], raw, overrides, targets) -> list[ParamError]:
    """Rewrite errors caused by an override so that they name the override."""
    from kostprijs.parameters.locations import dotted

    def related(a: str, b: str) -> bool:   # one path at or below the other
        return a == b or a.startswith((b + ".", b + "[")) or b.startswith((a + ".", a + "["))

    out = []
    for err in errors:
        for o, t in zip(overrides, targets, strict=True):
            # at, below or above the overridden record: a rule on the record holding it (bruto minus
            # aftrek when one aftrek is overridden) is broken by the override, not by the file
            if raw.paths[t.file] == err.file and related(err.path, dotted(t.record)):
                err = ParamError(o.origin, err.path, err.problem)
                break
        out.append(err)
    return out
