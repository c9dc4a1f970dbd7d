"""`kostprijs sensitivity`: which assumptions move the tariffs, and how far (tornado or Monte Carlo)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kostprijs.cli.options import (
    CsvProfile,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    SetSource,
    WideOpt,
    emit_csv,
    emit_json,
    print_table,
    set_options,
)

VaryOpt = Annotated[list[str] | None, typer.Option(
    "--vary", help="PAD=LAAG:HOOG (25%:40%, 0.25:0.40), PAD=LAAG:MODUS:HOOG (driehoekig), PAD=±5% of "
                   "PAD=x0.95:x1.05 (factor op de uitgangswaarde), PAD=±2 (verschuiving). '*' past op "
                   "één deel van het pad; wat past beweegt samen. Herhaalbaar. Standaard: overhead "
                   "25%:40%, sociale lasten 28%:36%, productieve uren ±5%, salarissen (alle hoogste "
                   "treden) ±5%.")]
VaryFileOpt = Annotated[Path | None, typer.Option(
    "--vary-file", help="YAML-bestand met bereiken en hun bronnen (vary: [{path, range, source}]).")]
ProductOpt = Annotated[list[str] | None, typer.Option(
    "--product", "-p", help="Productcode (herhaalbaar). Standaard: elk product dat het model berekent.")]
SamplesOpt = Annotated[int | None, typer.Option(
    "--samples", "-n", min=1, help="Monte Carlo met N scenario's (uniform in elk bereik, driehoekig met"
                                   " een MODUS). Zonder: één tegelijk (tornado).")]
SeedOpt = Annotated[int | None, typer.Option(
    "--seed", min=0, help="Startwaarde voor --samples (de gebruikte startwaarde wordt altijd getoond).")]
MicroOpt = Annotated[bool, typer.Option(
    "--micro", help="Analyseer de tarieven van een micro-onderneming (producten die er een hebben) in "
                    "plaats van de normale.")]


@set_options()
def sensitivity(
    source: SetSource,
    product: ProductOpt = None,
    vary: VaryOpt = None,
    vary_file: VaryFileOpt = None,
    samples: SamplesOpt = None,
    seed: SeedOpt = None,
    micro: MicroOpt = False,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    csv_profile: ProfileOpt = CsvProfile.nl,
    wide: WideOpt = False,
    lang: LangOpt = Lang.nl,
) -> None:
    """Rangschik de aannames naar hun effect op elk tarief (tornado), of hun gezamenlijke spreiding (--samples)."""
    from kostprijs.analysis import sensitivity as sa

    pset = source.load()
    result = sa.sensitivity(pset, sa.ranges(pset, vary, vary_file), product, micro, samples, seed)
    if fmt is Format.json:
        emit_json(result.data, output, pset)
    elif fmt is Format.csv:
        from kostprijs.presentation.sensitivity import columns

        emit_csv(result.rows, columns(result), csv_profile.value, output, pset)
    else:
        from kostprijs.presentation.sensitivity import sensitivity_table

        print_table(sensitivity_table(pset, result), output, wide)
