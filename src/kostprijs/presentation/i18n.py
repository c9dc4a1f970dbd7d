"""Every text a person reads in a table, in one catalogue: Dutch (default) and English (``--lang en``).

JSON keys, the intl CSV header and the Python API do not change with the language; only what people read
does. The language is chosen once per run (cli/options.py: ``--lang``) with :func:`kostprijs.language.set_language`.
"""

from __future__ import annotations

from kostprijs.language import LANGUAGES, language, set_language

__all__ = ["LANGUAGES", "STATUS", "TEXT", "language", "set_language", "status_word", "t"]

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
    "shortened": ("Lange namen ingekort (…); volledig met --wide of --format csv.",
                  "Long names shortened (…); in full with --wide or --format csv."),
    "baseline": ("Uitgangssituatie", "Baseline"),
    "step": ("Stap", "Step"),
    "value": ("Waarde", "Value"),
    "amount": ("Bedrag", "Amount"),
    "source": ("Bron", "Source"),
    "explain_caption": ("Bronnen voluit: --format json. Bedragen zijn lopende totalen.",
                        "Sources in full: --format json. Amounts are running totals."),
    "compare_title": ("Scenario's tegen de uitgangssituatie (tarief; micro tussen haakjes)",
                      "Scenarios versus baseline (tariff; micro in brackets)"),
    "compare_summary": ("{scenario}: Δ% over {n} modeltarieven (normaal en micro): gemiddeld {mean}, "
                        "min {min}, max {max}.", "{scenario}: Δ% over {n} model tariffs (normal and micro): "
                        "mean {mean}, min {min}, max {max}."),
    "model": ("model", "model"),
    "fixed": ("vast tarief", "fixed tariff"),
    "not_derivable": ("n.v.t.", "n/a"),
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
    "not_used": ("niet gebruikt", "not used"),   # a parameter the set lists but does not use (params)
}


def t(key: str, **kw) -> str:
    """The text ``key`` in the current language, filled in with ``kw``."""
    nl, en = TEXT[key]
    return (nl if language() == "nl" else en).format(**kw)


def status_word(status: str) -> str:
    nl, en = STATUS.get(status, (status, status))
    return nl if language() == "nl" else en
