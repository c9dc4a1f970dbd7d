"""CSV and JSON writers, and atomic output files.

Writing goes to a temporary file in the target directory, flushed to disk (fsync) and renamed over the
target only when complete: an error never leaves a partial file and never clobbers an existing one
half-way. The rules for ``--output`` targets (README, "Output files"):

* ``-`` is standard output;
* a symbolic link is written through: its target is replaced, the link stays;
* an input file of the same run (a parameter file, scenario, check file...) is never overwritten;
* a read-only file is not replaced unless ``kostprijs --force`` is given;
* a directory, or a file in a directory that does not exist, is refused.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from kostprijs.errors import KostprijsError
from kostprijs.presentation.money import decimal_text

#: a text cell starting with one of these is read as a formula by spreadsheet programs (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_PROFILES = {
    "nl": {"delimiter": ";", "comma": True, "bom": True},
    "intl": {"delimiter": ",", "comma": False, "bom": False},
}


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any, comma: bool, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):   # nl profile: for people ("ja"/"nee"); intl: the JSON words
        return ("ja" if value else "nee") if comma else ("true" if value else "false")
    if isinstance(value, float):
        return decimal_text(value, decimals if decimals is not None else 6, comma)
    text = str(value)
    if text[:1] in FORMULA_START:
        text = "'" + text  # neutralise formula injection in spreadsheet programs
    return text


def to_csv(rows: list[dict[str, Any]], columns: list[tuple[str, int | None]], profile: str = "nl") -> str:
    """``columns``: (key, decimals) pairs; floats get that many decimals (None: 6). The nl profile heads
    the columns in Dutch (:data:`kostprijs.language.HEADERS`, the README's table), intl with the keys."""
    from kostprijs.language import header

    prof = CSV_PROFILES[profile]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=prof["delimiter"], lineterminator="\r\n")
    writer.writerow([header(key) if prof["comma"] else key for key, _ in columns])
    for row in rows:
        writer.writerow([_cell(row.get(key), prof["comma"], dec) for key, dec in columns])
    return ("\ufeff" if prof["bom"] else "") + buf.getvalue()


#: `params --format csv`: the keys of :func:`kostprijs.analysis.tariffs.parameter_rows`, in order
PARAMETER_CSV_COLUMNS: list[tuple[str, int | None]] = [
    ("path", None), ("value", None), ("unit", None), ("since", None), ("status", None), ("source", None),
    ("file", None)]


def parameter_csv_rows(rows: list[dict[str, Any]], profile: str = "nl") -> list[dict[str, Any]]:
    """Parameter rows for :func:`to_csv`: a number with every digit it has (0.32, not 0,320000; a decimal
    comma in the nl profile), a list of names joined by ', ', a date as YYYY-MM-DD (as the JSON has it)."""
    comma = CSV_PROFILES[profile]["comma"]

    def value(v):
        if isinstance(v, float) and not isinstance(v, bool):
            text = repr(v)
            return text.replace(".", ",") if comma else text
        return ", ".join(map(str, v)) if isinstance(v, list) else v

    return [{**r, "value": value(r["value"]), "since": r["since"].isoformat() if r["since"] else None}
            for r in rows]


def write_atomic(path: Path, text: str) -> None:
    """Write text (UTF-8, newlines as given) atomically."""
    write_atomic_bytes(path, text.encode("utf-8"))


class _Options:
    force = False   # `kostprijs --force`: replace a read-only target


def allow_read_only_targets(force: bool) -> None:
    """``kostprijs --force``: an --output target that is read-only may be replaced."""
    _Options.force = force


def output_target(path: Path | str, option: str = "--output") -> Path:
    """The file an --output of ``path`` will replace, by the rules above (a one-line error otherwise)."""
    from kostprijs.parameters.inputs import inputs_read

    given = Path(path)
    try:   # a name too long for the file system: lstat raises OSError (found by tests/cli/test_fuzz.py)
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
    except OSError as exc:
        raise KostprijsError(f"{option} {given}: cannot write ({exc.strerror})") from None
    if os.path.realpath(target) in inputs_read():
        raise KostprijsError(f"{option} {given}: is an input of this run; refusing to overwrite it")
    try:
        info = target.stat()
    except OSError:
        return target
    if stat.S_ISREG(info.st_mode) and not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) \
            and not _Options.force:
        raise KostprijsError(f"{option} {given}: is read-only; not replaced (kostprijs --force replaces it)")
    return target


def write_atomic_bytes(path: Path, data: bytes | Callable[[BinaryIO], None], option: str = "--output") -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    The bytes go to a temporary file in the target's directory, flushed to disk and renamed over the
    target only when complete; any error (or Ctrl-C) on the way removes the temporary file and leaves
    an existing target untouched. ``-`` writes to standard output.
    """
    if str(path) == "-":
        if callable(data):
            buf = io.BytesIO()
            data(buf)
            data = buf.getvalue()
        out = getattr(sys.stdout, "buffer", None)
        if out is None:   # a text-only stdout (tests capturing it)
            sys.stdout.write(data.decode("utf-8", errors="replace"))
        else:
            out.write(data)
            out.flush()
        return
    target = output_target(path, option)
    directory = target.parent if str(target.parent) else Path(".")
    try:  # a name too long for the file system raised OSError from is_dir() (found by tests/test_fuzz.py)
        no_directory, is_directory = not directory.is_dir(), target.is_dir()
    except OSError as exc:
        raise KostprijsError(f"{option} {target}: cannot write ({exc.strerror})") from None
    if no_directory:
        raise KostprijsError(f"{option} {target}: directory {directory} does not exist")
    if is_directory:
        raise KostprijsError(f"{option} {target}: is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise KostprijsError(f"{option} {target}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the user's usual mode
        os.replace(tmp, target)
        _sync_directory(directory)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise KostprijsError(f"{option} {target}: cannot write ({exc.strerror})") from None
        raise


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk too (best effort: not every platform can open a directory)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
