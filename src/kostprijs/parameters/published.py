"""A published tariff list (e.g. Tabel 16), typed from its source with a line per row."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from kostprijs.errors import KostprijsError, ParamError, ParamErrors
from kostprijs.parameters.load import dotted
from kostprijs.parameters.schema import Tariff
from kostprijs.parameters.yamlio import read_yaml


class PublishedRow(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    code: str | None
    product: str
    unit: str
    tariff: Tariff | None           # EUR, whole cents as printed
    tariff_micro: Tariff | None
    line: int
    printed: str
    note: str | None = None


class PublishedList(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    source: str
    region: str
    tariffs: list[PublishedRow]


def load_published(path: Path | None) -> PublishedList:
    if path is None:
        raise KostprijsError("this parameter set has no published tariff list to verify against "
                             "(put a published.yaml beside the parameter files)")
    data, lines = read_yaml(path)
    try:
        return PublishedList.model_validate(data)
    except ValidationError as exc:
        errs = []
        for e in exc.errors(include_url=False):
            loc = tuple(e["loc"])
            line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
            errs.append(ParamError(str(path), dotted(loc), e["msg"].removeprefix("Value error, "), line))
        raise ParamErrors(errs) from None
