"""Rendering of a sensitivity analysis (analysis/sensitivity.py): CSV columns and the rich tables."""

from __future__ import annotations

from rich.markup import escape

from kostprijs.presentation.tables import provenance

TORNADO_COLUMNS = [("code", None), ("product", None), ("unit", None), ("variant", None), ("rank", None),
                   ("parameter", None), ("range", None), ("low", 6), ("high", 6), ("baseline", 2),
                   ("tariff_low", 2), ("tariff_high", 2), ("swing", 2), ("swing_pct", 3)]
MC_COLUMNS = [("code", None), ("product", None), ("unit", None), ("variant", None), ("samples", None),
              ("seed", None), ("baseline", 2), ("mean", 4), ("sd", 4), ("p5", 2), ("p50", 2), ("p95", 2),
              ("min", 2), ("max", 2)]


def columns(result) -> list:
    return TORNADO_COLUMNS if result.samples is None else MC_COLUMNS


def sensitivity_table(pset, result):
    if result.samples is None:
        return tornado_table(pset, result.varies, result.rows, result.micro)
    return mc_table(pset, result.varies, result.rows, result.samples, result.seed, result.micro)


def _ranges_caption(varies) -> str:
    from kostprijs.language import pick

    return pick("Bereiken: ", "Ranges: ") + "; ".join(f"{v.name} {v.text}" for v in varies) + "."


def tornado_table(pset, varies, rows, micro):
    """One row per product and parameter, ranked by swing; the product as a line of its own above its
    parameters, so that at 80 columns a parameter path stays whole (the bar goes first when it is short)."""
    from kostprijs.language import pick
    from kostprijs.presentation.money import euro_nl
    from kostprijs.presentation.tables import Col, FitTable

    micro_text = " (micro)" if micro else ""
    widest: dict[str, float] = {}
    for r in rows:
        widest[r["code"]] = max(widest.get(r["code"], 0.0), r["swing"])
    body, previous = [], None
    for r in rows:
        if r["code"] != previous:
            previous = r["code"]
            body.append(["", f"[bold]{escape(r['code'])} {escape(r['product'])}[/bold] ({escape(r['unit'])})", "", "",
                         pick("tarief ", "tariff ") + euro_nl(r["baseline"]), ""])
        bar = "█" * round(8 * r["swing"] / widest[r["code"]]) if widest[r["code"]] else ""
        pct = f" ({r['swing_pct']:.1f}%)".replace(".", ",") if r["swing_pct"] is not None else ""
        body.append([str(r["rank"]), escape(r["parameter"]), euro_nl(r["tariff_low"]), euro_nl(r["tariff_high"]),
                     euro_nl(r["swing"]) + pct, bar])
    longest = max((len(r["parameter"]) for r in rows), default=10)
    cols = [Col("#", justify="right"), Col("Product / parameter", "wrap", least=longest),
            Col(pick("Bij laag", "At low"), justify="right"), Col(pick("Bij hoog", "At high"), justify="right"),
            Col(pick("Uitslag", "Swing"), justify="right"), Col(pick("Relatief", "Relative"), drop=1)]
    caption = (_ranges_caption(varies) + pick(" De andere op de uitgangswaarde; tarieven na afronding, gerangschikt "
                                              "naar uitslag.", " Others at baseline; tariffs after rounding, ranked "
                                              "by swing.") + " " + provenance(pset))
    return FitTable(pick(f"Gevoeligheid {pset.source.name}{micro_text}: één parameter tegelijk",
                         f"Sensitivity {pset.source.name}{micro_text}: one parameter at a time"), cols, body, caption)


def mc_table(pset, varies, rows, samples, seed, micro):
    """One row per product: baseline, mean and percentiles; figures are never cut (tables.FitTable)."""
    from kostprijs.language import pick
    from kostprijs.presentation.money import euro_nl
    from kostprijs.presentation.tables import Col, FitTable

    micro_text = " (micro)" if micro else ""
    cols = [Col("Code"), Col("Product", "name"), Col(pick("Eenheid", "Unit"), drop=1),
            Col(pick("Basis", "Baseline"), justify="right"), Col(pick("Gemiddeld", "Mean"), justify="right"),
            Col("P5", justify="right"), Col("P50", justify="right"), Col("P95", justify="right")]
    body = [[escape(r["code"]), escape(r["product"]), escape(r["unit"]), euro_nl(r["baseline"]), euro_nl(r["mean"], 4),
             euro_nl(r["p5"]), euro_nl(r["p50"]), euro_nl(r["p95"])] for r in rows]
    caption = _ranges_caption(varies) + pick(
        " Uniform in elk bereik (driehoekig met een modus); tarieven na afronding; P5/P50/P95 zijn "
        "tarieven die voorkomen (inverse verdelingsfunctie).",
        " Uniform in each range (triangular with a mode); tariffs after rounding; P5/P50/P95 are "
        "tariffs that occur (inverted CDF).") + " " + provenance(pset)
    return FitTable(pick(f"Monte Carlo {pset.source.name}{micro_text}: {samples} scenario's, startwaarde {seed}",
                         f"Monte Carlo {pset.source.name}{micro_text}: {samples} scenarios, seed {seed}"),
                    cols, body, caption)
