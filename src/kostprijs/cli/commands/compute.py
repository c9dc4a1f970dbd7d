"""`kostprijs compute`: the tariff list of a parameter set."""

from __future__ import annotations

from kostprijs.cli.options import (
    CsvProfile,
    ExportFormat,
    ExportFormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    SetSource,
    WideOpt,
    emit_csv,
    emit_json,
    print_table,
    set_options,
    xlsx_output,
)


@set_options()
def compute(
    source: SetSource,
    fmt: ExportFormatOpt = ExportFormat.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Bereken de tarievenlijst van een parameterset."""
    from kostprijs.analysis.tariffs import TARIFF_COLUMNS
    from kostprijs.api import Model

    if fmt is ExportFormat.xlsx:
        xlsx_output(output)
    pset = source.load()
    rows = Model(pset).compute().rows()
    if fmt is ExportFormat.json:
        emit_json(rows, output, pset)
    elif fmt is ExportFormat.csv:
        emit_csv(rows, TARIFF_COLUMNS, csv_profile.value, output, pset)
    elif fmt is ExportFormat.xlsx:
        from kostprijs.presentation.writers import write_atomic_bytes
        from kostprijs.presentation.xlsx import tariff_workbook

        write_atomic_bytes(output, tariff_workbook(pset, rows, TARIFF_COLUMNS))
    else:
        from kostprijs.presentation.tables import tariff_table

        print_table(tariff_table(pset, rows), output, wide)
