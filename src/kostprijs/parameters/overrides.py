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
    """A command-line value: a YAML scalar or flow list; '35%' means 0.35."""
    import yaml

    from kostprijs.parameters.yamlio import load_text

    stripped = text.strip()
    if stripped.endswith("%"):
        try:
            return float(stripped[:-1]) / 100
        except ValueError:
            raise KostprijsError(f"{_short(text)!r} is not a percentage") from None
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

    from kostprijs.parameters.load import dotted
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
        errs = []
        for e in exc.errors(include_url=False):
            loc = tuple(e["loc"])
            line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
            msg = {"missing": "missing key", "extra_forbidden": "unknown key"}.get(e["type"], e["msg"])
            errs.append(ParamError(str(path), dotted(loc), msg, line))
        raise ParamErrors(errs) from None
    items = tuple(
        Override(i.path, i.value, f"scenario {f.name}: {i.source}", f"{path}: overrides[{n}] ({i.path})")
        for n, i in enumerate(f.overrides)
    )
    return Scenario(f.name, f.description, items, str(path))


@dataclass(frozen=True)
class Target:
    file: str
    loc: tuple          # raw location of the value
    record: tuple       # raw location of the record holding it


def resolve_paths(pset, overrides: tuple[Override, ...]) -> list[Target]:
    """Where each override writes, from the table of paths (:mod:`.paths`)."""
    targets = []
    for o in overrides:
        found = pset.paths.locate(o.path)
        if found is None:
            raise KostprijsError(f"{o.origin}: unknown parameter path {o.path!r}{pset.paths.hint(o.path)}")
        rec, loc = found
        cut = loc.index("value")
        targets.append(Target(rec.file, loc, loc[:cut]))
    return targets


def apply(raw, pset, overrides: tuple[Override, ...]):
    """A copy of ``raw`` (a RawSet) with the overrides applied, and their targets."""
    from kostprijs.parameters.load import RawSet

    targets = resolve_paths(pset, overrides)
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

    for o, t in zip(overrides, targets, strict=True):
        writable(t.file, t.loc[:-1])[t.loc[-1]] = o.value
        record = writable(t.file, t.record)
        record["source"] = o.source
        record["status"] = "override"
        record.pop("calibration", None)   # an overridden value is no longer the calibrated one
    return RawSet(data, raw.lines, raw.paths), targets


def blame(errors: list[ParamError], raw, overrides, targets) -> list[ParamError]:
    """Rewrite errors caused by an override so that they name the override."""
    from kostprijs.parameters.load import dotted

    out = []
    for err in errors:
        for o, t in zip(overrides, targets, strict=True):
            record_path = dotted(t.record)
            if raw.paths[t.file] == err.file and (err.path == record_path or err.path.startswith(record_path + ".")
                                                  or err.path.startswith(record_path + "[")):
                err = ParamError(o.origin, err.path, err.problem)
                break
        out.append(err)
    return out
