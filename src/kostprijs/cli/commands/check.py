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
    ParamsOpt,
    RegionOpt,
    SalaryDateOpt,
    ScenarioOpt,
    SetOpt,
    StrictOpt,
    TariffsArg,
    WideOpt,
    emit_csv,
    emit_json,
    load_check_inputs,
    print_table,
)


def check(
    tariffs: TariffsArg,
    region: RegionOpt = None,
    params: ParamsOpt = None,
    mapping: MapOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    salary_date: SalaryDateOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: InProfileOpt = None,
    strict: StrictOpt = False,
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
    pset, tfile, mp, matches = load_check_inputs(tariffs, region, params, sets, scenario, mapping, csv_profile,
                                                 salary_date, strict)
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


