"""Property tests of the shared readers: dates, huge numbers and special files never escape the contract
(a value, or the one exception type with a one-line message)."""

from __future__ import annotations

import datetime as dt
import math
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kostprijs.errors import KostprijsError, ParamError
from kostprijs.parameters.inputs import read_input
from kostprijs.parameters.numbers import MAX_DIGITS, parse_number
from kostprijs.parameters.yamlio import load_text

date_shaped = st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99),
                        st.integers(0, 99))
nines = st.integers(1, 6000).map(lambda n: "9" * n)
huge = st.builds("{}{}".format, st.sampled_from(["", "-", "+"]), nines) | st.builds(
    "{}e{}".format, st.integers(-10**40, 10**40), st.integers(-2000, 2000))
typed = huge | st.text(max_size=40) | st.builds("{}%".format, st.text("0123456789.e-+\u0663\uff11", max_size=12))


@given(date_shaped)
def test_a_date_is_a_date_or_one_line(text):
    try:
        data, _ = load_text(f"valid_from: {text}\n", "f.yaml")
    except ParamError as exc:
        assert "\n" not in str(exc) and "f.yaml:1" in str(exc)
        return
    value = data["valid_from"]
    y, m, d = (int(p) for p in text.split("-"))
    try:
        assert value == dt.date(y, m, d)
    except ValueError:
        pytest.fail(f"{text} accepted as {value!r}")


@given(huge)
def test_a_huge_number_in_yaml_is_finite_or_one_line(text):
    try:
        data, _ = load_text(f"x: {text}\n", "f.yaml")
    except ParamError as exc:
        assert "\n" not in str(exc)
        return
    v = data["x"]
    if isinstance(v, float):
        assert math.isfinite(v)
    elif isinstance(v, int):
        assert len(str(abs(v))) <= MAX_DIGITS


@given(typed)
def test_parse_number_gives_a_finite_ascii_number_or_one_line(text):
    try:
        value = parse_number(text)
    except KostprijsError as exc:
        assert "\n" not in str(exc)
        return
    assert math.isfinite(value)
    assert all(not c.isdigit() or c in "0123456789" for c in text)


@pytest.mark.parametrize("kind", ["fifo", "dir", "device", "missing", "big"])
def test_special_files_are_refused_before_reading(tmp_path, kind):
    path = tmp_path / "x"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dir":
        path.mkdir()
    elif kind == "device":
        path = "/dev/zero"
    elif kind == "big":
        path.write_bytes(b"a" * 101)
    with pytest.raises(ParamError) as err:
        read_input(path, 100)
    assert "\n" not in str(err.value)
