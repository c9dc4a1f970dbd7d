"""A calibrated value says so wherever it is shown (issue 14: in Dutch by default). The note beside the
citation is generated from the value's calibration (prior, feasible range); the citation itself is the
file's and stays as written. The JSON keeps the English note (machine interface)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import yaml

PARAMS = Path(__file__).resolve().parents[2] / "params"


def calibration(cao: str, scale: str) -> dict:
    """The calibration block of a scale's top in the shipped cao_scales.yaml (the independent figures)."""
    data = yaml.safe_load((PARAMS / "cao_scales.yaml").read_text(encoding="utf-8"))
    tops = [t["scales"][scale]["top"] for t in data["caos"][cao]["tables"] if scale in t.get("scales", {})]
    return next(t["calibration"] for t in tops if "calibration" in t)


@pytest.fixture(scope="module")
def jeugdzorg_7():
    c = calibration("jeugdzorg", "7")
    figures = {k: f"{c[k]:.0f}" for k in ("prior", "lower", "upper")}
    dutch = (f"gekalibreerd, geen cao-bedrag: startwaarde (prior) {figures['prior']}, haalbaar bereik "
             f"{figures['lower']}..{figures['upper']}")
    english = (f"calibrated, not a CAO figure: prior {figures['prior']}, feasible range "
               f"{figures['lower']}..{figures['upper']}")
    return dutch, english


def test_params_and_explain_show_the_note_in_dutch(run, jeugdzorg_7):
    dutch, english = jeugdzorg_7
    for args in (("params", "--wide"), ("explain", "45B50", "--wide")):
        code, out, _ = run(*args)
        flat = " ".join(out.split())
        assert code == 0 and dutch in flat, args
        assert "calibrated, not a CAO figure" not in flat, args
        code, out, _ = run(*args, "--lang", "en")
        assert english in " ".join(out.split()), args


def test_the_json_keeps_the_english_note(run, jeugdzorg_7):
    _, english = jeugdzorg_7
    code, out, _ = run("params", "--format", "json")
    rows = {r["path"]: r for r in json.loads(out)}
    assert code == 0 and english in rows["caos.jeugdzorg.7.top"]["source"]
    assert rows["caos.jeugdzorg.7.top"]["source"].startswith("calibrated: no public copy")   # the citation as written


def test_the_workbook_parameters_sheet_shows_it_in_dutch(run, tmp_path, jeugdzorg_7):
    dutch, _ = jeugdzorg_7
    out = tmp_path / "t.xlsx"
    code, _, err = run("compute", "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out, read_only=True)["Parameters"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert dutch in rows["caos.jeugdzorg.7.top"][5]
