"""Rendering of a sensitivity analysis (analysis/sensitivity.py): CSV columns and the rich tables."""

from __future__ import annotations

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
    from rich.table import Table

    from kostprijs.language import pick
    from kostprijs.presentation.money import euro_nl

    micro_text = " (micro)" if micro else ""
    t = Table(title=pick(f"Gevoeligheid {pset.source.name}{micro_text}: één parameter tegelijk",
                         f"Sensitivity {pset.source.name}{micro_text}: one parameter at a time"),
              caption=_ranges_caption(varies) + pick(" De andere op de uitgangswaarde; tarieven na afronding, "
                                                     "gerangschikt naar uitslag.",
                                                     " Others at baseline; tariffs after rounding, ranked by swing.")
              + " " + provenance(pset),
              caption_justify="left")
    right = {"justify": "right"}
    for name, kw in (("Product", {"overflow": "fold", "ratio": 3}), ("#", right),
                     ("Parameter", {"overflow": "fold", "ratio": 3}), (pick("Bij laag", "At low"), right),
                     (pick("Bij hoog", "At high"), right), (pick("Uitslag", "Swing"), right), ("", {"no_wrap": True})):
        t.add_column(name, **kw)
    widest: dict[str, float] = {}
    for r in rows:
        widest[r["code"]] = max(widest.get(r["code"], 0.0), r["swing"])
    previous = None
    for r in rows:
        first = r["code"] != previous
        if first and previous is not None:
            t.add_section()
        previous = r["code"]
        bar = "█" * round(8 * r["swing"] / widest[r["code"]]) if widest[r["code"]] else ""
        pct = f" ({r['swing_pct']:.1f}%)".replace(".", ",") if r["swing_pct"] is not None else ""
        label = f"{r['code']} {r['product']} ({r['unit']}, {euro_nl(r['baseline'])})" if first else ""
        t.add_row(label, str(r["rank"]), r["parameter"], euro_nl(r["tariff_low"]), euro_nl(r["tariff_high"]),
                  euro_nl(r["swing"]) + pct, bar)
    return t


def mc_table(pset, varies, rows, samples, seed, micro):
    from rich.table import Table

    from kostprijs.language import pick
    from kostprijs.presentation.money import euro_nl

    micro_text = " (micro)" if micro else ""
    t = Table(title=pick(f"Monte Carlo {pset.source.name}{micro_text}: {samples} scenario's, startwaarde {seed}",
                         f"Monte Carlo {pset.source.name}{micro_text}: {samples} scenarios, seed {seed}"),
              caption=_ranges_caption(varies) + pick(
                  " Uniform in elk bereik (driehoekig met een modus); tarieven na afronding; P5/P50/P95 zijn "
                  "tarieven die voorkomen (inverse verdelingsfunctie).",
                  " Uniform in each range (triangular with a mode); tariffs after rounding; P5/P50/P95 are "
                  "tariffs that occur (inverted CDF).") + " " + provenance(pset),
              caption_justify="left")
    for name, kw in (("Code", {}), ("Product", {"overflow": "fold"}), (pick("Eenheid", "Unit"), {}),
                     (pick("Basis", "Baseline"), {"justify": "right"}),
                     (pick("Gemiddeld", "Mean"), {"justify": "right", "no_wrap": True}),
                     ("P5", {"justify": "right"}), ("P50", {"justify": "right"}), ("P95", {"justify": "right"})):
        t.add_column(name, **kw)
    for r in rows:
        t.add_row(r["code"], r["product"], r["unit"], euro_nl(r["baseline"]), euro_nl(r["mean"], 4),
                  euro_nl(r["p5"]), euro_nl(r["p50"]), euro_nl(r["p95"]))
    return t
