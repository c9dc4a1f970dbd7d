"""`kostprijs init DIR [--from REGION]`: an editable copy of a shipped parameter set, validated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

FromOpt = Annotated[str | None, typer.Option("--from", help="Meegeleverde set om te kopiëren (standaard"
                                                            " nob-2021).")]


def init(
    directory: Annotated[Path, typer.Argument(help="Nieuwe of lege map voor de kopie.")],
    origin: FromOpt = None,
) -> None:
    """Kopieer een meegeleverde parameterset naar DIR en valideer hem.

    YAML, per bestand een kop die zegt wat je eerst aanpast. Weigert een niet-lege DIR."""
    from kostprijs.parameters.setfiles import init_set

    _source, names = init_set(directory, origin)
    typer.echo(f"{directory}: {', '.join(names)} (gevalideerd). Pas ze aan en controleer dan met: kostprijs "
               f"validate --params {directory}")
