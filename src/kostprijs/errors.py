"""The one exception type the CLI turns into a friendly one-line error (exit code 2)."""

from __future__ import annotations


class KostprijsError(Exception):
    """A user-facing error: bad input, a bad argument, an unwritable file.

    ``str(err)`` is the complete one-line message.
    """


class ParamError(KostprijsError):
    """A problem in a parameter file, located by file, key path and (if known) line."""

    def __init__(self, file: str, path: str, problem: str, line: int | None = None):
        self.file = file
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{file}:{line}" if line else file
        key = f" {path}:" if path else ""
        super().__init__(f"{where}:{key} {problem}")


class ParamErrors(KostprijsError):
    """Several parameter problems at once (``kostprijs validate`` lists them all)."""

    def __init__(self, errors: list[ParamError]):
        self.errors = errors
        first = str(errors[0])
        more = f" (and {len(errors) - 1} more problem(s); run `kostprijs validate`)" if len(
            errors
        ) > 1 else ""
        super().__init__(first + more)
