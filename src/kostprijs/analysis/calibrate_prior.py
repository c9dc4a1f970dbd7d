"""A plausible calibration (issue 15, point 6): how the shipped calibrated NOB top steps were chosen
(scripts/calibrate_prior_nob2021.py, docs/calibration.md), beside :mod:`kostprijs.analysis.calibrate`.

:func:`kostprijs.analysis.calibrate.calibrate` picks, among the salary structures that reproduce Tabel 16,
the smoothest ladder. Many of its values sit at an edge of their feasible range (GHZ FWG 45-65 at their
minimum, nearly flat). Here the same feasible set (every tariff it keeps stays inside its rounding interval,
with a margin; tops rise within a CAO; every found data point holds) is searched for the structure
*closest to a prior*: least sum of |top - prior| / prior (a linear program).

The prior, per CAO, from the data points now available (2020 level; docs/salaries-premiums-indices.md):

* GGZ and GHZ (both FWG scales): ln(top) linear in the FWG number, fitted by least squares to GHZ FWG 35
  (2.766) and FWG 40 (2.902), taken back from the published 1-5-2022 table, and GGZ FWG 65 (5.439), taken
  back from 5.553 in September 2021. One line for both CAOs (the GHZ points alone span too little).
* Jeugdzorg: top = starting step x 1,342 for scales 7-10 (starting steps of nu.nl; 1,342 = 5.553 / 4.138,
  top over start of GGZ FWG 65, the only scale of these CAOs with both ends known); scales 6, 11 and 12
  continue the mean ratio of consecutive starting steps.
* AMS: the AMS table of 1-1-2020, trede 6 = 12.456 at 45 h, rescaled to 36 h (x 36/45 = 9.965), as the
  other amounts of the set are 36-hour amounts (a choice).

Every calibrated value is reported with its prior, its feasible range and the value chosen.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from kostprijs.analysis.calibrate import MIN_MARGIN, calibrate
from kostprijs.errors import KostprijsError
from kostprijs.parameters.compile import select_table

#: the data points of the prior (EUR/month, 2020 level) and how they were obtained
FWG_POINTS = {("gehandicaptenzorg", 35): 2766.0, ("gehandicaptenzorg", 40): 2902.0, ("ggz", 65): 5439.0}
TOP_OVER_START = 5553.0 / 4138.0     # GGZ FWG 65, September 2021 (nu.nl/werk/6159324)
AMS_45H_TOP_2020 = 12456.0           # AMS 1-1-2020 trede 6 (1-7-2018 table x 1,04 + 37; tmi.nl range)


@dataclass
class PriorCalibration:
    scales: list[str]                       # calibrated scales, file order
    prior: dict[str, float]
    prior_how: dict[str, str]
    before: dict[str, float]                # the stored (smoothest-ladder) values
    values: dict[str, float]                # closest to the prior, to the cent
    ranges: dict[str, tuple[float, float]]  # feasible range of each scale
    kept: int                               # published tariffs kept inside their interval
    margin: float                           # margin kept, fraction of an interval


def ladder_prior(pset) -> tuple[dict[str, float], dict[str, str]]:
    """The prior of every scale of the set (see the module text), with how it was obtained."""
    xs = np.array([fwg for (_, fwg) in FWG_POINTS])
    ys = np.log(np.array(list(FWG_POINTS.values())))
    slope, intercept = np.polyfit(xs, ys, 1)
    prior, how = {}, {}
    jz_starts = {}
    cs = pset.models["cao_scales"]
    op = pset.models["opslagen"]
    for cao_name, cao in cs.caos.items():
        table = cao.tables[select_table(cao, op.salary_date)]
        for scale_name, scale in table.scales.items():
            key = f"{cao_name}:{scale_name}"
            if scale_name.startswith("FWG"):
                fwg = int(scale_name[3:])
                prior[key] = float(np.exp(intercept + slope * fwg))
                how[key] = (f"ln(top) = {intercept:.4f} + {slope:.5f} x FWG, fitted to GHZ FWG 35/40 and GGZ FWG 65 "
                            f"(x{np.exp(5 * slope):.3f} per 5 FWG points)")
            elif cao_name == "jeugdzorg":
                if scale.steps and "first" in scale.steps:
                    jz_starts[int(scale_name)] = scale.steps["first"].value
            elif cao_name == "ams":
                prior[key] = AMS_45H_TOP_2020 * 36.0 / 45.0
                how[key] = "AMS 1-1-2020 trede 6 EUR 12.456 at 45 h, x 36/45"
    if jz_starts:
        ks = sorted(jz_starts)
        ratio = (jz_starts[ks[-1]] / jz_starts[ks[0]]) ** (1.0 / (ks[-1] - ks[0]))
        for key in [k for k in pset.scales if k.startswith("jeugdzorg:")]:
            k = int(key.split(":")[1])
            if k in jz_starts:
                prior[key] = jz_starts[k] * TOP_OVER_START
                how[key] = f"starting step {jz_starts[k]:.0f} x {TOP_OVER_START:.3f} (top/start of GGZ FWG 65)"
            else:
                nearest = min(ks, key=lambda s: abs(s - k))
                prior[key] = jz_starts[nearest] * TOP_OVER_START * ratio ** (k - nearest)
                how[key] = (f"scale {nearest} prior x {ratio:.4f}^{k - nearest} (mean ratio of the starting steps "
                            f"{ks[0]}-{ks[-1]})")
    return prior, how


def squared_log_polish(x0, prior, A, b, bounds):
    """The least sum of (ln x - ln prior)^2 subject to ``A x <= b`` and ``bounds``, from the feasible ``x0``
    (SLSQP on z = x / prior, rows scaled to unit norm). The squared distance spreads the deviations over the
    scales instead of piling them at a vertex as the L1 program does. Returns ``x0`` if the result is not
    feasible (to 1e-9 of a scaled row)."""
    from scipy.optimize import minimize

    Az = A * prior[None, :]
    norm = np.linalg.norm(Az, axis=1)
    norm[norm == 0] = 1.0
    Az, bz = Az / norm[:, None], b / norm
    zb = [(lo / p, hi / p) for (lo, hi), p in zip(bounds, prior, strict=True)]
    res = minimize(lambda z: float(np.sum(np.log(z) ** 2)), x0 / prior, jac=lambda z: 2 * np.log(z) / z,
                   method="SLSQP", bounds=zb,
                   constraints=[{"type": "ineq", "fun": lambda z: bz - Az @ z, "jac": lambda z: -Az}],
                   options={"maxiter": 1000, "ftol": 1e-14})
    z = res.x
    if not res.success or np.max(Az @ z - bz) > 1e-9:
        return x0
    return z * prior


def calibrate_with_prior(pset, published, gap: float = 25.0) -> PriorCalibration:
    """The structure closest to :func:`ladder_prior` within the feasible set of :func:`calibrate`."""
    try:
        from scipy.optimize import linprog
    except ImportError:
        raise KostprijsError("calibration needs scipy: pip install 'kostprijs[calibrate]'") from None

    cal = calibrate(pset, published, gap=gap)
    prior, how = ladder_prior(pset)
    scales, unknown = cal.scales, cal.unknown
    missing = [s for s in unknown if s not in prior]
    if missing:
        raise KostprijsError(f"no prior for {', '.join(missing)}")
    sidx = {s: i for i, s in enumerate(scales)}
    uidx = {s: i for i, s in enumerate(unknown)}
    n = len(unknown)
    top = np.asarray(pset.arrays.top, dtype=float)
    fixed = np.array([0.0 if s in uidx else top[sidx[s]] for s in scales])
    left = set(cal.left_out)
    kept = [c for c in cal.constraints if (c.code, c.variant) not in left]

    # variables: x (n tops), d (n deviations |x - prior| / prior)
    nv = 2 * n
    A, b = [], []
    cols = [sidx[s] for s in unknown]
    margin = min(MIN_MARGIN, 0.9 * cal.margin)
    for c in kept:
        r = np.zeros(nv)
        r[:n] = c.coef[cols]
        A.append(r)
        b.append(c.hi - margin * c.width - c.const - c.coef @ fixed)
        r = np.zeros(nv)
        r[:n] = -c.coef_hi[cols]
        A.append(r)
        b.append(-(c.lo + margin * c.width) + c.const_hi + c.coef_hi @ fixed)
    for cao in dict.fromkeys(s.split(":")[0] for s in scales):
        ladder = [s for s in scales if s.startswith(cao + ":")]
        for a, bb in itertools.pairwise(ladder):
            if a in uidx and bb in uidx:
                r = np.zeros(nv)
                r[uidx[a]], r[uidx[bb]] = 1, -1
                A.append(r)
                b.append(-gap)
    for s, i in uidx.items():       # d_i >= +-(x_i - p_i) / p_i
        p = prior[s]
        for sign in (1, -1):
            r = np.zeros(nv)
            r[i], r[n + i] = sign / p, -1
            A.append(r)
            b.append(sign * 1.0)
    bounds = [cal.ranges[s] for s in unknown] + [(0, None)] * n
    res = linprog(np.r_[np.zeros(n), np.ones(n)], A_ub=np.array(A), b_ub=np.array(b), bounds=bounds,
                  method="highs")
    if res.status != 0:
        raise KostprijsError(f"calibration with a prior failed: {res.message}")
    # the rows of the tariffs and the rising ladders (the last 2n rows define the L1 deviations)
    x = squared_log_polish(res.x[:n], np.array([prior[s] for s in unknown]), np.array(A)[:-2 * n, :n],
                           np.array(b)[:-2 * n], bounds[:n])
    from kostprijs.core.rounding import round_half_up_cents

    values = {s: float(round_half_up_cents(x[i])) / 100 for s, i in uidx.items()}
    before = {s: float(top[sidx[s]]) for s in unknown}
    return PriorCalibration(unknown, {s: prior[s] for s in unknown}, {s: how[s] for s in unknown}, before, values,
                            dict(cal.ranges), len(kept), margin)
