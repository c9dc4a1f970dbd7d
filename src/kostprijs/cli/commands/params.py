"""`kostprijs params`: every parameter with its dotted path, value, unit, date, source and status."""

from __future__ import annotations

from kostprijs.cli.options import (
    OutputOpt,
    ParamsOpt,
    RegionOpt,
    SalaryDateOpt,
    ScenarioOpt,
    SetOpt,
    TableOrJson,
    TableOrJsonOpt,
    emit,
    load_set,
    print_table,
)


def params(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    salary_date: SalaryDateOpt = None,
) -> None:
    """List every parameter with its dotted path, value, unit, date, source and status."""
    pset = load_set(region, params_dir, sets, scenario, salary_date)
    if fmt is TableOrJson.json:
        from kostprijs.analysis.tariffs import parameter_rows
        from kostprijs.presentation.writers import to_json

        rows = [{**r, "since": r["since"].isoformat() if r["since"] else None} for r in parameter_rows(pset)]
        emit(to_json(rows), output)
    else:
        from kostprijs.presentation.tables import params_table

        print_table(params_table(pset), output)
