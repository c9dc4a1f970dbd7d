"""Safe, strict YAML reading.

* only plain data (the C safe loader where available, no tags that construct objects);
* duplicate keys are an error (PyYAML silently keeps the last one);
* aliases/anchors are refused (no alias bombs), and nesting depth and file size are bounded;
* every mapping key's line number is recorded, so that errors can point to a line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kostprijs.errors import ParamError

MAX_BYTES = 2_000_000
MAX_DEPTH = 40

try:  # the C parser is several times faster; the constructor stays the (safe) Python one
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-python PyYAML build
    _Base = yaml.SafeLoader


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    def __init__(self, stream, filename: str):
        super().__init__(stream)
        self.filename = filename
        self.lines: dict[tuple, int] = {}
        self._path: list[Any] = []
        self._depth = 0

    def _fail(self, node, problem: str):
        raise ParamError(self.filename, _dotted(self._path), problem, node.start_mark.line + 1)

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            self._fail(node, "YAML aliases (*name) are not allowed in parameter files")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            self._fail(node, f"nested deeper than {MAX_DEPTH} levels")
        try:
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            self._fail(node, "expected a mapping")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "YAML merge keys (<<) are not allowed")
            key = self.construct_object(key_node)
            if not isinstance(key, str | int | float | bool):
                self._fail(key_node, "a key must be a plain scalar")
            if key in result:
                self._path.append(key)
                self._fail(key_node, f"duplicate key {key!r}")
            self._path.append(key)
            self.lines[tuple(self._path)] = key_node.start_mark.line + 1
            result[key] = self.construct_object(value_node)
            self._path.pop()
        return result

    def construct_sequence(self, node, deep=False):
        out = []
        for i, child in enumerate(node.value):
            self._path.append(i)
            self.lines[tuple(self._path)] = child.start_mark.line + 1
            out.append(self.construct_object(child))
            self._path.pop()
        return out


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_sequence)


def _dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Read one YAML file; return (data, line-number index by key path)."""
    name = str(path)
    if path.is_dir():
        raise ParamError(name, "", "is a directory, expected a YAML file")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ParamError(name, "", "file not found") from None
    except OSError as exc:
        raise ParamError(name, "", f"cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise ParamError(name, "", f"file is {size} bytes; the limit is {MAX_BYTES}")
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParamError(name, "", f"not valid UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ParamError(name, "", f"cannot read: {exc.strerror}") from None
    if not text.strip():
        raise ParamError(name, "", "file is empty")
    loader = _StrictLoader(text, name)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParamError(name, "", f"invalid YAML: {problem}", line) from None
    except RecursionError:
        raise ParamError(name, "", "nested too deeply") from None
    finally:
        loader.dispose()
    return data, loader.lines
