"""Rich tables for people (Dutch money formatting), fitted to the terminal width.

No figure is ever cut: figure columns keep their full width; when the table does not fit, secondary
columns are left out first (the caption says which) or folded into another column as a line of their
own (the explain source under its step), then long names are shortened after a whole word with '…'.
``--wide`` (width None) shows everything.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kostprijs.analysis.labels import ELEMENTS
from kostprijs.language import dutch_digits, language, pick
from kostprijs.presentation.i18n import param_status_word, source_text, status_word, t
from kostprijs.presentation.money import euro_nl

NAME_MIN = 10      # a shortened name keeps at least this many characters
NAME_FIRST = 40    # a name column gets up to this width before the text columns share what is left
SMALL = 12         # a column this few characters short of its full width gets them before the others share


@dataclass
class Col:
    header: str
    kind: str = "figure"    # figure: never cut | name: shortened at a word boundary | text: wraps at words
    #                         | wrap: wraps at words, never narrower than its longest word (a figure or a unit)
    drop: int = 0           # 0: always shown; higher numbers are left out first when the width is short
    justify: str = "left"
    fold: int | None = None  # left out: its text goes, dimmed, on a line of its own under this column
    least: int = NAME_MIN    # a text column narrower than this is left out (or folded) instead


_AMOUNT = re.compile(r"€ (?=[-−+]?\d)")


def keep_amounts_whole(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` so that no amount is split over two lines ('€' at the end of one line
    and '2.463,00' on the next, as the terminal's word wrap does); a text without an amount as it is."""
    if "€ " not in text or width < 8:
        return text
    protected = _AMOUNT.sub("€\u00a0", text)         # textwrap breaks at ASCII whitespace only
    lines = []
    for part in protected.split("\n"):
        lines += textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(lines).replace("\u00a0", " ")


@dataclass
class FitTable:
    """A table that fits itself to a width (see the module text); ``render(width)`` gives the rich Table."""

    title: str
    columns: list[Col]
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""

    def _natural(self, k: int) -> int:
        cells = [Text.from_markup(r[k]).cell_len for r in self.rows]
        header = self.columns[k].header   # a short header on one line, a long one may wrap at words
        head = len(header) if len(header) <= 12 else max(len(w) for w in header.split())
        return max([head, *cells])

    def render(self, width: int | None) -> Table:
        natural = [self._natural(k) for k in range(len(self.columns))]
        keep = list(range(len(self.columns)))

        def minimum(k):
            c = self.columns[k]
            if c.kind == "wrap":   # a word with a digit is a figure: whole; other words may fold
                words = [w for r in self.rows for w in Text.from_markup(r[k]).plain.split()]
                return max([min(natural[k], c.least), *(len(w) for w in words if any(ch.isdigit() for ch in w))])
            word = max(len(w) for w in c.header.split()) if c.header.strip() else 0   # a header word whole
            return natural[k] if c.kind == "figure" else max(min(natural[k], c.least), word)

        def total(ks, widths):
            return sum(widths[k] for k in ks) + 3 * len(ks) + 1

        dropped, folded = [], []
        if width is not None:
            while total(keep, {k: minimum(k) for k in keep}) > width and any(self.columns[k].drop for k in keep):
                worst = max((k for k in keep if self.columns[k].drop), key=lambda k: (self.columns[k].drop, k))
                keep.remove(worst)
                if self.columns[worst].fold in keep:
                    folded.append(worst)
                else:
                    dropped.append(self.columns[worst].header)
        for f in folded:   # the column a text folds into may take the width of that text
            target = self.columns[f].fold
            natural[target] = max(natural[target], natural[f] + len(self.columns[f].header) + 2)
        widths = {k: natural[k] for k in keep}
        if width is not None and total(keep, widths) > width:
            flexible = [k for k in keep if self.columns[k].kind != "figure"]
            for k in flexible:
                widths[k] = minimum(k)
            spare = max(width - total(keep, widths), 0)
            for k in flexible:   # the names first (a product name whole before more room for text)
                if self.columns[k].kind == "name":
                    extra = max(min(spare, natural[k] - widths[k], NAME_FIRST - widths[k]), 0)
                    widths[k] += extra
                    spare -= extra
            for k in sorted(flexible, key=lambda k: natural[k] - widths[k]):   # then a column a few characters short
                if 0 < natural[k] - widths[k] <= min(SMALL, spare):
                    spare -= natural[k] - widths[k]
                    widths[k] = natural[k]
            want = {k: natural[k] - widths[k] for k in flexible}
            share = {k: spare * want[k] // max(sum(want.values()), 1) for k in flexible}   # in proportion
            for k in flexible:
                widths[k] += share[k]
                spare -= share[k]
            for k in flexible:   # what the rounding down left, in column order
                extra = min(spare, natural[k] - widths[k])
                widths[k] += extra
                spare -= extra
        shortened = False
        table = Table(title=self.title, caption_justify="left")
        for k in keep:
            c = self.columns[k]
            target = any(self.columns[f].fold == k for f in folded)   # its folded lines wrap
            head = "\n".join(textwrap.wrap(c.header, widths[k])) if len(c.header) > widths[k] else c.header
            table.add_column(head, justify=c.justify, width=widths[k],
                             no_wrap=c.kind not in ("text", "wrap") and not target, overflow="fold")
        for r in self.rows:
            cells = []
            for k in keep:
                cell = r[k]
                if self.columns[k].kind == "name" and len(cell) > widths[k]:
                    cell = shorten(cell, widths[k])
                    shortened = True
                elif self.columns[k].kind in ("text", "wrap"):
                    cell = keep_amounts_whole(cell, widths[k])
                for f in folded:
                    if self.columns[f].fold == k and r[f]:
                        text = keep_amounts_whole(f"{self.columns[f].header}: {r[f]}", widths[k])
                        cell += f"\n[dim]{text}[/dim]"
                cells.append(cell)
            table.add_row(*cells)
        notes = [self.caption] if self.caption else []
        if folded:
            notes.append(t("folded", cols=", ".join(self.columns[f].header for f in folded),
                           under=", ".join(self.columns[self.columns[f].fold].header for f in folded)))
        if dropped:
            notes.append(t("dropped", cols=", ".join(dropped)))
        if shortened:
            notes.append(t("shortened"))
        table.caption = " ".join(notes)
        table.min_width = None
        self.needed = total(keep, widths)
        return table


@dataclass
class FitGroup:
    """Several FitTables one after another (`index`), each fitted to the same width."""

    tables: list[FitTable]
    lines: list[str] = field(default_factory=list)   # plain lines before the tables

    def render(self, width: int | None):
        from rich.console import Group

        out = [Text(line) for line in self.lines] + ([Text(" ")] if self.lines else [])
        for k, table in enumerate(self.tables):
            out += [Text(" ")] if k else []
            out.append(table.render(width))
        self.needed = max(t.needed for t in self.tables)
        return Group(*out)


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut after a whole word with '…'."""
    if len(text) <= width:
        return text
    short = textwrap.shorten(text, width, placeholder=" …")
    if short == "…" or len(short) > width:   # the first word alone is too long
        return text[:width - 1] + "…"
    return short


def rounding_caption(rows) -> str:
    rules = sorted({(r["unit"], r["rounding"]) for r in rows if r["basis"] == "model"})
    return t("rounding") + ": " + "; ".join(f"{u}: {rule}" for u, rule in rules) + "."


def tariff_table(pset, rows) -> FitTable:
    cols = [Col(t("code")), Col(t("product"), "name"), Col(t("unit"), drop=2), Col(t("tariff"), justify="right"),
            Col(t("micro"), justify="right"), Col(t("hourly"), justify="right", drop=1),
            Col(t("basis"), drop=3)]
    basis = {"model": t("model"), "fixed": t("fixed"), "not_derivable": t("not_derivable")}
    body = [[r["code"], r["product"], r["unit"], euro_nl(r["tariff"]), euro_nl(r["tariff_micro"]),
             euro_nl(r["hourly"], 4) if r["hourly"] is not None else "—", basis[r["basis"]]] for r in rows]
    return FitTable(t("tariffs_title", name=pset.source.name), cols, body,
                    rounding_caption(rows) + " " + t("tariff_caption") + " " + provenance(pset))


def provenance(pset) -> str:
    """The last sentence of a table's caption: version, parameter set and fingerprint it was computed from
    (the one line of :func:`kostprijs.parameters.fingerprint.provenance_line`)."""
    from kostprijs.parameters.fingerprint import provenance_line

    return provenance_line(pset) + "."



def params_table(pset) -> FitTable:
    """`params`: every parameter (its path is the name `--set` takes, never cut), value in Dutch notation,
    unit, date, status and source; at a narrow width the source goes under the path, the date is left out."""
    from kostprijs.analysis.labels import unit_text

    cols = [Col(t("path"), "text", least=26), Col(t("value"), "wrap", justify="right", least=8),
            Col(t("unit"), "wrap", least=16), Col(t("since"), drop=2), Col(t("status")),
            Col(t("source"), "text", drop=1, fold=0, least=32)]
    from kostprijs.analysis.tariffs import PREMIUM_RATE_UNIT, parameter_rows, premium_formula_note

    def shown(r) -> str:    # a derived sociale lasten rate to 0,01% (the JSON keeps every digit)
        derived = r["status"] == "derived" and r["unit"] == PREMIUM_RATE_UNIT
        return value_text(round(r["value"], 4) if derived else r["value"], r["unit"])

    body = [[escape(r["path"]), escape(shown(r)), escape(unit_text(r["unit"])),
             r["since"].strftime("%d-%m-%Y") if r["since"] else "", escape(param_status_word(r["status"])),
             escape(source_text(r["source"] or ""))] for r in parameter_rows(pset, formula_inline=False)]
    note = premium_formula_note(pset)
    return FitTable(t("params_title", name=pset.source.name), cols, body, escape(note) if note else "")


def variant_word(variant: str) -> str:
    """normal/micro as the tables show it: 'normaal' in Dutch (the JSON keeps the key)."""
    return pick("normaal", "normal") if variant == "normal" else variant


STATUS_STYLE = {"exact": "green", "off": "red", "within_precision": "yellow", "not_derivable": "dim",
                "no_tariff": "dim", "unmatched": "dim", "unit_mismatch": "yellow"}


def verify_table(pset, checks, summ) -> FitTable:
    published = pset.source.published.name if pset.source.published else "-"
    cols = [Col(t("code")), Col(t("product"), "name"), Col(t("variant"), drop=2),
            Col(t("published"), justify="right"), Col(t("computed"), justify="right"),
            Col(t("diff"), justify="right"), Col(t("status"), "wrap", least=9), Col(t("detail"), "text", drop=1)]
    body = []
    for c in checks:
        diff = "" if c["diff_cents"] is None else f"{c['diff_cents']:+d} ct"
        style = STATUS_STYLE[c["status"]]
        body.append([c["code"] or "—", c["product"], variant_word(c["variant"]), euro_nl(c["published"]),
                     euro_nl(c["computed"]), diff, f"[{style}]{status_word(c['status'])}[/{style}]",
                     c["detail"] or ""])
    inputs = ", ".join(f"{n} {k}" for k, n in summ["inputs"].items())
    inputs = ", ".join(f"{n} {param_status_word(k)}" for k, n in summ["inputs"].items())
    caption = pick(
        f"exact {summ['exact']}/{summ['derivable']} af te leiden tarieven (normaal en micro); "
        f"{summ['within_precision']} binnen de precisie van de invoer; {summ['not_derivable']} niet af te leiden"
        + "".join(f"; {summ[k]} {status_word(k)}" for k in ("no_tariff", "unmatched") if summ.get(k))
        + f". Invoer: {inputs}.",
        f"exact {summ['exact']}/{summ['derivable']} derivable tariffs (normal and micro); "
        f"{summ['within_precision']} within input precision; {summ['not_derivable']} not derivable"
        + "".join(f"; {summ[k]} {k.replace('_', ' ')}" for k in ("no_tariff", "unmatched") if summ.get(k))
        + f". Inputs: {inputs}.") + " " + provenance(pset)
    return FitTable(t("verify_title", name=pset.source.name, published=published), cols, body, caption)


def completeness_text(r) -> str:
    """What a shipped set carries (`kostprijs regions`), from the counts of parameters.regions.describe;
    the JSON keeps its English ``completeness``."""
    if language() == "en" or r.get("kind") not in ("model", "check file", "catalogue"):
        return r["completeness"]
    if r["kind"] == "model":
        fixed = r["priced"] - r["computed"]
        return (f"model: {r['computed']} van {r['products']} producten berekend"
                + (f", {fixed} vast" if fixed > 0 else "") + (", met gepubliceerde lijst" if r["published"] else ""))
    if r["kind"] == "check file":
        return (f"alleen controlebestand: {r['rows']} gepubliceerde tarieven"
                + (f", {r['mapped']} gekoppeld aan NOB-modelproducten" if r["mapped"] is not None else ""))
    return f"catalogus: {r['products']} productcodes met eenheden en maxima, geen bedragen"


def regions_table(rows):
    """The shipped parameter sets and published lists (`kostprijs regions`)."""
    from rich.table import Table

    table = Table(title=pick("Parametersets en gepubliceerde lijsten", "Parameter sets and published lists"),
                  show_lines=False)
    for col, kw in ((pick("Naam", "Name"), {"no_wrap": True}), (pick("Jaar", "Year"), {"justify": "right"}),
                    (pick("Volledigheid", "Completeness"), {}), (pick("Bron", "Source"), {})):
        table.add_column(col, **kw)
    for r in rows:
        note = pick(r.get("note_nl") or r["note"], r["note"])
        what = completeness_text(r) + (f"\n{note}" if note else "")
        table.add_row(r["name"], str(r["year"] or "—"), what, r["source"] or "—")
    return table


STYLE = {"below": "red", "above": "yellow", "exact": "green", "within_precision": "green"}


def check_table(pset, tariffs, rows, summ) -> FitTable:
    """`check`: every published line against the model. At a narrow width the note goes under the product,
    then the line number, variant, model code and unit are left out; the amounts are never cut."""
    from kostprijs.presentation.money import euro_nl

    cols = [Col(pick("Regel", "Line"), justify="right", drop=4), Col("Code"), Col("Product", "name", least=14),
            Col(pick("Eenheid", "Unit"), drop=3), Col("Var.", drop=5), Col(pick("Modelcode", "Model code"), drop=6),
            Col(pick("Gepubliceerd", "Published"), justify="right"), Col("Model", justify="right"),
            Col("Δ €", justify="right"), Col("Δ %", justify="right", drop=2), Col("Status", "wrap", least=9),
            Col(pick("Opmerking", "Note"), "text", drop=7, fold=2, least=30)]
    body = []
    for r in rows:
        style = STYLE.get(r["direction"] or r["status"], "dim")
        delta = "" if r["delta_eur"] is None else f"{r['delta_eur']:+.2f}".replace(".", ",")
        pct = "" if r["delta_pct"] is None else f"{r['delta_pct']:+.1f}%".replace(".", ",")
        via = f"{r['model_code']} (map)" if r["matched_via"] == "map" else (r["model_code"] or "—")
        direction = {"below": pick("onder", "below"), "above": pick("boven", "above")}.get(r["direction"],
                                                                                         r["direction"])
        status = (("▼ " if r["below_model"] else "") + status_word(r["status"])
                  + (f" ({direction})" if direction else ""))
        body.append([str(r["line"]), escape(r["code"] or "—"), escape(r["product"] or ""), escape(r["unit"]),
                     variant_word(r["variant"]), escape(via), euro_nl(r["published"]), euro_nl(r["model"]), delta, pct,
                     f"[{style}]{status}[/{style}]", escape(r["note"] or "")])
    med = summ["median_delta_pct"]
    median = f"{med:+.1f}%".replace(".", ",") if med is not None else None
    caption = pick(
        f"{summ['tariffs']} tarieven op {summ['lines']} regels ({summ['profile']}-profiel); "
        f"{summ['compared']} vergeleken, {summ['below_model']} onder het model (▼), "
        f"{summ['unmatched']} niet gevonden, {summ['unit_mismatch']} andere eenheid. "
        + (f"Mediaan Δ {median}. " if median else "")
        + "Δ = gepubliceerd - model; modeltarieven afgerond volgens de regels van de set.",
        f"{summ['tariffs']} tariffs on {summ['lines']} lines ({summ['profile']} profile); "
        f"{summ['compared']} compared, {summ['below_model']} below the model (▼), "
        f"{summ['unmatched']} unmatched, {summ['unit_mismatch']} unit mismatch. "
        + (f"Median Δ {median}. " if median else "")
        + "Δ = published - model; model tariffs rounded by the set's rules.") + " " + provenance(pset)
    return FitTable(pick(f"Controle {tariffs} tegen {pset.source.name}", f"Check {tariffs} against {pset.source.name}"),
                    cols, body, caption)


def compare_table(rows, summ, names, psets=None) -> FitTable:
    """`compare`: baseline and every scenario per product (micro in brackets); at a narrow width the
    Δ EUR columns go first, then the scenarios' own tariffs (Δ % always stays)."""
    cols = [Col(t("code")), Col(t("product"), "name"), Col(t("baseline"), justify="right", drop=1)]
    for n in names:
        cols += [Col(n, justify="right", drop=2), Col(f"Δ € {n}" if len(names) > 1 else "Δ €", justify="right",
                                                        drop=3), Col(f"Δ % {n}" if len(names) > 1 else "Δ %",
                                                                     justify="right")]

    def pair(a, b, f):
        return f(a) + (f" ({f(b)})" if b is not None else "")

    def eur(x):
        return "—" if x is None else ("+" if x > 0 else "") + euro_nl(x)

    by_code: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_code.setdefault(r["code"], {})[r["scenario"]] = r
    body = []
    for code, per in by_code.items():
        b = per["baseline"]
        cells = [code, b["product"], pair(b["tariff"], b["tariff_micro"], euro_nl)]
        for n in names:
            r = per[n]
            cells += [pair(r["tariff"], r["tariff_micro"], euro_nl), pair(r["delta"], r["delta_micro"], eur),
                      pair(r["delta_pct"], r["delta_pct_micro"], pct_text)]
        body.append(cells)
    caption = " ".join(t("compare_summary", scenario=s["scenario"], n=s["tariffs"], mean=pct_text(s["mean_pct"]),
                         min=pct_text(s["min_pct"]), max=pct_text(s["max_pct"])) for s in summ)
    if psets:   # {scenario name: its set}: the baseline's line, and each scenario's own fingerprint
        from kostprijs.parameters.fingerprint import fingerprint, short

        caption += " " + provenance(psets["baseline"]) + " " + "; ".join(
            f"{n}: sha256:{short(fingerprint(psets[n]))}" for n in names) + "."
    return FitTable(t("compare_title"), cols, body, caption)


def pct_text(x) -> str:
    """'+1,25%': a change in percent, Dutch notation."""
    return "—" if x is None else f"{x:+.2f}%".replace(".", ",")


def explain_table(pset, p, rows, micro) -> FitTable:
    """`explain`: every step with its value, unit, running amount and source. At a narrow width the
    source goes under its step (dimmed, in full) and the unit wraps at words; figures are never cut."""
    from kostprijs.analysis.labels import unit_text
    from kostprijs.presentation.money import value_nl

    title = f"{p.code} {p.name} ({p.unit}){' — micro-onderneming' if micro else ''}, {pset.source.name}"
    cols = [Col(t("step"), "text"), Col(t("value"), "wrap", justify="right", least=8), Col(t("unit"), "wrap"),
            Col(t("amount"), justify="right"), Col(t("source"), "text", drop=1, fold=0, least=32)]
    body, last = [], None
    for r in rows:
        if r.element != last:
            body.append([f"[bold]{escape(r.element)}[/bold]", "", "", "", ""])
            last = r.element
        amount = "" if r.amount is None else euro_nl(r.amount, 2 if r.element == ELEMENTS["tariff"] else 4)
        body.append([escape(r.step), escape(value_nl(r.value, r.unit)), escape(unit_text(r.unit)), amount,
                     escape(source_text(r.source))])
    return FitTable(title, cols, body, t("explain_caption") + " " + provenance(pset))


def value_text(value, unit: str | None) -> str:
    """A parameter value for people: a fraction or share as a percentage in Dutch notation (0.0833 ->
    '8,33%', as ``--set`` also takes it), any other number as :func:`number_nl` writes it."""
    from kostprijs.presentation.money import number_nl, share_nl, unit_kind, value_nl

    if (isinstance(value, int | float) and not isinstance(value, bool)
            and (unit or "").startswith(("fraction", "share"))):
        return share_nl(value)
    if unit_kind(unit) == "year":
        return value_nl(value, unit)   # 2026, not the amount 2.026
    return number_nl(value)            # the unit column says €/maand: no € in the value column


def fmt_value(value: float, unit: str, width: float | None = None) -> str:
    """A solved value with as many decimals as its range warrants (percent for fractions)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    pct = unit.startswith("fraction")
    v = value * 100 if pct else value
    w = (width * 100 if pct else width) if width else None
    dec = 2 if not w or w <= 0 or math.isnan(w) else min(6, max(0, -math.floor(math.log10(w))))
    text = dutch_digits(f"{v:,.{dec}f}")
    return text + ("%" if pct else f" {unit}")


def implied_tables(pset, tariffs, fit, params_out, summary):
    """`implied`: the solved values, the residual per tariff and the lines not used, as FitTables (no
    figure cut at 80 columns: the set's value, the search bounds, line and variant go first)."""
    from kostprijs.presentation.money import euro_nl

    cols = [Col("Parameter"), Col(pick("Afgeleid", "Implied"), justify="right"),
            Col(pick("Bereik", "Range"), justify="right"),
            Col(pick("Standaardfout", "Std. error"), justify="right", drop=1),
            Col(pick("In de set", "In the set"), justify="right", drop=2),
            Col(pick("Gezocht", "Searched"), justify="right", drop=3)]
    body = []
    for p in params_out:
        width = (p["range"][1] - p["range"][0]) if p["range"] else p["standard_error"]
        rng = "—" if p["range"] is None else (f"{fmt_value(p['range'][0], p['unit'], width)} .. "
                                              f"{fmt_value(p['range'][1], p['unit'], width)}")
        se = "—" if p["standard_error"] is None else fmt_value(p["standard_error"], p["unit"], width)
        body.append([escape(p["path"]), fmt_value(p["value"], p["unit"], width), rng, se,
                     fmt_value(p["set_value"], p["unit"]),
                     f"{fmt_value(p['bounds'][0], p['unit'])} .. {fmt_value(p['bounds'][1], p['unit'])}"])
    caption = pick(
        f"Bereik: waarden waarbij alle behouden tarieven gereproduceerd worden. {summary['tariffs_used']} "
        f"tarieven gebruikt, {summary['outliers']} uitschieter(s) weggelaten, "
        f"{summary['independent']} onafhankelijk van de gezochte parameter(s), {summary['skipped']} regels "
        f"niet bruikbaar. Methode: {IMPLIED_METHODS.get(fit.method, fit.method)}. Standaardfout uit de afronding "
        "alleen. ",
        f"Range: all kept tariffs reproduced. {summary['tariffs_used']} tariffs used, {summary['outliers']} "
        f"outlier(s) left out, {summary['independent']} independent of the solved parameter(s), "
        f"{summary['skipped']} lines not usable. Method: {fit.method}. Standard error from rounding alone. "
    ) + " ".join(f"{p['path']}: {p['note']}." for p in params_out if p["note"])
    caption += (" " if any(p["note"] for p in params_out) else "") + provenance(pset)
    head = FitTable(pick(f"Afgeleid uit {tariffs} (parameterset {pset.source.name})",
                         f"Implied by {tariffs} (parameter set {pset.source.name})"), cols, body, escape(caption))

    single = len(fit.unknowns) == 1
    cols = [Col(pick("Regel", "Line"), justify="right", drop=2), Col("Code"), Col("Var.", drop=3),
            Col(pick("Gepubliceerd", "Published"), justify="right"), Col("Model (set)", justify="right", drop=4),
            Col(pick("Model (afgeleid)", "Model (implied)"), justify="right"),
            Col(pick("Residu", "Residual"), justify="right"), Col("Status", "wrap", least=14)]
    if single:
        cols.append(Col(pick("Dit tarief alleen", "This tariff alone"), justify="right", drop=1))
    style = {"exact": "green", "within_precision": "green", "outlier": "red", "off": "yellow", "independent": "dim"}
    u = fit.unknowns[0]
    fit_word = {"outlier": pick("uitschieter", "outlier"), "independent": pick("onafhankelijk", "independent")}
    body = []
    for r in fit.rows:
        cells = [str(r["line"]), r["code"] + ("" if r["model_code"] == r["code"] else f" → {r['model_code']}"),
                 variant_word(r["variant"]), euro_nl(r["published"]), euro_nl(r["model_before"]),
                 euro_nl(r["model_fitted"]),
                 f"{int(r['residual_cents']):+d} ct",
                 f"[{style[r['fit'] if r['fit'] != 'used' else r['status']]}]{status_word(r['status'])}"
                 + ("" if r["fit"] == "used" else f", {fit_word.get(r['fit'], r['fit'])}") + "[/]"]
        if single:
            a = r.get("alone")
            cells.append("—" if a is None else f"{fmt_value(a[0], u.unit, a[1] - a[0])} .. "
                         f"{fmt_value(a[1], u.unit, a[1] - a[0])}")
        body.append(cells)
    res = FitTable(pick("Residuen per tarief bij de afgeleide waarde(n)",
                        "Residuals per tariff at the implied value(s)"), cols, body, pick(
        "Residu = model bij de afgeleide waarde(n) - gepubliceerd, in cent. Status als bij verify, bij de afgeleide "
        "waarde(n). uitschieter: geen waarde die de andere reproduceert, reproduceert deze; weggelaten uit de "
        "fit. onafhankelijk: hangt niet af van de gezochte parameter(s).",
        "Residual = model at the implied value(s) - published, in cents. Status as in verify, at the "
        "implied value(s). outlier: no value that reproduces the others reproduces this one; left out of "
        "the fit. independent: does not depend on the solved parameter(s)."))
    tables = [head, res]
    if fit.skipped:
        cols = [Col(pick("Regel", "Line"), justify="right"), Col("Code"), Col("Var."),
                Col(pick("Reden", "Reason"), "text")]
        tables.append(FitTable(pick("Niet gebruikte regels", "Lines not used"), cols,
                               [[str(s["line"]), escape(s["code"] or "—"), variant_word(s["variant"]),
                                 escape(s["reason"])]
                                for s in fit.skipped]))
    return FitGroup(tables, [implied_line(p) for p in params_out])


#: the methods of analysis.implied.solve (its ``method``, English in the JSON) in Dutch
IMPLIED_METHODS = {
    "interval overlap (most tariffs reproduced), then least squares within it":
        "overlap van de afrondingsintervallen (de meeste tarieven gereproduceerd), daarbinnen kleinste kwadraten",
    "robust least squares (soft L1), then least squares on the tariffs within 2 intervals":
        "robuuste kleinste kwadraten (soft L1), daarna kleinste kwadraten op de tarieven binnen 2 intervallen",
}


def implied_line(p) -> str:
    """The line above the tables: ``deze tarieven impliceren opslagen.overhead 17%`` (the JSON's ``text`` in
    English)."""
    if language() == "en":
        return p["text"]
    width = (p["range"][1] - p["range"][0]) if p["range"] else p["standard_error"]
    return f"deze tarieven impliceren {p['path']} {fmt_value(p['value'], p['unit'], width)}"


def cao_table(pset, steps, date) -> FitTable:
    """`kostprijs cao`: every CAO amount at ``date`` with the table and the raises it comes from; at a narrow
    width the derivation goes under the CAO, then the date is left out."""
    from kostprijs.analysis.labels import cao_derivation, step_name
    from kostprijs.presentation.money import euro_nl

    cols = [Col("CAO", "text", least=18), Col(pick("Schaal", "Scale")), Col(pick("Trede", "Step"), "wrap", least=7),
            Col(pick("Bedrag", "Amount"), justify="right"), Col(t("since"), drop=2), Col("Status"),
            Col(pick("Afleiding", "Derivation"), "text", drop=1, fold=0, least=24)]
    body = [[s.cao, s.scale, step_name(s.step), euro_nl(s.value), s.since.strftime("%d-%m-%Y"),
             param_status_word(s.status), escape(cao_derivation(s))] for s in steps]
    caption = pick("afgeleid: het bedrag van de tabel, doorgetrokken met de genoemde verhogingen (kostprijs explain "
                   "toont ze per tarief). Bedragen in €/maand. ",
                   "derived: the table's amount rolled forward by the raises named (kostprijs explain shows them "
                   "per tariff). Amounts in EUR/month. ")
    return FitTable(pick(f"CAO-tabellen {pset.source.name} op {date:%d-%m-%Y}",
                         f"CAO tables {pset.source.name} at {date:%d-%m-%Y}"), cols, body, caption + provenance(pset))
