"""A published list with a code given twice, an invalid code or a code the set does not have is refused
with file:line and key (issue 12): verify would otherwise compare one product's price with another's."""

import re

import pytest

from tests.parameters.test_bad_params import edit

ROW_45B50 = '{code: "45B50", product: "Begeleiding basis"'
ROW_41A18 = '{code: "41A18", product: "Respijtzorg dagdelen"'


@pytest.mark.parametrize("old, new, expect", [
    (ROW_41A18, ROW_41A18.replace("41A18", "45B50"),
     r"published\.yaml:\d+: tariffs\[\d+\]\.code: code 45B50 is listed twice"),
    (ROW_45B50, ROW_45B50.replace("45B50", "45Z99"),
     r"published\.yaml:\d+: tariffs\[\d+\]\.code: code 45Z99 is not a product of the parameter set"),
    (ROW_45B50, ROW_45B50.replace("45B50", "4-5B"),
     r"published\.yaml:\d+: tariffs\[\d+\]\.code: product code '4-5B' is not valid"),
], ids=["duplicate", "unknown", "invalid"])
@pytest.mark.parametrize("command", ["verify", "validate", "report"])
def test_bad_code_in_published_list_is_refused(run, params_copy, tmp_path, old, new, expect, command):
    edit(params_copy / "published.yaml", old, new)
    args = [command, "--params", str(params_copy)]
    if command == "report":
        args += ["--output", str(tmp_path / "r.html")]
    code, out, err = run(*args)
    text = out if command == "validate" else err
    assert code == (1 if command == "validate" else 2), (code, out, err)
    assert re.search(expect, text), text
    assert "Traceback" not in err
    assert not (tmp_path / "r.html").exists()


def test_both_lines_of_a_duplicate_are_named(run, params_copy):
    path = params_copy / "published.yaml"
    edit(path, ROW_41A18, ROW_41A18.replace("41A18", "45B50"))
    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = (i for i, t in enumerate(lines, 1) if '{code: "45B50"' in t)
    _, _, err = run("verify", "--params", str(params_copy))
    assert f"published.yaml:{second}: tariffs[" in err, err
    assert f"listed twice (first on line {first}, tariffs[" in err, err
