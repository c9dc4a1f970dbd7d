"""`kostprijs verify --expect FILE` (issue 12): a region's CI gate on known, explained differences."""

import json
import re

import pytest

from kostprijs.parameters.load import params_root

SHIPPED = params_root() / "published" / "nob-2021.expected.yaml"
# the four tariffs the NOB set does not reproduce, as docs/nob-2021-model.md names them (§7.3-7.6, §10.9.2)
OFF = {("41A16", "normal"), ("43B38", "normal"), ("45C56", "normal"), ("54014", "normal")}


def test_shipped_expectations_hold(run):
    code, out, err = run("verify", "--expect", str(SHIPPED))
    assert code == 0, (out, err)
    assert "verwachte verschillen: 4 zoals verwacht, 0 onverwacht, 0 ontbrekend (in orde)" in out   # Dutch
    code, out, err = run("verify", "--expect", str(SHIPPED), "--lang", "en")
    assert "expected differences: 4 as expected, 0 unexpected, 0 missing (ok)" in out


def test_shipped_file_names_the_four_off_products_with_a_cited_reason():
    from kostprijs.parameters.expected import read_expected

    diffs = read_expected(SHIPPED).differences
    assert {d.key for d in diffs} == OFF
    for d in diffs:
        assert re.search(r"docs/nob-2021-model\.md §\d", d.reason), d.reason


def test_without_expect_the_off_products_fail(run):
    assert run("verify")[0] == 1


def _write(tmp_path, rows):
    path = tmp_path / "known.yaml"
    path.write_text("source: test\ndifferences:\n" + "".join(
        f"  - {{code: \"{c}\", variant: {v}, cents: {n}, reason: \"r\"}}\n" for c, v, n in rows), encoding="utf-8")
    return path


def test_an_unexpected_and_a_missing_difference_exit_1(run, tmp_path):
    rows = [("41A16", "normal", 404), ("43B38", "normal", 206), ("45C56", "normal", -4),   # -5 in fact
            ("50B01", "normal", 1)]                                                      # exact in fact
    code, out, err = run("verify", "--expect", str(_write(tmp_path, rows)))
    assert code == 1, (out, err)
    assert "onverwacht: 45C56 normaal wijkt -5 cent af, verwacht -4 cent" in out
    assert "onverwacht: 54014 normaal wijkt +329 cent af, niet in de verwachte verschillen" in out
    assert "ontbreekt: 50B01 normaal zou +1 cent afwijken" in out
    assert "verwachte verschillen: 2 zoals verwacht, 2 onverwacht, 1 ontbrekend" in out
    code, out, err = run("verify", "--expect", str(_write(tmp_path, rows)), "--lang", "en")
    assert "unexpected: 45C56 normal off by -5 cent(s), expected -4 cent(s)" in out
    assert "missing: 50B01 normal expected off by +1 cent(s)" in out


def test_json_carries_the_verdict(run, tmp_path):
    code, out, _ = run("verify", "--format", "json", "--expect", str(_write(tmp_path, [("41A16", "normal", 404)])))
    assert code == 1
    gate = json.loads(out)["expected_differences"]
    assert not gate["ok"]
    assert {(u["code"], u["variant"]) for u in gate["unexpected"]} == OFF - {("41A16", "normal")}
    assert gate["missing"] == []


@pytest.mark.parametrize("body, expect", [
    ("source: t\ndifferences:\n  - {code: \"41A16\", variant: normal, cents: 404, reason: r}\n"
     "  - {code: \"41A16\", variant: normal, cents: 404, reason: r}\n",
     r"known\.yaml:4: differences\[1\]\.code: 41A16 normal is listed twice"),
    ("source: t\ndifferences:\n  - {code: \"41A16\", variant: normal, cents: 4.5, reason: r}\n",
     r"known\.yaml:3: differences\[0\]\.cents: "),
    ("source: t\ndifferences:\n  - {code: \"41A16\", variant: normal, cents: 404}\n",
     r"known\.yaml:3: differences\[0\]\.reason: "),
], ids=["twice", "fraction", "no-reason"])
def test_a_bad_expectations_file_is_bad_input(run, tmp_path, body, expect):
    path = tmp_path / "known.yaml"
    path.write_text(body, encoding="utf-8")
    code, out, err = run("verify", "--expect", str(path))
    assert code == 2, (out, err)
    assert re.search(expect, err), err
    assert "Traceback" not in err and out == ""
