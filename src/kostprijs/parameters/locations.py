"""Where a problem is: key paths, their lines in a file, and schema errors as one-line problems.

Light on purpose (no YAML, no pydantic import): the loaders, the cache and validate all use it, and the
cached start-up path must not pay for a YAML parser.
"""

from __future__ import annotations

from kostprijs.errors import ParamError


def dotted(loc) -> str:
    """A key path as the messages show it: ``products.45B50.caos[0]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line_at(lines: dict, loc: tuple) -> int | str | None:
    """The line of a key path in a file's line index, or of its nearest enclosing key that has one."""
    for n in range(len(loc), 0, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


#: pydantic's error types shown in our own words
SCHEMA_MESSAGES = {"missing": "missing key", "extra_forbidden": "unknown key"}


def schema_message(e: dict, got: bool = True) -> str:
    """One pydantic error as the problem of a one-line message: our words for a missing or unknown key,
    a validator's own message as written, otherwise pydantic's with the value found (``got``)."""
    msg = SCHEMA_MESSAGES.get(e["type"]) or e["msg"].removeprefix("Value error, ")
    if got and e["type"] not in SCHEMA_MESSAGES and e["type"] != "value_error":
        msg += f" (got {repr(e.get('input'))[:40]})"
    return msg


def schema_errors(exc, error, drop=(), got: bool = True) -> list[ParamError]:
    """Every error of a pydantic ``ValidationError`` as a :class:`ParamError`, by ``error(loc, problem)``
    (which knows the file and its lines). Union and tag parts of a location (``drop``, and pydantic's
    ``function-after[...]`` names) are left out, so that the path is the key path of the file."""
    out = []
    for e in exc.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if p not in drop and not (isinstance(p, str) and "[" in p))
        out.append(error(loc, schema_message(e, got)))
    return out
