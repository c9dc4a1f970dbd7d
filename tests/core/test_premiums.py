"""Sociale lasten from premiums (kostprijs.core.premiums), recomputed by hand from the source figures.

The hand computations below type the figures of params/premies.yaml as their sources give them (2021:
PFZW premium 25,0% of which the employer pays 13,0% in CAO Jeugdzorg, franchise EUR 13.111, maximum
EUR 112.189, AP 0,5% above EUR 21.835; AWf low 2,70%, Aof 7,03%, Whk 1,36%, Wko 0,50%, Zvw 7,00%, all
up to the maximum premium wage EUR 58.311; NOB's 4% other personnel costs).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kostprijs.core import premiums as pr
from kostprijs.parameters import premiums as pp
from kostprijs.parameters.load import params_root


@pytest.fixture(scope="module")
def shipped():
    return pp.read(params_root() / "premies.yaml")


def yearly(monthly: float) -> float:
    """The wage the sociale lasten apply to: 12 x monthly x (1 + vakantiegeld 8% + EJU 8,33%), no ORT."""
    return 12 * monthly * (1 + 0.08 + 0.0833)


def test_2021_a_level_below_the_maximum_premium_wage(shipped):
    w = yearly(3500.0)                                    # EUR 48.859,86
    by_hand = (0.130 * (w - 13111) + 0.005 * (w - 21835)
               + (0.0270 + 0.0703 + 0.0136 + 0.0050 + 0.0700) * w + 0.04 * w) / w
    total, parts = pr.effective_sociale_lasten(np.array([w]), pr.Premiums.of(pp.components(shipped, 2021)))
    assert total[0] == pytest.approx(by_hand, rel=1e-12)
    assert total[0] == pytest.approx(0.3238, abs=5e-5)  # close to NOB's 32% for an HBO salary
    assert parts[0].sum() == pytest.approx(total[0])


def test_2021_a_level_above_both_maxima(shipped):
    w = yearly(10000.0)                                   # EUR 139.596, above 112.189 and 58.311
    by_hand = (0.130 * (112189 - 13111) + 0.005 * (w - 21835)
               + (0.0270 + 0.0703 + 0.0136 + 0.0050 + 0.0700) * 58311 + 0.04 * w) / w
    total, _ = pr.effective_sociale_lasten(np.array([w]), pr.Premiums.of(pp.components(shipped, 2021)))
    assert total[0] == pytest.approx(by_hand, rel=1e-12)


def test_2026_the_wia_excedent_replaces_the_ap_premium(shipped):
    # PFZW 2026: 25,9% (employer 13,45%, derived) above EUR 17.283 up to 137.800; WIA-excedent 3,4% above
    # EUR 79.409; AWf low 2,74%, Aof high 7,63%, Whk 1,52%, Wko 0,50%, Zvw 6,10% up to EUR 79.409
    w = yearly(8000.0)                                    # EUR 111.676,80
    by_hand = (0.1345 * (w - 17283) + 0.034 * (w - 79409)
               + (0.0274 + 0.0763 + 0.0152 + 0.0050 + 0.0610) * 79409 + 0.04 * w) / w
    c = pp.components(shipped, 2026)
    assert "pension_ap" not in c
    total, _ = pr.effective_sociale_lasten(np.array([w]), pr.Premiums.of(c))
    assert total[0] == pytest.approx(by_hand, rel=1e-12)


def test_the_percentage_depends_on_the_salary(shipped):
    totals, _ = pr.effective_sociale_lasten(yearly(np.array([2500.0, 3500.0, 6000.0, 12000.0])),
                                            pr.Premiums.of(pp.components(shipped, 2021)))
    assert totals[1] > totals[2] > totals[3]               # the caps make it fall for high salaries
    assert totals[0] < totals[1]                           # the franchise makes it lower for low ones


def test_a_wage_below_the_franchise_pays_no_pension_premium():
    p = pr.Premiums.of({"pension": (0.13, 13111.0, 112189.0), "zvw": (0.07, 0.0, 58311.0)})
    charges = pr.component_charges(np.array([10000.0]), p)
    assert charges[0].tolist() == [0.0, pytest.approx(700.0)]


def test_vectorised_over_scenarios_and_levels():
    p = pr.Premiums.of({"a": (0.10, 1000.0, 5000.0), "b": (0.01, 0.0, math.inf)})
    wages = np.array([[2000.0, 8000.0], [500.0, 4000.0]])
    total, parts = pr.effective_sociale_lasten(wages, p)
    assert parts.shape == (2, 2, 2)
    expected = np.array([[(100 + 20) / 2000, (400 + 80) / 8000], [5 / 500, (300 + 40) / 4000]])
    assert total == pytest.approx(expected)


def test_blended_rate():
    assert pr.blended_rate(2.70, 7.70, 0.85) == pytest.approx(0.85 * 2.70 + 0.15 * 7.70)
