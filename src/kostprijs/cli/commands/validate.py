"""`kostprijs validate`: every check on a parameter set, every problem found, with file, key path and line."""

from __future__ import annotations

import typer

from kostprijs.cli.options import (
    Lang,
    LangOpt,
    OutputOpt,
    ParamsOpt,
    RegionOpt,
    ScenarioOpt,
    SetOpt,
    StrictOpt,
    TableOrJson,
    TableOrJsonOpt,
    emit,
    overrides_from,
    warn,
)


def validate(
    region: RegionOpt = None,
    params: ParamsOpt = None,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    strict: StrictOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Controleer een parameterset en toon elk probleem (bestand:regel: key: probleem).

    Exit 0 als alles klopt, 1 zo niet; waarschuwingen (toegestane maar ongewone waarden) gaan naar
    stderr, met --strict exit 2."""
    from kostprijs.parameters.load import resolve
    from kostprijs.parameters.validate import validate as run

    source = resolve(region, params)
    report = run(source, overrides_from(sets, scenario))
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        text = to_json({"summary": report.summary(), "problems": [p.as_dict() for p in report.in_file_order()],
                        "warnings": report.warnings})
    else:
        from kostprijs.presentation.validation import validate_text

        text = validate_text(report)
    if report.ok:
        warn(report.warnings, strict)      # --strict: a clean set with warnings is refused (exit 2)
    emit(text, output)
    if not report.ok:
        warn(report.warnings)
        raise typer.Exit(1)
