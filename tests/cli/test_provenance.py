"""Provenance in every output (issue 12): each JSON row / CSV line names the kostprijs version, the parameter
set and the fingerprint of the set it was computed from; JSON objects carry ``meta``; table captions and
plot footers carry the provenance line. The expected fingerprint always comes from another command,
`kostprijs params --fingerprint`, run with the same overrides."""

from __future__ import annotations

import csv
import io
import json

import pytest

import kostprijs

OVERHEAD = "opslagen.overhead=30%"


@pytest.fixture(scope="module")
def fingerprints():
    """The fingerprint of nob-2021 as shipped and with OVERHEAD, by `params --fingerprint`."""
    from kostprijs.cli import main

    def one(*extra):
        buf = io.StringIO()
        import contextlib

        with contextlib.redirect_stdout(buf):
            try:
                main(["params", "--fingerprint", *extra])
            except SystemExit as exc:
                assert not exc.code
        return buf.getvalue().strip()

    plain, overridden = one(), one("--set", OVERHEAD)
    assert len(plain) == 64 and plain != overridden
    return {"plain": plain, "set": overridden}


def intl_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_compute_json_and_csv_rows_carry_version_set_and_fingerprint(run, fingerprints):
    code, out, _ = run("compute", "--format", "json", "--set", OVERHEAD)
    assert code == 0
    rows = json.loads(out)
    assert {(r["kostprijs_version"], r["parameter_set"], r["fingerprint"]) for r in rows} == {
        (kostprijs.__version__, "nob-2021", fingerprints["set"])}
    assert list(rows[0])[-5:] == ["region", "prijspeil", "kostprijs_version", "parameter_set", "fingerprint"]
    code, out, _ = run("compute", "--format", "csv", "--csv-profile", "intl")
    lines = intl_rows(out)
    assert list(lines[0])[-3:] == ["kostprijs_version", "parameter_set", "fingerprint"]
    assert {r["fingerprint"] for r in lines} == {fingerprints["plain"]}


def test_compare_rows_carry_the_fingerprint_of_their_own_scenario(run, fingerprints):
    code, out, _ = run("compare", "--set", OVERHEAD, "--format", "csv", "--csv-profile", "intl")
    assert code == 0
    by_scenario = {}
    for r in intl_rows(out):
        by_scenario.setdefault(r["scenario"], set()).add(r["fingerprint"])
    assert by_scenario == {"baseline": {fingerprints["plain"]}, "'--set": {fingerprints["set"]}}


@pytest.mark.parametrize("args", [("verify",), ("check", "centraal-gelderland-2020")])
def test_json_objects_carry_meta(run, fingerprints, args):
    _code, out, _ = run(*args, "--format", "json")
    meta = json.loads(out)["meta"]
    assert meta == {"kostprijs": kostprijs.__version__, "parameter_set": "nob-2021",
                    "fingerprint": fingerprints["plain"], "overrides": []}


def test_diff_names_both_sets(run, fingerprints):
    code, out, _ = run("diff", "nob-2021", "nob-2021", "--set-b", OVERHEAD, "--format", "csv",
                       "--csv-profile", "intl")
    assert code == 0
    lines = intl_rows(out)
    assert {(r["fingerprint_a"], r["fingerprint_b"]) for r in lines} == {(fingerprints["plain"], fingerprints["set"])}
    code, out, _ = run("diff", "nob-2021", "nob-2021", "--set-b", OVERHEAD, "--format", "json")
    meta = json.loads(out)["meta"]
    assert meta["a"]["fingerprint"] == fingerprints["plain"] and meta["b"]["overrides"] == ["opslagen.overhead"]


@pytest.mark.parametrize("args", [("sensitivity", "--product", "45B50", "--format", "csv", "--csv-profile", "intl"),
                                  ("cao", "--format", "csv", "--csv-profile", "intl")])
def test_other_csv_outputs_carry_it(run, fingerprints, args):
    code, out, _ = run(*args)
    assert code == 0
    assert {r["fingerprint"] for r in intl_rows(out)} == {fingerprints["plain"]}


@pytest.mark.parametrize("args", [("verify",), ("compare", "--set", OVERHEAD), ("explain", "45B50"),
                                  ("check", "centraal-gelderland-2020"), ("sensitivity", "--product", "45B50")])
def test_table_captions_name_the_fingerprint(run, fingerprints, args):
    _code, out, _ = run(*args)
    flat = "".join(out.split())      # the caption wraps at the table's width
    assert f"sha256:{fingerprints['plain']}" in flat and f"kostprijs{kostprijs.__version__}" in flat


def test_plot_footers_carry_the_provenance_line(run, fingerprints, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from kostprijs.presentation import plots

    footers = []
    original = plots._save

    def spy(fig, path, footer=None):
        footers.append(footer)
        original(fig, path, footer)
        assert footer in [t.get_text() for t in fig.texts]   # drawn on the figure, not only passed

    monkeypatch.setattr(plots, "_save", spy)
    assert run("explain", "45B50", "--plot", str(tmp_path / "w.png"))[0] == 0
    assert run("compare", "--set", OVERHEAD, "--plot", str(tmp_path / "c.png"))[0] == 0
    assert run("diff", "nob-2021", "nob-2021", "--set-b", OVERHEAD, "--plot", str(tmp_path / "d.png"))[0] == 0
    assert len(footers) == 3
    assert all(fingerprints["plain"] in f for f in footers)
    assert fingerprints["set"][:12] in footers[1] and fingerprints["set"] in footers[2]


def index_fingerprints(run, *args) -> set[str]:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return {r["fingerprint"] for r in json.loads(out)}


def test_the_index_fingerprint_covers_indexatie_and_the_figures_given(run, fingerprints):
    """An index run has more inputs than the set: indexatie.yaml (after --set indexatie.*) and --ova etc."""
    plain = index_fingerprints(run, "index", "--to", "2022")
    assert len(plain) == 1 and plain != {fingerprints["plain"]}
    assert index_fingerprints(run, "index", "--to", "2022") == plain                     # the same inputs
    _code, out, _ = run("index", "--to", "2022", "--format", "csv", "--csv-profile", "intl")
    assert {r["fingerprint"] for r in intl_rows(out)} == plain
    _code, out, _ = run("index", "--to", "2022")
    assert f"sha256:{next(iter(plain))}" in "".join(out.split())                         # the table's caption
    assert index_fingerprints(run, "explain", "45B50", "--year", "2022") == plain        # in every command
    with_figure = index_fingerprints(run, "index", "--to", "2022", "--ova", "2022=3.5")
    with_rule = index_fingerprints(run, "index", "--to", "2022", "--set", "indexatie.correction=ratio")
    assert len({*plain, *with_figure, *with_rule}) == 3
    _code, out, _ = run("index", "--to", "2022", "--set", "indexatie.correction=ratio")
    assert "1aangepasteparameter(s)" in "".join(out.split())


def test_validate_json_carries_meta_and_says_what_is_missing_for_a_broken_set(run, fingerprints, params_copy):
    """validate's JSON object has ``meta`` like every other; for a set that does not load it gives what can
    be said (version, set name, the override paths) and no fingerprint, saying why."""
    _code, out, _ = run("validate", "--format", "json")
    assert json.loads(out)["meta"] == {"kostprijs": kostprijs.__version__, "parameter_set": "nob-2021",
                                       "fingerprint": fingerprints["plain"], "overrides": []}
    _code, out, _ = run("validate", "--format", "json", "--set", OVERHEAD)
    meta = json.loads(out)["meta"]
    assert (meta["fingerprint"], meta["overrides"]) == (fingerprints["set"], ["opslagen.overhead"])
    opslagen = params_copy / "opslagen.yaml"
    opslagen.write_text(opslagen.read_text(encoding="utf-8").replace(
        "  overhead:\n    value: 0.35", "  overhead:\n    value: 35", 1), encoding="utf-8")
    code, out, _ = run("validate", "--params", str(params_copy), "--format", "json",
                       "--set", "opslagen.vakantiegeld=0.08")
    assert code == 1
    meta = json.loads(out)["meta"]
    assert meta["fingerprint"] is None and "fingerprint" in meta["missing"]
    assert (meta["kostprijs"], meta["parameter_set"], meta["overrides"]) == (
        kostprijs.__version__, "myset", ["opslagen.vakantiegeld"])


def report_fingerprints(path) -> set[str]:
    """The fingerprints a reader finds in a report: the title page's in full, the colophon's first 16 digits."""
    import re

    html = path.read_text(encoding="utf-8")
    full = re.findall(r'class="fingerprint">([0-9a-f]{64})<', html)
    short = re.findall(r"vingerafdruk <code>([0-9a-f]{16})…</code>", html)
    assert len(full) == 1 and len(short) == 1, (full, short)
    assert full[0].startswith(short[0])
    return set(full)


def test_the_report_with_a_year_carries_the_fingerprint_of_the_index_run(run, fingerprints, tmp_path):
    """report --year Y indexes the tariffs: its fingerprint is the index run's (`index --to Y`), not the set's."""
    pytest.importorskip("jinja2")
    plain = tmp_path / "plain.html"
    assert run("report", "--product", "45B50", "--output", str(plain))[0] == 0
    assert report_fingerprints(plain) == {fingerprints["plain"]}
    for extra in ((), ("--ova", "2022=3.5")):
        out = tmp_path / "year.html"
        code, _, err = run("report", "--year", "2022", "--product", "45B50", *extra, "--output", str(out))
        assert code == 0, err
        assert report_fingerprints(out) == index_fingerprints(run, "index", "--to", "2022", *extra)
        assert report_fingerprints(out) != {fingerprints["plain"]}
        assert "kostprijs index --to 2022 --format json" in out.read_text(encoding="utf-8")  # how to check it
    assert "indexatie.yaml" not in plain.read_text(encoding="utf-8")


def test_the_report_title_page_names_what_the_index_run_takes_beside_the_set(run, tmp_path):
    """--set indexatie.* and --ova change the indexed tariffs and the fingerprint: the title page names them
    as given (they have no entry in the parameter appendix of the set)."""
    pytest.importorskip("jinja2")
    given = ("--set", "indexatie.classes.ambulant.ova=0.8", "--set", "indexatie.classes.ambulant.materieel=0.2",
             "--ova", "2022=3.1")
    out = tmp_path / "year.html"
    code, _, err = run("report", "--year", "2022", "--product", "45B50", *given, "--output", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    for item in ("--set indexatie.classes.ambulant.ova=0.8", "--set indexatie.classes.ambulant.materieel=0.2",
                 "--ova 2022=3.1"):
        assert f"<li><code>{item}</code></li>" in html
    assert report_fingerprints(out) == index_fingerprints(run, "index", "--to", "2022", *given)
    plain = tmp_path / "plain.html"
    assert run("report", "--year", "2022", "--product", "45B50", "--output", str(plain))[0] == 0
    assert "De indexering rekent met" not in plain.read_text(encoding="utf-8")


def test_the_index_workbook_names_the_index_run_fingerprint(run, fingerprints, tmp_path):
    """The Toelichting of `index --format xlsx` has the run's fingerprint, the one its JSON rows carry."""
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "index.xlsx"
    code, _, err = run("index", "--to", "2022", "--format", "xlsx", "--output", str(path))
    assert code == 0, err
    rows = dict(openpyxl.load_workbook(path)["Toelichting"].iter_rows(min_row=2, max_col=2, values_only=True))
    (fp,) = index_fingerprints(run, "index", "--to", "2022")
    assert rows["vingerafdruk parameters"].startswith(f"sha256:{fp} ") and fp != fingerprints["plain"]
    assert "indexatie.yaml" in rows["vingerafdruk parameters"]
