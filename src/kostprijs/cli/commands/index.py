"""`kostprijs index`: the tariff list of every year from the prijspeil to --to (analysis/index.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    Lang,
    LangOpt,
    MaterieelOpt,
    NeaOpt,
    OutputOpt,
    OvaOpt,
    ProfileOpt,
    SetSource,
    WideOpt,
    emit_csv,
    emit_json,
    print_table,
    set_options,
    xlsx_output,
)


class Method(StrEnum):
    vng = "vng"
    definitief = "definitief"



@set_options(params_help="Map met een eigen cao_scales.yaml, opslagen.yaml, functiemix.yaml en "
                          "indexatie.yaml.")
def index(
    to: Annotated[int, typer.Option("--to", metavar="JAAR",
                                    help="Laatste tariefjaar; elk jaar van het prijspeil tot dit jaar "
                                         "wordt getoond.")],
    source: SetSource,
    ova: OvaOpt = None,
    materieel: MaterieelOpt = None,
    nea: NeaOpt = None,
    method: Annotated[Method, typer.Option(
        "--method", help="vng: voorlopige cijfers, het jaar erna gecorrigeerd zodra ze definitief zijn "
                         "(standaard); definitief: definitieve cijfers waar bekend, geen correctie.")] = Method.vng,
    against_cao: Annotated[bool, typer.Option(
        "--against-cao", help="Per jaar het geïndexeerde tarief naast het tarief met de cao-tabellen "
                              "van 31-12 van dat jaar (en de premies van dat jaar, voor een set met "
                              "opslagen.sociale_lasten_jaar), en het verschil in € en %.")] = False,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Indexeer de tarievenlijst jaar voor jaar van het prijspeil tot --to (OVA + materiële index per productklasse)."""
    from kostprijs.presentation.index import index_columns

    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    run = source.index_run(to, ova, materieel, nea, method.value)
    if against_cao:
        from kostprijs.presentation.index import against_cao_output

        rows, columns, render = against_cao_output(run, source.region, source.params, source.overrides())
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
