"""The index run: the tariff list of every year from the prijspeil to a tariff year, indexed with OVA and the
material price index (voorlopig/definitief, with the VNG correction), rounded by the region's rule each year.

Orchestration only: the arithmetic is :func:`kostprijs.core.indexation.run`; the figures per year are the
plan of :func:`kostprijs.parameters.indexation.plan`. No I/O, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kostprijs.analysis.labels import rounding_text
from kostprijs.core.rounding import Description


@dataclass
class IndexRun:
    """One index run: the parameter set, its index file, the plan of figures per year and the result arrays."""

    pset: Any
    ix: Any
    plan: Any
    result: dict
    use: str = "vng"          # --method: vng (voorlopig, corrected the next year) or definitief
    figures: dict = field(default_factory=dict)   # --ova/--materieel/--nea: {series: {year: pct}}

    @property
    def inputs(self):
        """The set with the run's other inputs (indexatie.yaml after overrides, the figures given), for the
        provenance of the run's outputs: their fingerprint covers all of them."""
        from kostprijs.parameters.fingerprint import WithInputs

        return WithInputs(self.pset, {"indexatie": self.ix.data, "index_figures": self.figures},
                          [f"indexatie.{p}" for p in self.ix.overridden])

    def rows(self) -> list[dict[str, Any]]:
        """One object per year and product (the `index --format json` rows)."""
        return index_rows(self.pset, self.ix, self.plan, self.result)

    def class_years(self) -> list[list[dict[str, Any]]]:
        return class_years(self.ix, self.plan, self.result)


def run_index(pset, ix, to: int, figures: dict | None = None, method: str = "vng", to_option: str = "--to") -> IndexRun:
    """Index every product of ``pset`` from its prijspeil to ``to`` with the series of ``ix``.

    ``figures`` are figures given on the command line ({series: {year: pct}}), which count as definitief.
    """
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters import indexation as ixp

    figures = {k: v for k, v in (figures or {}).items() if v}
    ixp.check_products(ix, pset)
    for name in figures:
        if name not in ix.model.series:
            raise KostprijsError(f"--{name}: {ix.file} has no series {name!r}")
    plan = ixp.plan(ix, pset.models["opslagen"].prijspeil, to, figures, method, to_option)
    return IndexRun(pset, ix, plan, _run(pset, ix, plan), use=method, figures=figures)


def _run(pset, ix, plan):
    import numpy as np

    from kostprijs.core import indexation as core
    from kostprijs.core.model import compute
    from kostprijs.core.rounding import HALF_UP

    res = compute(pset.arrays)
    n = len(pset.products)
    base, base_micro = np.full(n, np.nan), np.full(n, np.nan)
    mode, step = np.full(n, HALF_UP), np.ones(n)
    frozen = np.zeros(n, dtype=bool)
    not_indexed = ix.model.fixed_tariffs.value == "not_indexed"
    for i, p in enumerate(pset.products):
        if p.index is not None:
            base[i] = res.unrounded[p.index]
            if p.micro:
                base_micro[i] = res.unrounded_micro[p.index]
            mode[i], step[i] = pset.arrays.round_mode[p.index], pset.arrays.round_step[p.index]
        elif p.basis == "fixed":
            base[i] = p.tariff   # the published amount; half-up to the cent each year
            frozen[i] = not_indexed
    klass = np.array([plan.classes.index(ix.model.products[p.code].class_) for p in pset.products], dtype=int)
    out = core.run(base, base_micro, klass, plan.applied, plan.definitief, plan.provisional, plan.weights,
                   mode, step, plan.method, frozen)
    out["klass"], out["frozen"] = klass, frozen
    return out


def _f(x, decimals: int | None = None) -> float | None:
    import math

    x = float(x)
    if math.isnan(x):
        return None
    return float(f"{x:.{decimals}f}") if decimals is not None else x


def class_years(ix, plan, result) -> list[list[dict[str, Any]]]:
    """Per year (row 0 = prijspeil) and class: index, correction, status and figures, for rows and the summary."""
    out = []
    for y in range(len(plan.years) + 1):
        per_class = []
        for c, cname in enumerate(plan.classes):
            used = [n for n, s in enumerate(plan.series) if plan.weights[c, n] != 0]
            info: dict[str, Any] = {"class": cname, "index": 0.0, "correction": 0.0, "rate": 0.0,
                                    "factor": float(result["factor"][y, c]), "status": "prijspeil",
                                    "correction_of": None, "correction_note": None, "figures": {}}
            if y > 0:
                t = y - 1
                statuses = [plan.status[t][n] for n in used]
                info["index"] = float(result["index"][t, c])
                info["correction"] = float(result["correction"][t, c])
                info["rate"] = float(result["rate"][t, c])
                info["status"] = "voorlopig" if "voorlopig" in statuses else "definitief"
                info["figures"] = {plan.series[n]: (float(plan.applied[t, n]), plan.status[t][n]) for n in used}
                if t > 0:
                    prev = plan.years[t - 1]
                    corrected = [plan.series[n] for n in used if plan.provisional[t - 1, n]
                                 and plan.definitief[t - 1, n] == plan.definitief[t - 1, n]]
                    pending = [plan.series[n] for n in used if plan.provisional[t - 1, n]
                                and plan.definitief[t - 1, n] != plan.definitief[t - 1, n]]
                    if corrected:
                        info["correction_of"] = prev
                        info["correction_note"] = f"{prev} voorlopig -> definitief ({', '.join(corrected)})"
                    if pending:
                        note = f"{prev} definitief not known yet ({', '.join(pending)}): no correction"
                        info["correction_note"] = "; ".join(x for x in (info["correction_note"], note) if x)
            per_class.append(info)
        out.append(per_class)
    return out


def index_rows(pset, ix, plan, result) -> list[dict[str, Any]]:
    from kostprijs.core.money import to_euro

    cy = class_years(ix, plan, result)
    years = [plan.prijspeil, *plan.years]
    rows = []
    for y, year in enumerate(years):
        for i, p in enumerate(pset.products):
            c = int(result["klass"][i])
            info = cy[y][c]
            frozen = bool(result["frozen"][i])
            row: dict[str, Any] = {
                "code": p.code, "product": p.name, "unit": p.unit, "basis": p.basis,
                "class": info["class"], "year": year,
                "tariff": to_euro(result["cents"][y, i]),
                "tariff_micro": to_euro(result["cents_micro"][y, i]),
                "unrounded": _f(result["unrounded"][y, i]),
                "unrounded_micro": _f(result["unrounded_micro"][y, i]),
                "index": 0.0 if frozen else _f(info["index"], 6),
                "correction": 0.0 if frozen else _f(info["correction"], 6),
                "correction_of": None if frozen else info["correction_of"],
                "rate": 0.0 if frozen else _f(info["rate"], 6),
                "factor": 1.0 if frozen else _f(info["factor"], 10),
                "status": "not indexed (fixed tariff)" if frozen and y > 0 else info["status"],
            }
            for s in plan.needed:
                fig = info["figures"].get(s)
                row[s] = None if fig is None or frozen else _f(fig[0], 6)
                row[f"{s}_status"] = None if fig is None or frozen else fig[1]
            row["correction_note"] = None if frozen else info["correction_note"]
            if p.index is not None:
                row["rounding"] = rounding_text(p.rounding)
            elif p.basis == "fixed":
                row["rounding"] = rounding_text(Description("fixed_indexed" if not frozen else "fixed_not_indexed"))
            else:
                row["rounding"] = rounding_text(Description("no_tariff"))
            row["note"] = p.reason if p.index is None else None
            rows.append(row)
    return rows


# --- the inputs of a run, for the index workbook ------------------------------------------------------
def weight_rows(ix, pset) -> list[dict[str, Any]]:
    """One row per class and series: the weight (percent of the tariff) with its source, and how many
    products of the set the class has."""
    counts: dict[str, int] = {}
    for p in pset.products:
        cls = ix.model.products[p.code].class_
        counts[cls] = counts.get(cls, 0) + 1
    rows = []
    for name, c in ix.model.classes.items():
        w = c.weights
        for series, share in w.value.items():
            rows.append({"class": name, "description": c.description, "products": counts.get(name, 0),
                         "series": series, "weight_pct": share * 100, "unit": w.unit, "status": w.status,
                         "source": w.source, "note": w.note})
    return rows


def figure_rows(ix, plan) -> list[dict[str, Any]]:
    """One row per indexed year, series the run needs and kind (voorlopig, definitief, and a figure given
    on the command line): the figure in percent with publication date and source, and whether the run
    applied it to the year (``applied``)."""
    import math

    rows = []
    for y, year in enumerate(plan.years):
        for n, s in enumerate(plan.series):
            if s not in plan.needed:
                continue
            spec = ix.model.series[s]
            entry = spec.years.get(year)
            chosen = plan.status[y][n]
            for kind in ("voorlopig", "definitief"):
                fig = getattr(entry, kind) if entry is not None else "unknown"
                row: dict[str, Any] = {"series": s, "series_name": spec.name, "year": year, "kind": kind,
                                       "applied": chosen == kind}
                if fig == "unknown":
                    row.update(value_pct=None, status="unknown", note=None if entry is None else entry.note)
                else:
                    row.update(value_pct=fig.value, published=str(fig.published), source=fig.source,
                               status=fig.status, method=fig.method, note=fig.note)
                rows.append(row)
            if chosen == "command line":
                v = float(plan.applied[y, n])
                rows.append({"series": s, "series_name": spec.name, "year": year, "kind": "command line",
                             "applied": True, "value_pct": None if math.isnan(v) else v, "status": "override",
                             "source": f"--{s} {year}=…"})
    return rows


def class_rows(ix, pset) -> list[dict[str, Any]]:
    """The class of every product of the set, with its source."""
    rows = []
    for p in pset.products:
        pc = ix.model.products[p.code]
        rows.append({"code": p.code, "product": p.name, "unit": p.unit, "class": pc.class_, "status": pc.status,
                     "source": pc.source, "note": pc.note})
    return rows
