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
        help="The date (default: the set's salary_date).")] = None,
    name: Annotated[str | None, typer.Option("--cao", help="Only this CAO.")] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
) -> None:
    """Every CAO, scale and step in force at a date: the table it comes from and the raises applied."""
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
        from rich.table import Table

        from kostprijs.presentation.money import euro_nl
        from kostprijs.presentation.tables import provenance

        shown = (date.date() if date else pset.salary_date).isoformat()
        t = Table(title=f"CAO-tabellen {pset.source.name} op {shown}", caption_justify="left",
                  caption="derived: the table amount rolled forward by the raises listed (kostprijs explain shows "
                          "them per tariff). " + provenance(pset))
        for col, kw in (("CAO", {}), ("Schaal", {}), ("Trede", {}), ("Bedrag", {"justify": "right", "no_wrap": True}),
                        ("Sinds", {"no_wrap": True}), ("Status", {}), ("Afleiding", {"overflow": "fold"})):
            t.add_column(col, **kw)
        for r in rows:
            t.add_row(r["cao"], r["scale"], r["step"], euro_nl(r["value"]), r["since"], r["status"],
                      r["derivation"] or f"table of {r['table']}")
        print_table(t, output)
