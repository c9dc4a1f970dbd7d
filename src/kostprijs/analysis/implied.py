"""Which parameter values does a published tariff list imply?

A published tariff is rounded, so it does not give one unrounded value but an interval: rounded up
per minute, the unrounded tariff lies in (P - 1 ct, P]; rounded half-up, in [P - 0.5 ct, P + 0.5 ct).
Where an input was printed with limited precision (FTE to 2 decimals), the model gives a band, not a
value, and the tariff is reproduced if band and interval meet. This is the interval machinery of
:mod:`kostprijs.analysis.calibrate`, for any numeric parameter.

How a parameter enters the model is read from the set's table of paths (the feeds compile fills
the model arrays through, :mod:`kostprijs.parameters.paths`): the arrays it changes, affine in it,
give a direction, and its bounds are kept where the schema accepts the value. After that every
candidate value is a row on the scenario axis of
:class:`~kostprijs.core.model.ModelArrays` (``with_values``), so thousands of candidates are one
vectorised evaluation, without re-validation.

The solution, robust to tariffs the model does not reproduce:

* one parameter: for each tariff, the interval of values that reproduce it (vectorised bisection;
  the model is monotone in any single input); the value reproducing the most tariffs is where most
  intervals overlap (a sweep), the tariffs outside that overlap are reported as outliers, and the
  overlap itself is the range over which the fitted tariffs still round to the published ones;
* several parameters: robust least squares (soft-L1 loss) from the best of a quasi-random batch of
  candidates; tariffs not reproduced there and off by more than two rounding intervals are outliers;
* then bounded least squares on the kept tariffs (residual: model midpoint minus interval midpoint,
  in units of the interval width) gives the value; its standard error assumes the only error is
  rounding (uniform over the interval: variance 1/12 of a width squared); the range of each value
  with the others held fixed is the overlap of the kept tariffs' intervals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from kostprijs.analysis.comparison import Target, precision_halfwidth, violation
from kostprijs.core.model import compute, level_weights, mix_weights
from kostprijs.errors import KostprijsError

#: fields of ModelArrays a parameter may move (numeric, solvable)
_MIX_FIELDS = {"mix", "cao_mask", "has_level", "tabel1", "pct"}
#: a tariff counts as reproduced if it misses its interval by less than this (cents): float noise
TOL_CENTS = 1e-6
#: outliers in the multi-parameter fit: off by more than this many interval widths
OUTLIER_WIDTHS = 2.0


@dataclass
class Unknown:
    path: str
    value0: float                   # value in the parameter set
    unit: str
    lo: float
    hi: float
    direction: dict[str, np.ndarray]   # ModelArrays field -> change per unit of the parameter
    note: str | None = None


@dataclass
class Fit:
    unknowns: list[Unknown]
    values: list[float]
    ranges: list[tuple[float, float]]        # with the others held at their value; nan if none
    se: list[float]                          # standard error from rounding alone
    targets: list[Target]
    rows: list[dict] = field(default_factory=list)    # per tariff: residuals and status
    kept: int = 0
    outliers: int = 0
    insensitive: int = 0
    method: str = ""
    skipped: list[dict] = field(default_factory=list)  # lines not used, with the reason


# ---------------------------------------------------------------- parameters


def parse_solve(arg: str) -> tuple[str, float | None, float | None]:
    """``PATH`` or ``PATH=LO..HI`` (percentages allowed: ``opslagen.overhead=20%..50%``)."""
    path, sep, rng = arg.partition("=")
    path = path.strip()
    if not path:
        raise KostprijsError(f"--solve {arg!r}: expected PATH or PATH=LO..HI (paths: `kostprijs params`)")
    if not sep:
        return path, None, None
    m = re.fullmatch(r"\s*([-+0-9.eE]+%?)\s*\.\.\s*([-+0-9.eE]+%?)\s*", rng)
    if not m:
        raise KostprijsError(f"--solve {arg!r}: bounds must read LO..HI, e.g. {path}=0.2..0.6")

    def num(t: str) -> float:
        try:
            return float(t[:-1]) / 100 if t.endswith("%") else float(t)
        except ValueError:
            raise KostprijsError(f"--solve {arg!r}: {t!r} is not a number") from None

    lo, hi = num(m.group(1)), num(m.group(2))
    if not lo < hi:
        raise KostprijsError(f"--solve {arg!r}: LO must be below HI")
    return path, lo, hi


def probe(pset, path: str, lo: float | None = None, hi: float | None = None) -> Unknown:
    """How ``path`` moves the model arrays, from the set's table of paths (the feeds compile fills the
    arrays through; affine in the value), and the bounds: shrunk towards the set's value until the
    schema accepts them (for the path and what moves along with it)."""
    param = pset.paths.lookup(path, f"--solve {path}")
    if param.why is not None:
        raise KostprijsError(f"--solve {path}: cannot be solved for: {param.why}")
    if not param.relative:
        raise KostprijsError(f"--solve {path}: cannot be solved for: in this set the model does not use its "
                             "value (an overridden part replaces it)")
    v0 = param.value
    if lo is None or hi is None:
        if v0 > 0:
            lo, hi = (v0 / 4, v0 * 4) if lo is None and hi is None else (lo if lo is not None else v0 / 4,
                                                                          hi if hi is not None else v0 * 4)
        elif param.record.unit.startswith("fraction"):
            lo, hi = 0.0, 1.0
        else:
            raise KostprijsError(f"--solve {path}: value is {v0:g}; give bounds as {path}=LO..HI")
    ends = []
    for end in (lo, hi):
        value = end
        for _ in range(12):   # shrink towards the set's value until the schema accepts it
            last = param.out_of_domain(value)
            if last is None:
                ends.append(value)
                break
            value = v0 + (value - v0) / 2
        else:
            raise KostprijsError(f"--solve {path}: no valid value near {end:g} ({last})")
    lo, hi = ends
    if not hi > lo:
        raise KostprijsError(f"--solve {path}: empty range {lo:g}..{hi:g}")
    direction = param.direction(pset.arrays)
    if not direction:
        raise KostprijsError(f"--solve {path}: no product of the set depends on it")
    return Unknown(path, v0, param.record.unit, lo, hi, direction, param.moves)


# ---------------------------------------------------------------- evaluation


class Evaluator:
    """Unrounded tariffs (cents) for a batch of candidate values, as one vectorised model run."""

    CHUNK_CELLS = 4_000_000

    def __init__(self, pset, unknowns: list[Unknown]):
        self.a = pset.arrays
        self.unknowns = unknowns
        self.v0 = np.array([u.value0 for u in unknowns])
        self.half = precision_halfwidth(pset)
        moved = set().union(*(u.direction for u in unknowns))
        self.mix_w = None if moved & _MIX_FIELDS else mix_weights(
            self.a.mix, level_weights(self.a.cao_mask, self.a.has_level, self.a.tabel1, self.a.pct))
        per = self.a.mix.size * self.a.top.size if moved & _MIX_FIELDS else self.a.top.size + self.a.mix.shape[0]
        self.chunk = max(16, self.CHUNK_CELLS // max(1, per))

    def arrays(self, theta: np.ndarray):
        """ModelArrays with a leading axis of len(theta), staff at both ends of its printed precision."""
        dt = theta - self.v0                                     # (N, k)
        changes = {}
        for j, u in enumerate(self.unknowns):
            for name, d in u.direction.items():
                base = changes.get(name, np.asarray(getattr(self.a, name), dtype=float))
                changes[name] = base + dt[:, j].reshape((-1,) + (1,) * d.ndim) * d
        staff = np.broadcast_to(changes.get("staff", self.a.staff), (len(theta), len(self.half)))
        changes["staff"] = np.stack([staff - self.half, staff + self.half])   # (2, N, P)
        return self.a.with_values(**changes)

    def __call__(self, theta) -> dict[str, np.ndarray]:
        """theta (N, k) -> {normal, micro}: (lo, hi) unrounded band in cents, each (N, P)."""
        theta = np.atleast_2d(np.asarray(theta, dtype=float))
        parts = []
        for s in range(0, len(theta), self.chunk):
            t = theta[s:s + self.chunk]
            r = compute(self.arrays(t), mix_w=self.mix_w)
            n = len(t)
            u = np.broadcast_to(r.unrounded * 100.0, (2, n, r.unrounded.shape[-1]))
            um = np.broadcast_to(r.unrounded_micro * 100.0, (2, n, r.unrounded.shape[-1]))
            parts.append((u.min(0), u.max(0), um.min(0), um.max(0)))
        lo, hi, lo_m, hi_m = (np.concatenate(x) for x in zip(*parts, strict=True))
        return {"normal": (lo, hi), "micro": (lo_m, hi_m)}

    def target_band(self, theta, targets: list[Target]) -> tuple[np.ndarray, np.ndarray]:
        """(N, T) band of each target's unrounded tariff."""
        out = self(theta)
        idx = np.array([t.index for t in targets], dtype=int)
        micro = np.array([t.variant == "micro" for t in targets])
        lo = np.where(micro, out["micro"][0][:, idx], out["normal"][0][:, idx])
        hi = np.where(micro, out["micro"][1][:, idx], out["normal"][1][:, idx])
        return lo, hi


def centred(band_lo, band_hi, targets: list[Target], widths: np.ndarray) -> np.ndarray:
    """Model midpoint minus interval midpoint, in interval widths (the least-squares residual)."""
    mid = np.array([(t.lo + t.hi) / 2 for t in targets])
    return ((band_lo + band_hi) / 2 - mid) / widths


# ---------------------------------------------------------------- targets


def targets_from(matches, pset) -> tuple[list[Target], list[dict]]:
    """The published tariffs that name a model product with the model's unit, as intervals."""
    from kostprijs.analysis.check import match_entries
    from kostprijs.analysis.comparison import targets

    return targets((e for _, e in match_entries(matches)), pset)


# ---------------------------------------------------------------- one parameter: intervals


def intervals_1d(ev: Evaluator, theta: np.ndarray, j: int, targets: list[Target],
                 lo: float, hi: float, iters: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each target, the interval [start, end] of parameter j (others at ``theta``) that reproduces it.

    Empty intervals have start > end (nan where the target does not depend on parameter j).
    Vectorised bisection: every step evaluates all targets' midpoints in one batch.
    """
    T = len(targets)
    t_lo = np.array([t.lo for t in targets])
    t_hi = np.array([t.hi for t in targets])

    def at(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Band of target i at parameter value values[i] (others fixed), i over targets."""
        cand = np.repeat(theta[None, :], len(values), axis=0)
        cand[:, j] = values
        blo, bhi = ev.target_band(cand, targets)
        ii = np.arange(len(values)) % T
        return blo[np.arange(len(values)), ii], bhi[np.arange(len(values)), ii]

    ends = np.r_[np.full(T, lo), np.full(T, hi)]
    blo, bhi = at(ends)
    lo_lo, hi_lo, lo_hi, hi_hi = blo[:T], bhi[:T], blo[T:], bhi[T:]
    mid_lo, mid_hi = (lo_lo + hi_lo) / 2, (lo_hi + hi_hi) / 2
    scale = np.maximum(1.0, np.abs(mid_lo))
    rising = mid_hi > mid_lo
    flat = np.abs(mid_hi - mid_lo) <= 1e-9 * scale
    # reproduced iff band_hi >= t_lo and band_lo <= t_hi; each is a half-line in the parameter.
    # root 1: band_hi(x) = t_lo ; root 2: band_lo(x) = t_hi  (bisection on both at once)
    a = np.full(2 * T, lo)
    b = np.full(2 * T, hi)
    goal = np.r_[t_lo, t_hi]
    use_hi = np.r_[np.ones(T, bool), np.zeros(T, bool)]
    up = np.r_[rising, rising]
    for _ in range(iters):
        x = (a + b) / 2
        blo, bhi = at(x)
        f = np.where(use_hi, bhi, blo)
        below = f < goal                  # value at x below the goal
        move_a = below == up              # the root lies above x
        a = np.where(move_a, x, a)
        b = np.where(move_a, b, x)
    root1, root2 = (a[:T] + b[:T]) / 2, (a[T:] + b[T:]) / 2
    # clamp: where the goal is never reached within the bounds the half-line covers all or nothing
    ok1_lo, ok1_hi = hi_lo >= t_lo - TOL_CENTS, hi_hi >= t_lo - TOL_CENTS     # band_hi >= t_lo at lo / hi
    ok2_lo, ok2_hi = lo_lo <= t_hi + TOL_CENTS, lo_hi <= t_hi + TOL_CENTS     # band_lo <= t_hi at lo / hi

    def half_line(ok_at_lo, ok_at_hi, root):
        start = np.where(ok_at_lo, lo, np.where(ok_at_hi, root, np.inf))
        end = np.where(ok_at_hi, hi, np.where(ok_at_lo, root, -np.inf))
        return start, end

    s1, e1 = half_line(ok1_lo, ok1_hi, root1)
    s2, e2 = half_line(ok2_lo, ok2_hi, root2)
    start, end = np.maximum(s1, s2), np.minimum(e1, e2)
    start = np.where(flat, np.nan, start)
    end = np.where(flat, np.nan, end)
    return start, end, flat


def stab(start: np.ndarray, end: np.ndarray) -> tuple[float, float, np.ndarray]:
    """The range covered by the most intervals (a sweep over their ends) and which intervals cover it."""
    ok = np.isfinite(start) & np.isfinite(end) & (start <= end)
    events = sorted([(s, 0) for s in start[ok]] + [(e, 1) for e in end[ok]])
    best, count, best_at = 0, 0, None
    for i, (x, kind) in enumerate(events):
        if kind == 0:
            count += 1
            if count > best:
                best = count
                nxt = next(y for y, k in events[i + 1:] if k == 1)
                best_at = (x, nxt)
        else:
            count -= 1
    if best_at is None:
        return float("nan"), float("nan"), np.zeros(len(start), bool)
    a, b = best_at
    cover = ok & (start <= a + 1e-15 * max(1.0, abs(a))) & (end >= b - 1e-15 * max(1.0, abs(b)))
    return float(start[cover].max()), float(end[cover].min()), cover


# ---------------------------------------------------------------- the fit


#: the implied value keeps this fraction of its range from either end: at an end a tariff sits on the
#: edge of its rounding interval (half-up: [P - 0.5 ct, P + 0.5 ct), open above) and may round away
EDGE_MARGIN = 0.05


def strictly_inside(x: float, lo: float, hi: float) -> float:
    """``x`` moved inside ``[lo, hi]`` by at least EDGE_MARGIN of its width (unchanged if the range is empty)."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return x
    m = EDGE_MARGIN * (hi - lo)
    return float(np.clip(x, lo + m, hi - m))


def solve(pset, matches, solve_args: list[tuple[str, float | None, float | None]]) -> Fit:
    try:
        from scipy.optimize import least_squares
    except ImportError:
        raise KostprijsError("`kostprijs implied` needs scipy: pip install 'kostprijs[calibrate]'") from None

    paths = [p for p, _, _ in solve_args]
    if len(set(paths)) != len(paths):
        raise KostprijsError("--solve: a parameter is named twice")
    unknowns = [probe(pset, p, lo, hi) for p, lo, hi in solve_args]
    targets, skipped = targets_from(matches, pset)
    if not targets:
        raise KostprijsError("no published tariff matches a model product with the model's unit: nothing to fit")
    ev = Evaluator(pset, unknowns)
    k = len(unknowns)
    lo_b = np.array([u.lo for u in unknowns])
    hi_b = np.array([u.hi for u in unknowns])
    T = len(targets)

    # which tariffs depend on the unknowns at all (over the whole box)
    corners = np.array(np.meshgrid(*[[u.lo, u.hi] for u in unknowns], indexing="ij")).reshape(k, -1).T
    cl, ch = ev.target_band(corners, targets)
    mids = (cl + ch) / 2
    sensitive = (mids.max(0) - mids.min(0)) > 1e-9 * np.maximum(1.0, np.abs(mids).max(0))
    idx = np.flatnonzero(sensitive)
    if len(idx) < k:
        raise KostprijsError(f"only {len(idx)} published tariff(s) depend on the parameter(s) solved for; "
                             f"need at least {k}")
    sens = [targets[i] for i in idx]
    b_lo, b_hi = ev.target_band(ev.v0[None, :], sens)
    widths = np.array([t.width for t in sens]) + (b_hi - b_lo)[0]

    kept = np.zeros(len(sens), bool)
    if k == 1:
        start, end, _ = intervals_1d(ev, ev.v0.copy(), 0, sens, lo_b[0], hi_b[0])
        r_lo, r_hi, kept = stab(start, end)
        if not kept.any():
            raise KostprijsError(f"no value of {unknowns[0].path} within {lo_b[0]:g}..{hi_b[0]:g} "
                                 f"reproduces any published tariff")
        theta0 = np.array([(r_lo + r_hi) / 2])
        method = "interval overlap (most tariffs reproduced), then least squares within it"
        box = (np.array([r_lo]), np.array([r_hi]))
    else:
        from scipy.stats import qmc

        n = 2 ** int(np.clip(np.ceil(np.log2(512 * k)), 9, 13))
        cand = qmc.scale(qmc.Sobol(d=k, scramble=True, seed=0).random(n), lo_b, hi_b)
        bl, bh = ev.target_band(cand, sens)
        res = centred(bl, bh, sens, widths)
        loss = np.sum(2 * (np.sqrt(1 + res ** 2) - 1), axis=1)
        best = cand[np.argsort(loss)[:4]]

        def fun(x):
            bl, bh = ev.target_band(x[None, :], sens)
            return centred(bl, bh, sens, widths)[0]

        fits = [least_squares(fun, x0, bounds=(lo_b, hi_b), loss="soft_l1", f_scale=1.0, x_scale="jac")
                for x0 in best]
        theta0 = min(fits, key=lambda r: r.cost).x
        bl, bh = ev.target_band(theta0[None, :], sens)
        v = violation(bl, bh, sens)[0]
        kept = (v <= TOL_CENTS) | (v <= OUTLIER_WIDTHS * np.array([t.width for t in sens]))
        method = "robust least squares (soft L1), then least squares on the tariffs within 2 intervals"
        box = (lo_b, hi_b)

    keep_t = [t for t, kk in zip(sens, kept, strict=True) if kk]
    w_keep = widths[kept]

    def fun_k(x):
        bl, bh = ev.target_band(x[None, :], keep_t)
        return centred(bl, bh, keep_t, w_keep)[0]

    def jac_k(x):
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        cand = np.vstack([x, x + np.diag(h)])       # the point and one step per parameter: one batch
        bl, bh = ev.target_band(cand, keep_t)
        r = centred(bl, bh, keep_t, w_keep)
        return ((r[1:] - r[0]) / h[:, None]).T

    lo_box, hi_box = box
    if np.all(hi_box > lo_box):
        x0 = np.clip(theta0, lo_box, hi_box)
        fit = least_squares(fun_k, x0, jac=jac_k, bounds=(lo_box, hi_box), x_scale="jac")
        theta = fit.x
    else:
        theta = theta0
    J = jac_k(theta)
    try:
        cov = np.linalg.inv(J.T @ J) / 12.0
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        se = np.full(k, np.nan)

    if k > 1:
        # the least-squares point may miss a few kept intervals by a hair: move each parameter, in
        # turn, into the range where all kept tariffs are reproduced with the others fixed
        for _ in range(3):
            for j in range(k):
                s, e, _ = intervals_1d(ev, theta.copy(), j, keep_t, lo_b[j], hi_b[j])
                ok = np.isfinite(s)
                if ok.any() and s[ok].max() <= e[ok].min():
                    theta[j] = float(np.clip(theta[j], s[ok].max(), e[ok].min()))

    ranges = []
    for j in range(k):
        if k == 1:
            r0, r1 = float(box[0][0]), float(box[1][0])
        else:
            s, e, _ = intervals_1d(ev, theta.copy(), j, keep_t, lo_b[j], hi_b[j])
            ok = np.isfinite(s)
            r0, r1 = (float(s[ok].max()), float(e[ok].min())) if ok.any() else (np.nan, np.nan)
            r0, r1 = (r0, r1) if r0 <= r1 else (float("nan"), float("nan"))
        ranges.append((r0, r1))
        theta[j] = strictly_inside(theta[j], r0, r1)

    result = Fit(unknowns, [float(x) for x in theta], ranges, [float(x) for x in se], targets,
                 kept=int(kept.sum()), outliers=int((~kept).sum()), insensitive=int(T - len(idx)),
                 method=method, skipped=skipped)
    result.rows = _rows(ev, theta, targets, sensitive, idx, kept, widths, pset)
    if k == 1:
        start_all = np.full(T, np.nan)
        end_all = np.full(T, np.nan)
        start_all[idx], end_all[idx] = start, end
        for row, s, e in zip(result.rows, start_all, end_all, strict=True):
            row["alone"] = None if np.isnan(s) or s > e else [float(s), float(e)]
    return result


def _rows(ev, theta, targets, sensitive, idx, kept, widths, pset) -> list[dict]:
    """Per target: the model at the set's and at the implied value(s), compared as ``verify`` does
    (status: exact | within_precision | off), and its part in the fit (used | outlier | independent)."""
    from kostprijs.analysis.comparison import classify
    from kostprijs.core.money import to_euro
    from kostprijs.core.rounding import round_cents

    bl, bh = ev.target_band(theta[None, :], targets)
    bl0, bh0 = ev.target_band(ev.v0[None, :], targets)
    a = pset.arrays
    mode = np.array([a.round_mode[t.index] for t in targets])
    step = np.array([a.round_step[t.index] for t in targets])
    fitted = round_cents((bl[0] + bh[0]) / 2 / 100, mode, step)
    before = round_cents((bl0[0] + bh0[0]) / 2 / 100, mode, step)
    band_lo, band_hi = round_cents(bl[0] / 100, mode, step), round_cents(bh[0] / 100, mode, step)
    v = violation(bl, bh, targets)[0]
    keep_of = dict(zip(idx.tolist(), kept.tolist(), strict=True))
    rows = []
    for i, t in enumerate(targets):
        band = (int(band_lo[i]), int(band_hi[i])) if (bh[0, i] - bl[0, i]) >= 1e-9 else None
        fit = "independent" if not sensitive[i] else ("used" if keep_of[i] else "outlier")
        rows.append({
            "line": t.line, "code": t.code, "model_code": t.model_code, "variant": t.variant,
            "published": t.published, "model_before": to_euro(before[i]), "model_fitted": to_euro(fitted[i]),
            "residual_cents": float(fitted[i] - t.published_cents),
            "unrounded_fitted": float((bl[0, i] + bh[0, i]) / 200),
            "miss_cents": float(v[i]), "status": classify(t.published_cents, int(fitted[i]), band), "fit": fit,
        })
    return rows
