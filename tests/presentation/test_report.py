"""`kostprijs report` as HTML: read back as a reader sees it, the tariffs are `compute --format json`,
every calibrated value is marked, every internal link resolves, and the file is reproducible."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("jinja2")

from tests.parameters.test_regions import REGISTRY

VOID = {"meta", "br", "col", "link", "img", "input", "hr", "source", "wbr"}
EPOCH = "1767225600"   # 2026-01-01 00:00 UTC


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children, self.parts = tag, attrs, [], []

    @property
    def text(self) -> str:
        return " ".join("".join(p if isinstance(p, str) else p.text for p in self.parts).split())

    def iter(self):
        yield self
        for c in self.children:
            yield from c.iter()

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find(self, tag: str | None = None, cls: str | None = None):
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]


class Tree(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                del self.stack[k:]
                return

    def handle_data(self, data):
        self.stack[-1].parts.append(data)


def euro_cents(text: str) -> int | None:
    """'€ 1.234,56' as the reader reads it -> 123456; '—' -> None."""
    text = text.strip()
    if text in ("—", ""):
        return None
    assert text.startswith("€ "), text
    return int(Decimal(text[2:].replace(".", "").replace(",", ".")) * 100)


@pytest.fixture(scope="module")
def nob_html(tmp_path_factory):
    from kostprijs.cli import main

    out = tmp_path_factory.mktemp("report") / "onderbouwing.html"
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        with pytest.raises(SystemExit) as exc:
            main(["report", "--output", str(out)])
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert exc.value.code == 0
    return out


@pytest.fixture(scope="module")
def nob_tree(nob_html):
    return Tree(nob_html.read_text(encoding="utf-8")).root


def test_every_tariff_equals_compute_json(nob_tree, run):
    code, out, _ = run("compute", "--format", "json")
    assert code == 0
    computed = {r["code"]: r for r in json.loads(out)}
    table = nob_tree.find("table", "tariffs")[0]
    rows = [tr for tr in table.find("tr") if "data-code" in tr.attrs]
    assert [tr.attrs["data-code"] for tr in rows] == list(computed)   # every product, in the list's order
    for tr in rows:
        c = computed[tr.attrs["data-code"]]
        assert euro_cents(tr.find("td", "tariff")[0].text) == c["tariff_cents"], c["code"]
        assert euro_cents(tr.find("td", "tariff-micro")[0].text) == c["tariff_micro_cents"], c["code"]
    # and the tariff on each product page (the sentence above its build-up)
    for section in nob_tree.find("section", "product"):
        c = computed[section.attrs["data-code"]]
        strong = section.find("p", "product-facts")[0].find("strong")
        assert euro_cents(strong[0].text) == c["tariff_cents"]
        if c["tariff_micro_cents"] is not None:
            assert euro_cents(strong[1].text) == c["tariff_micro_cents"]
    # a published figure, as printed: 45B50 Begeleiding basis, Tabel 16 l.3475 "1,02€ 0,84€ Minuut"
    b50 = next(tr for tr in rows if tr.attrs["data-code"] == "45B50")
    assert b50.find("td", "tariff")[0].text == "€ 1,02" and b50.find("td", "tariff-micro")[0].text == "€ 0,84"


def test_every_calibrated_parameter_is_marked(nob_tree, run):
    _, out, _ = run("params", "--format", "json")
    calibrated = {r["path"] for r in json.loads(out) if r["status"] == "calibrated"}
    assert len(calibrated) >= 20          # the end-2020 top steps of the Jeugdzorg and GGZ tables
    rows = {th.attrs["id"][2:]: tr for tr in nob_tree.find("tr") for th in tr.find("th")[:1]
            if th.attrs.get("id", "").startswith("p-")}          # the anchor #p-<path> is the row's header cell
    assert len(rows) == len(json.loads(out))
    for path in calibrated:
        tr = rows[path]
        assert "st-calibrated" in tr.classes()
        assert [b.text for b in tr.find("td", "status")] == ["gekalibreerd"]
    for path, tr in rows.items():   # and nothing else carries the mark
        assert ("st-calibrated" in tr.classes()) == (path in calibrated)
    # every row anywhere else that shows a calibrated parameter carries the mark too: the salary section
    # lists each calibrated top step once, with its calibration (prior, feasible range, chosen value)
    shown = [tr for tr in nob_tree.find("tr") if "data-path" in tr.attrs and tr not in rows.values()]
    marked = [tr for tr in shown if tr.attrs["data-path"] in calibrated]
    assert marked and all("gekalibreerd" in tr.text and "st-calibrated" in tr.classes() for tr in marked)
    salaries = next(s for s in nob_tree.find("section") if s.attrs.get("id") == "salarissen")
    tops = {tr.attrs["data-path"]: tr for tr in salaries.find("tr")
            if tr.find("th") and tr.find("th")[0].attrs.get("id", "").startswith("salaris-")}
    assert {p for p in calibrated if p.endswith(".top")} <= set(tops)
    for path, tr in tops.items():
        if path in calibrated:
            note = tr.find("span", "calibration")[0].text
            value = next(r for r in json.loads(out) if r["path"] == path)["value"]
            assert "prior € " in note and "haalbaar bereik € " in note
            assert note.endswith(f"gekozen {tr.find('td', 'num')[0].text}") and euro_cents(
                tr.find("td", "num")[0].text) == round(value * 100)
    # the count per status on the first page of the appendix
    counts = {tr.find("span", "badge")[0].text: int(tr.find("td", "num")[0].text)
              for tr in nob_tree.find("table", "statuses")[0].find("tr") if tr.find("span", "badge")}
    assert counts["gekalibreerd"] == len(calibrated)
    assert sum(counts.values()) == len(rows)


def test_every_internal_link_resolves_and_contents_order(nob_tree):
    ids = [n.attrs["id"] for n in nob_tree.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    hrefs = [n.attrs["href"] for n in nob_tree.find("a") if n.attrs.get("href", "").startswith("#")]
    assert hrefs
    assert [h for h in hrefs if h[1:] not in set(ids)] == []
    # no external reference at all: self-contained
    for n in nob_tree.iter():
        for key in ("src", "href"):
            value = n.attrs.get(key)
            assert value is None or value.startswith("#"), (n.tag, value)
    assert nob_tree.find("script") == [] and nob_tree.find("link") == []
    # each part linkable, in the order of the issue
    order = ["titel", "inhoud", "samenvatting", "tarieven", "producten", "45B50", "salarissen", "parameters",
             "verificatie"]
    # the salary derivation has one anchor per CAO scale (and per level and column), as the product pages link them
    assert {"salaris-ghz-fwg45", "salaris-jh-7", "niveau-mbo4", "niveau-mbo4-ghz", "niveau-hboplus"} <= set(ids)
    assert [i for i in ids if i in order] == order


def test_accessible_structure(nob_tree):
    assert nob_tree.find("html")[0].attrs["lang"] == "nl"
    assert len(nob_tree.find("h1")) == 1
    for table in nob_tree.find("table"):
        assert table.find("th"), "a table without header cells"
        assert table.find("caption")
    charts = nob_tree.find("svg")
    assert charts
    for svg in charts:
        assert svg.attrs.get("role") == "img" and svg.find("title") and svg.find("desc")
        assert "€" in svg.find("desc")[0].text


def test_byte_identical_with_source_date_epoch(nob_html, tmp_path):
    """A second run in another process (another hash seed) writes the same bytes; the date is the epoch's."""
    again = tmp_path / "again.html"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "12345"}
    cli = "import sys; from kostprijs.cli import main; main(sys.argv[1:])"
    subprocess.run([sys.executable, "-c", cli, "report", "--output", str(again)], check=True, env=env,
                   capture_output=True)
    assert again.read_bytes() == nob_html.read_bytes()
    assert "<dt>Datum rapport</dt><dd>2026-01-01</dd>" in nob_html.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n, e in REGISTRY.items() if "dir" in e])
def test_every_shipped_model_set(name, run, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = run("report", "--region", name, "--output", str(out))
    assert code == 0, err
    tree = Tree(out.read_text(encoding="utf-8")).root
    _, js, _ = run("compute", "--region", name, "--format", "json")
    codes = [r["code"] for r in json.loads(js)]
    assert [s.attrs["data-code"] for s in tree.find("section", "product")] == codes


def test_set_override_is_on_the_title_page_and_in_the_tariffs(run, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = run("report", "--set", "opslagen.overhead=30%", "--product", "45B50", "--output", str(out))
    assert code == 0, err
    tree = Tree(out.read_text(encoding="utf-8")).root
    warning = tree.find("header")[0].find("div", "warning")[0]
    assert "opslagen.overhead" in warning.text
    _, js, _ = run("compute", "--set", "opslagen.overhead=30%", "--format", "json")
    b50 = next(r for r in json.loads(js) if r["code"] == "45B50")
    row = next(tr for tr in tree.find("tr") if tr.attrs.get("data-code") == "45B50")
    assert euro_cents(row.find("td", "tariff")[0].text) == b50["tariff_cents"] != 102
    assert [s.attrs["data-code"] for s in tree.find("section", "product")] == ["45B50"]


def test_scenarios_side_by_side(run, tmp_path):
    examples = Path(__file__).resolve().parents[2] / "examples"
    out = tmp_path / "r.html"
    code, _, err = run("report", "--scenario", str(examples / "overhead-30.yaml"), "--product", "45B50",
                       "--output", str(out))
    assert code == 0, err
    tree = Tree(out.read_text(encoding="utf-8")).root
    _, js, _ = run("compare", "--scenario", str(examples / "overhead-30.yaml"), "--format", "json")
    want = next(r for r in json.loads(js) if r["code"] == "45B50" and r["scenario"] == "overhead-30")
    row = next(tr for tr in tree.find("tr") if tr.attrs.get("data-code") == "45B50"
               and tr.attrs.get("data-scenario") == "overhead-30")
    cells = [td.text for td in row.find("td")]
    assert euro_cents(cells[1]) == round(want["tariff"] * 100)
    assert euro_cents(cells[2]) == round(want["delta"] * 100)
    assert cells[3] == f"{want['delta_pct']:+.2f}%".replace(".", ",")


def test_bad_input_is_one_line_and_no_file(run, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = run("report", "--product", "XXXXX", "--output", str(out))
    assert code == 2 and err.count("\n") == 1 and "XXXXX" in err
    assert not out.exists()
    code, _, err = run("report", "--region", "centraal-gelderland-2020", "--output", str(out))
    assert code == 2 and "no model parameter set" in err and not out.exists()


def test_year_and_sensitivity_appendices_are_the_commands_figures(run, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = run("report", "--year", "2025", "--sensitivity", "--product", "45B50", "--product", "43A36",
                       "--output", str(out))
    assert code == 0, err
    tree = Tree(out.read_text(encoding="utf-8")).root
    _, js, _ = run("index", "--to", "2025", "--format", "json")
    index = {(r["code"], r["year"]): r for r in json.loads(js)}
    table = tree.find("table", "index-tariffs")[0]
    rows = [tr for tr in table.find("tr") if "data-code" in tr.attrs]
    assert [tr.attrs["data-code"] for tr in rows] == ["45B50", "43A36"]
    for tr in rows:
        cells = tr.find("td")[1:]
        assert len(cells) == 6                                      # 2020 (prijspeil) ... 2025
        for year, td in zip(range(2020, 2026), cells, strict=True):
            want = index[(tr.attrs["data-code"], year)]
            assert euro_cents(td.text.split("micro")[0]) == round(want["tariff"] * 100)
    # the build-up of the product ends in the indexed tariff of 2025 (as explain --year)
    b50 = next(s for s in tree.find("section", "product") if s.attrs["data-code"] == "45B50")
    last = b50.find("table", "buildup")[0].find("tr")[-1]
    amount = last.find("td", "amount")[0].text.split("€/")[0]   # the amount, then its unit (€/minuut)
    assert euro_cents(amount) == round(index[("45B50", 2025)]["tariff"] * 100)
    _, js, _ = run("sensitivity", "--product", "45B50", "--product", "43A36", "--format", "json")
    sens = {p["code"]: p for p in json.loads(js)["products"]}
    figures = {f.attrs["id"].removeprefix("gevoeligheid-"): f for f in tree.find("figure", "tornado")}
    assert list(figures) == ["45B50", "43A36"]
    for code, fig in figures.items():
        caption = fig.find("figcaption")[0].text
        top = sens[code]["effects"][:3]
        for e in top:
            assert e["parameter"] in caption
        where = [caption.index(e["parameter"]) for e in top]
        assert where == sorted(where)
        assert fig.find("svg")[0].find("desc")


def test_a_premium_year_is_a_year_and_the_flat_rate_is_not_used(run, tmp_path):
    """Issue 15: with opslagen.sociale_lasten_jaar=2026 the title page names the year 2026 (not the amount
    2.026), the opslagen line says the sociale lasten come from the premiums instead of showing the unused 32%,
    and the appendix lists opslagen.sociale_lasten as 'niet gebruikt'."""
    out = tmp_path / "r.html"
    code, _, err = run("report", "--set", "opslagen.sociale_lasten_jaar=2026", "--product", "45B50",
                       "--output", str(out))
    assert code == 0, err
    tree = Tree(out.read_text(encoding="utf-8")).root
    warning = tree.find("header")[0].find("div", "warning")[0]
    assert "opslagen.sociale_lasten_jaar = 2026" in " ".join(warning.text.split())
    assert "2.026" not in warning.text
    line = next(" ".join(li.text.split()) for li in tree.find("li") if "uit premies 2026, per product" in li.text)
    assert "(1 + sociale lasten) uit premies 2026" in line and "32%" not in line
    row = next(tr for tr in tree.find("tr") if tr.attrs.get("data-path") == "opslagen.sociale_lasten")
    assert "st-not_used" in row.attrs.get("class", "") and "niet gebruikt" in row.text


def test_units_are_dutch(nob_html):
    """The parameter appendix and the build-up tables show a unit as labels.unit_text renders it."""
    html = nob_html.read_text(encoding="utf-8")
    assert "€/maand" in html and "fractie van de personeelskosten" in html
    assert "EUR/month" not in html and "fraction of personnel cost" not in html


def test_micro_build_up_starts_where_it_differs_from_the_normal_one(nob_tree):
    """The micro-onderneming table does not repeat the salary chain: it starts at the first step that
    differs (the overhead of a micro-onderneming, seed 004 Tabel 3), says so, and ends in the micro tariff."""
    section = next(s for s in nob_tree.find("section", "product") if s.attrs["data-code"] == "45B50")
    normal, micro = section.find("table", "buildup")
    assert normal.find("caption")[0].text == "Opbouw normaal tarief"
    assert micro.find("caption")[0].text == "Opbouw micro-onderneming (vanaf stap 7)"
    steps = [tr for tr in micro.find("tr") if tr.find("td")]
    assert steps[0].attrs["data-path"] == "opslagen.overhead_micro"
    assert steps[-1].find("td", "amount")[0].text.startswith("€ 0,84")        # Tabel 16 l.3475: 0,84
    note = next(p for p in section.find("p", "note") if "micro-tarief" in p.text)
    assert "de 6 stappen ervoor" in note.text and "normale tarief hierboven" in note.text
    # the 6 shared steps (the salary by the functiemix, x 12, the four opslagen of a.) are in the normal table,
    # with the same amount at the last of them
    shared = [tr for tr in normal.find("tr") if tr.find("td")][5]
    assert "sociale lasten" in shared.text and shared.find("td", "amount")[0].text.split()[1] in note.text


def level_rows(section) -> dict[str, Node]:
    return {tr.attrs["data-level"]: tr for tr in section.find("table", "mix")[0].find("tr") if "data-level" in tr.attrs}


@pytest.mark.parametrize("code", ["45B50", "43A36"])
def test_product_page_levels_are_the_explain_rows(nob_tree, run, code):
    """The product page shows the salary chain of `explain` per functiemix level in one row: the share, the
    level's salary (explain's row "gemiddelde over de cao's") and the running total (its functiemix row),
    marked 'gekalibreerd' exactly where explain shows a calibrated top step among the rows of that level;
    the build-up then starts from the functiemix-weighted salary."""
    _, js, _ = run("explain", code, "--format", "json")
    rows = json.loads(js)
    want, group = {}, []
    for r in rows:
        group.append(r)
        if (r["parameter"] or "").startswith(f"products.{code}.functiemix."):
            level = r["parameter"].rsplit(".", 1)[1]
            salary = next(g for g in group if g["parameter"] == f"products.{code}.caos")["amount"]
            calibrated = any(g["source"].endswith("[calibrated]") for g in group
                             if (g["parameter"] or "").endswith(".top"))
            want[level] = (r["value"], salary, r["amount"], calibrated)
            group = []
    section = next(s for s in nob_tree.find("section", "product") if s.attrs["data-code"] == code)
    shown = level_rows(section)
    assert list(shown) == list(want)
    for level, (share, salary, running, calibrated) in want.items():
        cells = shown[level].find("td")
        assert cells[0].text == f"{share * 100:g}%"
        assert cells[1].text == f"€ {salary:,.4f}".translate(str.maketrans(",.", ".,"))
        assert cells[2].text == f"€ {running:,.4f}".translate(str.maketrans(",.", ".,"))
        assert ("st-calibrated" in shown[level].classes()) == calibrated
        assert ("gekalibreerd" in cells[3].text) == calibrated
    first = next(tr for tr in section.find("table", "buildup")[0].find("tr") if tr.find("td"))
    mix = [n for n, r in enumerate(rows) if (r["parameter"] or "").startswith(f"products.{code}.functiemix.")]
    last_level = rows[mix[-1]]
    assert first.find("td", "amount")[0].text.split("€/")[0].strip() == \
        f"€ {last_level['amount']:,.4f}".translate(str.maketrans(",.", ".,"))
    # no top step of a CAO scale is repeated on the product page: it is in the salary section, once
    assert not [tr for tr in section.find("tr") if tr.attrs.get("data-path", "").endswith(".top")]
    # nor the Tabel 4 derivation of the hours (bruto, aftrek): the hours section has it, with explain's values;
    # the product keeps the trace's step, the client-bound hours, and links to the derivation
    tabel4 = [r for r in rows if (r["parameter"] or "").startswith("productiviteit.")]
    hours = next(s for s in nob_tree.find("section") if s.attrs.get("id") == "uren")
    listed = {tr.attrs["data-path"]: tr for tr in hours.find("tr") if "data-path" in tr.attrs}
    on_page = {tr.attrs["data-path"]: tr for tr in section.find("tr") if "data-path" in tr.attrs}
    assert len(tabel4) == 8
    for r in tabel4:
        assert r["parameter"] in listed
        shown = listed[r["parameter"]].find("td", "num")[0].text
        assert shown == f"{r['value']:,.0f}".replace(",", ".") + "uur/jaar"   # the value, then its unit
        assert (r["parameter"] in on_page) == r["parameter"].endswith(".clientgebonden")
    link = on_page[tabel4[-1]["parameter"]].find("a")[-1].attrs["href"][1:]
    assert link.startswith("uren-") and link in {tr.attrs.get("id") for tr in hours.find("tr")}


def test_salary_mark_follows_the_inputs(run, tmp_path):
    """With every top step of MBO4's scales for 45B50 overridden, MBO4's salary is 'aangepast', not
    calibrated; HBO shares jeugdzorg 8 with MBO4 but still rests on calibrated steps, and stays marked."""
    tops = ["caos.jeugdzorg.7.top", "caos.jeugdzorg.8.top", "caos.ggz.FWG40.top", "caos.ggz.FWG45.top",
            "caos.gehandicaptenzorg.FWG40.top", "caos.gehandicaptenzorg.FWG45.top"]
    out = tmp_path / "r.html"
    sets = [a for t in tops for a in ("--set", f"{t}=3000")]
    code, _, err = run("report", *sets, "--product", "45B50", "--output", str(out))
    assert code == 0, err
    tree = Tree(out.read_text(encoding="utf-8")).root
    shown = level_rows(next(s for s in tree.find("section", "product")))
    assert "st-override" in shown["MBO4"].classes() and "aangepast" in shown["MBO4"].text
    assert "gekalibreerd" not in shown["MBO4"].text
    assert "st-calibrated" in shown["HBO"].classes() and "gekalibreerd" in shown["HBO"].text
    salaries = next(s for s in tree.find("section") if s.attrs.get("id") == "salarissen")
    ghz45 = next(tr for tr in salaries.find("tr")
                 if tr.find("th") and tr.find("th")[0].attrs.get("id") == "salaris-ghz-fwg45")
    assert "st-override" in ghz45.classes() and euro_cents(ghz45.find("td", "num")[0].text) == 300000
