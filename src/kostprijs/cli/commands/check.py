"""`kostprijs check TARIFFS.csv`: a published tariff list against the model, line by line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.app import app
from kostprijs.cli.options import (
    CsvProfile,
    Format,
    FormatOpt,
    OutputOpt,
    ParamsOpt,
    RegionOpt,
    ScenarioOpt,
    SetOpt,
    emit,
    load_set,
    print_table,
)

TariffsArg = Annotated[Path, typer.Argument(
    help="Published tariff list: CSV with code, unit, tariff (optional product, tariff_micro, source), "
    "or the name of a shipped list (`kostprijs regions`, e.g. centraal-gelderland-2020).",
    show_default=False)]
MapOpt = Annotated[Path | None, typer.Option(
    "--map", help="YAML mapping another region's codes to the set's product codes: {source, map: {CODE: {to}}}.")]
InProfileOpt = Annotated[CsvProfile | None, typer.Option(
    "--csv-profile", help="Profile of TARIFFS.csv: nl (';', decimal comma) or intl (',', '.'); detected "
    "from the header if not given. --format csv writes the same profile.")]


def shipped_list(tariffs: Path, mapping_path: Path | None) -> tuple[Path, Path | None]:
    """A registry name (regions.yaml `check`) stands for the shipped check file and its map."""
    if tariffs.exists() or tariffs.suffix or len(tariffs.parts) != 1:
        return tariffs, mapping_path
    from kostprijs.parameters.load import params_root
    from kostprijs.parameters.yamlio import read_yaml

    root = params_root()
    entry = (read_yaml(root / "regions.yaml")[0].get("regions") or {}).get(str(tariffs)) or {}
    if "check" not in entry:
        return tariffs, mapping_path   # reported as a missing file by the reader
    if mapping_path is None and entry.get("map"):
        mapping_path = root / entry["map"]
    return root / entry["check"], mapping_path


def load_inputs(tariffs: Path, region, params, sets, scenario, mapping_path, profile):
    """Parameter set, check file, mapping (validated against the set) and the matched lines."""
    from kostprijs.analysis.check import match_lines
    from kostprijs.parameters.tariff_files import check_mapping, read_mapping, read_tariff_file

    tfile = read_tariff_file(tariffs, profile.value if profile else None)
    mapping = read_mapping(mapping_path) if mapping_path is not None else None
    pset = load_set(region, params, sets, scenario)
    if mapping is not None:
        check_mapping(mapping, {p.code for p in pset.products}, pset.source.name)
    return pset, tfile, mapping, match_lines(tfile, pset, mapping)


@app.command()
def check(
    tariffs: TariffsArg,
    region: RegionOpt = None,
    params: ParamsOpt = None,
    mapping: MapOpt = None,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: InProfileOpt = None,
) -> None:
    """Compare a published tariff list with the model: published vs model, delta EUR and %, tariffs below the model."""
    from kostprijs.analysis.check import CHECK_COLUMNS, check_rows, check_summary

    tariffs, mapping = shipped_list(tariffs, mapping)
    pset, tfile, mp, matches = load_inputs(tariffs, region, params, sets, scenario, mapping, csv_profile)
    rows = check_rows(pset, matches)
    summ = check_summary(rows)
    summ.update({"file": str(tariffs), "profile": tfile.profile, "parameter_set": pset.source.name,
                 "mapping": mp.path if mp else None})
    if fmt is Format.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json({"summary": summ, "rows": rows}), output)
    elif fmt is Format.csv:
        from kostprijs.presentation.writers import to_csv

        emit(to_csv(rows, [*CHECK_COLUMNS, ("source", None)], tfile.profile), output)
    else:
        print_table(_table(pset, tariffs, rows, summ), output)


STYLE = {"below": "red", "above": "yellow", "exact": "green", "within_precision": "green"}


def _table(pset, tariffs, rows, summ):
    from rich.table import Table

    from kostprijs.presentation.money import euro_nl

    t = Table(title=f"Check {tariffs} against {pset.source.name}")
    for name, kw in (("Line", {"justify": "right"}), ("Code", {}), ("Product", {"overflow": "fold", "max_width": 34}),
                     ("Unit", {}), ("Var.", {}), ("Model code", {}), ("Published", {"justify": "right"}),
                     ("Model", {"justify": "right"}), ("Δ EUR", {"justify": "right"}),
                     ("Δ %", {"justify": "right"}), ("Status", {}), ("Note", {"overflow": "fold", "max_width": 50})):
        t.add_column(name, **kw)
    for r in rows:
        style = STYLE.get(r["direction"] or r["status"], "dim")
        delta = "" if r["delta_eur"] is None else f"{r['delta_eur']:+.2f}".replace(".", ",")
        pct = "" if r["delta_pct"] is None else f"{r['delta_pct']:+.1f}%".replace(".", ",")
        via = f"{r['model_code']} (map)" if r["matched_via"] == "map" else (r["model_code"] or "—")
        status = ("▼ " if r["below_model"] else "") + r["status"] + (f" ({r['direction']})" if r["direction"] else "")
        t.add_row(str(r["line"]), r["code"] or "—", r["product"] or "", r["unit"], r["variant"], via,
                  euro_nl(r["published"]), euro_nl(r["model"]), delta, pct, f"[{style}]{status}[/{style}]",
                  r["note"] or "")
    med = summ["median_delta_pct"]
    t.caption = (f"{summ['tariffs']} tariffs on {summ['lines']} lines ({summ['profile']} profile); "
                 f"{summ['compared']} compared, {summ['below_model']} below the model (▼), "
                 f"{summ['unmatched']} unmatched, {summ['unit_mismatch']} unit mismatch. "
                 + (f"Median Δ {med:+.1f}%. ".replace(".", ",", 1) if med is not None else "")
                 + "Δ = published - model; model tariffs rounded by the set's rules.")
    t.caption_justify = "left"
    return t
