"""The tariff list and the parameter list as rows with stable keys: the machine interface of `compute`
and `params`, taken by every writer, the report and the API."""

from __future__ import annotations

import math
from typing import Any

from kostprijs.analysis.labels import rounding_text
from kostprijs.core.model import Result
from kostprijs.core.money import to_cents, to_euro, whole_cents
from kostprijs.core.rounding import Description
from kostprijs.parameters import ijw

#: JSON/CSV keys of `kostprijs compute`, in order (documented in the README). Keys are only ever added,
#: at the end, so that positional CSV readers keep working.
TARIFF_COLUMNS: list[tuple[str, int | None]] = [
    ("code", None), ("product", None), ("unit", None), ("basis", None), ("tariff", 2),
    ("tariff_micro", 2), ("hourly", 6), ("hourly_micro", 6), ("rounding", None),
    # iJw fields, eurocent and where the list comes from (issue 5)
    ("note", None), ("productcategorie", None), ("productcode", None), ("wj756", None),
    ("tariff_cents", None), ("tariff_micro_cents", None), ("region", None), ("prijspeil", None),
]


def _f(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def tariff_rows(pset, result: Result) -> list[dict[str, Any]]:
    # set and prijspeil as validated (the strict schema coerces nothing, so the file's values are the
    # model's); not through pset.models, which a set served from the cache validates only on first use
    opslagen = pset.raw.data["opslagen"]
    rows = []
    for p in pset.products:
        row: dict[str, Any] = {"code": p.code, "product": p.name, "unit": p.unit, "basis": p.basis,
                               "tariff": None, "tariff_micro": None, "hourly": None, "hourly_micro": None,
                               "rounding": rounding_text(p.rounding)}
        cents = cents_micro = None
        if p.index is not None:
            i = p.index
            cents = whole_cents(result.cents[i])
            row["tariff"] = to_euro(cents)
            row["hourly"] = _f(result.hourly[i])
            if p.micro:
                cents_micro = whole_cents(result.cents_micro[i])
                row["tariff_micro"] = to_euro(cents_micro)
                row["hourly_micro"] = _f(result.hourly_micro[i])
        elif p.basis == "fixed":
            row["tariff"] = p.tariff
            cents = to_cents(p.tariff)      # whole cents: the schema's rule (parameters.schema.Tariff)
            row["rounding"] = rounding_text(Description("fixed"))
        else:
            row["rounding"] = rounding_text(Description("no_tariff"))
        row["note"] = p.reason if p.index is None else None
        row["productcategorie"] = ijw.productcategorie(p.code)
        row["productcode"] = ijw.productcode(p.code)
        row["wj756"] = ijw.wj756(p.unit)
        row["tariff_cents"] = cents
        row["tariff_micro_cents"] = cents_micro
        row["region"] = opslagen["set"]
        row["prijspeil"] = opslagen["prijspeil"]
        rows.append(row)
    return rows


def parameter_rows(pset, formula_inline: bool = True) -> list[dict[str, Any]]:
    """Every parameter of a set as a row (`kostprijs params`, the XLSX Parameters sheet); ``since`` is a date.
    With a premium year the derived sociale lasten rates follow opslagen.sociale_lasten_jaar
    (:func:`premium_parameter_rows`; ``formula_inline`` False: their formula is left to the caller to show
    once)."""
    rows = [{"path": r.path, "value": r.value, "unit": r.unit, "since": r.since, "source": r.source,
             "status": r.status, "file": r.file} for r in pset.records]
    derived = premium_parameter_rows(pset, formula_inline)
    if derived:
        at = next((k + 1 for k, r in enumerate(rows) if r["path"] == "opslagen.sociale_lasten_jaar"), len(rows))
        rows[at:at] = derived
    return rows


#: the unit of a derived sociale lasten rate: like the flat one, a fraction of the wage it is taken on
PREMIUM_RATE_UNIT = "fraction of yearly wage"


def _num(x: float, decimals: int = 0) -> str:
    """A figure in the run's language for the text of a derivation: 57.546 / 13,45 (nl), 57,546 / 13.45 (en)."""
    from kostprijs.language import dutch_digits, pick

    text = f"{x:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return pick(dutch_digits(text), text)


def premium_formula(premiums) -> str:
    """The sociale lasten of a yearly wage W from a year's components, as a formula with the figures:
    components with the same base (franchise, maximum) share one bracket, e.g.
    ``(AWf 2,74% + Aof 7,63% + ...) x min(W; 79.409)``; a premium base is never below 0."""
    from kostprijs.analysis.labels import PREMIUMS
    from kostprijs.language import pick

    sep = pick("; ", ", ")
    groups: dict[tuple[float, float], list[str]] = {}
    for name, rate, franchise, cap in zip(premiums.names, premiums.rate.tolist(), premiums.franchise.tolist(),
                                          premiums.cap.tolist(), strict=True):
        groups.setdefault((franchise, cap), []).append(f"{PREMIUMS[name]} {_num(100 * rate, 4)}%")
    terms = []
    for (franchise, cap), names in groups.items():
        base = "W" if math.isinf(cap) else f"min(W{sep}{_num(cap)})"
        if franchise > 0:
            base = f"({base} − {_num(franchise)})"
        rates = names[0] if len(names) == 1 else "(" + " + ".join(names) + ")"
        terms.append(f"{rates} x {base}")
    return " + ".join(terms)


def premium_parameter_rows(pset, formula_inline: bool = True) -> list[dict[str, Any]]:
    """With a premium year (opslagen.sociale_lasten_jaar, :attr:`ParameterSet.premiums`): per model product
    the sociale lasten rate of each level of its functiemix and the product's rate, status ``derived``, the
    ``source`` saying how, with the figures (the level's yearly wage and the components of
    :func:`premium_formula`; the product: the functiemix- and wage-weighted mean of its levels). Paths
    ``sociale_lasten.<code>.<level>`` and ``sociale_lasten.<code>`` (not settable: they follow from the
    salaries and the premiums). A set with one flat rate has none. ``formula_inline`` False: a level's
    source names the formula instead of writing it out (a table shows it once, :func:`premium_formula_note`)."""
    import datetime as dt

    import numpy as np

    from kostprijs.language import pick

    use = pset.premiums
    if use is None:
        return []
    f, a = use.figures, pset.arrays
    since = dt.date(use.year, 1, 1)
    where = f"premies.yaml {use.year}"
    formula = premium_formula(use.premiums)
    on_salary = np.broadcast_to(np.asarray(a.vakantiegeld + a.eindejaarsuitkering + a.ort, dtype=float),
                                (len(a.mix),))
    rows: list[dict[str, Any]] = []
    for p in pset.model_products:
        i = p.index
        parts = []
        for li, level in enumerate(pset.levels):
            share = float(a.mix[i, li])
            if share <= 0:
                continue
            wage, rate = float(f.wage[i, li]), float(f.level_rate[i, li])
            monthly = wage / 12 / (1 + float(on_salary[i]))
            w_is = pick(f"W = 12 x € {_num(monthly, 2)} x (1 + {_num(float(on_salary[i]), 4)}) = € {_num(wage)}",
                        f"W = 12 x EUR {_num(monthly, 2)} x (1 + {_num(float(on_salary[i]), 4)}) = EUR {_num(wage)}")
            if formula_inline:
                how = pick(f"afgeleid uit {where}: jaarloon {w_is} (12 x het salaris van het niveau x (1 + "
                           f"vakantiegeld + EJU + ORT)); sociale lasten = ({formula}) / W; een grondslag is nooit "
                           "kleiner dan 0",
                           f"derived from {where}: yearly wage {w_is} (12 x the level's salary x (1 + holiday pay "
                           f"+ EJU + ORT)); sociale lasten = ({formula}) / W; a premium base is never below 0")
            else:
                how = pick(f"afgeleid uit {where}: {w_is}, in de formule onder de tabel",
                           f"derived from {where}: {w_is}, in the formula below the table")
            rows.append({"path": f"sociale_lasten.{p.code}.{level}", "value": rate, "unit": PREMIUM_RATE_UNIT,
                         "since": since, "source": how, "status": "derived", "file": "premies"})
            parts.append((share, wage, rate))
        if not parts:
            continue
        num = " + ".join(f"{_num(100 * s, 2)}% x {_num(w)} x {_num(100 * r, 2)}%" for s, w, r in parts)
        den = " + ".join(f"{_num(100 * s, 2)}% x {_num(w)}" for s, w, _ in parts)
        how = pick(f"afgeleid uit {where}: de niveaus gewogen met functiemix x jaarloon W: ({num}) / ({den})",
                   f"derived from {where}: the levels weighted by functiemix x yearly wage W: ({num}) / ({den})")
        rows.append({"path": f"sociale_lasten.{p.code}", "value": float(a.sociale_lasten[i]),
                     "unit": PREMIUM_RATE_UNIT, "since": since, "source": how, "status": "derived",
                     "file": "premies"})
    return rows


def premium_formula_note(pset) -> str | None:
    """The formula of the derived sociale lasten of a set with a premium year, once (a table's caption)."""
    from kostprijs.language import pick

    use = pset.premiums
    if use is None:
        return None
    formula = premium_formula(use.premiums)
    return pick(f"Sociale lasten uit premies.yaml {use.year} per niveau, op het jaarloon W: ({formula}) / W; "
                "een grondslag is nooit kleiner dan 0. Een product: de niveaus gewogen met functiemix x jaarloon.",
                f"Sociale lasten from premies.yaml {use.year} per level, on the yearly wage W: ({formula}) / W; a "
                "premium base is never below 0. A product: the levels weighted by functiemix x yearly wage.")
