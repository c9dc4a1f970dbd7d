"""`kostprijs diff`: the parameter diff and the attribution of each tariff change, for people (rich
tables, a workbook, a waterfall per product). The figures are those of :mod:`kostprijs.analysis.diff`."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from kostprijs.analysis.diff import (
    ATTRIBUTION_COLUMNS,
    ELEMENT_NAMES,
    PARAMETER_COLUMNS,
    PRODUCT_COLUMNS,
    ROUNDING,
    SUMMARY_COLUMNS,
    Attribution,
    Diff,
    attribution_rows,
    ordered_parts,
    summarised,
    summary_rows,
)
from kostprijs.presentation.money import euro_nl, value_nl

KIND = {"changed": "gewijzigd", "only_a": "alleen in A", "only_b": "alleen in B"}
PRODUCT_KIND = {"added": "nieuw in B", "removed": "niet meer in B", "basis": "andere basis"}
VARIANT = {"normal": "normaal", "micro": "micro-onderneming"}
ROUNDING_LABEL = "afronding"


def _signed(x: float, decimals: int) -> str:
    """'+€ 0,0371' / '−€ 0,0168'; no sign where the amount shows as zero."""
    if round_to_zero(x, decimals):
        return euro_nl(0.0, decimals)
    return ("−" if x < 0 else "+") + euro_nl(abs(x), decimals)


def round_to_zero(x: float, decimals: int) -> bool:
    """True if ``x`` shows as zero with ``decimals`` decimals (formatting only)."""
    return abs(x) < 0.5 * 10 ** -decimals


def _pct(x: float | None) -> str:
    if x is None:
        return "—"
    if round_to_zero(x, 2):
        return "0,00%"
    return ("−" if x < 0 else "+") + f"{abs(x):.2f}%".replace(".", ",")


def _value(v, unit: str = "") -> str:
    if v is None:
        return "—"
    return value_nl(v, unit)   # the notation of the unit; a year (sociale_lasten_jaar) is 2026, not 2.026


def parameter_table(d: Diff) -> Table:
    t = Table(title=f"Gewijzigde parameters: A = {d.name_a}, B = {d.name_b}", caption_justify="left")
    t.add_column("Pad", overflow="fold")
    t.add_column("A", justify="right", overflow="fold")
    t.add_column("B", justify="right", overflow="fold")
    t.add_column("Eenheid", overflow="fold", max_width=16)
    t.add_column("Bron B (A als die anders is)", overflow="fold", max_width=30)
    from kostprijs.analysis.labels import unit_text
    from kostprijs.presentation.i18n import source_text

    for c in d.changes:
        src = source_text(c.source_b or c.source_a or "")
        if c.source_a and c.source_b and c.source_a != c.source_b:
            src += f" (A: {source_text(c.source_a)})"
        if c.since_a and c.since_b and c.since_a != c.since_b:
            src += f" [sinds {c.since_a} → {c.since_b}]"
        t.add_row(c.path, _value(c.value_a, c.unit), _value(c.value_b, c.unit), unit_text(c.unit), src)
    if not d.changes:
        t.caption = "Geen parameter verschilt."
    return t


def product_table(d: Diff) -> Table | None:
    if not d.products:
        return None
    t = Table(title="Producten die niet worden toegerekend", caption_justify="left")
    for name in ("Code", "Product", "Wijziging", "Basis A", "Basis B"):
        t.add_column(name, overflow="fold")
    for p in d.products:
        t.add_row(p.code, p.product, PRODUCT_KIND[p.kind], p.basis_a or "—", p.basis_b or "—")
    return t


def _label(d: Diff, group: str) -> str:
    if d.group_by == "parameter" and group in d.elements and d.elements[group] in ELEMENT_NAMES:
        return f"{group} ({d.elements[group]})"
    return group


def tariff_heading(code: str, tariffs: list[Attribution]) -> str:
    first = tariffs[0]
    head = "; ".join(f"{VARIANT[t.variant]} {euro_nl(t.tariff_a)} → {euro_nl(t.tariff_b)}" for t in tariffs)
    return f"\n{code} {first.product} (per {first.unit}): {head}"


def tariff_table(d: Diff, code: str, tariffs: list[Attribution]) -> Table:
    """One product: per group its contribution to the normal (and micro) tariff, largest first."""
    first = tariffs[0]
    dec = 4
    t = Table(caption_justify="left")
    t.add_column("Groep", overflow="fold")
    for tar in tariffs:
        name = "Normaal" if tar.variant == "normal" else "Micro"
        t.add_column(f"{name} €", justify="right")
        t.add_column("%", justify="right")
    shown = [g for g, c in ordered_parts(first) if any(not round_to_zero(x.parts[g], 10) for x in tariffs)]
    for tar in tariffs[1:]:
        shown += [g for g, c in ordered_parts(tar) if g not in shown and not round_to_zero(c, 10)]

    def cells(values):
        out = []
        for tar, v in zip(tariffs, values, strict=True):
            out += [_signed(v, dec), _pct(v / tar.tariff_a * 100 if tar.tariff_a else None)]
        return out

    for g in shown:
        t.add_row(_label(d, g), *cells([tar.parts[g] for tar in tariffs]))
    t.add_section()
    t.add_row("verschil ongeafrond", *cells([tar.delta_unrounded for tar in tariffs]))
    t.add_row(ROUNDING_LABEL, *cells([tar.rounding for tar in tariffs]))
    t.add_row("verschil tarief", *cells([tar.delta for tar in tariffs]))
    quiet = [g for g in d.groups if g not in shown]
    if quiet:
        names = ", ".join(quiet[:3]) + (f" en {len(quiet) - 3} meer" if len(quiet) > 3 else "")
        t.caption = f"Zonder effect op dit product: {names}."
    return t


def summary_table(d: Diff) -> Table:
    over = summarised(d)
    t = Table(title=f"Samenvatting over {len({x.code for x in over})} producten ({len(over)} tarieven): "
              "bijdrage in % van het tarief in A", caption_justify="left")
    for name, kw in (("Groep", {"overflow": "fold"}), ("Gemiddeld", {"justify": "right"}),
                     ("Min", {"justify": "right"}), ("Max", {"justify": "right"})):
        t.add_column(name, **kw)
    for r in summary_rows(d):
        if r["group"] == "totaal":
            t.add_section()
        name = {ROUNDING: ROUNDING_LABEL, "totaal": "verschil tarief"}.get(r["group"], _label(d, r["group"]))
        t.add_row(name, _pct(r["mean_pct"]), _pct(r["min_pct"]), _pct(r["max_pct"]))
    return t


def by_product(d: Diff) -> dict[str, list[Attribution]]:
    out: dict[str, list[Attribution]] = {}
    for t in d.attributions:
        out.setdefault(t.code, []).append(t)
    return out


def diff_report(d: Diff):
    """Everything for the terminal: notes, parameters, products not attributed, one table per product,
    the summary."""
    parts = []
    for note in d.notes:
        parts.append(f"Let op: {note}")
    parts.append(parameter_table(d))
    extra = product_table(d)
    if extra is not None:
        parts.append(extra)
    grouping = {"parameter": "per parameter", "element": "per kostenelement (art. 2.3 Besluit Jeugdwet)",
                "file": "per bestand"}[d.group_by]
    parts.append(f"\nToerekening van het verschil B − A {grouping} (Shapley-waarden, € per eenheid, ongeafrond; "
                 "de afronding apart). Grootste bijdrage eerst.")
    for code, tariffs in by_product(d).items():
        if any(x.cents_a != x.cents_b or x.delta_unrounded for x in tariffs):
            parts.append(Text(tariff_heading(code, tariffs), style="bold"))
            parts.append(tariff_table(d, code, tariffs))
    unchanged = [c for c, ts in by_product(d).items() if not any(x.cents_a != x.cents_b or x.delta_unrounded
                                                                  for x in ts)]
    if unchanged:
        parts.append(f"Ongewijzigd ({len(unchanged)}): {', '.join(unchanged)}")
    if summarised(d):
        parts.append(summary_table(d))
    return Group(*parts)


#: the workbook's number kinds per key (the rest as :func:`kostprijs.presentation.xlsx.columns_for` guesses)
_KINDS = {"contribution": "euro_precise", "delta_unrounded": "euro_precise", "count": "integer"}


#: the line an empty sheet of the diff workbook shows instead of nothing: (Dutch, English)
EMPTY = {
    "Toerekening": ("Geen tarieven om toe te rekenen: A en B hebben geen product met dezelfde code en basis "
                    "(zie het blad Producten).",
                    "No tariffs to attribute: A and B have no product with the same code and basis (see the "
                    "sheet Producten)."),
    "Samenvatting": ("Geen samenvatting: er is geen tarief toegerekend (zie het blad Producten).",
                     "No summary: no tariff was attributed (see the sheet Producten)."),
    "Wijzigingen": ("Geen verschillen: elk pad (kostprijs params) heeft in A en B dezelfde waarde.",
                    "No differences: every path (kostprijs params) has the same value in A and B."),
    "Producten": ("Geen verschillen: elk product staat in A en in B, met dezelfde basis; alle tarieven zijn "
                  "toegerekend (blad Toerekening).",
                  "No differences: every product is in A and in B, with the same basis; every tariff is "
                  "attributed (sheet Toerekening)."),
}


def _sheet(title: str, rows, spec):
    from kostprijs.language import pick
    from kostprijs.presentation.xlsx import Column, Sheet, columns_for

    cols = [Column(c.key, _KINDS[c.key]) if c.key in _KINDS else c for c in columns_for(spec)]
    return Sheet(title, cols, list(rows), empty=pick(*EMPTY[title]) if title in EMPTY else None)


def diff_workbook(d: Diff) -> bytes:
    """Toerekening (the attribution rows), Samenvatting, Wijzigingen (the parameter diff), Producten (not
    attributed) and Toelichting."""
    from kostprijs.presentation.xlsx import workbook_bytes

    return workbook_bytes([
        _sheet("Toerekening", attribution_rows(d), ATTRIBUTION_COLUMNS),
        _sheet("Samenvatting", summary_rows(d), SUMMARY_COLUMNS),
        _sheet("Wijzigingen", [c.as_dict() for c in d.changes], PARAMETER_COLUMNS),
        _sheet("Producten", [p.as_dict() for p in d.products], PRODUCT_COLUMNS),
        _sheet("Toelichting", [{"item": k, "value": v} for k, v in _about(d)], [("item", None), ("value", None)]),
    ])


def _about(d: Diff):
    from kostprijs.language import pick

    yield "A", d.name_a
    yield "B", d.name_b
    yield pick("groepen", "groups"), d.group_by
    for n in d.notes:
        yield pick("let op", "note"), n
    yield "Toerekening", pick("per tarief (code, variant) de bijdrage van elke groep aan B − A in € per eenheid, "
                              "ongeafrond (Shapley-waarden); de groep rounding is het effect van de afronding",
                              "per tariff (code, variant) the contribution of each group to B − A in EUR per unit, "
                              "unrounded (Shapley values); the group rounding is the effect of the rounding")
    yield "Samenvatting", pick("per groep de bijdrage in % van het tarief in A: gemiddeld, min en max over de "
                               "tarieven", "per group the contribution in % of the tariff in A: mean, min and max "
                               "over the tariffs")
    yield "Wijzigingen", pick("elk pad (kostprijs params) met een andere waarde in A en B, met eenheid en bron",
                              "every path (kostprijs params) with another value in A and B, with unit and source")
    yield "Producten", pick("producten alleen in A of in B, of met een andere basis: niet toegerekend",
                            "products only in A or in B, or with another basis: not attributed")


def plot_diff(d: Diff, path: Path, footer: str | None = None) -> None:
    """A waterfall per changed tariff from A's tariff to B's: one bar per group with a share, the
    rounding, then B (:func:`kostprijs.presentation.plots.plot_steps_grid`)."""
    from kostprijs.errors import KostprijsError
    from kostprijs.presentation.plots import Step, plot_steps_grid

    panels = []
    for t in d.attributions:
        if t.cents_a == t.cents_b and not t.delta_unrounded:
            continue
        steps = [Step(f"A\n{d.name_a}", t.tariff_a, total=True)]
        steps += [Step(_wrap(g), c) for g, c in ordered_parts(t) if not round_to_zero(c, 10)]
        steps.append(Step(ROUNDING_LABEL, t.rounding))
        steps.append(Step(f"B\n{d.name_b}", t.tariff_b, total=True))
        variant = " (micro)" if t.variant == "micro" else ""
        panels.append((f"{t.code} {t.product}{variant}", f"EUR/{t.unit}", steps))
    if not panels:
        raise KostprijsError(f"--plot {path}: A and B give the same tariffs; nothing to draw")
    plot_steps_grid(panels, f"Van A naar B: bijdrage per groep ({d.group_by})", path, footer)


def _wrap(group: str) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(group.replace(".", ". "), 18)).replace(". ", ".")
