"""validate checks the premium year (issue 15): opslagen.sociale_lasten_jaar naming a year premies.yaml does not
have, a figure of that year that is unknown, or figures that contradict each other is an error at file:line
and key; a figure marked conflicting (sources disagree) is a warning. The lines are found in the file's text
here, not taken from the loader."""

import shutil

import pytest

from kostprijs.parameters.load import params_root


def _copy(tmp_path, year: str):
    copy = tmp_path / "set"
    shutil.copytree(params_root(), copy)
    op = copy / "opslagen.yaml"
    text = op.read_text(encoding="utf-8")
    assert text.count("  value: flat\n") == 1
    op.write_text(text.replace("  value: flat\n", f"  value: {year}\n"), encoding="utf-8")
    return copy


def _line(path, needle: str, after: str | None = None) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0 if after is None else next(i for i, t in enumerate(lines) if t.startswith(after))
    return next(i for i, t in enumerate(lines) if i >= start and t.lstrip().startswith(needle)) + 1


def test_a_year_premies_yaml_does_not_have(run, tmp_path):
    copy = _copy(tmp_path, "2019")
    code, out, _err = run("validate", "--params", str(copy))
    line = _line(copy / "opslagen.yaml", "value: 2019", "sociale_lasten_jaar:")
    assert code == 1
    assert f"opslagen.yaml:{line}: sociale_lasten_jaar.value: no components for 2019" in out
    code, _out, err = run("compute", "--params", str(copy))
    assert code == 2 and f"opslagen.yaml:{line}: sociale_lasten_jaar.value: no components for 2019" in err


def test_no_premies_yaml_beside_the_set(run, tmp_path):
    copy = _copy(tmp_path, "2026")
    (copy / "premies.yaml").unlink()
    code, out, _err = run("validate", "--params", str(copy))
    assert code == 1 and "opslagen.yaml" in out and "needs premies.yaml beside it" in out


UNKNOWN_WHK_2023 = "    whk:\n      value: unknown\n      unit: percent\n      note: not found\n"


@pytest.mark.parametrize(("year", "key", "edit"), [
    ("2025", "employer", None),          # the shipped file: PFZW's 2025 premium was not found
    ("2025", "franchise", None),
    ("2023", "whk", ("    whk: {value: 1.53,", UNKNOWN_WHK_2023)),    # a statutory figure made unknown
])
def test_an_unknown_figure_of_the_year(run, tmp_path, year, key, edit):
    copy = _copy(tmp_path, year)
    if edit:
        prem = copy / "premies.yaml"
        lines = prem.read_text(encoding="utf-8").splitlines(keepends=True)
        hit = [i for i, line in enumerate(lines) if line.startswith(edit[0])]
        assert len(hit) == 1
        lines[hit[0]] = edit[1]
        prem.write_text("".join(lines), encoding="utf-8")
    code, out, _err = run("validate", "--params", str(copy))
    line = _line(copy / "premies.yaml", f"{key}:", f"  {year}:")
    assert code == 1
    assert f"premies.yaml:{line}: years[{year}]." in out and f"{key}: needed for {year} but unknown" in out


def test_figures_that_contradict_each_other(run, tmp_path):
    copy = _copy(tmp_path, "2026")
    prem = copy / "premies.yaml"
    text = prem.read_text(encoding="utf-8")
    old = "employer: {value: 13.45,"
    assert text.count(old) == 1
    prem.write_text(text.replace(old, "employer: {value: 27.0,"), encoding="utf-8")
    code, out, _err = run("validate", "--params", str(copy))
    line = _line(prem, "employer: {value: 27.0")
    assert code == 1
    assert (f"premies.yaml:{line}: years[2026].pension.employer: employer share 27% is above the total "
            "premium 25.9%") in out


def test_a_figure_marked_conflicting_is_a_warning(run, tmp_path):
    """The shipped file has no conflicting figure left (Aof 2020 settled: 6,79% was the Prinsjesdag figure);
    one marked so here is a warning, not an error."""
    copy = _copy(tmp_path, "2020")
    prem = copy / "premies.yaml"
    text = prem.read_text(encoding="utf-8")
    old = "    aof_low: {value: 6.77, unit: percent, source:"
    assert text.count(old) == 1 and "status: conflicting" not in text
    prem.write_text(text.replace(old, "    aof_low: {value: 6.77, unit: percent, status: conflicting, alternatives: "
                                      "[{value: 6.79, source: hr-kiosk.nl}], source:"), encoding="utf-8")
    code, out, err = run("validate", "--params", str(copy))
    line = _line(copy / "premies.yaml", "aof_low:", "  2020:")
    assert code == 0 and "geen problemen" in out
    assert (f"kostprijs: warning: {copy / 'premies.yaml'}:{line}: years[2020].aof_low: marked conflicting: 6.77 "
            "used, sources also give 6.79") in err
    code, _out, err = run("compute", "--params", str(copy))
    assert code == 0 and "years[2020].aof_low: marked conflicting" in err


def test_the_shipped_set_and_a_complete_year_pass(run):
    code, out, err = run("validate")
    assert code == 0 and "geen problemen" in out and "premies" not in err
    code, out, err = run("validate", "--set", "opslagen.sociale_lasten_jaar=2026")
    assert code == 0 and "premies" not in err
