"""The public Python API: what the commands do, for analysts in notebooks and scripts.

>>> import kostprijs
>>> nob = kostprijs.load()                       # the shipped reference set, nob-2021
>>> tariffs = nob.compute()
>>> tariffs["45B50"]["tariff"]                   # euro per minute, as `compute --format json` gives it

See docs/api.md for the whole tour (it runs as a doctest in CI). Every amount comes from the same
analysis functions as the command line; nothing here computes on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["Model", "TariffList", "compare", "load", "verify"]


class TariffList:
    """The tariff list of a parameter set: ``rows()`` are the `compute --format json` objects."""

    def __init__(self, rows: list[dict[str, Any]]):
        self._rows = rows
        self._by_code = {r["code"]: r for r in rows}

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def __getitem__(self, code: str) -> dict[str, Any]:
        return dict(self._by_code[code])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows())

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<TariffList of {len(self)} products>"


class Model:
    """A loaded, validated and compiled parameter set (with its overrides applied)."""

    def __init__(self, pset):
        self.pset = pset

    @property
    def name(self) -> str:
        return self.pset.source.name

    def compute(self) -> TariffList:
        """The tariff list (`kostprijs compute`)."""
        from kostprijs.analysis.tariffs import tariff_rows
        from kostprijs.core.model import compute

        return TariffList(tariff_rows(self.pset, compute(self.pset.arrays)))

    def explain(self, code: str, micro: bool = False) -> list[dict[str, Any]]:
        """The build-up of one tariff, step by step, from the model's trace (`kostprijs explain CODE`)."""
        from kostprijs.analysis.explain import explain

        return [r.as_dict() for r in explain(self.pset, code, micro)]

    def params(self) -> list[dict[str, Any]]:
        """Every parameter: dotted path, value, unit, since, source, status, file (`kostprijs params`)."""
        from kostprijs.analysis.tariffs import parameter_rows

        return parameter_rows(self.pset)

    def __repr__(self) -> str:
        return f"<kostprijs.Model {self.name}: {len(self.pset.products)} products>"


def _overrides(overrides) -> tuple:
    """Overrides as ``"PATH=VALUE"`` texts, a mapping {path: value} or Override objects (mixed is fine)."""
    from kostprijs.parameters.overrides import Override, parse_set

    if isinstance(overrides, Mapping):
        overrides = [f"{k}={v}" for k, v in overrides.items()]
    elif isinstance(overrides, str):
        overrides = [overrides]
    out = []
    for o in overrides:
        out.append(o if isinstance(o, Override) else parse_set(str(o)))
    return tuple(out)


def load(region: str | None = None, params: str | Path | None = None,
         overrides: Iterable | Mapping = (), salary_date: str | dt.date | None = None) -> Model:
    """A parameter set by name (``region``, default nob-2021) or from a directory (``params``), with
    ``overrides`` applied as `--set` would (e.g. ``{"opslagen.overhead": "30%"}``); ``salary_date``
    (a date or "YYYY-MM-DD") takes the CAO tables at that date, rolled forward by the raises between,
    as `--salary-date` does."""
    from kostprijs.parameters.compile import load as compile_load
    from kostprijs.parameters.load import resolve

    if isinstance(salary_date, str):
        from kostprijs.errors import KostprijsError

        try:
            salary_date = dt.date.fromisoformat(salary_date)
        except ValueError:
            raise KostprijsError(f"salary_date {salary_date!r}: not a date YYYY-MM-DD") from None
    source = resolve(region, None if params is None else Path(params))
    return Model(compile_load(source, _overrides(overrides), salary_date))


def compare(model: Model, scenarios: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each scenario (name -> overrides, or name -> Model) against ``model``, per product: the rows of
    `kostprijs compare --format json` (scenario ``baseline`` first)."""
    from kostprijs.analysis.compare import compare as run
    from kostprijs.parameters.compile import load as compile_load

    named = []
    for name, sc in scenarios.items():
        pset = sc.pset if isinstance(sc, Model) else compile_load(model.pset.source, _overrides(sc))
        named.append((name, pset))
    return run(model.pset, named)


def verify(model: Model) -> dict[str, Any]:
    """The set against its published list (`kostprijs verify --format json`): ``summary`` and ``checks``."""
    from kostprijs.analysis.verify import summary
    from kostprijs.analysis.verify import verify as run
    from kostprijs.parameters.published import published_of

    published = published_of(model.pset.source, [p.code for p in model.pset.products])
    checks = run(model.pset, published)
    return {"summary": summary(model.pset, checks), "checks": [c.as_dict() for c in checks]}
