"""The build-up of one tariff, row by row, in the order of the model's chain.

Rows are grouped under the four cost elements of art. 2.3 Besluit Jeugdwet (reële prijzen):
a. beroepskrachten (client-bound; and non-client-bound time, through productivity), b. other
client-bound costs (kapitaal, hotel, slaapwacht), c. overhead (with the risico-opslag on top of it),
d. indexering. Every amount comes from the core functions, so the last row equals `compute`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from kostprijs.core import model as m
from kostprijs.errors import KostprijsError

PROFESSIONALS = "a. beroepskrachten (cliëntgebonden)"
NON_CLIENT = "a. beroepskrachten (niet-cliëntgebonden: productiviteit)"
PER_UNIT = "a. beroepskrachten (per eenheid)"
OTHER = "b. andere cliëntgebonden kosten"
OVERHEAD = "c. overhead (en risico-opslag)"
INDEX = "d. indexering"
RESULT = "tarief"


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

    ``plan`` and ``result`` come from the index run (kostprijs.cli.commands.index.prepare), whose tariffs
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
        figures = ", ".join(f"{s} {plan.applied[y, n]:g}% ({plan.status[y][n]}, weight {plan.weights[c, n]:.0%})"
                            for n, s in enumerate(plan.series) if plan.weights[c, n])
        corr = result["correction"][y, c]
        step = (f"{year}: index {result['index'][y, c]:.4g}%" + (f" + correction {corr:.4g}%" if corr else "")
                + f", class {plan.classes[c]}")
        out.append(Row(INDEX, step, None, float(result["rate"][y, c]), "%", figures, float(amounts[y + 1]),
                       f"EUR/{p.unit} (unrounded)"))
    out.append(Row(RESULT, f"{last.step} ({plan.years[-1] if plan.years else plan.prijspeil})", last.parameter,
                   last.value, last.unit, last.source, float(cents[-1]) / 100, last.amount_unit))
    return out


def explain(pset, code: str, micro: bool = False) -> list[Row]:
    p = pset.product(code)
    fm = pset.models["functiemix"].products[code]
    if p.index is None:
        if p.basis == "fixed":
            rec = fm.tariff
            return [Row(RESULT, "fixed tariff (not built by the model)", f"products.{code}.tariff", rec.value,
                        rec.unit, rec.source, rec.value, f"EUR/{p.unit}"),
                    Row(RESULT, "why", None, p.reason, "", fm.source, rec.value, f"EUR/{p.unit}")]
        raise KostprijsError(f"product {code}: no tariff to explain ({p.reason})")
    if micro and not p.micro:
        raise KostprijsError(f"product {code} has no micro-onderneming tariff")
    records = {r.path: r for r in pset.records}
    a = pset.arrays
    i = p.index
    op = pset.models["opslagen"]
    rows: list[Row] = []

    def rec_row(element, step, path, amount, amount_unit, value=None):
        r = records[path]
        rows.append(Row(element, step, path, r.value if value is None else value, r.unit,
                        f"{r.source} [{r.status}]", amount, amount_unit))

    # a. salary per level: Tabel 1 per CAO, averaged over the product's CAOs
    weights = m.level_weights(a.cao_mask[i:i + 1], a.has_level, a.tabel1, a.pct)[0]   # (L, S)
    per_level = m.level_salary(a.top, weights[None])[0]                               # (L,)
    mix = a.mix[i]
    monthly = 0.0
    cao_names = [pset.models["opslagen"].tabel1.columns[c].cao for c in pset.columns]
    for li, level in enumerate(pset.levels):
        if mix[li] <= 0:
            continue
        for k, col in enumerate(pset.columns):
            if not a.cao_mask[i, k] or not a.has_level[k, li]:
                continue
            for s, scale in enumerate(pset.scales):
                w = a.tabel1[k, li, s]
                if w:
                    cao, name = scale.split(":")
                    rec_row(PROFESSIONALS, f"{level}: {cao_names[k]} {name} ({w:.0%} of the level), top step",
                            f"caos.{cao}.{name}.top", None, "EUR/month")
            level_cao = a.pct[li] * (a.tabel1[k, li] @ a.top)
            rows.append(Row(PROFESSIONALS, f"{level}: {col} ({cao_names[k]}) x {a.pct[li]:.0%} of the top step",
                            f"tabel1.pct_hoogste_trede.{level}", float(a.pct[li]), "fraction of top step",
                            op.tabel1.source, float(level_cao), "EUR/month"))
        rows.append(Row(PROFESSIONALS, f"{level}: average over the product's CAOs", f"products.{code}.caos",
                        fm.caos.value, "CAOs averaged", fm.caos.source, float(per_level[li]), "EUR/month"))
        monthly += mix[li] * per_level[li]
        rec_row(PROFESSIONALS, f"functiemix {level} {mix[li]:.1%}", f"products.{code}.functiemix.{level}",
                float(monthly), "EUR/month (cumulative)")
    yearly = 12 * monthly
    rows.append(Row(PROFESSIONALS, "x 12 months", None, 12, "months", "", float(yearly), "EUR/year per FTE"))
    base = yearly
    ort_name = fm.ort.value
    for name, label in (("vakantiegeld", "vakantiegeld"), ("eindejaarsuitkering", "eindejaarsuitkering")):
        base += yearly * float(getattr(a, name)[0])
        rec_row(PROFESSIONALS, f"+ {label} (on salary)", f"opslagen.{name}", float(base), "EUR/year per FTE")
    base += yearly * float(a.ort[i])
    rec_row(PROFESSIONALS, f"+ ORT '{ort_name}' (same base as vakantiegeld)", f"ort.{ort_name}", float(base),
            "EUR/year per FTE")
    base *= 1 + float(a.sociale_lasten[0])
    rec_row(PROFESSIONALS, "x (1 + sociale lasten)", "opslagen.sociale_lasten", float(base), "EUR/year per FTE")
    oh_name = "overhead_micro" if micro else "overhead"
    overhead = float((a.overhead_micro if micro else a.overhead)[0])
    base *= 1 + overhead
    rec_row(OVERHEAD, "x (1 + overhead)" + (" for a micro-onderneming" if micro else ""), f"opslagen.{oh_name}",
            float(base), "EUR/year per FTE")
    base *= 1 + float(a.risico[0])
    rec_row(OVERHEAD, "x (1 + risico), over personnel cost and overhead", "opslagen.risico", float(base),
            "EUR/year per FTE")

    # a. non-client-bound time: Tabel 4
    col_name = fm.productiviteit.value
    col = op.productiviteit[col_name]
    hourly = float(m.hourly_cost(base, a.hours[i]))
    if col.bruto is not None and col.clientgebonden.status != "override":
        rec_row(NON_CLIENT, f"Tabel 4 '{col.label}': bruto hours", f"productiviteit.{col_name}.bruto", None,
                "h/year")
        for part in col.aftrek:
            rec_row(NON_CLIENT, f"- {part}", f"productiviteit.{col_name}.aftrek.{part}", None, "h/year")
    rows.append(Row(NON_CLIENT, "/ client-bound (productive) hours", f"productiviteit.{col_name}.clientgebonden",
                    float(a.hours[i]), "h/year", records[f"productiviteit.{col_name}.clientgebonden"].source,
                    hourly, "EUR/h (unrounded)"))

    # unit conversion and b. other client-bound costs
    group = a.group_micro[i] if micro else a.group[i]
    per_unit = float(m.unit_hours(a.unit[i], a.staff[i], group, a.is_fte[i], a.hours[i], a.days[0]))
    st = fm.staffing
    if p.unit == "minuut":
        rows.append(Row(PER_UNIT, "per minuut: / 60", None, 60, "min/h", "", hourly * per_unit, "EUR/minuut"))
    elif p.unit == "uur" and group == 1:
        rows.append(Row(PER_UNIT, "per uur", None, 1, "h", "", hourly, "EUR/uur"))
    elif p.unit == "uur":
        r = st.group_size
        rows.append(Row(PER_UNIT, "per uur per jeugdige: one staff hour shared by the group",
                        f"products.{code}.staffing.group_size", r.value, r.unit, f"{r.source} [{r.status}]",
                        hourly * per_unit, "EUR/uur"))
    else:
        for name, r in st:
            if r is None or (name == "group_size_micro" and not micro) or (name == "group_size" and micro
                                                                             and st.group_size_micro):
                continue
            rows.append(Row(PER_UNIT, f"staffing: {name}", f"products.{code}.staffing.{name}", r.value, r.unit,
                            f"{r.source} [{r.status}]", None, ""))
        how = ("FTE / group x productive hours / days per year" if a.is_fte[i] else "staff hours / group size")
        days = f"; {a.days[0]:g} days per year (kalender.dagen_per_jaar)" if a.is_fte[i] else ""
        rows.append(Row(PER_UNIT, f"x staff hours per {p.unit} ({how})", None, per_unit, f"h/{p.unit}",
                        f"staffing above{days}", hourly * per_unit, f"EUR/{p.unit} (personnel)"))
    total = hourly * per_unit
    for name in (fm.fixed.value if fm.fixed else []):
        total += op.voorzieningen[name].value
        rec_row(OTHER, f"+ {name} (after overhead and risico, not marked up)", f"voorzieningen.{name}", total,
                f"EUR/{p.unit}")
    result = m.compute(a)
    unrounded = float((result.unrounded_micro if micro else result.unrounded)[i])
    if not np.isclose(unrounded, total, rtol=1e-12, atol=1e-9):  # pragma: no cover - a bug, not bad input
        raise AssertionError(f"explain and compute differ for {code}: {total} != {unrounded}")
    rows.append(Row(INDEX, f"prijspeil {op.prijspeil}: no indexation applied", None, 0.0, "%", "", unrounded,
                    f"EUR/{p.unit} (unrounded)"))
    cents = float((result.cents_micro if micro else result.cents)[i])
    rows.append(Row(RESULT, f"rounding: {p.rounding}", f"afronding.{p.unit}", op.afronding[p.unit].step, "EUR",
                    op.afronding[p.unit].source, cents / 100, f"EUR/{p.unit}"))
    return rows
