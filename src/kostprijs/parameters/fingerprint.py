"""The fingerprint of a parameter set: which inputs produced an output, in 64 hex digits.

A tariff list is defended long after it was computed; the fingerprint printed on it lets anyone check
that the parameters they hold are the ones it was computed from. It is the sha256 of a canonical form
of every input file's data *after* overrides (``--set``, scenario files), as parsed:

* the same parameters give the same fingerprint whatever the file layout: comments, blank lines, key
  order, quoting or flow/block style, the directory the set lives in (a copy of ``params/``), the
  format (YAML files or an input workbook) and whether a file is inherited from another set (its
  ``set:`` counts as the set's own, :func:`as_own_set`) do not count;
* any changed value changes it: a number (floats by their exact shortest representation; ``1`` and
  ``1.0`` are the same number), a date, a text (sources too: they are part of the record), the order of
  a list; an override always changes it, even one that sets the value already in the file, because it
  marks the record as overridden and names the override as its source.

The package version is not part of the fingerprint (the same inputs computed by another release are
still the same inputs); :func:`provenance` gives it beside the fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any

#: bump when the canonical form changes (it is hashed too, so that old and new forms never collide)
CANONICAL_FORM = 1


def canonical(value: Any) -> str:
    """A text that is equal for equal parameter data and different for any difference.

    Mappings are written with their entries sorted by the canonical text of the key; every scalar is
    tagged with its kind, so that the text ``"1"``, the number 1 and a date never meet.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"n:{value}"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 2**53:
            return f"n:{int(value)}"
        return f"n:{value!r}"
    if isinstance(value, str):
        return "s:" + _quote(value)
    if isinstance(value, dt.datetime):
        return "t:" + value.isoformat()
    if isinstance(value, dt.date):
        return "d:" + value.isoformat()
    if isinstance(value, dict):
        items = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}={v}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    raise TypeError(f"no canonical form for {type(value).__name__}")  # the strict YAML reader makes none


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fingerprint_of(data: dict[str, Any]) -> str:
    """The sha256 (hex) of the canonical form of ``data`` (file key -> parsed content)."""
    text = f"kostprijs-parameters/{CANONICAL_FORM}\n" + canonical(data)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class WithInputs:
    """A parameter set together with the other inputs of a run (``index``: indexatie.yaml after its
    overrides, and the figures given on the command line). The fingerprint covers them too; everything
    else is the set's own, so that it goes wherever a set goes (tables, workbooks, :func:`stamped`)."""

    def __init__(self, pset, extra: dict[str, Any], overrides=()):
        self._pset, self.extra_inputs, self.extra_overrides = pset, extra, tuple(overrides)

    def __getattr__(self, name):
        return getattr(self._pset, name)


def as_own_set(data: dict[str, Any]) -> dict[str, Any]:
    """The files' data with every file's ``set:`` made the set's own (opslagen.yaml's). A file taken from
    another set (Midden-Limburg's cao_scales.yaml is NOB's, ``set: nob-2021``) is the same parameters as the
    copy of it that `init`, `template` and `convert` write with the set's own name; the compile refuses any
    other file whose ``set:`` differs, so for a set of its own files this changes nothing."""
    opslagen = data.get("opslagen")
    own = opslagen.get("set") if isinstance(opslagen, dict) else None
    if own is None:
        return data
    return {key: {**value, "set": own} if isinstance(value, dict) and "set" in value else value
            for key, value in data.items()}


def fingerprint(pset) -> str:
    """The fingerprint of a compiled parameter set (its raw data after overrides), with the other inputs
    of a :class:`WithInputs`."""
    data = as_own_set(pset.raw.data)
    if isinstance(pset, WithInputs):
        data = {**data, **pset.extra_inputs}
    return fingerprint_of(data)


def short(fp: str) -> str:
    """The first 12 hex digits, as shown where space is short (the full one is in JSON and workbooks)."""
    return fp[:12]


def provenance(pset) -> dict[str, Any]:
    """Where an output comes from: kostprijs version, parameter set and its fingerprint."""
    import kostprijs

    overridden = sorted({r.path for r in pset.records if r.status == "override"}
                        | set(pset.extra_overrides if isinstance(pset, WithInputs) else ()))
    return {
        "kostprijs": kostprijs.__version__,
        "parameter_set": pset.source.name,
        "fingerprint": fingerprint(pset),
        "overrides": overridden,
    }


def provenance_unloaded(set_name: str, overrides=(), why: str = "the parameter set does not load") -> dict[str, Any]:
    """The provenance of an output about a set that does not load (`validate` of a broken set): what can be
    said (version, set name, the paths the overrides name), no fingerprint (``None``: there is no one set
    of inputs to hash) and ``missing`` saying why, rather than a fingerprint of something else."""
    import kostprijs

    return {
        "kostprijs": kostprijs.__version__,
        "parameter_set": set_name,
        "fingerprint": None,
        "overrides": sorted({o.path for o in overrides}),
        "missing": f"fingerprint: {why}",
    }


def provenance_line(pset) -> str:
    """One line for table captions and plot footers, in the run's language (Dutch by default)."""
    from kostprijs.language import pick

    p = provenance(pset)
    n = len(p["overrides"])
    extra = (pick(f", {n} aangepaste parameter(s)", f", {n} overridden parameter(s)") if n else "")
    return (f"kostprijs {p['kostprijs']}, {pick('parameterset', 'parameter set')} {p['parameter_set']}{extra}, "
            f"{pick('vingerafdruk', 'fingerprint')} sha256:{p['fingerprint']}")


#: the keys every row of a JSON list and every CSV line carries, after the row's own keys (README,
#: "Provenance in every output"); additive, like ``region`` and ``prijspeil``
STAMP_COLUMNS: list[tuple[str, int | None]] = [("kostprijs_version", None), ("parameter_set", None),
                                               ("fingerprint", None)]


def stamp(pset) -> dict[str, str]:
    """The provenance keys of a row computed from ``pset`` (:data:`STAMP_COLUMNS`)."""
    p = provenance(pset)
    return {"kostprijs_version": p["kostprijs"], "parameter_set": p["parameter_set"], "fingerprint": p["fingerprint"]}


def stamp_columns(pset_of) -> list[tuple[str, int | None]]:
    """:data:`STAMP_COLUMNS`, or for two named sets (``{"a": A, "b": B}``, diff) the version and the set
    and fingerprint of each: ``parameter_set_a``, ``fingerprint_a``, ``parameter_set_b``, ..."""
    if not isinstance(pset_of, dict):
        return STAMP_COLUMNS
    return [("kostprijs_version", None)] + [(f"{key}_{name}", None) for name in pset_of
                                            for key in ("parameter_set", "fingerprint")]


def stamped(rows, pset_of) -> list[dict[str, Any]]:
    """``rows`` with the provenance keys added at the end. ``pset_of``: the parameter set of every row, a
    function of the row giving its set (compare: each scenario is a set of its own), or named sets
    whose keys are suffixed with the name (:func:`stamp_columns`)."""
    if isinstance(pset_of, dict):
        named = {}
        for name, pset in pset_of.items():
            one = stamp(pset)
            named["kostprijs_version"] = one["kostprijs_version"]
            named.update({f"{key}_{name}": one[key] for key in ("parameter_set", "fingerprint")})
        return [{**r, **named} for r in rows]
    cache: dict[int, dict[str, str]] = {}

    def keys(row):
        pset = pset_of(row) if callable(pset_of) else pset_of
        if id(pset) not in cache:
            cache[id(pset)] = stamp(pset)
        return cache[id(pset)]

    return [{**r, **keys(r)} for r in rows]
