"""Options and helpers shared by every command (declared once, as in fastapi-cli / nbpreview)."""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    """Format of the commands that also write workbooks (compute, compare)."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class CsvProfile(StrEnum):
    nl = "nl"
    intl = "intl"


SET_PANEL = "Parameterset"   # the help panel of the options that name the set (see set_options)
PARAMS_HELP = ("Map met een eigen cao_scales.yaml, opslagen.yaml en functiemix.yaml, of een invoerwerkmap "
               "(.xlsx, zie `kostprijs template`).")

RegionOpt = Annotated[str | None, typer.Option(
    "--region", "-r", metavar="NAAM", help="Parameterset op naam (standaard nob-2021).",
    rich_help_panel=SET_PANEL)]
ParamsOpt = Annotated[Path | None, typer.Option(
    "--params", metavar="MAP|XLSX", help=PARAMS_HELP, rich_help_panel=SET_PANEL)]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="BESTAND",
                              help="Schrijf naar BESTAND (atomair) in plaats van naar de terminal.")]
ProfileOpt = Annotated[
    CsvProfile, typer.Option("--csv-profile", help="nl: ';', decimale komma, Nederlandse kolomkoppen, UTF-8 "
                                                   "met BOM; intl: ',' en '.', de keys als kolomkoppen.")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", metavar="PAD=WAARDE",
    help="Wijzig een parameter: PAD=WAARDE (paden: `kostprijs params`; '35%' = 0.35). Herhaalbaar.",
    rich_help_panel=SET_PANEL)]
ScenarioOpt = Annotated[list[Path] | None, typer.Option(
    "--scenario", metavar="BESTAND",
    help="Een scenariobestand: benoemde wijzigingen, elk met een bron (zie examples/). Herhaalbaar: "
    "toegepast in de gegeven volgorde; twee bestanden die hetzelfde pad zetten is een fout.",
    rich_help_panel=SET_PANEL)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, csv of json.")]
ExportFormatOpt = Annotated[ExportFormat, typer.Option(
    "--format", "-f", help="table, csv, json of xlsx (een werkmap; vraagt --output BESTAND.xlsx).")]
PlotOpt = Annotated[Path | None, typer.Option(
    "--plot", metavar="BESTAND",
    help="Teken ook een figuur naar BESTAND (.png, .svg of .pdf); vraagt pip install 'kostprijs[plot]'.")]
SalaryDateOpt = Annotated[datetime | None, typer.Option(
    "--salary-date", formats=["%Y-%m-%d"], metavar="JJJJ-MM-DD",
    help="Neem de cao-tabellen op deze datum: per schaal de laatste tabel op of voor die datum, "
         "doorgetrokken met de cao-verhogingen daartussen (standaard: de salary_date van de set; zie "
         "`kostprijs cao`).", rich_help_panel=SET_PANEL)]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Behandel waarschuwingen (toegestane maar ongewone waarden, bv. overhead boven 50%) als fouten: "
                        "exit 2.", rich_help_panel=SET_PANEL)]
WideOpt = Annotated[bool, typer.Option(
    "--wide", help="Alle kolommen en volledige namen, ongeacht de breedte van de terminal.")]


# The figures of an index run (`index`, `explain --year`, `report --year`): YEAR=PCT, repeatable.
OvaOpt = Annotated[list[str] | None, typer.Option(
    "--ova", metavar="JAAR=PCT",
    help="OVA van een jaar in procent, JAAR=PCT (bv. 2026=3.5); telt als definitief. Herhaalbaar.")]
MaterieelOpt = Annotated[list[str] | None, typer.Option(
    "--materieel", metavar="JAAR=PCT",
    help="Materiële prijsindex (PPC) van een jaar, JAAR=PCT; definitief. Herhaalbaar.")]
NeaOpt = Annotated[list[str] | None, typer.Option(
    "--nea", metavar="JAAR=PCT", help="NEA-index (vervoer) van een jaar, JAAR=PCT; definitief. Herhaalbaar.")]

def _set_language(value: str) -> str:
    from kostprijs.presentation.i18n import set_language

    set_language(value)
    return value


class Lang(StrEnum):
    nl = "nl"
    en = "en"


LangOpt = Annotated[Lang, typer.Option(
    "--lang", envvar="KOSTPRIJS_LANG", callback=_set_language,
    help="Taal van tabellen en bijschriften: nl (standaard) of en.")]
TableOrJsonOpt = Annotated[TableOrJson, typer.Option("--format", "-f", help="table of json.")]

TariffsArg = Annotated[Path, typer.Argument(
    help="Gepubliceerde tarievenlijst: CSV met code, unit, tariff (of de Nederlandse kolomkoppen; "
    "optioneel product, tariff_micro, source), of de naam van een meegeleverde lijst (`kostprijs regions`, "
    "bv. centraal-gelderland-2020).",
    show_default=False)]
MapOpt = Annotated[Path | None, typer.Option(
    "--map", metavar="BESTAND", help="YAML die de codes van een andere regio koppelt aan de productcodes van de set: "
                   "{source, map: {CODE: {to}}}.")]
InProfileOpt = Annotated[CsvProfile | None, typer.Option(
    "--csv-profile", help="Profiel van TARIFFS.csv: nl (';', decimale komma) of intl (',', '.'); zonder deze optie "
    "herkend aan de kopregel. --format csv schrijft hetzelfde profiel.")]


@dataclass(frozen=True)
class SetSource:
    """What the options of :func:`set_options` say about the parameter set of one run, resolved once:
    the command loads its set (or index run, or check inputs) from it."""

    region: str | None = None
    params: Path | None = None
    sets: list[str] | None = None
    scenario: list[Path] | None = None
    salary_date: datetime | date | None = None
    strict: bool = False

    def overrides(self) -> tuple:
        return overrides_from(self.sets, self.scenario)

    def load(self):
        """The parameter set, as :func:`load_set`."""
        return load_set(self.region, self.params, self.sets, self.scenario, self.salary_date, self.strict)

    def index_run(self, to: int, ova=None, materieel=None, nea=None, method: str = "vng", to_option: str = "--to"):
        """The index run to ``to``, as :func:`load_index_run`."""
        return load_index_run(self.region, self.params, self.sets, self.scenario, to, ova, materieel, nea, method,
                              self.salary_date, to_option, self.strict)

    def check_inputs(self, tariffs: Path, mapping_path: Path | None, profile):
        """The inputs of `check` and `implied`, as :func:`load_check_inputs`."""
        return load_check_inputs(tariffs, self.region, self.params, self.sets, self.scenario, mapping_path, profile,
                                 self.salary_date, self.strict)


# The options of set_options, in the order --help lists them: (parameter, annotation, default).
_SET_OPTIONS = (("region", RegionOpt, None), ("params", ParamsOpt, None), ("sets", SetOpt, None),
                ("scenario", ScenarioOpt, None), ("salary_date", SalaryDateOpt, None), ("strict", StrictOpt, False))


def set_options(*, scenario: bool = True, salary_date: bool = True, params_help: str | None = None):
    """Decorator of a command that takes ``source: SetSource``: it gets the options that name the parameter
    set (--region, --params, --set, --scenario, --salary-date, --strict), declared here once and listed in
    their own help panel, and receives them as one :class:`SetSource`. ``scenario=False``: the command
    gives --scenario a meaning of its own (compare, report); ``salary_date=False``: it has no use for it;
    ``params_help``: another help text for --params (index: the folder also holds indexatie.yaml).

    Typer reads a command's options from its signature: the wrapper's signature is the command's own
    parameters (less ``source``) followed by these.
    """
    chosen = [o for o in _SET_OPTIONS if (scenario or o[0] != "scenario") and (salary_date or o[0] != "salary_date")]
    if params_help is not None:
        chosen = [("params", Annotated[Path | None, typer.Option("--params", metavar="MAP|XLSX", help=params_help,
                                                                  rich_help_panel=SET_PANEL)], None)
                  if name == "params" else (name, ann, default) for name, ann, default in chosen]
    names = [name for name, _, _ in chosen]

    def decorate(func):
        hints = typing.get_type_hints(func, include_extras=True)
        own = [p.replace(annotation=hints.get(p.name, p.annotation))
               for p in inspect.signature(func).parameters.values() if p.name != "source"]
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=default)
                 for name, ann, default in chosen]

        @functools.wraps(func)
        def command(**kwargs):
            source = SetSource(**{name: kwargs.pop(name) for name in names})
            return func(source=source, **kwargs)

        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + added
        command.__signature__ = inspect.Signature(params)
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command

    return decorate


def overrides_from(sets: list[str] | None, scenario: list[Path] | Path | None) -> tuple:
    """Scenario overrides first (every file, in order), then --set (so that --set wins)."""
    if not scenario and not sets:
        return ()
    from kostprijs.parameters.overrides import combine

    files = [scenario] if isinstance(scenario, Path | str) else list(scenario or [])
    return combine(files, sets or [])


def salary_date_of(value: datetime | date | None) -> date | None:
    """--salary-date as a date (Typer parses it as a datetime)."""
    return value.date() if isinstance(value, datetime) else value


def load_set(region: str | None, params: Path | None, sets: list[str] | None = None,
             scenario: list[Path] | Path | None = None, salary_date: datetime | date | None = None,
             strict: bool = False):
    """The parameter set named by the common options, with overrides applied, its CAO tables taken at
    ``salary_date`` if given. Its warnings (what the roll forward of the tables cannot follow, the
    unusual values of :mod:`kostprijs.parameters.sanity`) are warning lines; ``strict``: errors."""
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    pset = load(resolve(region, params), overrides_from(sets, scenario), salary_date_of(salary_date))
    warn(pset.warnings, strict)
    return pset


def warn(lines, strict: bool = False) -> None:
    """Warning lines on stderr (``kostprijs: warning: ...``); with --strict the first is an error (exit 2)."""
    lines = list(lines)
    if strict and lines:
        from kostprijs.errors import KostprijsError

        more = f" (and {len(lines) - 1} more warning(s))" if len(lines) > 1 else ""
        raise KostprijsError(f"{lines[0]}{more} (--strict: warnings are errors)")
    for line in lines:
        sys.stderr.write(f"kostprijs: warning: {line}\n")


def warn_sets(baseline, others=(), strict: bool = False, baseline_warned: bool = False) -> None:
    """The warnings of the sets one command loads (compare's and the report's scenarios) as in
    :func:`warn`, each line once: the baseline's (unless ``baseline_warned``: printed by the loader
    already), then each line of a scenario (``others``: (name, set) pairs) that the baseline does not
    have, naming the scenario."""
    lines = [] if baseline_warned else list(baseline.warnings)
    seen = set(baseline.warnings)
    for name, pset in others:
        for line in pset.warnings:
            if line not in seen:
                seen.add(line)
                lines.append(line if line.startswith(f"{name} ") else f"{name}: {line}")   # '--set' names itself
    warn(lines, strict)


def load_index_run(region, params, sets, scenario, to: int, ova=None, materieel=None, nea=None,
                   method: str = "vng", salary_date: datetime | date | None = None, to_option: str = "--to",
                   strict: bool = False):
    """The index run of `index` and `explain --year` (``to_option`` names the option in messages):
    overrides of ``indexatie.*`` go to the index file,
    the rest to the parameter set; --ova/--materieel/--nea are figures that count as definitief."""
    from kostprijs.analysis.index import run_index
    from kostprijs.parameters import indexation as ixp
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    figures = {name: ixp.parse_year_values(opt, values)
               for name, opt, values in (("ova", "--ova", ova), ("materieel", "--materieel", materieel),
                                         ("nea", "--nea", nea))}
    overrides = overrides_from(sets, scenario)
    idx_over = tuple(o for o in overrides if o.path.startswith("indexatie."))
    rest = tuple(o for o in overrides if not o.path.startswith("indexatie."))
    source = resolve(region, params)
    pset = load(source, rest, salary_date_of(salary_date))
    warn(pset.warnings, strict)
    ix = ixp.read(ixp.index_file(source, params is not None), idx_over)
    return run_index(pset, ix, to, figures, method, to_option)


def load_check_inputs(tariffs: Path, region, params, sets, scenario, mapping_path, profile, salary_date=None,
                      strict: bool = False):
    """The inputs of `check` and `implied`: parameter set, check file, mapping (validated against the set)
    and the matched lines."""
    from kostprijs.analysis.check import match_lines
    from kostprijs.parameters.tariff_files import check_mapping, read_mapping, read_tariff_file

    tfile = read_tariff_file(tariffs, profile.value if profile else None)
    mapping = read_mapping(mapping_path) if mapping_path is not None else None
    pset = load_set(region, params, sets, scenario, salary_date, strict)
    if mapping is not None:
        check_mapping(mapping, {p.code for p in pset.products}, pset.source.name)
    return pset, tfile, mapping, match_lines(tfile, pset, mapping)


def emit(text: str, output: Path | None) -> None:
    """Print, or write atomically to --output."""
    if output is None:
        sys.stdout.write(text)
        return
    from kostprijs.presentation.writers import write_atomic

    write_atomic(output, text)


def emit_json(data, output: Path | None, pset) -> None:
    """JSON output with its provenance (README, "Provenance in every output"): a list of rows gets the
    keys of :data:`~kostprijs.parameters.fingerprint.STAMP_COLUMNS` on every row; an object gets a key
    ``meta`` with :func:`~kostprijs.parameters.fingerprint.provenance`. ``pset``: the set the output was
    computed from, or a function of a row giving its set (compare); a dict {name: set} gives ``meta``
    per set (diff: a and b)."""
    from kostprijs.parameters.fingerprint import provenance, stamped
    from kostprijs.presentation.writers import to_json

    if isinstance(data, list):
        data = stamped(data, pset)
    elif isinstance(pset, dict):
        data = {**data, "meta": {name: provenance(p) for name, p in pset.items()}}
    else:
        data = {**data, "meta": provenance(pset)}
    emit(to_json(data), output)


def emit_csv(rows, columns, profile: str, output: Path | None, pset) -> None:
    """CSV output with the provenance columns at the end of every line (``pset`` as in :func:`emit_json`)."""
    from kostprijs.parameters.fingerprint import stamp_columns, stamped
    from kostprijs.presentation.writers import to_csv

    emit(to_csv(stamped(rows, pset), [*columns, *stamp_columns(pset)], profile), output)


def xlsx_output(output: Path | None) -> Path:
    """--format xlsx writes a binary workbook: only to a file."""
    if output is None:
        from kostprijs.errors import KostprijsError

        raise KostprijsError("--format xlsx writes a workbook: give --output FILE.xlsx")
    return output


def print_table(renderable, output: Path | None, wide: bool = False) -> None:
    """A rich renderable to the terminal, or as plain text to --output (160 columns). A table that fits
    itself (presentation.tables.FitTable) is rendered for the width: never with a figure cut."""
    import io

    from rich.console import Console

    width = Console().width if output is None else 160
    if hasattr(renderable, "render"):
        table = renderable.render(None if wide else width)
        width = max(width, renderable.needed)
        renderable = table
    elif wide:
        width = 1000
    if output is None:
        Console(highlight=False, width=width).print(renderable)
        return
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(renderable)
    emit(console.export_text(), output)
