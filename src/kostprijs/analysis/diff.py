"""`kostprijs diff A B`: what changed between two parameter sets, and how much of each tariff change
each change explains (Shapley values over the changed groups).

1. **The parameter diff** (:func:`parameter_changes`): every dotted path of the table of paths
   (:attr:`ParameterSet.paths`, as `kostprijs params` lists them) whose value differs, or that exists
   on one side only; products added or removed; functiemix rows changed.
2. **Attribution** (:func:`attribute`). Both sets are laid out on one common layout (the union of
   their scales, Tabel 1 columns and levels; the products computed by both). The change of every
   model input, B - A, is split over *groups*: a changed path claims the change of the elements it
   feeds in both sets (``set``: B's value - A's, ``add``: k x the change); what no path claims (a
   product that names another CAO, ORT variant or productiviteit column, a new scale, a Tabel 1
   cell) is claimed by the structural group of that element (:func:`structural_group`). Every group
   g so has a change ``C_g`` of the model inputs, and ``A + sum(C_g) = B``. A coalition S of
   groups is the model at ``A + sum_{g in S} C_g``; all 2^k coalitions go through
   :func:`kostprijs.core.model.compute` at once, on a scenario axis, and the Shapley value of g is

       phi_g = sum over S not containing g of |S|! (k - |S| - 1)! / k! x (v(S + g) - v(S))

   with v the unrounded tariff. The phi_g add up to v(all) - v(none) = B's unrounded tariff - A's
   (efficiency) and no order of substitution is favoured. The group ``rounding`` is the rest: B's
   rounded tariff - A's minus the unrounded change.

Groups (``group_by``):

* ``parameter`` (default): a path, except that the shares of one product's functiemix are one group
  ``products.CODE.functiemix`` (they move together: the row sums to 100%), the productive hours of
  one Tabel 4 column (its printed total and its bruto/aftrek derivation: two descriptions of one
  figure) are one group ``productiviteit.COLUMN``, and the top steps of a CAO whose salary table
  changed (another table in force, scales added or removed) are one group ``caos.CAO``.
* ``element``: the four cost elements of art. 2.3 Besluit Jeugdwet (:func:`element_of`).
* ``file``: the parameter file a group's values come from.

Above :data:`MAX_GROUPS` groups the parameter grouping falls back to the elements, and says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from kostprijs.core import model as m
from kostprijs.core.money import to_cents, to_euro, whole_cents
from kostprijs.errors import KostprijsError
from kostprijs.parameters.paths import ADD, SET

#: at most this many groups are attributed exactly (2^16 coalitions); above, groups by element
MAX_GROUPS = 16
#: model input elements (coalitions x products x ...) evaluated per chunk of coalitions
CHUNK_ELEMENTS = 1 << 21
GROUP_BYS = ("parameter", "element", "file")
ROUNDING = "rounding"

#: the cost elements of art. 2.3 Besluit Jeugdwet, as `explain` names them
ELEMENT_NAMES = {
    "a": "a. beroepskrachten",
    "b": "b. andere cliëntgebonden kosten",
    "c": "c. overhead",
    "d": "d. indexering",
}

#: axes of each ModelArrays field: S scales, K Tabel 1 columns, L levels, P products, 1 a scalar
AXES = {
    "top": "S", "tabel1": "KLS", "has_level": "KL", "pct": "L", "mix": "PL", "cao_mask": "PK",
    # the opslagen from the one table of them (core.model.OPSLAGEN): per set, or per product like ORT
    **{f: ("P" if o.per_product else "1") for o in m.OPSLAGEN for f in (o.field, o.micro_field) if f},
    "days": "1",
    **{f: "P" for f in ("hours", "unit", "staff", "group", "group_micro", "is_fte", "fixed", "round_mode",
                        "round_step")},
}


# --- the parameter diff -------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One path whose value differs (``kind`` changed), or that one side does not have (only_a, only_b)."""

    path: str
    kind: str
    value_a: Any
    value_b: Any
    unit: str
    since_a: Any
    since_b: Any
    source_a: str | None
    source_b: str | None
    file: str
    group: str
    element: str

    def as_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("since_a", "since_b"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        return d


def _same(a, b) -> bool:
    numbers = all(isinstance(x, float | int) and not isinstance(x, bool) for x in (a, b))
    if numbers:
        return float(a) == float(b)
    return a == b


def changed_cao_tables(pa, pb) -> set[str]:
    """CAOs whose salary table in force differs: another table (its date) or other scales."""
    def tables(pset):
        out: dict[str, set] = {}
        for r in pset.records:
            parts = r.path.split(".")
            if parts[0] == "caos" and len(parts) == 4 and parts[3] == "top":
                out.setdefault(parts[1], set()).add((parts[2], r.since))
        return out
    ta, tb = tables(pa), tables(pb)
    return {c for c in set(ta) | set(tb) if ta.get(c) != tb.get(c)}


def parameter_group(path: str, cao_tables: set[str]) -> str:
    """The group of a path under ``group_by=parameter`` (see the module text)."""
    parts = path.split(".")
    if parts[0] == "products" and len(parts) == 4 and parts[2] == "functiemix":
        return ".".join(parts[:3])
    if parts[0] == "productiviteit" and len(parts) >= 3:
        return ".".join(parts[:2])
    if parts[0] == "caos" and len(parts) == 4 and parts[3] == "top" and parts[1] in cao_tables:
        return ".".join(parts[:2])
    return path


#: opslag field -> cost element, from the model's own table of opslagen
_OPSLAG_ELEMENT = {f: o.element for o in m.OPSLAGEN for f in (o.field, o.micro_field) if f}


def element_of(group: str) -> str:
    """The cost element (a-d of art. 2.3 Besluit Jeugdwet) of a group or path.

    c. overhead: the overhead and risico opslagen (``core.model.OPSLAGEN`` says which opslag belongs
    where); b. andere cliëntgebonden kosten: the voorzieningen (fixed parts: kapitaal, hotel,
    slaapwacht, materiaal) and a product's list of them; d. indexering: the indexation parameters
    (they do not enter the prijspeil tariffs); a. beroepskrachten: everything else that builds the
    personnel cost: salaries (CAO tables, Tabel 1), vakantiegeld, eindejaarsuitkering, ORT, sociale
    lasten, productive hours, functiemix, staffing and group sizes, and a product's unit, CAOs and
    columns. A fixed (published) tariff and a rounding rule are no cost element; they are put under
    a (a fixed tariff is a price of care, a rounding rule has no unrounded effect at all).
    """
    parts = group.split(".")
    if parts[0] == "opslagen" and len(parts) == 2:
        return _OPSLAG_ELEMENT.get(parts[1], "a")
    if parts[0] == "voorzieningen" or (parts[0] == "products" and parts[-1] == "fixed"):
        return "b"
    if parts[0] in ("indexatie", "index"):
        return "d"
    return "a"


_FILE_OF_ROOT = {"caos": "cao_scales", "products": "functiemix"}


def file_of(group: str, records: dict[str, Any]) -> str:
    r = records.get(group)
    if r is not None:
        return r.file
    member = next((rec for p, rec in records.items() if p.startswith(group + ".")), None)
    return member.file if member is not None else _FILE_OF_ROOT.get(group.split(".")[0], "opslagen")


def parameter_changes(pa, pb) -> list[Change]:
    """Every path whose value differs between A and B, or that only one has, in the order of A's
    table (then B's new paths)."""
    ra = {r.path: r for r in pa.records}
    rb = {r.path: r for r in pb.records}
    tables = changed_cao_tables(pa, pb)
    one_side = {p.code for p in product_changes(pa, pb) if p.kind != "basis"}
    out = []
    for path in [*ra, *(p for p in rb if p not in ra)]:
        parts = path.split(".", 2)
        if parts[0] == "products" and len(parts) > 1 and parts[1] in one_side:
            continue          # a product in one set only: listed with the products, not path by path
        a, b = ra.get(path), rb.get(path)
        if a is not None and b is not None and _same(a.value, b.value):
            continue
        kind = "changed" if a is not None and b is not None else "only_a" if b is None else "only_b"
        r = b if b is not None else a
        group = parameter_group(path, tables)
        out.append(Change(path, kind, a.value if a else None, b.value if b else None, r.unit,
                          a.since if a else None, b.since if b else None, a.source if a else None,
                          b.source if b else None, r.file, group, element_of(group)))
    return out


@dataclass(frozen=True)
class ProductChange:
    """A product present on one side only, or whose basis differs: listed, not attributed."""

    code: str
    product: str
    kind: str          # added | removed | basis
    basis_a: str | None
    basis_b: str | None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def product_changes(pa, pb) -> list[ProductChange]:
    a = {p.code: p for p in pa.products}
    b = {p.code: p for p in pb.products}
    out = [ProductChange(c, p.name, "removed", p.basis, None) for c, p in a.items() if c not in b]
    out += [ProductChange(c, p.name, "added", None, p.basis) for c, p in b.items() if c not in a]
    out += [ProductChange(c, p.name, "basis", p.basis, b[c].basis) for c, p in a.items()
            if c in b and p.basis != b[c].basis]
    return out


# --- the common layout --------------------------------------------------------------------------

@dataclass
class Layout:
    """The union of both sets' axes; ``maps[side][axis]`` gives each side index its union position."""

    axes: dict[str, list]              # axis -> union labels
    maps: tuple[dict[str, np.ndarray], dict[str, np.ndarray]]
    codes: list[str]                   # the products computed by both, in A's order

    def size(self, axis: str) -> int:
        return 1 if axis == "1" else len(self.axes[axis])


def _union(a: list, b: list) -> list:
    return [*a, *(x for x in b if x not in set(a))]


def make_layout(pa, pb, codes: list[str]) -> Layout:
    axes = {"S": _union(pa.scales, pb.scales), "K": _union(pa.columns, pb.columns),
            "L": _union(pa.levels, pb.levels), "P": list(codes)}
    maps = []
    for pset in (pa, pb):
        index = {p.code: p.index for p in pset.model_products}
        side = {"P": np.array([codes.index(c) if c in codes else -1 for c in sorted(index, key=index.get)])}
        for axis, labels in (("S", pset.scales), ("K", pset.columns), ("L", pset.levels)):
            pos = {x: i for i, x in enumerate(axes[axis])}
            side[axis] = np.array([pos[x] for x in labels], dtype=int)
        maps.append(side)
    return Layout(axes, (maps[0], maps[1]), list(codes))


def embed(layout: Layout, side: int, arrays: m.ModelArrays) -> dict[str, np.ndarray]:
    """One side's ModelArrays on the common layout (zeros where that side has no such element)."""
    out = {}
    for name, axes in AXES.items():
        src = np.asarray(getattr(arrays, name), dtype=float)
        if axes == "1":
            out[name] = src.reshape(1).copy()
            continue
        dst = np.zeros(tuple(layout.size(a) for a in axes))
        idx, keep = [], []
        for a in axes:
            mp = layout.maps[side][a]
            keep.append(np.nonzero(mp >= 0)[0])
            idx.append(mp[mp >= 0])
        dst[np.ix_(*idx)] = src[np.ix_(*keep)]
        out[name] = dst
    return out


def _union_index(layout: Layout, side: int, field_name: str, index: tuple) -> tuple | None:
    axes = AXES[field_name]
    if axes == "1":
        return (0,)
    out = []
    for a, i in zip(axes, index, strict=True):
        j = int(layout.maps[side][a][i])
        if j < 0:
            return None
        out.append(j)
    return tuple(out)


def structural_group(layout: Layout, field_name: str, index: tuple, specs) -> str:
    """The group that claims a change of a model input no changed path explains (see the module text).
    ``specs``: the product specifications (functiemix.yaml) of A and B."""
    axes = AXES[field_name]
    if field_name == "top":
        return "caos." + layout.axes["S"][index[0]].rpartition(":")[0]
    if field_name in ("tabel1", "has_level"):
        return f"tabel1.columns.{layout.axes['K'][index[0]]}"
    if field_name == "pct":
        return f"tabel1.pct_hoogste_trede.{layout.axes['L'][index[0]]}"
    if axes == "1":
        return "kalender.dagen_per_jaar" if field_name == "days" else f"opslagen.{field_name}"
    code = layout.codes[index[0]]
    sa, sb = specs[0][code], specs[1][code]
    base = f"products.{code}"
    if field_name == "mix":
        return f"{base}.functiemix"
    if field_name == "cao_mask":
        return f"{base}.caos"
    if field_name == "ort":
        return f"{base}.ort"
    if field_name == "sociale_lasten":   # from premiums on one side or both: the premium choice claims it
        return "opslagen.sociale_lasten_jaar"
    if field_name == "hours":
        col_a, col_b = sa.productiviteit.value, sb.productiviteit.value
        return f"productiviteit.{col_b}" if col_a == col_b else f"{base}.productiviteit"
    if field_name == "fixed":
        return f"{base}.fixed"
    if field_name in ("staff", "group", "group_micro", "is_fte"):
        return f"{base}.staffing"
    if field_name in ("round_mode", "round_step") and sa.unit == sb.unit:
        return f"afronding.{sb.unit}"
    return f"{base}.unit"


def input_changes(pa, pb, layout: Layout, A: dict, B: dict) -> dict[str, dict[str, np.ndarray]]:
    """group (parameter grouping) -> {field: its change of that field on the common layout}; the changes
    of all groups add up to B - A."""
    tables = changed_cao_tables(pa, pb)
    ta, tb = pa.paths, pb.paths
    claims: dict[str, dict[str, np.ndarray]] = {}
    claimed = {f: np.zeros_like(v) for f, v in A.items()}
    for entry_b in tb:
        entry_a = ta.get(entry_b.path)
        if entry_a is None or not entry_a.feeds or not entry_b.feeds or not (entry_a.fills and entry_b.fills):
            continue
        if not isinstance(entry_a.record.value, float | int) or _same(entry_a.record.value, entry_b.record.value):
            continue
        fa = {}
        for f in entry_a.feeds:
            u = _union_index(layout, 0, f.field, f.index)
            if u is not None:
                fa[(f.field, u)] = f
        group = parameter_group(entry_b.path, tables)
        for f in entry_b.feeds:
            u = _union_index(layout, 1, f.field, f.index)
            if u is None or (f.field, u) not in fa or f.field == "mix":
                continue          # a functiemix share: the row group claims it (structural_group)
            other = fa[(f.field, u)]
            if f.how != other.how or (f.how == ADD and f.k != other.k):
                continue
            if f.how == SET:
                d = entry_b.value - entry_a.value
            elif f.how == ADD:
                d = f.k * (entry_b.value - entry_a.value)
            else:
                continue
            arr = claims.setdefault(group, {}).setdefault(f.field, np.zeros_like(A[f.field]))
            arr[u] += d
            claimed[f.field][u] += d
    specs = (pa.models["functiemix"].products, pb.models["functiemix"].products)
    for name in A:
        rest = (B[name] - A[name]) - claimed[name]
        # a claim equal to the change up to float noise leaves no structural rest
        tol = 1e-12 * np.maximum(np.abs(B[name]), np.abs(A[name]))
        for u in zip(*np.nonzero(np.abs(rest) > tol), strict=True):
            u = tuple(int(i) for i in u)
            group = structural_group(layout, name, u, specs)
            arr = claims.setdefault(group, {}).setdefault(name, np.zeros_like(A[name]))
            arr[u] += rest[u]
    # a group is a player only if it changes some input
    return {g: c for g, c in claims.items() if any(np.any(v != 0) for v in c.values())}


# --- Shapley values -----------------------------------------------------------------------------

def shapley_weights(k: int) -> np.ndarray:
    """w[s] = s! (k - s - 1)! / k!, the weight of a coalition of s other groups."""
    return np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)])


def coalition_values(A: dict, deltas: list[dict[str, np.ndarray]],
                     base: m.ModelArrays) -> tuple[np.ndarray, np.ndarray]:
    """The unrounded normal and micro tariffs (2^k, P) of every coalition of the k groups: the model at
    A + the changes of the groups in the coalition, all coalitions on one scenario axis through
    :func:`kostprijs.core.model.compute` (in chunks of bounded size)."""
    k = len(deltas)
    n = 1 << k
    masks = np.arange(n)
    z = ((masks[:, None] >> np.arange(k)[None, :]) & 1).astype(float)          # (2^k, k)
    varied = sorted({f for d in deltas for f in d})
    # per varied field: the groups that change it and their changes (k_f, size)
    per_field = {f: ([g for g, d in enumerate(deltas) if f in d],
                     np.stack([d[f].ravel() for d in deltas if f in d])) for f in varied}
    p = A["hours"].shape[0]
    # The functiemix-weighted salary weights (P, S) depend on mix, pct, Tabel 1 and the product's CAOs.
    # Only where Tabel 1 or a product's CAOs vary are they built per coalition inside compute; a
    # varied mix or pct_hoogste_trede gives them as mix x pct on the weights at 100% of the top step
    # (level_weights is linear in pct), as the sweep does; else they are computed once.
    structural = any(f in varied for f in ("tabel1", "has_level", "cao_mask"))
    per_level = not structural and any(f in varied for f in ("mix", "pct"))
    unit_w = mix_w = None
    if structural:
        width = p * base.tabel1.shape[0] * base.tabel1.shape[1] * base.tabel1.shape[2]
    elif per_level:
        unit_w = m.level_weights(base.cao_mask, base.has_level, base.tabel1, np.ones_like(base.pct))
        width = p * base.top.shape[0]
    else:
        mix_w = m.mix_weights(base.mix, m.level_weights(base.cao_mask, base.has_level, base.tabel1, base.pct))
        width = p
    rows = max(1, CHUNK_ELEMENTS // max(1, width))
    normal, micro = np.empty((n, p)), np.empty((n, p))
    for s in range(0, n, rows):
        zc = z[s:s + rows]
        values = {f: A[f] + (zc[:, who] @ change).reshape(len(zc), *A[f].shape)
                  for f, (who, change) in per_field.items()}
        batch = replace(base, **values)
        if per_level:
            mix_w = m.mix_weights(np.asarray(batch.mix) * np.asarray(batch.pct)[..., None, :], unit_w)
        r = m.compute(batch, mix_w=mix_w)
        normal[s:s + rows] = np.broadcast_to(r.unrounded, (len(zc), p))
        micro[s:s + rows] = np.broadcast_to(r.unrounded_micro, (len(zc), p))
    return normal, micro


def shapley(values: np.ndarray) -> np.ndarray:
    """(k, P) Shapley values from the values (2^k, P) of every coalition (bit g of the row index: group g in).

    The coalitions are laid out as a (2,) * k array (axis k - 1 - g is group g), so that v(S + g) - v(S)
    for every S without g is one difference along that axis."""
    n = values.shape[0]
    k = n.bit_length() - 1
    out = np.zeros((k, values.shape[1]))
    if k == 0:
        return out
    cube = values.reshape((2,) * k + values.shape[1:])
    size = np.array([bin(x).count("1") for x in range(n)]).reshape((2,) * k)
    w = shapley_weights(k)
    for g in range(k):
        axis = k - 1 - g
        gain = cube.take(1, axis=axis) - cube.take(0, axis=axis)          # (2,) * (k - 1) + (P,)
        weight = w[size.take(0, axis=axis)]                                # |S| of each S without g
        out[g] = np.tensordot(weight, gain, axes=k - 1)
    return out


# --- the whole diff -----------------------------------------------------------------------------

@dataclass
class Attribution:
    """One tariff (a product's normal or micro tariff): A's and B's, and the parts of the change."""

    code: str
    product: str
    unit: str
    variant: str                    # normal | micro
    cents_a: int                    # the rounded tariffs, in whole cents
    cents_b: int
    unrounded_a: float
    unrounded_b: float
    parts: dict[str, float]         # group -> contribution (EUR per unit, unrounded), every group
    rounding: float
    model: bool = True              # False: a fixed (published) tariff

    @property
    def tariff_a(self) -> float:
        return to_euro(self.cents_a)

    @property
    def tariff_b(self) -> float:
        return to_euro(self.cents_b)

    @property
    def delta(self) -> float:
        return to_euro(self.cents_b - self.cents_a)

    @property
    def delta_unrounded(self) -> float:
        return self.unrounded_b - self.unrounded_a


@dataclass
class Diff:
    name_a: str
    name_b: str
    group_by: str
    groups: list[str]                       # the groups attributed (players), in a fixed order
    elements: dict[str, str]                # group -> cost element
    changes: list[Change]
    products: list[ProductChange]
    attributions: list[Attribution]
    notes: list[str] = field(default_factory=list)


def _grouping(group_by: str, records) -> Any:
    if group_by == "element":
        return lambda g: ELEMENT_NAMES[element_of(g)]
    if group_by == "file":
        return lambda g: file_of(g, records)
    return lambda g: g


def diff(pa, pb, products: list[str] | None = None, group_by: str = "parameter",
         variants: tuple[str, ...] = ("normal", "micro")) -> Diff:
    """The parameter diff and the attribution of every tariff change of A -> B (see the module text)."""
    if group_by not in GROUP_BYS:
        raise KostprijsError(f"--group-by {group_by}: expected one of {', '.join(GROUP_BYS)}")
    changes = parameter_changes(pa, pb)
    prods = product_changes(pa, pb)
    a_info = {p.code: p for p in pa.products}
    b_info = {p.code: p for p in pb.products}
    if products:
        unknown = [c for c in products if c not in a_info and c not in b_info]
        if unknown:
            raise KostprijsError(f"--product {unknown[0]}: not a product of {pa.source.name} or {pb.source.name}")
    wanted = (lambda c: c in products) if products else (lambda c: True)
    prods = [p for p in prods if wanted(p.code)]
    codes = [p.code for p in pa.model_products
             if p.code in b_info and b_info[p.code].index is not None and wanted(p.code)]
    layout = make_layout(pa, pb, codes)
    A, B = embed(layout, 0, pa.arrays), embed(layout, 1, pb.arrays)
    per_group = input_changes(pa, pb, layout, A, B)
    records = {**{r.path: r for r in pb.records}, **{r.path: r for r in pa.records}}
    notes = []
    key = _grouping(group_by, records)
    if group_by == "parameter" and len(per_group) > MAX_GROUPS:
        notes.append(f"{len(per_group)} changed groups of parameters is more than {MAX_GROUPS}: attributed by "
                     "cost element (art. 2.3 Besluit Jeugdwet) instead (--group-by element)")
        group_by, key = "element", _grouping("element", records)
    merged: dict[str, dict[str, np.ndarray]] = {}
    for g, c in per_group.items():
        target = merged.setdefault(key(g), {})
        for f, v in c.items():
            target[f] = target.get(f, 0.0) + v
    groups = list(merged)
    if group_by == "element":
        groups.sort()
    base = _base_arrays(A, pa.arrays)
    attributions: list[Attribution] = []
    if codes:
        normal, micro = coalition_values(A, [merged[g] for g in groups], base)
        phi, phi_micro = shapley(normal), shapley(micro)
        ra, rb = m.compute(pa.arrays), m.compute(pb.arrays)
        for j, code in enumerate(codes):
            ia, ib = a_info[code].index, b_info[code].index
            choices = [("normal", phi, ra.unrounded, ra.cents, rb.unrounded, rb.cents)]
            if a_info[code].micro and b_info[code].micro:
                choices.append(("micro", phi_micro, ra.unrounded_micro, ra.cents_micro, rb.unrounded_micro,
                                 rb.cents_micro))
            for variant, ph, ua, ca, ub, cb in (v for v in choices if v[0] in variants):
                ua_, ub_ = float(ua[ia]), float(ub[ib])
                ta, tb = whole_cents(ca[ia]), whole_cents(cb[ib])
                parts = {g: float(ph[n, j]) for n, g in enumerate(groups)}
                rounding = to_euro(tb - ta) - (ub_ - ua_)
                attributions.append(Attribution(code, a_info[code].name, a_info[code].unit, variant, ta, tb,
                                                ua_, ub_, parts, rounding))
    if "normal" in variants:
        attributions += _fixed_tariffs(pa, pb, wanted, groups, key)
    for t in attributions:
        t.parts = {g: t.parts.get(g, 0.0) for g in groups}
    elements = {g: g if group_by == "element" else element_of(g) if group_by == "parameter" else None for g in groups}
    order = {c: n for n, c in enumerate(p.code for p in pa.products)}
    attributions.sort(key=lambda t: (order.get(t.code, len(order)), t.variant != "normal"))
    return Diff(pa.source.name, pb.source.name, group_by, groups, elements, changes, prods, attributions, notes)


def _base_arrays(A: dict, arrays: m.ModelArrays) -> m.ModelArrays:
    """A's ModelArrays on the common layout (integer fields keep their kind)."""
    kinds = {"unit": int, "is_fte": bool, "round_mode": int}
    return replace(arrays, **{f: (A[f].astype(kinds[f]) if f in kinds else A[f]) for f in A})


def _fixed_tariffs(pa, pb, wanted, groups: list[str], key) -> list[Attribution]:
    """Fixed (published) tariffs in both sets: a changed one is wholly its tariff path's change."""
    out = []
    b = {p.code: p for p in pb.products}
    for p in pa.products:
        q = b.get(p.code)
        if (p.basis != "fixed" or q is None or q.basis != "fixed" or p.tariff is None or q.tariff is None
                or not wanted(p.code)):
            continue
        ca, cb = to_cents(p.tariff), to_cents(q.tariff)
        if ca != cb:
            group = key(f"products.{p.code}.tariff")
            if group not in groups:
                groups.append(group)
        out.append(Attribution(p.code, p.name, p.unit, "normal", ca, cb, float(p.tariff), float(q.tariff), {}, 0.0,
                               model=False))
    for t in out:
        if t.cents_a != t.cents_b:
            t.parts[key(f"products.{t.code}.tariff")] = t.unrounded_b - t.unrounded_a
    return out


# --- rows: the keys of JSON, CSV and XLSX -------------------------------------------------------

#: (key, decimals) of the attribution rows (CSV columns in this order; JSON objects carry the same keys)
ATTRIBUTION_COLUMNS = [("code", None), ("product", None), ("unit", None), ("variant", None), ("group", None),
                       ("element", None), ("contribution", 10), ("contribution_pct", 6), ("tariff_a", 2),
                       ("tariff_b", 2), ("delta", 2), ("delta_unrounded", 10)]
PARAMETER_COLUMNS = [("path", None), ("kind", None), ("value_a", None), ("value_b", None), ("unit", None),
                     ("since_a", None), ("since_b", None), ("source_a", None), ("source_b", None), ("file", None),
                     ("group", None), ("element", None)]
PRODUCT_COLUMNS = [("code", None), ("product", None), ("kind", None), ("basis_a", None), ("basis_b", None)]
SUMMARY_COLUMNS = [("group", None), ("element", None), ("mean_pct", 6), ("min_pct", 6), ("max_pct", 6),
                   ("count", None)]


def _pct(x: float, base: float) -> float | None:
    return None if base == 0 else x / base * 100


def ordered_parts(t: Attribution) -> list[tuple[str, float]]:
    """A tariff's groups, largest contribution (in absolute value) first; ties in the groups' order."""
    return sorted(t.parts.items(), key=lambda kv: -abs(kv[1]))


def attribution_rows(d: Diff) -> list[dict[str, Any]]:
    """Per tariff, one row per group (largest first; every group, 0 where it has no share) and the
    row ``rounding``: per code and variant the contributions add up to B's rounded tariff - A's, and
    without ``rounding`` to the unrounded change."""
    out = []
    for t in d.attributions:
        common = {"code": t.code, "product": t.product, "unit": t.unit, "variant": t.variant}
        tail = {"tariff_a": t.tariff_a, "tariff_b": t.tariff_b, "delta": t.delta, "delta_unrounded": t.delta_unrounded}
        for g, c in [*ordered_parts(t), (ROUNDING, t.rounding)]:
            out.append({**common, "group": g, "element": d.elements.get(g), "contribution": c,
                        "contribution_pct": _pct(c, t.tariff_a), **tail})
    return out


def summarised(d: Diff) -> list[Attribution]:
    """The tariffs the summary is over: every model tariff, and fixed tariffs that changed."""
    return [t for t in d.attributions if t.tariff_a and (t.model or t.cents_a != t.cents_b)]


def summary_rows(d: Diff) -> list[dict[str, Any]]:
    """Per group (and rounding, and the total): mean, min and max over the model tariffs of the
    contribution as % of A's tariff (a fixed tariff counts only if it changed, as in `compare`)."""
    out = []
    tariffs = summarised(d)
    if not tariffs:
        return out
    for g in [*d.groups, ROUNDING, "totaal"]:
        pct = np.array([_pct(t.parts.get(g, t.rounding if g == ROUNDING else t.delta), t.tariff_a)
                        for t in tariffs])
        out.append({"group": g, "element": d.elements.get(g), "mean_pct": float(pct.mean()),
                    "min_pct": float(pct.min()), "max_pct": float(pct.max()), "count": len(pct)})
    head, tail = out[:-2], out[-2:]
    return sorted(head, key=lambda r: -abs(r["mean_pct"])) + tail


def as_json(d: Diff) -> dict[str, Any]:
    return {"a": d.name_a, "b": d.name_b, "group_by": d.group_by, "notes": d.notes,
            "parameters": [c.as_dict() for c in d.changes], "products": [p.as_dict() for p in d.products],
            "attribution": attribution_rows(d), "summary": summary_rows(d)}


# --- A and B: resolved and loaded as every command does ---------------------------------------

def resolve_spec(spec: str):
    """A of `kostprijs diff A B`: a directory (--params), an existing file (a workbook, once the loader
    reads them), or a shipped set's name (--region)."""
    from pathlib import Path

    from kostprijs.parameters.load import resolve

    path = Path(spec)
    if path.exists() or "/" in spec or spec.endswith(".xlsx"):
        return resolve(None, path)
    return resolve(spec, None)


def parse_date(text: str | None, option: str):
    """YYYY-MM-DD of a command-line option (None: not given)."""
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise KostprijsError(f"{option} {text!r}: expected a date YYYY-MM-DD") from None


def warnings_of(pa, pb) -> list[str]:
    """The loader's warning lines of both sides (what a roll forward of the CAO tables cannot follow),
    each naming its side."""
    return [f"{name}: {w}" for name, pset in (("A", pa), ("B", pb)) for w in pset.warnings]


def load_side(spec: str, overrides: tuple, salary_date=None):
    """One side of the diff through the one loader of every command (with its cache)."""
    from kostprijs.parameters import compile as loader

    return loader.load(resolve_spec(spec), overrides, salary_date=salary_date)
