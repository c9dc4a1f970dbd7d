"""Euro to cents, once: from the amount as written, never a float times 100."""

from decimal import Decimal

import pytest

from kostprijs.core.money import to_cents, to_euro, whole_cents


@pytest.mark.parametrize(("value", "cents"), [
    (139.71, 13971),        # Tabel 16 l.3485 "139,71€"
    (1.15, 115),            # 1.15 * 100 == 114.99999999999999
    (0.29, 29),             # 0.29 * 100 == 28.999999999999996
    (2.01, 201),            # Tabel 16 l.3506 "2,01€"; 2.01 * 100 == 200.99999999999997
    (77.79, 7779),          # Tabel 16 l.3483 "77,79€"; 77.79 * 100 == 7779.000000000001
    (0.60, 60),             # NOB's rounding step per uur (EUR 0,60)
    (43, 4300),
    ("1234.56", 123456),
    (" 2.9 ", 290),
    (Decimal("158.15"), 15815),
    (0.0, 0),
])
def test_to_cents_from_the_amount_as_written(value, cents):
    assert to_cents(value) == cents
    assert type(to_cents(value)) is int


@pytest.mark.parametrize("value", [139.715, "1.005", Decimal("0.001"), 1e-5])
def test_sub_cent_amounts_are_refused(value):
    with pytest.raises(ValueError, match="is not a whole number of cents"):
        to_cents(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "1,25", "", True, None, Decimal("NaN")])
def test_non_amounts_are_refused(value):
    with pytest.raises(ValueError, match="is not an amount"):
        to_cents(value)


def test_to_euro_is_the_printed_amount():
    # 13971 cents is the float nearest 139.71, as float("139.71"): what a reader of the printed list gets
    assert to_euro(13971) == float("139.71") == to_euro(13971.0)
    assert to_euro(float("nan")) is None and to_euro(None) is None
    assert whole_cents(float("nan")) is None and whole_cents(6120.0) == 6120
    for cents in range(0, 100_000, 7):
        assert to_cents(to_euro(cents)) == cents
