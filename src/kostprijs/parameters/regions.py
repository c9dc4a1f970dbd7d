"""The shipped parameter sets and published lists (params/regions.yaml), described from their own files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
                           "source": entry.get("source"), "note": entry.get("completeness"),
                           "note_nl": entry.get("completeness_nl")}
    if "dir" in entry:
        from kostprijs.parameters.compile import load
        from kostprijs.parameters.load import resolve

        pset = load(resolve(name, None))
        priced = len(pset.model_products) + sum(1 for p in pset.products if p.basis == "fixed")
        row.update(kind="model", products=len(pset.products), priced=priced, computed=len(pset.model_products),
                   published=bool(entry.get("published")),
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


def shipped_check_list(tariffs: Path, mapping_path: Path | None) -> tuple[Path, Path | None]:
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
