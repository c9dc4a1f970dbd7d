"""`kostprijs verify`: the model against the published tariff list of the set."""

from __future__ import annotations

import typer

from kostprijs.cli.options import (
    Lang,
    LangOpt,
    OutputOpt,
    ParamsOpt,
    RegionOpt,
    SalaryDateOpt,
    ScenarioOpt,
    SetOpt,
    TableOrJson,
    TableOrJsonOpt,
    WideOpt,
    emit,
    load_set,
    print_table,
)


def verify(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    salary_date: SalaryDateOpt = None,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Check the model against the published tariff list. Exit 0 only if every derivable tariff is exact."""
    from kostprijs.api import Model
    from kostprijs.api import verify as run

    pset = load_set(region, params_dir, sets, scenario, salary_date)
    result = run(Model(pset))
    summ = result["summary"]
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json(result), output)
    else:
        from kostprijs.presentation.tables import verify_table

        print_table(verify_table(pset, result["checks"], summ), output, wide)
    if not summ["ok"]:
        raise typer.Exit(1)
