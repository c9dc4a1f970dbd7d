"""Find a parameter set, read its files and validate them, collecting every problem found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kostprijs.errors import KostprijsError, ParamError, ParamErrors
from kostprijs.parameters.locations import dotted, line_at, schema_errors

FILES = {"cao_scales": "cao_scales.yaml", "opslagen": "opslagen.yaml", "functiemix": "functiemix.yaml"}
DEFAULT_REGION = "nob-2021"


def params_root() -> Path:
    """The shipped parameter sets: inside the installed package, or params/ of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_params"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "params"


@dataclass(frozen=True)
class Source:
    """Where a parameter set comes from."""

    name: str
    directory: Path
    published: Path | None
    #: files taken from another set instead of ``directory`` (file key -> path), e.g. a region
    #: priced on the NOB salary tables: ``files: {cao_scales: nob-2021}`` in regions.yaml
    inherited: tuple[tuple[str, Path], ...] = ()
    #: an input workbook (``--params invoer.xlsx``, :mod:`.workbook`) holding all three files
    workbook: Path | None = None

    def path(self, key: str) -> Path:
        if self.workbook is not None:
            return self.workbook
        return dict(self.inherited).get(key, self.directory / FILES[key])

    def files(self) -> dict[str, Path]:
        """What the set is read from: file key -> path (a workbook: one entry, ``workbook``)."""
        if self.workbook is not None:
            return {"workbook": self.workbook}
        return {key: self.path(key) for key in FILES}


def resolve(region: str | None, params_dir: Path | None) -> Source:
    if params_dir is not None:
        if region is not None:
            raise KostprijsError("give --region or --params, not both")
        from kostprijs.parameters.workbook import is_workbook

        if is_workbook(params_dir):
            if not params_dir.is_file():
                raise KostprijsError(f"--params {params_dir}: no such workbook")
            folder = params_dir.parent
            return Source(params_dir.stem, folder, None, workbook=params_dir)
        if not params_dir.is_dir():
            raise KostprijsError(f"--params {params_dir}: not a directory (nor an .xlsx workbook)")
        return Source(params_dir.name, params_dir, published_beside(params_dir))
    name = DEFAULT_REGION if region is None else region  # --region "" is a mistake, not the default
    root = params_root()
    from kostprijs.parameters import cache  # a parse of regions.yaml, kept by its content

    registry, _ = cache.read_yaml(root / "regions.yaml")
    regions = registry.get("regions", {}) if isinstance(registry, dict) else {}
    if name not in regions:
        known = ", ".join(sorted(regions)) or "none"
        raise KostprijsError(f"--region {name}: unknown parameter set (known: {known})")
    entry = regions[name]
    if "dir" not in entry:
        what = entry.get("completeness", "no model parameters")
        raise KostprijsError(f"--region {name}: {what}; it has no model parameter set to compute "
                             "(see `kostprijs regions`)")
    published = entry.get("published")
    inherited = []
    for key, other in (entry.get("files") or {}).items():
        if key not in FILES or other not in regions or "dir" not in regions[other]:
            raise KostprijsError(f"{root / 'regions.yaml'}: regions.{name}.files.{key}: "
                                 f"expected one of {', '.join(FILES)} taken from a set with a dir")
        inherited.append((key, root / regions[other]["dir"] / FILES[key]))
    return Source(name, root / entry.get("dir", name), root / published if published else None, tuple(inherited))


@dataclass(frozen=True)
class RawSet:
    """The three files as read: data, line index, and the path shown in messages."""

    data: dict[str, Any]
    lines: dict[str, dict[tuple, int | str]]   # a line number, or a workbook's Sheet!Cell
    paths: dict[str, str]

    def line(self, key: str, loc: tuple) -> int | str | None:
        return line_at(self.lines[key], loc)

    def error(self, key: str, loc: tuple, problem: str) -> ParamError:
        return ParamError(self.paths[key], dotted(loc), problem, self.line(key, loc))


def read_set(source: Source, contents: dict[str, bytes] | None = None) -> RawSet:
    """The three files of ``source``; ``contents`` (file key -> bytes) are files already read."""
    if source.workbook is not None:
        from kostprijs.parameters.workbook import read_raw

        return read_raw(source.workbook, (contents or {}).get("workbook"))
    from kostprijs.parameters.yamlio import read_yaml

    data, lines, paths = {}, {}, {}
    errors: list[ParamError] = []
    for key in FILES:
        path = source.path(key)
        paths[key] = str(path)
        try:
            data[key], lines[key] = read_yaml(path, (contents or {}).get(key))
        except ParamError as err:
            errors.append(err)
            continue
        if not isinstance(data[key], dict):
            kind = "nothing (only comments or an empty document)" if data[key] is None else type(data[key]).__name__
            errors.append(ParamError(str(path), "", f"expected a mapping at the top level, got {kind}", 1))
    if errors:
        raise ParamErrors(errors)
    return RawSet(data, lines, paths)


def validate_shapes(raw: RawSet) -> tuple[dict[str, Any], list[ParamError]]:
    """Validate each file against its schema; return the models and every problem found."""
    from pydantic import ValidationError

    from kostprijs.parameters import schema

    models = {}
    errors: list[ParamError] = []
    classes = {"cao_scales": schema.CaoFile, "opslagen": schema.OpslagenFile,
               "functiemix": schema.FunctiemixFile}
    for key, cls in classes.items():
        if key not in raw.data:  # a file that could not be read (kostprijs validate goes on with the others)
            continue
        try:
            models[key] = cls.model_validate(raw.data[key])
        except ValidationError as exc:
            errors += schema_errors(exc, lambda loc, msg, key=key: raw.error(key, loc, msg))
    return models, errors


def published_beside(params_dir: Path) -> Path | None:
    """The published list of a parameter directory: its ``published.yaml``, else (a copy of the shipped
    params/ folder) the list its own ``regions.yaml`` gives for the set whose ``dir`` is the folder itself."""
    published = params_dir / "published.yaml"
    if published.is_file():
        return published
    registry_file = params_dir / "regions.yaml"
    if not registry_file.is_file():
        return None
    from kostprijs.parameters import cache

    registry, _ = cache.read_yaml(registry_file)
    regions = registry.get("regions", {}) if isinstance(registry, dict) else {}
    for entry in regions.values() if isinstance(regions, dict) else ():
        if isinstance(entry, dict) and entry.get("dir") == "." and entry.get("published"):
            candidate = params_dir / str(entry["published"])
            return candidate if candidate.is_file() else None
    return None
