"""Every text a person reads in a table, in one catalogue: Dutch (default) and English (``--lang en``).

JSON keys, the intl CSV header and the Python API do not change with the language; only what people read
does. The language is chosen once per run (cli/options.py: ``--lang``) with :func:`kostprijs.language.set_language`.
"""

from __future__ import annotations

from kostprijs.language import LANGUAGES, language, set_language

__all__ = ["LANGUAGES", "PARAM_STATUS", "STATUS", "TEXT", "language", "param_status_word", "set_language",
           "status_word", "t"]

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
