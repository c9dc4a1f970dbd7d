"""A region's own parameter set as files: an editable copy of a shipped set (`kostprijs init`), the YAML
of a set read from a workbook (`kostprijs convert invoer.xlsx --to DIR`), and the raw data a workbook is
written from (`kostprijs template`, `kostprijs convert DIR --to invoer.xlsx`).

Every set written is validated by reading it back: a set that would not load is not left behind.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kostprijs.errors import KostprijsError
from kostprijs.parameters.load import FILES, RawSet, Source, read_set, resolve

#: what to change first, per file (the header written above the copy; Dutch, like everything a person reads)
HEADERS = {
    "cao_scales": ["Salarisschalen per cao (maandbedragen, voltijd): tabellen met datum, verhogingen, afronding.",
                   "Pas eerst aan: de hoogste trede (top) van elke schaal die je producten gebruiken, in de tabel",
                   "die geldt op salary_date (opslagen.yaml); en van elk bedrag dat je wijzigt de bron en status."],
    "opslagen": ["Opslagen, ORT, productiviteit, voorzieningen, kalender, Tabel 1 (niveau -> schaal), afronding.",
                 "Pas eerst aan: set en title (en `set:` in de andere twee bestanden), valid_from, prijspeil,",
                 "salary_date; dan opslagen, ort en productiviteit; geef elke gewijzigde waarde haar bron."],
    "functiemix": ["Producten: code, eenheid, basis, functiemix (aandelen per niveau, samen 100%), cao's, inzet.",
                   "Pas eerst aan: je productcodes en -namen, eenheden, de functiemix en personeelsinzet van elk",
                   "product; een product buiten het model is basis: fixed (met zijn tarief) of not_derivable."],
}
EXTRA_FILES = ("indexatie.yaml", "premies.yaml")


def _refuse_non_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise KostprijsError(f"{target}: exists and is not a directory")
    if target.is_dir() and any(target.iterdir()):
        raise KostprijsError(f"{target}: directory is not empty; give a new or empty directory")


def _header(key: str, origin: str) -> str:
    lines = [f"kostprijs-parameterset: {FILES[key]}, gekopieerd uit {origin} door `kostprijs init`.", *HEADERS[key],
             "Controleer met: kostprijs validate --params <deze map>", ""]
    return "".join(f"# {line}\n".replace("# \n", "#\n") for line in lines)


_SET_LINE = re.compile(r"^set:[^\n]*$", re.M)


def init_set(target: Path, region: str | None) -> tuple[Source, list[str]]:
    """Copy the shipped set ``region`` into the new or empty directory ``target`` (files taken from another
    set included, their ``set:`` made the set's own), with a header per file; validate the copy. Returns the
    new set's source and the files written."""
    _refuse_non_empty(target)
    origin = resolve(region, None)
    raw = read_set(origin)
    own = raw.data["opslagen"].get("set")
    texts = {}
    for key in FILES:
        text = origin.path(key).read_text(encoding="utf-8")
        if raw.data[key].get("set") != own and own is not None:
            text = _SET_LINE.sub(f"set: {own}", text, count=1)
        texts[FILES[key]] = _header(key, origin.name) + text
    extras = [origin.directory / name for name in EXTRA_FILES if (origin.directory / name).is_file()]
    return _write_dir(target, texts, extras)


def _write_dir(target: Path, texts: dict[str, str], extras: list[Path] = ()) -> tuple[Source, list[str]]:
    """Write the files into a temporary directory beside ``target``, validate, then move them in: a set that
    does not validate leaves nothing behind."""
    from kostprijs.parameters.compile import compile_files

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, text in texts.items():
            (tmp / name).write_text(text, encoding="utf-8")
        for path in extras:
            shutil.copyfile(path, tmp / path.name)
        compile_files(Source(target.name, tmp, None))
        target.mkdir(exist_ok=True)
        names = []
        for path in sorted(tmp.iterdir()):
            path.replace(target / path.name)
            names.append(path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Source(target.name, target, None), names


# --- YAML ----------------------------------------------------------------------------------------------
def _dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def represent_dict(dumper, data):
        flow = "value" in data and not any(isinstance(v, dict | list) for v in data.values())
        return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)

    def represent_list(dumper, data):
        flow = all(not isinstance(v, dict | list) for v in data) and len(data) <= 12
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    Dumper.add_representer(dict, represent_dict)
    Dumper.add_representer(list, represent_list)
    Dumper.ignore_aliases = lambda self, data: True
    return Dumper


def to_yaml(data: dict[str, Any], header: str = "") -> str:
    """One parameter file as YAML (records on one line, as the shipped files write them)."""
    import yaml

    body = yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=120,
                     default_flow_style=False)
    return header + body


def write_yaml_set(raw: RawSet, target: Path, origin: str) -> tuple[Source, list[str]]:
    """The three files of ``raw`` (a set read from a workbook) into the new or empty directory ``target``."""
    _refuse_non_empty(target)
    stamp = dt.date.today().isoformat()
    texts = {FILES[key]: to_yaml(raw.data[key], f"# {FILES[key]}: omgezet uit {origin} door `kostprijs "
                                                 f"convert` ({stamp}).\n# {HEADERS[key][0]}\n")
             for key in FILES}
    # the files a workbook does not hold but a set may use (premies.yaml), when they lie beside it
    beside = Path(raw.paths.get("opslagen", origin)).parent
    extras = [beside / name for name in EXTRA_FILES if (beside / name).is_file()]
    return _write_dir(target, texts, extras)


def workbook_data(source: Source) -> tuple[dict[str, dict], Any]:
    """The raw data of a set (validated: a set that does not load is not written) and its compiled set;
    files taken from another set get the set's own ``set:``."""
    from kostprijs.parameters.compile import build

    raw = read_set(source)
    pset = build(source, raw)
    own = raw.data["opslagen"].get("set")
    data = {key: dict(raw.data[key]) for key in FILES}
    for key in FILES:
        if "set" in data[key] and own is not None:
            data[key]["set"] = own
    return data, pset
