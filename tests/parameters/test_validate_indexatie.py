"""validate reads indexatie.yaml too: a broken index file fails validate, not only `kostprijs index`."""

import shutil

from kostprijs.parameters.load import params_root


def test_a_broken_indexatie_yaml_is_a_validate_problem(run, tmp_path):
    copy = tmp_path / "set"
    shutil.copytree(params_root(), copy)
    text = (copy / "indexatie.yaml").read_text(encoding="utf-8")
    (copy / "indexatie.yaml").write_text(text.replace("series:", "serie:", 1), encoding="utf-8")
    code, out, err = run("validate", "--params", str(copy))
    assert code == 1 and err == "", err
    assert "indexatie.yaml" in out and "indexreeksen: problemen" in out
    code, _out, err = run("index", "--params", str(copy), "--to", "2022")
    assert code == 2 and "indexatie.yaml" in err   # the same file is what index refuses


def test_the_shipped_index_file_passes_validate(run):
    code, out, _err = run("validate")
    assert code == 0 and "geen problemen" in out
