"""Rendering of the index run (analysis/index.py): CSV/XLSX columns and the rich tables."""

from __future__ import annotations

from kostprijs.presentation.tables import provenance


def index_columns(plan) -> list[tuple[str, int | None]]:
    cols: list[tuple[str, int | None]] = [
        ("code", None), ("product", None), ("unit", None), ("basis", None), ("class", None), ("year", None),
        ("tariff", 2), ("tariff_micro", 2), ("unrounded", 6), ("unrounded_micro", 6), ("index", 4),
        ("correction", 4), ("correction_of", None), ("rate", 4), ("factor", 8), ("status", None)]
    for s in plan.needed:
        cols += [(s, 4), (f"{s}_status", None)]
    return [*cols, ("correction_note", None), ("rounding", None), ("note", None)]


def _pct(x: float | None, decimals: int = 3) -> str:
    from kostprijs.presentation.money import decimal_text

    return "—" if x is None else decimal_text(x, decimals) + "%"


TAGS = {"voorlopig": "v", "definitief": "d", "command line": "cli"}


def _short_note(info, plan, y: int) -> str:
    if y == 0:
        return "prijspeil"
    parts = []
    if info["correction_of"] is not None:
        parts.append(f"corr. {info['correction_of']} v→d")
    if info["correction_note"] and "not known yet" in info["correction_note"]:
        parts.append(f"{plan.years[y - 2]} d unknown")
    return "; ".join(parts)


def index_tables(run):
    """The summary of figures per year and class, then the tariff list of every year: FitTables (never a
    figure cut; at 80 columns the year's total rate, which is index + correctie, and the note go first,
    in the tariff lists the class, then the unit)."""
    from kostprijs.language import pick
    from kostprijs.presentation.money import euro_nl
    from kostprijs.presentation.tables import Col, FitGroup, FitTable

    pset, ix, plan, result = run.pset, run.ix, run.plan, run.result
    rows = run.rows()
    used = sorted({int(k) for k in result["klass"]})
    series = [s for n, s in enumerate(plan.series) if any(plan.weights[c, n] for c in used)]
    cy = run.class_years()
    years = [plan.prijspeil, *plan.years]
    cols = [Col(pick("Jaar", "Year")), Col(pick("Klasse", "Class"), "text", least=8),
            *(Col(s, justify="right") for s in series),
            Col("Index", justify="right"), Col(pick("Correctie", "Correction"), justify="right"),
            Col(pick("Totaal", "Total"), justify="right", drop=2),
            Col(pick("Cumulatief", "Cumulative"), justify="right"),
            Col(pick("Toelichting", "Note"), "text", drop=1)]
    body = []
    for y, year in enumerate(years):
        for c in used:
            info = cy[y][c]
            weights = "/".join(f"{plan.weights[c, n] * 100:g}" for n, s in enumerate(plan.series)
                               if plan.weights[c, n])
            figs = []
            for s in series:
                v = info["figures"].get(s)
                figs.append("—" if v is None else f"{_pct(v[0], 2)} {TAGS.get(v[1], v[1])}")
            body.append([str(year), f"{info['class']} {weights}", *figs, _pct(info["index"]),
                         _pct(info["correction"]), _pct(info["rate"]), _pct((info["factor"] - 1) * 100, 2),
                         _short_note(info, plan, y)])
    rules = sorted({(r["unit"], r["rounding"]) for r in rows if r["basis"] == "model"})
    fixed = ix.model.fixed_tariffs.value == "not_indexed"
    caption = pick(
        "v = voorlopig, d = definitief, cli = op de opdrachtregel gegeven (definitief). Index = gewogen cijfers "
        f"van het jaar (procent, niet afgerond); correctie = VNG-correctie ({ix.model.correction.value}) over het "
        "vorige jaar; totaal = index + correctie; tarief van een jaar = ONAFGERONDE prijspeiltarief x cumulatieve "
        "factor, dan afgerond: " + "; ".join(f"{u}: {rule}" for u, rule in rules)
        + ". Vaste tarieven: gepubliceerd bedrag " + ("niet geïndexeerd." if fixed else
                                                      "geïndexeerd, rekenkundig op hele centen."),
        "v = voorlopig, d = definitief, cli = given on the command line (definitief). Index = weighted figures "
        f"of the year (percent, not rounded); correction = VNG catch-up ({ix.model.correction.value}) for the "
        "previous year; total = index + correction; tariff of a year = UNROUNDED prijspeil tariff x cumulative "
        "factor, then rounded: " + "; ".join(f"{u}: {rule}" for u, rule in rules)
        + ". Fixed tariffs: published amount " + ("not indexed." if fixed else "indexed, half-up to the cent.")
    ) + " " + provenance(run.inputs)
    tables = [FitTable(pick(f"Indexatie {pset.source.name}: prijspeil {plan.prijspeil} tot {years[-1]}",
                            f"Indexation {pset.source.name}: prijspeil {plan.prijspeil} to {years[-1]}"),
                       cols, body, caption)]
    for year in years:
        cols = [Col("Code"), Col("Product", "name", least=24), Col(pick("Eenheid", "Unit"), drop=1),
                Col(pick("Klasse", "Class"), drop=2), Col(pick("Tarief", "Tariff"), justify="right"),
                Col("Micro", justify="right"), Col(pick("Ongerond", "Unrounded"), justify="right")]
        body = [[r["code"], r["product"], r["unit"], r["class"], euro_nl(r["tariff"]), euro_nl(r["tariff_micro"]),
                 euro_nl(r["unrounded"], 4) if r["unrounded"] is not None else "—"]
                for r in rows if r["year"] == year]
        title = pick(f"Tarieven {pset.source.name} {year}", f"Tariffs {pset.source.name} {year}")
        tables.append(FitTable(title + (" (prijspeil)" if year == plan.prijspeil else ""), cols, body))
    return FitGroup(tables)


def against_cao_output(run, region, params, overrides: tuple):
    """Rows, CSV columns and a table renderer of `index --against-cao` (analysis/against_cao.py)."""
    import sys

    from kostprijs.analysis.against_cao import COLUMNS, against_cao
    from kostprijs.parameters.load import resolve

    rest = tuple(o for o in overrides if not o.path.startswith("indexatie."))
    rows, warned = against_cao(resolve(region, params), rest, run.pset, run.plan, run.result)
    for line in warned:
        sys.stderr.write(f"kostprijs: warning: {line}\n")

    def render():
        from rich.table import Table

        from kostprijs.presentation.i18n import t as text
        from kostprijs.presentation.money import euro_nl

        fell_back = any(r["premium_fallback"] for r in rows)
        caption = (text("against_cao_caption") + (" " + text("against_cao_fallback") if fell_back else "")
                   + " " + provenance(run.inputs))
        t = Table(title=text("against_cao_title", name=run.pset.source.name), caption_justify="left",
                  caption=caption)
        for col in ("code", "year", "premiums", "indexed", "cao", "diff", "%"):
            t.add_column(text(col) if col != "%" else col, justify="left" if col == "code" else "right")
        for r in rows:
            pct = "—" if r["gap_pct"] is None else f"{r['gap_pct']:+.2f}%".replace(".", ",")
            year = text("flat") if r["premium_year"] == "flat" else str(r["premium_year"])
            t.add_row(r["code"], str(r["year"]), year + ("*" if r["premium_fallback"] else ""),
                      euro_nl(r["tariff_indexed"]), euro_nl(r["tariff_cao"]), euro_nl(r["gap"]), pct)
        return t

    return rows, COLUMNS, render
