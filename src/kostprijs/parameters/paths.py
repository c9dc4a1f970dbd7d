"""One table of parameter paths: every dotted path of a parameter set (as `kostprijs params` lists it),
its record, and the model elements it feeds.

Compiling a set builds the table (:func:`kostprijs.parameters.catalogue.table`) and fills the
path-fed fields of :class:`~kostprijs.core.model.ModelArrays` through it (:meth:`PathTable.fill`), so
there is no second description of how a value lands in the model. The same entries serve:

* ``--set`` and scenario files (:mod:`.overrides`): where a path's value sits in the YAML, "did you mean";
* sweeps (:mod:`.slots`): the feeds become :class:`kostprijs.core.sweep.Target` s;
* ``implied --solve`` (:mod:`kostprijs.analysis.implied`): the change of the arrays per unit of a value.

How a value lands in the arrays (:attr:`Feed.how`):

========  =================================================================================
set       element = value (an opslag, an ORT variant, a top step, staff time, a group size, ...)
add       element = sum over the paths adding to it of k x value: voorzieningen into a product's
          fixed parts (k = how often the product lists it), bruto (+1) and each aftrek (-1) into
          productive hours
share     a functiemix share (mix[product, level]); changed, the product's other shares keep
          their proportions, so that the mix stays 100%
========  =================================================================================

Productive hours have two descriptions that agree (validation checks bruto - aftrek = clientgebonden):
the printed total fills the arrays (``fills``) and the components move them when changed; once a
component is overridden the components fill them and the total moves them.

A path that cannot be varied or solved for says why in one line (``why``): a name or a list, a
check value, a fixed tariff (these feed nothing), the only share of a functiemix (it feeds the model
but cannot move alone).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from kostprijs.errors import KostprijsError

SET, ADD, SHARE = "set", "add", "share"


class ParamRecord(NamedTuple):
    """One parameter value as listed by `kostprijs params` and used by overrides (a named tuple: a
    set has hundreds, made on every compile)."""

    path: str
    value: Any
    unit: str
    since: dt.date | None
    source: str
    status: str
    file: str
    loc: tuple = ()          # where the value sits in the raw YAML of ``file``


class Feed(NamedTuple):
    """One model element a path feeds: ``field`` of ModelArrays, ``index`` into it, how, and k (add)."""

    field: str
    index: tuple
    how: str = SET
    k: float = 1.0


class Companion(NamedTuple):
    """Another path that moves with a changed one (so that the overrides give the same model):
    value = baseline + coef x change; coef None: a functiemix sibling, scaled by (1 - v) / (1 - v0)."""

    path: str
    value: float
    coef: float | None
    domain: tuple[float, float, bool] = (-math.inf, math.inf, False)


def share_scale(value: float, baseline: float) -> float:
    """The factor on the other functiemix shares of a product when one share goes baseline -> value."""
    return (1.0 - value) / (1.0 - baseline)


@dataclass(slots=True)
class Param:
    """One entry of the table (compile makes about a thousand objects per set, hence tuples and slots)."""

    record: ParamRecord
    feeds: tuple[Feed, ...] = ()
    #: the compiled arrays hold this value (False: it only moves its elements when it changes)
    fills: bool = True
    companions: tuple[Companion, ...] = ()
    #: the values the schema accepts: (low, high, low exclusive)
    domain: tuple[float, float, bool] = (-math.inf, math.inf, False)
    #: only whole numbers (days per year, :mod:`.sanity`)
    whole: bool = False
    #: why it cannot be varied (None: it can)
    why: str | None = None
    #: what moves along when it changes, for people
    moves: str | None = None

    @property
    def path(self) -> str:
        return self.record.path

    @property
    def value(self) -> float:
        return float(self.record.value)

    @property
    def variable(self) -> bool:
        return self.why is None

    @property
    def relative(self) -> bool:
        """The compiled arrays hold this value, so a change of it is a change of the arrays
        (:meth:`direction`): it fills them, or it only adds to them. Not so for a printed total of
        productive hours once an overridden bruto or aftrek replaces it."""
        return self.fills or all(f.how == ADD for f in self.feeds)

    def place(self, arrays: dict[str, np.ndarray]) -> None:
        """Write this value into freshly allocated arrays (compile)."""
        v = self.value
        for f in self.feeds:
            if f.how == ADD:
                arrays[f.field][f.index] += f.k * v
            else:
                arrays[f.field][f.index] = v

    def out_of_domain(self, value: float) -> str | None:
        """Why ``value`` (or a companion moved along with it) is not a value the schema accepts."""
        moved = zip(self.companions, self.companion_values(value), strict=True)
        for path, v, (lo, hi, exclusive) in [(self.path, value, self.domain),
                                             *((c.path, cv, c.domain) for c, cv in moved)]:
            if not (lo < v if exclusive else lo <= v) or not v <= hi:
                bound = f"> {lo:g}" if exclusive else f">= {lo:g}"
                bound += f" and <= {hi:g}" if math.isfinite(hi) else ""
                return f"gives {path} = {v:.10g}, but it must be {bound}"
        if self.whole and value != math.floor(value):
            return f"gives {self.path} = {value:.10g}, but it must be a whole number"
        return None

    def companion_values(self, value: float) -> list[float]:
        """The companions' values when this path is set to ``value``."""
        d = value - self.value
        return [c.value * share_scale(value, self.value) if c.coef is None else c.value + c.coef * d
                for c in self.companions]

    def overrides(self, value: float) -> dict[str, float]:
        """PATH -> value overrides that set this path to ``value``, companions moved along."""
        out = {self.path: value}
        out.update((c.path, v) for c, v in zip(self.companions, self.companion_values(value), strict=True))
        return out

    def apply(self, arrays, value: float):
        """``arrays`` (the compiled ModelArrays) with this path at ``value``, without compiling."""
        changes: dict[str, np.ndarray] = {}
        for f in self.feeds:
            arr = changes.get(f.field)
            if arr is None:
                arr = changes[f.field] = np.array(getattr(arrays, f.field), dtype=float)
            if f.how == SET:
                arr[f.index] = value
            elif f.how == ADD:
                arr[f.index] += f.k * value - f.k * self.value
            else:
                p, level = f.index
                arr[p] *= share_scale(value, self.value)
                arr[p, level] = value
        return arrays.with_values(**changes)

    def direction(self, arrays) -> dict[str, np.ndarray]:
        """ModelArrays field -> its change per unit of this value (the feeds are affine in it); only
        meaningful for a :attr:`relative` entry."""
        out: dict[str, np.ndarray] = {}
        for f in self.feeds:
            d = out.get(f.field)
            if d is None:
                d = out[f.field] = np.zeros(np.shape(getattr(arrays, f.field)))
            if f.how == SHARE:
                p, level = f.index
                d[p] = -np.asarray(arrays.mix)[p] / (1.0 - self.value)
                d[p, level] = 1.0
            else:
                d[f.index] += f.k
        return {k: v for k, v in out.items() if np.any(v != 0)}


class PathTable:
    """The table: dotted path -> :class:`Param`, in the order `kostprijs params` lists them."""

    def __init__(self, params: list[Param], levels: list[str]):
        self._params = {p.path: p for p in params}
        self.levels = list(levels)

    def __iter__(self):
        return iter(self._params.values())

    def __len__(self) -> int:
        return len(self._params)

    def __contains__(self, path: str) -> bool:
        return path in self._params

    def get(self, path: str) -> Param | None:
        return self._params.get(path)

    @property
    def records(self) -> list[ParamRecord]:
        return [p.record for p in self._params.values()]

    def hint(self, path: str) -> str:
        """'; did you mean X?' for an unknown path, or a pointer to `kostprijs params`."""
        import difflib

        near = difflib.get_close_matches(path, list(self._params), n=1)
        return f"; did you mean {near[0]}?" if near else " (see `kostprijs params`)"

    def lookup(self, path: str, origin: str) -> Param:
        """The entry of ``path``; unknown: a one-line KostprijsError that starts with ``origin``."""
        p = self._params.get(path)
        if p is None:
            raise KostprijsError(f"{origin}: unknown parameter path{self.hint(path)}")
        return p

    def locate(self, path: str) -> tuple[ParamRecord, tuple] | None:
        """The record and the raw location of the value an override of ``path`` writes. Besides the
        listed paths, ``products.CODE.functiemix.LEVEL`` may name a level the product does not use yet."""
        p = self._params.get(path)
        if p is not None:
            return p.record, p.record.loc
        parts = path.split(".")
        if len(parts) != 4 or parts[0] != "products" or parts[2] != "functiemix" or parts[3] not in self.levels:
            return None
        prefix = f"products.{parts[1]}.functiemix."
        sibling = next((p.record for p in self._params.values() if p.path.startswith(prefix)), None)
        if sibling is None:
            return None
        return sibling, (*sibling.loc[:-1], parts[3])

    def fill(self, arrays: dict[str, np.ndarray]) -> None:
        """Compile: write every filling entry into the allocated arrays."""
        for p in self._params.values():
            if p.fills and p.feeds:
                p.place(arrays)
