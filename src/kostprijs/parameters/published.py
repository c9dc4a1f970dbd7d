"""A published tariff list (e.g. Tabel 16), typed from its source with a line per row."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from kostprijs.errors import KostprijsError, ParamError, ParamErrors
from kostprijs.parameters.locations import dotted, line_at, schema_errors
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


def no_published_list(source=None) -> KostprijsError:
    """The one error for a set without a published list (`verify`, the API, ``load_published(None)``):
    with the set's ``source``, what to do about it: for a shipped set, copy it first (never write into the
    installed package); for your own directory, the file to add."""
    if source is None:
        return KostprijsError("no published tariff list to verify against (add a published.yaml beside the "
                              "parameter files)")
    from kostprijs.parameters.load import params_root

    shipped = Path(source.directory).resolve().is_relative_to(params_root().resolve())
    return KostprijsError(
        f"{source.name}: no published tariff list to verify against" + (
            " (a shipped set without one: copy it with `kostprijs init DIR --from " + source.name
            + "`, add DIR/published.yaml and run `kostprijs verify --params DIR`)" if shipped else
            f" (add {Path(source.directory) / 'published.yaml'} with the published tariffs)"))


def published_of(source, codes=None) -> PublishedList:
    """The published list beside a set (:func:`load_published`), or :func:`no_published_list`."""
    if source.published is None:
        raise no_published_list(source)
    return load_published(source.published, codes)


def load_published(path: Path | None, codes=None) -> PublishedList:
    """The published list at ``path``. A code given twice is refused (verify would compare one product's
    price with another's), and so is a code that is not a valid product code, or, with ``codes`` (the
    product codes of the set the list belongs to), one that is not in the set. Each problem names the
    file, line and key; a row without a code (``code: null``) stays allowed."""
    if path is None:
        raise no_published_list()
    data, lines = read_yaml(path)

    def line_of(loc: tuple) -> int | None:
        return line_at(lines, loc)

    try:
        published = PublishedList.model_validate(data)
    except ValidationError as exc:
        raise ParamErrors(schema_errors(
            exc, lambda loc, msg: ParamError(str(path), dotted(loc), msg, line_of(loc)))) from None
    errs = code_problems(published, codes, str(path), line_of)
    if errs:
        raise ParamErrors(errs)
    return published


def code_problems(published: PublishedList, codes, file: str, line_of) -> list[ParamError]:
    """Duplicate, invalid and (given the set's ``codes``) unknown codes of a published list; ``line_of``
    gives the line of a key path."""
    from kostprijs.parameters.ijw import code_problem

    errs: list[ParamError] = []
    first: dict[str, int] = {}
    known = None if codes is None else set(codes)
    def error(loc, problem):
        return ParamError(file, dotted(loc), problem, line_of(loc))

    for i, row in enumerate(published.tariffs):
        if row.code is None:
            continue
        loc = ("tariffs", i, "code")
        if row.code in first:
            before = ("tariffs", first[row.code], "code")
            errs.append(error(loc, f"code {row.code} is listed twice (first on line {line_of(before)}, "
                                   f"{dotted(before)})"))
            continue
        first[row.code] = i
        problem = code_problem(row.code)
        if problem:
            errs.append(error(loc, problem))
        elif known is not None and row.code not in known:
            errs.append(error(loc, f"code {row.code} is not a product of the parameter set"))
    return errs
