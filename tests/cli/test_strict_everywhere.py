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


# Every command that computes a tariff names its parameter set with the same options (cli.options.set_options),
# listed together in the help panel "Parameterset"; --scenario where it means "apply these overrides".
SET_COMMANDS = ("compute", "params", "verify", "explain", "compare", "index", "sensitivity", "check", "implied",
                "report", "validate")
OWN_SCENARIO = {"compare", "report"}          # --scenario: a scenario to set beside the baseline
NO_SALARY_DATE = {"validate"}


@pytest.mark.parametrize("name", SET_COMMANDS)
def test_every_computing_command_has_the_set_options_in_one_panel(name):
    import typer

    from kostprijs.cli.app import app, register
    from kostprijs.cli.options import SET_PANEL

    register(name)
    command = typer.main.get_command(app).commands[name]
    panels = {opt: getattr(p, "rich_help_panel", None) for p in command.params for opt in p.opts}
    wanted = {"--region", "--params", "--set", "--strict"}
    if name not in NO_SALARY_DATE:
        wanted.add("--salary-date")
    if name not in OWN_SCENARIO:
        wanted.add("--scenario")
    assert wanted <= set(panels), sorted(wanted - set(panels))
    assert {o for o in wanted if panels[o] != SET_PANEL} == set()
    if name in OWN_SCENARIO:
        assert panels["--scenario"] != SET_PANEL    # its own meaning, in the command's own options


def test_compare_and_report_take_the_tables_at_the_salary_date(run, tmp_path):
    """--salary-date moves the baseline of compare and the tariffs of the report as it moves compute's."""
    import json

    at = ("--salary-date", "2026-01-01")
    computed = {r["code"]: r["tariff"] for r in json.loads(run("compute", *at, "-f", "json")[1])}
    base = {r["code"]: r["tariff"] for r in json.loads(run("compute", "-f", "json")[1])}
    assert computed["45B50"] != base["45B50"]
    code, out, _ = run("compare", *at, "--set", "opslagen.overhead=30%", "-f", "json")
    assert code == 0
    rows = json.loads(out)
    baseline = {r["code"]: r["tariff"] - r["delta"] for r in rows if r["delta"] is not None}
    assert abs(baseline["45B50"] - computed["45B50"]) < 0.005
    target = tmp_path / "r.html"
    code, _, err = run("report", *at, "--product", "45B50", "--output", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert f"€ {computed['45B50']:.2f}".replace(".", ",") in html   # (the base tariff is there too: as published)
