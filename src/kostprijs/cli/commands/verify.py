"""`kostprijs verify`: the model against the published tariff list of the set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.options import (
    Lang,
    LangOpt,
    OutputOpt,
    SetSource,
    TableOrJson,
    TableOrJsonOpt,
    WideOpt,
    emit_json,
    print_table,
    set_options,
)


@set_options()
def verify(
    source: SetSource,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
    expect: Annotated[Path | None, typer.Option(
        "--expect", help="YAML-bestand met bekende, verklaarde verschillen (code, variant, cents, "
                         "reason): exit 0 als de verschillen precies deze zijn, anders 1 (bv. "
                         "params/published/nob-2021.expected.yaml).")
    ] = None,
) -> None:
    """Controleer het model tegen de gepubliceerde tarievenlijst.

    Exit 0 alleen als elk af te leiden tarief exact is (met --expect: als de verschillen precies de verwachte zijn)."""
    from kostprijs.api import Model
    from kostprijs.api import verify as run

    expected = None
    if expect is not None:
        from kostprijs.parameters.expected import read_expected

        expected = read_expected(expect)
    pset = source.load()
    result = run(Model(pset))
    summ = result["summary"]
    lines = []
    if expected is not None:
        from kostprijs.analysis.verify import Check, against_expected, expected_lines

        gate = against_expected([Check(**c) for c in result["checks"]], expected)
        result["expected_differences"] = {"file": str(expect), **gate}
        summ["ok"] = gate["ok"]
        lines = expected_lines(gate)
    if fmt is TableOrJson.json:
        emit_json(result, output, pset)
    else:
        from kostprijs.presentation.tables import verify_table

        print_table(verify_table(pset, result["checks"], summ), output, wide)
        if lines:      # the gate's verdict: after the table, or on stderr when the table went to a file
            import sys

            (sys.stdout if output is None else sys.stderr).write("".join(f"{line}\n" for line in lines))
    if not summ["ok"]:
        raise typer.Exit(1)
