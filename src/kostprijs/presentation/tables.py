"""Rich tables for people (Dutch money formatting)."""

from __future__ import annotations

from rich.table import Table

from kostprijs.presentation.money import euro_nl


def tariff_table(pset, rows) -> Table:
    rules = sorted({(r["unit"], r["rounding"]) for r in rows if r["basis"] == "model"})
    caption = "Rounding: " + "; ".join(f"{u}: {rule}" for u, rule in rules)
    caption += ". Unrounded hourly cost before rounding. Micro: micro-onderneming overhead."
    t = Table(title=f"Tarieven {pset.source.name}", caption=caption, caption_justify="left")
    for name, kw in (("Code", {}), ("Product", {"overflow": "fold"}), ("Eenheid", {}),
                     ("Tarief", {"justify": "right"}), ("Micro", {"justify": "right"}),
                     ("Uurkosten", {"justify": "right"}), ("Basis", {"overflow": "fold"})):
        t.add_column(name, **kw)
    for r in rows:
        basis = {"model": "model", "fixed": "vast tarief", "not_derivable": "n.v.t."}[r["basis"]]
        t.add_row(r["code"], r["product"], r["unit"], euro_nl(r["tariff"]), euro_nl(r["tariff_micro"]),
                  euro_nl(r["hourly"], 4) if r["hourly"] is not None else "—", basis)
    return t


def params_table(pset) -> Table:
    t = Table(title=f"Parameters {pset.source.name}")
    for name in ("Path", "Value", "Unit", "Since", "Status", "Source"):
        t.add_column(name, overflow="fold")
    for r in pset.records:
        t.add_row(r.path, str(r.value), r.unit, str(r.since or ""), r.status, r.source)
    return t


STATUS_STYLE = {"exact": "green", "off": "red", "within_precision": "yellow", "not_derivable": "dim",
                "no_tariff": "dim", "unmatched": "dim", "unit_mismatch": "yellow"}


def verify_table(pset, checks, summ) -> Table:
    t = Table(title=f"Verify {pset.source.name} against {pset.source.published.name if pset.source.published else '-'}")
    for name, kw in (("Code", {}), ("Product", {"overflow": "fold"}), ("Variant", {}),
                     ("Published", {"justify": "right"}), ("Computed", {"justify": "right"}),
                     ("Diff", {"justify": "right"}), ("Status", {}), ("Detail", {"overflow": "fold"})):
        t.add_column(name, **kw)
    for c in checks:
        diff = "" if c.diff_cents is None else f"{c.diff_cents:+d} ct"
        style = STATUS_STYLE[c.status]
        t.add_row(c.code or "—", c.product, c.variant, euro_nl(c.published), euro_nl(c.computed), diff,
                  f"[{style}]{c.status}[/{style}]", c.detail)
    inputs = ", ".join(f"{n} {k}" for k, n in summ["inputs"].items())
    t.caption = (f"exact {summ['exact']}/{summ['derivable']} derivable tariffs (normal and micro); "
                 f"{summ['within_precision']} within input precision; {summ['not_derivable']} not derivable"
                 + "".join(f"; {summ[k]} {k.replace('_', ' ')}" for k in ("no_tariff", "unmatched") if summ.get(k))
                 + f". Inputs: {inputs}.")
    t.caption_justify = "left"
    return t
