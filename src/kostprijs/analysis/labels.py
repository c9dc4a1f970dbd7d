"""Every text a tariff build-up shows, by step key, in one place and in both languages.

``explain`` (and so the XLSX Opbouw sheet and the report's product pages) and the waterfall picture
render the model's trace (:class:`kostprijs.core.model.Trace`) with these texts; none of them is parsed
back. Each entry is ``(Dutch, English)``; the run's language (:mod:`kostprijs.language`, ``--lang``,
Dutch by default) picks one when the text is asked for, never at import. The texts live here, not in
the table catalogue ``presentation/i18n.py``, because analysis must not depend on presentation; the
language itself is the one both read. ``{names}`` are filled in per product; numbers in a Dutch text
are written the Dutch way (``35,5%``, ``€ 0,60``).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from numbers import Number

from kostprijs.core.rounding import Description
from kostprijs.language import dutch_digits, language, pick, raise_nl


class Texts(Mapping):
    """A table of ``key: (Dutch, English)`` read in the run's language at each lookup."""

    def __init__(self, texts: dict):
        self._texts = texts

    def __getitem__(self, key):
        return pick(*self._texts[key])

    def __iter__(self) -> Iterator:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


class _Formatter(string.Formatter):
    """str.format, with a number written the Dutch way (decimal comma, thousands dot) in Dutch."""

    def format_field(self, value, format_spec):
        if format_spec == "pct":   # a share as a percentage with the decimals it has: 0.9 -> 90%, 0.325 -> 32,5%
            text = f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
        else:
            text = format(value, format_spec)
        if language() == "nl" and isinstance(value, Number) and not isinstance(value, bool):
            text = dutch_digits(text)
        return text


_fmt = _Formatter()

#: The cost elements of art. 2.3 Besluit Jeugdwet (reële prijzen) that head the explain rows.
ELEMENTS = Texts({
    "a": ("a. beroepskrachten (cliëntgebonden)", "a. professionals (client-bound)"),
    "a_productivity": ("a. beroepskrachten (niet-cliëntgebonden: productiviteit)",
                       "a. professionals (non-client-bound: productivity)"),
    "a_unit": ("a. beroepskrachten (per eenheid)", "a. professionals (per unit)"),
    "b": ("b. andere cliëntgebonden kosten", "b. other client-bound costs"),
    "c": ("c. overhead (en risico-opslag)", "c. overhead (and risk mark-up)"),
    "d": ("d. indexering", "d. indexation"),
    "tariff": ("tarief", "tariff"),
})

#: Per opslag (the ModelArrays field it applies, see kostprijs.core.model.OPSLAGEN): its explain
#: step and its name in the waterfall, each (Dutch, English). ``{variant}`` is the ORT variant a
#: product names. The waterfall keeps the model's own Dutch names in both languages.
OPSLAGEN = {
    "vakantiegeld": (("+ vakantiegeld (over het salaris)", "+ vakantiegeld (on salary)"),
                     ("vakantiegeld", "vakantiegeld")),
    "eindejaarsuitkering": (("+ eindejaarsuitkering (over het salaris)", "+ eindejaarsuitkering (on salary)"),
                            ("EJU", "EJU")),
    "ort": (("+ ORT '{variant}' (over dezelfde grondslag als het vakantiegeld)",
             "+ ORT '{variant}' (same base as vakantiegeld)"), ("ORT", "ORT")),
    "sociale_lasten": (("x (1 + sociale lasten)", "x (1 + sociale lasten)"), ("sociale lasten", "sociale lasten")),
    "overhead": (("x (1 + overhead)", "x (1 + overhead)"), ("overhead", "overhead")),
    "overhead_micro": (("x (1 + overhead) van een micro-onderneming", "x (1 + overhead) for a micro-onderneming"),
                       ("overhead (micro)", "overhead (micro)")),
    "risico": (("x (1 + risico-opslag), over personeelskosten en overhead",
                "x (1 + risico), over personnel cost and overhead"), ("risico", "risico")),
}

#: The sociale lasten from premiums (opslagen.sociale_lasten_jaar): the components as
#: kostprijs.parameters.premiums.components names them; the explain steps are in STEPS (premium_*).
PREMIUMS = Texts({
    "pension": ("pensioen PFZW (werkgeversdeel)", "pension PFZW (employer part)"),
    "pension_ap": ("pensioen AP", "pension AP"),
    "pension_wia_excedent": ("pensioen WIA-excedent", "pension WIA-excedent"),
    "awf": ("AWf", "AWf"),
    "aof": ("Aof", "Aof"),
    "whk": ("Whk", "Whk"),
    "wko": ("Wko", "Wko"),
    "zvw": ("Zvw werkgeversheffing", "Zvw employer levy"),
    "other_personnel_costs": ("andere personeelskosten", "other personnel costs"),
})

#: The other explain steps.
STEPS = Texts({
    "premium_component": ("  {level}: {component} over € {wage:,.0f}/jaar",
                          "  {level}: {component} on EUR {wage:,.0f}/year"),
    "premium_level": ("  {level}: sociale lasten van het niveau", "  {level}: sociale lasten of the level"),
    "premium_product": ("x (1 + sociale lasten), uit premies (gewogen over de niveaus)",
                        "x (1 + sociale lasten), from premiums (weighted over the levels)"),
    "top": ("{level}: {cao} {scale} ({share:.0%} van het niveau), hoogste trede",
            "{level}: {cao} {scale} ({share:.0%} of the level), top step"),
    "salary_table": ("  {cao} {scale}: tabel van {since:%d-%m-%Y}", "  {cao} {scale}: table of {since:%d-%m-%Y}"),
    "salary_raise": ("  verhoging {since:%d-%m-%Y}: {what}", "  raise {since:%d-%m-%Y}: {what}"),
    "cao_salary": ("{level}: {column} ({cao}) x {pct:.0%} van de hoogste trede",
                   "{level}: {column} ({cao}) x {pct:.0%} of the top step"),
    "level_salary": ("{level}: gemiddelde over de cao's van het product", "{level}: average over the product's CAOs"),
    "functiemix": ("functiemix {level} {share:pct}", "functiemix {level} {share:pct}"),
    "levels_total": ("salaris per maand volgens de functiemix (per niveau: de tabel hierboven)",
                     "monthly salary by the functiemix (per level: the table above)"),
    "yearly": ("x 12 maanden", "x 12 months"),
    "bruto": ("Tabel 4 '{column}': bruto-uren", "Tabel 4 '{column}': bruto hours"),
    "aftrek": ("- {part}", "- {part}"),
    "hourly": ("/ cliëntgebonden (productieve) uren", "/ client-bound (productive) hours"),
    "per_minuut": ("per minuut: / 60", "per minute: / 60"),
    "per_uur": ("per uur", "per hour"),
    "per_uur_group": ("per uur per jeugdige: één uur personeel gedeeld door de groep",
                      "per hour per young person: one staff hour shared by the group"),
    "staffing": ("personeelsinzet: {name}", "staffing: {name}"),
    "unit_hours": ("x uren personeel per {unit} ({how})", "x staff hours per {unit} ({how})"),
    "unit_hours_fte": ("fte / groep x productieve uren / dagen per jaar",
                       "FTE / group x productive hours / days per year"),
    "unit_hours_staff": ("uren personeel / groepsgrootte", "staff hours / group size"),
    "unit_hours_source": ("personeelsinzet hierboven", "staffing above"),
    "unit_hours_days": ("; {days:g} dagen per jaar (kalender.dagen_per_jaar)",
                        "; {days:g} days per year (kalender.dagen_per_jaar)"),
    "fixed": ("+ {name} (na overhead en risico, zonder opslag)", "+ {name} (after overhead and risico, not marked up)"),
    "no_index": ("prijspeil {prijspeil}: geen indexering toegepast", "prijspeil {prijspeil}: no indexation applied"),
    "index_year": ("{year}: index {index:.4g}%{correction}, klasse {klass}",
                   "{year}: index {index:.4g}%{correction}, class {klass}"),
    "index_correction": (" + correctie {correction:.4g}%", " + correction {correction:.4g}%"),
    "index_figure": ("{series} {pct:g}% ({status}, gewicht {weight:.0%})",
                     "{series} {pct:g}% ({status}, weight {weight:.0%})"),
    "indexed_tariff": ("{step} ({year})", "{step} ({year})"),
    "rounding": ("afronding {rule}", "rounding: {rule}"),
    "fixed_tariff": ("vast tarief (niet door het model opgebouwd)", "fixed tariff (not built by the model)"),
    "fixed_tariff_why": ("reden", "why"),
})

#: Amount units of the explain rows.
AMOUNT_UNITS = Texts({
    "month": ("€/maand", "EUR/month"),
    "month_cumulative": ("€/maand (cumulatief)", "EUR/month (cumulative)"),
    "year": ("€/jaar per fte", "EUR/year per FTE"),
    "hourly": ("€/uur (ongerond)", "EUR/h (unrounded)"),
    "unit": ("€/{unit}", "EUR/{unit}"),
    "unit_personnel": ("€/{unit} (personeel)", "EUR/{unit} (personnel)"),
    "unit_unrounded": ("€/{unit} (ongerond)", "EUR/{unit} (unrounded)"),
})

#: The bars of the waterfall (`explain --plot`); the opslagen take their names from OPSLAGEN.
WATERFALL = Texts({
    "salary": ("salaris", "salary"),
    "productivity": ("productiviteit", "productivity"),
    "productivity_fte": ("productiviteit\n(n.v.t.: fte-basis)", "productivity\n(n/a: FTE basis)"),
    "productivity_in_hours": ("productiviteit\n(in het uurtarief)", "productivity\n(in the hourly rate)"),
    "fixed": ("vaste delen", "fixed parts"),
    "tariff": ("tarief", "tariff"),
    "fixed_tariff": ("vast tarief (buiten het model)", "fixed tariff (outside the model)"),
})

#: The rounding rules (:func:`kostprijs.core.rounding.describe` gives the key and the step in euro).
ROUNDING = Texts({
    "up_minute": ("naar boven op hele centen per minuut (= uurtarief naar boven op een veelvoud van {step})",
                  "up to a whole cent per minute (= hourly up to a multiple of {step})"),
    "up": ("naar boven op een veelvoud van {step}", "up to a multiple of {step}"),
    "half_up_cent": ("rekenkundig op hele centen", "half-up to the cent"),
    "half_up": ("rekenkundig op een veelvoud van {step}", "half-up to a multiple of {step}"),
    "none": ("geen afrondingsregel", "no rounding rule"),
    "published": ("zoals gepubliceerd", "as published"),
    "fixed": ("zoals gepubliceerd (vast tarief)", "as published (fixed tariff)"),
    "no_tariff": ("geen (geen tarief)", "none (no tariff)"),
    "fixed_indexed": ("rekenkundig op hele centen (gepubliceerd vast tarief, geïndexeerd)",
                      "half-up to the cent (published fixed tariff, indexed)"),
    "fixed_not_indexed": ("zoals gepubliceerd (vast tarief, niet geïndexeerd)",
                          "as published (fixed tariff, not indexed)"),
})


def step(key: str, **kw) -> str:
    """The explain step ``key``, filled in."""
    return _fmt.format(STEPS[key], **kw)


def amount_unit(key: str, **kw) -> str:
    return _fmt.format(AMOUNT_UNITS[key], **kw)


def opslag_step(field: str, **kw) -> str:
    return _fmt.format(pick(*OPSLAGEN[field][0]), **kw)


def opslag_name(field: str) -> str:
    return pick(*OPSLAGEN[field][1])


def waterfall(key: str) -> str:
    return WATERFALL[key]


def rounding_text(rule: Description) -> str:
    """A rounding rule as a sentence: ``naar boven afgerond op hele centen per minuut (...)``."""
    euro = pick(f"€ {rule.step_euro:.2f}".replace(".", ","), f"EUR {rule.step_euro:.2f}")
    return ROUNDING[rule.key].format(step=euro)


#: The units of the parameter files (``unit:`` in params/**/*.yaml) and of the explain rows, as a
#: person reads them: (Dutch, English). The files (and the JSON, which shows the unit as the file
#: states it) keep their own notation; :func:`unit_text` renders it. ``EUR/<x>`` and ``h/<x>`` are
#: composed from the part after the slash (a product unit such as etmaal, or a unit below).
UNITS = Texts({
    "EUR": ("€", "EUR"),
    "%": ("%", "%"),
    "h": ("uur", "h"),
    "min/h": ("min/uur", "min/h"),
    "months": ("maanden", "months"),
    "month": ("maand", "month"),
    "hour": ("uur", "hour"),
    "week": ("week", "week"),
    "year": ("jaar", "year"),
    "percent": ("procent", "percent"),
    "share": ("aandeel", "share"),
    "share of the tariff": ("aandeel van het tarief", "share of the tariff"),
    "share of staff hours": ("aandeel van de personeelsuren", "share of staff hours"),
    "fraction of salary": ("fractie van het salaris", "fraction of salary"),
    "fraction of gross salary": ("fractie van het brutosalaris", "fraction of gross salary"),
    "fraction of yearly wage": ("fractie van het jaarloon", "fraction of yearly wage"),
    "fraction of personnel cost": ("fractie van de personeelskosten", "fraction of personnel cost"),
    "fraction of (personnel cost + overhead)": ("fractie van (personeelskosten + overhead)",
                                                "fraction of (personnel cost + overhead)"),
    "fraction of top step": ("fractie van de hoogste trede", "fraction of top step"),
    "days/year": ("dagen/jaar", "days/year"),
    "EUR/month per inpassingsnummer": ("€/maand per inpassingsnummer", "EUR/month per inpassingsnummer"),
    "staff h per group hour": ("uur personeel per groepsuur", "staff h per group hour"),
    "FTE/groep": ("fte/groep", "FTE/groep"),
    "FTE/jeugdige": ("fte/jeugdige", "FTE/jeugdige"),
    "CAOs averaged": ("gemiddelde cao's", "CAOs averaged"),
    "ORT variant": ("ORT-variant", "ORT variant"),
    "productiviteit column": ("kolom productiviteit", "productiviteit column"),
    "rule": ("regel", "rule"),
    "method": ("methode", "method"),
    "condition": ("voorwaarde", "condition"),
    "indication": ("indicatie", "indication"),
    "duration": ("duur", "duration"),
    "eligibility": ("toelating", "eligibility"),
    "billing subject": ("declaratie-eenheid", "billing subject"),
    "added after overhead and risico": ("opgeteld na overhead en risico", "added after overhead and risico"),
    "declarable client time": ("declarabele cliënttijd", "declarable client time"),
    "raise": ("verhoging", "raise"),
})

#: Units that are Dutch already (the WJ756 product units and the units the Dutch sources state):
#: shown as they are, in both languages.
DUTCH_UNITS = frozenset({
    "etmaal", "minuut", "uur", "dagdeel", "dag", "traject", "rit", "ritten", "jeugdigen", "voorzieningen",
    "inpassingsnummer", "lumpsum", "inzet personeel", "weken", "weken per jaar", "weken (clause 2)",
    "weken (clause 5)", "minuten", "uur per jaar", "contactmomenten (minimum)", "jaar (trajectduur)",
    "jaar (behandeltraject)", "minuten per 6 maanden (52 uur)", "minuten per cliënt per traject",
    "minuten per cliënt per jaar", "minuten eenmalige uitbreiding", "minuten eenmalig voor een nieuwe cliënt",
    "kinderen per medewerker (categorie 1 en 2)", "kinderen per medewerker (categorie 3)",
})


def _unit(unit: str) -> str | None:
    if unit in UNITS:
        return UNITS[unit]
    if unit in DUTCH_UNITS:
        return unit
    for head in ("EUR/", "h/"):
        if unit.startswith(head) and (rest := _unit(unit[len(head):])) is not None:
            return UNITS[head[:-1]] + "/" + rest
    return None


def has_unit_text(unit: str) -> bool:
    """Whether :func:`unit_text` knows ``unit`` (every unit of the shipped sets does; tests check)."""
    return _unit(unit) is not None


def unit_text(unit: str | None) -> str:
    """A unit as a person reads it, in the run's language: ``EUR/month`` -> ``€/maand``,
    ``fraction of salary`` -> ``fractie van het salaris``; a unit it does not know (a region's own
    file) as the file states it; None as ''."""
    if not unit:
        return ""
    text = _unit(str(unit))
    return str(unit) if text is None else text


#: The names of the CAO steps that are words (kostprijs.parameters.salary_tables: "top" and a table's
#: "first"); a trede number stays as it is.
STEP_NAMES = Texts({
    "top": ("hoogste trede", "top"),
    "first": ("eerste trede", "first"),
})


def step_name(name: str) -> str:
    return STEP_NAMES.get(name, name)


def raise_text(r) -> str:
    """A CAO raise (:class:`kostprijs.parameters.salary_tables.RaiseStep`) as a person reads it:
    ``+2,2% (min. € 85 per maand)``, ``+ € 37/maand``, ``bodem € 15/uur``; in English as the record words it."""
    if language() == "en" or all(p is None for p in r.parts):
        return r.what
    return raise_nl(*r.parts)


def cao_derivation(s) -> str:
    """How a CAO amount at a date was reached (:class:`kostprijs.parameters.salary_tables.StepInForce`):
    the table, then each raise with the amount after it; the JSON keeps the record's English ``derivation``."""
    table = _fmt.format("{since:%d-%m-%Y}", since=s.table_since)
    if not s.chain:
        return pick(f"tabel van {table}", f"table of {s.table_since.isoformat()}")
    if language() == "en":
        return s.derivation
    steps = "; ".join(_fmt.format("{since:%d-%m-%Y} {what} -> € {amount:,.2f}", since=r.since, what=raise_text(r),
                                  amount=r.amount) for r in s.chain)
    return _fmt.format("tabel van {table}: € {value:,.2f}; ", table=table, value=s.table_value) + steps


#: The notes kostprijs writes beside a comparison (verify, check, implied; analysis/comparison.py): why a
#: tariff was not compared, how it was. A note from a file (a map's or a product's ``note:``) is shown as
#: written.
NOTES = Texts({
    "band": ("invoer afgedrukt met beperkte precisie (fte op 2 decimalen): het model geeft € {lo:.2f}..€ {hi:.2f}",
             "input printed with limited precision (FTE to 2 decimals): the model gives {lo:.2f}..{hi:.2f}"),
    "no_pub": ("geen tarief gepubliceerd ({printed})", "no tariff published ({printed})"),
    "empty": ("leeg", "empty"),
    "no_product": ("geen product met deze code in de parameterset", "no product with this code in the parameter set"),
    "no_code": ("geen code op deze regel", "no code on this line"),
    "no_model_tariff": ("{code}: geen modeltarief ({basis})", "{code}: no model tariff ({basis})"),
    "fixed": ("vast tarief in de parameterset (niet berekend)", "fixed tariff in the parameter set (not computed)"),
    "no_micro": ("{code}: de parameterset heeft geen micro-tarief (micro: false)",
                 "{code}: the parameter set has no micro tariff (micro: false)"),
    "unit_not_compared": ("eenheid {file!r} in het bestand, {model!r} in het model: niet vergeleken",
                          "unit {file!r} in the file, {model!r} in the model: not compared"),
    "unit_converted": ("eenheid {file!r} in het bestand, {model!r} in het model: vergeleken met {factor:g} x het "
                       "ongeronde modeltarief, rekenkundig afgerond",
                       "unit {file!r} in the file, {model!r} in the model: compared with {factor:g} x the "
                       "unrounded model tariff, rounded half-up"),
    "unit_bounds": ("eenheid {file!r} in het bestand, {model!r} in het model: alleen een tarief in de eenheid van "
                    "het model begrenst het", "unit {file!r} in the file, {model!r} in the model: only a tariff in "
                    "the model's unit bounds it"),
    "off": ("{diff:+d} cent afwijkend", "off by {diff:+d} cent(s)"),
    "not_in_set": ("geen product {code!r} in parameterset {name}", "no product {code!r} in parameter set {name}"),
    "give_map": (" (geef --map voor de codes van een andere regio)", " (give --map for another region's codes)"),
    "no_counterpart": ("{path}: geen tegenhanger", "{path}: no counterpart"),
    "unexpected_expected": ("onverwacht: {code} {variant} wijkt {cents:+d} cent af, verwacht {expected:+d} cent",
                            "unexpected: {code} {variant} off by {cents:+d} cent(s), expected {expected:+d} cent(s)"),
    "unexpected_new": ("onverwacht: {code} {variant} wijkt {cents:+d} cent af, niet in de verwachte verschillen",
                       "unexpected: {code} {variant} off by {cents:+d} cent(s), not in the expected differences"),
    "missing": ("ontbreekt: {code} {variant} zou {cents:+d} cent afwijken, maar wijkt niet af (of staat niet in de "
                "lijst)", "missing: {code} {variant} expected off by {cents:+d} cent(s), but it is not off (or not "
                "in the list)"),
    "expected": ("verwachte verschillen: {n} zoals verwacht, {u} onverwacht, {m} ontbrekend",
                 "expected differences: {n} as expected, {u} unexpected, {m} missing"),
})


def note(key: str, **kw) -> str:
    """The comparison note ``key``, filled in (numbers the Dutch way in Dutch)."""
    return _fmt.format(NOTES[key], **kw)
