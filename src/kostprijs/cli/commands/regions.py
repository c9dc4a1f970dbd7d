"""`kostprijs regions`: the parameter sets and published lists shipped, with year, source and completeness."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kostprijs.cli.app import app
from kostprijs.cli.options import OutputOpt, TableOrJson, TableOrJsonOpt, emit, print_table

KINDS = ("dir", "check", "catalogue")


def _count_csv_rows(path: Path) -> int:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = fh.readline()
        delimiter = ";" if header.count(";") >= header.count(",") else ","
        return sum(1 for row in csv.reader(fh, delimiter=delimiter) if any(cell.strip() for cell in row))


def _yaml(path: Path) -> Any:
    from kostprijs.parameters.yamlio import read_yaml

    return read_yaml(path)[0]


def describe(name: str, entry: dict, root: Path) -> dict[str, Any]:
    """One set as listed: what it carries, counted from its files."""
    from kostprijs.errors import KostprijsError

    if not isinstance(entry, dict) or not any(k in entry for k in KINDS):
        raise KostprijsError(f"{root / 'regions.yaml'}: regions.{name}: needs one of {', '.join(KINDS)}")
    row: dict[str, Any] = {"name": name, "year": entry.get("year"), "title": entry.get("title"),
                           "source": entry.get("source"), "note": entry.get("completeness")}
    if "dir" in entry:
        from kostprijs.parameters.compile import load
        from kostprijs.parameters.load import resolve

        pset = load(resolve(name, None))
        priced = len(pset.model_products) + sum(1 for p in pset.products if p.basis == "fixed")
        row.update(kind="model", products=len(pset.products), priced=priced,
                   completeness=f"model: {len(pset.model_products)} of {len(pset.products)} products computed"
                   + (f", {priced - len(pset.model_products)} fixed" if priced > len(pset.model_products) else "")
                   + (", with published list" if entry.get("published") else ""))
    elif "check" in entry:
        rows = _count_csv_rows(root / entry["check"])
        mapped = None
        if entry.get("map"):
            data = _yaml(root / entry["map"])
            mapped = sum(1 for e in data.get("map", {}).values() if isinstance(e, dict) and e.get("to"))
        row.update(kind="check file", rows=rows, mapped=mapped, check=entry["check"], map=entry.get("map"),
                   completeness=f"check file only: {rows} published tariffs"
                   + (f", {mapped} mapped to NOB model products" if mapped is not None else ""))
    else:
        data = _yaml(root / entry["catalogue"])
        n = len(data.get("products", [])) if isinstance(data, dict) else 0
        row.update(kind="catalogue", products=n, catalogue=entry["catalogue"],
                   completeness=f"catalogue: {n} product codes with units and caps, no amounts")
    return row


def list_regions() -> list[dict[str, Any]]:
    from kostprijs.parameters.load import params_root

    root = params_root()
    registry = _yaml(root / "regions.yaml")
    regions = registry.get("regions", {}) if isinstance(registry, dict) else {}
    return [describe(name, entry, root) for name, entry in regions.items()]


@app.command()
def regions(
    fmt: TableOrJsonOpt = TableOrJson.table,
    output: OutputOpt = None,
) -> None:
    """List the shipped parameter sets and published lists: year, source and completeness."""
    rows = list_regions()
    if fmt is TableOrJson.json:
        from kostprijs.presentation.writers import to_json

        emit(to_json(rows), output)
        return
    from rich.table import Table

    table = Table(title="Parameter sets and published lists", show_lines=False)
    for col, kw in (("Name", {"no_wrap": True}), ("Year", {"justify": "right"}), ("Completeness", {}),
                    ("Source", {})):
        table.add_column(col, **kw)
    for r in rows:
        what = r["completeness"] + (f"\n{r['note']}" if r["note"] else "")
        table.add_row(r["name"], str(r["year"] or "—"), what, r["source"] or "—")
    print_table(table, output)
