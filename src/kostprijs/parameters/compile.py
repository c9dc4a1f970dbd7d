"""Cross-file rules and the translation of a validated parameter set into model arrays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from kostprijs.core import model as m
from kostprijs.core.rounding import MODE_CODES, Description, describe, step_in_cents
from kostprijs.errors import ParamError, ParamErrors
from kostprijs.parameters.ijw import code_problem, unit_problem
from kostprijs.parameters.load import RawSet, Source, read_set, validate_shapes
from kostprijs.parameters.paths import ParamRecord, PathTable

MIX_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ProductInfo:
    code: str
    name: str
    unit: str
    basis: str
    micro: bool
    rounding: Description     # the rule as data; analysis.labels.rounding_text writes it
    reason: str | None
    note: str | None
    tariff: float | None       # fixed tariffs only
    index: int | None          # position in the model arrays (basis model only)


@dataclass
class ParameterSet:
    source: Source
    raw: RawSet
    models: dict[str, Any]
    arrays: m.ModelArrays
    products: list[ProductInfo]
    scales: list[str]
    levels: list[str]
    columns: list[str]
    #: every dotted path: its record and the model elements it feeds (:mod:`.paths`)
    paths: PathTable
    #: the date the CAO tables are taken at (opslagen.yaml salary_date, or the one asked for)
    salary_date: dt.date | None = None
    #: per scale ("cao:scale", the order of ``scales``): its top step at the salary date, with the table
    #: it comes from and the chain of raises applied (:mod:`.salary_tables`)
    salaries: dict[str, Any] | None = None
    #: what the roll forward of the tables cannot follow and the unusual values of :mod:`.sanity`
    #: (one line each, shown on stderr)
    warnings: tuple[str, ...] = ()
    #: the unusual values as located problems (for naming an override that caused one)
    unusual: tuple[ParamError, ...] = ()
    #: the premium components of the sociale lasten (opslagen.yaml sociale_lasten_jaar), or None: flat
    premiums: Any = None

    @property
    def records(self) -> list[ParamRecord]:
        return self.paths.records

    def record(self, path: str) -> ParamRecord:
        """The record of one dotted path, from the table of paths (KeyError if the set has no such path)."""
        param = self.paths.get(path)
        if param is None:
            raise KeyError(path)
        return param.record

    @property
    def model_products(self) -> list[ProductInfo]:
        return [p for p in self.products if p.index is not None]

    def product(self, code: str) -> ProductInfo:
        for p in self.products:
            if p.code == code:
                return p
        from kostprijs.errors import KostprijsError

        raise KostprijsError(f"unknown product code {code!r} in parameter set {self.source.name}")


def load(source: Source, overrides: tuple = (), salary_date: dt.date | None = None) -> ParameterSet:
    """Read, validate and compile a parameter set, with overrides (see :mod:`.overrides`) applied.

    ``salary_date`` takes the CAO tables at that date instead of the set's own ``salary_date``
    (opslagen.yaml): per scale the latest table on or before it, rolled forward by the raises between
    (:mod:`.salary_tables`). A set compiled before from the same bytes of every file, the same overrides,
    salary date and code is served from :mod:`.cache`.
    """
    from kostprijs.parameters import cache

    if salary_date is None:
        return cache.load(source, tuple(overrides), compile_files)
    return cache.load(source, tuple(overrides), compile_files, salary_date)


def compile_files(source: Source, overrides: tuple = (), contents: dict[str, bytes] | None = None,
                  salary_date: dt.date | None = None) -> ParameterSet:
    """:func:`load` without the cache; ``contents`` (file key -> bytes) are files already read."""
    raw = read_set(source, contents)
    base = build(source, raw, salary_date, contents)
    if not overrides:
        return base
    from kostprijs.parameters.overrides import apply, blame

    changed, targets = apply(raw, base, tuple(overrides))
    try:
        pset = build(source, changed, salary_date, contents)
    except ParamErrors as exc:
        raise ParamErrors(blame(exc.errors, raw, overrides, targets)) from None
    if pset.unusual:      # a warning caused by an override names the override, not the file
        blamed = blame(list(pset.unusual), raw, overrides, targets)
        rest = pset.warnings[:len(pset.warnings) - len(pset.unusual)]
        pset.warnings, pset.unusual = (*rest, *(str(w) for w in blamed)), tuple(blamed)
    return pset


def build(source: Source, raw: RawSet, salary_date: dt.date | None = None,
          contents: dict[str, bytes] | None = None) -> ParameterSet:
    models, errors = validate_shapes(raw)
    if errors:
        raise ParamErrors(errors)
    pset, errors = compile_models(source, raw, models, salary_date)
    if errors:
        raise ParamErrors(errors)
    year = models["opslagen"].sociale_lasten_jaar
    if year is not None and year.value != "flat":
        pset = with_premiums(pset, int(year.value), (contents or {}).get("premies"))
    return pset


def with_premiums(pset: ParameterSet, year: int, content: bytes | None = None) -> ParameterSet:
    """The set with its sociale lasten from the premium components of ``year`` (premies.yaml beside
    opslagen.yaml) instead of the flat opslagen.sociale_lasten: per product the functiemix- and
    wage-weighted rate of its levels (:func:`kostprijs.core.premiums.product_sociale_lasten`), on the
    salaries compiled. ``pset.premiums`` keeps the year, the components and the per-level figures."""
    from kostprijs.core.premiums import Premiums, product_sociale_lasten
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters import premiums as premium_file

    path = premium_file.beside(pset.source)
    if content is None and not path.exists():
        raise KostprijsError(f"{pset.source.path('opslagen')}: sociale_lasten_jaar: {year} needs "
                             f"{premium_file.FILE} beside it, which does not exist; or give flat")
    ps = premium_file.read(path, content)
    errors, warnings = premium_file.check_year(ps, year, pset.raw)
    if errors:
        raise ParamErrors(errors)
    comps = premium_file.components(ps, year)
    prem = Premiums.of(comps)
    a = pset.arrays
    weights = m.level_weights(a.cao_mask, a.has_level, a.tabel1, a.pct)
    on_salary = a.vakantiegeld + a.eindejaarsuitkering + a.ort
    found = product_sociale_lasten(m.level_salary(a.top, weights), a.mix, on_salary, prem)
    pset.arrays = a.with_values(sociale_lasten=found.rate)
    pset.premiums = PremiumUse(year, ps.file, prem, found, premium_file.sources_of(ps, year))
    if warnings:   # before the unusual values, which compile_files keeps last (to name an override)
        n = len(pset.warnings) - len(pset.unusual)
        pset.warnings = (*pset.warnings[:n], *(str(w) for w in warnings),
                         *pset.warnings[n:])
    return pset


@dataclass(frozen=True)
class PremiumUse:
    """How a set's sociale lasten came from premiums: the year, the file, the components and the figures
    per product and level (:class:`kostprijs.core.premiums.ProductSocialeLasten`); ``sources`` per
    component name its figures' sources."""

    year: int
    file: str
    premiums: Any
    figures: Any
    sources: dict[str, str]


def select_table(cao, salary_date: dt.date) -> int | None:
    """The index of the CAO's salary table valid at ``salary_date`` (the latest that has started)."""
    chosen = None
    for i, table in enumerate(cao.tables):
        if table.since <= salary_date and (chosen is None or table.since >= cao.tables[chosen].since):
            chosen = i
    return chosen


def compile_models(source: Source, raw: RawSet, md: dict[str, Any], salary_date: dt.date | None = None):
    """Validated models -> (ParameterSet or None, the cross-file problems); shared by load and validate."""
    from kostprijs.parameters import salary_tables

    errors: list[ParamError] = []

    def err(file: str, loc: tuple, problem: str):
        errors.append(raw.error(file, loc, problem))

    cs, op, fm = md["cao_scales"], md["opslagen"], md["functiemix"]
    inherited = dict(source.inherited)
    for key in ("cao_scales", "functiemix"):
        if key not in inherited and md[key].set != op.set:
            err(key, ("set",), f"set {md[key].set!r} differs from opslagen.yaml set {op.set!r}")

    # per scale the latest table on or before the salary date, rolled forward: one vector over all CAOs
    date = op.salary_date if salary_date is None else salary_date
    scales: list[str] = []
    salaries: dict[str, salary_tables.StepInForce] = {}
    warned: list[str] = []
    for cao_name, cao in cs.caos.items():
        found = salary_tables.in_force(cao_name, cao, date)
        if not found:
            err("cao_scales", ("caos", cao_name, "tables"), f"no table valid at salary_date {date}")
            continue
        for s in found:
            salaries[f"{cao_name}:{s.scale}"] = s
        scales += [f"{cao_name}:{s.scale}" for s in found]
        warned += salary_tables.warnings(cao_name, cao, date)
    sidx = {s: i for i, s in enumerate(scales)}

    # Tabel 1
    t1 = op.tabel1
    levels = list(t1.levels)
    if len(set(levels)) != len(levels):
        err("opslagen", ("tabel1", "levels"), "a level is listed twice")
    lidx = {lv: i for i, lv in enumerate(levels)}
    pct_missing = [lv for lv in levels if lv not in t1.pct_hoogste_trede.value]
    if pct_missing:
        err("opslagen", ("tabel1", "pct_hoogste_trede", "value"),
            f"no percentage for level(s) {', '.join(pct_missing)}")
    for lv in t1.pct_hoogste_trede.value:
        if lv not in lidx:
            err("opslagen", ("tabel1", "pct_hoogste_trede", "value", lv), f"level {lv!r} is not in tabel1.levels")
    columns = list(t1.columns)
    col_of_cao = {}
    tabel1 = np.zeros((len(columns), len(levels), len(scales)))
    has_level = np.zeros((len(columns), len(levels)))
    for k, (col_name, col) in enumerate(t1.columns.items()):
        if col.cao not in cs.caos:
            err("opslagen", ("tabel1", "columns", col_name, "cao"), f"CAO {col.cao!r} is not in cao_scales.yaml")
            continue
        col_of_cao[col.cao] = k
        for lv, cell in col.cells.items():
            loc = ("tabel1", "columns", col_name, "cells", lv)
            if lv not in lidx:
                err("opslagen", loc, f"level {lv!r} is not in tabel1.levels")
                continue
            total = sum(cell.values())
            if abs(total - 1.0) > MIX_TOLERANCE:
                err("opslagen", loc, f"scale shares sum to {total:.10g}, not 1")
            for ref, w in cell.items():
                cao_name, _, scale_name = ref.rpartition(":")
                key = f"{cao_name or col.cao}:{scale_name}"
                if key not in sidx:
                    err("opslagen", (*loc, ref), f"scale {scale_name!r} does not exist in CAO {cao_name or col.cao!r}")
                    continue
                tabel1[k, lidx[lv], sidx[key]] += w
            has_level[k, lidx[lv]] = 1.0

    # productiviteit: the derivation from bruto hours must match the printed client hours
    # An overridden total replaces the derivation; an overridden component makes the total follow it;
    # otherwise the printed total must equal bruto minus aftrek.
    prod_hours = {}
    derived_from_components = set()
    for name, col in op.productiviteit.items():
        prod_hours[name] = col.clientgebonden.value
        if col.bruto is None or col.clientgebonden.status == "override":
            continue
        derived = col.bruto.value - sum(a.value for a in col.aftrek.values())
        if col.bruto.status == "override" or any(a.status == "override" for a in col.aftrek.values()):
            if derived <= 0:
                err("opslagen", ("productiviteit", name, "aftrek"), f"bruto minus aftrek is {derived:g} hours")
            prod_hours[name] = derived
            derived_from_components.add(name)
        elif abs(derived - col.clientgebonden.value) > 1e-9:
            err("opslagen", ("productiviteit", name, "clientgebonden"),
                f"bruto minus aftrek is {derived:g}, not {col.clientgebonden.value:g}")

    rounding = {}
    for unit in m.UNIT_CODES:
        if unit not in op.afronding:
            continue
        r = op.afronding[unit]
        rounding[unit] = (MODE_CODES[r.mode], step_in_cents(r.step), describe(r.mode, r.step, unit))

    # products
    infos: list[ProductInfo] = []
    rows: list[dict[str, Any]] = []
    for code, p in fm.products.items():
        loc = ("products", code)
        for problem, where in ((code_problem(code), loc), (unit_problem(p.unit), (*loc, "unit"))):
            if problem:
                err("functiemix", where, problem)
        rule = (rounding.get(p.unit, (None, None, Description("none")))[2] if p.basis == "model"
                else Description("published"))
        index = None
        if p.basis == "model":
            index = len(rows)
            row = _product_row(p, loc, err, lidx, col_of_cao, has_level, prod_hours, op, rounding)
            rows.append(row)
        infos.append(ProductInfo(code, p.name, p.unit, p.basis, p.micro, rule, p.reason, p.note,
                                 p.tariff.value if p.tariff else None, index))
    from kostprijs.parameters import sanity

    errors += sanity.structural(raw, md)
    if errors:
        return None, errors

    from kostprijs.parameters.catalogue import table

    index = {info.code: info.index for info in infos}
    paths = table(md, salaries, sidx, lidx, index, prod_hours, derived_from_components)
    n = len(rows)
    per_product = {o.field for o in m.OPSLAGEN if o.per_product}
    fed = {name: np.zeros(n if name in per_product else 1) for name in (*(name for name, _ in op.opslagen), "days")}
    fed.update(top=np.zeros(len(scales)), pct=np.zeros(len(levels)), mix=np.zeros((n, len(levels))),
               ort=np.zeros(n), hours=np.zeros(n), fixed=np.zeros(n), staff=np.ones(n), group=np.ones(n),
               group_micro=np.ones(n))
    paths.fill(fed)        # every value a parameter path feeds, through the table

    def col(key, dtype):
        return np.array([r[key] for r in rows], dtype=dtype)

    arrays = m.ModelArrays(
        **fed, tabel1=tabel1, has_level=has_level, cao_mask=np.array([r["cao_mask"] for r in rows]),
        unit=col("unit", int), is_fte=col("is_fte", bool), round_mode=col("round_mode", int),
        round_step=col("round_step", float),
    )
    pset = ParameterSet(source, raw, md, arrays, infos, scales, levels, columns, paths, date, salaries,
                        tuple(warned))
    errors, unusual = sanity.computed(pset)
    if errors:
        return None, errors
    pset.warnings, pset.unusual = (*pset.warnings, *(str(w) for w in unusual)), tuple(unusual)
    return pset, errors


def _product_row(p, loc, err, lidx, col_of_cao, has_level, prod_hours, op, rounding):
    """The structural inputs of one model product (which CAOs, unit, rounding), checking its references;
    the numbers its paths feed are filled in through the table of paths."""
    used = np.zeros(len(lidx), bool)
    total = 0.0
    for lv, share in p.functiemix.value.items():
        total += share
        if lv not in lidx:
            err("functiemix", (*loc, "functiemix", "value", lv), f"level {lv!r} is not in tabel1.levels")
        else:
            used[lidx[lv]] = share > 0
    if abs(total - 1.0) > MIX_TOLERANCE:
        err("functiemix", (*loc, "functiemix", "value"), f"functiemix sums to {total * 100:.10g}%, not 100%")
    cao_mask = np.zeros(has_level.shape[0])
    for i, cao in enumerate(p.caos.value):
        if cao not in col_of_cao:
            err("functiemix", (*loc, "caos", "value", i), f"CAO {cao!r} has no column in tabel1")
        elif cao_mask[col_of_cao[cao]]:
            err("functiemix", (*loc, "caos", "value", i), f"CAO {cao!r} is listed twice")
        else:
            cao_mask[col_of_cao[cao]] = 1.0
    covered = cao_mask @ has_level
    for lv, i in lidx.items():
        if used[i] and covered[i] == 0 and cao_mask.any():
            err("functiemix", (*loc, "functiemix", "value", lv),
                f"none of the product's CAOs has a scale for level {lv}")
    prod = p.productiviteit.value
    if prod not in prod_hours:
        err("functiemix", (*loc, "productiviteit", "value"),
            f"productiviteit column {prod!r} does not exist in opslagen.yaml")
    ort = p.ort.value
    if ort not in op.ort:
        err("functiemix", (*loc, "ort", "value"), f"ORT variant {ort!r} does not exist in opslagen.yaml")
    for i, name in enumerate(p.fixed.value if p.fixed else []):
        if name not in op.voorzieningen:
            err("functiemix", (*loc, "fixed", "value", i), f"voorziening {name!r} does not exist in opslagen.yaml")
    if p.unit not in rounding:
        err("functiemix", (*loc, "unit"), f"opslagen.yaml afronding has no rule for unit {p.unit!r}")
    is_fte = p.staffing is not None and p.staffing.hours is None
    mode, step, _ = rounding.get(p.unit, (0, 1, ""))
    return {"cao_mask": cao_mask, "unit": m.UNIT_CODES[p.unit], "is_fte": is_fte, "round_mode": mode,
            "round_step": step}
