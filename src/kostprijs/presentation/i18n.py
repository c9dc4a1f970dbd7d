"""Every text a person reads in a table, in one catalogue: Dutch (default) and English (``--lang en``).

JSON keys, the intl CSV header and the Python API do not change with the language; only what people read
does. The language is chosen once per run (cli/options.py: ``--lang``) with :func:`kostprijs.language.set_language`.
"""

from __future__ import annotations

from kostprijs.language import LANGUAGES, language, set_language
from kostprijs.language import source_text as _localised

__all__ = ["LANGUAGES", "PARAM_STATUS", "STATUS", "TEXT", "language", "param_status_word", "set_language",
           "source_text", "status_word", "t"]

#: table texts by key: (Dutch, English)
TEXT: dict[str, tuple[str, str]] = {
    "code": ("Code", "Code"),
    "product": ("Product", "Product"),
    "unit": ("Eenheid", "Unit"),
    "tariff": ("Tarief", "Tariff"),
    "micro": ("Micro", "Micro"),
    "hourly": ("Uurkosten", "Hourly cost"),
    "basis": ("Basis", "Basis"),
    "variant": ("Variant", "Variant"),
    "published": ("Gepubliceerd", "Published"),
    "computed": ("Berekend", "Computed"),
    "diff": ("Verschil", "Diff"),
    "status": ("Status", "Status"),
    "detail": ("Toelichting", "Detail"),
    "tariffs_title": ("Tarieven {name}", "Tariffs {name}"),
    "verify_title": ("Controle {name} tegen {published}", "Verify {name} against {published}"),
    "rounding": ("Afronding", "Rounding"),
    "tariff_caption": ("Uurkosten: ongerond, vóór afronding. Micro: tarief met de overhead van een "
                       "micro-onderneming.", "Hourly cost: unrounded, before rounding. Micro: micro-onderneming "
                       "overhead."),
    "dropped": ("Bij deze breedte weggelaten: {cols}; alle kolommen met --wide.",
                "Left out at this width: {cols}; every column with --wide."),
    "folded": ("Bij deze breedte onder {under}: {cols}; als eigen kolom met --wide.",
               "At this width under {under}: {cols}; a column of its own with --wide."),
    "shortened": ("Lange namen ingekort (…); volledig met --wide of --format csv.",
                  "Long names shortened (…); in full with --wide or --format csv."),
    "baseline": ("Uitgangssituatie", "Baseline"),
    "step": ("Stap", "Step"),
    "value": ("Waarde", "Value"),
    "amount": ("Bedrag", "Amount"),
    "source": ("Bron", "Source"),
    "explain_caption": ("Bedragen zijn lopende totalen; achter de bron de status van de waarde (bron, "
                        "afgeleid, keuze, gekalibreerd ...).", "Amounts are running totals; after the source "
                        "the status of the value (sourced, derived, choice, calibrated ...)."),
    "compare_title": ("Scenario's tegen de uitgangssituatie (tarief; micro tussen haakjes)",
                      "Scenarios versus baseline (tariff; micro in brackets)"),
    "compare_summary": ("{scenario}: Δ% over {n} modeltarieven (normaal en micro): gemiddeld {mean}, "
                        "min {min}, max {max}.", "{scenario}: Δ% over {n} model tariffs (normal and micro): "
                        "mean {mean}, min {min}, max {max}."),
    "model": ("model", "model"),
    "fixed": ("vast tarief", "fixed tariff"),
    "not_derivable": ("n.v.t.", "n/a"),
    # --- the index workbook (index --format xlsx): its own inputs and its Toelichting
    "ix_class": ("Klasse", "Class"),
    "ix_description": ("Omschrijving", "Description"),
    "ix_products": ("Producten", "Products"),
    "ix_series": ("Reeks", "Series"),
    "ix_series_name": ("Naam reeks", "Series name"),
    "ix_weight": ("Gewicht", "Weight"),
    "ix_year": ("Jaar", "Year"),
    "ix_kind": ("Soort cijfer", "Kind of figure"),
    "ix_figure": ("Cijfer", "Figure"),
    "ix_published": ("Gepubliceerd", "Published"),
    "ix_applied": ("Toegepast", "Applied"),
    "ix_method": ("Methode", "Method"),
    "ix_note": ("Notitie", "Note"),
    "ix_kind_voorlopig": ("voorlopig", "voorlopig (provisional)"),
    "ix_kind_definitief": ("definitief", "definitief (final)"),
    "ix_kind_command line": ("opdrachtregel (telt als definitief)", "command line (counts as definitief)"),
    "ix_unknown": ("onbekend", "unknown"),
    "ix_yes": ("ja", "yes"),
    "ix_no": ("nee", "no"),
    "ix_sheet_summary": (
        "per jaar en productklasse: het gewogen indexcijfer van het jaar (index), de VNG-correctie op het vorige "
        "jaar (correction), hun som (rate) en de cumulatieve factor op het tarief van het prijspeil; status "
        "voorlopig of definitief",
        "per year and product class: the weighted index of the year (index), the VNG correction for the previous "
        "year (correction), their total (rate) and the cumulative factor on the prijspeil tariff; status "
        "voorlopig/definitief"),
    "ix_sheet_year": (
        "één blad per jaar: het tarief van elk product in dat jaar, het ongeronde tarief (ongerond tarief van het "
        "prijspeil x cumulatieve factor) en de gebruikte cijfers, elk met zijn status",
        "one sheet per year: every product's tariff of that year, the unrounded tariff (prijspeil tariff x "
        "cumulative factor) and the figures used, each with its status"),
    "ix_sheet_weights": (
        "de weging per productklasse: welk deel van het tarief met welke reeks (OVA, materieelindex, NEA) "
        "meebeweegt, met bron; Producten = aantal producten van de set in de klasse",
        "the weights per product class: which share of the tariff follows which series (OVA, material index, "
        "NEA), with source; Products = how many products of the set the class has"),
    "ix_sheet_figures": (
        "de indexcijfers per jaar en reeks, voorlopig en definitief, met publicatiedatum en bron; Toegepast = "
        "het cijfer waarmee het jaar is geïndexeerd (een definitief cijfer na een voorlopig geeft het jaar "
        "erna de correctie)",
        "the index figures per year and series, voorlopig and definitief, with publication date and source; "
        "Applied = the figure the year was indexed with (a definitief figure after a voorlopig one gives the "
        "next year the correction)"),
    "ix_sheet_classes": ("de productklasse van elk product, met bron", "the product class of every product, "
                         "with source"),
    "ix_sheet_params": ("elke waarde die het model gebruikt, met eenheid, datum, status en bron (`kostprijs "
                        "params`)", "every value the model used, with unit, date, status and source "
                        "(`kostprijs params`)"),
    "ix_file": ("indexbestand", "index file"),
    "ix_correction": ("correctie", "correction"),
    "ix_correction_difference": ("verschil: gewogen definitief min gewogen voorlopig van het vorige jaar",
                                 "difference: weighted definitief minus weighted voorlopig of the previous year"),
    "ix_correction_ratio": ("verhouding: (1 + definitief) / (1 + voorlopig) - 1 van het vorige jaar",
                            "ratio: (1 + definitief) / (1 + voorlopig) - 1 of the previous year"),
    "ix_fixed": ("vaste tarieven", "fixed tariffs"),
    "ix_fixed_index_published": ("het gepubliceerde bedrag geïndexeerd met de weging van de klasse, "
                                 "rekenkundig afgerond op hele centen",
                                 "the published amount indexed with the class weights, half-up to the cent"),
    "ix_fixed_not_indexed": ("niet geïndexeerd: het gepubliceerde bedrag blijft staan",
                             "not indexed: the published amount stays"),
    "ix_method_vng": ("--method vng: het voorlopige cijfer waar gepubliceerd, het jaar erna gecorrigeerd "
                      "zodra het definitieve bekend is", "--method vng: the voorlopig figure where published, "
                      "corrected the next year once the definitief one is known"),
    "ix_method_definitief": ("--method definitief: het definitieve cijfer waar bekend, geen correctie",
                             "--method definitief: the definitief figure where known, no correction"),
    "ix_source": ("bron: {source}", "source: {source}"),
    "ix_years": ("geïndexeerde jaren", "indexed years"),
    "year": ("Jaar", "Year"),
    "premiums": ("Premies", "Premiums"),
    "indexed": ("Geïndexeerd", "Indexed"),
    "cao": ("CAO", "CAO"),
    "flat": ("vast %", "flat %"),
    "against_cao_title": ("OVA-indexatie tegen CAO-lonen {name}", "OVA indexation against CAO wages {name}"),
    "against_cao_caption": ("CAO: het tarief met de CAO-tabellen van 31-12 van het jaar (kostprijs cao --date); "
                            "vaste delen en opslagen als in de set. Premies: het jaar waarvan de sociale lasten "
                            "komen (vast %: het ene percentage van de set).",
                            "CAO: the tariff with the CAO tables of 31-12 of the year (kostprijs cao --date); "
                            "fixed parts and opslagen as in the set. Premiums: the year the sociale lasten come "
                            "from (flat %: the set's one percentage)."),
    "against_cao_fallback": ("*: geen volledige premies voor dat jaar; die van het laatste eerdere volledige jaar "
                             "gebruikt (zie de waarschuwing).",
                             "*: no complete premiums for that year; those of the latest earlier complete year "
                             "used (see the warning)."),
    "path": ("Parameter", "Path"),
    "since": ("Sinds", "Since"),
    "params_title": ("Parameters {name}", "Parameters {name}"),
}

#: the status of a parameter value (parameters.schema.Status): what the report, params, explain and
#: the workbooks show
PARAM_STATUS: dict[str, tuple[str, str]] = {
    "sourced": ("bron", "sourced"),
    "reconstructed": ("gereconstrueerd", "reconstructed"),
    "derived": ("afgeleid", "derived"),
    "choice": ("keuze", "choice"),
    "calibrated": ("gekalibreerd", "calibrated"),
    "override": ("aangepast", "override"),
    "not_used": ("niet gebruikt", "not used"),   # with a premium year, the flat sociale lasten (issue 15)
}

#: status words of verify/check/implied (analysis.comparison.STATUSES)
STATUS: dict[str, tuple[str, str]] = {
    "exact": ("exact", "exact"),
    "off": ("afwijkend", "off"),
    "within_precision": ("binnen precisie", "within precision"),
    "not_derivable": ("niet af te leiden", "not derivable"),
    "no_tariff": ("geen tarief", "no tariff"),
    "unmatched": ("niet gevonden", "unmatched"),
    "unit_mismatch": ("andere eenheid", "unit mismatch"),
}


def t(key: str, **kw) -> str:
    """The text ``key`` in the current language, filled in with ``kw``."""
    nl, en = TEXT[key]
    return (nl if language() == "nl" else en).format(**kw)


def param_status_word(status: str) -> str:
    """A parameter's status (sourced, calibrated, ...) in the run's language; an unknown one as given."""
    nl, en = PARAM_STATUS.get(status, (status, status))
    return nl if language() == "nl" else en


def status_word(status: str) -> str:
    nl, en = STATUS.get(status, (status, status))
    return nl if language() == "nl" else en


def source_text(source: str | None) -> str:
    """A source as a person reads it: the status mark ``[calibrated]`` of the build-up and a calibrated value's
    note in the run's language (the citation as the file writes it)."""
    text = _localised(source)
    for key in PARAM_STATUS:
        text = text.replace(f"[{key}]", f"[{param_status_word(key)}]")
    return text
