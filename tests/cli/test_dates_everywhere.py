"""An invalid date is one line in every file that holds dates (issue 12: "Any invalid date is a traceback:
valid_from: 2021-02-30, since: 2021-13-45 in any file (opslagen, cao tables, published, indexatie, scenario
files)"). tests/cli/test_reliability.py has valid_from, the scenario file and --set; these are the other
date fields: a record's ``since`` in each parameter file, ``salary_date``, an index figure's ``published``.
published.yaml has no date field (a key it does not know is refused: tests/parameters/test_published.py)."""

from __future__ import annotations

import shutil

import pytest

from kostprijs.parameters.load import params_root
from tests.cli.test_reliability import one_line_error

CASES = [
    # (file, old, new, key named in the message)
    ("cao_scales.yaml", "since: 2019-04-01", "since: {date}", "since"),
    ("opslagen.yaml", "salary_date: 2020-12-31", "salary_date: {date}", "salary_date"),
    ("functiemix.yaml", "caos: {value: [jeugdzorg, ggz, gehandicaptenzorg], unit: CAOs averaged,",
     "caos: {value: [jeugdzorg, ggz, gehandicaptenzorg], since: {date}, unit: CAOs averaged,", "since"),
    ("indexatie.yaml", "published: 2020-04-06", "published: {date}", "published"),
]


@pytest.mark.parametrize("date", ["2021-02-30", "2021-13-45"])
@pytest.mark.parametrize(("file", "old", "new", "key"), CASES, ids=[c[0] for c in CASES])
def test_an_invalid_date_in_any_file_is_one_line(run, params_copy, file, old, new, key, date):
    shutil.copy(params_root() / "indexatie.yaml", params_copy / "indexatie.yaml")
    path = params_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new.replace("{date}", date), 1), encoding="utf-8")
    out = params_copy / "out.json"
    args = ["index", "--to", "2022"] if file == "indexatie.yaml" else ["compute"]
    one_line_error(*run(*args, "--params", str(params_copy), "-f", "json", "-o", str(out)),
                   f"{file}:", key, "not a valid date")
    assert not out.exists()
    code, listing, _ = run("validate", "--params", str(params_copy))
    assert code == 1 and f"{file}:" in listing and "not a valid date" in listing, listing
