"""The Typer app: explicit command registration, one error type turned into a friendly exit.

Each command is a few lines in :mod:`kostprijs.cli.commands` (options -> analysis -> render); heavy modules
(numpy, pydantic, rich tables) are imported inside the commands. Only the invoked command's module is
imported (``--help`` without a command imports them all).

Exit codes: 0 success; 1 a check found differences (``verify``, ``check`` with tariffs below the model,
``validate`` with problems); 2 bad input or usage; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import copy
import importlib
import sys
import typing
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from kostprijs.errors import KostprijsError

EXIT_CODES = ("Exitcodes: 0 gelukt; 1 een controle vond verschillen (verify, check met tarieven onder het "
              "model, validate met problemen); 2 foute invoer of aanroep; 130 afgebroken (Ctrl-C).")

# The commands, in the order `kostprijs --help` lists them: (name, module in kostprijs.cli.commands).
COMMANDS: tuple[str, ...] = (
    "compute", "params", "verify", "explain", "compare", "diff", "index", "sensitivity", "check", "implied",
    "report", "cao", "regions", "validate", "init", "template", "convert",
)

#: The words Typer and click put around our own (Dutch) help texts. Typer keeps them as module constants
#: of typer.rich_utils (made for this: gettext-marked defaults) and click names the help option and the
#: usage line through the command class; both set here, only when a help text is drawn (importing
#: rich_utils costs start-up time).
HELP_WORDS = {
    "OPTIONS_PANEL_TITLE": "Opties", "ARGUMENTS_PANEL_TITLE": "Argumenten", "COMMANDS_PANEL_TITLE": "Opdrachten",
    "ERRORS_PANEL_TITLE": "Fout", "DEFAULT_STRING": "[standaard: {}]", "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]", "DEPRECATED_STRING": "(verouderd) ", "ABORTED_TEXT": "Afgebroken.",
}
HELP_OPTION = "Toon deze hulp en stop."
USAGE = "Gebruik: "
OPTIONS_METAVAR = "[OPTIES]"


class _DutchHelp:
    """The help of a command or of the app in Dutch: panel titles, [standaard: ...], the --help option, the
    usage line."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
            option.metavar = " "
        return option

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE)

    def format_help(self, ctx, formatter) -> None:
        from typer import rich_utils

        for name, text in HELP_WORDS.items():
            setattr(rich_utils, name, text)
        for param in getattr(self, "params", ()):
            if param.metavar is None and param.param_type_name == "option":
                param.metavar = _metavar(param)
        return super().format_help(ctx, formatter)


def _metavar(param) -> str | None:
    """A Dutch placeholder for an option that names none of its own (Typer shows its type: <path>, <str>,
    <bool>); None keeps Typer's (a list of choices such as <table|csv|json>, or what is not known here)."""
    if getattr(param, "is_flag", False):
        return " "           # a flag takes no value
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if typing.get_origin(annotation) is list:
        (annotation,) = typing.get_args(annotation) or (None,)
    return {Path: "PAD", str: "TEKST", int: "GETAL", float: "GETAL", datetime: "DATUM"}.get(annotation)


class DutchCommand(_DutchHelp, TyperCommand):
    pass


class DutchGroup(_DutchHelp, TyperGroup):
    pass


app = typer.Typer(
    name="kostprijs",
    cls=DutchGroup,
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
    options_metavar=OPTIONS_METAVAR,
    help="Narekenbare tarieven voor de jeugdhulp (kostprijsmodel Jeugdwet).\n\n" + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _State:
    debug = False


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Toon bij een fout de traceback.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Laat --output een alleen-lezen bestand vervangen (een invoerbestand van de run "
                        "nooit).")] = False,
) -> None:
    """kostprijs maakt van een parameterset met bronnen een tarievenlijst die iedereen kan narekenen."""
    _State.debug = debug
    if force:
        from kostprijs.presentation.writers import allow_read_only_targets

        allow_read_only_targets(True)


_REGISTERED: dict[str, typer.Typer] = {}


def register(name: str) -> None:
    """Import one command module and register its function of the same name (once)."""
    if any((c.name == name) for c in app.registered_commands):
        return
    module = importlib.import_module(f"kostprijs.cli.commands.{name}")
    app.command(name=name, cls=DutchCommand, options_metavar=OPTIONS_METAVAR)(getattr(module, name))


def register_all() -> typer.Typer:
    for name in COMMANDS:
        register(name)
    return app


def _click_exceptions():
    """Typer >= 0.22 vendors click as typer._click; older versions use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions
    return exceptions


_SINGLE: dict[str, typer.Typer] = {}


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name (``kostprijs compute ...``), else the whole app.

    Typer builds the click parameters of every registered command from its signature before parsing
    (~80 ms for all commands, ~3 ms for one): half of what ``compute`` spent beyond the floor of a bare
    Typer app. The root options are flags only, so the first argument not starting with '-' is the
    command; the one-command app keeps the root callback, so it is still a group with the same usage,
    help and errors. Kept per name, so that a test that caches ``typer.main.get_command`` still can.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    if name not in COMMANDS:
        return register_all()
    if name not in _SINGLE:
        register(name)
        chosen = [c for c in app.registered_commands if c.name == name]
        single = copy.copy(app)
        single.registered_commands = chosen
        _SINGLE[name] = single
    return _SINGLE[name]


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every error is one line on stderr with exit code 2 (usage errors too);
    ``--debug`` (a parsed root option) shows the traceback of our own errors; Ctrl-C exits 130 without a
    traceback. Anything else is a bug and keeps its traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    _State.debug = False
    try:
        # a fresh run (also one of several in the same process, as in the tests): no --force, no inputs
        # read yet. Inside a Ctrl-C guard: an interrupt while these modules load is still one line.
        from kostprijs.language import set_language
        from kostprijs.parameters.inputs import forget_inputs
        from kostprijs.presentation import writers

        writers.allow_read_only_targets(False)
        forget_inputs()
        set_language("nl")      # Dutch unless this run's --lang (or KOSTPRIJS_LANG) says otherwise
        exc = _click_exceptions()
    except KeyboardInterrupt:
        sys.stderr.write("kostprijs: interrupted\n")
        sys.exit(130)
    try:
        command = typer.main.get_command(_app_for(args))
        result = command.main(args=args, prog_name="kostprijs", standalone_mode=False)
    except KostprijsError as err:
        if _State.debug:
            raise
        sys.stderr.write(f"kostprijs: error: {err}\n")
        sys.exit(2)
    except exc.ClickException as err:
        ctx = getattr(err, "ctx", None)
        where = getattr(ctx, "command_path", "kostprijs")
        message = " ".join(err.format_message().split())
        if not message and ctx is not None:   # no arguments: the help, as a newcomer expects
            sys.stdout.write(ctx.get_help() + "\n")
            sys.exit(err.exit_code)
        sys.stderr.write(f"kostprijs: error: {where}: {message} (see `{where} --help`)\n")
        sys.exit(err.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("kostprijs: interrupted\n")
        sys.exit(130)
    finally:
        set_language("nl")      # the run's --lang ends with the run (a library call after it is Dutch again)
    if result == 130:   # typer turns a Ctrl-C inside a command into exit code 130, without a word
        sys.stderr.write("kostprijs: interrupted\n")
    sys.exit(result if isinstance(result, int) else 0)
