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
        "--date", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
        help="De datum (standaard: de salary_date van de set).")] = None,
    name: Annotated[str | None, typer.Option("--cao", help="Alleen deze cao.")] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    lang: LangOpt = Lang.nl,
) -> None:
    """Elke cao, schaal en trede die op een datum geldt: de tabel waar hij uit komt en de toegepaste verhogingen."""
    from kostprijs.analysis.cao import COLUMNS, cao_rows

    pset = load_set(region, params)
    rows, warned = cao_rows(pset, date.date() if date else None, name)
    for line in warned:
        sys.stderr.write(f"kostprijs: warning: {line}\n")
    if fmt is Format.json:
        emit_json(rows, output, pset)
    elif fmt is Format.csv:
        emit_csv(rows, COLUMNS, csv_profile.value, output, pset)
    else:
        from kostprijs.presentation.i18n import param_status_word
        from kostprijs.presentation.money import euro_nl
        from kostprijs.presentation.tables import Col, FitTable, provenance

        shown = (date.date() if date else pset.salary_date).strftime("%d-%m-%Y")
        cols = [Col("CAO", "text", least=18), Col("Schaal"), Col("Trede"), Col("Bedrag", justify="right"),
                Col("Sinds", drop=2), Col("Status"), Col("Afleiding", "text", drop=1, fold=0, least=24)]
        body = [[r["cao"], r["scale"], r["step"], euro_nl(r["value"]), r["since"], param_status_word(r["status"]),
                 r["derivation"] or f"tabel van {r['table']}"] for r in rows]
        t = FitTable(f"CAO-tabellen {pset.source.name} op {shown}", cols, body,
                     "afgeleid: het bedrag van de tabel, doorgetrokken met de genoemde verhogingen (kostprijs explain "
                     "toont ze per tarief). Bedragen in €/maand. " + provenance(pset))
        print_table(t, output)
