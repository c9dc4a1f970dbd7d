"""`kostprijs explain CODE`: how one tariff is built, row by row, with sources."""

from __future__ import annotations

from typing import Annotated

import typer

from kostprijs.cli.options import (
    Lang,
    LangOpt,
    MaterieelOpt,
    NeaOpt,
    OutputOpt,
    OvaOpt,
    PlotOpt,
    SetSource,
    TableOrJson,
    TableOrJsonOpt,
    WideOpt,
    emit_json,
    print_table,
    set_options,
)


@set_options()
def explain(
    code: Annotated[str, typer.Argument(help="Productcode, bv. 45B50.")],
    source: SetSource,
    micro: Annotated[bool, typer.Option("--micro", help="Het tarief van een micro-onderneming.")] = False,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    plot: PlotOpt = None,
    year: Annotated[int | None, typer.Option("--year", metavar="JAAR", help=(
        "Vul de indexering in (kostenelement d): het tarief van JAAR zoals `kostprijs index --to JAAR` "
        "het berekent."))] = None,
    ova: OvaOpt = None,
    materieel: MaterieelOpt = None,
    nea: NeaOpt = None,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Toon de opbouw van één tarief: elke parameter met zijn bron en het lopende bedrag.

    --plot BESTAND.png tekent hem ook als waterval (salaris, opslagen, productiviteit, overhead, risico,
    vaste delen, tarief) in euro per eenheid.
    """
    from kostprijs.analysis.explain import explain as build
    from kostprijs.presentation.tables import explain_table

    if plot is not None:
        from kostprijs.presentation.plots import require_matplotlib

        require_matplotlib(plot)
    if year is None:
        if ova or materieel or nea:
            from kostprijs.errors import KostprijsError

            raise KostprijsError("--ova/--materieel/--nea go with --year YEAR")
        pset = source.load()
        inputs = pset
        rows = build(pset, code, micro)
    else:
        from kostprijs.analysis.explain import with_indexation
        run = source.index_run(year, ova, materieel, nea, to_option="--year")
        pset, inputs = run.pset, run.inputs    # inputs: the fingerprint covers indexatie.yaml and the figures
        rows = with_indexation(build(pset, code, micro), pset, code, micro, run.plan, run.result)
    if plot is not None:
        from kostprijs.presentation.plots import plot_waterfall

        plot_waterfall(pset, code, plot, micro)
    if fmt is TableOrJson.json:
        emit_json([r.as_dict() for r in rows], output, inputs)
        return
    p = pset.product(code)
    print_table(explain_table(inputs, p, rows, micro), output, wide)
