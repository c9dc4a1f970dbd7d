"""`kostprijs report`: the onderbouwing of the tariffs as one self-contained HTML file, or PDF."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.options import MaterieelOpt, NeaOpt, OvaOpt, SetSource, salary_date_of, set_options, warn_sets
from kostprijs.errors import KostprijsError


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


@set_options(scenario=False)
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Het bestand om te schrijven (atomair).")],
    source: SetSource,
    scenarios: Annotated[list[Path] | None, typer.Option(
        "--scenario", help="Een scenariobestand (herhaalbaar): een bijlage met de scenario's naast "
                           "elkaar.")] = None,
    product: Annotated[list[str] | None, typer.Option(
        "--product", "-p", help="Alleen deze producten op de productpagina's (herhaalbaar). Standaard: "
                                "alle.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="html of pdf (WeasyPrint).")] = ReportFormat.html,
    year: Annotated[int | None, typer.Option("--year", metavar="JAAR", help=(
        "Voeg de indexering (kostenelement d) toe, jaar voor jaar tot JAAR, als `kostprijs index --to "
        "JAAR`."))] = None,
    ova: OvaOpt = None,
    materieel: MaterieelOpt = None,
    nea: NeaOpt = None,
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity", help="Voeg per tarief de drie aannames toe die het meest bewegen (tornado, "
                              "standaardbereiken van `kostprijs sensitivity`).")] = False,
) -> None:
    """Schrijf de onderbouwing van de tarieven (HTML of PDF).

    Titelpagina, samenvatting, tarievenlijst, de opbouw van elk product en de bijlagen (elke parameter
    met status en bron, de controle tegen de gepubliceerde lijst)."""
    from kostprijs.analysis.report import build, load_inputs
    from kostprijs.language import set_language
    from kostprijs.presentation.report import render_html, render_pdf, require
    from kostprijs.presentation.writers import write_atomic, write_atomic_bytes

    set_language("nl")  # the onderbouwing is a Dutch document (issue 13): its build-up texts too

    require(pdf=fmt is ReportFormat.pdf)
    run = None
    if year is not None:
        run = source.index_run(year, ova, materieel, nea)
    elif ova or materieel or nea:
        raise KostprijsError("--ova/--materieel/--nea go with --year YEAR")
    pset, named, published = load_inputs(source.region, source.params, source.sets, scenarios,
                                         None if run is None else run.pset, salary_date_of(source.salary_date))
    warn_sets(pset, named, source.strict, baseline_warned=run is not None)
    html = render_html(build(pset, product, named, published, run, sensitivity))
    if fmt is ReportFormat.pdf:
        write_atomic_bytes(output, render_pdf(html))
    else:
        write_atomic(output, html)
