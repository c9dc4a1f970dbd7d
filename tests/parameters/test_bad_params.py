"""Broken parameter files: exit code 2, one line on stderr naming file and key, no traceback."""

import re

import pytest


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CASES = [
    # (file, old, new, expected fragments in the message)
    ("opslagen.yaml", "  risico:\n    value: 0.02", "  risico:\n    value: 0.02\n    colour: red",
     ["opslagen.yaml", "opslagen.risico.colour", "unknown key"]),
    ("opslagen.yaml", "  overhead_micro:\n    value: 0.115\n", "  overhead_micro:\n",
     ["opslagen.yaml", "opslagen.overhead_micro.value", "missing key"]),
    ("opslagen.yaml", "  vakantiegeld:\n    value: 0.08", "  vakantiegeld:\n    value: \"8%\"",
     ["opslagen.yaml", "opslagen.vakantiegeld.value", "number"]),
    ("opslagen.yaml", "  slaapwacht:\n    value: 13.00", "  slaapwacht:\n    value: -13.00",
     ["voorzieningen.slaapwacht.value", "greater than or equal to 0"]),
    ("opslagen.yaml", "  hotel:\n    value: 22.50", "  hotel:\n    value: .nan",
     ["voorzieningen.hotel.value", "finite"]),
    ("opslagen.yaml", "  eindejaarsuitkering:",
     "  vakantiegeld:\n    value: 0.08\n    unit: x\n    source: y\n  eindejaarsuitkering:",
     ["opslagen.yaml:", "duplicate key 'vakantiegeld'"]),
    ("functiemix.yaml", "value: {MBO4: 0.9, HBO: 0.1}", "value: {MBO4: 0.9, HBO: 0.099}",
     ["functiemix.yaml", "products.45B50.functiemix.value", "99.9%"]),
    ("functiemix.yaml", "value: {MBO4: 0.9, HBO: 0.1}", "value: {MBO4: 0.9, HBO: 0.101}",
     ["products.45B50.functiemix.value", "100.1%"]),
    ("functiemix.yaml", "value: {MBO4: 0.9, HBO: 0.1}", "value: {MBO5: 0.9, HBO: 0.1}",
     ["products.45B50.functiemix.value.MBO5", "level 'MBO5'"]),
    ("functiemix.yaml", "value: [jeugdzorg, ggz, gehandicaptenzorg]", "value: [jeugdzorg, vvt, gehandicaptenzorg]",
     ["products.50B01.caos.value[1]", "CAO 'vvt'"]),
    ("opslagen.yaml", "HBO: {FWG50: 0.35, FWG55: 0.65}", "HBO: {FWG50: 0.35, FWG56: 0.65}",
     ["tabel1.columns.GGZ.cells.HBO.FWG56", "scale 'FWG56' does not exist"]),
    ("functiemix.yaml", "value: \"ambulant_ggz\"", "value: \"ambulant_xyz\"",
     ["productiviteit.value", "'ambulant_xyz' does not exist"]),
    ("functiemix.yaml", "    basis: fixed\n", "    basis: fixes\n",
     ["products.41B16.basis", "'model', 'fixed' or 'not_derivable'"]),
    ("cao_scales.yaml", "caos:\n", "caos:\n  x: &a {name: a}\n  y: *a\n", ["cao_scales.yaml", "aliases"]),
    ("opslagen.yaml", "      overig: {value: 50, unit: h/year", "      overig: {value: 60, unit: h/year",
     ["productiviteit.ambulant_jo_ghz.clientgebonden", "bruto minus aftrek is 1268"]),
]


@pytest.mark.parametrize(("file", "old", "new", "expect"), CASES)
def test_broken_parameter_gives_one_line(run, params_copy, file, old, new, expect):
    edit(params_copy / file, old, new)
    out_file = params_copy / "out.json"
    code, out, err = run("compute", "--params", str(params_copy), "--format", "json", "--output", str(out_file))
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("kostprijs: error: "), err
    assert "Traceback" not in err
    for fragment in expect:
        assert fragment in err, (fragment, err)
    assert not out_file.exists()


def test_error_names_the_line(run, params_copy):
    edit(params_copy / "opslagen.yaml", "  risico:\n    value: 0.02", "  risico:\n    value: 0.02\n    colour: red")
    _, _, err = run("compute", "--params", str(params_copy))
    line = int(re.search(r"opslagen\.yaml:(\d+):", err).group(1))
    text = (params_copy / "opslagen.yaml").read_text().splitlines()
    assert "colour" in text[line - 1]


@pytest.mark.parametrize(("content", "expect"), [
    (b"", "file is empty"),
    (b"- a\n- b\n", "expected a mapping at the top level, got list"),
    (b"42\n", "got int"),
    (b"\xff\xfe not utf8", "not valid UTF-8"),
    (b"a: [1, 2\n", "invalid YAML"),
    (b"a: !!python/object:os.system {}\n", "invalid YAML"),
])
def test_unreadable_files(run, params_copy, content, expect):
    (params_copy / "opslagen.yaml").write_bytes(content)
    code, _, err = run("compute", "--params", str(params_copy))
    assert code == 2 and expect in err and "opslagen.yaml" in err and err.count("\n") == 1, err


def test_deep_nesting_is_refused(run, params_copy):
    (params_copy / "opslagen.yaml").write_text("a: " + "[" * 100 + "]" * 100 + "\n")
    code, _, err = run("compute", "--params", str(params_copy))
    assert code == 2 and "nested" in err, err


def test_directory_instead_of_file(run, params_copy):
    (params_copy / "functiemix.yaml").unlink()
    (params_copy / "functiemix.yaml").mkdir()
    code, _, err = run("compute", "--params", str(params_copy))
    assert code == 2 and "functiemix.yaml" in err and "is a directory" in err


def test_missing_file(run, params_copy):
    (params_copy / "cao_scales.yaml").unlink()
    code, _, err = run("compute", "--params", str(params_copy))
    assert code == 2 and "cao_scales.yaml" in err and "not found" in err


def test_debug_shows_the_traceback(params_copy):
    from kostprijs.cli import main
    from kostprijs.errors import KostprijsError

    (params_copy / "cao_scales.yaml").unlink()
    with pytest.raises(KostprijsError):
        main(["--debug", "compute", "--params", str(params_copy)])


# ---------------------------------------------------------------- the whole-cents rule, once

FIXED_TARIFF = "    tariff: {value: 139.71, unit: EUR/dagdeel"      # 41B16, Tabel 16 l.3485: 139,71


def _one_line_error(code, out, err):
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("kostprijs: error: "), err
    return err.removeprefix("kostprijs: error: ").strip()


def test_sub_cent_fixed_tariff_is_one_answer(run, params_copy, tmp_path):
    """A fixed tariff of 139.715 is refused alike by validate, compute and check: the schema's rule."""
    edit(params_copy / "functiemix.yaml", FIXED_TARIFF, FIXED_TARIFF.replace("139.71", "139.715"))
    line = next(i for i, t in enumerate((params_copy / "functiemix.yaml").read_text().splitlines(), 1)
                if "139.715" in t)
    where = f"functiemix.yaml:{line}: products.41B16.tariff.value: 139.715 is not a whole number of cents"

    code, out, err = run("validate", "--params", str(params_copy))
    assert code == 1 and where in out, out   # validate found a problem: exit 1
    out_file = tmp_path / "out.csv"
    code, out, err = run("compute", "--params", str(params_copy), "--format", "csv", "--output", str(out_file))
    assert where in _one_line_error(code, out, err)
    assert not out_file.exists()
    good = tmp_path / "list.csv"
    good.write_text("code;unit;tariff\n41B16;dagdeel;139,71\n", encoding="utf-8")
    code, out, err = run("check", str(good), "--params", str(params_copy), "--format", "json")
    assert where in _one_line_error(code, out, err)


def test_sub_cent_published_tariff_is_refused(run, tmp_path, params_copy):
    """A check file or a published list with 139,715 is refused, naming file and line, not rounded."""
    bad = tmp_path / "list.csv"
    bad.write_text("code;unit;tariff\n45B50;minuut;1,02\n41B16;dagdeel;139,715\n", encoding="utf-8")
    for cmd in ("check", "implied"):
        extra = ["--solve", "opslagen.overhead"] if cmd == "implied" else []
        msg = _one_line_error(*run(cmd, str(bad), *extra))
        assert msg.startswith(f"{bad}:3: column 3 (tariff):") and "139.715 is not a whole number of cents" in msg
    pub = params_copy / "published.yaml"
    edit(pub, "tariff: 139.71,", "tariff: 139.715,")
    line = next(i for i, t in enumerate(pub.read_text().splitlines(), 1) if "139.715" in t)
    msg = _one_line_error(*run("verify", "--params", str(params_copy)))
    assert f"published.yaml:{line}: tariffs[9].tariff: 139.715 is not a whole number of cents" in msg
