"""The command line: a thin Typer app over :mod:`kostprijs.analysis`.

:func:`main` imports the app only when called, inside its own Ctrl-C guard, so that an interrupt during
start-up exits 130 with one line instead of a traceback.
"""

import signal
import sys


class _Interrupt:
    seen = False


def _on_sigint(signum, frame):
    """Ctrl-C: remember it (an interrupt inside an import may surface as another exception, e.g. numpy's
    ``RuntimeError: Error calling __set_name__``), ignore a second one while the first unwinds (cleanup of
    temporary files still runs), and raise KeyboardInterrupt as Python's own handler does."""
    _Interrupt.seen = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _quiet_interrupts(hook):
    """``sys.unraisablehook`` that drops a KeyboardInterrupt: a Ctrl-C whose handler ran inside a callback
    Python cannot raise out of (a weakref or import-lock callback) is printed as "Exception ignored in: ...
    Traceback" and the run goes on; :func:`main` reports the interrupt itself. Anything else goes to ``hook``."""
    def quiet(unraisable):
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            hook(unraisable)
    return quiet


def _set_handler(handler):
    """Install ``handler`` for SIGINT; the previous one, or None where that is not possible (not the main
    thread, a platform without signals)."""
    try:
        return signal.signal(signal.SIGINT, handler)
    except (ValueError, OSError, AttributeError):
        return None


def main(argv=None) -> None:
    """Run the command line. ``argv`` None: the console script (or ``python -m kostprijs``), whose process
    ends with the command; then an interrupt while Python shuts down is ignored, instead of a traceback
    from the interpreter's own clean-up (tests, which pass ``argv``, get their handler back)."""
    _Interrupt.seen = False
    previous = _set_handler(_on_sigint)
    previous_hook, sys.unraisablehook = sys.unraisablehook, _quiet_interrupts(sys.unraisablehook)
    try:
        from kostprijs.cli.app import main as run

        run(argv)
    except SystemExit as done:
        if _Interrupt.seen and done.code != 130:    # an interrupt Python swallowed (see _quiet_interrupts)
            sys.stderr.write("kostprijs: interrupted\n")
            sys.exit(130)
        raise
    except BaseException:
        if not _Interrupt.seen:
            raise       # a bug: keeps its traceback
        sys.stderr.write("kostprijs: interrupted\n")
        sys.exit(130)
    finally:
        if argv is None:
            _set_handler(signal.SIG_IGN)
        else:
            sys.unraisablehook = previous_hook
            if previous is not None:
                _set_handler(previous)


__all__ = ["main"]
