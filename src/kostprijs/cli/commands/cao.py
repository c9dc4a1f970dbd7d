"""`kostprijs cao`: the CAO tables in force at a date (options -> analysis.cao -> render)."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ParamsOpt,
    ProfileOpt,
    RegionOpt,
    emit_csv,
    emit_json,
    load_set,
    print_table,
)


def cao(
    region: RegionOpt = None,
    params: ParamsOpt = None,
    date: Annotated[datetime | None, typer.Option(
        "--date", formats=["%Y-%m-%d"], metavar="JJJJ-MM-DD",
        help="De datum (standaard: de salary_date van de set).")] = None,
    name: Annotated[str | None, typer.Option("--cao", help="Alleen deze cao.")] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    lang: LangOpt = Lang.nl,
) -> None:
    """Elke cao, schaal en trede die op een datum geldt: de tabel waar hij uit komt en de toegepaste verhogingen."""
    from kostprijs.analysis.cao import COLUMNS, cao_steps, rows_of

    pset = load_set(region, params)
    steps, warned = cao_steps(pset, date.date() if date else None, name)
    for line in warned:
        sys.stderr.write(f"kostprijs: warning: {line}\n")
    if fmt is Format.json:
        emit_json(rows_of(steps), output, pset)
    elif fmt is Format.csv:
        emit_csv(rows_of(steps), COLUMNS, csv_profile.value, output, pset)
    else:
        from kostprijs.presentation.tables import cao_table

        print_table(cao_table(pset, steps, date.date() if date else pset.salary_date), output)
