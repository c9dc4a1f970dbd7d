"""The fingerprint: the same parameters give the same one whatever the layout; any change changes it."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from kostprijs.parameters.compile import load
from kostprijs.parameters.fingerprint import canonical, fingerprint, provenance, provenance_line
from kostprijs.parameters.load import resolve
from kostprijs.parameters.overrides import parse_set


def _fp(directory, overrides=()):
    return fingerprint(load(resolve(None, directory), tuple(overrides)))


def test_a_copied_dir_has_the_fingerprint_of_the_shipped_set(nob, params_copy):
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint(nob))
    assert _fp(params_copy) == fingerprint(nob)
    other = params_copy.parent / "elsewhere" / "another-name"
    shutil.copytree(params_copy, other)
    assert _fp(other) == fingerprint(nob)


def test_comments_layout_and_key_order_do_not_count(nob, params_copy):
    path = params_copy / "opslagen.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def reversed_keys(node):
        if isinstance(node, dict):
            return {k: reversed_keys(node[k]) for k in reversed(list(node))}
        if isinstance(node, list):
            return [reversed_keys(v) for v in node]
        return node

    # every mapping in reverse order, flow style, no comments: another file, the same parameters
    text = "# rewritten\n" + yaml.safe_dump(reversed_keys(data), sort_keys=False, default_flow_style=True,
                                            allow_unicode=True, width=70)
    assert text != path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert _fp(params_copy) == fingerprint(nob)


def test_a_changed_value_changes_it(nob, params_copy):
    path = params_copy / "opslagen.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  hotel:\n    value: 22.50" in text
    path.write_text(text.replace("  hotel:\n    value: 22.50", "  hotel:\n    value: 22.51"), encoding="utf-8")
    assert _fp(params_copy) != fingerprint(nob)
    # 22.50 written as 22.5: the same number, the same fingerprint
    path.write_text(text.replace("  hotel:\n    value: 22.50", "  hotel:\n    value: 22.5"), encoding="utf-8")
    assert _fp(params_copy) == fingerprint(nob)


def test_an_override_changes_it(nob, params_copy):
    changed = _fp(params_copy, [parse_set("opslagen.overhead=0.30")])
    assert changed != fingerprint(nob)
    assert changed != _fp(params_copy, [parse_set("opslagen.overhead=0.31")])
    # the same override twice: the same inputs
    assert changed == _fp(params_copy, [parse_set("opslagen.overhead=0.30")])


def test_canonical_form_tells_kinds_apart():
    assert canonical({"a": 1}) == canonical({"a": 1.0})
    assert canonical({"a": 1}) != canonical({"a": "1"})
    assert canonical({"a": True}) != canonical({"a": 1})
    assert canonical([1, 2]) != canonical([2, 1])
    assert canonical({"a": 1, "b": 2}) == canonical({"b": 2, "a": 1})
    assert canonical({"a": 'x",s:"y'}) != canonical({"a": "x", "s": "y"})


def test_provenance_names_version_set_and_fingerprint(nob):
    import kostprijs

    p = provenance(nob)
    assert p["kostprijs"] == kostprijs.__version__ and p["parameter_set"] == "nob-2021"
    assert p["fingerprint"] == fingerprint(nob)
    line = provenance_line(nob)
    assert kostprijs.__version__ in line and "nob-2021" in line and fingerprint(nob) in line
    assert "vingerafdruk" in line


def test_the_version_is_not_in_the_fingerprint(nob, monkeypatch):
    import kostprijs

    before = fingerprint(nob)
    monkeypatch.setattr(kostprijs, "__version__", "99.0")
    assert fingerprint(nob) == before
    assert provenance(nob)["kostprijs"] == "99.0"


def test_params_fingerprint_prints_it(run, nob, params_copy):
    code, out, err = run("params", "--fingerprint")
    assert code == 0, err
    assert out == fingerprint(nob) + "\n"
    code, out2, err = run("params", "--params", str(params_copy), "--fingerprint")
    assert (code, out2) == (0, out)
    code, out3, err = run("params", "--fingerprint", "--set", "opslagen.overhead=0.30")
    assert code == 0 and out3 != out


def test_outputs_for_people_carry_the_fingerprint(run, tmp_path):
    """The compute table's caption and the XLSX Toelichting name the same fingerprint as params --fingerprint."""
    import openpyxl

    code, fp, _err = run("params", "--fingerprint")
    fp = fp.strip()
    assert code == 0 and len(fp) == 64
    code, _out, _err = run("compute", "--output", str(tmp_path / "t.txt"))
    assert code == 0 and f"sha256:{fp}" in (tmp_path / "t.txt").read_text(encoding="utf-8").replace("\n", "")
    code, _out, _err = run("compute", "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    rows = dict(openpyxl.load_workbook(tmp_path / "t.xlsx")["Toelichting"].iter_rows(min_row=2, values_only=True))
    assert rows["vingerafdruk parameters"].startswith(f"sha256:{fp} ")
    assert rows["aangepaste parameters"].startswith("geen")


@pytest.mark.parametrize("region", ["nob-2021", "midden-limburg-2026"])
def test_the_same_set_as_a_workbook_or_a_copy_has_the_same_fingerprint(run, tmp_path, region):
    """The same parameters in another format: `template` (a workbook), `convert` (back to YAML, and YAML to a
    workbook) and `init` (a copy). Midden-Limburg takes cao_scales.yaml from NOB (``set: nob-2021``); the
    workbook and the copy give that file the set's own name, which is not a parameter."""
    def fp(*args):
        code, out, err = run("params", "--fingerprint", *args)
        assert code == 0, err
        return out.strip()

    shipped = fp("--region", region)
    book, back, copy, book2 = (tmp_path / n for n in ("invoer.xlsx", "back", "copy", "conv.xlsx"))
    assert run("template", "--from", region, "--output", str(book))[0] == 0
    assert run("convert", str(book), "--to", str(back))[0] == 0
    assert run("init", str(copy), "--from", region)[0] == 0
    assert run("convert", str(copy), "--to", str(book2))[0] == 0
    assert {fp("--params", str(p)) for p in (book, back, copy, book2)} == {shipped}
    assert fp("--params", str(book), "--set", "opslagen.overhead=0.30") != shipped
