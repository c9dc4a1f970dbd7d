"""`kostprijs regions`: the parameter sets and published lists shipped, with year, source and completeness."""

from __future__ import annotations

from kostprijs.cli.options import Lang, LangOpt, OutputOpt, TableOrJson, TableOrJsonOpt, emit, print_table


def regions(
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.nl,
) -> None:
    """Toon de meegeleverde parametersets en gepubliceerde lijsten: jaar, bron en volledigheid."""
    from kostprijs.parameters.regions import list_regions

    rows = list_regions()
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json(rows), output)
        return
    from kostprijs.presentation.tables import regions_table

    print_table(regions_table(rows), output)
