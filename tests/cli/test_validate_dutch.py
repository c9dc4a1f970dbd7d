"""`kostprijs validate` reads Dutch by default (issue 14): the summary, the counts and the state of each check;
the problem lines stay as the parameters layer words them (like every `kostprijs: error:` line), --lang en and
the JSON keep the English names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

PARAMS = Path(__file__).resolve().parents[2] / "params"
#: English words of the frame around the problems (check names, states, counts)
ENGLISH = ("OK", "no problems", "files", "products", "model products", "published", "read", "cross-file",
           "overrides", "premiums", "index series", "not run", "problems", "none given", "beside", "not checked")


def frame(out: str, problems: int) -> str:
    """The lines around the problems: the check states and the summary."""
    return "\n".join(out.splitlines()[problems:])


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]


def test_a_clean_set_in_dutch_and_in_english(run):
    code, out, _ = run("validate")
    assert code == 0
    assert re.fullmatch(r"nob-2021: in orde, geen problemen \(3 bestanden, \d+ parameters, 51 producten, "
                        r"32 modelproducten, 52 gepubliceerde tarieven\)\n", out), out
    code, out, _ = run("validate", "--lang", "en")
    assert code == 0 and out.startswith("nob-2021: OK, no problems (3 files, ") and "51 products" in out


def test_a_problem_with_every_check_named_in_dutch(run):
    code, out, _ = run("validate", "--set", "products.45B50.functiemix.MBO4=0.8")
    assert code == 1
    lines = out.splitlines()
    assert "functiemix sums to 90%, not 100%" in lines[0]      # the problem itself: as every error line
    assert "  wijzigingen (--set, --scenario): problemen" in lines
    assert "  regels tussen de bestanden: in orde" in lines and "  lezen: in orde" in lines
    assert lines[-1] == "nob-2021: 1 probleem (--set products.45B50.functiemix.MBO4=0.8 1)"
    rest = frame(out, 1).replace("products.45B50.functiemix.MBO4", "")    # the key path is no English text
    assert not english_in(rest), rest


def test_checks_not_run_say_so_in_dutch(run, tmp_path):
    d = tmp_path / "mijnset"
    d.mkdir()
    for name in ("cao_scales.yaml", "opslagen.yaml", "functiemix.yaml"):
        shutil.copy(PARAMS / name, d / name)
    (d / "functiemix.yaml").write_text("- a list\n- not a mapping\n")
    code, out, _ = run("validate", "--params", str(d))
    assert code == 1
    problems = sum(1 for ln in out.splitlines() if not ln.startswith("  ")) - 1
    text = frame(out, problems)
    assert ("  regels tussen de bestanden: niet uitgevoerd: functiemix.yaml kon niet gelezen worden of heeft "
            "schemaproblemen (hierboven)") in text, text
    assert "; niet gecontroleerd: regels tussen de bestanden (niet uitgevoerd: " in text.splitlines()[-1]
    assert text.splitlines()[-1].startswith("mijnset: 1 probleem (functiemix.yaml 1)"), text
    assert not english_in(text), (english_in(text), text)
    code, out, _ = run("validate", "--params", str(d), "--lang", "en")
    assert "  cross-file rules: not run: functiemix.yaml could not be read" in out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_json_keeps_its_english_keys_and_states(run, lang):
    code, out, _ = run("validate", "--set", "products.45B50.functiemix.MBO4=0.8", "--format", "json", "--lang", lang)
    report = json.loads(out)
    assert code == 1 and report["summary"]["checks"]["overrides"] == "problems"
    assert report["summary"]["checks"]["cross-file rules"] == "ok"
