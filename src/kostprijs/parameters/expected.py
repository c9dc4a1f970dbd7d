"""A file of known, explained differences between a set and its published list (``verify --expect``).

::

    source: why these differences are known (one line)
    region: nob-2021
    differences:
      - {code: 41A16, variant: normal, cents: 404, reason: "... (docs/nob-2021-model.md §10.9.2)"}

``cents`` is computed minus published, as `kostprijs verify` shows it. Every problem names file:line and
key; a (code, variant) given twice is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kostprijs.errors import ParamError, ParamErrors
from kostprijs.parameters.locations import dotted, line_at, schema_errors
from kostprijs.parameters.yamlio import read_yaml

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ExpectedDifference(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    code: Text
    variant: Literal["normal", "micro"]
    cents: Annotated[int, Field(ge=-10**9, le=10**9)]
    reason: Text

    @property
    def key(self) -> tuple[str, str]:
        return self.code, self.variant


class ExpectedFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    source: Text
    region: Text | None = None
    differences: list[ExpectedDifference]


def read_expected(path: Path) -> ExpectedFile:
    data, lines = read_yaml(path)

    def error(loc: tuple, problem: str) -> ParamError:
        return ParamError(str(path), dotted(loc), problem, line_at(lines, loc))

    try:
        expected = ExpectedFile.model_validate(data)
    except ValidationError as exc:
        raise ParamErrors(schema_errors(exc, error)) from None
    seen: dict[tuple[str, str], int] = {}
    errs = []
    for i, d in enumerate(expected.differences):
        if d.key in seen:
            errs.append(error(("differences", i, "code"), f"{d.code} {d.variant} is listed twice "
                                                          f"(differences[{seen[d.key]}])"))
        seen.setdefault(d.key, i)
    if errs:
        raise ParamErrors(errs)
    return expected
