"""The cache of compiled parameter sets: served only while every input is unchanged, never an error.

Each test has a cache directory of its own (``XDG_CACHE_HOME`` under tmp_path), never the user's. Whether
a set came from the cache shows in ``pset.models``: a served set validates its file models on first use
(:class:`~kostprijs.parameters.cache.DeferredModels`), a compiled one holds them as a dict.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest

import kostprijs
from kostprijs.analysis.tariffs import tariff_rows
from kostprijs.core.model import compute
from kostprijs.parameters import cache
from kostprijs.parameters import load as load_module
from kostprijs.parameters.compile import compile_files, load
from kostprijs.parameters.load import params_root, resolve
from kostprijs.parameters.overrides import parse_set


@pytest.fixture()
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("KOSTPRIJS_CACHE", raising=False)
    return home / "kostprijs"


@pytest.fixture()
def root_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the shipped parameter sets, resolved by --region like the real ones."""
    root = tmp_path / "params"
    shutil.copytree(params_root(), root)
    monkeypatch.setattr(load_module, "params_root", lambda: root)
    return root


def served(pset) -> bool:
    return isinstance(pset.models, cache.DeferredModels)


def entries(folder: Path, kind: str = "set") -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.pickle")) if folder.is_dir() else []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def tariffs(pset) -> dict[str, float | None]:
    return {r["code"]: r["tariff"] for r in tariff_rows(pset, compute(pset.arrays))}


def assert_same_set(a, b) -> None:
    """Two sets that give the same figures, rows, records and products."""
    ra, rb = compute(a.arrays), compute(b.arrays)
    for f in dataclasses.fields(ra):
        np.testing.assert_array_equal(getattr(ra, f.name), getattr(rb, f.name), err_msg=f.name)
    assert tariff_rows(a, ra) == tariff_rows(b, rb)
    assert a.records == b.records
    assert a.products == b.products
    assert (a.scales, a.levels, a.columns, a.source) == (b.scales, b.levels, b.columns, b.source)


def test_a_second_load_is_served_and_identical(cache_home):
    source = resolve(None, None)
    first = load(source)
    assert not served(first)
    assert len(entries(cache_home)) == 1
    second = load(source)
    assert served(second)
    assert_same_set(first, second)
    # the file models of a served set are there on first use, the same as compiled
    assert second.models["opslagen"] == first.models["opslagen"]
    assert dict(second.models) == first.models


def load_edit_load(source, path: Path, old: str, new: str):
    """Load ``source`` (then served from the cache), edit one file, load again: (before, after).
    The load after the edit must be compiled, equal an uncached load, and be served the next time."""
    before = load(source)
    assert served(load(source))
    edit(path, old, new)
    after = load(source)
    assert not served(after)
    assert_same_set(after, compile_files(source))
    assert served(load(source))
    return before, after


def test_editing_an_opslag_invalidates(cache_home, params_copy):
    before, after = load_edit_load(resolve(None, params_copy), params_copy / "opslagen.yaml",
                                   "overhead:\n    value: 0.35", "overhead:\n    value: 0.30")
    overhead = next(r for r in after.records if r.path == "opslagen.overhead")
    assert overhead.value == 0.30
    old, new = tariffs(before), tariffs(after)
    assert all(new[p.code] < old[p.code] for p in after.model_products)  # a lower overhead lowers them all


def test_editing_a_functiemix_share_invalidates(cache_home, params_copy):
    before, after = load_edit_load(resolve(None, params_copy), params_copy / "functiemix.yaml",
                                   "{HBO: 0.25, HBO+: 0.75}", "{HBO: 0.75, HBO+: 0.25}")
    share = next(r for r in after.records if r.path == "products.50B01.functiemix.HBO")
    assert share.value == 0.75
    old, new = tariffs(before), tariffs(after)
    assert new["50B01"] < old["50B01"]  # more of the cheaper HBO level
    assert {c: t for c, t in new.items() if c != "50B01"} == {c: t for c, t in old.items() if c != "50B01"}


def test_editing_an_inherited_file_invalidates(cache_home, root_copy):
    """Midden-Limburg takes cao_scales.yaml from nob-2021 (regions.yaml files:)."""
    source = resolve("midden-limburg-2026", None)
    assert dict(source.inherited)["cao_scales"] == root_copy / "cao_scales.yaml"
    before, after = load_edit_load(source, root_copy / "cao_scales.yaml",  # jeugdzorg scale 8
                                   "top: {value: 3211.06,", "top: {value: 3411.06,")
    old, new = tariffs(before), tariffs(after)
    changed = [c for c in new if new[c] != old[c]]
    assert changed and all(new[c] > old[c] for c in changed)


def test_editing_regions_yaml_changes_the_resolution(cache_home, root_copy):
    assert resolve("midden-limburg-2026", None).inherited
    assert len(entries(cache_home, "yaml")) == 1
    assert resolve("midden-limburg-2026", None).inherited  # served
    edit(root_copy / "regions.yaml", "    files: {cao_scales: nob-2021}", "    files: {}")
    source = resolve("midden-limburg-2026", None)
    assert source.inherited == ()
    assert len(entries(cache_home, "yaml")) == 2


def test_overrides_are_part_of_the_key(cache_home):
    source = resolve(None, None)
    low, high = (parse_set("opslagen.overhead=0.30"),), (parse_set("opslagen.overhead=0.40"),)
    a, b = load(source, low), load(source, high)
    assert not served(a) and not served(b)
    a2, b2 = load(source, low), load(source, high)
    assert served(a2) and served(b2)
    assert_same_set(a, a2)
    assert_same_set(b, b2)
    assert tariffs(a2) != tariffs(b2)


def test_another_package_version_invalidates(cache_home, monkeypatch):
    source = resolve(None, None)
    load(source)
    assert served(load(source))
    monkeypatch.setattr(kostprijs, "__version__", kostprijs.__version__ + ".post1")
    cache.code_stamp.cache_clear()
    try:
        assert not served(load(source))
        assert served(load(source))
        assert len(entries(cache_home)) == 2
    finally:
        monkeypatch.undo()
        cache.code_stamp.cache_clear()


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95", None],
                         ids=["empty", "text", "truncated", "foreign"])
def test_a_corrupt_entry_is_ignored(cache_home, garbage):
    source = resolve(None, None)
    reference = load(source)
    (entry,) = entries(cache_home)
    if garbage is None:  # a valid pickle of something else
        import pickle

        garbage = pickle.dumps((cache.FORMAT, "another key", "not a set"))
    entry.write_bytes(garbage)
    pset = load(source)
    assert not served(pset)
    assert_same_set(pset, reference)
    assert served(load(source))  # the entry was written again


def test_off_neither_reads_nor_writes(cache_home, monkeypatch):
    for value in ("off", "OFF", "0"):
        monkeypatch.setenv("KOSTPRIJS_CACHE", value)
        source = resolve(None, None)
        assert not served(load(source))
        assert not served(load(source))
    assert not cache_home.exists()
    monkeypatch.setenv("KOSTPRIJS_CACHE", "on")
    load(source)
    assert served(load(source))


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    source = resolve(None, None)
    reference = compile_files(source)
    for _ in range(2):
        pset = load(source)
        assert not served(pset)
        assert_same_set(pset, reference)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_directory_others_can_write_to_is_not_read(cache_home):
    source = resolve(None, None)
    load(source)
    cache_home.chmod(cache_home.stat().st_mode | stat.S_IWOTH)
    assert not served(load(source))


def test_at_most_max_entries_are_kept(cache_home, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    source = resolve(None, None)
    for i in range(5):
        load(source, (parse_set(f"opslagen.overhead=0.3{i}"),))
    assert len(entries(cache_home)) == 3
    assert served(load(source, (parse_set("opslagen.overhead=0.34"),)))  # the newest are kept


def test_the_cli_prints_the_same_with_and_without_cache(cache_home, monkeypatch, run):
    outputs = [run("compute", "--format", "csv") for _ in range(2)]
    monkeypatch.setenv("KOSTPRIJS_CACHE", "off")
    outputs.append(run("compute", "--format", "csv"))
    assert outputs[0][0] == 0
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(entries(cache_home)) == 1


def test_editing_premies_yaml_invalidates(cache_home, params_copy):
    """A set that takes its sociale lasten from premiums: premies.yaml's bytes are part of the key."""
    import shutil

    from kostprijs.parameters.load import params_root

    shutil.copy(params_root() / "premies.yaml", params_copy / "premies.yaml")
    edit(params_copy / "opslagen.yaml", "sociale_lasten_jaar:\n  value: flat", "sociale_lasten_jaar:\n  value: 2026")
    before, after = load_edit_load(resolve(None, params_copy), params_copy / "premies.yaml",
                                   "zvw: {value: 6.10,", "zvw: {value: 7.10,")
    assert after.premiums.year == 2026
    old, new = tariffs(before), tariffs(after)
    assert all(new[p.code] >= old[p.code] for p in after.model_products)   # one point more Zvw
    assert any(new[p.code] > old[p.code] for p in after.model_products)
