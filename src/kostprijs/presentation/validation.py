"""The text of `kostprijs validate`: the problems, the checks and the summary line, in the run's language.

The problem lines themselves (``file:line: key: problem``) stay as the parameters layer words them, like
every ``kostprijs: error:`` line; what frames them (the state of each check, the summary) is Dutch by
default. The JSON keeps the English check names and states of
:class:`kostprijs.parameters.validate.Report` (machine interface).
"""

from __future__ import annotations

import re

from kostprijs.language import language, pick

#: the checks of a report (Report.stages keys), as a person reads them: (Dutch, English)
CHECKS = {
    "read": ("lezen", "read"),
    "schema": ("schema", "schema"),
    "cross-file rules": ("regels tussen de bestanden", "cross-file rules"),
    "overrides": ("wijzigingen (--set, --scenario)", "overrides"),
    "premiums": ("premies", "premiums"),
    "published list": ("gepubliceerde lijst", "published list"),
    "index series": ("indexreeksen", "index series"),
}

#: the states of a check (Report.stages values): English pattern -> Dutch, filled with the pattern's groups
STATES = (
    (r"ok", "in orde"),
    (r"problems", "problemen"),
    (r"none given", "niet gegeven"),
    (r"none beside the set", "geen naast de set"),
    (r"none beside the workbook", "geen naast de werkmap"),
    (r"not run: the set itself has problems", "niet uitgevoerd: de set zelf heeft problemen"),
    (r"not run: (?P<files>.+) could not be read or has schema problems \(listed above\)",
     "niet uitgevoerd: {files} kon niet gelezen worden of heeft schemaproblemen (hierboven)"),
    (r"not run: (?P<file>.+) is checked by `kostprijs check`", "niet uitgevoerd: {file} controleert `kostprijs check`"),
    (r"(?P<state>ok|problems) \(run with the (?P<n>\d+) value\(s\) listed above set aside\)",
     "{state} (uitgevoerd met de {n} hierboven genoemde waarde(n) opzij gezet)"),
)

#: the counts of a clean set (Report.counts keys): (Dutch, English)
COUNTS = {
    "files": ("bestanden", "files"),
    "parameters": ("parameters", "parameters"),
    "products": ("producten", "products"),
    "model products": ("modelproducten", "model products"),
    "published tariffs": ("gepubliceerde tarieven", "published tariffs"),
}


def check_name(name: str) -> str:
    return pick(*CHECKS[name]) if name in CHECKS else name


def check_state(state: str) -> str:
    """A check's state in the run's language (a state this table does not know as it is)."""
    if language() == "en":
        return state
    for pattern, dutch in STATES:
        if m := re.fullmatch(pattern, state):
            groups = m.groupdict()
            if "state" in groups:
                groups["state"] = check_state(groups["state"])
            return dutch.format(**groups)
    return state


def summary_line(report) -> str:
    """``nob-2021: in orde, geen problemen (3 bestanden, ...)`` / ``nob-2021: OK, no problems (3 files, ...)``,
    or ``mijnset: 2 problemen (...)`` with the checks that could not run."""
    name = report.source.name
    if report.ok:
        parts = [f"{v} {pick(*COUNTS[k]) if k in COUNTS else k}" for k, v in report.counts.items()]
        return f"{name}: {pick('in orde, geen problemen', 'OK, no problems')} ({', '.join(parts)})"
    by_file = report.summary()["problems_by_file"]
    files = ", ".join(f"{_name(f)} {n}" for f, n in by_file.items())
    skipped = [f"{check_name(k)} ({check_state(v)})" for k, v in report.stages.items() if v.startswith("not run")]
    tail = f"; {pick('niet gecontroleerd', 'not checked')}: {'; '.join(skipped)}" if skipped else ""
    n = len(report.problems)
    word = pick("probleem", "problem") if n == 1 else pick("problemen", "problems")
    return f"{name}: {n} {word} ({files}){tail}"


def _name(file: str) -> str:
    if not file:
        return pick("wijzigingen", "overrides")
    return file.replace("\\", "/").rsplit("/", 1)[-1] or file


def validate_text(report) -> str:
    """The problems in file order, the state of every check (when there are problems) and the summary."""
    lines = [str(p) for p in report.in_file_order()]
    if report.problems:
        lines += [f"  {check_name(name)}: {check_state(state)}" for name, state in report.stages.items()]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
