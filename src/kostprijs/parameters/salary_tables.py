"""The CAO tables in force at a salary date: per scale the latest published table on or before it, rolled
forward by the CAO's dated raises in between (:mod:`kostprijs.core.salary`).

A scale whose table is dated on or after every raise up to the salary date is ``sourced`` (or whatever the
table says: ``calibrated``); one that needed raises is ``derived``, and keeps the chain of raises applied
(table amount, then the amount after each raise) for ``explain``, ``params``, ``cao`` and the workbook. A
top step set by an override (``--set caos.X.Y.top=...``) is the amount at the salary date: not rolled.

Events between the table and the salary date that the roll forward cannot follow are warnings: a change of
the scale structure that moves the top step (``affects_top``) and a period whose raise was not found
(``unknown``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kostprijs.core import salary as sal


@dataclass(frozen=True)
class RaiseStep:
    """One raise of a chain: when, what (as the CAO says it), the amount after it, and its source."""

    since: dt.date
    what: str
    amount: float          # EUR/month after the raise (and the CAO's rounding)
    source: str
    #: the raise's figures, for a text in another language (analysis.labels.raise_text): percent, its
    #: minimum and maximum in EUR/month, a fixed amount in EUR/month, an hourly floor in EUR (None: not given)
    parts: tuple[float | None, ...] = (None, None, None, None, None)


@dataclass(frozen=True)
class StepInForce:
    """One amount of a scale at the salary date (a step, or the top step)."""

    cao: str
    scale: str
    step: str              # "top", or the step's name in the table (a trede, "first")
    value: float           # EUR/month at the salary date
    since: dt.date         # the date the amount took effect: the table's, or the last raise applied
    status: str            # the table value's status, or "derived" when raises were applied to a value that
                           # is not calibrated (a calibrated amount rolled forward stays "calibrated")
    table_since: dt.date
    table_value: float     # the amount as in the table
    source: str            # the table value's source
    chain: tuple[RaiseStep, ...]
    table_index: int       # position of the table in caos.<cao>.tables

    @property
    def derivation(self) -> str:
        """One line: the table and the raises applied ("" when none)."""
        if not self.chain:
            return ""
        steps = "; ".join(f"{r.since.isoformat()} {r.what} -> {r.amount:.2f}" for r in self.chain)
        return f"table of {self.table_since.isoformat()} {self.table_value:.2f}; {steps}"


def rolled_status(status: str) -> str:
    """The status of a table amount after raises: "derived" (our arithmetic on the table), except that a
    calibrated amount stays "calibrated": raising a fitted figure does not make it a CAO figure, and a
    calibrated value says so wherever it is shown."""
    return "calibrated" if status == "calibrated" else "derived"


def describe(r) -> str:
    """A raise as the CAO text says it: '+2,2% (min EUR 85)', '+4% + EUR 37', 'floor EUR 15/h'."""
    parts = []
    if r.percent is not None:
        bounds = [f"min EUR {r.min_per_month.value:g}" if r.min_per_month else "",
                  f"max EUR {r.max_per_month.value:g}" if r.max_per_month else ""]
        bounds = ", ".join(b for b in bounds if b)
        parts.append(f"+{r.percent.value:g}%" + (f" ({bounds})" if bounds else ""))
    if r.plus_per_month is not None:
        parts.append(f"+ EUR {r.plus_per_month.value:g}/month")
    if r.hourly_floor is not None:
        parts.append(f"floor EUR {r.hourly_floor.value:g}/h")
    return " ".join(parts)


def _parts(r) -> tuple[float | None, ...]:
    """The figures :func:`describe` words: percent, min, max, plus per month, hourly floor."""
    return tuple(None if part is None else float(part.value)
                 for part in (r.percent, r.min_per_month, r.max_per_month, r.plus_per_month, r.hourly_floor))


def _source(r) -> str:
    for part in (r.percent, r.plus_per_month, r.hourly_floor):
        if part is not None:
            status = "" if part.status == "sourced" else f" [{part.status}]"
            return part.source + status
    return ""


def raises_of(cao, scale: str, n_amounts: int) -> sal.Raises:
    """The CAO's raises as arrays for ``n_amounts`` amounts of ``scale`` (a raise limited to other scales
    does not apply)."""
    rs = cao.raises or []
    applies = np.array([[r.scales is None or scale in r.scales.value] * n_amounts for r in rs],
                       dtype=bool).reshape(len(rs), n_amounts)
    return sal.Raises.of(
        [r.since for r in rs],
        [r.percent.value if r.percent else 0.0 for r in rs],
        [r.min_per_month.value if r.min_per_month else np.nan for r in rs],
        [r.max_per_month.value if r.max_per_month else np.nan for r in rs],
        [r.plus_per_month.value if r.plus_per_month else 0.0 for r in rs],
        [r.hourly_floor.value if r.hourly_floor else np.nan for r in rs],
        applies)


def tables_per_scale(cao, salary_date: dt.date) -> dict[str, int]:
    """Per scale name: the index of the latest table on or before ``salary_date`` that has it (ties: the
    later one in the file), in the order the scales first appear."""
    out: dict[str, int] = {}
    for i, table in enumerate(cao.tables):
        if table.since > salary_date:
            continue
        for name in table.scales:
            j = out.get(name)
            if j is None or table.since >= cao.tables[j].since:
                out[name] = i
    return out


def scale_amounts(table, name: str) -> dict[str, tuple[float, str, str]]:
    """Every amount of a scale in a table: step name -> (value, status, source); the top step last.
    Steps of a ladder (GHZ inpassingsnummers) come from the table's ladder."""
    scale = table.scales[name]
    out: dict[str, tuple[float, str, str]] = {}
    if scale.ladder_steps is not None:
        for step, number in scale.ladder_steps.value.items():
            out[step] = (float(table.ladder.value[number]), table.ladder.status,
                         f"{table.ladder.source}; inpassingsnummer {number} ({scale.ladder_steps.source})")
    for step, r in (scale.steps or {}).items():
        out[step] = (float(r.value), r.status, r.source)
    out["top"] = (float(scale.top.value), scale.top.status, scale.top.source)
    return out


def in_force(cao_name: str, cao, salary_date: dt.date, all_steps: bool = False) -> list[StepInForce]:
    """The amounts of every scale of ``cao`` at ``salary_date`` (top steps only unless ``all_steps``)."""
    rounding = sal.ROUNDING_CODES[cao.rounding.value] if cao.rounding else sal.NONE
    hours = cao.hours_per_month.value if cao.hours_per_month else np.nan
    out: list[StepInForce] = []
    rs = cao.raises or []
    for name, t in tables_per_scale(cao, salary_date).items():
        table = cao.tables[t]
        amounts = scale_amounts(table, name)
        if not all_steps:
            amounts = {"top": amounts["top"]}
        steps = list(amounts)
        base = np.array([amounts[s][0] for s in steps])
        raises = raises_of(cao, name, len(steps))
        mask = sal.raises_between(raises.dates, table.since, salary_date) & raises.applies.any(axis=1)
        overridden = table.scales[name].top.status == "override"
        if overridden:   # the amount at the salary date, as given
            mask = np.zeros_like(mask)
        _, chain = sal.roll_forward(base, raises, hours, rounding, mask)
        applied = [i for i in np.argsort(raises.dates, kind="stable") if mask[i]]
        for k, step in enumerate(steps):
            value, status, source = amounts[step]
            links = tuple(RaiseStep(rs[i].since, describe(rs[i]), float(chain[n + 1, k]), _source(rs[i]),
                                    _parts(rs[i]))
                          for n, i in enumerate(applied))
            out.append(StepInForce(
                cao_name, name, step, float(chain[-1, k]), links[-1].since if links else table.since,
                rolled_status(status) if links else status, table.since, value, source, links, t))
    return out


def warnings(cao_name: str, cao, salary_date: dt.date) -> list[str]:
    """What a roll forward to ``salary_date`` cannot follow: structure changes of a top step and periods
    whose raise was not found, between a scale's table and the salary date."""
    per_scale = tables_per_scale(cao, salary_date)
    out = []
    for e in cao.events or []:
        if e.kind not in ("structure", "unknown") or e.since > salary_date:
            continue
        if e.kind == "structure" and not e.affects_top:
            continue
        hit = [s for s, t in per_scale.items() if cao.tables[t].since < e.since and (e.scales is None or s in e.scales)]
        if not hit:
            continue
        what = ("top step changed by the scale structure (not in the roll forward)" if e.kind == "structure"
                else "raise not known (the roll forward stops short)")
        out.append(f"{cao_name} {', '.join(hit)} at {salary_date.isoformat()}: {what} since "
                   f"{e.since.isoformat()}: {e.value}")
    return out
