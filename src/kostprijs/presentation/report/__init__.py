"""The onderbouwing as one self-contained HTML file (inline CSS and SVG, no script, no network) and as
PDF (the same HTML through WeasyPrint). jinja2 and WeasyPrint are the optional extra ``report``; without
them the command stops with one line naming it.

The data is :class:`kostprijs.analysis.report.Report`; this package only formats it (Dutch amounts,
the status words of the parameter appendix) and draws the charts (:mod:`.charts`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kostprijs.analysis.report import SALARY_STATUS, anchor
from kostprijs.errors import KostprijsError
from kostprijs.presentation.i18n import PARAM_STATUS
from kostprijs.presentation.money import euro_nl, number_nl, percent_nl, share_nl, value_nl

EXTRA = "pip install 'kostprijs[report]'"
HERE = Path(__file__).resolve().parent

#: the status of a parameter value in Dutch, as the appendix and the build-up tables show it
STATUS_NL = {key: nl for key, (nl, _) in PARAM_STATUS.items()}
STATUS_HELP = {
    "sourced": "waarde zoals gepubliceerd in de genoemde bron",
    "reconstructed": "uit een onvolledige of verminkte bron herleid; de herleiding staat bij de bron",
    "derived": "berekend uit andere parameters; de berekening staat bij de bron",
    "choice": "een keuze waar de bron niets vastlegt; de reden staat bij de bron",
    "calibrated": "GEEN cao-bedrag: geschat zodat het model de gepubliceerde tarieven reproduceert",
    "override": "voor dit rapport aangepast (--set of scenario); de bron noemt de aanpassing",
    "not_used": "staat in de set maar telt niet mee (de sociale lasten komen uit premies); zie de bron",
}
UNITS_NL = {"minuut": "minuut", "uur": "uur", "dagdeel": "dagdeel", "etmaal": "etmaal"}
BASIS_NL = {"model": "model", "fixed": "vast tarief", "not_derivable": "niet af te leiden"}
#: the status words of kostprijs.analysis.comparison in Dutch
VERIFY_NL = {"exact": "exact", "within_precision": "binnen precisie", "off": "wijkt af", "unmatched": "niet gekoppeld",
             "not_derivable": "niet af te leiden", "no_tariff": "geen tarief", "unit_mismatch": "andere eenheid"}
OPSLAG_NL = {"vakantiegeld": "vakantiegeld", "eindejaarsuitkering": "eindejaarsuitkering", "ort": "ORT (per product)",
             "sociale_lasten": "× (1 + sociale lasten)", "overhead": "× (1 + overhead)", "risico": "× (1 + risico)"}


def path_group(path: str) -> str:
    """The group a parameter path is listed under in the summary: products.*.functiemix, caos.*.top, ..."""
    parts = path.split(".")
    if parts[0] in ("products", "caos", "productiviteit") and len(parts) > 2:
        return ".".join((parts[0], "*", *parts[2:3])) + (".*" if len(parts) > 3 else "")
    if parts[0] in ("tabel1", "ort") and len(parts) > 1:
        return f"{parts[0]}.*"
    return path


def shared_prefix(rows, rows_micro) -> int:
    """How many leading steps the micro-onderneming build-up shares with the normal one (the same step,
    parameter and amount): the micro table starts after them, at the first step that differs (overhead),
    instead of repeating the salary chain the normal table shows just above it."""
    k = 0
    for a, b in zip(rows, rows_micro, strict=False):
        if (a.element, a.step, a.parameter, a.value, a.amount) != (b.element, b.step, b.parameter, b.value, b.amount):
            break
        k += 1
    return k


def mix_notes(levels) -> list[tuple[tuple[str, str], list[str]]]:
    """The sources of a product's functiemix shares, each once: ((source, status), [levels]); a product's
    shares mostly come from one line of one table, which the level rows would otherwise repeat."""
    notes: dict[tuple[str, str], list[str]] = {}
    for lv in levels:
        notes.setdefault((lv.share.source, lv.share.status), []).append(lv.level)
    return list(notes.items())


def require(pdf: bool = False) -> None:
    """Fail early, before computing, when the extra is missing."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise KostprijsError(f"kostprijs report needs jinja2, which is not installed: {EXTRA}") from None
    if pdf:
        try:
            import weasyprint  # noqa: F401
        except ImportError:
            raise KostprijsError(f"--format pdf needs WeasyPrint, which is not installed: {EXTRA}") from None
        except OSError as exc:   # WeasyPrint installed, but the pango system library is missing
            raise KostprijsError(f"--format pdf: WeasyPrint cannot load its system libraries ({exc}); "
                                 "install pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)") from None


def _pct(value: Any, decimals: int = 2) -> str:
    """A computed change in percent, signed, with fixed decimals: '+2,50%'."""
    return "—" if value is None else percent_nl(value, decimals, signed=True)


def _own_unit(unit: str | None) -> bool:
    """True where the value's notation already says its whole unit ('€ 0,01' for EUR, '2,5%' for %), so
    that the unit line under it would only repeat it."""
    return (unit or "").strip() in ("EUR", "€", "%")


def _breakable(path: str, width: int = 36):
    """A dotted parameter path with a break opportunity (<wbr>) after a dot wherever a line of ``width``
    characters (of the path's column) would otherwise overflow: the path wraps between its parts, not
    mid-word, and only where it has to (each <wbr> is a box for WeasyPrint)."""
    from markupsafe import Markup, escape

    if len(path) <= width:
        return path
    out, line = [], 0
    for n, part in enumerate(path.split(".")):
        piece = part if n == 0 else "." + part
        if line and line + len(piece) > width:
            out.append(Markup("<wbr>"))
            line = 0
        out.append(escape(piece))
        line += len(piece)
    return Markup("").join(out)


def _euro(value: Any, decimals: int = 2) -> str:
    return euro_nl(value, decimals)


def _cents(value: Any) -> str:
    return "—" if value is None else str(value)


def _runs(items, key: str) -> list[tuple[Any, list]]:
    """Consecutive items with the same ``key`` (attribute or dict key), in their order (jinja's groupby sorts)."""
    from itertools import groupby

    def get(x):
        return x[key] if isinstance(x, dict) else getattr(x, key)

    return [(k, list(g)) for k, g in groupby(items, key=get)]


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             extensions=["jinja2.ext.loopcontrols"])
    from kostprijs.analysis.labels import unit_text
    from kostprijs.presentation.i18n import source_text

    env.filters.update(source=source_text, runs=_runs, breakable=_breakable, euro=_euro, num=number_nl,
                       value=value_nl, share=share_nl, pct=_pct, percent=lambda v, d=None: percent_nl(v, d),
                       own_unit=_own_unit, cents=_cents, unit=unit_text, status=lambda s: STATUS_NL.get(s, s),
                       basis=lambda b: BASIS_NL.get(b, b))
    return env


def context(report) -> dict[str, Any]:
    """Everything the template shows, formatted where a value needs more than a filter."""
    from kostprijs.presentation.plots import waterfall_steps
    from kostprijs.presentation.report.charts import tornado_svg, waterfall_svg

    records = {r.path: r for r in report.parameters}
    charts: dict[str, str] = {}
    for page in report.products:
        if page.basis == "not_derivable":
            continue
        steps, unit = waterfall_steps(report.pset, page.code)
        charts[page.code] = waterfall_svg(steps, unit, f"Opbouw van het tarief {page.code} {page.name} "
                                                       f"per {page.unit}", f"wf-{page.code}")
    tornados: dict[str, str] = {}
    sens = report.extra.get("sensitivity")
    if sens:
        for prod in sens["products"]:
            tornados[prod["code"]] = tornado_svg(prod["effects"], prod["baseline"], prod["unit"],
                                                 f"Gevoeligheid {prod['code']} {prod['product']}",
                                                 f"tor-{prod['code']}")
    from collections import Counter

    from kostprijs.core.model import OPSLAGEN

    elements = []
    for e in report.elements:
        groups = Counter(path_group(p) for p in e["paths"])
        elements.append({**e, "groups": list(groups.items())})
    opslagen = []
    for o in OPSLAGEN:
        rec = records.get(f"opslagen.{o.field}")
        rate = share_nl(rec.value) if rec is not None else ""
        if rec is not None and rec.status == "not_used" and report.pset.premiums is not None:
            rate = f"uit premies {report.pset.premiums.year}, per product (zie de opbouw)"
        opslagen.append({"name": OPSLAG_NL.get(o.field, o.field), "rate": rate})
    header = f"Onderbouwing tarieven · {report.source_name} · prijspeil {report.prijspeil}"
    micro_from = {p.code: shared_prefix(p.rows, p.rows_micro) for p in report.products if p.rows_micro}
    mix_sources = {p.code: mix_notes(p.levels) for p in report.products}
    level_status = {p.code: next(s for s in SALARY_STATUS if s in {lv.status for lv in p.levels} | {"sourced"})
                    for p in report.products if p.levels}
    return {"r": report, "records": records, "charts": charts, "micro_from": micro_from, "tornados": tornados,
            "mix_sources": mix_sources, "level_status": level_status, "anchor": anchor,
            "elements": elements,
            "opslagen": opslagen, "pages": {p.code for p in report.products}, "verify_nl": VERIFY_NL,
            "tags": {"voorlopig": "v", "definitief": "d", "command line": "cli"},
            "header": header.translate({ord("\\"): None, ord('"'): "'", ord("<"): "‹", ord(">"): "›"}),
            "status_nl": STATUS_NL, "status_help": STATUS_HELP, "css": (HERE / "report.css").read_text("utf-8")}


def render_html(report) -> str:
    require()
    return _environment().get_template("report.html.j2").render(context(report))


def render_pdf(html: str) -> bytes:
    """The HTML as PDF (WeasyPrint): the print stylesheet gives A4, page numbers and the running header."""
    require(pdf=True)
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=str(HERE), url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    """The report is self-contained: any URL it would fetch is a mistake, never a network access."""
    raise ValueError(f"the report fetches nothing ({url})")
