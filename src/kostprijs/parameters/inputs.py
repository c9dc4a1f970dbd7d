"""The one reader of input bytes: every parameter, scenario, published and tariff file goes through it.

The file type and size are checked on the opened file before a byte is read: a directory, a pipe
(FIFO), a device such as /dev/zero, a socket or a file over the limit is refused with one line naming
the file, instead of blocking for ever or filling the memory. Opening does not block on a pipe
(``O_NONBLOCK``), so a pipe put where a file was expected never hangs a run.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kostprijs.errors import ParamError

#: every input file this process has read (real paths): an --output may not overwrite one of them
_READ: set[str] = set()


def note_input(path: Path | str) -> None:
    """Remember that ``path`` is an input of this run (the writers refuse to overwrite it)."""
    _READ.add(os.path.realpath(path))


def forget_inputs() -> None:
    """A new run starts (the command line calls this; a test running several commands in one process too)."""
    _READ.clear()


def inputs_read() -> frozenset[str]:
    """The real paths of every input file read so far by this process."""
    return frozenset(_READ)


_KINDS = ((stat.S_ISDIR, "is a directory"), (stat.S_ISFIFO, "is a pipe (FIFO)"),
          (stat.S_ISCHR, "is a device"), (stat.S_ISBLK, "is a device"), (stat.S_ISSOCK, "is a socket"))


def read_input(path: Path | str, limit: int, expected: str = "a file") -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``), else :class:`ParamError` in one line."""
    name = str(path)
    note_input(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ParamError(name, "", "file not found") from None
    except IsADirectoryError:
        raise ParamError(name, "", f"is a directory, expected {expected}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise ParamError(name, "", f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        info = os.fstat(fd)
        for test, what in _KINDS:
            if test(info.st_mode):
                raise ParamError(name, "", f"{what}, expected {expected}")
        if not stat.S_ISREG(info.st_mode):
            raise ParamError(name, "", f"not a regular file, expected {expected}")
        if info.st_size > limit:
            raise ParamError(name, "", f"file is {info.st_size} bytes; the limit is {limit}")
        chunks, size = [], 0
        while size <= limit:   # a file growing while read stops one byte over the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ParamError(name, "", f"file is more than {limit} bytes; the limit is {limit}")
        return b"".join(chunks)
    except OSError as exc:
        raise ParamError(name, "", f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
