"""The published list (params/published/nob-2021.yaml) is Tabel 16 as printed: it equals the golden file
tests/data/tabel16.csv, and that file equals the seed lines it names (under CI the seed must be there)."""

import re
from decimal import Decimal

import pytest

from kostprijs.parameters.load import params_root
from kostprijs.parameters.published import load_published
from tests.conftest import seed_lines
from tests.golden import printed_cents, tabel16

PUBLISHED = params_root() / "published" / "nob-2021.yaml"


@pytest.fixture(scope="module")
def published():
    return load_published(PUBLISHED)


def cents(euro: float | None) -> int | None:
    return None if euro is None else int(Decimal(str(euro)) * 100)


def test_every_tabel16_row_is_there(published):
    assert len(published.tariffs) == len(tabel16()) == 52
    codes = [r.code for r in published.tariffs if r.code]
    assert len(codes) == len(set(codes)) == 51


def test_published_list_is_the_golden_table(published):
    for row, gold in zip(published.tariffs, tabel16(), strict=True):
        where = f"l.{gold['line']}"
        assert (row.line, row.code or "", row.unit) == (int(gold["line"]), gold["code"], gold["unit"].lower()), where
        assert cents(row.tariff) == printed_cents(gold["tariff"]), where
        assert cents(row.tariff_micro) == printed_cents(gold["tariff_micro"]), where
        assert f"{gold['tariff']} " in f"{row.printed} ".replace("€", " "), (where, row.printed)


def test_golden_table_is_the_seed_as_printed():
    lines = seed_lines("004")
    for gold in tabel16():
        cells = lines[int(gold["line"]) - 1].replace("€", " ").split()
        code = "ntb" if gold["code"] == "43B38" else (gold["code"] or "nvt")   # see the row's note
        assert cells[-4:] == [code, gold["tariff"], gold["tariff_micro"], gold["unit"]], (gold["line"], cells)


def test_the_printed_text_of_each_figure_is_a_price_or_nvt_ntb():
    for gold in tabel16():
        for text in (gold["tariff"], gold["tariff_micro"]):
            assert re.fullmatch(r"\d+,\d\d|[Nn]vt|[Nn]tb", text), (gold["line"], text)


def test_one_message_for_a_set_without_a_published_list(run, params_copy):
    """verify (CLI and API) and load_published(None) say it with the one function (issue 12)."""
    import kostprijs
    from kostprijs.errors import KostprijsError
    from kostprijs.parameters.published import no_published_list

    (params_copy / "published.yaml").unlink()
    model = kostprijs.load(params=params_copy)
    with pytest.raises(KostprijsError) as api_err:
        kostprijs.verify(model)
    assert str(api_err.value) == str(no_published_list(model.pset.source))
    assert f"add {params_copy / 'published.yaml'}" in str(api_err.value)   # the user's own dir: the file to add
    code, out, err = run("verify", "--params", str(params_copy))
    assert code == 2 and out == "" and err == f"kostprijs: error: {api_err.value}\n"
    with pytest.raises(KostprijsError) as bare:
        load_published(None)
    assert str(bare.value) == str(no_published_list())
    assert "no published tariff list to verify against" in str(bare.value)
