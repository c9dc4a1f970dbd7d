"""The one exception type the CLI turns into a friendly one-line error (exit code 2)."""

from __future__ import annotations


class KostprijsError(Exception):
    """A user-facing error: bad input, a bad argument, an unwritable file.

    ``str(err)`` is the complete one-line message: line breaks that come from user input (a --region
    with a newline, a YAML key with one) are shown escaped, so that the message stays one line.
    """

    def __str__(self) -> str:
        return one_line(super().__str__())


_BREAKS = {c: repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: str) -> str:
    """``text`` with every character that str.splitlines() breaks on written as an escape."""
    return text.translate(str.maketrans(_BREAKS)) if any(c in text for c in _BREAKS) else text


class ParamError(KostprijsError):
    """A problem in a parameter file, located by file, key path and (if known) line."""

    def __init__(self, file: str, path: str, problem: str, line: int | None = None):
        self.file = file
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{file}:{line}" if line else file
        key = f" {path}:" if path else ""
        # no file: the problem is with an argument (a --set), which the problem names itself
        super().__init__(f"{where}:{key} {problem}" if where else f"{path + ': ' if path else ''}{problem}")


class ParamErrors(KostprijsError):
    """Several parameter problems at once (``kostprijs validate`` lists them all)."""

    def __init__(self, errors: list[ParamError]):
        self.errors = errors
        first = str(errors[0])
        more = f" (and {len(errors) - 1} more problem(s); run `kostprijs validate`)" if len(
            errors
        ) > 1 else ""
        super().__init__(first + more)
