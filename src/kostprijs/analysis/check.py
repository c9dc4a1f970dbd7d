"""`kostprijs check`: a published tariff list (a check file) against the model, line by line.

Lines are matched to the set's products by code or through a mapping file; each tariff is compared by
:func:`kostprijs.analysis.comparison.compare_tariff` (its status words; ``off`` with a direction:
the published tariff ``below`` or ``above`` the model's). A fixed tariff of the set is compared too:
the check asks what the set charges, not what the model derives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from kostprijs.analysis.comparison import (
    BELOW,
    UNIT_MISMATCH,
    UNMATCHED,
    PublishedTariff,
    compare_all,
)
from kostprijs.analysis.labels import note
from kostprijs.core.money import to_cents, to_euro
from kostprijs.parameters.tariff_files import Mapping, TariffFile, TariffLine

#: CSV/JSON keys of `kostprijs check`, in order (documented in the README); keys are only added at the end
CHECK_COLUMNS: list[tuple[str, int | None]] = [
    ("line", None), ("code", None), ("product", None), ("unit", None), ("variant", None), ("model_code", None),
    ("matched_via", None), ("published", 2), ("model", 2), ("delta_eur", 2), ("delta_pct", 2), ("status", None),
    ("below_model", None), ("note", None), ("direction", None), ("unit_converted", None),
]


@dataclass(frozen=True)
class Match:
    """One line of a check file and the model product it refers to (or why none)."""

    line: TariffLine
    code: str | None            # the parameter set's product code
    product: object | None      # ProductInfo or None
    via: str | None             # "code" | "map" | None
    note: str | None            # why unmatched, or the mapping's note


def match_lines(tfile: TariffFile, pset, mapping: Mapping | None = None) -> list[Match]:
    """Match every line by code, or through the mapping (which wins where it names the code)."""
    by_code = {p.code: p for p in pset.products}
    out = []
    for ln in tfile.lines:
        if ln.code is None:
            out.append(Match(ln, None, None, None, note("no_code")))
            continue
        entry = mapping.entries.get(ln.code) if mapping else None
        if entry is not None:
            if entry.to is None:
                out.append(Match(ln, None, None, None, entry.note or note("no_counterpart", path=mapping.path)))
            else:
                out.append(Match(ln, entry.to, by_code[entry.to], "map", entry.note))
            continue
        p = by_code.get(ln.code)
        if p is None:
            why = note("not_in_set", code=ln.code, name=pset.source.name)
            hint = "" if mapping else note("give_map")
            out.append(Match(ln, None, None, None, why + hint))
        else:
            out.append(Match(ln, p.code, p, "code", None))
    return out


def match_entries(matches: list[Match]) -> Iterator[tuple[Match, PublishedTariff]]:
    """Each matched line's tariffs: the normal one always, the micro one where published."""
    for m in matches:
        ln = m.line
        for variant, amount in (("normal", ln.tariff), ("micro", ln.tariff_micro)):
            if variant == "micro" and amount is None:
                continue
            yield m, PublishedTariff(ln.line, ln.code, variant, None if amount is None else to_cents(amount),
                                     ln.printed, ln.unit, ln.unit_printed, m.product,
                                     None if m.product else m.note, ln.product)


def check_rows(pset, matches: list[Match]) -> list[dict]:
    """Published vs model per line and variant (normal, micro): delta = published - model (keys: CHECK_COLUMNS
    and ``source``)."""
    pairs = list(match_entries(matches))
    rows = []
    for (m, e), c in zip(pairs, compare_all([e for _, e in pairs], pset, fixed=True), strict=True):
        ln = m.line
        delta = c.delta_cents
        notes = list(c.notes) if m.product is None else [m.note, *c.notes]
        rows.append({
            "line": ln.line, "code": ln.code, "product": e.name or (m.product.name if m.product else None),
            "unit": ln.unit_printed, "variant": e.variant, "model_code": m.code, "matched_via": m.via,
            "published": to_euro(e.cents), "model": to_euro(c.model_cents), "delta_eur": to_euro(delta),
            "delta_pct": delta * 100 / c.model_cents if delta is not None and c.model_cents else None,
            "status": c.status, "below_model": None if delta is None else c.direction == BELOW,
            "note": "; ".join(n for n in notes if n) or None, "direction": c.direction,
            "unit_converted": c.factor is not None and c.compared, "source": ln.source,
        })
    return rows


def check_summary(rows: list[dict]) -> dict:
    counts = Counter(r["status"] for r in rows)
    compared = [r for r in rows if r["delta_pct"] is not None]
    pcts = sorted(r["delta_pct"] for r in compared)
    median = None
    if pcts:
        n = len(pcts)
        median = pcts[n // 2] if n % 2 else (pcts[n // 2 - 1] + pcts[n // 2]) / 2
    return {
        "lines": len({r["line"] for r in rows}), "tariffs": len(rows), "compared": len(compared),
        "below_model": sum(1 for r in compared if r["below_model"]),
        "unmatched": counts[UNMATCHED], "unit_mismatch": counts[UNIT_MISMATCH],
        "statuses": dict(sorted(counts.items())), "median_delta_pct": median,
    }

