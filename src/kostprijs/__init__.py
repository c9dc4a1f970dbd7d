"""kostprijs: the Dutch youth-care (Jeugdwet) kostprijsmodel as recomputable data and code.

Layers (each rule of the model lives in one place):

* :mod:`kostprijs.api` is the public Python API (``kostprijs.load``, ``kostprijs.compare``,
  ``kostprijs.verify``; docs/api.md), used by the commands themselves.
* :mod:`kostprijs.parameters` loads and validates the YAML parameter sets (no arithmetic).
* :mod:`kostprijs.core` is pure numpy: salary -> loaded cost -> hourly cost -> unit tariff -> rounding.
* :mod:`kostprijs.analysis` orchestrates the core: verify, explain, compare, index, sensitivity, check.
* :mod:`kostprijs.presentation` turns results into rich tables, CSV and JSON.
* :mod:`kostprijs.cli` holds the thin Typer commands.
"""

__version__ = "0.1.0"


_API = ("load", "compare", "verify", "Model", "TariffList")


def __getattr__(name: str):
    """``kostprijs.load`` and friends, imported on first use (the command line does not pay for them)."""
    if name in _API:
        from kostprijs import api

        return getattr(api, name)
    raise AttributeError(f"module 'kostprijs' has no attribute {name!r}")


__all__ = ["__version__", *_API]
