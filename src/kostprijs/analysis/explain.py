"""The build-up of one tariff, row by row, in the order of the model's chain.

Rows are grouped under the four cost elements of art. 2.3 Besluit Jeugdwet (reële prijzen):
a. beroepskrachten (client-bound; and non-client-bound time, through productivity), b. other
client-bound costs (kapitaal, hotel, slaapwacht), c. overhead (with the risico-opslag on top of it),
d. indexering. Every amount is an amount of the model's own trace (``compute(..., trace=True)``);
this module only adds the parameters, their sources and the texts of :mod:`.labels`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from kostprijs.analysis.labels import ELEMENTS, PREMIUMS, amount_unit, opslag_step, raise_text, rounding_text, step
from kostprijs.core import model as m
from kostprijs.errors import KostprijsError


@dataclass
class Row:
    element: str
    step: str
    parameter: str | None     # dotted path (as in `kostprijs params`), if the row shows one
    value: Any                # the parameter value
    unit: str
    source: str
    amount: float | None      # the running amount after this step
    amount_unit: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def with_indexation(rows: list[Row], pset, code: str, micro: bool, plan, result) -> list[Row]:
    """Replace the "no indexation" and tariff rows by one row per indexed year and the indexed tariff.

    ``plan`` and ``result`` come from the index run (:func:`kostprijs.analysis.index.run_index`), whose tariffs
    this then equals: the weighted index of each year on the unrounded tariff, rounded once at the end.
    """
    i = next(n for n, p in enumerate(pset.products) if p.code == code)
    p = pset.products[i]
    c = int(result["klass"][i])
    amounts = result["unrounded_micro" if micro else "unrounded"][:, i]
    cents = result["cents_micro" if micro else "cents"][:, i]
    head, last = rows[:-2], rows[-1]
    out = list(head)
    for y, year in enumerate(plan.years):
        figures = ", ".join(step("index_figure", series=s, pct=plan.applied[y, n], status=plan.status[y][n],
                                                         weight=plan.weights[c, n])
                            for n, s in enumerate(plan.series) if plan.weights[c, n])
        corr = result["correction"][y, c]
        text = step("index_year",
            year=year, index=result["index"][y, c], klass=plan.classes[c],
            correction=step("index_correction", correction=corr) if corr else "")
        out.append(Row(ELEMENTS["d"], text, None, float(result["rate"][y, c]), "%", figures, float(amounts[y + 1]),
                       amount_unit("unit_unrounded", unit=p.unit)))
    out.append(Row(ELEMENTS["tariff"], step("indexed_tariff", step=last.step, year=plan.years[-1] if plan.years
                                                          else plan.prijspeil),
                   last.parameter, last.value, last.unit, last.source, float(cents[-1]) / 100, last.amount_unit))
    return out


def salary_chain_rows(pset, scale: str) -> list[Row]:
    """How a top step rolled forward to the salary date was reached: the table amount, then one row per
    raise with the amount after it (none for a top taken from a table as it is)."""
    top = (pset.salaries or {}).get(scale)
    if top is None or not top.chain:
        return []
    cao, name = scale.split(":")
    rows = [Row(ELEMENTS["a"], step("salary_table", cao=cao, scale=name, since=top.table_since),
                None, top.table_value, "EUR/month", top.source, top.table_value, amount_unit("month"))]
    rows += [Row(ELEMENTS["a"], step("salary_raise", since=r.since, what=raise_text(r)), None, raise_text(r),
                 "raise", r.source, r.amount, amount_unit("month")) for r in top.chain]
    return rows


def fixed_parts(pset) -> tuple[list[list[str]], np.ndarray]:
    """The voorzieningen in each model product's fixed parts: their names per product, and their
    amounts (P, V) in EUR per unit, zero-padded, in the order the fixed parts are summed."""
    fm, op = pset.models["functiemix"], pset.models["opslagen"]
    names = [list(fm.products[p.code].fixed.value) if fm.products[p.code].fixed else [] for p in pset.model_products]
    parts = np.zeros((len(names), max([1, *map(len, names)])))
    for i, product_names in enumerate(names):
        parts[i, :len(product_names)] = [op.voorzieningen[n].value for n in product_names]
    return names, parts


def traced(pset) -> m.Result:
    """``compute`` of the parameter set with the traces of every product, fixed parts split per voorziening."""
    return m.compute(pset.arrays, trace=True, fixed_parts=fixed_parts(pset)[1])


def trace(pset, code: str, micro: bool = False, result: m.Result | None = None) -> tuple[m.Trace, int]:
    """The model's trace of one product's tariff (normal or micro) and the product's index in it.
    ``result`` may pass :func:`traced` computed once for many products."""
    p = pset.product(code)
    if p.index is None:
        raise KostprijsError(f"product {code}: no tariff to explain ({p.reason})")
    if micro and not p.micro:
        raise KostprijsError(f"product {code} has no micro-onderneming tariff")
    if result is None:
        result = traced(pset)
    return (result.trace_micro if micro else result.trace), p.index


def explain(pset, code: str, micro: bool = False, result: m.Result | None = None) -> list[Row]:
    """The rows of one tariff's build-up; ``result`` as in :func:`trace`."""
    p = pset.product(code)
    fm = pset.models["functiemix"].products[code]
    if p.index is None and p.basis == "fixed":
        rec = fm.tariff
        unit = amount_unit("unit", unit=p.unit)
        return [Row(ELEMENTS["tariff"], step("fixed_tariff"), f"products.{code}.tariff", rec.value, rec.unit,
                    rec.source, rec.value, unit),
                Row(ELEMENTS["tariff"], step("fixed_tariff_why"), None, p.reason, "", fm.source, rec.value, unit)]
    t, i = trace(pset, code, micro, result)
    a = pset.arrays
    op = pset.models["opslagen"]
    rows: list[Row] = []
    per_unit_unit = amount_unit("unit", unit=p.unit)

    def rec_row(element, step, path, amount, amount_unit, value=None):
        r = pset.record(path)
        rows.append(Row(element, step, path, r.value if value is None else value, r.unit,
                        f"{r.source} [{r.status}]", amount, amount_unit))

    # a. salary per level: Tabel 1 per CAO, averaged over the product's CAOs, weighted by the functiemix
    cao_names = [op.tabel1.columns[c].cao for c in pset.columns]
    for li, level in enumerate(pset.levels):
        share = a.mix[i, li]
        if share <= 0:
            continue
        for k, col in enumerate(pset.columns):
            if not a.cao_mask[i, k] or not a.has_level[k, li]:
                continue
            for s, scale in enumerate(pset.scales):
                w = a.tabel1[k, li, s]
                if w:
                    cao, name = scale.split(":")
                    rec_row(ELEMENTS["a"], step("top", level=level, cao=cao_names[k], scale=name, share=w),
                            f"caos.{cao}.{name}.top", None, amount_unit("month"))
                    rows.extend(salary_chain_rows(pset, scale))
            rows.append(Row(ELEMENTS["a"], step("cao_salary", level=level, column=col, cao=cao_names[k],
                                                                      pct=a.pct[li]),
                            f"tabel1.pct_hoogste_trede.{level}", float(a.pct[li]), "fraction of top step",
                            op.tabel1.source, float(t.cao_salary[k, li]), amount_unit("month")))
        rows.append(Row(ELEMENTS["a"], step("level_salary", level=level), f"products.{code}.caos",
                        fm.caos.value, "CAOs averaged", fm.caos.source, float(t.level_salary[i, li]),
                        amount_unit("month")))
        rec_row(ELEMENTS["a"], step("functiemix", level=level, share=share),
                f"products.{code}.functiemix.{level}", float(t.functiemix[i, li]), amount_unit("month_cumulative"))
    rows.append(Row(ELEMENTS["a"], step("yearly"), None, 12, "months", "", float(t.yearly[i]), amount_unit("year")))

    # the opslagen of Tabel 3, in the chain's order; a per-product opslag (ORT) shows the product's variant
    for applied in t.opslagen:
        o, field = applied.opslag, applied.field
        named = o.per_product and hasattr(fm, field)     # a variant the product names (ORT)
        variant = getattr(fm, field).value if named else None
        path = f"{field}.{variant}" if named else f"opslagen.{field}"
        if field == "sociale_lasten" and pset.premiums is not None:
            rate = float(np.broadcast_to(applied.rate, np.shape(applied.amount))[i])
            rows.extend(premium_rows(pset, i, rate, float(applied.amount[i])))
            continue
        rec_row(ELEMENTS[o.element], opslag_step(field, variant=variant), path, float(applied.amount[i]),
                amount_unit("year"))

    # a. non-client-bound time: Tabel 4
    col_name = fm.productiviteit.value
    col = op.productiviteit[col_name]
    if col.bruto is not None and col.clientgebonden.status != "override":
        rec_row(ELEMENTS["a_productivity"], step("bruto", column=col.label), f"productiviteit.{col_name}.bruto", None,
                "h/year")
        for part in col.aftrek:
            rec_row(ELEMENTS["a_productivity"], step("aftrek", part=part.replace("_", " ")),
                    f"productiviteit.{col_name}.aftrek.{part}", None, "h/year")
    rows.append(Row(ELEMENTS["a_productivity"], step("hourly"), f"productiviteit.{col_name}.clientgebonden",
                    float(t.hours[i]), "h/year", pset.record(f"productiviteit.{col_name}.clientgebonden").source,
                    float(t.hourly[i]), amount_unit("hourly")))

    # unit conversion
    group = a.group_micro[i] if micro else a.group[i]
    personnel = float(t.personnel[i])
    st = fm.staffing
    if p.unit == "minuut":
        rows.append(Row(ELEMENTS["a_unit"], step("per_minuut"), None, 60, "min/h", "", personnel, per_unit_unit))
    elif p.unit == "uur" and group == 1:
        rows.append(Row(ELEMENTS["a_unit"], step("per_uur"), None, 1, "h", "", personnel, per_unit_unit))
    elif p.unit == "uur":
        r = st.group_size
        rows.append(Row(ELEMENTS["a_unit"], step("per_uur_group"), f"products.{code}.staffing.group_size", r.value,
                        r.unit, f"{r.source} [{r.status}]", personnel, per_unit_unit))
    else:
        for name, r in st:
            if r is None or (name == "group_size_micro" and not micro) or (name == "group_size" and micro
                                                                             and st.group_size_micro):
                continue
            rows.append(Row(ELEMENTS["a_unit"], step("staffing", name=name), f"products.{code}.staffing.{name}",
                            r.value, r.unit, f"{r.source} [{r.status}]", None, ""))
        fte = bool(a.is_fte[i])
        how = step("unit_hours_fte" if fte else "unit_hours_staff")
        source = step("unit_hours_source") + (step("unit_hours_days", days=a.days[0]) if fte else "")
        rows.append(Row(ELEMENTS["a_unit"], step("unit_hours", unit=p.unit, how=how), None, float(t.unit_hours[i]),
                        f"h/{p.unit}", source, personnel, amount_unit("unit_personnel", unit=p.unit)))

    # b. other client-bound costs: the fixed parts, after overhead and risico
    for j, name in enumerate(fm.fixed.value if fm.fixed else []):
        rec_row(ELEMENTS["b"], step("fixed", name=name), f"voorzieningen.{name}", float(t.fixed_running[i, j]),
                per_unit_unit)
    rows.append(Row(ELEMENTS["d"], step("no_index", prijspeil=op.prijspeil), None, 0.0, "%", "",
                    float(t.unrounded[i]), amount_unit("unit_unrounded", unit=p.unit)))
    rows.append(Row(ELEMENTS["tariff"], step("rounding", rule=rounding_text(p.rounding)), f"afronding.{p.unit}",
                    op.afronding[p.unit].step, "EUR", op.afronding[p.unit].source,
                    float(t.cents[i]) / 100, per_unit_unit))
    return rows


def premium_rows(pset, i: int, rate: float, amount: float) -> list[Row]:
    """The sociale lasten of product ``i`` from premiums (opslagen.sociale_lasten_jaar): per level with a
    share, each component's effective rate on the level's yearly wage (status derived, with the year and
    the sources), then the product's rate and the yearly cost after it."""
    use = pset.premiums
    f = use.figures
    names = use.premiums.names
    element = ELEMENTS["a"]
    out: list[Row] = []
    for li, level in enumerate(pset.levels):
        if pset.arrays.mix[i, li] <= 0:
            continue
        wage = float(f.wage[i, li])
        for k, name in enumerate(names):
            out.append(Row(element, step("premium_component", level=level, component=PREMIUMS[name], wage=wage),
                           f"premies.{use.year}.{name}", float(f.parts[i, li, k]), "fraction of yearly wage",
                           f"{use.sources[name]} [derived {use.year}, {use.file}]",
                           float(f.parts[i, li, k]) * wage, amount_unit("year")))
        out.append(Row(element, step("premium_level", level=level), f"premies.{use.year}", float(f.level_rate[i, li]),
                       "fraction of yearly wage", f"sum of the components [derived {use.year}]",
                       float(f.level_rate[i, li]) * wage, amount_unit("year")))
    out.append(Row(element, step("premium_product"), "opslagen.sociale_lasten_jaar",
                   rate, "fraction (functiemix- and wage-weighted)",
                   f"premies.yaml {use.year} [derived]", amount, amount_unit("year")))
    return out
