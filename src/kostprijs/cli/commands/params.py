"""`kostprijs params`: every parameter with its dotted path, value, unit, date, source and status."""

from __future__ import annotations

from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    SetSource,
    WideOpt,
    emit,
    emit_csv,
    emit_json,
    print_table,
    set_options,
)


@set_options()
def params(
    source: SetSource,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    show_fingerprint: Annotated[bool, typer.Option(
        "--fingerprint", help="Toon alleen de vingerafdruk (sha256 van alle invoer na wijzigingen).")] = False,
    wide: WideOpt = False,
    csv_profile: ProfileOpt = CsvProfile.nl,
    lang: LangOpt = Lang.nl,
) -> None:
    """Toon elke parameter met zijn pad, waarde, eenheid, datum, bron en status."""
    pset = source.load()
    if show_fingerprint:
        from kostprijs.parameters.fingerprint import fingerprint, provenance

        if fmt is Format.json:
            from kostprijs.presentation.writers import to_json

            emit(to_json(provenance(pset)), output)
        else:
            emit(fingerprint(pset) + "\n", output)
        return
    if fmt is Format.json:
        from kostprijs.analysis.tariffs import parameter_rows

        rows = [{**r, "since": r["since"].isoformat() if r["since"] else None} for r in parameter_rows(pset)]
        emit_json(rows, output, pset)
    elif fmt is Format.csv:
        from kostprijs.analysis.tariffs import parameter_rows
        from kostprijs.presentation.writers import PARAMETER_CSV_COLUMNS, parameter_csv_rows

        emit_csv(parameter_csv_rows(parameter_rows(pset), csv_profile.value), PARAMETER_CSV_COLUMNS,
                 csv_profile.value, output, pset)
    else:
        from kostprijs.presentation.tables import params_table

        print_table(params_table(pset), output, wide)
