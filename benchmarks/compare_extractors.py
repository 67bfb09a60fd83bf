"""The measurement behind the choice of PDF and HTML libraries (README "Formats").

Not part of ``make bench``: it needs the candidates, which the project does
not install. Run it after

    .venv/bin/pip install pdfminer.six pdfplumber pypdfium2 trafilatura justext

as ``.venv/bin/python -m benchmarks.compare_extractors``; a missing candidate is
skipped. Each PDF candidate runs in its own process (time, peak memory).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pdf_child(library: str, path: str) -> dict:
    started = time.perf_counter()
    if library == "pypdf":
        import pypdf

        pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    elif library == "pypdf (positions)":
        import pypdf

        pages = []
        for page in pypdf.PdfReader(path).pages:
            parts: list[str] = []
            page.extract_text(visitor_text=lambda text, cm, tm, font, size, parts=parts: parts.append(text))
            pages.append("".join(parts))
    elif library == "pdfminer.six":
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTTextContainer

        pages = ["".join(e.get_text() for e in page if isinstance(e, LTTextContainer)) for page in extract_pages(path)]
    elif library == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            pages = [" ".join(word["text"] for word in page.extract_words()) for page in pdf.pages]
    elif library == "pypdfium2":
        import pypdfium2

        document = pypdfium2.PdfDocument(path)
        pages = []
        for index in range(len(document)):
            text = document[index].get_textpage()
            pages.append("\n".join(text.get_text_bounded(*text.get_rect(k)) for k in range(text.count_rects())))
    else:
        raise SystemExit(f"unknown library {library}")
    seconds = time.perf_counter() - started
    return {"pages": len(pages), "seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "text": "\f".join(pages)}


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


def _in_order(text: str, paragraphs: list[str]) -> bool:
    """Each paragraph's first and last words appear, in the order of the article (letters only)."""
    flat = _letters(text)
    at = 0
    for paragraph in paragraphs:
        words = paragraph.split()
        for probe in (_letters(" ".join(words[:3])), _letters(" ".join(words[-3:]))):
            found = flat.find(probe, at)
            if found < 0:
                return False
            at = found
    return True


def compare_pdf(folder: Path) -> None:
    from tests.samples.articles import STRAIT, long_report, strip_markers
    from tests.samples.pdfgen import A4, make_pdf

    report = make_pdf(folder / "report.pdf", long_report(250), size=A4)
    columns = make_pdf(folder / "columns.pdf", STRAIT, columns=2)
    paragraphs = [strip_markers(p) for _, ps in STRAIT.sections for p in ps]
    print(f"| PDF library | pages/s ({report.pages} pages) | peak memory | two-column order | line-end hyphens |")
    print("|---|---|---|---|---|")
    for library in ("pypdf", "pypdf (positions)", "pdfminer.six", "pdfplumber", "pypdfium2"):
        runs = []
        for path in (report.path, columns.path):
            out = subprocess.run([sys.executable, "-m", "benchmarks.compare_extractors", "--pdf", library, str(path)],
                                 cwd=ROOT, capture_output=True, text=True)
            if out.returncode != 0:
                break
            runs.append(json.loads(out.stdout))
        if len(runs) < 2:
            print(f"| {library} | not installed | | | |")
            continue
        big, small = runs
        kept = sum(f"{left}-" in small["text"] for left, _rest in columns.breaks)
        hyphens = f"{kept}/{len(columns.breaks)} kept"
        print(f"| {library} | {big['pages'] / big['seconds']:.1f} | {big['rss_mb']:.0f} MB | "
              f"{'yes' if _in_order(small['text'], paragraphs) else 'no'} | {hyphens} |")


def compare_html() -> None:
    import lxml.html

    from tests.samples.articles import ARTICLES, strip_markers
    from tests.samples.htmlgen import BOILERPLATE, TEMPLATES

    def flat(markup: str) -> str:
        return " ".join(lxml.html.fromstring(markup).text_content().split()) if markup.strip() else ""

    def ours(page: str) -> str:
        from tui.loaders.html import parse_html

        return parse_html(Path("x.html"), page).text

    def readability_alone(page: str) -> str:
        from readability import Document

        return flat(Document(page).summary(html_partial=True))

    def trafilatura(page: str) -> str:
        import trafilatura

        return trafilatura.extract(page, output_format="markdown", include_tables=True, include_comments=False) or ""

    def justext(page: str) -> str:
        import justext

        paragraphs = justext.justext(page.encode(), justext.get_stoplist("English"))
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    print("\n| HTML extractor | article parts kept | boilerplate strings leaked | ms a page |")
    print("|---|---|---|---|")
    for name, extract in (("readability-lxml + link density (ours)", ours), ("readability-lxml alone", readability_alone),
                          ("trafilatura", trafilatura), ("jusText", justext)):
        kept = wanted = leaked = 0
        seconds = 0.0
        try:
            for article in ARTICLES:
                parts = ([strip_markers(p) for _, ps in article.sections for p in ps] + article.items
                         + [heading for heading, _ in article.sections])
                for template in TEMPLATES.values():
                    page = template(article)
                    started = time.perf_counter()
                    text = " ".join(extract(page).split())
                    seconds += time.perf_counter() - started
                    wanted += len(parts)
                    kept += sum(part in text for part in parts)
                    leaked += sum(b in text for b in BOILERPLATE)
        except ImportError:
            print(f"| {name} | not installed | | |")
            continue
        pages = len(ARTICLES) * len(TEMPLATES)
        print(f"| {name} | {kept}/{wanted} | {leaked} | {seconds / pages * 1000:.1f} |")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    if argv[:1] == ["--pdf"]:
        result = _pdf_child(argv[1], argv[2])
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        compare_pdf(Path(tmp))
    compare_html()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
