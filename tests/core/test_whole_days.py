"""Monte Carlo draws whole days per year (issue 12): the sanity rule refuses `kalender.dagen_per_jaar` of
365.5 in a file or a --set, so the sweep must not evaluate such a value either."""

from __future__ import annotations

import numpy as np
import pytest

from kostprijs.core import sweep as sw


def test_uniform_over_the_whole_numbers_each_equally_likely():
    u = ((np.arange(7000) + 0.5) / 7000)[:, None]        # an even grid over (0, 1)
    x = sw.draw(u, [360.0], [366.0], whole=([1.0], [0.0]))[:, 0]
    values, counts = np.unique(x, return_counts=True)
    assert values.tolist() == [360, 361, 362, 363, 364, 365, 366]    # 7 whole days, both ends included
    assert counts.tolist() == [1000] * 7


def test_a_factor_range_gives_whole_days_too():
    """--vary kalender.dagen_per_jaar=x0.8:x1: the column is a factor of 365 days."""
    u = ((np.arange(740) + 0.5) / 740)[:, None]
    x = sw.draw(u, [0.8], [1.0], whole=([365.0], [0.0]))[:, 0]
    days = 365.0 * x
    assert np.allclose(days, np.rint(days), atol=1e-9)
    assert np.unique(np.rint(days)).tolist() == list(range(292, 366))   # 0.8 x 365 = 292 .. 365


def test_triangular_rounds_to_the_nearest_day_inside_the_range():
    u = np.linspace(0, 1, 1001)[:, None]
    x = sw.draw(u, [360.0], [366.0], mode=[363.0], whole=([1.0], [0.0]))[:, 0]
    assert set(np.unique(x)) <= set(range(360, 367)) and x.min() == 360 and x.max() == 366


def test_other_columns_stay_continuous():
    u = np.array([[0.25, 0.25]])
    x = sw.draw(u, [0.2, 360.0], [0.4, 366.0], whole=([np.nan, 1.0], [0.0, 0.0]))
    assert x[0, 0] == pytest.approx(0.25) and x[0, 1] == 361.0


def test_sensitivity_monte_carlo_evaluates_whole_days_only(nob, monkeypatch):
    from kostprijs.analysis import sensitivity as sa

    drawn = []
    original = sw.draw

    def spy(*args, **kwargs):
        x = original(*args, **kwargs)
        drawn.append(x)
        return x

    monkeypatch.setattr(sw, "draw", spy)
    varies = sa.ranges(nob, ["kalender.dagen_per_jaar=360:366", "opslagen.overhead=25%:40%"])
    sa.sensitivity(nob, varies, ["44A27"], False, 500, 7)
    x = np.concatenate(drawn)
    assert np.array_equal(x[:, 0], np.rint(x[:, 0])) and set(np.unique(x[:, 0])) == set(range(360, 367))
    assert len(np.unique(x[:, 1])) == 500        # overhead: continuous, every draw different
