"""Sanity warnings and --strict on every command that computes a tariff (issue 12): the warning is printed
once (`kostprijs: warning: ...`) and the command goes on; with --strict it is an error (exit 2, one line,
no output file)."""

from __future__ import annotations

import pytest

UNUSUAL = "opslagen.overhead=60%"       # legal (at most 100%) but above the 50% warning threshold
WARNING = "60% overhead is above 50%"

COMMANDS = {
    "verify": ["verify", "--set", UNUSUAL],
    "compare": ["compare", "--set", UNUSUAL],
    "explain": ["explain", "45B50", "--set", UNUSUAL],
    "explain --year": ["explain", "45B50", "--year", "2022", "--set", UNUSUAL],
    "index": ["index", "--to", "2022", "--set", UNUSUAL],
    "sensitivity": ["sensitivity", "--product", "45B50", "--set", UNUSUAL],
    "diff": ["diff", "nob-2021", "nob-2021", "--set-b", UNUSUAL],
    "check": ["check", "centraal-gelderland-2020", "--set", UNUSUAL],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_warning_once_and_strict_refuses(run, name, tmp_path):
    out_file = tmp_path / "out.txt"
    code, _out, err = run(*COMMANDS[name], "--output", str(out_file))
    assert code in (0, 1), err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kostprijs: warning: ") and WARNING in lines[0], err
    assert "opslagen.overhead" in lines[0]
    out_file.unlink()
    code, _out, err = run(*COMMANDS[name], "--strict", "--output", str(out_file))
    assert code == 2
    assert err.splitlines() == [err.strip()] and err.startswith("kostprijs: error: ") and WARNING in err
    assert "--strict" in err and not out_file.exists()


def test_report_strict_writes_no_file(run, tmp_path):
    target = tmp_path / "onderbouwing.html"
    code, _out, err = run("report", "--output", str(target), "--set", UNUSUAL, "--strict")
    assert code == 2 and WARNING in err and len(err.splitlines()) == 1
    assert not target.exists()


def test_a_clean_set_warns_nothing_under_strict(run):
    code, _out, err = run("compare", "--set", "opslagen.overhead=30%", "--strict")
    assert code == 0 and err == ""
