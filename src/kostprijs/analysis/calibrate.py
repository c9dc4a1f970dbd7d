"""Solve for unpublished CAO top steps from a published tariff list.

The model is linear in the top steps: every unrounded tariff is ``A @ top + b``. A published,
rounded tariff therefore bounds a linear function of the unknowns (rounded up per minute: the
unrounded value lies in (P - 1 ct, P]; half-up per dagdeel/etmaal: [P - 0.5 ct, P + 0.5 ct)). Inputs
printed with limited precision (FTE to 2 decimals) widen the bound to the range over that precision.

Three programs (scipy's HiGHS), each on the previous one's result:

1. the largest subset of published tariffs that one salary structure reproduces (a mixed-integer
   program, one binary per tariff): the rest are reported and left out;
2. the largest margin: every remaining tariff as far inside its rounding interval as possible;
3. the smoothest salary ladders that keep a margin of at least 5% of each interval (or 90% of the
   maximum if smaller): the least largest |second difference| of the top steps within a CAO. The
   feasible set is wide for scales that only enter averages, so this choice decides their values:
   each is reported with its feasible range. The values solve the inverse problem; they are not
   estimates of the CAO tables (README, "Where the figures come from").

Constraints: one number per scale, shared by every product; sourced scales fixed; a computed
data point (a ``checks`` record with a tolerance, dated at the table) bounds its scale; a top step
lies above every found step of its scale; tops rise within a CAO (file order) by at least ``gap``.
The result is stored to the cent (a solved value, not a CAO figure); verify checks it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kostprijs.analysis.comparison import list_entries, precision_halfwidth, targets
from kostprijs.core.model import compute
from kostprijs.core.money import to_euro
from kostprijs.errors import KostprijsError

#: margin kept in step 3, as a fraction of a rounding interval (5% of a cent on a dagdeel):
#: far above float noise (1e-9), small enough to leave room for smooth ladders
MIN_MARGIN = 0.05


@dataclass
class Constraint:
    """A published tariff's rounding interval (``lo``, ``hi``: the
    :class:`~kostprijs.analysis.comparison.Target`) as a linear bound on the top steps: the model's
    unrounded tariff over the precision band, ``[coef @ top + const, coef_hi @ top + const_hi]``, must
    meet it."""

    code: str
    variant: str
    coef: np.ndarray      # (S,) coefficient per scale of the lower end (cents)
    coef_hi: np.ndarray   # (S,) of the upper end (differs where an input has limited precision)
    const: float
    const_hi: float
    lo: float             # bounds on the unrounded tariff, cents
    hi: float

    @property
    def width(self) -> float:
        return self.hi - self.lo


@dataclass
class Calibration:
    scales: list[str]
    unknown: list[str]
    values: dict[str, float]               # calibrated scales, EUR/month to the cent
    continuous: dict[str, float]
    ranges: dict[str, tuple[float, float]]  # feasible range of each calibrated scale
    left_out: list[tuple[str, str]]         # (code, variant) no salary structure reproduces with the rest
    margin: float                           # smallest margin, as a fraction of the interval width
    constraints: list[Constraint] = field(repr=False, default_factory=list)


def _linear_map(pset, staff):
    a = pset.arrays
    n = len(a.top)
    tops = np.vstack([np.zeros(n), np.eye(n)])
    r = compute(a.with_values(top=tops, staff=staff))
    out = {}
    for variant, u in (("normal", r.unrounded), ("micro", r.unrounded_micro)):
        u = u * 100.0  # cents
        out[variant] = (u[1:] - u[0], u[0])
    return out


def _to_the_cent(x: float) -> float:
    """A solved salary to the cent (half-up); it is a parameter value, not a payment."""
    from kostprijs.core.rounding import round_half_up_cents

    return to_euro(round_half_up_cents(x))


def constraints(pset, published) -> list[Constraint]:
    """Every published tariff the model computes (:func:`~kostprijs.analysis.comparison.targets`) as a
    linear constraint on the top steps."""
    half = precision_halfwidth(pset)
    lo_map = _linear_map(pset, pset.arrays.staff - half)
    hi_map = _linear_map(pset, pset.arrays.staff + half)
    out = []
    for t in targets(list_entries(pset, published), pset)[0]:
        i = t.index
        (A_lo, b_lo), (A_hi, b_hi) = lo_map[t.variant], hi_map[t.variant]
        c_lo, c_hi = A_lo[:, i], A_hi[:, i]
        # the unrounded tariff over the precision band is [min, max] of the two ends
        if (c_lo @ pset.arrays.top + b_lo[i]) > (c_hi @ pset.arrays.top + b_hi[i]):
            c_lo, c_hi, b_lo, b_hi = c_hi, c_lo, b_hi, b_lo
        out.append(Constraint(t.code, t.variant, c_lo, c_hi, float(b_lo[i]), float(b_hi[i]), t.lo, t.hi))
    return out


def _bounds_and_order(pset):
    """Per scale: (fixed value or None, lower bound, upper bound); rising pairs within each CAO."""
    cs = pset.models["cao_scales"]
    op = pset.models["opslagen"]
    info, rising = {}, []
    from kostprijs.parameters.salary_tables import tables_per_scale

    for cao_name, cao in cs.caos.items():
        prev, prev_table = None, None
        for scale_name, ti in tables_per_scale(cao, pset.salary_date or op.salary_date).items():
            t = cao.tables[ti]
            scale = t.scales[scale_name]
            key = f"{cao_name}:{scale_name}"
            if prev_table != ti:      # scales rise within one table (AMS_45h of 2018 is not below AMS)
                prev, prev_table = None, ti
            top = (pset.salaries or {}).get(key)
            fixed = None if scale.top.status == "calibrated" else (top.value if top else scale.top.value)
            lo, hi = 500.0, 30000.0
            for step in (scale.steps or {}).values():
                lo = max(lo, step.value + 1)
            for chk in (scale.checks or {}).values():
                if chk.tolerance is not None and chk.since == t.since:
                    lo, hi = max(lo, chk.value - chk.tolerance), min(hi, chk.value + chk.tolerance)
            info[key] = (fixed, lo, hi)
            if prev is not None:
                rising.append((prev, key))
            prev = key
    return info, rising


def calibrate(pset, published, gap: float = 25.0, keep_codes: tuple[str, ...] = ()) -> Calibration:
    try:
        from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    except ImportError:
        raise KostprijsError("calibration needs scipy: pip install 'kostprijs[calibrate]'") from None

    scales = pset.scales
    sidx = {s: i for i, s in enumerate(scales)}
    info, rising = _bounds_and_order(pset)
    unknown = [s for s in scales if info[s][0] is None]
    uidx = {s: i for i, s in enumerate(unknown)}
    known = np.array([info[s][0] or 0.0 for s in scales])
    n = len(unknown)
    cons = constraints(pset, published)
    m = len(cons)

    def split(coef):  # coefficient on unknowns, constant from known scales
        return coef[[sidx[s] for s in unknown]], float(coef @ known)

    rows = []
    for c in cons:
        a_lo, k_lo = split(c.coef)
        a_hi, k_hi = split(c.coef_hi)
        rows.append((a_lo, c.const + k_lo, a_hi, c.const_hi + k_hi, c.lo, c.hi, c.width))

    bounds_x = [(info[s][1], info[s][2]) for s in unknown]
    order = [(uidx[a], uidx[b]) for a, b in rising if a in uidx and b in uidx]
    order_fixed = [(a, b) for a, b in rising if (a in uidx) != (b in uidx)]

    def base_rows(nv, extra):
        """A_ub rows for rising order; ``extra`` columns after the n unknowns."""
        A, b = [], []
        for i, j in order:
            r = np.zeros(nv)
            r[i], r[j] = 1, -1
            A.append(r)
            b.append(-gap)
        for a_key, b_key in order_fixed:
            r = np.zeros(nv)
            if a_key in uidx:   # unknown below a fixed scale
                r[uidx[a_key]] = 1
                A.append(r)
                b.append(info[b_key][0] - gap)
            else:
                r[uidx[b_key]] = -1
                A.append(r)
                b.append(-(info[a_key][0] + gap))
        return A, b

    # 1. the largest set of published tariffs that one salary structure reproduces: one binary
    #    per tariff (1 = left out), big-M relaxation of its interval, least number left out
    big = 1e6
    nv = n + m
    A, b = base_rows(nv, m)
    for j, (a_lo, k_lo, a_hi, k_hi, lo, hi, _w) in enumerate(rows):
        r = np.zeros(nv)
        r[:n], r[n + j] = a_lo, -big         # tariff_lo <= hi  (unless left out)
        A.append(r)
        b.append(hi - k_lo)
        r = np.zeros(nv)
        r[:n], r[n + j] = -a_hi, -big        # tariff_hi >= lo  (unless left out)
        A.append(r)
        b.append(k_hi - lo)
    weight = np.array([1000.0 if c.code in keep_codes else 1.0 for c in cons])
    res = milp(np.r_[np.zeros(n), weight],
               constraints=LinearConstraint(np.array(A), -np.inf, np.array(b)),
               integrality=np.r_[np.zeros(n), np.ones(m)],
               bounds=Bounds(np.r_[[lo for lo, _ in bounds_x], np.zeros(m)],
                             np.r_[[hi for _, hi in bounds_x], np.ones(m)]))
    if res.status != 0:
        raise KostprijsError(f"calibration failed: {res.message}")
    dropped = res.x[n:] > 0.5
    keep = [j for j in range(m) if not dropped[j]]
    left_out = [(cons[j].code, cons[j].variant) for j in range(m) if dropped[j]]

    # 2. largest margin t (fraction of interval width) on the tariffs that can be met
    def margin_rows(nv, t_col):
        A, b = base_rows(nv, 0)
        for j in keep:
            a_lo, k_lo, a_hi, k_hi, lo, hi, w = rows[j]
            r = np.zeros(nv)
            r[:n], r[t_col] = a_lo, w
            A.append(r)
            b.append(hi - k_lo)
            r = np.zeros(nv)
            r[:n], r[t_col] = -a_hi, w
            A.append(r)
            b.append(k_hi - lo)
        return A, b

    A, b = margin_rows(n + 1, n)
    res = linprog(np.r_[np.zeros(n), -1.0], A_ub=np.array(A), b_ub=np.array(b),
                  bounds=[*bounds_x, (None, 0.5)], method="highs")
    if res.status != 0:
        raise KostprijsError(f"calibration (margin) failed: {res.message}")
    t_star = float(res.x[n])

    # 3. smoothest ladder: least largest |second difference| of the top steps within a CAO
    #    (spreads the curvature instead of concentrating it in a few kinks), margin kept
    triples = []
    for cao in sorted({s.split(":")[0] for s in unknown}):
        ladder = [s for s in scales if s.startswith(cao + ":")]
        triples += [tuple(ladder[i:i + 3]) for i in range(len(ladder) - 2)]
    nv = n + 2
    A, b = margin_rows(nv, n)
    for s0, s1, s2 in triples:
        for sign in (1, -1):
            r = np.zeros(nv)
            const = 0.0
            for s, w in ((s0, 1), (s1, -2), (s2, 1)):
                if s in uidx:
                    r[uidx[s]] += sign * w
                else:
                    const += sign * w * info[s][0]
            r[n + 1] = -1
            A.append(r)
            b.append(-const)
    floor_t = min(0.9 * t_star, MIN_MARGIN)
    res = linprog(np.r_[np.zeros(n + 1), 1.0], A_ub=np.array(A), b_ub=np.array(b),
                  bounds=[*bounds_x, (floor_t, 0.5), (0, None)], method="highs")
    if res.status != 0:
        raise KostprijsError(f"calibration (smoothing) failed: {res.message}")
    x = res.x[:n]
    values = {s: _to_the_cent(x[i]) for s, i in uidx.items()}

    # feasible range of each unknown over all solutions meeting the kept tariffs (margin >= 0)
    A, b = margin_rows(n + 1, n)
    ranges = {}
    for s, i in uidx.items():
        lo_hi = []
        for sign in (1, -1):
            c = np.zeros(n + 1)
            c[i] = sign
            r = linprog(c, A_ub=np.array(A), b_ub=np.array(b), bounds=[*bounds_x, (0, 0)], method="highs")
            lo_hi.append(float(r.x[i]) if r.status == 0 else float("nan"))
        ranges[s] = (lo_hi[0], lo_hi[1])

    return Calibration(scales, unknown, values, {s: float(x[i]) for s, i in uidx.items()}, ranges,
                       left_out, t_star, cons)
