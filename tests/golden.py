"""Golden data: figures as printed in their sources (tests/data/), read the same way by every test.

A printed figure is kept as the text of its source ("1,25", "3,944%", "nvt"); these helpers turn it
into a number without passing through kostprijs itself.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
NOT_A_FIGURE = {"nvt", "ntb"}   # "niet van toepassing", "nader te bepalen" (any capitalisation)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


def tabel16() -> list[dict[str, str]]:
    """NOB 2021 Tabel 16 as printed (tests/data/tabel16.csv): line, code, product, unit, tariff,
    tariff_micro, note; every value the text of the seed."""
    return _rows(DATA / "tabel16.csv")


def vng_examples() -> dict[str, dict]:
    """The VNG worked indexation examples as printed (tests/data/vng-index-examples.yaml)."""
    with (DATA / "vng-index-examples.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def printed(text: str) -> Decimal | None:
    """ "1,25" -> Decimal("1.25"), "3,944%" -> Decimal("3.944"); "nvt"/"ntb" -> None."""
    text = text.strip()
    if text.lower() in NOT_A_FIGURE:
        return None
    return Decimal(text.removesuffix("%").replace(".", "").replace(",", "."))


def printed_cents(text: str) -> int | None:
    """A printed euro amount in whole cents ("62,80" -> 6280); None for nvt/ntb."""
    value = printed(text)
    if value is None:
        return None
    cents = value * 100
    assert cents == cents.to_integral_value(), f"{text!r} is not a whole number of cents"
    return int(cents)


def half_a_digit(text: str) -> Decimal:
    """Half a unit of the last printed digit: "3,944%" -> 0.0005 (how far the exact value may lie)."""
    digits = text.strip().removesuffix("%").partition(",")[2]
    return Decimal(5) / Decimal(10) ** (len(digits) + 1)
