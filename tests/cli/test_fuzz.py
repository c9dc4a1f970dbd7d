"""Fuzzing bad input: broken parameter sets derived from the shipped nob-2021 files, and broken command lines.

Every case must end with exit code 2, exactly one line on stderr that names the file, key or argument,
no traceback, no output file (and no temporary file left behind), within a watchdog time limit.

Every kind of damage is its own parametrized test (each strategy kind runs in every profile), each
with a case count per profile:
  ci (default)  about 700 cases, well under a minute (the first size of each fuzz_settings below);
  long          about 98 000 cases (140x), new random cases every run (the second size):
                KOSTPRIJS_FUZZ=long python -m pytest tests/cli/test_fuzz.py
KOSTPRIJS_FUZZ_SCALE=<factor> scales the case counts of either profile. The number of cases run, the
time they took and the slowest case are printed at the end of the pytest run ("kostprijs fuzz: ...").
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import pickle
import re
import shutil
import signal
import tempfile
import time
import types
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from kostprijs.parameters import schema
from kostprijs.parameters.load import FILES, params_root
from kostprijs.parameters.yamlio import MAX_BYTES, MAX_DEPTH

PROFILE = os.environ.get("KOSTPRIJS_FUZZ", "ci")
SCALE = float(os.environ.get("KOSTPRIJS_FUZZ_SCALE", "1"))
# A case that has used this much CPU time is a hang (typical: 0.03 s; the largest file allowed: about 4 s);
# one that has waited this long on the clock is blocked (a read that never returns). CPU time, not the
# clock, for the first: a CI machine shared with other jobs must not turn a slow case into a "hang".
HANG_CPU_SECONDS = 30
BLOCKED_SECONDS = 300


def examples(ci: int, long: int) -> int:
    return max(1, int((long if PROFILE == "long" else ci) * SCALE))


def fuzz_settings(ci: int, long: int):
    """At most ``ci`` cases in the CI profile, ``long`` in the long one (hypothesis stops earlier when a
    strategy has fewer distinct cases)."""
    return settings(max_examples=examples(ci, long), deadline=None,
                    database=None if PROFILE == "ci" else settings().database,
                    suppress_health_check=list(HealthCheck), print_blob=True)


# ---------------------------------------------------------------------------------------------------
# bookkeeping: how many cases ran, how long, the slowest; printed in the terminal summary
STATS: dict[str, Any] = {"cases": 0, "seconds": 0.0, "slowest": 0.0, "slowest_args": "", "by_test": {}}


def summary_line(stats: dict, profile: str = PROFILE) -> str:
    per = ", ".join(f"{k} {v}" for k, v in stats["by_test"].items())
    return (f"kostprijs fuzz ({profile}, scale {SCALE:g}): {stats['cases']} cases through the CLI in "
            f"{stats['seconds']:.1f} s, slowest {stats['slowest']:.2f} s; a traceback, hang or partial file fails its "
            f"test (see above) [{per}]")


class _Summary:
    def pytest_terminal_summary(self, terminalreporter):
        if STATS["cases"]:
            terminalreporter.write_line(summary_line(STATS))

    def pytest_sessionfinish(self, session):
        """In a pytest-xdist worker: hand the figures to the controller, which prints them (conftest.py)."""
        output = getattr(session.config, "workeroutput", None)
        if output is not None and STATS["cases"]:
            output["kostprijs_fuzz"] = {**STATS, "profile": PROFILE}


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    if request.config.pluginmanager.get_plugin("kostprijs-fuzz-summary") is None:
        request.config.pluginmanager.register(_Summary(), "kostprijs-fuzz-summary")
    yield


@pytest.fixture(scope="module", autouse=True)
def _build_the_click_command_once():
    """kostprijs.cli.main builds the click command from the Typer app on every call (a quarter of a
    case's time); the command is stateless between invocations, so the fuzz builds it once."""
    import functools

    import typer.main

    original = typer.main.get_command
    typer.main.get_command = functools.lru_cache(maxsize=4)(original)
    yield
    typer.main.get_command = original


@pytest.fixture(scope="module", autouse=True)
def _parse_each_shipped_file_once():
    """A case breaks one file; the others are the shipped files, byte for byte, and parsing them again
    every case was two thirds of a case's time. ``yamlio.load_text`` is a pure function of the text
    (the file name only appears in an error, and the shipped files have none), so the fuzz parses each
    shipped text once and hands out a fresh copy. Every other text (the broken file, any edit) still
    goes through the real reader; the file checks before it (size, type, encoding) run every time."""
    from kostprijs.parameters import yamlio

    original = getattr(yamlio, "load_text", None)
    if original is None:  # pragma: no cover - the reader was reorganised: run uncached
        yield
        return
    shipped = {path.read_text(encoding="utf-8") for path in params_root().rglob("*.yaml")}
    parsed: dict[str, bytes] = {}

    def load_text(text, name):
        if text not in shipped:
            return original(text, name)
        if text not in parsed:
            parsed[text] = pickle.dumps(original(text, name))
        return pickle.loads(parsed[text])

    yamlio.load_text = load_text
    yield
    yamlio.load_text = original


class Hang(Exception):
    pass


@contextlib.contextmanager
def watchdog(cpu_seconds: float, wall_seconds: float):
    """Turn a hang into a test failure, not a stuck CI job: SIGPROF after ``cpu_seconds`` of CPU time
    (a loop), SIGALRM after ``wall_seconds`` on the clock (a blocking read). Main thread, POSIX."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover
        yield
        return

    def fire(signum, frame):
        what = f"{cpu_seconds} s of CPU time" if signum == signal.SIGPROF else f"{wall_seconds} s"
        raise Hang(f"no answer within {what}")

    old = {sig: signal.signal(sig, fire) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    signal.setitimer(signal.ITIMER_REAL, wall_seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in old.items():
            signal.signal(sig, handler)


class Case(tuple):
    """A generated case; shown short in a failure report (not the whole mutated file)."""

    def __repr__(self):
        return "Case(" + ", ".join(repr(x) if len(repr(x)) < 200 else f"<{type(x).__name__}>" for x in self) + ")"


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    args: tuple


def cli(*args: str, test: str = "") -> Outcome:
    """The CLI in-process (as the console script: kostprijs.cli.main), with stdout/stderr captured.

    Anything but SystemExit escaping main() is a crash; a numpy RuntimeWarning (overflow) is one too.
    """
    from kostprijs.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    start = time.perf_counter()
    env = {"COLUMNS": "200", "NO_COLOR": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with watchdog(HANG_CPU_SECONDS, BLOCKED_SECONDS), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            try:
                main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        took = time.perf_counter() - start
        STATS["cases"] += 1
        STATS["seconds"] += took
        STATS["by_test"][test] = STATS["by_test"].get(test, 0) + 1
        if took > STATS["slowest"]:
            STATS["slowest"], STATS["slowest_args"] = took, " ".join(a[:40] for a in args)
    return Outcome(code, out.getvalue(), err.getvalue(), args)


def assert_one_line_error(r: Outcome, *fragments: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr naming what is wrong."""
    assert "Traceback" not in r.err, r.err
    assert r.code == 2, (r.args, r.code, r.err[:500])
    assert r.out == "", (r.args, r.out[:300])
    assert r.err.endswith("\n") and len(r.err.splitlines()) == 1, (r.args, r.err[:500])
    assert r.err.startswith("kostprijs: error: "), r.err
    for f in fragments:
        assert f in r.err, (f, r.err[:500])
    return r.err


def assert_no_output(directory: Path, target: Path, existed: bool = False):
    if not existed:
        with contextlib.suppress(OSError):   # a name too long to exist
            assert not target.exists(), f"partial output {target}"
    leftovers = [p.name for p in directory.iterdir() if p.name.startswith(f".{target.name}.")]
    assert not leftovers, f"temporary files left behind: {leftovers}"


# ---------------------------------------------------------------------------------------------------
# the shipped nob-2021 set, read once
ROOT = params_root()
TEXT = {key: (ROOT / name).read_text(encoding="utf-8") for key, name in FILES.items()}
DATA = {key: yaml.safe_load(text) for key, text in TEXT.items()}
CLASSES = {"cao_scales": schema.CaoFile, "opslagen": schema.OpslagenFile, "functiemix": schema.FunctiemixFile}
PUBLISHED = ROOT / "published" / "nob-2021.yaml"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@contextlib.contextmanager
def param_dir(workdir: Path, replace: dict[str, bytes | None] | None = None):
    """A fresh copy of the set; ``replace`` maps a file key to new bytes (None: leave the file out)."""
    d = Path(tempfile.mkdtemp(dir=workdir))
    try:
        for key, name in FILES.items():
            if replace and key in replace:
                if replace[key] is not None:
                    (d / name).write_bytes(replace[key])
            else:
                (d / name).write_text(TEXT[key], encoding="utf-8")
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data) -> bytes:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10_000).encode("utf-8")


def clone(data):
    """A deep copy (pickle is several times faster than copy.deepcopy on these trees)."""
    return pickle.loads(pickle.dumps(data))


def compute_fails(d: Path, *fragments: str, test: str) -> str:
    out = d / "tarieven.json"
    r = cli("compute", "--params", str(d), "--format", "json", "--output", str(out), test=test)
    err = assert_one_line_error(r, *fragments)
    assert_no_output(d, out)
    return err


def validate_fails(d: Path, test: str) -> list[str]:
    """`kostprijs validate`: exit 1, one or more problem lines, each naming a file of the set; a summary."""
    r = cli("validate", "--params", str(d), test=test)
    assert "Traceback" not in r.err and "Traceback" not in r.out, r.err + r.out
    assert r.code == 1 and r.err == "", (r.code, r.err[:300])
    lines = r.out.splitlines()
    problems = [ln for ln in lines if not ln.startswith("  ") and ln != lines[-1]]
    assert problems, r.out
    for ln in problems:
        assert str(d) in ln, ln
    assert re.search(r"\d+ (probleem|problemen)\b", lines[-1]), lines[-1]
    return problems


# ---------------------------------------------------------------------------------------------------
# walking the data with the schema alongside
def _unwrap(tp):
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
            continue
        if get_origin(tp) in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def annotation_at(cls, path: tuple):
    tp = cls
    for part in path:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            tp = tp.model_fields[part].annotation
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            return None
    return tp


def is_union(tp) -> bool:
    tp = _unwrap(tp)
    return get_origin(tp) in (Union, types.UnionType)


def nodes(data, path=()):
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from nodes(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from nodes(v, (*path, i))


def kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


NODES = {key: [(p, v) for p, v in nodes(DATA[key]) if p] for key in FILES}
NUMERIC = {key: [p for p, v in NODES[key] if kind(v) == "number"] for key in FILES}
TYPED = {key: [p for p, v in NODES[key] if not is_union(annotation_at(CLASSES[key], p))] for key in FILES}
REQUIRED = {
    key: [(*p, k) for p, v in nodes(DATA[key]) if isinstance(v, dict) for k in v
          if (lambda tp: isinstance(tp, type) and issubclass(tp, BaseModel) and k in tp.model_fields
              and tp.model_fields[k].is_required())(_unwrap(annotation_at(CLASSES[key], p)))]
    for key in FILES
}
MODEL_PRODUCTS = [c for c, p in DATA["functiemix"]["products"].items() if p["basis"] == "model"]


def get(data, path):
    for part in path:
        data = data[part]
    return data


def put(data, path, value):
    get(data, path[:-1])[path[-1]] = value


def dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def names_a_prefix(err: str, path: tuple) -> bool:
    """The message names the key path, one of its ancestors (a model rule is reported on its parent) or an
    element of it (a list entry)."""
    m = re.search(r"\.yaml(?::\d+)?: (.*)$", err)
    if not m:
        return False
    named = m.group(1)
    ancestors = (dotted(path[:n]) + ":" for n in range(len(path), 0, -1))
    return named.startswith(dotted(path)) or any(named.startswith(a) for a in ancestors)


def file_key_strategy():
    return st.sampled_from(list(FILES))


WRONG = {
    "str": st.text(max_size=12),
    "number": st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False)),
    "bool": st.booleans(),
    "list": st.lists(st.integers(0, 9), max_size=3),
    "dict": st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 9), max_size=3),
}


BROKEN_VALUES = ["missing", "wrong_type", "nonfinite", "negative", "absurd"]


@st.composite
def broken_data(draw, what: str | None = None):
    """(file key, mutated data, key path, what) for one data-level mutation that must be rejected."""
    key = draw(file_key_strategy())
    data = clone(DATA[key])
    what = what or draw(st.sampled_from(BROKEN_VALUES))
    if what == "missing":
        path = draw(st.sampled_from(REQUIRED[key]))
        del get(data, path[:-1])[path[-1]]
    elif what == "wrong_type":
        path = draw(st.sampled_from(TYPED[key]))
        old = kind(get(data, path))
        new_kind = draw(st.sampled_from([k for k in WRONG if k != old]))
        put(data, path, draw(WRONG[new_kind]))
    else:
        path = draw(st.sampled_from(NUMERIC[key]))
        old = get(data, path)
        if what == "nonfinite":
            new = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
        elif what == "negative":
            new = -(abs(old) + draw(st.floats(1e-6, 1e9)))
        else:
            assume(path[-1] != "tolerance")   # metadata without an upper bound
            new = max(abs(old), 1.0) * 1e7 * 10 ** draw(st.integers(0, 290))
        put(data, path, new)
    return Case((key, data, path, what))


@pytest.mark.parametrize("kind", BROKEN_VALUES)
@given(cases=st.data())
@fuzz_settings(24, 5000)
def test_fuzz_broken_values_give_one_line(workdir, kind, cases):
    key, data, path, what = cases.draw(broken_data(kind))
    with param_dir(workdir, {key: dump(data)}) as d:
        err = compute_fails(d, str(d / FILES[key]), test="values")
        # the shape checks run per file, so the one problem is reported where it was made
        assert names_a_prefix(err, path), (what, dotted(path), err)
        if not (what == "missing" and len(path) == 1):   # a missing top-level key has no line
            assert re.search(re.escape(FILES[key]) + r":\d+: ", err), err


KNOWN_NAMES = {*DATA["cao_scales"]["caos"], *DATA["opslagen"]["tabel1"]["levels"], *DATA["opslagen"]["ort"],
               *DATA["opslagen"]["productiviteit"], *DATA["opslagen"]["voorzieningen"], *schema.UNITS}
UNKNOWN = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s not in KNOWN_NAMES)


UNKNOWN_PLACES = ["caos", "level", "productiviteit", "ort", "fixed", "unit", "column_cao", "cell_scale", "cell_level",
                  "pct_level"]


@st.composite
def unknown_reference(draw, where: str | None = None):
    """A name that refers to nothing: CAO, scale, level, productiviteit column, ORT variant, voorziening, unit."""
    fm = clone(DATA["functiemix"])
    op = clone(DATA["opslagen"])
    name = draw(UNKNOWN)
    where = where or draw(st.sampled_from(UNKNOWN_PLACES))
    code = draw(st.sampled_from(MODEL_PRODUCTS))
    p = fm["products"][code]
    if where == "caos":
        i = draw(st.integers(0, len(p["caos"]["value"]) - 1))
        assume(name not in p["caos"]["value"])
        p["caos"]["value"][i] = name
        return Case(("functiemix", fm, ("products", code, "caos", "value")))
    if where == "level":
        mix = p["functiemix"]["value"]
        assume(name not in mix)
        old = draw(st.sampled_from(list(mix)))
        mix[name] = mix.pop(old)
        return Case(("functiemix", fm, ("products", code, "functiemix", "value")))
    if where in ("productiviteit", "ort"):
        assume(name not in op[where])
        p[where]["value"] = name
        return Case(("functiemix", fm, ("products", code, where, "value")))
    if where == "fixed":
        assume(name not in op["voorzieningen"])
        p.setdefault("fixed", {"unit": "voorzieningen", "source": "fuzz", "value": []})["value"].append(name)
        return Case(("functiemix", fm, ("products", code, "fixed")))
    if where == "unit":
        assume(name not in schema.UNITS)
        p["unit"] = name
        return Case(("functiemix", fm, ("products", code, "unit")))
    columns = op["tabel1"]["columns"]
    col = draw(st.sampled_from(list(columns)))
    if where == "column_cao":
        assume(name not in DATA["cao_scales"]["caos"])
        columns[col]["cao"] = name
        return Case(("opslagen", op, ("tabel1", "columns", col, "cao")))
    cells = columns[col]["cells"]
    level = draw(st.sampled_from(list(cells)))
    if where == "cell_scale":
        scale = draw(st.sampled_from(list(cells[level])))
        assume(":" not in name and name not in cells[level])
        cells[level][name] = cells[level].pop(scale)
        return Case(("opslagen", op, ("tabel1", "columns", col, "cells", level)))
    if where == "cell_level":
        assume(name not in cells)
        cells[name] = cells.pop(level)
        return Case(("opslagen", op, ("tabel1", "columns", col, "cells")))
    pct = op["tabel1"]["pct_hoogste_trede"]["value"]
    assume(name not in pct)
    pct[name] = pct.pop(level)
    return Case(("opslagen", op, ("tabel1", "pct_hoogste_trede", "value")))


@pytest.mark.parametrize("place", UNKNOWN_PLACES)
@given(cases=st.data())
@fuzz_settings(8, 1000)
def test_fuzz_unknown_names_give_one_line(workdir, place, cases):
    key, data, path = cases.draw(unknown_reference(place))
    with param_dir(workdir, {key: dump(data)}) as d:
        err = compute_fails(d, str(d / FILES[key]), test="names")
        assert names_a_prefix(err, path), (dotted(path), err)


@st.composite
def mix_off(draw, target: str | None = None):
    """A functiemix (or a Tabel 1 cell) that sums to anything but 100%: 99.9%, 100.1% or random."""
    delta = draw(st.one_of(st.sampled_from([-0.001, 0.001]),
                           st.floats(1e-8, 0.3).flatmap(lambda x: st.sampled_from([-x, x]))))
    target = target or draw(st.sampled_from(["functiemix", "tabel1"]))
    if target == "functiemix":
        fm = clone(DATA["functiemix"])
        code = draw(st.sampled_from(MODEL_PRODUCTS))
        mix = fm["products"][code]["functiemix"]["value"]
        level = draw(st.sampled_from(list(mix)))
        assume(0 <= mix[level] + delta <= 1)
        mix[level] += delta
        return Case(("functiemix", fm, ("products", code, "functiemix", "value"), sum(mix.values()),
                     "functiemix sums to"))
    op = clone(DATA["opslagen"])
    col = draw(st.sampled_from(list(op["tabel1"]["columns"])))
    cells = op["tabel1"]["columns"][col]["cells"]
    level = draw(st.sampled_from(list(cells)))
    scale = draw(st.sampled_from(list(cells[level])))
    assume(0 <= cells[level][scale] + delta <= 1)
    cells[level][scale] += delta
    return Case(("opslagen", op, ("tabel1", "columns", col, "cells", level), sum(cells[level].values()),
                 "scale shares"))


@pytest.mark.parametrize("target", ["functiemix", "tabel1"])
@given(cases=st.data())
@fuzz_settings(20, 3750)
def test_fuzz_mix_not_100_percent_is_rejected_with_the_sum(workdir, target, cases):
    key, data, path, total, words = cases.draw(mix_off(target))
    with param_dir(workdir, {key: dump(data)}) as d:
        err = compute_fails(d, words, f" {dotted(path)}:", test="mix")
        shown = f"{total * 100:.10g}%" if key == "functiemix" else f"{total:.10g}"
        assert shown in err, (shown, err)


@pytest.mark.parametrize("delta", [0.0, 4e-10, -4e-10, 9e-10])
def test_mix_within_1e9_of_100_percent_is_accepted(workdir, delta):
    fm = clone(DATA["functiemix"])
    fm["products"]["45B50"]["functiemix"]["value"]["MBO4"] += delta
    with param_dir(workdir, {"functiemix": dump(fm)}) as d:
        r = cli("compute", "--params", str(d), "--format", "json", test="tolerance")
        assert r.code == 0 and r.err == "", r.err


@pytest.mark.parametrize(("delta", "shown"), [(2e-9, "100.0000002%"), (-0.001, "99.9%"), (0.001, "100.1%")])
def test_mix_beyond_tolerance_shows_the_actual_sum(workdir, delta, shown):
    fm = clone(DATA["functiemix"])
    fm["products"]["45B50"]["functiemix"]["value"]["MBO4"] += delta
    with param_dir(workdir, {"functiemix": dump(fm)}) as d:
        compute_fails(d, "products.45B50.functiemix.value", f"functiemix sums to {shown}, not 100%", test="tolerance")


# ---------------------------------------------------------------------------------------------------
# text-level damage: duplicate keys, encodings, empty files, roots that are no mapping, aliases, tags, depth
def _key_lines(text: str) -> list[int]:
    """0-based lines that start a key of a block mapping (duplicating such a line duplicates the key)."""
    out = []

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if not node.flow_style:
                    out.append(k.start_mark.line)   # (the first key of a list item starts with "- ": dropped below)
                walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v)

    walk(yaml.compose(text))
    return sorted(set(out))


KEY_LINES = {key: [i for i in _key_lines(TEXT[key]) if not TEXT[key].splitlines()[i].lstrip().startswith("-")]
             for key in FILES}


def _value_positions(text: str) -> list[int]:
    """Character offsets of scalar values (where a tag can be put in front)."""
    out = []

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for _, v in node.value:
                walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v)
        elif node.style is None:
            out.append(node.start_mark.index)

    walk(yaml.compose(text))
    return out


VALUE_POS = {key: _value_positions(TEXT[key]) for key in FILES}
INVALID_UTF8 = [b"\xff", b"\xfe", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"]
TAGS = ["!!python/object/apply:os.system", "!!python/name:os.system", "!!python/object:builtins.dict",
        "!!python/object/new:builtins.object", "!foo", "!<tag:example.com,2000:x>", "!!binary", "!!set", "!!omap"]


def _bomb(levels: int, width: int) -> str:
    lines = [f"lol0: &a0 [{', '.join(['x'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


DAMAGE = ["duplicate", "utf8", "latin1", "utf16", "empty", "root", "bomb", "alias", "merge", "recursive", "tag",
          "deep_flow", "deep_block", "syntax", "documents"]


@st.composite
def broken_text(draw, marker: str, what: str | None = None):
    """(file key, bytes, fragments the message must contain)."""
    key = draw(file_key_strategy())
    text = TEXT[key]
    what = what or draw(st.sampled_from(DAMAGE))
    lines = text.splitlines(keepends=True)
    if what == "duplicate":
        i = draw(st.sampled_from(KEY_LINES[key]))
        new = "".join([*lines[: i + 1], lines[i], *lines[i + 1:]])
        return key, new.encode(), ["duplicate key"]
    if what == "utf8":
        raw = text.encode()
        pos = draw(st.integers(0, len(raw)))
        return key, raw[:pos] + draw(st.sampled_from(INVALID_UTF8)) + raw[pos:], ["not valid UTF-8"]
    if what == "latin1":   # a spreadsheet export: "cliënten" in Latin-1
        return key, text.encode("latin-1", errors="replace"), ["not valid UTF-8"]
    if what == "utf16":
        return key, text.encode(draw(st.sampled_from(["utf-16", "utf-32"]))), ["not valid UTF-8"]
    if what == "empty":
        content = draw(st.sampled_from([b"", b"\n", b"   \n\t\n", b"# only a comment\n", b"---\n", b"~\n",
                                        b"null\n", b"--- # x\n...\n"]))
        return key, content, []
    if what == "root":
        root = draw(st.one_of(st.just(list(DATA[key].items())), st.just(list(DATA[key])), st.integers(), st.text(
            min_size=1, max_size=20).filter(lambda s: s.strip() and not s.strip().startswith(("#", "%", "-", "!"))),
            st.just(True), st.just([])))
        try:
            content = dump(root)
        except yaml.YAMLError:
            content = b"[1, 2]\n"
        return key, content, ["expected a mapping at the top level"] if not isinstance(root, str) else []
    if what == "bomb":
        bomb = _bomb(draw(st.integers(2, 12)), draw(st.integers(2, 12)))
        return key, (text + "\n" + bomb if draw(st.booleans()) else bomb).encode(), ["alias"]
    if what == "alias":
        return key, (text + "\nzz_anchor: &x {a: 1}\nzz_alias: *x\n").encode(), ["alias"]
    if what == "merge":
        return key, (text + "\nzz_base: &b {a: 1}\nzz_merged: {<<: *b, c: 2}\n").encode(), []
    if what == "recursive":
        return key, (text + "\nzz: &r [1, *r]\n").encode(), []
    if what == "tag":
        tag = draw(st.sampled_from(TAGS))
        if draw(st.booleans()):
            pos = draw(st.sampled_from(VALUE_POS[key]))
            new = text[:pos] + tag + " " + text[pos:]
        else:
            new = text + f'\nzz_tag: {tag} ["touch {marker}"]\n'
        return key, new.encode(), []
    if what == "deep_flow":
        n = draw(st.integers(MAX_DEPTH, 300_000))
        opener = draw(st.sampled_from(["[", "{a: "]))
        closer = "]" if opener == "[" else "}"
        body = opener * n + "1" + closer * n
        return key, (body if draw(st.booleans()) else text + "\nzz_deep: " + body + "\n").encode()[: MAX_BYTES - 1], []
    if what == "deep_block":
        n = draw(st.integers(MAX_DEPTH, 1200))
        body = "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n"
        return key, (text + "\nzz_deep:\n" + " " + body.replace("\n", "\n ")).encode(), ["nested"]
    if what == "documents":
        return key, (text + "\n---\n" + text).encode(), ["invalid YAML"]
    i = draw(st.integers(0, len(lines) - 1))
    junk = draw(st.sampled_from(["{", "[", ": :", "\t- x", "'unclosed", "key: [1, 2", "  - - : ]"]))
    return key, "".join([*lines[:i], junk + "\n", *lines[i:]]).encode(), []


@pytest.mark.parametrize("damage", DAMAGE)
@given(data=st.data())
@fuzz_settings(8, 1350)
def test_fuzz_damaged_files_give_one_line(workdir, damage, data):
    marker = workdir / "pwned"
    key, content, fragments = data.draw(broken_text(str(marker), damage))
    with param_dir(workdir, {key: content}) as d:
        compute_fails(d, str(d / FILES[key]), *fragments, test="files")
    assert not marker.exists(), "a YAML tag constructed an object"


VALIDATE_CASES = {
    "values": lambda: broken_data().map(lambda c: (c[0], dump(c[1]))),
    "names": lambda: unknown_reference().map(lambda c: (c[0], dump(c[1]))),
    "mix": lambda: mix_off().map(lambda c: (c[0], dump(c[1]))),
    "files": lambda: broken_text("/nonexistent/marker").map(lambda c: (c[0], c[1])),
}


@pytest.mark.parametrize("family", list(VALIDATE_CASES))
@given(data=st.data())
@fuzz_settings(10, 1900)
def test_fuzz_validate_reports_every_case(workdir, family, data):
    key, content = data.draw(VALIDATE_CASES[family]())
    with param_dir(workdir, {key: content}) as d:
        validate_fails(d, test="validate")


# ---------------------------------------------------------------------------------------------------
# files that are no file
def test_missing_directory_fifo_device_symlink(workdir):
    cases = {
        "missing": lambda p: None,
        "directory": lambda p: (p.mkdir(), (p / "x.yaml").write_text("a: 1\n")),
        "fifo": lambda p: os.mkfifo(p),
        "device": lambda p: p.symlink_to("/dev/zero"),
        "dangling": lambda p: p.symlink_to(p.parent / "nowhere.yaml"),
    }
    expect = {"missing": "file not found", "directory": "is a directory", "fifo": "is a pipe (FIFO)",
              "device": "is a device", "dangling": "file not found"}
    for key in FILES:
        for what, make in cases.items():
            with param_dir(workdir, {key: None}) as d:
                make(d / FILES[key])
                compute_fails(d, str(d / FILES[key]), expect[what], test="special")
                validate_fails(d, test="special")


def test_file_over_the_size_limit_is_refused_unread(workdir):
    big = TEXT["opslagen"].encode() + b"#" * (MAX_BYTES + 1 - len(TEXT["opslagen"].encode())) + b"\n"
    with param_dir(workdir, {"opslagen": big}) as d:
        compute_fails(d, "opslagen.yaml", f"the limit is {MAX_BYTES}", test="special")


def test_file_just_under_the_size_limit_is_read_in_bounded_time(workdir):
    """The worst case a file can be: the largest flat list allowed (about 4 s of CPU, well under the watchdog)."""
    body = b"zz: [" + b"1," * ((MAX_BYTES - 20) // 2) + b"1]\n"
    with param_dir(workdir, {"cao_scales": body}) as d:
        compute_fails(d, "cao_scales.yaml", test="special")


@pytest.mark.parametrize("content", [
    # regressions found by this suite (each crashed or hung before the fix)
    b"a: " + b"[" * 40_000 + b"]" * 40_000 + b"\n",       # libyaml segfault
    b"a: " + b"{a: " * 30_000 + b"1" + b"}" * 30_000 + b"\n",
])
def test_regression_deep_nesting_does_not_crash(workdir, content):
    """The contract, not the wording: who reports the depth (our reader, or PyYAML >= 6.0.4 itself,
    "exceeded maximum nesting depth") is a detail; exit 2, one line, the file and a line number are not."""
    with param_dir(workdir, {"opslagen": content}) as d:
        err = compute_fails(d, str(d / "opslagen.yaml"), test="regression")
        assert re.search(r"opslagen\.yaml:\d+: ", err), err


@pytest.mark.parametrize(("old", "new", "expect"), [
    # 1e308 overflowed the chain to inf and the table writer raised OverflowError (a traceback)
    ("  overhead:\n    value: 0.35", "  overhead:\n    value: 1.0e+308", "less than or equal to 1"),
    ("  hotel:\n    value: 22.50", "  hotel:\n    value: 1.0e+308", "less than or equal to 1000000"),
    ("clientgebonden: {value: 1278,", "clientgebonden: {value: 1.0e-300,", "greater than or equal to 1"),
    ("dagen_per_jaar:\n    value: 365", "dagen_per_jaar:\n    value: 1.0e-320", "greater than or equal to 1"),
    # a step of 0.001 became 0 cents: division by zero in the rounding
    ("    mode: half_up\n    step: 0.01", "    mode: half_up\n    step: 0.001", "greater than or equal to 0.01"),
    ("    mode: half_up\n    step: 0.01", "    mode: half_up\n    step: 0.015", "not a whole number of cents"),
])
def test_regression_absurd_numbers(workdir, old, new, expect):
    assert old in TEXT["opslagen"], old
    with param_dir(workdir, {"opslagen": TEXT["opslagen"].replace(old, new, 1).encode()}) as d:
        compute_fails(d, "opslagen.yaml", expect, test="regression")
        for fmt in ("table", "csv"):
            r = cli("compute", "--params", str(d), "--format", fmt, test="regression")
            assert_one_line_error(r, expect)


# ---------------------------------------------------------------------------------------------------
# command lines
def _records():
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    return load(resolve("nob-2021", None)).records


RECORDS = _records()
NUMERIC_PATHS = [r.path for r in RECORDS if isinstance(r.value, int | float) and not isinstance(r.value, bool)]
SHARE_PATHS = [p for p in NUMERIC_PATHS if p.startswith(("opslagen.", "ort.", "tabel1.")) or ".functiemix." in p]
NAME_PATHS = [r.path for r in RECORDS if isinstance(r.value, str)]
ALL_PATHS = {r.path for r in RECORDS}


def _is_number_text(s: str) -> bool:
    try:
        v = yaml.safe_load(s)
    except yaml.YAMLError:
        return False
    return isinstance(v, int | float) and not isinstance(v, bool)


BAD_NUMBER_TEXT = st.one_of(
    st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False).map(repr),         # negative
    st.floats(min_value=1e7, max_value=1e300).map(lambda x: f"{x:.6e}"),                    # absurd
    st.sampled_from([".nan", ".inf", "-.inf", ".NaN", "1.0e+400", "-1.0e+400", "true", "false", "~", "null",
                     "[1, 2]", "{a: 1}", "&a [*a]", "*x", "!!python/object/apply:os.system [true]", "!!binary AAAA",
                     "[" * 5000, "{a: " * 100 + "1" + "}" * 100, "'", '"', "abc", "1,5", "€ 10", "10 euro", "0x",
                     "1e6", "12%%", "abc%", "%", "-5%", "1e400%"]),
    st.text(max_size=30).filter(lambda s: not _is_number_text(s) and not s.strip().endswith("%")),
)


BAD_SETS = ["no_equals", "empty_path", "unknown_path", "near_miss", "product", "value", "share", "name"]


@st.composite
def bad_set(draw, what: str | None = None):
    """A --set argument that must be refused, and a fragment the message must contain."""
    what = what or draw(st.sampled_from(BAD_SETS))
    if what == "no_equals":
        text = draw(st.text(max_size=30).filter(lambda s: "=" not in s))
        return text, "--set"
    if what == "empty_path":
        return " " * draw(st.integers(0, 3)) + "=" + draw(st.text(max_size=10)), "--set"
    if what == "unknown_path":
        path = draw(st.text(min_size=1, max_size=40).filter(lambda s: "=" not in s and s.strip() not in ALL_PATHS
                                                             and s.strip()))
        return f"{path}=1", "unknown parameter path"
    if what == "near_miss":
        path = draw(st.sampled_from(sorted(ALL_PATHS)))
        i = draw(st.integers(0, len(path) - 1))
        new = path[:i] + draw(st.sampled_from(["_", "x", "", "..", "Z"])) + path[i + 1:]
        assume(new.strip() not in ALL_PATHS and "=" not in new and new.strip() and not new.endswith("."))
        assume(not re.fullmatch(r"products\.[^.]+\.functiemix\.[^.]+", new))   # a new level share: other rule
        return f"{new}=1", "unknown parameter path"
    if what == "product":
        code = draw(st.text(min_size=1, max_size=8).filter(
            lambda c: c not in DATA["functiemix"]["products"] and "=" not in c and "." not in c))
        field = draw(st.sampled_from(["tariff", "functiemix.MBO4", "caos", "staffing.hours"]))
        return f"products.{code}.{field}=1", "unknown parameter path"
    if what == "value":
        path = draw(st.sampled_from(NUMERIC_PATHS))
        value = draw(BAD_NUMBER_TEXT)
        assume("\x00" not in value)
        return f"{path}={value}", "--set"
    if what == "share":
        path = draw(st.sampled_from(SHARE_PATHS))
        value = draw(st.one_of(st.floats(1.0001, 1e6).map(repr), st.floats(100.01, 1e6).map(lambda x: f"{x}%")))
        return f"{path}={value}", "--set"
    path = draw(st.sampled_from(NAME_PATHS))
    return f"{path}={draw(UNKNOWN.filter(lambda s: '%' not in s and not _is_number_text(s)))}", "--set"


@pytest.mark.parametrize("kind", BAD_SETS)
@given(data=st.data(), command=st.sampled_from(["compute", "params", "verify", "validate", "explain"]))
@fuzz_settings(12, 1900)
def test_fuzz_bad_set_gives_one_line(workdir, kind, data, command):
    arg, fragment = data.draw(bad_set(kind))
    out = workdir / "out.txt"
    extra = ["45B50"] if command == "explain" else []
    if command == "validate":
        r = cli(command, "--set", arg, test="set")
        # a bad value is a problem that validate lists (exit 1); an override it cannot parse is a usage
        # error, one line on stderr (exit 2)
        assert "Traceback" not in r.err + r.out, (arg, r.err)
        assert (r.code, bool(r.err)) in ((1, False), (2, True)), (arg, r.code, r.err, r.out[-300:])
        return
    r = cli(command, *extra, "--set", arg, "--output", str(out), test="set")
    assert_one_line_error(r, fragment)
    assert_no_output(workdir, out)


@given(region=st.text(max_size=30).filter(lambda s: s not in {"nob-2021", "midden-limburg-2026"}),
       command=st.sampled_from(["compute", "params", "verify", "validate", "explain"]))
@fuzz_settings(20, 2000)
def test_fuzz_bad_region_gives_one_line(workdir, region, command):
    extra = ["45B50"] if command == "explain" else []
    r = cli(command, *extra, "--region", region, test="region")
    assert_one_line_error(r, "--region")


@given(code=st.text(max_size=20).filter(lambda c: c not in DATA["functiemix"]["products"]))
@fuzz_settings(30, 3000)
def test_fuzz_unknown_product_code_gives_one_line(code):
    assume(not code.startswith("-"))
    r = cli("explain", code, test="product")
    assert_one_line_error(r, "unknown product code")


@given(year=st.one_of(st.integers(-10**6, 2020 - 1), st.integers(2101, 10**9)),
       ova=st.lists(st.one_of(
           st.text(max_size=12).filter(lambda s: "=" not in s),
           st.tuples(st.text(min_size=1, max_size=6).filter(lambda s: not s.strip().isdigit() and "=" not in s),
                     st.floats(0, 10)).map(lambda t: f"{t[0]}={t[1]}"),
           st.tuples(st.integers(2021, 2030), st.text(min_size=1, max_size=6).filter(
               lambda s: not _is_number_text(s.strip().rstrip("%")))).map(lambda t: f"{t[0]}={t[1]}")),
           max_size=2))
@fuzz_settings(30, 3000)
def test_fuzz_bad_years_and_percentages_give_one_line(workdir, year, ova):
    out = workdir / "index.csv"
    args = ["index", "--to", str(year), "--format", "csv", "--output", str(out)]
    for v in ova:
        args += ["--ova", v]
    r = cli(*args, test="index")
    assert_one_line_error(r)
    assert any(opt in r.err for opt in ("--to", "--ova")), r.err
    assert_no_output(workdir, out)


def _unwritable(workdir: Path, what: str, name: str) -> Path:
    if what == "no_dir":
        return workdir / "no" / "such" / name
    if what == "is_dir":
        d = workdir / f"dir-{len(name)}"
        d.mkdir(exist_ok=True)
        return d
    if what == "parent_is_file":
        f = workdir / "a-file"
        f.write_text("x")
        return f / name
    return workdir / (name * (300 // max(1, len(name)) + 1))   # too_long


@pytest.mark.parametrize("what", ["no_dir", "is_dir", "parent_is_file", "too_long"])
@given(name=st.text(alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                    min_size=1, max_size=20).filter(lambda s: s not in (".", "..")),
       command=st.sampled_from([("compute", "-f", "json"), ("compute", "-f", "csv"), ("compute",),
                                ("params",), ("verify",), ("validate",), ("explain", "45B50")]))
@fuzz_settings(10, 1250)
def test_fuzz_unwritable_output_gives_one_line_and_no_file(workdir, what, name, command):
    target = _unwritable(workdir, what, name)
    try:
        existed = target.exists()
    except OSError:          # a name too long to even look up
        existed = False
    r = cli(*command, "--output", str(target), test="output")
    assert_one_line_error(r, "--output")
    if target.parent.is_dir():
        assert_no_output(target.parent, target, existed)


def test_usage_errors_are_typer_s_own_but_never_a_traceback():
    """An option value of the wrong type or choice is refused by Typer (exit 2, its usage box)."""
    for args in (["compute", "--format", "xml"], ["index", "--to", "abc"], ["compute", "--no-such-option"],
                 ["nosuchcommand"]):
        r = cli(*args, test="usage")
        assert r.code == 2 and "Traceback" not in r.err and r.out == "", (args, r.err)


@pytest.mark.parametrize(("scenario", "expect"), [
    (b"", "file is empty"),
    (b"name: x\n", "missing key"),
    (b"name: x\ndescription: y\noverrides:\n  - {path: opslagen.overhead, value: 0.3}\n", "source"),
    (b"name: x\ndescription: y\noverrides:\n  - {path: opslagen.overhed, value: 0.3, source: s}\n",
     "unknown parameter path"),
    (b"name: x\ndescription: y\noverrides:\n  - {path: opslagen.overhead, value: 35, source: s}\n",
     "less than or equal to 1"),
    (b"name: x\nname: y\n", "duplicate key"),
    (b"\xff\xfe", "not valid UTF-8"),
    (b"- a\n", "valid dictionary"),
])
def test_bad_scenario_files(workdir, scenario, expect):
    f = workdir / "scenario.yaml"
    f.write_bytes(scenario)
    out = workdir / "scen-out.json"
    r = cli("compute", "--scenario", str(f), "--format", "json", "--output", str(out), test="scenario")
    assert_one_line_error(r, expect)
    assert_no_output(workdir, out)
    r = cli("compute", "--scenario", str(workdir / "missing.yaml"), test="scenario")
    assert_one_line_error(r, "missing.yaml", "not found")


def test_params_that_is_no_directory(workdir):
    f = workdir / "plain-file"
    f.write_text("x")
    for target in (f, workdir / "nowhere"):
        r = cli("compute", "--params", str(target), test="params")
        assert_one_line_error(r, "--params", str(target))
    with param_dir(workdir, {k: None for k in FILES}) as d:
        r = cli("compute", "--params", str(d), test="params")
        assert_one_line_error(r, "file not found", "2 more")


# ---------------------------------------------------------------------------------------------------
# kostprijs validate
def test_validate_a_clean_set_exits_0_with_a_summary():
    r = cli("validate", test="validate-unit")
    assert r.code == 0 and r.err == ""
    assert r.out.startswith("nob-2021: in orde, geen problemen (3 bestanden,") and "producten" in r.out


def test_validate_lists_every_problem_with_file_line_and_key(workdir):
    op = TEXT["opslagen"].replace("  overhead:\n    value: 0.35", "  overhead:\n    value: 35", 1)
    fm = (TEXT["functiemix"].replace("value: {MBO4: 0.9, HBO: 0.1}", "value: {MBO4: 0.9, HBO: 0.099}", 1)
          .replace('value: "ambulant_ggz"', 'value: "ambulant_xyz"', 1))
    fm_data = yaml.safe_load(fm)
    broken_code = next(c for c, p in fm_data["products"].items() if p["basis"] == "fixed")
    fm = fm.replace(f'"{broken_code}":\n', f'"{broken_code}":\n    colour: red\n', 1)
    with param_dir(workdir, {"opslagen": op.encode(), "functiemix": fm.encode()}) as d:
        r = cli("validate", "--params", str(d), test="validate-unit")
        assert r.code == 1 and r.err == "", r.err
        lines = r.out.splitlines()
        expected = [
            (f"{d / 'opslagen.yaml'}:", "opslagen.overhead.value: Input should be less than or equal to 1"),
            (f"{d / 'functiemix.yaml'}:", f"products.{broken_code}.colour: unknown key"),
        ]
        for (where, what), key in zip(expected[:2], ("value", "colour"), strict=True):
            line = next((ln for ln in lines if what in ln), None)
            assert line is not None and line.startswith(where), (what, r.out)
            number = int(line[len(where):].split(":")[0])
            text = Path(where.rstrip(":")).read_text().splitlines()
            assert key in text[number - 1], (number, text[number - 1])
        # functiemix.yaml has a shape error in one product and opslagen.yaml one too: the cross-file rules
        # still run, with the broken values set aside, and find the other products' problems (issue 12)
        assert "not run" not in r.out and lines[-1].startswith(f"{d.name}: ")
        assert "functiemix sums to 99.9%, not 100%" in r.out and "ambulant_xyz" in r.out, r.out
        fixed_op = op.replace("    value: 35", "    value: 0.35", 1)
        (d / "opslagen.yaml").write_text(fixed_op)
        r = cli("validate", "--params", str(d), "--format", "json", test="validate-unit")
        import json

        report = json.loads(r.out)
        problems = {p["problem"].split(" (")[0] for p in report["problems"]}
        assert r.code == 1 and report["summary"]["ok"] is False
        assert {"unknown key", "functiemix sums to 99.9%, not 100%"} <= problems
        assert any("ambulant_xyz" in p for p in problems), problems
        assert all(p["line"] for p in report["problems"])


def test_validate_checks_overrides_too():
    r = cli("validate", "--set", "opslagen.overhead=35%", test="validate-unit")
    assert r.code == 0, r.out
    r = cli("validate", "--set", "products.45B50.functiemix.MBO4=0.8", test="validate-unit")
    assert r.code == 1 and "functiemix sums to 90%" in r.out and "--set products.45B50.functiemix.MBO4=0.8" in r.out


def test_validate_unknown_region_is_one_line():
    assert_one_line_error(cli("validate", "--region", "atlantis", test="validate-unit"), "--region atlantis")
