import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from kostprijs.core.rounding import HALF_UP, UP, round_cents, round_half_up_cents, round_up_cents


def test_round_up_ignores_float_noise_on_the_boundary():
    # 61.20 EUR/h is exactly 1.02 EUR/min; computed with noise it must not become 1.03
    assert round_up_cents(61.20000000001 / 60) == 102
    assert round_up_cents(0.1 + 0.2) == 30          # 0.30000000000000004
    assert round_up_cents(61.2 / 60) == 102


def test_round_up_goes_up_for_real_excess():
    assert round_up_cents(61.21 / 60) == 103
    assert round_up_cents(1.0201) == 103
    assert round_up_cents(90.0001 / 60) == 151      # IAG: just above EUR 90,- gives 1,51


def test_round_up_in_steps_of_60_cents():
    assert round_up_cents(61.21, 60) == 6180
    assert round_up_cents(61.20000000001, 60) == 6120


def test_half_up_rounds_halves_up_not_to_even():
    assert round_half_up_cents(2.675) == 268        # the double is 2.67499999...
    assert round_half_up_cents(0.125) == 13         # round() would give 0.12
    assert round_half_up_cents(40.665) == 4067
    assert round_half_up_cents(40.66499) == 4066
    assert round_half_up_cents(-2.675) == -268      # away from zero


def test_nan_stays_nan_and_rules_mix_per_element():
    out = round_cents(np.array([1.001, 1.005, np.nan]), np.array([UP, HALF_UP, UP]), 1)
    assert out[0] == 101 and out[1] == 101 and math.isnan(out[2])


@given(st.floats(min_value=0, max_value=1e5, allow_nan=False))
def test_round_up_is_the_smallest_cent_not_below(x):
    c = round_up_cents(x)
    assert c == int(c)
    assert c / 100 >= x - 1e-9 * max(1, x)
    assert (c - 1) / 100 < x


@given(st.floats(min_value=-1e5, max_value=1e5, allow_nan=False))
def test_half_up_is_within_half_a_cent(x):
    c = round_half_up_cents(x)
    assert abs(c / 100 - x) <= 0.005 + 1e-9 * max(1, abs(x))


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from([(UP, 1), (UP, 60), (HALF_UP, 1)]),
       st.floats(min_value=1e-2, max_value=0.99))
def test_rounding_interval_is_the_inverse_of_rounding(cents, rule, frac):
    from kostprijs.core.rounding import rounding_interval

    mode, step = rule
    if mode == UP:
        cents = cents * step            # a rounded-up amount is a multiple of the step
    lo, hi = rounding_interval(cents, mode, step)
    x = lo + (hi - lo) * frac           # a point of the interval (tariffs up to EUR 10 000), away from its
                                        # ends by more than the relative snap tolerance (1e-9)
    assert round_cents(x / 100, mode, step) == cents
