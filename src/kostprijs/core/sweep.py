"""Scenario batches: many parameter sets through the model in one numpy pass, in bounded chunks.

A sweep varies J parameters ("columns"). Scenario values form a matrix ``x`` of shape (N, J);
each column feeds one or more elements of the :class:`~kostprijs.core.model.ModelArrays` through
:class:`Target` s (built from dotted parameter paths by :mod:`kostprijs.parameters.slots`):

* ``set``   element = alpha * x + beta               (an opslag, a top step, productive hours, ...)
* ``shift`` element = baseline + alpha * x + beta    (a voorziening inside a product's fixed parts,
                                                      bruto or an aftrek inside the client hours)
* ``share`` functiemix share of one level = alpha * x + beta; the product's other shares are
            scaled so that the mix still sums to 100%.

NaN in ``x`` leaves that column's elements at their baseline (one-at-a-time rows of a tornado).

Everything happens on (chunk, P) arrays with the model's own functions (:mod:`.model`); there is
no Python loop per scenario, only per chunk (and per varied field). Mix weights are computed once
(they depend only on functiemix, CAOs and Tabel 1), so the salary step is one matrix product; only
when a functiemix share or a pct_hoogste_trede varies is the salary built per level.

Sociale lasten from premiums (``make_plan(..., premiums=...)``): the rate of a product is the functiemix- and
wage-weighted mean of its levels' effective rates, and franchises and maxima make each level's rate depend on
its salary (:mod:`.premiums`). The plan then builds, for every scenario, the yearly wage of each (product,
level) pair with a functiemix share (or one a sweep may give a share) and recomputes each product's rate from
it, rate_p = sum mix x charges(wage) / sum mix x wage (the same as
:func:`kostprijs.core.premiums.product_sociale_lasten`), so that a salary, a functiemix share, a
pct_hoogste_trede, vakantiegeld, eindejaarsuitkering or ORT that moves also moves the sociale lasten. The
components that share a base are added up first (:func:`kostprijs.core.premiums.merged`) and only the pairs in
use are computed: (chunk, pairs) arrays, no level or component axis. A flat rate (no premiums) is untouched.

Memory: a chunk holds CHUNK_ELEMENTS scenario x product values (112 KiB of float64 per
intermediate (chunk, P) array, at most ~30 such arrays live: < 4 MiB); Monte Carlo statistics are kept as
exact histograms of whole cents (8 bytes per distinct cent value per product), independent of N.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np

from kostprijs.core import model as m
from kostprijs.core.premiums import Premiums, merged, product_sociale_lasten, total_charges
from kostprijs.core.rounding import UP

#: Elements (scenarios x products) per chunk: each intermediate (chunk, P) array is then 224 KiB. The
#: fixed cost of a chunk (~100 us of numpy calls on small arrays) is then ~15% of its time, and the
#: ~30 live intermediates still fit the caches; measured on the dev machine (NOB, 32 products, CPU time
#: per 100k scenarios): 7 168 elements 0.114 s, 14 336 0.080 s, 28 672 0.073 s, 57 344 0.198 s (page
#: faults and cache misses: arrays above glibc's mmap threshold are mapped afresh per chunk).
CHUNK_ELEMENTS = 28_672
#: Histogram bin indices buffered before one np.bincount (int64: 2 MiB).
BIN_BUFFER = 1 << 18
#: Above this many histogram bins (all products together) Monte Carlo keeps the values instead.
MAX_BINS = 1 << 22

#: The model fields a scenario may vary: the rates of every opslag of :data:`kostprijs.core.model.OPSLAGEN`
#: (one per set, or one per product where the opslag is per product, like ORT), then the other inputs.
#: An opslag added to OPSLAGEN is varied here without an edit.
SCALAR_FIELDS = (*(f for o in m.OPSLAGEN if not o.per_product for f in (o.field, o.micro_field) if f), "days")
PRODUCT_FIELDS = (*(o.field for o in m.OPSLAGEN if o.per_product), "hours", "staff", "group", "group_micro", "fixed")
VARIABLE_FIELDS = (*SCALAR_FIELDS, *PRODUCT_FIELDS, "top", "pct", "mix")


@dataclass(frozen=True)
class Target:
    """One model element fed by a parameter: ``index`` is (0,) for an opslag or dagen_per_jaar,
    (p,) for a product field (full product axis), (s,) for a top step, (l,) for pct_hoogste_trede,
    (p, l) for a functiemix share. The value is ``alpha * v + beta`` of the parameter's value v."""

    field: str
    index: tuple
    mode: str = "set"            # set | shift | share
    alpha: float = 1.0
    beta: float = 0.0


@dataclass(frozen=True)
class _Group:
    field: str
    mode: str
    cols: np.ndarray         # (k,) column of x feeding each element
    elem: np.ndarray         # (k,) flat element index into the (restricted) field, or product row for share
    level: np.ndarray        # (k,) level for share targets
    alpha: np.ndarray
    beta: np.ndarray
    base: np.ndarray         # (k,) baseline share (share targets)
    full: bool = False       # a set group writing every element of its field
    uniform: bool = False    # a full set group whose elements all take one column's value alike (a flat
                             # opslag that is stored per product): kept as one value per scenario, (n, 1)


@dataclass(frozen=True)
class Plan:
    """Everything that does not change between scenarios, computed once."""

    arrays: m.ModelArrays    # restricted to the evaluated products
    products: np.ndarray     # their indices on the full product axis
    micro: bool
    n_columns: int
    groups: tuple[_Group, ...]
    mix_w: np.ndarray        # (P, S)
    unit_w: np.ndarray | None  # (P, L, S) level weights at 100% of the top step, if mix/pct vary
    salary: _Salary | None = None   # linear salary (when no functiemix share or pct varies, no premiums)
    #: the premium components when the set's sociale lasten come from premiums: recomputed per scenario
    premiums: Premiums | None = None
    premium_pairs: _Pairs | None = None


def make_plan(arrays: m.ModelArrays, columns, products=None, micro: bool = False,
              premiums: Premiums | None = None) -> Plan:
    """``columns``: per column a sequence of :class:`Target` (alpha/beta in terms of the column
    value). ``products``: indices on the product axis to evaluate (default all). ``premiums``: the
    components of a set whose sociale lasten come from premiums (``ParameterSet.premiums.premiums``): the
    per-product rate is then recomputed from each scenario's level salaries."""
    n_products = arrays.hours.shape[-1]
    products = np.arange(n_products) if products is None else np.asarray(products, dtype=int)
    # order the evaluated products by rounding rule, so that round_cents rounds each rule as one slice
    products = products[np.argsort(arrays.round_mode[products] != UP, kind="stable")]
    position = np.full(n_products, -1)
    position[products] = np.arange(len(products))
    full_w = m.level_weights(arrays.cao_mask, arrays.has_level, arrays.tabel1, np.ones_like(arrays.pct))
    unit_w = full_w[products]
    mix_w = m.mix_weights(arrays.mix, m.level_weights(arrays.cao_mask, arrays.has_level, arrays.tabel1,
                                                      arrays.pct))[products]
    sub = {f: getattr(arrays, f)[..., products] for f in
           (*(o.field for o in m.OPSLAGEN if o.per_product), "hours", "unit", "staff", "group", "group_micro",
            "is_fte", "fixed", "round_mode", "round_step")}
    sub["mix"] = arrays.mix[products]
    sub["cao_mask"] = arrays.cao_mask[products]
    restricted = replace(arrays, **sub)

    collected: dict[tuple[str, str], list] = {}
    for j, targets in enumerate(columns):
        for t in targets:
            if t.field not in VARIABLE_FIELDS:
                raise ValueError(f"field {t.field!r} cannot be varied")
            level = 0
            if t.field in PRODUCT_FIELDS or t.field == "mix":
                elem = int(position[t.index[0]])
                if elem < 0:
                    continue            # a product that is not evaluated
                if t.field == "mix":
                    level = int(t.index[1])
            else:
                elem = int(t.index[0])
            collected.setdefault((t.field, t.mode), []).append((j, elem, level, t.alpha, t.beta))
    groups = []
    for (field, mode), rows in collected.items():
        rows.sort(key=lambda r: (r[1], r[2]))      # element order: a full set group is then the field itself
        cols, elem, level, alpha, beta = (np.array(v) for v in zip(*rows, strict=True))
        base = restricted.mix[elem, level] if mode == "share" else np.zeros(len(rows))
        width = 1 if field in SCALAR_FIELDS else getattr(restricted, field).shape[-1] if field != "mix" else 0
        full = mode == "set" and len(set(elem.tolist())) == len(elem) == width
        uniform = (full and field in PRODUCT_FIELDS
                   and sum(f == field for f, _ in collected) == 1
                   and (cols == cols[0]).all() and (alpha == alpha[0]).all() and (beta == beta[0]).all())
        groups.append(_Group(field, mode, cols.astype(int), elem.astype(int), level.astype(int),
                             alpha.astype(float), beta.astype(float), np.asarray(base, dtype=float), full,
                             bool(uniform)))
    uses_levels = any(g.field in ("mix", "pct") for g in groups)
    salary = None
    if not uses_levels:
        # The salary is linear in the top steps, and a varied top step is affine in its column, so
        # monthly = mix_w . top = base + sum_j (x_j G_j + H_j): per chunk a product with only the
        # salary columns, not a (chunk x S) @ (S x P) BLAS call (which wakes BLAS threads per chunk).
        top = [g for g in groups if g.field == "top"]
        tcols = np.unique(np.concatenate([g.cols for g in top])) if top else np.zeros(0, dtype=int)
        g_mat = np.zeros((len(tcols), len(products)))
        h_mat = np.zeros((len(tcols), len(products)))
        for g in top:
            row = np.searchsorted(tcols, g.cols)
            w = mix_w[:, g.elem].T                                   # (k, P)
            np.add.at(g_mat, row, g.alpha[:, None] * w)
            np.add.at(h_mat, row, (g.beta - arrays.top[g.elem])[:, None] * w)
        salary = _Salary(arrays.top @ mix_w.T, tcols, g_mat, h_mat)
    pairs = None
    if premiums is not None:
        used = restricted.mix > 0
        for g in groups:
            if g.mode == "share":
                used[g.elem, g.level] = True         # a level a sweep may give a share
        pi, li = np.nonzero(used)                    # in product order: each product's pairs are one run
        has = np.unique(pi)
        starts = np.searchsorted(pi, has)
        pairs = _Pairs(pi, li, unit_w[pi, li, :].T.copy(), has, starts, merged(premiums))
    return Plan(restricted, products, micro, len(columns), tuple(groups), mix_w,
                unit_w if uses_levels else None, salary, premiums, pairs)


@dataclass(frozen=True)
class _Pairs:
    """The (product, level) pairs whose wage the premium-based sociale lasten need (M of them)."""

    product: np.ndarray      # (M,) row on the evaluated product axis
    level: np.ndarray        # (M,)
    weights: np.ndarray      # (S, M) monthly salary of a pair at 100% of the top steps = top . weights
    has: np.ndarray          # products that have pairs (P' <= P)
    starts: np.ndarray       # (P',) first pair of each
    merged: tuple            # the components added up by base (core.premiums.merged)

    def rate(self, top, pct, mix, on_salary, n_products: int) -> np.ndarray:
        """Per product the sociale lasten rate, (n, P): sum mix x charges / sum mix x wage. Sums by
        ``einsum`` and ``add.reduceat`` rather than matrix products: no BLAS call per chunk (see _Salary)."""
        top = np.atleast_2d(top)
        monthly = np.einsum("ns,sm->nm", top, self.weights) * np.asarray(pct)[..., self.level]
        wage = 12.0 * monthly * (1.0 + np.asarray(on_salary)[..., self.product])
        share = np.asarray(mix)[..., self.product, self.level]
        charged = np.add.reduceat(share * total_charges(wage, self.merged), self.starts, axis=-1)
        total = np.add.reduceat(share * wage, self.starts, axis=-1)
        out = np.zeros((total.shape[0], n_products))
        out[:, self.has] = np.divide(charged, total, out=np.zeros_like(total), where=total > 0)
        return out


@dataclass(frozen=True)
class _Salary:
    base: np.ndarray         # (P,) monthly salary at the baseline top steps
    cols: np.ndarray         # (Jt,) columns that vary top steps
    g: np.ndarray            # (Jt, P)
    h: np.ndarray            # (Jt, P)

    def monthly(self, x: np.ndarray, has_nan: bool) -> np.ndarray:
        if not len(self.cols):
            return self.base
        xt = x[:, self.cols]
        if has_nan:
            term = xt[:, :, None] * self.g + self.h                  # (n, Jt, P), NaN = baseline
            return self.base + np.where(np.isnan(term), 0.0, term).sum(axis=1)
        out = xt[:, :1] * self.g[0] + (self.base + self.h.sum(axis=0))
        for j in range(1, len(self.cols)):                          # one term per salary column
            out += xt[:, j:j + 1] * self.g[j]
        return out


def _field_values(plan: Plan, x: np.ndarray, with_top: bool = False,
                  has_nan: bool | None = None) -> dict[str, np.ndarray]:
    """The varied fields for a chunk of scenarios: scalars (n, 1), product fields (n, P), top (n, S),
    pct (n, L), mix (n, P, L)."""
    a = plan.arrays
    n = x.shape[0]
    if has_nan is None:
        has_nan = bool(np.isnan(x).any())
    out: dict[str, np.ndarray] = {}

    def start(field):
        if field not in out:
            base = getattr(a, field)
            base = base.reshape(1) if field in SCALAR_FIELDS else base
            out[field] = np.repeat(base[None], n, axis=0)
        return out[field]

    for g in sorted(plan.groups, key=lambda g: {"set": 0, "share": 1, "shift": 2}[g.mode]):
        if g.field == "top" and plan.salary is not None and not with_top:
            continue                                          # see _Salary
        if g.uniform and not has_nan:
            v = x[:, g.cols[0], None] * g.alpha[0]                  # (n, 1): broadcasts over the products
            out[g.field] = v + g.beta[0] if g.beta[0] else v
            continue
        one = g.cols[0] if (g.cols == g.cols[0]).all() else None
        v = (x[:, one, None] if one is not None else x[:, g.cols]) * g.alpha                # (n, k)
        if g.beta.any():
            v += g.beta
        if g.mode == "set" and g.full and not has_nan and g.field not in out:
            out[g.field] = v                                   # elements in field order (make_plan)
        elif g.mode == "set":
            arr = start(g.field)
            if has_nan:
                v = np.where(np.isnan(v), arr[:, g.elem], v)
            arr[:, g.elem] = v
        elif g.mode == "shift":
            arr = start(g.field)
            if has_nan:
                v = np.nan_to_num(v, nan=0.0)
            if len(np.unique(g.elem)) == len(g.elem):
                arr[:, g.elem] += v
            else:                                              # two voorzieningen of one product
                np.add.at(arr, (slice(None), g.elem), v)
        else:  # share: one varied level per product row, the others keep their proportions
            arr = start("mix")
            if has_nan:
                v = np.where(np.isnan(v), g.base, v)
            factor = (1.0 - v) / (1.0 - g.base)
            arr[:, g.elem, :] = a.mix[g.elem][None] * factor[:, :, None]
            arr[:, g.elem, g.level] = v
    return out


def evaluate(plan: Plan, x) -> tuple[np.ndarray, np.ndarray]:
    """One chunk: (unrounded tariff, tariff in whole cents), both (n, P), for the normal or
    (``plan.micro``) the micro tariff: the salary from the precomputed weights, then the model's own
    :func:`kostprijs.core.model.tariff_chain` on the chunk's values."""
    x = np.asarray(x, dtype=float).reshape(-1, plan.n_columns)
    a = plan.arrays
    n = x.shape[0]
    has_nan = bool(np.isnan(x).any())
    f = _field_values(plan, x, with_top=plan.premiums is not None, has_nan=has_nan)
    if plan.salary is not None:
        monthly = plan.salary.monthly(x, has_nan)                 # = model.mix_salary, linear in the top steps
    else:
        level = m.level_salary(f.get("top", a.top), plan.unit_w, f.get("pct", a.pct))
        monthly = m.functiemix_salary(level, f.get("mix", a.mix))
    if plan.premium_pairs is not None:                                # the rate follows each level's salary
        vak, eind = (f.get(k, getattr(a, k)) for k in ("vakantiegeld", "eindejaarsuitkering"))
        on_salary = np.reshape(vak, (-1, 1)) + np.reshape(eind, (-1, 1)) + f.get("ort", a.ort)
        f["sociale_lasten"] = plan.premium_pairs.rate(f.get("top", a.top), f.get("pct", a.pct),
                                                      f.get("mix", a.mix), on_salary, len(plan.products))
    values = SimpleNamespace(**{**vars(a), **f}) if f else a         # the chunk's fields over the plan's
    _, unrounded, cents = m.tariff_chain(values, monthly, plan.micro)
    shape = (n, len(plan.products))
    if unrounded.shape != shape:                                       # nothing varies per scenario
        unrounded, cents = np.broadcast_to(unrounded, shape), np.broadcast_to(cents, shape)
    return unrounded, cents


def chunk_rows(plan: Plan, chunk: int | None = None) -> int:
    return max(1, chunk or CHUNK_ELEMENTS // max(1, len(plan.products)))


def sweep(plan: Plan, x, chunk: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """All scenarios of ``x`` (N, J): (unrounded, cents), each (N, P), evaluated chunk by chunk."""
    x = np.asarray(x, dtype=float).reshape(-1, plan.n_columns)
    n, rows = x.shape[0], chunk_rows(plan, chunk)
    unrounded = np.empty((n, len(plan.products)))
    cents = np.empty((n, len(plan.products)))
    for s in range(0, n, rows):
        unrounded[s:s + rows], cents[s:s + rows] = evaluate(plan, x[s:s + rows])
    return unrounded, cents


def scenario_arrays(plan: Plan, row) -> m.ModelArrays:
    """One scenario as plain ModelArrays (evaluated products only), for the single-scenario path (with
    premiums, its sociale lasten recomputed from its salaries, as :func:`evaluate` does)."""
    f = _field_values(plan, np.asarray(row, dtype=float).reshape(1, plan.n_columns), with_top=True)
    a = plan.arrays.with_values(**{k: v[0] for k, v in f.items()})
    if plan.premiums is None:
        return a
    full_w = m.level_weights(a.cao_mask, a.has_level, a.tabel1, np.ones_like(a.pct))
    level = m.level_salary(a.top, full_w, a.pct)
    on_salary = a.vakantiegeld + a.eindejaarsuitkering + a.ort
    return a.with_values(sociale_lasten=product_sociale_lasten(level, a.mix, on_salary, plan.premiums).rate)


# --- tornado and Monte Carlo ----------------------------------------------------------------------

def one_at_a_time(low, high) -> np.ndarray:
    """Rows: baseline, then per column its low and its high value (others NaN = baseline)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    j = len(low)
    x = np.full((1 + 2 * j, j), np.nan)
    x[1 + 2 * np.arange(j), np.arange(j)] = low
    x[2 + 2 * np.arange(j), np.arange(j)] = high
    return x


def draw(u, low, high, mode=None, whole=None) -> np.ndarray:
    """Column values from uniform(0, 1) numbers ``u`` (n, J) by inverse CDF: uniform in [low, high],
    or triangular where ``mode`` is given (not NaN). Drawing u row by row keeps a seed's stream the
    same whatever the chunk size. ``whole``: (alpha, beta), two (J,) arrays, alpha NaN for an ordinary
    column: the columns whose model value ``alpha * x + beta`` takes whole numbers only (days per year,
    also when the range is a factor of the baseline): that value is uniform over the whole numbers in
    the range, each equally likely (triangular: rounded to the nearest whole number in it)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    x = low + (high - low) * u
    if mode is not None:
        c = np.asarray(mode, dtype=float)
        tri = ~np.isnan(c)
        if tri.any():
            a, b, c = low[tri], high[tri], c[tri]
            ut = u[:, tri]
            width = np.where(b > a, b - a, 1.0)
            fc = (c - a) / width
            left = a + np.sqrt(ut * width * (c - a))
            right = b - np.sqrt((1.0 - ut) * width * (b - c))
            x[:, tri] = np.where(ut < fc, left, right)
    if whole is not None:
        alpha, beta = (np.asarray(v, dtype=float) for v in whole)
        w = ~np.isnan(alpha)
        if w.any():
            a, b = alpha[w], beta[w]
            ends = np.sort(np.stack([a * low[w] + b, a * high[w] + b]), axis=0)
            lo, hi = np.ceil(ends[0] - 1e-9), np.floor(ends[1] + 1e-9)   # 0.8 x 365 is 292.00000000000006
            if np.any(hi < lo):
                raise ValueError("a range of whole days holds no whole number")
            value = lo + np.minimum(np.floor((hi - lo + 1) * u[:, w]), hi - lo)
            if mode is not None:
                tri = ~np.isnan(np.asarray(mode, dtype=float)[w])
                value = np.where(tri, np.clip(np.rint(a * x[:, w] + b), lo, hi), value)
            x[:, w] = (value - b) / a
    return x


class CentsStats:
    """Exact running statistics of tariffs in whole cents, per product, in memory independent of N.

    Tariffs are multiples of each product's rounding step, so a histogram of cent values gives the
    exact mean and exact order statistics; percentiles are the 'inverted_cdf' ones (the smallest
    tariff with at least q% of the scenarios at or below it: always a real tariff).
    """

    def __init__(self, step_cents):
        self.step = np.asarray(step_cents, dtype=float)
        self.p = len(self.step)
        self.n = 0
        self.lo = None                    # (P,) lowest cent value of each product's histogram
        self.size = None                  # (P,) bins per product
        self.counts = None
        self.values: list[np.ndarray] | None = None   # fallback when the spread is too wide
        self.unit_steps = bool((self.step == 1).all())
        self.shift = None
        self.buffer = np.empty(BIN_BUFFER, dtype=np.int64)
        self.filled = 0
        self.vmin = np.full(self.p, np.inf)
        self.vmax = np.full(self.p, -np.inf)

    def _layout(self, lo, hi):
        size = np.rint((hi - lo) / self.step).astype(np.int64) + 1
        return lo, size, np.concatenate([[0], np.cumsum(size)[:-1]])

    def add(self, cents: np.ndarray) -> None:
        cents = np.asarray(cents, dtype=float)
        cmin, cmax = cents.min(axis=0), cents.max(axis=0)
        if not (np.isfinite(cmin).all() and np.isfinite(cmax).all()):
            raise ValueError("a scenario gives a non-finite tariff")
        self.vmin, self.vmax = np.minimum(self.vmin, cmin), np.maximum(self.vmax, cmax)
        self.n += cents.shape[0]
        if self.values is None and (self.lo is None or (cmin < self.lo).any()
                                    or (cmax > self.lo + (self.size - 1) * self.step).any()):
            self._grow(self.vmin, self.vmax)
        if self.values is not None:
            self.values.append(cents)
            return
        # flat bin = offset[p] + (cents - lo[p]) / step[p]: exact, cents are multiples of the step
        shifted = cents - self.shift
        idx = (shifted if self.unit_steps else shifted / self.step).ravel()
        if self.filled + idx.size > len(self.buffer):
            self._flush()
        if idx.size > len(self.buffer):
            self.counts += np.bincount(idx.astype(np.int64), minlength=len(self.counts))
            return
        self.buffer[self.filled:self.filled + idx.size] = idx
        self.filled += idx.size

    def _flush(self) -> None:
        if self.filled:
            self.counts += np.bincount(self.buffer[:self.filled], minlength=len(self.counts))
            self.filled = 0

    def _grow(self, lo, hi):
        self._flush()
        margin = np.floor((hi - lo) / self.step / 4) * self.step   # room for the next chunks
        lo, size, offset = self._layout(lo - margin, hi + margin)
        if size.sum() > MAX_BINS:
            self.values = [self._expand()] if self.counts is not None else []
            self.buffer = np.empty(0, dtype=np.int64)
            return
        counts = np.zeros(int(size.sum()), dtype=np.int64)
        if self.counts is not None:
            old = np.repeat(np.arange(self.p), self.size)
            within = np.arange(len(self.counts)) - np.repeat(self.offset, self.size)
            value = self.lo[old] + within * self.step[old]
            counts[np.rint((value - lo[old]) / self.step[old]).astype(np.int64) + offset[old]] = self.counts
        self.lo, self.size, self.offset, self.counts = lo, size, offset, counts
        self.shift = lo - offset * self.step

    def _bin_values(self) -> tuple[np.ndarray, np.ndarray]:
        self._flush()
        prod = np.repeat(np.arange(self.p), self.size)
        within = np.arange(len(self.counts)) - np.repeat(self.offset, self.size)
        return prod, self.lo[prod] + within * self.step[prod]

    def _expand(self) -> np.ndarray:
        """The histogram back as sorted values (N, P)."""
        _, value = self._bin_values()
        return np.repeat(value, self.counts).reshape(self.p, self.n).T   # every product has n counts

    def percentiles(self, qs) -> np.ndarray:
        """(len(qs), P) percentiles in cents, method 'inverted_cdf'."""
        qs = np.asarray(qs, dtype=float)
        if self.values is not None:
            data = np.concatenate(self.values, axis=0)
            return np.percentile(data, qs, axis=0, method="inverted_cdf")
        self._flush()
        rank = np.maximum(np.ceil(qs / 100.0 * self.n).astype(np.int64), 1) - 1    # 0-based order statistic
        cum = np.cumsum(self.counts)
        start = np.arange(self.p) * self.n
        pos = np.searchsorted(cum, start[None, :] + rank[:, None], side="right")   # (Q, P) flat bin
        prod = np.arange(self.p)[None, :]
        return self.lo[prod] + (pos - self.offset[prod]) * self.step[prod]

    def mean(self) -> np.ndarray:
        if self.values is not None:
            return np.concatenate(self.values, axis=0).mean(axis=0)
        prod, value = self._bin_values()
        return np.bincount(prod, weights=self.counts * value, minlength=self.p) / self.n

    def std(self) -> np.ndarray:
        """Population standard deviation, from the histogram (or the kept values)."""
        if self.values is not None:
            return np.concatenate(self.values, axis=0).std(axis=0)
        prod, value = self._bin_values()
        dev = value - self.mean()[prod]
        return np.sqrt(np.bincount(prod, weights=self.counts * dev * dev, minlength=self.p) / self.n)


def monte_carlo(plan: Plan, rng: np.random.Generator, n: int, low, high, mode=None,
                chunk: int | None = None, whole=None) -> CentsStats:
    """``n`` scenarios drawn column-wise from [low, high] (uniform, or triangular where ``mode``; whole
    numbers in the ``whole`` columns, see :func:`draw`), evaluated chunk by chunk into exact cent statistics."""
    stats = CentsStats(plan.arrays.round_step)
    rows = chunk_rows(plan, chunk)
    for s in range(0, n, rows):
        u = rng.random((min(rows, n - s), plan.n_columns))
        stats.add(evaluate(plan, draw(u, low, high, mode, whole))[1])
    return stats
