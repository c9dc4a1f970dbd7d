"""The rules for --output targets (README, "Output files"): each one through the command line."""

import os
import stat

import pytest


def csv_of(path):
    return path.read_bytes().decode("utf-8-sig").splitlines()


def test_dash_is_standard_output_and_makes_no_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("compute", "--format", "csv", "--output", "-")
    assert code == 0, err
    assert out.lstrip("\ufeff").startswith("code;product;eenheid") and "45B50;Begeleiding basis" in out
    assert not (tmp_path / "-").exists()


def test_a_symlink_is_written_through_and_stays_a_link(run, tmp_path):
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old\n")
    link.symlink_to(real)
    code, _out, err = run("compute", "--format", "csv", "--output", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert csv_of(real)[0].startswith("code;product;eenheid")


def test_a_read_only_target_needs_force(run, tmp_path):
    target = tmp_path / "tarieven.csv"
    target.write_text("keep me\n")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    code, out, err = run("compute", "--format", "csv", "--output", str(target))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "read-only" in err and "--force" in err and str(target) in err
    assert target.read_text() == "keep me\n"
    code, _out, err = run("--force", "compute", "--format", "csv", "--output", str(target))
    assert code == 0, err
    assert csv_of(target)[0].startswith("code;product;eenheid")


def test_force_does_not_carry_over_to_the_next_run(run, tmp_path):
    run("--force", "regions", "--format", "json", "--output", str(tmp_path / "a.json"))
    target = tmp_path / "b.csv"
    target.write_text("keep\n")
    target.chmod(stat.S_IRUSR)
    code, _out, _err = run("compute", "--format", "csv", "--output", str(target))
    assert code == 2 and target.read_text() == "keep\n"


@pytest.mark.parametrize("which", ["opslagen.yaml", "functiemix.yaml"])
def test_an_input_of_the_run_is_never_overwritten(run, params_copy, which):
    before = (params_copy / which).read_bytes()
    code, out, err = run("--force", "compute", "--params", str(params_copy), "--format", "csv",
                         "--output", str(params_copy / which))
    assert code == 2 and out == "" and "is an input of this run" in err and err.count("\n") == 1
    assert (params_copy / which).read_bytes() == before


def test_a_scenario_file_is_an_input_too(run, tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: test\ndescription: a test\noverrides:\n"
                        "  - {path: opslagen.overhead, value: 0.30, source: a test}\n")
    before = scenario.read_bytes()
    code, _out, err = run("compute", "--scenario", str(scenario), "--output", str(scenario))
    assert code == 2 and "is an input of this run" in err
    assert scenario.read_bytes() == before


def test_no_temporary_file_is_left_after_a_refusal_or_a_write(run, tmp_path):
    target = tmp_path / "t.json"
    assert run("compute", "--format", "json", "--output", str(target))[0] == 0
    target.chmod(stat.S_IRUSR)
    assert run("compute", "--format", "json", "--output", str(target))[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_explain_messages_name_their_own_options(run, tmp_path):
    """explain --year and --plot: the message names the option the user gave, not index's --to or --output."""
    code, _out, err = run("explain", "45B50", "--year", "2019")
    assert code == 2 and err.startswith("kostprijs: error: --year 2019:"), err
    pytest.importorskip("matplotlib")
    code, _out, err = run("explain", "45B50", "--plot", str(tmp_path / "nowhere" / "x.png"))
    assert code == 2 and err.startswith("kostprijs: error: --plot "), err


@pytest.mark.parametrize("which", ["check-file", "map", "workbook", "indexatie", "expect"])
def test_every_kind_of_input_is_never_overwritten(run, tmp_path, which):
    """Not only parameter files and scenarios: the check file and --map of `check`, an input workbook, the
    index file of `index`, the expectations of `verify --expect`."""
    import shutil

    from kostprijs.parameters.load import params_root

    root = params_root()
    if which == "check-file":
        target = tmp_path / "t.csv"
        target.write_text("code;product;unit;tariff\n45B50;x;minuut;1,02\n", encoding="utf-8")
        args = ["check", str(target)]
    elif which == "map":
        target = tmp_path / "m.yaml"
        shutil.copy(root / "published" / "centraal-gelderland-2020.map.yaml", target)
        args = ["check", str(root / "published" / "centraal-gelderland-2020.csv"), "--map", str(target)]
    elif which == "workbook":
        target = tmp_path / "invoer.xlsx"
        assert run("template", "--output", str(target))[0] == 0
        args = ["compute", "--params", str(target), "--format", "xlsx"]
    elif which == "indexatie":
        target = tmp_path / "set" / "indexatie.yaml"
        shutil.copytree(root, tmp_path / "set", ignore=shutil.ignore_patterns("midden-limburg-2026"))
        args = ["index", "--to", "2022", "--params", str(tmp_path / "set")]
    else:
        target = tmp_path / "expected.yaml"
        shutil.copy(root / "published" / "nob-2021.expected.yaml", target)
        args = ["verify", "--expect", str(target)]
    before = target.read_bytes()
    code, _out, err = run("--force", *args, "--output", str(target))
    assert code == 2 and "is an input of this run" in err and err.count("\n") == 1, (code, err)
    assert target.read_bytes() == before


def test_the_data_is_on_disk_before_the_rename(run, tmp_path, monkeypatch):
    """fsync of the temporary file, then the rename over the target, then fsync of the directory: a crash
    leaves the old file or the whole new one, never an empty file under the target's name."""
    from kostprijs.presentation import writers

    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else f"file {os.fstat(fd).st_size} bytes"
        events.append(("fsync", kind))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.basename(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(writers.os, "fsync", fsync)
    monkeypatch.setattr(writers.os, "replace", replace)
    target = tmp_path / "t.csv"
    assert run("compute", "--format", "csv", "--output", str(target))[0] == 0
    size = target.stat().st_size
    assert events == [("fsync", f"file {size} bytes"), ("replace", "t.csv"), ("fsync", "dir")]
