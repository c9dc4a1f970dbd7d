"""Every document the code and the parameter files cite ships in docs/, with the section cited.

Citations take these forms (a URL that contains /docs/ is not one): ``docs/nob-2021-model.md §6.3``,
``docs/cao-and-indices.md appendix §1.2-1.4``, ``nob-2021-model §10.1`` (a docs file without the prefix),
``conventions.md §4.3`` and, inside docs/, relative names like ``seeds/000.md``. params/functiemix.yaml
(NOB 2021) cites nob-2021-model.md by a bare ``§6.3``, as its header says. A section exists when the file
has a heading with that number ("## 6. ...", "### 6.3 ...", "#### 10.9.2 ..."); appendix sections are
headings "Appendix 1.2 ...".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCANNED = [ROOT / "README.md", *(p for d in ("params", "src", "examples", "scripts", "benchmarks", "docs")
                                  for p in sorted((ROOT / d).rglob("*"))
                                  if p.is_file() and p.suffix in {".py", ".yaml", ".yml", ".md", ".csv", ".toml"})]
BARE_SECTIONS_MEAN = {ROOT / "params" / "functiemix.yaml": "nob-2021-model.md"}

NUMBER = r"\d+(?:\.\d+)*"
ONE = rf"(?:appendix\s+)?§\s?{NUMBER}(?:-{NUMBER})?"
SECTIONS = rf"(?P<sections>\s*{ONE}(?:\s*(?:,|and|/|&)\s*{ONE})*)?"
STEMS = sorted(p.stem for p in DOCS.glob("*.md")) if DOCS.is_dir() else []
_FILE = rf"(?<![\w/.-])(?P<file>docs/[A-Za-z0-9_./-]+?\.md|(?:seeds/)?[A-Za-z0-9_-]+\.md)[`'\"]?{SECTIONS}"
_STEM = (rf"(?<![\w/.-])(?P<stem>{'|'.join(map(re.escape, STEMS))})(?=\s+(?:appendix\s+)?§)"
         + SECTIONS.replace("sections", "stem_sections"))
CITATION = re.compile(f"{_FILE}|{_STEM}" if STEMS else _FILE)
HEADING = re.compile(rf"^#{{1,6}}\s+(?P<appendix>Appendix\s+)?(?P<number>{NUMBER})\.?(?:\s|$)", re.M)


def section_numbers(text: str) -> list[tuple[bool, str]]:
    """(appendix?, number) of every section cited in a run like "appendix §1.2-1.4" or "§3 and §6"."""
    out = []
    appendix = False
    for m in re.finditer(rf"(appendix\s+)?§\s?({NUMBER})(?:-({NUMBER}))?", text):
        appendix = appendix or bool(m.group(1))
        out += [(appendix, n) for n in (m.group(2), m.group(3)) if n]
    return out


def headings(path: Path) -> set[tuple[bool, str]]:
    return {(bool(m.group("appendix")), m.group("number")) for m in HEADING.finditer(path.read_text("utf-8"))}


def resolve(cited: str, source: Path) -> Path | None:
    """The docs/ file a citation names, or None when it is a bare name of no docs file (README.md ...)."""
    if cited.startswith("docs/"):
        return ROOT / cited
    for base in ((source.parent, DOCS) if source.is_relative_to(DOCS) else (DOCS,)):
        if (base / cited).is_file():
            return base / cited
    return None


def citations(text: str, source: Path):
    """(line number, citation text, target file or None, cited sections) for every citation in a text."""
    for m in CITATION.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if m.group("file"):
            cited, sections = m.group("file"), m.group("sections") or ""
            target = resolve(cited, source)
            if target is None and not cited.startswith("docs/") and not sections:
                continue        # a bare name of some other file, no section: not a docs citation
            yield line, m.group(0).strip(), target if target is not None else DOCS / cited, section_numbers(sections)
        else:
            yield line, m.group(0).strip(), DOCS / f"{m.group('stem')}.md", section_numbers(m.group("stem_sections"))
    bare_doc = BARE_SECTIONS_MEAN.get(source)
    if bare_doc:
        cited_spans = [m.span() for m in CITATION.finditer(text)]
        for m in re.finditer(rf"§\s?{NUMBER}(?:-{NUMBER})?", text):
            if not any(a <= m.start() < b for a, b in cited_spans):
                yield (text.count("\n", 0, m.start()) + 1, m.group(0), DOCS / bare_doc, section_numbers(m.group(0)))


def problems(text: str, source: Path) -> list[str]:
    out = []
    for line, cited, target, sections in citations(text, source):
        where = f"{source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}:{line}: {cited!r}"
        if not target.is_file():
            out.append(f"{where}: no file {target.relative_to(ROOT)}")
            continue
        have = headings(target)
        for appendix, number in sections:
            if (appendix, number) not in have:
                label = f"appendix §{number}" if appendix else f"§{number}"
                out.append(f"{where}: {target.relative_to(ROOT)} has no heading {label}")
    return out


def test_every_cited_document_and_section_exists():
    found, bad = 0, []
    for path in SCANNED:
        text = path.read_text(encoding="utf-8")
        found += sum(1 for _ in citations(text, path))
        bad += problems(text, path)
    assert not bad, "\n".join(bad)
    assert found > 100, f"only {found} citations found: the scan itself is broken"


@pytest.mark.parametrize("name", ["domain", "nob-2021-model", "cao-and-indices", "conventions",
                                  "salaries-premiums-indices"])
def test_the_cited_documents_are_in_the_repository(name):
    assert (DOCS / f"{name}.md").is_file()


@pytest.mark.parametrize(("text", "expected"), [
    ("see docs/nowhere.md", "no file docs/nowhere.md"),
    ("(docs/nob-2021-model.md §99.1)", "has no heading §99.1"),
    ("as in nob-2021-model §10.1-10.77", "has no heading §10.77"),
    ("docs/cao-and-indices.md §3 and §17", "has no heading §17"),
    ("docs/cao-and-indices.md appendix §1.2-1.9", "has no heading appendix §1.9"),
    ("`conventions.md` §42", "has no heading §42"),
])
def test_a_wrong_citation_is_reported(text, expected):
    found = problems(text, ROOT / "src" / "example.py")
    assert len(found) == 1 and expected in found[0], found


def test_correct_citations_pass():
    text = ("docs/nob-2021-model.md §6.3; nob-2021-model §10.9.2; docs/cao-and-indices.md appendix §2.2;"
            " docs/conventions.md §1.6-1.7; docs/seeds/000.md §3.13; README.md")
    assert problems(text, ROOT / "src" / "example.py") == []
    assert len(list(citations(text, ROOT / "src" / "example.py"))) == 5
