"""The report as a reader opens it: the HTML in headless Chromium (no console error, every internal link
lands on its target, screenshots kept), and the PDF rendered to PNG (the expected pages, none blank,
page numbers and running header, the same text on every run).

Screenshots and PDF pages are kept in tests/artifacts/ (git-ignored): report-page1.png,
report-45B50.png (a product page in the browser) and report-pdf-page-1.png, report-pdf-45B50.png.
Chromium and poppler-utils are Debian packages that .ci/run installs; without them these tests skip
locally and fail under CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import Browser, chromium_binary
from tests.conftest import in_ci

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
EPOCH = "1767225600"
PRODUCT = "45B50"


def need(what: str, ok: bool) -> None:
    if ok:
        return
    if in_ci():
        pytest.fail(f"{what} is missing: .ci/run installs it (apt-get install chromium poppler-utils)",
                    pytrace=False)
    pytest.skip(f"{what} is not installed (apt-get install chromium poppler-utils)")


def report(tmp_path: Path, *args: str, fmt: str = "html") -> Path:
    out = tmp_path / f"onderbouwing.{fmt}"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    cli = "import sys; from kostprijs.cli import main; main(sys.argv[1:])"
    subprocess.run([sys.executable, "-c", cli, "report", "--format", fmt, "--output", str(out), *args], check=True,
                   env=env, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def html_file(tmp_path_factory):
    pytest.importorskip("jinja2")
    return report(tmp_path_factory.mktemp("html"))


LINK_CHECK = """(() => {
  const broken = [];
  const links = [...document.querySelectorAll('a[href^="#"]')];
  for (const a of links) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!document.getElementById(id)) broken.push(a.getAttribute('href'));
  }
  return {links: links.length, broken: broken};
})()"""


def test_html_in_chromium(html_file):
    need("chromium", chromium_binary() is not None)
    with Browser() as b:
        b.open(html_file.as_uri())
        assert b.console_errors() == []
        assert b.evaluate("document.documentElement.lang") == "nl"
        links = b.evaluate(LINK_CHECK)
        assert links["links"] > 100 and links["broken"] == []
        # following a link lands on the product: its heading at the top of the window
        b.evaluate(f"document.querySelector('a[href=\"#{PRODUCT}\"]').click()")
        top = b.evaluate(f"document.getElementById('{PRODUCT}').getBoundingClientRect().top")
        assert abs(top) < 2, top
        assert b.evaluate("location.hash") == f"#{PRODUCT}"
        # the charts are drawn (inline SVG has a size) and the tariff table has every product
        section = f"document.getElementById('{PRODUCT}').closest('section')"   # the id is on its heading
        svg = f"{section}.querySelector('svg')"
        assert b.evaluate(f"{svg}.getBoundingClientRect().height") > 100
        assert b.evaluate("document.querySelectorAll('table.tariffs tbody tr').length") == 51
        b.evaluate("window.scrollTo(0, 0)")
        first = b.screenshot(ARTIFACTS / "report-page1.png")
        rect = b.evaluate(f"(() => {{ const r = {section}.getBoundingClientRect();"
                          "return {x: 0, y: r.top + window.scrollY, width: 1200, "
                          "height: Math.min(r.height, 1600)}; })()")
        product = b.screenshot(ARTIFACTS / f"report-{PRODUCT}.png", rect)
        assert b.console_errors() == []
    for png in (first, product):
        assert png.stat().st_size > 20_000   # a page with content, not an empty canvas


def test_console_errors_are_caught(html_file, tmp_path):
    """The check above can fail: a page that logs an error is reported."""
    need("chromium", chromium_binary() is not None)
    bad = tmp_path / "bad.html"
    bad.write_text(html_file.read_text(encoding="utf-8").replace(
        "</body>", "<script>console.error('kapot'); undefinedFunction();</script></body>"), encoding="utf-8")
    with Browser() as b:
        b.open(bad.as_uri())
        errors = b.console_errors()
    assert any("kapot" in e for e in errors) and len(errors) >= 2


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def blank_pages(pdf: Path, out: Path) -> list[int]:
    """Pages whose PNG (pdftoppm, 20 dpi, grey) has (almost) no dark pixel."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(pdf), str(out / "p")], check=True)
    blank = []
    for n, png in enumerate(sorted(out.glob("p-*.png")), 1):
        hist = Image.open(png).histogram()
        if sum(hist[:160]) < 20:
            blank.append(n)
    return blank


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    pytest.importorskip("weasyprint")
    need("poppler-utils (pdftoppm)", shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None)
    return report(tmp_path_factory.mktemp("pdf"), "--product", PRODUCT, "--product", "43A36", fmt="pdf")


def test_pdf_pages_numbers_and_no_blank_page(small_pdf, tmp_path):
    n = pdf_pages(small_pdf)
    texts = page_texts(small_pdf)
    assert len(texts) == n
    # title page, contents, summary, tariff list (51 rows), 2 products (2 pages each), Bijlage A (salaries per
    # level and scale, Tabel 4 hours: 4 pages), B (337 parameters, 16 pages), C (verify, 59 rows): 37 pages
    assert 32 <= n <= 44
    assert blank_pages(small_pdf, tmp_path / "png") == []
    # page numbers "pagina N van M" and the running header on every page but the title page
    for k, text in enumerate(texts[1:], 2):
        assert f"pagina {k} van {n}" in text
        assert "Onderbouwing tarieven · nob-2021 · prijspeil 2020" in text
    # each product starts on a page of its own, with its heading
    starts = [k for k, t in enumerate(texts) if re.search(rf"^\s*{PRODUCT} Begeleiding basis\s*$", t, re.M)]
    assert len(starts) == 1
    before = texts[starts[0] - 1]
    assert "43A36" not in before.split("Opbouw per product")[-1] if "Opbouw per product" in before else True
    # the contents give the page of each part (target-counter)
    assert re.search(rf"{PRODUCT} Begeleiding basis \(p\. {starts[0] + 1}\)", texts[1].replace("\n", " ")) or \
        f"(p. {starts[0] + 1})" in texts[1]
    # the first page and the product page kept as pictures
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for page, name in ((1, "report-pdf-page-1"), (starts[0] + 1, f"report-pdf-{PRODUCT}")):
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(small_pdf), str(ARTIFACTS / name)], check=True)
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_pdf_text_identical_across_runs(small_pdf, tmp_path):
    again = report(tmp_path, "--product", PRODUCT, "--product", "43A36", fmt="pdf")
    assert page_texts(again) == page_texts(small_pdf)


def test_pdf_tariffs_as_printed(small_pdf):
    """The PDF is the same document: the tariff of 45B50 as Tabel 16 prints it (l.3475)."""
    text = "\n".join(page_texts(small_pdf))
    assert re.search(r"45B50\s+Begeleiding basis\s+minuut.*€ 1,02\s+€ 0,84\s+102\s+84", text)


@pytest.mark.parametrize("region", ["midden-limburg-2026"])
def test_pdf_of_the_other_shipped_set(region, tmp_path):
    pytest.importorskip("weasyprint")
    need("poppler-utils (pdftoppm)", shutil.which("pdftoppm") is not None)
    pdf = report(tmp_path, "--region", region, "--product", "ML01", fmt="pdf")
    assert pdf_pages(pdf) >= 6 and blank_pages(pdf, tmp_path / "png") == []
