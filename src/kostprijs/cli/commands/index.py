"""`kostprijs index`: the tariff list of every year from the prijspeil to --to (analysis/index.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    RegionOpt,
    SalaryDateOpt,
    ScenarioOpt,
    SetOpt,
    StrictOpt,
    WideOpt,
    emit_csv,
    emit_json,
    load_index_run,
    overrides_from,
    print_table,
    xlsx_output,
)


class Method(StrEnum):
    vng = "vng"
    definitief = "definitief"


YearValues = list[str] | None


def index(
    to: Annotated[int, typer.Option("--to", metavar="YEAR",
                                    help="Laatste tariefjaar; elk jaar van het prijspeil tot dit jaar "
                                         "wordt getoond.")],
    region: RegionOpt = None,
    params: Annotated[Path | None, typer.Option(
        "--params", help="Map met een eigen cao_scales.yaml, opslagen.yaml, functiemix.yaml en "
                         "indexatie.yaml.")] = None,
    ova: Annotated[YearValues, typer.Option(
        "--ova", metavar="YEAR=PCT",
        help="OVA van een jaar in procent, JAAR=PCT (bv. 2026=3.5); telt als definitief. Herhaalbaar.")] = None,
    materieel: Annotated[YearValues, typer.Option(
        "--materieel", metavar="YEAR=PCT",
        help="Materiële prijsindex (PPC) van een jaar, JAAR=PCT; definitief. Herhaalbaar.")] = None,
    nea: Annotated[YearValues, typer.Option(
        "--nea", metavar="YEAR=PCT",
        help="NEA-index (vervoer) van een jaar, JAAR=PCT; definitief. Herhaalbaar.")] = None,
    method: Annotated[Method, typer.Option(
        "--method", help="vng: voorlopige cijfers, het jaar erna gecorrigeerd zodra ze definitief zijn "
                         "(standaard); definitief: definitieve cijfers waar bekend, geen correctie.")] = Method.vng,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    salary_date: SalaryDateOpt = None,
    against_cao: Annotated[bool, typer.Option(
        "--against-cao", help="Per jaar het geïndexeerde tarief naast het tarief met de cao-tabellen "
                              "van 31-12 van dat jaar (en de premies van dat jaar, voor een set met "
                              "opslagen.sociale_lasten_jaar), en het verschil in € en %.")] = False,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    strict: StrictOpt = False,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Indexeer de tarievenlijst jaar voor jaar van het prijspeil tot --to (OVA + materiële index per productklasse)."""
    from kostprijs.presentation.index import index_columns

    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    run = load_index_run(region, params, sets, scenario, to, ova, materieel, nea, method.value,
                         salary_date=salary_date, strict=strict)
    if against_cao:
        from kostprijs.presentation.index import against_cao_output

        rows, columns, render = against_cao_output(run, region, params, overrides_from(sets, scenario))
        if fmt is ExportFormat.json:
            emit_json(rows, output, run.inputs)
        elif fmt is ExportFormat.csv:
            emit_csv(rows, columns, csv_profile.value, output, run.inputs)
        elif fmt is ExportFormat.xlsx:
            from kostprijs.presentation.writers import write_atomic_bytes
            from kostprijs.presentation.xlsx import year_workbook

            per_year: dict[int, list] = {}
            for r in rows:
                per_year.setdefault(r["year"], []).append(r)
            write_atomic_bytes(output, year_workbook(per_year, columns, run.inputs))
        else:
            print_table(render(), output, wide)
        return
    if fmt is ExportFormat.json:
        emit_json(run.rows(), output, run.inputs)
    elif fmt is ExportFormat.csv:
        emit_csv(run.rows(), index_columns(run.plan), csv_profile.value, output, run.inputs)
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes
        from kostprijs.presentation.xlsx import index_workbook

        write_atomic_bytes(output, index_workbook(run))
    else:
        from kostprijs.presentation.index import index_tables

        print_table(index_tables(run), output, wide)
