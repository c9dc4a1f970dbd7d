"""Every text a tariff build-up shows, by step key, in one place (to translate, change only this file).

``explain`` (and so the XLSX Opbouw sheet) and the waterfall picture render the model's trace
(:class:`kostprijs.core.model.Trace`) with these texts; none of them is parsed back. ``{names}`` are
filled in per product with :meth:`str.format`.
"""

from __future__ import annotations

#: The cost elements of art. 2.3 Besluit Jeugdwet (reële prijzen) that head the explain rows.
ELEMENTS = {
    "a": "a. beroepskrachten (cliëntgebonden)",
    "a_productivity": "a. beroepskrachten (niet-cliëntgebonden: productiviteit)",
    "a_unit": "a. beroepskrachten (per eenheid)",
    "b": "b. andere cliëntgebonden kosten",
    "c": "c. overhead (en risico-opslag)",
    "d": "d. indexering",
    "tariff": "tarief",
}

#: Per opslag (the ModelArrays field it applies, see kostprijs.core.model.OPSLAGEN): its explain
#: step and its name in the waterfall. ``{variant}`` is the variant a product names (ORT).
OPSLAGEN = {
    "vakantiegeld": ("+ vakantiegeld (on salary)", "vakantiegeld"),
    "eindejaarsuitkering": ("+ eindejaarsuitkering (on salary)", "EJU"),
    "ort": ("+ ORT '{variant}' (same base as vakantiegeld)", "ORT"),
    "sociale_lasten": ("x (1 + sociale lasten)", "sociale lasten"),
    "overhead": ("x (1 + overhead)", "overhead"),
    "overhead_micro": ("x (1 + overhead) for a micro-onderneming", "overhead (micro)"),
    "risico": ("x (1 + risico), over personnel cost and overhead", "risico"),
}

#: The other explain steps.
STEPS = {
    "top": "{level}: {cao} {scale} ({share:.0%} of the level), top step",
    "salary_table": "  {cao} {scale}: table of {since:%d-%m-%Y}",
    "salary_raise": "  raise {since:%d-%m-%Y}: {what}",
    "cao_salary": "{level}: {column} ({cao}) x {pct:.0%} of the top step",
    "level_salary": "{level}: average over the product's CAOs",
    "functiemix": "functiemix {level} {share:.1%}",
    "yearly": "x 12 months",
    "bruto": "Tabel 4 '{column}': bruto hours",
    "aftrek": "- {part}",
    "hourly": "/ client-bound (productive) hours",
    "per_minuut": "per minuut: / 60",
    "per_uur": "per uur",
    "per_uur_group": "per uur per jeugdige: one staff hour shared by the group",
    "staffing": "staffing: {name}",
    "unit_hours": "x staff hours per {unit} ({how})",
    "unit_hours_fte": "FTE / group x productive hours / days per year",
    "unit_hours_staff": "staff hours / group size",
    "unit_hours_source": "staffing above",
    "unit_hours_days": "; {days:g} days per year (kalender.dagen_per_jaar)",
    "fixed": "+ {name} (after overhead and risico, not marked up)",
    "no_index": "prijspeil {prijspeil}: no indexation applied",
    "index_year": "{year}: index {index:.4g}%{correction}, class {klass}",
    "index_correction": " + correction {correction:.4g}%",
    "index_figure": "{series} {pct:g}% ({status}, weight {weight:.0%})",
    "indexed_tariff": "{step} ({year})",
    "rounding": "rounding: {rule}",
    "fixed_tariff": "fixed tariff (not built by the model)",
    "fixed_tariff_why": "why",
}

#: Amount units of the explain rows.
AMOUNT_UNITS = {
    "month": "EUR/month",
    "month_cumulative": "EUR/month (cumulative)",
    "year": "EUR/year per FTE",
    "hourly": "EUR/h (unrounded)",
    "unit": "EUR/{unit}",
    "unit_personnel": "EUR/{unit} (personnel)",
    "unit_unrounded": "EUR/{unit} (unrounded)",
}

#: The bars of the waterfall (`explain --plot`); the opslagen take their names from OPSLAGEN.
WATERFALL = {
    "salary": "salaris",
    "productivity": "productiviteit",
    "productivity_fte": "productiviteit\n(n.v.t.: FTE-basis)",
    "productivity_in_hours": "productiviteit\n(in het uurtarief)",
    "fixed": "vaste delen",
    "tariff": "tarief",
    "fixed_tariff": "vast tarief (buiten het model)",
}
