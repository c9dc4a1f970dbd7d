"""The onderbouwing (`kostprijs report`): every part of the document a region attaches to its
tarievenbesluit, as data, assembled from the analysis functions that `compute`, `explain`, `verify`
and `compare` use.

Nothing here computes an amount: the tariffs are :func:`kostprijs.analysis.tariffs.tariff_rows` of
the model's result (what `compute --format json` prints), each product's build-up is
:func:`kostprijs.analysis.explain.explain` of the model's trace, the published-list check is
:func:`kostprijs.analysis.verify.verify`, the scenarios :func:`kostprijs.analysis.compare.compare`.
:mod:`kostprijs.presentation.report` turns a :class:`Report` into HTML (and PDF).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kostprijs.analysis.explain import Row, explain, salary_chain_rows, traced, with_indexation
from kostprijs.analysis.labels import ELEMENTS, amount_unit, rounding_text, step
from kostprijs.core.model import OPSLAGEN
from kostprijs.parameters.fingerprint import fingerprint

#: the statuses of a parameter value, in the order the appendix counts them (schema.Record.status)
STATUSES = ("sourced", "reconstructed", "derived", "choice", "calibrated", "override")

#: the parts of art. 2.3 Besluit Jeugdwet, and the cost elements of the explain rows that cover each
ARTICLE_PARTS = (
    ("a", "beroepskrachten, cliëntgebonden en niet-cliëntgebonden", ("a", "a_productivity", "a_unit")),
    ("b", "andere cliëntgebonden kosten", ("b",)),
    ("c", "overhead", ("c",)),
    ("d", "indexering", ("d",)),
)


def report_date() -> dt.date:
    """The date on the title page: SOURCE_DATE_EPOCH (reproducible builds) when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kostprijs")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "onbekend"


#: which status a salary built from several inputs shows, the first that occurs: a calibrated top step
#: must never read as a CAO figure, an override never as the set's own value
SALARY_STATUS = ("calibrated", "override", "reconstructed", "choice", "derived", "sourced")


def salary_status(statuses: set[str]) -> str:
    """The status a salary built from inputs of these statuses shows: the first of SALARY_STATUS."""
    return next((s for s in SALARY_STATUS if s in statuses), sorted(statuses)[0])


@dataclass
class Level:
    """One functiemix level of a product page, in one row: the share, the monthly salary of the level the
    model used (Tabel 1, averaged over the product's CAOs) and the running total after the share. Every
    amount is an amount of the explain rows (the model's trace); how the salary is built from the CAO
    tables is shown once, in the salary section (:func:`salary_section`)."""

    level: str
    share: Any                   # ParamRecord products.<code>.functiemix.<level>
    salary: float                # EUR/month: the row "gemiddelde over de cao's van het product"
    running: float               # EUR/month, cumulative over the levels: the row "functiemix <level>"
    running_unit: str
    columns: list[str]           # the Tabel 1 columns (CAOs) averaged
    tops: list[str]              # caos.<cao>.<scale>.top behind the salary
    status: str                  # of the salary's inputs, the first of SALARY_STATUS that occurs
    calibrated: list[str]        # the calibrated ones among ``tops``


def anchor(*parts: str) -> str:
    """An id for a salary-section target: 'salaris', 'GHZ', 'FWG45' -> 'salaris-ghz-fwg45' (HBO+ -> hboplus)."""
    import re

    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower().replace("+", "plus")).strip("-") for p in parts)


def split_levels(pset, code: str, rows: list[Row]) -> tuple[list[Level], list[Row]]:
    """The salary chain of an explain build-up as one :class:`Level` per functiemix level, and the build-up
    without it: one row with the functiemix-weighted monthly salary (the amount of the last level's row),
    then the rest as explain has it. The rows of a level end at its functiemix row (explain's order)."""
    mix_prefix = f"products.{code}.functiemix."
    last = max((n for n, r in enumerate(rows) if (r.parameter or "").startswith(mix_prefix)), default=None)
    if last is None:
        return [], rows
    a, i = pset.arrays, pset.product(code).index
    levels, group = [], []
    for r in rows[:last + 1]:
        group.append(r)
        if not (r.parameter or "").startswith(mix_prefix):
            continue
        level = r.parameter[len(mix_prefix):]
        salary = next(g for g in group if g.parameter == f"products.{code}.caos")
        tops = list(dict.fromkeys(g.parameter for g in group if (g.parameter or "").endswith(".top")))
        used = [pset.record(t) for t in tops] + [pset.record(f"tabel1.pct_hoogste_trede.{level}"),
                                             pset.record(f"products.{code}.caos")]
        statuses = {u.status for u in used}
        status = salary_status(statuses)
        li = pset.levels.index(level)
        columns = [col for k, col in enumerate(pset.columns) if a.cao_mask[i, k] and a.has_level[k, li]]
        levels.append(Level(level, pset.record(r.parameter), salary.amount, r.amount, r.amount_unit, columns, tops,
                            status, [t for t in tops if pset.record(t).status == "calibrated"]))
        group = []
    head = Row(ELEMENTS["a"], step("levels_total"), None, None, "", "", rows[last].amount, amount_unit("month"))
    return levels, [head, *rows[last + 1:]]


def split_hours(pset, code: str, rows: list[Row]) -> tuple[str | None, list[Row]]:
    """The Tabel 4 derivation of a product's productive hours (bruto, each aftrek: parameters, no amount of the
    trace) out of its build-up, which keeps the trace's step (the hourly cost over the client-bound hours):
    the productiviteit column whose derivation :func:`hours_section` shows once, or None, and the rows."""
    col = pset.models["functiemix"].products[code].productiviteit.value
    inputs = (f"productiviteit.{col}.bruto", f"productiviteit.{col}.aftrek.")
    kept = [r for r in rows if not (r.parameter or "").startswith(inputs)]
    return (col if len(kept) < len(rows) else None), kept


def hours_section(pset, columns: list[str]) -> list[dict[str, Any]]:
    """Per productiviteit column of ``columns`` (Tabel 4): its bruto hours, each aftrek and the client-bound
    hours, as records (value, unit, status, source), once for every product that uses the column."""
    op = pset.models["opslagen"]
    out = []
    for name in columns:
        col = op.productiviteit[name]
        paths = [f"productiviteit.{name}.bruto", *(f"productiviteit.{name}.aftrek.{part}" for part in col.aftrek),
                 f"productiviteit.{name}.clientgebonden"]
        out.append({"column": name, "label": col.label, "anchor": anchor("uren", name),
                    "rows": [("bruto" if n == 0 else "clientgebonden" if n == len(paths) - 1 else "aftrek",
                              p.rsplit(".", 1)[1].replace("_", " "), pset.record(p)) for n, p in enumerate(paths)]})
    return out


def salary_section(pset, result) -> dict[str, Any]:
    """The salary derivation, once for the whole report: per level (with its % of the top step) and Tabel 1
    column the scales and their weights and the monthly salary (the model's trace, ``cao_salary``); and
    per CAO scale used its top step with amount, date, status and source (a calibrated one with its
    prior and feasible range), and the raises that rolled it forward, if any."""
    a = pset.arrays
    op = pset.models["opslagen"]
    t = result.trace
    cao_column = {c.cao: name for name, c in op.tabel1.columns.items()}
    used: dict[str, None] = {}
    levels = []
    for li, level in enumerate(pset.levels):
        columns = []
        for k, col in enumerate(pset.columns):
            if not a.has_level[k, li]:
                continue
            scales = []
            for s, scale in enumerate(pset.scales):
                w = float(a.tabel1[k, li, s])
                if w:
                    cao, name = scale.split(":")
                    used[scale] = None
                    scales.append({"scale": name, "share": w, "anchor": anchor("salaris", cao_column.get(cao, cao),
                                                                              name),
                                   "record": pset.record(f"caos.{cao}.{name}.top")})
            statuses = {x["record"].status for x in scales} | {pset.record(f"tabel1.pct_hoogste_trede.{level}").status}
            columns.append({"column": col, "cao": op.tabel1.columns[col].cao, "scales": scales,
                            "amount": float(t.cao_salary[k, li]), "anchor": anchor("niveau", level, col),
                            "status": salary_status(statuses)})
        if columns:
            levels.append({"level": level, "anchor": anchor("niveau", level), "columns": columns,
                           "pct": pset.record(f"tabel1.pct_hoogste_trede.{level}")})
    scales = []
    for scale in pset.scales:
        if scale not in used:
            continue
        cao, name = scale.split(":")
        rec = pset.record(f"caos.{cao}.{name}.top")
        top = (pset.salaries or {}).get(scale)
        entry = top_entry(pset, cao, name, top)
        cal = entry.calibration if entry is not None and rec.status == "calibrated" else None
        col = cao_column.get(cao)
        scales.append({"cao": cao, "column": col or cao, "label": f"{col} ({cao})" if col else cao, "scale": name,
                       "anchor": anchor("salaris", cao_column.get(cao, cao), name), "record": rec,
                       "source": entry.source if cal is not None else rec.source, "calibration": cal,
                       "method": entry.method if cal is not None else None,
                       "chain": salary_chain_rows(pset, scale)[1:]})
    return {"levels": levels, "scales": scales, "unit": amount_unit("month"),
            "table1_source": op.tabel1.source}


def top_entry(pset, cao: str, name: str, top):
    """The top step of a scale as the CAO file has it (with its calibration record, if any), or None."""
    try:
        return pset.models["cao_scales"].caos[cao].tables[top.table_index].scales[name].top
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


@dataclass
class ProductPage:
    """One product: its row of the tariff list, its build-up (normal and micro) and its functiemix."""

    code: str
    name: str
    unit: str
    basis: str                   # model | fixed | not_derivable
    tariff: dict[str, Any]       # the product's row of the tariff list (as compute --format json)
    rows: list[Row]              # explain rows of the normal tariff ([] when not derivable)
    rows_micro: list[Row]        # explain rows of the micro-onderneming tariff ([] when none)
    functiemix: list[Any]        # the product's functiemix records (ParamRecord)
    levels: list[Level]          # per functiemix level: share, salary used, running total (the trace)
    hours: str | None            # the productiviteit column whose Tabel 4 derivation the hours section shows
    chain: list[Row]             # the explain rows in full, normal then micro (what the summary's elements name)
    records: list[Any]           # the product's other records (CAOs, productivity column, ORT, staffing)
    note: str | None
    reason: str | None


def index_changes(run) -> list[str]:
    """What an index run takes beside its parameter set, as the command line gave it: the overrides of
    indexatie.yaml (``--set indexatie.…``, scenario files) and the figures of --ova/--materieel/--nea."""
    out = list(dict.fromkeys(run.ix.overridden.values()))
    for series, years in sorted(run.figures.items()):
        out += [f"--{series} {year}={pct:g}" for year, pct in sorted((years or {}).items())]
    return out


@dataclass
class Report:
    pset: Any
    title: str
    set_name: str
    source_name: str
    prijspeil: int
    tariff_year: int
    valid_from: dt.date
    salary_date: dt.date
    date: dt.date
    version: str
    fingerprint: str
    overrides: list[Any]
    tariffs: list[dict[str, Any]]
    products: list[ProductPage]
    parameters: list[Any]                      # every ParamRecord of the set
    status_counts: dict[str, int]
    elements: list[dict[str, Any]]             # per part of art. 2.3: the parameter paths behind it
    rounding: list[tuple[str, str]]            # (unit, rule) of the model tariffs
    micro: dict[str, Any]
    verify: dict[str, Any] | None = None       # {"summary": ..., "checks": [...]} when a published list exists
    scenarios: dict[str, Any] | None = None    # {"names": [...], "rows": [...], "summary": [...]}
    salaries: dict[str, Any] | None = None     # salary_section: the salary chain, once for every product
    hours: list[dict[str, Any]] = field(default_factory=list)  # hours_section of the product pages' columns
    extra: dict[str, Any] = field(default_factory=lambda: {"index": None, "sensitivity": None})  # later appendices
    # what an index run changes beside the set: indexatie.* overrides (as given) and --ova/--materieel/--nea figures
    index_changes: list[str] = field(default_factory=list)


def _product_page(pset, p, tariff_row, result, by_product) -> ProductPage:
    rows = explain(pset, p.code, False, result) if p.basis != "not_derivable" else []
    rows_micro = explain(pset, p.code, True, result) if p.index is not None and p.micro else []
    own = by_product.get(p.code, [])
    mix = [r for r in own if r.path.startswith(f"products.{p.code}.functiemix.")]
    rest = [r for r in own if r not in mix and r.path != f"products.{p.code}.tariff"]
    chain = rows + rows_micro
    levels, rows = split_levels(pset, p.code, rows)
    _, rows_micro = split_levels(pset, p.code, rows_micro)
    hours = None
    if levels:
        hours, rows = split_hours(pset, p.code, rows)
        _, rows_micro = split_hours(pset, p.code, rows_micro)
    return ProductPage(p.code, p.name, p.unit, p.basis, tariff_row, rows, rows_micro, mix, levels, hours, chain,
                       rest, p.note, p.reason)


def _elements(pages: list[ProductPage]) -> list[dict[str, Any]]:
    """Per part of art. 2.3: the dotted paths of the parameters that the build-up rows of that part show,
    over every product (so the summary names exactly what the product pages use)."""
    keys = {v: k for k, v in ELEMENTS.items()}
    paths: dict[str, dict[str, None]] = {}
    for page in pages:
        for r in page.chain:
            if r.parameter:
                paths.setdefault(keys.get(r.element, ""), {})[r.parameter] = None
    out = []
    for letter, text, element_keys in ARTICLE_PARTS:
        found: dict[str, None] = {}
        for k in element_keys:
            found.update(paths.get(k, {}))
        out.append({"letter": letter, "text": text, "headings": [ELEMENTS[k] for k in element_keys],
                    "paths": list(found), "opslagen": [o.field for o in OPSLAGEN if o.element == letter]})
    return out


def build(pset, codes: list[str] | None = None, scenarios: list[tuple[str, Any]] | None = None,
          published=None, index_run=None, sensitivity: bool = False) -> Report:
    """The report of ``pset``: every product, or those of ``codes`` (in that order) on the product pages.

    ``scenarios`` are (name, parameter set) pairs for the side-by-side appendix; ``published`` the
    published tariff list (parameters.published.load_published) for the verify appendix; ``index_run``
    an :class:`kostprijs.analysis.index.IndexRun` of ``pset`` (`kostprijs index`) for the appendix year by
    year, whose indexation then also ends each product's build-up (as `explain --year`); ``sensitivity``
    adds the tornado of the default ranges of `kostprijs sensitivity` (the three largest per tariff).
    """
    from kostprijs.analysis.tariffs import tariff_rows
    from kostprijs.core.model import compute

    result = traced(pset)
    tariffs = tariff_rows(pset, compute(pset.arrays))
    by_code = {r["code"]: r for r in tariffs}
    chosen = [pset.product(c) for c in dict.fromkeys(codes)] if codes else pset.products
    by_product: dict[str, list] = {}
    for r in pset.records:
        if r.path.startswith("products."):
            by_product.setdefault(r.path.split(".")[1], []).append(r)
    pages = [_product_page(pset, p, by_code[p.code], result, by_product) for p in chosen]
    counts = Counter(r.status for r in pset.records)
    op = pset.models["opslagen"]
    om = op.opslagen
    report = Report(
        pset=pset, title=op.title, set_name=op.set, source_name=pset.source.name, prijspeil=op.prijspeil,
        tariff_year=op.valid_from.year, valid_from=op.valid_from, salary_date=op.salary_date, date=report_date(),
        # the set's fingerprint (`params --fingerprint`); with an index run that of the run's inputs (indexatie.yaml
        # and the figures too), as `index --to YEAR --format json` gives it: the indexed figures depend on them
        version=package_version(), fingerprint=fingerprint(pset if index_run is None else index_run.inputs),
        overrides=[r for r in pset.records if r.status == "override"],
        tariffs=tariffs, products=pages, parameters=list(pset.records),
        status_counts={s: counts[s] for s in (*STATUSES, *sorted(set(counts) - set(STATUSES))) if counts[s]},
        elements=_elements(pages if not codes else
                           [_product_page(pset, p, by_code[p.code], result, by_product) for p in pset.products]),
        rounding=sorted({(p.unit, rounding_text(p.rounding)) for p in pset.model_products}),
        micro={"overhead": om.overhead, "overhead_micro": om.overhead_micro,
               "products": [p.code for p in pset.model_products if p.micro]},
        salaries=salary_section(pset, result),
        hours=hours_section(pset, list(dict.fromkeys(p.hours for p in pages if p.hours))),
        index_changes=[] if index_run is None else index_changes(index_run),
    )
    if published is not None:
        from kostprijs.analysis.verify import summary, verify

        checks = verify(pset, published)
        report.verify = {"summary": summary(pset, checks), "checks": checks}
    if index_run is not None:
        report.extra["index"] = index_appendix(index_run, [p.code for p in pages])
        report.tariff_year = index_run.plan.years[-1] if index_run.plan.years else report.prijspeil
        for page, p in zip(pages, chosen, strict=True):
            if p.index is not None:
                page.rows = with_indexation(page.rows, pset, p.code, False, index_run.plan, index_run.result)
                if page.rows_micro:
                    page.rows_micro = with_indexation(page.rows_micro, pset, p.code, True, index_run.plan,
                                                      index_run.result)
    if sensitivity:
        report.extra["sensitivity"] = sensitivity_appendix(pset, [p.code for p in chosen if p.index is not None])
    if scenarios:
        from kostprijs.analysis.compare import compare, summary

        rows = compare(pset, scenarios)
        report.scenarios = {"names": [n for n, _ in scenarios], "rows": rows, "summary": summary(rows),
                            "overrides": {n: [r for r in s.records if r.status == "override"] for n, s in scenarios}}
    return report


#: how many assumptions the sensitivity appendix shows per tariff (the issue: "the three that move it most")
TOP_EFFECTS = 3


def index_appendix(run, codes: list[str]) -> dict[str, Any]:
    """The index run as the appendix shows it: the figures per year and class (`kostprijs index`'s summary)
    and, per product on the product pages, its tariff in every year (the `index --format json` rows)."""
    plan = run.plan
    used = sorted({int(k) for k in run.result["klass"]})
    series = [s for n, s in enumerate(plan.series) if any(plan.weights[c, n] for c in used)]
    years = [plan.prijspeil, *plan.years]
    cy = run.class_years()
    classes = []
    for y, year in enumerate(years):
        for c in used:
            info = cy[y][c]
            weights = {s: float(plan.weights[c, n]) for n, s in enumerate(plan.series) if plan.weights[c, n]}
            classes.append({"year": year, **info, "weights": weights})
    per_code: dict[str, dict[int, dict]] = {}
    for r in run.rows():
        per_code.setdefault(r["code"], {})[r["year"]] = r
    wanted = set(codes)
    products = [{"code": code, "product": by_year[years[0]]["product"], "unit": by_year[years[0]]["unit"],
                 "years": [by_year[y] for y in years]} for code, by_year in per_code.items() if code in wanted]
    return {"years": years, "series": series, "classes": classes, "products": products,
            "correction": run.ix.model.correction.value,
            "fixed_tariffs": run.ix.model.fixed_tariffs.value, "file": str(run.ix.file)}


def sensitivity_appendix(pset, codes: list[str]) -> dict[str, Any] | None:
    """The tornado of `kostprijs sensitivity` (default ranges, one at a time) for ``codes``: per product the
    TOP_EFFECTS assumptions with the largest swing, and the ranges with their sources."""
    from kostprijs.analysis import sensitivity as sa

    if not codes:
        return None
    result = sa.sensitivity(pset, sa.ranges(pset), codes)
    products = [{**p, "effects": p["effects"][:TOP_EFFECTS]} for p in result.data["products"]]
    return {"parameters": result.data["parameters"], "products": products, "top": TOP_EFFECTS}


def load_inputs(region, params, sets, scenario_files, pset=None, salary_date=None):
    """The parameter set (with --set; ``pset`` if already loaded, e.g. by the index run), the scenarios
    (each on top of --set) and the published list (or None); CAO tables at ``salary_date`` if given."""
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve
    from kostprijs.parameters.overrides import load_scenario, parse_set
    from kostprijs.parameters.published import load_published

    source = resolve(region, params)
    base = tuple(parse_set(s) for s in sets or [])
    if pset is None:
        pset = load(source, base, salary_date)
    named = []
    for path in scenario_files or []:
        sc = load_scenario(path)
        named.append((sc.name, load(source, base + tuple(sc.overrides), salary_date)))
    if len({n for n, _ in named}) != len(named):
        raise KostprijsError("two scenarios have the same name")
    published = (load_published(source.published, [p.code for p in pset.products])
                 if source.published is not None else None)
    return pset, named, published
