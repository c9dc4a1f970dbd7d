"""Every parameter value of a set as (dotted path, value, unit, date, source, status, raw location).

The dotted paths are the ones `kostprijs params` lists and that overrides (--set, --scenario) address.
"""

from __future__ import annotations

from typing import Any

from kostprijs.parameters.schema import Record


def records(pset, scale_table: dict[str, int]) -> list[Any]:
    from kostprijs.parameters.compile import ParamRecord

    out: list[Any] = []

    def add(file: str, path: str, rec: Record, since, loc: tuple, key: str | None = None):
        """One record; ``key`` picks one entry of a mapping-valued record (a functiemix share)."""
        value = rec.value if key is None else rec.value[key]
        where = (*loc, "value") if key is None else (*loc, "value", key)
        out.append(ParamRecord(path, value, rec.unit, rec.since or since, rec.source, rec.status, file, where))

    cs, op, fm = pset.models["cao_scales"], pset.models["opslagen"], pset.models["functiemix"]
    since = op.valid_from
    for name, r in op.opslagen:
        add("opslagen", f"opslagen.{name}", r, since, ("opslagen", name))
    for name, r in op.ort.items():
        add("opslagen", f"ort.{name}", r, since, ("ort", name))
    for name, col in op.productiviteit.items():
        base = ("productiviteit", name)
        if col.bruto is not None:
            add("opslagen", f"productiviteit.{name}.bruto", col.bruto, since, (*base, "bruto"))
            for part, r in col.aftrek.items():
                add("opslagen", f"productiviteit.{name}.aftrek.{part}", r, since, (*base, "aftrek", part))
        add("opslagen", f"productiviteit.{name}.clientgebonden", col.clientgebonden, since, (*base, "clientgebonden"))
    for name, r in op.voorzieningen.items():
        add("opslagen", f"voorzieningen.{name}", r, since, ("voorzieningen", name))
    for name, r in op.kalender:
        add("opslagen", f"kalender.{name}", r, since, ("kalender", name))
    pct = op.tabel1.pct_hoogste_trede
    for level in pct.value:
        add("opslagen", f"tabel1.pct_hoogste_trede.{level}", pct, since, ("tabel1", "pct_hoogste_trede"), level)
    for cao_name, cao in cs.caos.items():
        add("cao_scales", f"caos.{cao_name}.hours_per_week", cao.hours_per_week, cs.valid_from,
            ("caos", cao_name, "hours_per_week"))
        if cao_name not in scale_table:
            continue
        t = scale_table[cao_name]
        table = cao.tables[t]
        for scale_name, scale in table.scales.items():
            loc = ("caos", cao_name, "tables", t, "scales", scale_name)
            add("cao_scales", f"caos.{cao_name}.{scale_name}.top", scale.top, table.since, (*loc, "top"))
            for group in ("steps", "checks"):
                for step, r in (getattr(scale, group) or {}).items():
                    add("cao_scales", f"caos.{cao_name}.{scale_name}.{group}.{step}", r, table.since,
                        (*loc, group, step))
    for code, p in fm.products.items():
        base, loc = f"products.{code}", ("products", code)
        if p.tariff is not None:
            add("functiemix", f"{base}.tariff", p.tariff, fm.valid_from, (*loc, "tariff"))
        if p.functiemix is not None:
            for level in p.functiemix.value:
                add("functiemix", f"{base}.functiemix.{level}", p.functiemix, fm.valid_from,
                    (*loc, "functiemix"), level)
        for name in ("caos", "productiviteit", "ort", "fixed"):
            r = getattr(p, name)
            if r is not None:
                add("functiemix", f"{base}.{name}", r, fm.valid_from, (*loc, name))
        if p.staffing is not None:
            for name, r in p.staffing:
                if r is not None:
                    add("functiemix", f"{base}.staffing.{name}", r, fm.valid_from, (*loc, "staffing", name))
    return out

