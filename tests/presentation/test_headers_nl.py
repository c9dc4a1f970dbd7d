"""The nl CSV profile and the workbooks head their columns in Dutch; the README documents each header
with its key (issue 14 point 2). The intl profile and the JSON keep the keys."""

from __future__ import annotations

import pytest

from kostprijs.analysis import against_cao, cao, check, diff, tariffs
from kostprijs.cli.commands import compare
from kostprijs.language import HEADERS, header, key_of_header
from kostprijs.presentation import sensitivity, xlsx
from kostprijs.presentation.writers import to_csv
from tests.conftest import readme_headers

SPECS = {
    "compute": tariffs.TARIFF_COLUMNS, "check": check.CHECK_COLUMNS, "compare": compare.COLUMNS,
    "diff": diff.ATTRIBUTION_COLUMNS, "diff parameters": diff.PARAMETER_COLUMNS,
    "diff products": diff.PRODUCT_COLUMNS, "diff summary": diff.SUMMARY_COLUMNS, "cao": cao.COLUMNS,
    "against cao": against_cao.COLUMNS, "tornado": sensitivity.TORNADO_COLUMNS, "monte carlo": sensitivity.MC_COLUMNS,
    "index summary": xlsx.INDEX_SUMMARY_COLUMNS,
}


def test_the_readme_table_is_the_mapping_the_writers_use():
    assert readme_headers() == {head: key for key, head in HEADERS.items()}


@pytest.mark.parametrize("name", SPECS)
def test_every_column_of_every_csv_has_a_dutch_header_once(name):
    keys = [k for k, _ in SPECS[name]]
    assert [k for k in keys if k not in HEADERS] == []
    heads = [header(k) for k in keys]
    assert len(set(heads)) == len(heads)
    assert [key_of_header(h) for h in heads] == keys          # check files read the header back to the key


def test_workbook_columns_have_dutch_headers():
    for column in [*xlsx.BUILDUP_COLUMNS, *xlsx.PARAMETER_COLUMNS, *xlsx.COMPARE_SHEET_COLUMNS,
                   *xlsx.CHANGE_COLUMNS]:
        assert (column.header or column.key) in HEADERS, column


def test_profiles():
    rows = [{"code": "45B50", "tariff": 1.02, "ova_status": "voorlopig"}]
    spec = [("code", None), ("tariff", 2), ("ova_status", None)]
    assert to_csv(rows, spec, "nl") == "\ufeffcode;tarief;status ova\r\n45B50;1,02;voorlopig\r\n"
    assert to_csv(rows, spec, "intl") == "code,tariff,ova_status\r\n45B50,1.02,voorlopig\r\n"


def test_check_reads_the_nl_csv_that_compute_writes(run, tmp_path):
    out = tmp_path / "tarieven.csv"
    assert run("compute", "--format", "csv", "--output", str(out))[0] == 0
    code, stdout, err = run("check", str(out), "--format", "json")
    assert code == 0, err
    import json

    summary = json.loads(stdout)["summary"]
    assert summary["below_model"] == 0 and summary["compared"] > 30


def test_a_yes_no_value_is_dutch_for_people_and_json_words_in_the_intl_profile():
    """nl is read by people in a spreadsheet (ja/nee); intl is the machine profile, whose words are JSON's."""
    from kostprijs.presentation.writers import to_csv

    rows = [{"code": "45B50", "premium_fallback": True}, {"code": "45B51", "premium_fallback": False}]
    cols = [("code", None), ("premium_fallback", None)]
    assert to_csv(rows, cols, "nl").splitlines()[1:] == ["45B50;ja", "45B51;nee"]
    assert to_csv(rows, cols, "intl").splitlines()[1:] == ["45B50,true", "45B51,false"]
