"""`kostprijs verify`: the model against the published tariff list of the set."""

from __future__ import annotations

import typer

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


def verify(
    region: RegionOpt = None,
    params_dir: ParamsOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    salary_date: SalaryDateOpt = None,
) -> None:
    """Check the model against the published tariff list. Exit 0 only if every derivable tariff is exact."""
    from kostprijs.analysis.verify import summary
    from kostprijs.analysis.verify import verify as run
    from kostprijs.parameters.published import load_published

    pset = load_set(region, params_dir, sets, scenario, salary_date)
    published = load_published(pset.source.published)
    checks = run(pset, published)
    summ = summary(pset, checks)
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json({"summary": summ, "checks": [c.as_dict() for c in checks]}), output)
    else:
        from kostprijs.presentation.tables import verify_table

        print_table(verify_table(pset, checks, summ), output)
    if not summ["ok"]:
        raise typer.Exit(1)
