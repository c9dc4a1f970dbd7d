"""kostprijs: the Dutch youth-care (Jeugdwet) kostprijsmodel as recomputable data and code.

Layers (each rule of the model lives in one place):

* :mod:`kostprijs.parameters` loads and validates the YAML parameter sets (no arithmetic).
* :mod:`kostprijs.core` is pure numpy: salary -> loaded cost -> hourly cost -> unit tariff -> rounding.
* :mod:`kostprijs.presentation` turns results into rich tables, CSV and JSON.
* :mod:`kostprijs.cli` holds the thin Typer commands.
"""

__version__ = "0.1.0"
