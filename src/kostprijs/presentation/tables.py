"""Rich tables for people (Dutch money formatting), fitted to the terminal width.

No figure is ever cut: figure columns keep their full width; when the table does not fit, secondary
columns are left out first (the caption says which), then long names are shortened after a whole word
with '…'. ``--wide`` (width None) shows everything.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

from rich.table import Table
from rich.text import Text

from kostprijs.presentation.i18n import status_word, t
from kostprijs.presentation.money import euro_nl

NAME_MIN = 10      # a shortened name keeps at least this many characters


@dataclass
class Col:
    header: str
    kind: str = "figure"    # figure: never cut | name: shortened at a word boundary | text: wraps at words
    drop: int = 0           # 0: always shown; higher numbers are left out first when the width is short
    justify: str = "left"


@dataclass
class FitTable:
    """A table that fits itself to a width (see the module text); ``render(width)`` gives the rich Table."""

    title: str
    columns: list[Col]
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""

    def _natural(self, k: int) -> int:
        cells = [Text.from_markup(r[k]).cell_len for r in self.rows]
        head = max(len(w) for w in self.columns[k].header.split())
        return max([head, *cells])

    def render(self, width: int | None) -> Table:
        natural = [self._natural(k) for k in range(len(self.columns))]
        keep = list(range(len(self.columns)))

        def minimum(k):
            c = self.columns[k]
            return natural[k] if c.kind == "figure" else min(natural[k], NAME_MIN)

        def total(ks, widths):
            return sum(widths[k] for k in ks) + 3 * len(ks) + 1

        dropped = []
        if width is not None:
            while total(keep, {k: minimum(k) for k in keep}) > width and any(self.columns[k].drop for k in keep):
                worst = max((k for k in keep if self.columns[k].drop), key=lambda k: (self.columns[k].drop, k))
                keep.remove(worst)
                dropped.append(self.columns[worst].header)
        widths = {k: natural[k] for k in keep}
        if width is not None and total(keep, widths) > width:
            flexible = [k for k in keep if self.columns[k].kind != "figure"]
            for k in flexible:
                widths[k] = minimum(k)
            spare = width - total(keep, widths)
            for k in flexible:
                extra = min(max(spare, 0), natural[k] - widths[k])
                widths[k] += extra
                spare -= extra
        shortened = False
        table = Table(title=self.title, caption_justify="left")
        for k in keep:
            c = self.columns[k]
            table.add_column(c.header, justify=c.justify, width=widths[k],
                             no_wrap=c.kind != "text", overflow="fold")
        for r in self.rows:
            cells = []
            for k in keep:
                cell = r[k]
                if self.columns[k].kind == "name" and len(cell) > widths[k]:
                    cell = shorten(cell, widths[k])
                    shortened = True
                cells.append(cell)
            table.add_row(*cells)
        notes = [self.caption] if self.caption else []
        if dropped:
            notes.append(t("dropped", cols=", ".join(dropped)))
        if shortened:
            notes.append(t("shortened"))
        table.caption = " ".join(notes)
        table.min_width = None
        self.needed = total(keep, widths)
        return table


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
    from kostprijs.parameters.fingerprint import provenance_line

    return FitTable(t("tariffs_title", name=pset.source.name), cols, body,
                    rounding_caption(rows) + " " + t("tariff_caption") + " " + provenance_line(pset) + ".")


def params_table(pset) -> Table:
    t = Table(title=f"Parameters {pset.source.name}")
    for name in ("Path", "Value", "Unit", "Since", "Status", "Source"):
        t.add_column(name, overflow="fold")
    for r in pset.records:
        t.add_row(r.path, str(r.value), r.unit, str(r.since or ""), r.status, r.source)
    return t


STATUS_STYLE = {"exact": "green", "off": "red", "within_precision": "yellow", "not_derivable": "dim",
                "no_tariff": "dim", "unmatched": "dim", "unit_mismatch": "yellow"}


def verify_table(pset, checks, summ) -> FitTable:
    published = pset.source.published.name if pset.source.published else "-"
    cols = [Col(t("code")), Col(t("product"), "name"), Col(t("variant"), drop=2),
            Col(t("published"), justify="right"), Col(t("computed"), justify="right"),
            Col(t("diff"), justify="right"), Col(t("status")), Col(t("detail"), "text", drop=1)]
    body = []
    for c in checks:
        diff = "" if c["diff_cents"] is None else f"{c['diff_cents']:+d} ct"
        style = STATUS_STYLE[c["status"]]
        body.append([c["code"] or "—", c["product"], c["variant"], euro_nl(c["published"]),
                     euro_nl(c["computed"]), diff, f"[{style}]{status_word(c['status'])}[/{style}]",
                     c["detail"] or ""])
    inputs = ", ".join(f"{n} {k}" for k, n in summ["inputs"].items())
    caption = (f"exact {summ['exact']}/{summ['derivable']} derivable tariffs (normal and micro); "
               f"{summ['within_precision']} within input precision; {summ['not_derivable']} not derivable"
               + "".join(f"; {summ[k]} {k.replace('_', ' ')}" for k in ("no_tariff", "unmatched") if summ.get(k))
               + f". Inputs: {inputs}.")
    return FitTable(t("verify_title", name=pset.source.name, published=published), cols, body, caption)


def regions_table(rows):
    """The shipped parameter sets and published lists (`kostprijs regions`)."""
    from rich.table import Table

    table = Table(title="Parameter sets and published lists", show_lines=False)
    for col, kw in (("Name", {"no_wrap": True}), ("Year", {"justify": "right"}), ("Completeness", {}),
                    ("Source", {})):
        table.add_column(col, **kw)
    for r in rows:
        what = r["completeness"] + (f"\n{r['note']}" if r["note"] else "")
        table.add_row(r["name"], str(r["year"] or "—"), what, r["source"] or "—")
    return table


STYLE = {"below": "red", "above": "yellow", "exact": "green", "within_precision": "green"}


def check_table(pset, tariffs, rows, summ):
    from rich.table import Table

    from kostprijs.presentation.money import euro_nl

    t = Table(title=f"Check {tariffs} against {pset.source.name}")
    for name, kw in (("Line", {"justify": "right"}), ("Code", {}), ("Product", {"overflow": "fold", "max_width": 34}),
                     ("Unit", {}), ("Var.", {}), ("Model code", {}), ("Published", {"justify": "right"}),
                     ("Model", {"justify": "right"}), ("Δ EUR", {"justify": "right"}),
                     ("Δ %", {"justify": "right"}), ("Status", {}), ("Note", {"overflow": "fold", "max_width": 50})):
        t.add_column(name, **kw)
    for r in rows:
        style = STYLE.get(r["direction"] or r["status"], "dim")
        delta = "" if r["delta_eur"] is None else f"{r['delta_eur']:+.2f}".replace(".", ",")
        pct = "" if r["delta_pct"] is None else f"{r['delta_pct']:+.1f}%".replace(".", ",")
        via = f"{r['model_code']} (map)" if r["matched_via"] == "map" else (r["model_code"] or "—")
        status = ("▼ " if r["below_model"] else "") + r["status"] + (f" ({r['direction']})" if r["direction"] else "")
        t.add_row(str(r["line"]), r["code"] or "—", r["product"] or "", r["unit"], r["variant"], via,
                  euro_nl(r["published"]), euro_nl(r["model"]), delta, pct, f"[{style}]{status}[/{style}]",
                  r["note"] or "")
    med = summ["median_delta_pct"]
    t.caption = (f"{summ['tariffs']} tariffs on {summ['lines']} lines ({summ['profile']} profile); "
                 f"{summ['compared']} compared, {summ['below_model']} below the model (▼), "
                 f"{summ['unmatched']} unmatched, {summ['unit_mismatch']} unit mismatch. "
                 + (f"Median Δ {med:+.1f}%. ".replace(".", ",", 1) if med is not None else "")
                 + "Δ = published - model; model tariffs rounded by the set's rules.")
    t.caption_justify = "left"
    return t


def compare_table(rows, summ, names) -> FitTable:
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
    return FitTable(t("compare_title"), cols, body, caption)


def pct_text(x) -> str:
    """'+1,25%': a change in percent, Dutch notation."""
    return "—" if x is None else f"{x:+.2f}%".replace(".", ",")


def explain_table(pset, p, rows, micro):
    from rich.table import Table

    from kostprijs.presentation.i18n import t as text
    from kostprijs.presentation.money import euro_nl, value_nl

    t = Table(title=f"{p.code} {p.name} ({p.unit}){' — micro-onderneming' if micro else ''}, {pset.source.name}",
              caption=text("explain_caption"), caption_justify="left")
    t.add_column(text("step"), overflow="fold", min_width=24, ratio=4)
    t.add_column(text("value"), justify="right", overflow="fold", min_width=8, max_width=18)
    t.add_column(text("unit"), overflow="fold", min_width=7, max_width=16)
    t.add_column(text("amount"), justify="right", no_wrap=True, min_width=14)
    t.add_column(text("source"), overflow="ellipsis", no_wrap=True, min_width=10, max_width=48, ratio=3)
    last = None
    for r in rows:
        if r.element != last:
            t.add_row(f"[bold]{r.element}[/bold]", "", "", "", "", end_section=False)
            last = r.element
        amount = "" if r.amount is None else euro_nl(r.amount, 2 if r.element == "tarief" else 4)
        t.add_row(r.step, value_nl(r.value, r.unit), r.unit, amount, r.source)
    return t


def fmt_value(value: float, unit: str, width: float | None = None) -> str:
    """A solved value with as many decimals as its range warrants (percent for fractions)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    pct = unit.startswith("fraction")
    v = value * 100 if pct else value
    w = (width * 100 if pct else width) if width else None
    dec = 2 if not w or w <= 0 or math.isnan(w) else min(6, max(0, -math.floor(math.log10(w))))
    text = f"{v:,.{dec}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text + ("%" if pct else f" {unit}")


def implied_tables(pset, tariffs, fit, params_out, summary):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from kostprijs.presentation.money import euro_nl

    head = Table(title=f"Implied by {tariffs} (parameter set {pset.source.name})")
    for name, kw in (("Parameter", {}), ("Implied", {"justify": "right"}), ("Range (all kept tariffs reproduced)",
                     {"justify": "right"}), ("Std. error", {"justify": "right"}), ("In the set", {"justify": "right"}),
                     ("Searched", {"justify": "right"})):
        head.add_column(name, **kw)
    for p in params_out:
        width = (p["range"][1] - p["range"][0]) if p["range"] else p["standard_error"]
        rng = "—" if p["range"] is None else (f"{fmt_value(p['range'][0], p['unit'], width)} .. "
                                              f"{fmt_value(p['range'][1], p['unit'], width)}")
        se = "—" if p["standard_error"] is None else fmt_value(p["standard_error"], p["unit"], width)
        head.add_row(p["path"], fmt_value(p["value"], p["unit"], width), rng, se,
                     fmt_value(p["set_value"], p["unit"]),
                     f"{fmt_value(p['bounds'][0], p['unit'])} .. {fmt_value(p['bounds'][1], p['unit'])}")
    head.caption = (f"{summary['tariffs_used']} tariffs used, {summary['outliers']} outlier(s) left out, "
                    f"{summary['independent']} independent of the solved parameter(s), {summary['skipped']} lines "
                    f"not usable. Method: {fit.method}. Standard error from rounding alone. "
                    + " ".join(f"{p['path']}: {p['note']}." for p in params_out if p["note"]))
    head.caption_justify = "left"

    res = Table(title="Residuals per tariff at the implied value(s)")
    cols = [("Line", {"justify": "right"}), ("Code", {}), ("Var.", {}), ("Published", {"justify": "right"}),
            ("Model (set)", {"justify": "right"}), ("Model (implied)", {"justify": "right"}),
            ("Residual", {"justify": "right"}), ("Status", {})]
    single = len(fit.unknowns) == 1
    if single:
        cols.append(("This tariff alone", {"justify": "right"}))
    for name, kw in cols:
        res.add_column(name, **kw)
    style = {"exact": "green", "within_precision": "green", "outlier": "red", "off": "yellow", "independent": "dim"}
    u = fit.unknowns[0]
    for r in fit.rows:
        cells = [str(r["line"]), r["code"] + ("" if r["model_code"] == r["code"] else f" → {r['model_code']}"),
                 r["variant"], euro_nl(r["published"]), euro_nl(r["model_before"]), euro_nl(r["model_fitted"]),
                 f"{int(r['residual_cents']):+d} ct",
                 f"[{style[r['fit'] if r['fit'] != 'used' else r['status']]}]{r['status']}"
                 + ("" if r["fit"] == "used" else f", {r['fit']}") + "[/]"]
        if single:
            a = r.get("alone")
            cells.append("—" if a is None else f"{fmt_value(a[0], u.unit, a[1] - a[0])} .. "
                         f"{fmt_value(a[1], u.unit, a[1] - a[0])}")
        res.add_row(*cells)
    res.caption = ("Residual = model at the implied value(s) - published, in cents. Status as in verify, at the "
                   "implied value(s). outlier: no value that reproduces the others reproduces this one; left out of "
                   "the fit. independent: does not depend on the solved parameter(s).")
    res.caption_justify = "left"
    parts = [head, Text(" "), res]
    if fit.skipped:
        sk = Table(title="Lines not used")
        for name in ("Line", "Code", "Var.", "Reason"):
            sk.add_column(name, overflow="fold")
        for s in fit.skipped:
            sk.add_row(str(s["line"]), s["code"] or "—", s["variant"], s["reason"])
        parts += [Text(" "), sk]
    lines = [Text(p["text"]) for p in params_out]
    return Group(*lines, Text(" "), *parts)
