"""Every check on a parameter set, collecting every problem (``kostprijs validate``).

Loading stops at the first stage that fails (a file that cannot be read, a shape error) and reports
that stage's problems; validation goes on as far as it can:

1. each file is read on its own (an unreadable file does not hide the problems of the others);
2. each readable file is checked against its schema;
3. the cross-file rules (a functiemix summing to 100%, a CAO, scale, level, ORT variant or
   productiviteit column that exists, ...) run on what could be read: when only some products of
   functiemix.yaml are broken, on the other products; otherwise every value with a schema problem is
   set aside (replaced by the shipped reference set's value at the same path, or left out when the
   reference has no such key) and a problem of a set-aside value is not reported twice;
4. overrides (--set, --scenario) are applied to a clean set and checked like a value in a file;
5. the published tariff list beside the set (if any) is checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kostprijs.errors import KostprijsError, ParamError, ParamErrors, one_line
from kostprijs.parameters.load import FILES, RawSet, Source, validate_shapes


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    problem: str

    def __str__(self) -> str:
        if not self.file:
            return one_line(self.problem)
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.path}:" if self.path else ""
        return one_line(f"{where}:{key} {self.problem}")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "problem": self.problem}


@dataclass
class Report:
    source: Source
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)   # check -> "ok" | "problems" | "not run: why"
    counts: dict[str, int] = field(default_factory=dict)
    #: legal but unusual values (:mod:`.sanity`), one line each; errors under ``--strict``
    warnings: list[str] = field(default_factory=list)
    #: the compiled set after the overrides, when it loads without a problem (for the provenance ``meta``)
    pset: Any = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, err: KostprijsError, file: str = "", read: bool = False) -> None:
        if isinstance(err, ParamErrors):
            for e in err.errors:
                self.add(e, read=read)
            return
        if isinstance(err, ParamError):
            line = err.line
            if line is None and err.path and err.file in self.files and not err.file.lower().endswith(".xlsx"):
                line = 1    # a key missing at the top level: the top-level mapping starts the file
            self.problems.append(Problem(err.file, line, err.path, err.problem))
        else:
            self.problems.append(Problem(file, None, "", str(err)))

    def in_file_order(self) -> list[Problem]:
        """Problems by file (in the order read), then by line."""
        order = {f: i for i, f in enumerate(self.files)}
        return sorted(self.problems, key=lambda p: (order.get(p.file, len(order)), _position(p.line)))

    def summary(self) -> dict[str, Any]:
        by_file: dict[str, int] = {}
        for p in self.problems:
            by_file[p.file] = by_file.get(p.file, 0) + 1
        return {"set": self.source.name, "directory": str(self.source.directory), "ok": self.ok,
                "problems": len(self.problems), "problems_by_file": by_file, "checks": self.stages,
                "warnings": len(self.warnings), **self.counts}


def _position(line: int | str | None) -> tuple:
    """Sort key of a line number or a workbook's Sheet!Cell (sheets in reading order, then row, column)."""
    if isinstance(line, str):
        from kostprijs.parameters.workbook import cell_order

        return (1, *cell_order(line))
    return (0, line or 0)


def validate(source: Source, overrides: tuple = ()) -> Report:
    from kostprijs.parameters.yamlio import read_yaml

    report = Report(source)
    data, lines, paths = {}, {}, {}
    if getattr(source, "workbook", None) is not None:
        from kostprijs.parameters.workbook import read_workbook

        report.files.append(str(source.workbook))
        try:
            data, lines, errors = read_workbook(source.workbook)
        except ParamError as err:
            report.add(err)
            data, lines, errors = {}, {}, []
        for e in errors:
            report.add(e)
        if errors:
            data = {}
        paths = {key: str(source.workbook) for key in FILES}
    for key, filename in FILES.items():
        if getattr(source, "workbook", None) is not None:
            break
        path = source.path(key) if hasattr(source, "path") else source.directory / filename
        paths[key] = str(path)
        report.files.append(str(path))
        try:
            value, index = read_yaml(path)
        except ParamError as err:
            report.add(err)
            continue
        if not isinstance(value, dict):
            kind = "nothing (only comments or an empty document)" if value is None else type(value).__name__
            report.add(ParamError(str(path), "", f"expected a mapping at the top level, got {kind}", 1))
            continue
        data[key], lines[key] = value, index
    report.stages["read"] = "ok" if len(data) == len(FILES) else "problems"
    raw = RawSet(data, lines, paths)
    models, errors = validate_shapes(raw)
    for e in errors:
        report.add(e)
    report.stages["schema"] = "problems" if errors or len(data) < len(FILES) else "ok"

    if len(models) < len(FILES):
        models, raw = _salvage_products(raw, models, errors)
    set_aside: dict[str, list[str]] = {}
    if len(models) < len(FILES):
        models, raw, set_aside = _salvage_values(raw, models)
    if len(models) < len(FILES):
        broken = ", ".join(FILES[k] for k in FILES if k not in models)
        report.stages["cross-file rules"] = f"not run: {broken} could not be read or has schema problems (listed above)"
        report.stages["overrides"] = "not run: the set itself has problems" if overrides else "none given"
        _published(report, source)
        _indexation(report, source, None)
        return report

    from kostprijs.parameters.compile import compile_models

    pset, errors = compile_models(source, raw, models)
    if set_aside:   # the rules ran with the broken values set aside: a problem of one of them is no news
        errors = [e for e in errors if not _overlaps(e, raw, set_aside)]
    for e in errors:
        report.add(e)
    if pset is not None and not set_aside:
        report.warnings = list(pset.warnings)
    clean = not report.problems
    report.stages["cross-file rules"] = ("ok" if not errors else "problems") + (
        f" (run with the {sum(map(len, set_aside.values()))} value(s) listed above set aside)" if set_aside else "")
    if pset is not None and clean:
        report.pset = pset
        report.counts = {"files": len(FILES), "parameters": len(pset.records), "products": len(pset.products),
                         "model products": len(pset.model_products)}
    if overrides:
        if not clean:
            report.stages["overrides"] = "not run: the set itself has problems"
        else:
            report.stages["overrides"] = _overrides(report, source, overrides)
    else:
        report.stages["overrides"] = "none given"
    _premiums(report, source, models["opslagen"], raw)
    _published(report, source, [p.code for p in pset.products] if pset is not None else None)
    _indexation(report, source, pset if clean else None)
    return report


def _premiums(report: Report, source: Source, opslagen, raw: RawSet) -> None:
    """premies.yaml beside the set (if any): its shape; and, when opslagen.yaml takes its sociale lasten from
    a premium year, that the year is there with every figure it needs known and consistent (errors at the
    figure's line) and which of its figures are marked conflicting (warnings). An --set of the year is
    checked by the overrides stage (the same rules, through the compile)."""
    from kostprijs.parameters import premiums as pf

    choice = opslagen.sociale_lasten_jaar
    year = None if choice is None or choice.value == "flat" else int(choice.value)
    path = pf.beside(source)
    if not path.is_file():
        if year is not None:
            report.add(raw.error("opslagen", ("sociale_lasten_jaar", "value"),
                                 f"{year} needs {pf.FILE} beside it, which does not exist; or give flat"))
            report.stages["premiums"] = "problems"
        else:
            report.stages["premiums"] = "none beside the set"
        return
    report.files.append(str(path))
    before = len(report.problems)
    try:
        ps = pf.read(path)
    except KostprijsError as exc:
        report.add(exc, file=str(path))
    else:
        if year is not None:
            errors, warnings = pf.check_year(ps, year, raw)
            for e in errors:
                report.add(e)
            report.warnings.extend(str(w) for w in warnings)
    report.stages["premiums"] = "ok" if len(report.problems) == before else "problems"


def _salvage_products(raw: RawSet, models: dict, errors: list[ParamError]):
    """functiemix.yaml with some broken products: validate the rest, so that the cross-file rules still
    run on them (a broken product's own problems are already reported)."""
    from pydantic import ValidationError

    from kostprijs.parameters.schema import FunctiemixFile

    data = raw.data.get("functiemix")
    if "functiemix" in models or not isinstance(data, dict) or not isinstance(data.get("products"), dict):
        return models, raw
    if any(k not in models for k in FILES if k != "functiemix"):
        return models, raw
    file = raw.paths["functiemix"]
    broken = set()
    for e in errors:
        if e.file != file:
            continue
        parts = e.path.split(".")
        if len(parts) < 2 or parts[0] != "products":
            return models, raw          # a problem outside the products: no salvage
        broken.add(parts[1])
    products = {c: p for c, p in data["products"].items() if str(c) not in broken}
    if not products:
        return models, raw
    try:
        model = FunctiemixFile.model_validate({**data, "products": products})
    except ValidationError:
        return models, raw
    return {**models, "functiemix": model}, RawSet({**raw.data, "functiemix": {**data, "products": products}},
                                                   raw.lines, raw.paths)


def _salvage_values(raw: RawSet, models: dict, rounds: int = 8):
    """Files with schema problems, made valid for the cross-file rules only: each value with a problem
    is set aside, i.e. replaced by the value at the same path in the shipped reference set, or (a key the
    reference does not have, e.g. an unknown one) left out. Returns the models, the patched RawSet and,
    per file key, the dotted paths set aside; ``({}, raw, {})``-like (models unchanged) when a file
    cannot be made valid that way (a problem inside a list item the reference does not have, a root
    that is not a mapping...)."""
    import copy

    from pydantic import ValidationError

    from kostprijs.parameters import schema
    from kostprijs.parameters.load import dotted, resolve
    from kostprijs.parameters.yamlio import read_yaml

    classes = {"cao_scales": schema.CaoFile, "opslagen": schema.OpslagenFile, "functiemix": schema.FunctiemixFile}
    try:
        reference = resolve(None, None)
    except KostprijsError:
        return models, raw, {}
    new_models, new_data, aside = dict(models), dict(raw.data), {}
    for key in FILES:
        if key in models or not isinstance(raw.data.get(key), dict):
            continue
        try:
            ref, _ = read_yaml(reference.path(key))
        except KostprijsError:
            return models, raw, {}
        data, paths = copy.deepcopy(raw.data[key]), []
        for _ in range(rounds):
            try:
                new_models[key] = classes[key].model_validate(data)
                break
            except ValidationError as exc:
                locs = {tuple(p for p in e["loc"] if not (isinstance(p, str) and "[" in p))
                        for e in exc.errors(include_url=False)}
                if not all(_set_aside(data, ref, loc) for loc in sorted(locs, key=len, reverse=True)):
                    return models, raw, {}
                paths += [dotted(loc) for loc in locs]
        else:
            return models, raw, {}
        new_data[key], aside[key] = data, paths
    return new_models, RawSet(new_data, raw.lines, raw.paths), aside


_MISSING = object()


def _set_aside(data, ref, loc: tuple) -> bool:
    """Replace the value at ``loc`` in ``data`` by ``ref``'s, or drop the key; False when neither can be done."""
    import copy

    if not loc:
        return False
    parent, r = data, ref
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
        try:
            r = r[part] if r is not _MISSING else _MISSING
        except (KeyError, IndexError, TypeError):
            r = _MISSING
    last = loc[-1]
    try:
        value = r[last] if r is not _MISSING else _MISSING
    except (KeyError, IndexError, TypeError):
        value = _MISSING
    if value is not _MISSING and isinstance(parent, dict | list):
        try:
            parent[last] = copy.deepcopy(value)
            return True
        except (IndexError, TypeError):
            return False
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    return False


def _overlaps(err: ParamError, raw: RawSet, set_aside: dict[str, list[str]]) -> bool:
    """Whether a cross-file problem is about a value that was set aside (its path in the same file starts
    one of them, or one of them starts it)."""
    for key, paths in set_aside.items():
        if getattr(err, "file", None) != raw.paths.get(key):
            continue
        for p in paths:
            path = getattr(err, "path", "") or ""
            if path == p or path.startswith(p + ".") or path.startswith(p + "[") \
                    or p.startswith(path + ".") or p.startswith(path + "["):
                return True
    return False


def _overrides(report: Report, source: Source, overrides: tuple) -> str:
    from kostprijs.parameters.compile import load

    before = len(report.problems)
    report.pset = None
    try:
        report.pset = load(source, overrides)
        report.warnings = list(report.pset.warnings)
    except ParamErrors as exc:
        for e in exc.errors:
            report.add(e)
    except KostprijsError as exc:
        report.add(exc)
    return "ok" if len(report.problems) == before else "problems"


def _indexation(report: Report, source: Source, pset) -> None:
    """indexatie.yaml beside the set (if any): its shape, and (for a clean set) that it classes every product
    the way `kostprijs index` needs."""
    from pathlib import Path

    from kostprijs.parameters import indexation as ixp

    path = Path(source.directory) / ixp.FILE
    if source.workbook is None and not path.is_file():
        report.stages["index series"] = "none beside the set"
        return
    if not path.is_file():
        report.stages["index series"] = "none beside the workbook"
        return
    before = len(report.problems)
    try:
        ix = ixp.read(path)
        if pset is not None:
            ixp.check_products(ix, pset)
    except ParamErrors as exc:
        for e in exc.errors:
            report.add(e)
    except KostprijsError as exc:
        report.add(exc, file=str(path))
    report.stages["index series"] = "ok" if len(report.problems) == before else "problems"


def _published(report: Report, source: Source, codes=None) -> None:
    if source.published is None or not source.published.exists():
        report.stages["published list"] = "none beside the set"
        return
    if source.published.suffix not in (".yaml", ".yml"):
        report.stages["published list"] = f"not run: {source.published.name} is checked by `kostprijs check`"
        return
    from kostprijs.parameters.published import load_published

    before = len(report.problems)
    try:
        published = load_published(source.published, codes)
    except KostprijsError as exc:
        report.add(exc, file=str(source.published))
    else:
        if report.ok:
            report.counts["published tariffs"] = len(published.tariffs)
    report.stages["published list"] = "ok" if len(report.problems) == before else "problems"
