"""The published list (params/published/nob-2021.yaml) is Tabel 16 as printed in the seed."""

import re

import pytest

from kostprijs.parameters.load import params_root
from kostprijs.parameters.published import load_published
from tests.conftest import seed_lines

PUBLISHED = params_root() / "published" / "nob-2021.yaml"


@pytest.fixture(scope="module")
def published():
    return load_published(PUBLISHED)


def test_every_tabel16_row_is_there(published):
    assert len(published.tariffs) == 52
    codes = [r.code for r in published.tariffs if r.code]
    assert len(codes) == len(set(codes)) == 51


def test_rows_match_the_seed_lines(published):
    lines = seed_lines("004")
    for row in published.tariffs:
        text = lines[row.line - 1]
        if row.code and row.code != "43B38":
            assert row.code in text, (row.line, text)
        amounts = [a or b for a, b in re.findall(r"(\d+,\d{2})\s*€|€\s*(\d+,\d{2})", text)]
        printed = [float(a.replace(",", ".")) for a in amounts]
        assert printed == [x for x in (row.tariff, row.tariff_micro) if x is not None], (row.line, text)


def test_a_few_figures_as_printed(published):
    by = {r.code: r for r in published.tariffs}
    # Tabel 16 l.3473 "158,15€ 129,68€ Etmaal", l.3479 "40,67€ 34,64€ Dagdeel", l.3502 "1,81€ nvt Minuut"
    assert (by["43A11"].tariff, by["43A11"].tariff_micro) == (158.15, 129.68)
    assert (by["41A22"].tariff, by["41A22"].tariff_micro) == (40.67, 34.64)
    assert (by["54001"].tariff, by["54001"].tariff_micro) == (1.81, None)
    assert by["41C16"].tariff is None and "Ntb" in by["41C16"].printed
