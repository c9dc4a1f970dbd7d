"""iJw (iStandaarden Jeugdwet) product codes and units, as declaration systems carry them.

Sources (see docs/conventions.md §4.3): productcategorie is 2 positions (LDT_ProductCategorie, rule
RS009); a productcode is 5 positions under its category (standard codes start with the category, JZ21);
units are codelijst WJ756 (LDT_Eenheid): 01 Minuut, 04 Uur, 14 Etmaal, 16 Dagdeel (4 uur),
82 Stuks (output), 83 Euro's, 84 Stuks (inspanning). Amounts in iJw messages are integers in eurocent.

A product key in functiemix.yaml is one of:

* an iJw productcode: two digits (the productcategorie) and three digits or capitals, e.g. ``45B50``;
* the placeholder for a product whose code is still "ntb" (to be determined) in the source:
  ``ntb-<categorie>-<name>`` (``ntb-43-behandelgroep``) or, if the category is unknown too,
  ``ntb-<name>``. It exports with an empty productcode (and the category, if given). Where the source
  names the code elsewhere, use that code instead: NOB prints "ntb" for the behandelgroep (zwaar) in
  Tabel 11 and 16, and chapter 1 assigns 43B38, so that set keys it ``43B38``;
* a regional code that is not an iJw productcode (a region that publishes none, e.g. Midden-Limburg's
  ``ML01``): it starts with a letter and exports with an empty productcategorie and productcode.

Anything else (``45b50``, ``4B550``, ``45B500``, ``45 B50``) is an error on load.
"""

from __future__ import annotations

import re

#: the model's (and the regions') unit names -> WJ756 code and its name in the code list
WJ756: dict[str, tuple[str, str] | None] = {
    "minuut": ("01", "Minuut"),
    "uur": ("04", "Uur"),
    "etmaal": ("14", "Etmaal"),
    "dagdeel": ("16", "Dagdeel (4 uur)"),
    # units of products the model does not price (basis fixed / not_derivable), by their nature:
    "traject": ("82", "Stuks (output)"),       # a traject is declared as one piece of output
    "rit": ("84", "Stuks (inspanning)"),       # a ride is a piece of effort
    "lumpsum": ("83", "Euro's"),               # an amount: the volume is in eurocent
    "week": None,                              # WJ756 has no week; declared by regional agreement
}

IJW_CODE = re.compile(r"^(\d{2})[0-9A-Z]{3}$")
NTB_CODE = re.compile(r"^ntb(?:-(\d{2}))?-[a-z][0-9a-z_-]*$")
REGIONAL_CODE = re.compile(r"^[A-Za-z][0-9A-Za-z_-]{0,19}$")

CODE_RULE = ("an iJw productcode is 2 digits (the productcategorie) and 3 digits or capitals, e.g. 45B50; "
             "a product whose code is ntb is keyed ntb-<categorie>-<name> (ntb-43-behandelgroep); "
             "a regional code without an iJw code starts with a letter (ML01)")


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid product key, or None."""
    if IJW_CODE.match(code) or NTB_CODE.match(code):
        return None
    if code[:3].lower() == "ntb":
        return f"product code {code!r} is not a valid placeholder: use ntb-<categorie>-<name>, e.g. ntb-43-zwaar"
    if REGIONAL_CODE.match(code) and not code[:1].isdigit():
        return None
    return f"product code {code!r} is not valid: {CODE_RULE}"


def unit_problem(unit: str) -> str | None:
    if unit not in WJ756:
        return f"unit {unit!r} has no WJ756 code (known: {', '.join(WJ756)})"
    return None


def productcategorie(code: str) -> str | None:
    """The 2-digit iJw productcategorie of a product key, or None (regional code, ntb without category)."""
    m = IJW_CODE.match(code) or NTB_CODE.match(code)
    return m.group(1) if m else None


def productcode(code: str) -> str | None:
    """The iJw productcode of a product key, or None (placeholder or regional code)."""
    return code if IJW_CODE.match(code) else None


def wj756(unit: str) -> str | None:
    entry = WJ756.get(unit)
    return entry[0] if entry else None
