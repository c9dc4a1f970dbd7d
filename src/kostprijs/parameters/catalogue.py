"""The table of parameter paths of a validated set: every value as (dotted path, value, unit, date,
source, status, raw location) with the model elements it feeds (:mod:`.paths`).

The dotted paths are the ones `kostprijs params` lists and that overrides (--set, --scenario) and
sweeps (--vary) address. Compiling a set (:mod:`.compile`) builds this table and fills the model
arrays through it, so what is written here is how a value enters the model.
"""

from __future__ import annotations

import math
from functools import cache

from kostprijs.language import calibration_note
from kostprijs.parameters.paths import ADD, SHARE, Companion, Feed, Param, ParamRecord, PathTable
from kostprijs.parameters.salary_tables import rolled_status
from kostprijs.parameters.schema import Record

#: the status of a value a set lists but does not use (the flat sociale lasten of a set that takes them from
#: premiums): not a figure in force
NOT_USED = "not_used"
_NOT_ENTERING = "a check or documentation value; only caos.<cao>.<scale>.top enters the tariffs"
_SHARE = (0.0, 1.0, False)
_NUMBERS = (int, float)      # exactly: a bool is not a number here
_HOURS_FOLLOW = "clientgebonden follows (bruto - aftrek)"


def table(models, salaries: dict, sidx: dict[str, int], lidx: dict[str, int],
          index: dict[str, int | None], hours: dict[str, float], derived: set[str]) -> PathTable:
    """The table of a set that passed validation.

    ``sidx``/``lidx``: scale ("cao:scale") and level -> position in the arrays; ``index``: product code
    -> position on the product axis (None: not computed by the model); ``hours``: productive hours per
    productiviteit column as compiled; ``derived``: columns whose hours follow from an overridden
    bruto or aftrek (see compile). ``salaries``: per scale ("cao:scale") its top step at the salary date
    (:class:`~kostprijs.parameters.salary_tables.StepInForce`): a top rolled forward is listed with that
    value, status ``derived``, the date of its last raise and the chain of raises as its source.
    """
    out: list[Param] = []

    def add(file: str, path: str, rec: Record, since, loc: tuple, key: str | None = None,
            feeds=(), why: str | None = None, bounds=None, **kw):
        """One entry; ``key`` picks one entry of a mapping-valued record (a functiemix share); ``bounds``
        narrows the schema's domain to what the sanity rules accept (:mod:`.sanity`)."""
        value = rec.value if key is None else rec.value[key]
        where = (*loc, "value") if key is None else (*loc, "value", key)
        source = rec.source
        cal = getattr(rec, "calibration", None)
        if cal is not None:   # a calibrated value says so wherever it is shown, with its prior and range
            source = f"{source}; {calibration_note(cal.prior, cal.lower, cal.upper)}"
        record = ParamRecord(path, value, rec.unit, rec.since or since, source, rec.status, file, where)
        if value.__class__ not in _NUMBERS:
            out.append(Param(record, why=f"not a number ({value!r}); use --set to choose another value"))
        else:   # a value may feed the model and still not be free to vary (a functiemix share of 100%)
            out.append(Param(record, tuple(feeds), domain=bounds or domain(type(rec), key is not None), why=why,
                             **kw))

    cs, op, fm = models["cao_scales"], models["opslagen"], models["functiemix"]
    on_ort: dict[str, list[int]] = {}          # which model products use each ORT variant, ...
    on_hours: dict[str, list[int]] = {}        # ... each productiviteit column, each voorziening (how often)
    listing: dict[str, list[tuple[int, int]]] = {}
    for code, i in index.items():
        if i is None:
            continue
        spec = fm.products[code]
        on_ort.setdefault(spec.ort.value, []).append(i)
        on_hours.setdefault(spec.productiviteit.value, []).append(i)
        names = spec.fixed.value if spec.fixed else []
        for name in dict.fromkeys(names):
            listing.setdefault(name, []).append((i, names.count(name)))

    since = op.valid_from
    from kostprijs.core.model import OPSLAGEN

    per_product = {o.field for o in OPSLAGEN if o.per_product}
    model_products = [i for i in index.values() if i is not None]
    premium_year = op.sociale_lasten_jaar
    by_premiums = premium_year is not None and premium_year.value != "flat"
    for name, r in op.opslagen:
        if name == "sociale_lasten" and by_premiums:   # listed, but not as a value in force
            unused = r.model_copy(update={"status": NOT_USED, "source": (
                f"niet gebruikt: sociale lasten uit premies {premium_year.value} (opslagen.sociale_lasten_jaar; "
                f"per product in kostprijs explain); was: {r.source}")})
            add("opslagen", f"opslagen.{name}", unused, since, ("opslagen", name),
                why=f"replaced by the premiums of {premium_year.value} (opslagen.sociale_lasten_jaar)")
            continue
        feeds = [Feed(name, (i,)) for i in model_products] if name in per_product else [Feed(name, (0,))]
        add("opslagen", f"opslagen.{name}", r, since, ("opslagen", name), feeds=feeds)
    if premium_year is not None:
        add("opslagen", "opslagen.sociale_lasten_jaar", premium_year, since, ("sociale_lasten_jaar",),
            why="a choice (flat or a premium year of premies.yaml), not a number to vary")
    for name, r in op.ort.items():
        add("opslagen", f"ort.{name}", r, since, ("ort", name),
            feeds=[Feed("ort", (i,)) for i in on_ort.get(name, ())])
    for name, col in op.productiviteit.items():
        base = ("productiviteit", name)
        users = on_hours.get(name, ())
        total = f"productiviteit.{name}.clientgebonden"
        follows = Companion(total, hours[name], 1.0, domain(type(col.clientgebonden)))
        if col.bruto is not None:
            add("opslagen", f"productiviteit.{name}.bruto", col.bruto, since, (*base, "bruto"),
                feeds=[Feed("hours", (i,), ADD, 1.0) for i in users], fills=name in derived,
                companions=(follows,), moves=_HOURS_FOLLOW)
            for part, r in col.aftrek.items():
                add("opslagen", f"productiviteit.{name}.aftrek.{part}", r, since, (*base, "aftrek", part),
                    feeds=[Feed("hours", (i,), ADD, -1.0) for i in users], fills=name in derived,
                    companions=(follows._replace(coef=-1.0),), moves=_HOURS_FOLLOW)
        along = () if col.bruto is None else (
            Companion(f"productiviteit.{name}.bruto", col.bruto.value, 1.0, domain(type(col.bruto))),)
        add("opslagen", total, col.clientgebonden, since, (*base, "clientgebonden"),
            feeds=[Feed("hours", (i,)) for i in users], fills=name not in derived, companions=along,
            moves="bruto hours moved along (bruto - aftrek = clientgebonden)" if along else None)
    for name, r in op.voorzieningen.items():
        add("opslagen", f"voorzieningen.{name}", r, since, ("voorzieningen", name),
            feeds=[Feed("fixed", (i,), ADD, float(k)) for i, k in listing.get(name, ())])
    for name, r in op.kalender:
        if name == "dagen_per_jaar":
            add("opslagen", f"kalender.{name}", r, since, ("kalender", name), feeds=[Feed("days", (0,))],
                whole=True)
        else:
            add("opslagen", f"kalender.{name}", r, since, ("kalender", name),
                why="does not enter the tariffs (a dagdeel's hours are products.<code>.staffing.hours)")
    pct = op.tabel1.pct_hoogste_trede
    for level in pct.value:
        add("opslagen", f"tabel1.pct_hoogste_trede.{level}", pct, since, ("tabel1", "pct_hoogste_trede"), level,
            feeds=[Feed("pct", (lidx[level],))], bounds=(0.0, 1.0, True))
    for cao_name, cao in cs.caos.items():
        add("cao_scales", f"caos.{cao_name}.hours_per_week", cao.hours_per_week, cs.valid_from,
            ("caos", cao_name, "hours_per_week"), why=_NOT_ENTERING)
        for key, top in salaries.items():
            if not key.startswith(f"{cao_name}:"):
                continue
            scale_name, t = top.scale, top.table_index
            tab = cao.tables[t]
            scale = tab.scales[scale_name]
            loc = ("caos", cao_name, "tables", t, "scales", scale_name)
            rec = scale.top
            if top.chain:   # rolled forward: the value at the salary date, how it was derived
                rec = rec.model_copy(update={
                    "value": top.value, "status": rolled_status(rec.status), "since": top.since,
                    "source": f"{rec.source} [{rec.status}]; rolled forward: {top.derivation}"})
            add("cao_scales", f"caos.{cao_name}.{scale_name}.top", rec, tab.since, (*loc, "top"),
                feeds=[Feed("top", (sidx[key],))])
            for group in ("steps", "checks"):
                for step, r in (getattr(scale, group) or {}).items():
                    add("cao_scales", f"caos.{cao_name}.{scale_name}.{group}.{step}", r, tab.since,
                        (*loc, group, step), why=_NOT_ENTERING)
    for code, p in fm.products.items():
        _product(add, code, p, index[code], fm.valid_from, lidx)
    return PathTable(out, list(lidx))


def _product(add, code: str, p, i: int | None, since, lidx: dict[str, int]) -> None:
    base, loc = f"products.{code}", ("products", code)
    outside = None if i is not None else f"product {code} is {p.basis.replace('_', ' ')}, not computed by the model"
    if p.tariff is not None:
        add("functiemix", f"{base}.tariff", p.tariff, since, (*loc, "tariff"), why=outside)
    if p.functiemix is not None:
        shares = p.functiemix.value
        each = [Companion(f"{base}.functiemix.{lv}", float(s), None, _SHARE) for lv, s in shares.items()]
        for n, (level, share) in enumerate(shares.items()):
            siblings = (*each[:n], *each[n + 1:])
            add("functiemix", f"{base}.functiemix.{level}", p.functiemix, since, (*loc, "functiemix"), level,
                feeds=[Feed("mix", (i, lidx[level]), SHARE)], companions=siblings,
                moves="the product's other functiemix shares keep their proportions",
                why=outside or ("the only level of the product's functiemix (its share is 100%)"
                                if share >= 1.0 else None))
    for name in ("caos", "productiviteit", "ort", "fixed"):
        r = getattr(p, name)
        if r is not None:
            add("functiemix", f"{base}.{name}", r, since, (*loc, name))
    st = p.staffing
    if st is None:
        return
    for name, r in st:
        if r is None:
            continue
        why = outside
        if name == "group_size":     # the micro tariff's group too, unless it has its own
            feeds = [Feed("group", (i,))] + ([Feed("group_micro", (i,))] if st.group_size_micro is None else [])
        elif name == "group_size_micro":
            feeds = [Feed("group_micro", (i,))]
        else:                        # hours, fte_per_jeugdige or fte_per_group: the staff time
            feeds = [Feed("staff", (i,))]
            if name == "hours" and p.unit == "uur":
                why = "an uur product's staffing.hours is 1 by definition"
        add("functiemix", f"{base}.staffing.{name}", r, since, (*loc, "staffing", name), feeds=feeds, why=why)


@cache
def domain(cls: type[Record], item: bool = False) -> tuple[float, float, bool]:
    """(low, high, low exclusive) of the values the schema accepts for ``cls.value`` (``item``: for
    one entry of a mapping-valued record)."""
    import typing

    info = cls.model_fields["value"]
    metadata = info.metadata
    if item:
        entry = typing.get_args(info.annotation)[1]
        metadata = [m for a in typing.get_args(entry)[1:] for m in getattr(a, "metadata", [a])]
    lo, hi, exclusive = -math.inf, math.inf, False
    for m in metadata:
        if getattr(m, "ge", None) is not None:
            lo, exclusive = float(m.ge), False
        if getattr(m, "gt", None) is not None:
            lo, exclusive = float(m.gt), True
        if getattr(m, "le", None) is not None:
            hi = float(m.le)
    return lo, hi, exclusive
