from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from kostprijs.parameters.compile import load
from kostprijs.parameters.load import params_root, resolve

# The cache of compiled parameter sets (kostprijs.parameters.cache) of a test run lives in a directory of
# its own, never the user's (subprocesses inherit it). The suite runs with the cache on, so that most
# loads after the first are served from it; KOSTPRIJS_CACHE=off runs it without.
_CACHE_HOME = tempfile.mkdtemp(prefix="kostprijs-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, ignore_errors=True)


# pytest-xdist (the suite runs on one worker per CPU): the fuzz suite's figures come back from each worker
# (tests/cli/test_fuzz.py _Summary) and are printed once, added up, by the controller.
_FUZZ: list[dict] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    stats = getattr(node, "workeroutput", {}).get("kostprijs_fuzz")
    if stats:
        _FUZZ.append(stats)


def pytest_terminal_summary(terminalreporter):
    if not _FUZZ:
        return
    from tests.cli.test_fuzz import summary_line

    by_test: dict[str, int] = {}
    for stats in _FUZZ:
        for key, n in stats["by_test"].items():
            by_test[key] = by_test.get(key, 0) + n
    total = {"cases": sum(s["cases"] for s in _FUZZ), "seconds": sum(s["seconds"] for s in _FUZZ),
             "slowest": max(s["slowest"] for s in _FUZZ), "by_test": by_test}
    terminalreporter.write_line(summary_line(total, _FUZZ[0]["profile"]) + f" ({len(_FUZZ)} workers, seconds added up)")


def in_ci() -> bool:
    """CI=true (as CI services and .ci/run set it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# CI runs the property and fuzz suites on a fixed sequence of examples (a gate must not flake on a
# new random draw); locally each run explores new examples. KOSTPRIJS_FUZZ=long widens the fuzz suite.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if in_ci():
    settings.load_profile("ci")

# The seed product books sit beside the repository (../shared/seeds), not in it.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_lines(number: str) -> list[str]:
    """The lines of seed ``number`` ("000" ... "004"). Without the seeds a test that checks data against
    them skips locally (with the reason) but fails under CI, where the seeds are present by design."""
    found = sorted(SEEDS.glob(f"{number}_*.txt")) if SEEDS.is_dir() else []
    if len(found) != 1:
        reason = f"seed {number} not found in {SEEDS} (../shared/seeds beside the repository)"
        if in_ci():
            pytest.fail(f"{reason}: CI must run the checks against the seed lines", pytrace=False)
        pytest.skip(reason)
    return found[0].read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def nob():
    return load(resolve("nob-2021", None))


@pytest.fixture()
def params_copy(tmp_path) -> Path:
    """A writable copy of the nob-2021 parameter files (for breaking them in tests)."""
    src = params_root()
    dst = tmp_path / "myset"
    dst.mkdir()
    for name in ("cao_scales.yaml", "opslagen.yaml", "functiemix.yaml"):
        shutil.copy(src / name, dst / name)
    shutil.copy(src / "published" / "nob-2021.yaml", dst / "published.yaml")
    return dst


@pytest.fixture()
def run(capsys, monkeypatch):
    """Run the CLI in-process with a pinned terminal width; return (exit code, stdout, stderr)."""
    from kostprijs.cli import main

    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")

    def _run(*args: str):
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def readme_headers() -> dict[str, str]:
    """Dutch column header -> key, as the README's table "Kolomkoppen" documents them."""
    import re

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = text.split("**Kolomkoppen.**", 1)[1].split("\n\n", 2)[1]
    out = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        for head, key in zip(cells[::2], cells[1::2], strict=True):
            if head:
                out[head] = re.fullmatch(r"`(.+)`", key).group(1)
    return out


def nl_csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of an nl-profile CSV (BOM, ';'), keyed by the README's mapping of its Dutch headers
    (a series header such as ``ova`` / ``status ova`` as documented there too)."""
    import csv
    import io

    heads = readme_headers()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";")
    names = next(reader)
    keys = [heads.get(n) or (n.removeprefix("status ") + "_status" if n.startswith("status ") else n) for n in names]
    return [dict(zip(keys, row, strict=True)) for row in reader]


def xlsx_keys(ws) -> list[str]:
    """The keys of a workbook sheet's header row (Dutch headers read by the README's mapping)."""
    heads = readme_headers()
    names = [str(c.value) for c in ws[1]]
    return [heads.get(n) or (n.removeprefix("status ") + "_status" if n.startswith("status ") else n) for n in names]
