"""verify on a copy of params/ finds the copy's published list; a set without one gets advice that works."""

import json
import shutil

from kostprijs.parameters.load import params_root


def test_verify_on_an_unmodified_copy_of_params_uses_its_published_list(run, tmp_path):
    copy = tmp_path / "params"
    shutil.copytree(params_root(), copy)
    code, out, err = run("verify", "--params", str(copy), "--format", "json")
    summary = json.loads(out)["summary"]
    # Tabel 16 of seed 004 against the model: the same counts as `kostprijs verify` on the shipped set
    assert (summary["exact"], summary["derivable"], summary["within_precision"]) == (31, 35, 8), err
    assert code == 1   # 4 tariffs off, each with its documented reason


def test_a_shipped_set_without_a_list_is_not_told_to_write_into_the_package(run):
    code, out, err = run("verify", "--region", "midden-limburg-2026")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "site-packages" not in err and str(params_root()) not in err
    assert "kostprijs init DIR --from midden-limburg-2026" in err
