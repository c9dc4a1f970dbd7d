"""`kostprijs check` and `kostprijs implied` on published tariff lists (CSV check files, mapping files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kostprijs.errors import KostprijsError
from kostprijs.parameters.tariff_files import parse_amount, read_mapping, read_tariff_file

ROOT = Path(__file__).resolve().parents[2]
NOB_CSV = ROOT / "examples" / "nob-2021-tabel16.csv"
# NOB 2021 overhead as printed: "Opslag overhead 35%" (seed 004, Tabel 3; params/opslagen.yaml)
SEED_OVERHEAD = 0.35


def write(tmp_path, text: str, name: str = "t.csv", bom: bool = False) -> Path:
    p = tmp_path / name
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return p


# ---------------------------------------------------------------- reading check files


def test_example_file_is_tabel16_as_typed(nob):
    """The example check file carries every Tabel 16 row with its seed line, in the nl profile."""
    from kostprijs.parameters.published import load_published

    tf = read_tariff_file(NOB_CSV)
    pub = load_published(nob.source.published)
    assert tf.profile == "nl"
    assert len(tf.lines) == len(pub.tariffs)
    for ln, row in zip(tf.lines, pub.tariffs, strict=True):
        assert ln.code == row.code
        assert (float(ln.tariff) if ln.tariff is not None else None) == row.tariff
        assert (float(ln.tariff_micro) if ln.tariff_micro is not None else None) == row.tariff_micro
        assert ln.source.endswith(f"l.{row.line}")


def test_profiles_bom_and_amounts(tmp_path):
    nl = read_tariff_file(write(tmp_path, "code;unit;tariff\nA1;Etmaal;€ 1.234,56\nA2;minuut;1,02\n", bom=True))
    assert nl.profile == "nl" and [str(x.tariff) for x in nl.lines] == ["1234.56", "1.02"]
    assert nl.lines[0].unit == "etmaal" and nl.lines[0].line == 2
    intl = read_tariff_file(write(tmp_path, "code,unit,tariff,extra\nA1,uur,61.20,x\n", "i.csv"))
    assert intl.profile == "intl" and float(intl.lines[0].tariff) == 61.20
    assert parse_amount("ntb", "nl") is None and parse_amount("", "intl") is None


@pytest.mark.parametrize("text, where", [
    ("code;unit;tariff\nA1;etmaal;12.5\n", "t.csv:2: column 3 (tariff)"),            # decimal point in nl
    ("code;unit;tariff\nA1;etmaal;12,50;x\n", "t.csv:2:"),                            # too many fields
    ("code;unit\nA1;etmaal\n", "t.csv:1:"),                                           # no tariff column
    ("code;unit;tariff;unit\nA;x;1\n", "t.csv:1: column 4 (unit)"),                   # duplicate column
    ("code;unit;tariff\nA1;;1,00\n", "t.csv:2: column 2 (unit)"),                     # empty unit
    ("code;unit;tariff\n", "t.csv:1:"),                                               # no lines
    ("code,unit,tariff\nA1,etmaal,\"1,5\"\n", "t.csv:2: column 3 (tariff)"),          # comma in intl
])
def test_malformed_check_files(tmp_path, text, where):
    with pytest.raises(KostprijsError) as exc:
        read_tariff_file(write(tmp_path, text))
    assert where in str(exc.value)


def test_not_utf8_names_the_line(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes(b"code;unit;tariff\nA1;etmaal;1,00\nA2;\xe9tmaal;2,00\n")
    with pytest.raises(KostprijsError, match=r"t.csv:3: not UTF-8"):
        read_tariff_file(p)


def test_mapping_file_strict(tmp_path):
    ok = write(tmp_path, 'source: "test"\nmap:\n  "X1": {to: "45B50", note: "same care"}\n  "X2": {to: null}\n',
               "m.yaml")
    m = read_mapping(ok)
    assert m.entries["X1"].to == "45B50" and m.entries["X2"].to is None
    bad = write(tmp_path, 'source: "test"\nmap:\n  "X1": {too: "45B50"}\n', "b.yaml")
    with pytest.raises(KostprijsError, match=r"b.yaml:3: map.X1.too: unknown key"):
        read_mapping(bad)


# ---------------------------------------------------------------- check


def test_check_nob_list_against_itself(run):
    code, out, err = run("check", str(NOB_CSV), "--format", "json")
    data = json.loads(out)
    # exit 1 exactly when a published tariff is below the model (README, exit codes)
    assert code == (1 if data["summary"]["below_model"] else 0), err
    rows = {(r["line"], r["variant"]): r for r in data["rows"]}
    # every line is reported, matched or not (the Vervoer line has no code)
    assert {r["line"] for r in data["rows"]} == set(range(2, 54))
    assert rows[(13, "normal")]["status"] == "unmatched"
    # 50B01 as printed (l.3467): EUR 1,25 per minute, reproduced
    assert rows[(2, "normal")]["published"] == 1.25 and rows[(2, "normal")]["status"] == "exact"
    for r in data["rows"]:
        if r["delta_eur"] is not None:
            assert r["delta_eur"] == pytest.approx(r["published"] - r["model"], abs=1e-9)
            assert r["below_model"] == (r["direction"] == "below")
            assert (r["status"] == "off") == (r["direction"] is not None)
    # the verblijf tariffs lie inside the model's band (FTE printed to 2 decimals)
    assert rows[(32, "normal")]["status"] == "within_precision"


def test_check_flags_below_and_unit_mismatch(run, tmp_path):
    f = write(tmp_path, "code;unit;tariff;tariff_micro\n45B50;minuut;0,90;0,84\nX9;etmaal;100,00;\n"
              "45B50;uur;55,00;\n41A22;etmaal;40,67;\n")
    mp = write(tmp_path, 'source: "test"\nmap:\n  "X9": {to: "43A11", note: "verblijf"}\n', "m.yaml")
    code, out, err = run("check", str(f), "--map", str(mp), "--format", "json")
    assert code == 1, err   # 45B50 at 0,90 per minute is below the model
    rows = json.loads(out)["rows"]
    assert rows[0]["status"] == "off" and rows[0]["direction"] == "below"   # EUR 0,90 < model 1,02
    assert rows[0]["below_model"] is True
    assert rows[1]["variant"] == "micro" and rows[1]["status"] == "exact"    # 0,84 as printed (l.3475)
    assert rows[2]["matched_via"] == "map" and rows[2]["model_code"] == "43A11" and rows[2]["direction"] == "below"
    # EUR 55,00 per uur against 60 x the unrounded minute tariff; Tabel 16 l.3475 prints 1,02 per minute,
    # rounded up from (1,01, 1,02], so 60 x the unrounded tariff lies in (60,60, 61,20]
    assert rows[3]["unit_converted"] is True and "uur" in rows[3]["note"] and 60.60 < rows[3]["model"] <= 61.20
    assert rows[3]["direction"] == "below"
    assert rows[4]["status"] == "unit_mismatch" and rows[4]["delta_eur"] is None
    code, out, err = run("check", str(f), "--map", str(mp))
    assert code == 1 and "▼ afwijkend (onder)" in out and "andere eenheid" in out   # Dutch status words


def test_check_outputs_csv_and_file(run, tmp_path):
    target = tmp_path / "out.csv"
    code, _out, err = run("check", str(NOB_CSV), "--format", "csv", "-o", str(target))
    assert code in (0, 1), err
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("regel;code;") and "50B01" in text and "1,25" in text   # nl profile: Dutch headers


def test_check_bad_inputs_exit_2(run, tmp_path):
    bad = write(tmp_path, "code;unit;tariff\nA1;etmaal;abc\n")
    code, _out, err = run("check", str(bad))
    assert code == 2 and "t.csv:2: column 3 (tariff)" in err and "Traceback" not in err
    mp = write(tmp_path, 'source: "s"\nmap:\n  "A1": {to: "NOPE"}\n', "m.yaml")
    good = write(tmp_path, "code;unit;tariff\nA1;etmaal;1,00\n", "g.csv")
    code, _out, err = run("check", str(good), "--map", str(mp))
    assert code == 2 and "m.yaml:3" in err and "NOPE" in err


@pytest.mark.parametrize("name", ["centraal-gelderland-2020", "rijk-van-nijmegen-2025"])
def test_check_runs_on_other_regions_lists(run, name):
    path = ROOT / "params" / "published" / f"{name}.csv"
    if not path.is_file():
        pytest.skip(f"{path.name} not added yet")
    args = ["check", str(path), "--format", "json"]
    mp = path.with_suffix(".map.yaml")
    if mp.is_file():
        args += ["--map", str(mp)]
    code, out, err = run(*args)
    data = json.loads(out)
    assert code == (1 if data["summary"]["below_model"] else 0), err
    assert len({r["line"] for r in data["rows"]}) == len(read_tariff_file(path).lines)


# ---------------------------------------------------------------- implied


pytest.importorskip("scipy")


@pytest.mark.parametrize("start", ["0.35", "0.20", "0.60"])
def test_implied_recovers_the_seed_overhead(run, start):
    """From any starting overhead, Tabel 16 implies the seed's 35%; tariffs the model does not
    reproduce are reported as outliers and do not pull the value."""
    code, out, err = run("implied", str(NOB_CSV), "--solve", "opslagen.overhead",
                         "--set", f"opslagen.overhead={start}", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    p = data["parameters"][0]
    assert p["value"] == pytest.approx(SEED_OVERHEAD, abs=2e-4)
    lo, hi = p["range"]
    assert lo <= SEED_OVERHEAD + 1e-6 and hi >= SEED_OVERHEAD - 1e-6 and hi - lo < 1e-3
    statuses = {(r["code"], r["variant"]): r["status"] for r in data["residuals"]}
    fit = {(r["code"], r["variant"]): r["fit"] for r in data["residuals"]}
    assert statuses[("50B01", "normal")] == "exact" and fit[("50B01", "normal")] == "used"
    assert fit[("41A18", "micro")] == "independent"      # micro uses overhead_micro
    outliers = {k for k, s in fit.items() if s == "outlier"}
    assert all(statuses[k] == "off" for k in outliers)
    assert ("41A16", "normal") in outliers                     # 77,79 (l.3483): known tension
    assert data["summary"]["outliers"] == len(outliers) <= 6
    # strictly inside its range: at the upper end 44A30 (148,32, l.3536) rounds out of its band
    assert lo < p["value"] < hi
    assert statuses[("44A30", "normal")] == "within_precision"


def test_implied_table_and_two_parameters(run):
    code, out, err = run("implied", str(NOB_CSV), "--solve", "opslagen.overhead")
    assert code == 0, err
    assert "deze tarieven impliceren opslagen.overhead 35," in out and "uitschieter" in out   # Dutch by default
    assert "these tariffs imply" not in out and "interval overlap" not in " ".join(out.split())
    code, out, err = run("implied", str(NOB_CSV), "--solve", "opslagen.overhead", "--lang", "en")
    assert "these tariffs imply opslagen.overhead 35," in out
    code, out, err = run("implied", str(NOB_CSV), "--solve", "opslagen.overhead", "--solve", "opslagen.risico",
                         "--set", "opslagen.risico=0.05", "--format", "json")
    assert code == 0, err
    vals = {p["path"]: p["value"] for p in json.loads(out)["parameters"]}
    # the micro tariffs fix risico (2%, Tabel 3), the normal ones then fix overhead
    assert vals["opslagen.risico"] == pytest.approx(0.02, abs=5e-4)
    assert vals["opslagen.overhead"] == pytest.approx(SEED_OVERHEAD, abs=1e-3)


def test_implied_productive_hours(run):
    """Client-bound hours (bruto moved along) are implied too: 1278 h for ambulant JO/GHZ (Tabel 4)."""
    code, out, err = run("implied", str(NOB_CSV), "--solve", "productiviteit.ambulant_jo_ghz.clientgebonden",
                         "--format", "json")
    assert code == 0, err
    p = json.loads(out)["parameters"][0]
    lo, hi = p["range"]
    assert lo <= 1278 <= hi


@pytest.mark.parametrize("args, msg", [
    (["--solve", "opslagen.overhed"], "did you mean opslagen.overhead"),
    (["--solve", "products.50B01.caos"], "not a number"),
    (["--solve", "opslagen.overhead=0.5..0.2"], "LO must be below HI"),
    (["--solve", "opslagen.overhead", "--solve", "opslagen.overhead"], "named twice"),
])
def test_implied_bad_arguments(run, args, msg):
    code, _out, err = run("implied", str(NOB_CSV), *args)
    assert code == 2 and msg in err and "Traceback" not in err
