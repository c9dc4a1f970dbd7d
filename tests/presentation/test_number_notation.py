"""One Dutch notation per unit kind (presentation.money.value_nl), the same in the report, the explain
table and the parameter diff: euro amounts '€ 3.371,60', percentages '35%' / '35,5%', fractions '0,35',
hours '1.278' or '1.278,5' as the data has them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kostprijs.presentation.money import percent_nl, share_nl, unit_kind, value_nl


@pytest.mark.parametrize(("value", "unit", "text"), [
    (3371.6, "EUR/month", "€ 3.371,60"),          # the one-decimal rendering this replaces: '3.371,6'
    (2767, "EUR/month", "€ 2.767,00"),
    (13002.77, "EUR/month", "€ 13.002,77"),
    (22.5, "EUR/etmaal", "€ 22,50"),
    (0.01, "EUR", "€ 0,01"),
    (43.3333, "€/etmaal", "€ 43,3333"),           # more decimals only where the data has them
    (2.5185, "%", "2,5185%"),
    (35, "%", "35%"),
    (0.35, "fraction of personnel cost", "0,35"),
    (0.0833, "fraction of salary", "0,0833"),
    (0.25, "share of staff hours", "0,25"),
    (1278, "h/year", "1.278"),
    (1278.5, "h/year", "1.278,5"),
    (36, "h/week", "36"),
    (2026, "year", "2026"),                        # a year is no amount: not '2.026'
    (["jeugdzorg", "ggz"], "CAOs averaged", "jeugdzorg, ggz"),
    ("geen", "ORT variant", "geen"),
    (None, "EUR/month", "—"),
])
def test_value_in_the_notation_of_its_unit(value, unit, text):
    assert value_nl(value, unit) == text


def test_unit_kinds_of_the_parameter_files_and_their_dutch_rendering():
    assert {unit_kind(u) for u in ("EUR/month", "€/maand", "EUR")} == {"euro"}
    assert {unit_kind(u) for u in ("fraction of salary", "share of staff hours", "fractie van het salaris",
                                   "aandeel personeelsuren")} == {"fraction"}
    assert unit_kind("%") == "percent" and unit_kind("h/year") == "number" and unit_kind("year") == "year"


def test_percentages_as_the_data_has_them_or_with_fixed_decimals():
    assert share_nl(0.35) == "35%" and share_nl(0.355) == "35,5%" and share_nl(0.0833) == "8,33%"
    assert share_nl(0.115) == "11,5%"            # 0.115 * 100 is 11.500000000000002 in binary
    assert percent_nl(2.5, 2, signed=True) == "+2,50%" and percent_nl(-1.046, 3, signed=True) == "-1,046%"
    assert percent_nl(0.0, 2, signed=True) == "0,00%" and percent_nl(1234.5, None) == "1.234,5%"


def euro_value(text: str) -> Decimal:
    assert re.fullmatch(r"€ \d{1,3}(\.\d{3})*,\d{2,4}", text), text
    return Decimal(text[2:].replace(".", "").replace(",", "."))


def test_report_shows_every_euro_parameter_as_an_amount_that_reads_back_to_its_value(nob_tree):
    """Appendix A and the build-up tables: every value with a euro unit is '€ d.ddd,dd' and reads back
    to the parameter file's value (nothing rounded away); fractions stay fractions."""
    from kostprijs.parameters.compile import load
    from kostprijs.parameters.load import resolve

    records = {r.path: r for r in load(resolve(None, None), ()).records}
    seen = {"euro": 0, "fraction": 0}
    for tr in nob_tree.find("tr"):
        path = tr.attrs.get("data-path")
        if path is None or path not in records or records[path].value is None:
            continue
        rec = records[path]
        cell = tr.find("td", "num")[0]
        text = "".join(p for p in cell.parts if isinstance(p, str)).strip()
        kind = unit_kind(rec.unit)
        if kind == "euro":
            assert euro_value(text) == Decimal(str(rec.value)), (path, text)
            seen["euro"] += 1
        elif kind == "fraction":
            assert Decimal(text.replace(",", ".")) == Decimal(str(rec.value)), (path, text)
            seen["fraction"] += 1
    assert seen["euro"] > 100 and seen["fraction"] > 100, seen


def test_summary_gives_the_opslagen_as_percentages(nob_tree):
    summary = next(n for n in nob_tree.find("section") if n.attrs.get("id") == "samenvatting")
    text = summary.text
    assert "sociale lasten) 32%" in text and "overhead) 35%" in text and "risico) 2%" in text, text[:2000]
    assert "3.371,6 " not in text and "0,35%" not in text


@pytest.fixture(scope="module")
def nob_tree(tmp_path_factory):
    pytest.importorskip("jinja2")
    from kostprijs.analysis.report import build, load_inputs
    from kostprijs.presentation.report import render_html
    from tests.presentation.test_report import Tree

    pset, named, published = load_inputs(None, None, None, None)
    return Tree(render_html(build(pset, None, named, published))).root
