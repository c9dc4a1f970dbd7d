"""A cache of compiled parameter sets that cannot serve stale data.

Most of the start-up of ``kostprijs compute`` went into parsing YAML and building the pydantic schema
of the files, the same work on every run. A compiled :class:`~kostprijs.parameters.compile.ParameterSet`
is therefore kept, pickled, under a key that is the sha256 of everything it was made from:

* the bytes of every input file (cao_scales, opslagen, functiemix, inherited ones included, and the
  set's premies.yaml when it has one), read once:
  the bytes hashed are the bytes parsed, so an edit during a run cannot end up under the old key;
* the :class:`~kostprijs.parameters.load.Source` (name, directory, published list, inherited files) and
  the overrides (``--set``, a scenario), by their ``repr``;
* the code that compiled it: the package version and a stamp of every module of the package (path,
  size and modification time: what Python itself checks before reusing a module's bytecode), the
  Python and numpy versions and the pickle format.

An entry is never updated: a change of any of these is another key, so an entry is found or not.
``regions.yaml``, parsed on every run to resolve ``--region``, is kept the same way by its content
(:func:`read_yaml`), and so is nothing else.

The entries live in ``$XDG_CACHE_HOME/kostprijs`` (else ``~/.cache/kostprijs``), at most
:data:`MAX_ENTRIES` of them; ``KOSTPRIJS_CACHE=off`` turns the cache off. Entries are written atomically
(a temporary file renamed over the entry). A cache that cannot be written, an entry that cannot be read
(truncated, corrupt, of another format) or a directory that other users can write to (an entry is a
pickle, which can run code) is silently passed by: the set is then read and compiled as without a cache.

A set served from the cache carries its file models (``pset.models``, pydantic) as a
:class:`DeferredModels`: validated again from the raw data on first use, because importing the schema
alone costs more than the rest of ``compute``.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

#: bump when the layout of an entry changes
FORMAT = 1
MAX_ENTRIES = 64
#: input files larger than this are not cached (the reader refuses files of more than 1 MB anyway)
MAX_INPUT_BYTES = 4_000_000
#: a temporary file this old is left over by a process that died while writing it
STALE_TMP_SECONDS = 600
OFF = frozenset({"off", "0", "no", "false"})


def enabled() -> bool:
    return os.environ.get("KOSTPRIJS_CACHE", "").strip().lower() not in OFF


def directory() -> Path | None:
    """``$XDG_CACHE_HOME/kostprijs``, else ``~/.cache/kostprijs``; None without a home directory."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
        if not os.path.isabs(base):
            return None
    return Path(base) / "kostprijs"


class DeferredModels(Mapping):
    """``pset.models`` of a set served from the cache: the validated file models, made on first use."""

    def __init__(self, raw):
        self._raw = raw
        self._models: dict[str, Any] | None = None

    def _all(self) -> dict[str, Any]:
        if self._models is None:
            from kostprijs.errors import ParamErrors
            from kostprijs.parameters.load import validate_shapes

            models, errors = validate_shapes(self._raw)
            if errors:  # the same raw data validated when the set was compiled
                raise ParamErrors(errors)
            self._models = models
        return self._models

    def __getitem__(self, key: str) -> Any:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __reduce__(self):
        return DeferredModels, (self._raw,)


def load(source, overrides: tuple, build: Callable[..., Any], *extra):
    """The compiled set of ``source`` with ``overrides``: from the cache, else
    ``build(source, overrides, contents, *extra)`` with the file bytes the key was made of (then stored).
    Without the cache (off, a file that is not an ordinary readable file): ``build(source, overrides)``.
    ``extra`` (a salary date) is part of the key, by its ``repr``.
    """
    if not enabled():
        return build(source, overrides, None, *extra)
    contents = {}
    for name, path in source.files().items():
        data = _read(path)
        if data is None:  # missing, unreadable, a pipe: the normal load says what is wrong
            return build(source, overrides, None, *extra)
        contents[name] = data
    premiums = premiums_path(source)
    if premiums is not None:   # premies.yaml (optional) feeds the sociale lasten of a set that uses it
        data = _read(premiums)
        if data is None:
            return build(source, overrides, None, *extra)
        contents["premies"] = data
    import numpy

    key = _key("set", (source, overrides, numpy.__version__, *extra), contents)
    pset = _fetch("set", key)
    if pset is not None:
        return pset
    pset = build(source, overrides, contents, *extra)
    try:
        stored = copy.copy(pset)
        stored.models = DeferredModels(pset.raw)  # pickled as the raw data it validates
    except Exception:  # a set that does not take the swap is not cached
        return pset
    _store("set", key, stored)
    return pset


def premiums_path(source) -> Path | None:
    """The set's premies.yaml, if it has one (:func:`kostprijs.parameters.premiums.beside`)."""
    from kostprijs.parameters.premiums import beside

    path = beside(source)
    return path if path.exists() else None


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """:func:`kostprijs.parameters.yamlio.read_yaml`, the parse kept by the file's content."""
    data = _read(path) if enabled() else None
    key = None if data is None else _key("yaml", (), {"file": data})
    parsed = None if key is None else _fetch("yaml", key)
    if parsed is not None:
        return parsed
    from kostprijs.parameters import yamlio  # imports yaml: only when parsing

    if key is None:
        return yamlio.read_yaml(path)
    parsed = yamlio.read_yaml(path, data)
    _store("yaml", key, parsed)
    return parsed


@functools.cache
def code_stamp() -> str:
    """The package version, Python and pickle format, and (path, size, mtime) of every module of the package."""
    import kostprijs

    h = hashlib.sha256(repr((FORMAT, kostprijs.__version__, sys.version, pickle.HIGHEST_PROTOCOL)).encode())
    root = os.path.dirname(os.path.abspath(kostprijs.__file__))
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                info = os.stat(path)
                h.update(f"{os.path.relpath(path, root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _key(kind: str, parts: tuple, contents: dict[str, bytes]) -> str:
    digests = [(name, hashlib.sha256(data).hexdigest()) for name, data in contents.items()]
    return hashlib.sha256(repr((kind, code_stamp(), parts, digests)).encode()).hexdigest()


def _read(path: Path) -> bytes | None:
    """The bytes of an ordinary file, or None: :func:`kostprijs.parameters.inputs.read_input` (opened
    without blocking, type and size checked after opening), its one-line refusal turned into None so that
    the readers behind the cache report it."""
    from kostprijs.errors import ParamError
    from kostprijs.parameters.inputs import read_input

    try:
        return read_input(path, MAX_INPUT_BYTES)
    except ParamError:
        return None


def _usable(create: bool) -> Path | None:
    """The cache directory if it is ours and only we can write to it (an entry is a pickle)."""
    folder = directory()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None
    return folder


def _fetch(kind: str, key: str) -> Any | None:
    folder = _usable(create=False)
    if folder is None:
        return None
    try:
        with open(folder / f"{kind}-{key}.pickle", "rb") as fh:
            fmt, stored_key, value = pickle.load(fh)
    except Exception:  # missing, truncated, corrupt or foreign: unpickling raises anything
        return None
    return value if fmt == FORMAT and stored_key == key else None


def _store(kind: str, key: str, value: Any) -> None:
    folder = _usable(create=True)
    if folder is None:
        return
    tmp = folder / f".{kind}-{key}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            pickle.dump((FORMAT, key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{kind}-{key}.pickle")
    except Exception:  # a full disk, a read-only cache, a value that does not pickle
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the newest :data:`MAX_ENTRIES` entries; remove temporary files of writers that died."""
    try:
        entries, now = [], time.time()
        for entry in os.scandir(folder):
            if entry.name.endswith(".pickle"):
                entries.append((entry.stat().st_mtime_ns, entry.path))
            elif entry.name.endswith(".tmp") and now - entry.stat().st_mtime > STALE_TMP_SECONDS:
                os.unlink(entry.path)
        for _, path in sorted(entries)[:-MAX_ENTRIES]:
            os.unlink(path)
    except OSError:
        pass
