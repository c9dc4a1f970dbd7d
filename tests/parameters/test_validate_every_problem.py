"""`kostprijs validate` lists every problem (issue 12): schema problems in two files do not stop the
cross-file rules, which run on what could be read, with the broken values set aside."""

from __future__ import annotations

import json


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_two_files_and_a_rule(params_copy):
    """Two schema problems in two files (opslagen.yaml, cao_scales.yaml) and a cross-file problem in a
    third (functiemix.yaml: product 50B02 names a CAO that does not exist)."""
    edit(params_copy / "opslagen.yaml", "  overhead:\n    value: 0.35", "  overhead:\n    value: 35")
    edit(params_copy / "cao_scales.yaml", "hours_per_week: {value: 36,", "hours_per_week: {value: -36,")
    fm = params_copy / "functiemix.yaml"
    lines = fm.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith('  "50B02":'))
    at = next(i for i in range(start, len(lines)) if "caos: {value: [jeugdzorg, ggz, gehandicaptenzorg]" in lines[i])
    lines[at] = lines[at].replace("gehandicaptenzorg]", "kinderopvang]")
    fm.write_text("".join(lines), encoding="utf-8")
    return at + 1


def test_two_broken_files_and_the_cross_file_rules_all_reported(run, params_copy):
    caos_line = break_two_files_and_a_rule(params_copy)
    code, out, err = run("validate", "--params", str(params_copy), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    found = {(p["file"].rsplit("/", 1)[-1], p["path"]) for p in report["problems"]}
    assert found == {("opslagen.yaml", "opslagen.overhead.value"),
                     ("cao_scales.yaml", "caos.jeugdzorg.hours_per_week.value"),
                     ("functiemix.yaml", "products.50B02.caos.value[2]")}
    cross = next(p for p in report["problems"] if p["file"].endswith("functiemix.yaml"))
    assert cross["line"] == caos_line and "kinderopvang" in cross["problem"]
    assert report["summary"]["checks"]["cross-file rules"].startswith("problems")


def test_a_set_aside_value_gives_no_second_problem(run, params_copy):
    """A functiemix share of the wrong type is one problem, not also "sums to ... not 100%" computed with
    the stand-in value (the reference's 90% beside this file's 20% would sum to 110%)."""
    edit(params_copy / "opslagen.yaml", "  overhead:\n    value: 0.35", "  overhead:\n    value: 35")
    text = (params_copy / "functiemix.yaml").read_text(encoding="utf-8")
    assert "MBO4: 0.9, HBO: 0.1" in text
    edit(params_copy / "functiemix.yaml", "MBO4: 0.9, HBO: 0.1", "MBO4: negen tiende, HBO: 0.2")
    code, out, _ = run("validate", "--params", str(params_copy), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert len(report["problems"]) == 2, report["problems"]
    assert not any("100%" in p["problem"] for p in report["problems"])
    assert "set aside" in report["summary"]["checks"]["cross-file rules"]
