"""`kostprijs check TARIFFS.csv`: a published tariff list against the model, line by line."""

from __future__ import annotations

import typer

from kostprijs.cli.options import (
    Format,
    FormatOpt,
    InProfileOpt,
    Lang,
    LangOpt,
    MapOpt,
    OutputOpt,
    SetSource,
    TariffsArg,
    WideOpt,
    emit_csv,
    emit_json,
    print_table,
    set_options,
)


@set_options()
def check(
    tariffs: TariffsArg,
    source: SetSource,
    mapping: MapOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: InProfileOpt = None,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Vergelijk een gepubliceerde tarievenlijst met het model.

    Gepubliceerd tegen model, verschil in € en %, tarieven onder het model.

    Exit 1 als een gepubliceerd tarief onder het model ligt."""
    from kostprijs.analysis.check import CHECK_COLUMNS, check_rows, check_summary
    from kostprijs.parameters.regions import shipped_check_list
    from kostprijs.presentation.tables import check_table

    tariffs, mapping = shipped_check_list(tariffs, mapping)
    pset, tfile, mp, matches = source.check_inputs(tariffs, mapping, csv_profile)
    rows = check_rows(pset, matches)
    summ = check_summary(rows)
    summ.update({"file": str(tariffs), "profile": tfile.profile, "parameter_set": pset.source.name,
                 "mapping": mp.path if mp else None})
    if fmt is Format.json:
        emit_json({"summary": summ, "rows": rows}, output, pset)
    elif fmt is Format.csv:
        emit_csv(rows, [*CHECK_COLUMNS, ("source", None)], tfile.profile, output, pset)
    else:
        print_table(check_table(pset, tariffs, rows, summ), output, wide)
    if summ["below_model"]:
        raise typer.Exit(1)


