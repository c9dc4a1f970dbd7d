"""`kostprijs validate`: every check on a parameter set, every problem found, with file, key path and line."""

from __future__ import annotations

import typer

from kostprijs.cli.options import (
    Lang,
    LangOpt,
    OutputOpt,
    SetSource,
    TableOrJson,
    TableOrJsonOpt,
    emit,
    set_options,
    warn,
)


@set_options(salary_date=False)
def validate(
    source: SetSource,
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.nl,
) -> None:
    """Controleer een parameterset en toon elk probleem (bestand:regel: key: probleem).

    Exit 0 als alles klopt, 1 zo niet; waarschuwingen (toegestane maar ongewone waarden) gaan naar
    stderr, met --strict exit 2."""
    from kostprijs.parameters.load import resolve
    from kostprijs.parameters.validate import validate as run

    files = resolve(source.region, source.params)
    overrides = source.overrides()
    report = run(files, overrides)
    if fmt is TableOrJson.json:
        from kostprijs.parameters.fingerprint import provenance, provenance_unloaded
        from kostprijs.presentation.writers import to_json

        meta = (provenance(report.pset) if report.ok and report.pset is not None else
                provenance_unloaded(files.name, overrides, "the set has problems (listed under problems)"))
        text = to_json({"summary": report.summary(), "problems": [p.as_dict() for p in report.in_file_order()],
                        "warnings": report.warnings, "meta": meta})
    else:
        from kostprijs.presentation.validation import validate_text

        text = validate_text(report)
    if report.ok:
        warn(report.warnings, source.strict)      # --strict: a clean set with warnings is refused (exit 2)
    emit(text, output)
    if not report.ok:
        warn(report.warnings)
        raise typer.Exit(1)
