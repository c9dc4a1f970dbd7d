"""Every parameter value of a set as (dotted path, value, unit, date, source, status).

The dotted paths are the ones `kostprijs params` lists and that overrides address.
"""

from __future__ import annotations

from typing import Any

from kostprijs.parameters.schema import Record


def _rec(out, file, path, rec: Record, default_since, value=None):
    from kostprijs.parameters.compile import ParamRecord

    out.append(ParamRecord(path, rec.value if value is None else value, rec.unit, rec.since or default_since,
                           rec.source, rec.status, file))


def records(pset, scale_table: dict[str, int]) -> list[Any]:
    out: list[Any] = []
    cs, op, fm = pset.models["cao_scales"], pset.models["opslagen"], pset.models["functiemix"]
    since = op.valid_from
    for name, r in op.opslagen:
        _rec(out, "opslagen", f"opslagen.{name}", r, since)
    for name, r in op.ort.items():
        _rec(out, "opslagen", f"ort.{name}", r, since)
    for name, col in op.productiviteit.items():
        if col.bruto is not None:
            _rec(out, "opslagen", f"productiviteit.{name}.bruto", col.bruto, since)
            for part, r in col.aftrek.items():
                _rec(out, "opslagen", f"productiviteit.{name}.aftrek.{part}", r, since)
        _rec(out, "opslagen", f"productiviteit.{name}.clientgebonden", col.clientgebonden, since)
    for name, r in op.voorzieningen.items():
        _rec(out, "opslagen", f"voorzieningen.{name}", r, since)
    for name, r in op.kalender:
        _rec(out, "opslagen", f"kalender.{name}", r, since)
    pct = op.tabel1.pct_hoogste_trede
    for level, v in pct.value.items():
        _rec(out, "opslagen", f"tabel1.pct_hoogste_trede.{level}", pct, since, v)
    for cao_name, cao in cs.caos.items():
        _rec(out, "cao_scales", f"caos.{cao_name}.hours_per_week", cao.hours_per_week, cs.valid_from)
        if cao_name not in scale_table:
            continue
        table = cao.tables[scale_table[cao_name]]
        for scale_name, scale in table.scales.items():
            _rec(out, "cao_scales", f"caos.{cao_name}.{scale_name}.top", scale.top, table.since)
            for group in ("steps", "checks"):
                for step, r in (getattr(scale, group) or {}).items():
                    _rec(out, "cao_scales", f"caos.{cao_name}.{scale_name}.{group}.{step}", r, table.since)
    for code, p in fm.products.items():
        base = f"products.{code}"
        if p.tariff is not None:
            _rec(out, "functiemix", f"{base}.tariff", p.tariff, fm.valid_from)
        if p.functiemix is not None:
            for level, v in p.functiemix.value.items():
                _rec(out, "functiemix", f"{base}.functiemix.{level}", p.functiemix, fm.valid_from, v)
        for name in ("caos", "productiviteit", "ort", "fixed"):
            r = getattr(p, name)
            if r is not None:
                _rec(out, "functiemix", f"{base}.{name}", r, fm.valid_from)
        if p.staffing is not None:
            for name, r in p.staffing:
                if r is not None:
                    _rec(out, "functiemix", f"{base}.staffing.{name}", r, fm.valid_from)
    return out
