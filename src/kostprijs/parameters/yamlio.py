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
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from kostprijs.errors import ParamError
from kostprijs.parameters.locations import dotted
from kostprijs.parameters.numbers import MAX_DIGITS

MAX_BYTES = 1_000_000  # 20x the largest shipped file; reading the limit takes ~4 s
MAX_DEPTH = 40

try:  # the C parser is several times faster; composer and constructor stay the (safe) Python ones
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - pure-python PyYAML build
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class _StrictLoader(Composer, _Parser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
    """The C parser's events, composed in Python: the C composer recurses on the C stack and a file
    of 40 000 nested brackets (80 kB) crashed the interpreter (segmentation fault)."""

    def __init__(self, stream, filename: str):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.filename = filename
        self.lines: dict[tuple, int] = {}
        self._path: list[Any] = []
        self._depth = 0
        self._compose_depth = 0

    def _fail(self, node, problem: str):
        raise ParamError(self.filename, dotted(self._path), problem, node.start_mark.line + 1)

    def compose_node(self, parent, index):
        self._compose_depth += 1
        try:
            if self._compose_depth > MAX_DEPTH:
                self._fail(self.peek_event(), f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._compose_depth -= 1

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


    def construct_yaml_timestamp(self, node):
        """A date such as 2021-02-30 or 2021-13-45 has the shape of a date and no day: one line, not a
        traceback (PyYAML raises ValueError from datetime)."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            self._fail(node, f"{node.value!r} is not a valid date ({exc})")

    def construct_yaml_int(self, node):
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_DIGITS:
            self._fail(node, f"a number of {digits} digits; at most {MAX_DIGITS} are accepted")
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        written = str(node.value).strip().lstrip("+-").lower()
        if (value != value or value in (float("inf"), float("-inf"))) and not written.startswith((".inf", ".nan")):
            self._fail(node, f"{str(node.value)[:40]!r} is out of range for a number")
        return value


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_sequence)


def read_yaml(path: Path, content: bytes | None = None) -> tuple[Any, dict[tuple, int]]:
    """Read one YAML file; return (data, line-number index by key path).

    ``content`` is the file's bytes when the caller has read them already (the cache of compiled sets
    hashes exactly the bytes that are parsed); every rule but the reading itself still applies.
    """
    name = str(path)
    raw = _read_bytes(path) if content is None else content
    if len(raw) > MAX_BYTES:
        raise ParamError(name, "", f"file is more than {MAX_BYTES} bytes; the limit is {MAX_BYTES}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParamError(name, "", f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise ParamError(name, "", "file is empty")
    try:
        return load_text(text, name)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParamError(name, "", f"invalid YAML: {problem}", line) from None


def _read_bytes(path: Path) -> bytes:
    from kostprijs.parameters.inputs import read_input

    return read_input(path, MAX_BYTES, "a YAML file")


def load_text(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML text with the same strict rules as a file (no aliases, bounded depth, no duplicate keys).

    A rule broken raises :class:`ParamError` naming ``name``; a syntax error raises ``yaml.YAMLError``.
    """
    if len(text) > MAX_BYTES:
        raise ParamError(name, "", f"text is {len(text)} characters; the limit is {MAX_BYTES}")
    loader = _StrictLoader(text, name)
    try:
        data = loader.get_single_data()
    except RecursionError:
        raise ParamError(name, "", "nested too deeply") from None
    finally:
        loader.dispose()
    return data, loader.lines
