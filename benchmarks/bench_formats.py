"""PDF, DOCX and HTML loading: extraction speed, first open cold and cached, memory.

A 100-page one-column report and a two-column one are generated with
reportlab (the test samples' generator; the ``test`` extra installs it).

* PDF pages/s: the bounded extraction children (``tui.loaders.pdf``) alone,
  by the wall clock and per second of the children's CPU time (what a
  machine shared with other work cannot slow down), then the whole load (extraction, furniture, columns, blocks, de-hyphenation);
* first screen: the app started headless at 80x24 on a folder holding the
  100-page PDF, in a fresh process, from the start of the process to the
  first document shown; cold (empty caches), then cached (the document
  cache filled by the first run);
* memory: the largest resident set of an extraction child, and the parent's
  growth while building the document;
* the sample DOCX and saved HTML pages: milliseconds a load.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

Row = tuple[str, str, str, str]
ROOT = Path(__file__).resolve().parent.parent


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _first_paint(folder: Path, home: Path) -> float | None:
    env = dict(os.environ, BRIEFING_HOME=str(home), TEXTUAL_ANIMATIONS="none")
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_startup", "--child", str(folder), "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    phase = json.loads(out.stdout.strip().splitlines()[-1])["phases"].get("first paint")
    return phase["at"] if phase else None


def _pdf_rows(root: Path, pages_wanted: int) -> list[Row]:
    from tests.samples.articles import expected_text, long_report
    from tests.samples.pdfgen import A4, expected_breaks_ok, make_pdf
    from tui.loaders import pdf as pdf_loader
    from tui.loaders.pdf import build_document, extract_runs

    rows: list[Row] = []
    folder = root / "pdf"
    folder.mkdir()
    one = make_pdf(folder / "report.pdf", long_report(int(pages_wanted * 2.5)), labels="of", size=A4)
    two = make_pdf(root / "two-columns.pdf", long_report(int(pages_wanted * 1.3)), columns=2, labels="of", size=A4)
    for name, result in ((f"{one.pages}-page PDF, one column", one), (f"{two.pages}-page PDF, two columns", two)):
        cpu_before = _children_cpu()
        started = time.perf_counter()
        data = extract_runs(result.path)
        extracted = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        pages = [data["pages"][k] for k in sorted(data["pages"])]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        document = build_document(result.path, pages, data["meta"])
        built = time.perf_counter() - started
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        rows.append((name, "extraction (2 children): wall clock / per CPU second",
                     f"{result.pages / extracted:.0f} / {result.pages / cpu:.0f} pages/s", ">= 50 pages/s"))
        rows.append((name, "layout, furniture, blocks", f"{_fmt(built)} ({result.pages / built:.0f} pages/s)", ""))
        right, total = expected_breaks_ok(document.text, result.breaks)
        article_ok = document.text == expected_text(long_report(int(pages_wanted * (2.5 if result is one else 1.3))))
        rows.append((name, "text as written / hyphenated words right",
                     f"{'yes' if article_ok else 'NO'} / {right}/{total}", "yes / >= 99%"))
        rows.append((name, "parent memory growth", f"{max(grown, 0) / 1024:.0f} MB", ""))
    saved = pdf_loader.PARALLEL_BYTES
    pdf_loader.PARALLEL_BYTES = 1 << 62
    try:
        started = time.perf_counter()
        extract_runs(one.path)
        rows.append((f"{one.pages}-page PDF, one column", "extraction (1 child)",
                     f"{one.pages / (time.perf_counter() - started):.0f} pages/s", ""))
    finally:
        pdf_loader.PARALLEL_BYTES = saved
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows.append(("PDF extraction child", "peak resident memory", f"{child_peak / 1024:.0f} MB",
                 f"limit {pdf_loader.MEMORY_BYTES >> 20} MB address space"))
    from tui.model.cache import DocumentCache

    cache_folder = root / "cache"
    started = time.perf_counter()
    first = DocumentCache(cache_folder)
    first.load(one.path)
    cold_load = time.perf_counter() - started
    first.save()
    started = time.perf_counter()
    again = DocumentCache(cache_folder)
    again.load(one.path)
    cached_load = time.perf_counter() - started
    area = f"{one.pages}-page PDF, opened in process"
    rows.append((area, "load, cold / from the document cache", f"{_fmt(cold_load)} / {_fmt(cached_load)}",
                 "<= 2 s / <= 0.5 s"))
    home = root / "home"
    cold = _first_paint(folder, home)
    cached = _first_paint(folder, home)
    markdown = root / "markdown"
    markdown.mkdir()
    (markdown / "brief.md").write_text("# Brief\n\nThe government of Chile said the talks would resume.\n")
    floor = _first_paint(markdown, root / "home-md")
    area = f"{one.pages}-page PDF in the app"
    rows.append((area, "first screen from process start, cold", _fmt(cold) if cold else "not reached", "<= 2 s"))
    rows.append((area, "first screen from process start, cached", _fmt(cached) if cached else "not reached",
                 "<= 0.5 s"))
    rows.append(("one-line Markdown in the app (the floor)", "first screen from process start, cold",
                 _fmt(floor) if floor else "not reached", ""))
    return rows


def _other_rows(root: Path) -> list[Row]:
    from tests.samples.articles import ARTICLES
    from tests.samples.docxgen import make_docx
    from tests.samples.htmlgen import TEMPLATES, make_html
    from tui.loaders import load_document

    rows: list[Row] = []
    paths = [make_docx(root / f"a{i}.docx", a) for i, a in enumerate(ARTICLES)]
    load_document(paths[0])  # imports
    started = time.perf_counter()
    for path in paths * 5:
        load_document(path)
    rows.append(("DOCX sample (2 pages)", "load", _fmt((time.perf_counter() - started) / (len(paths) * 5)), ""))
    pages = [make_html(root / f"p{i}-{t}.html", a, t) for i, a in enumerate(ARTICLES) for t in TEMPLATES]
    load_document(pages[0])
    started = time.perf_counter()
    for path in pages * 3:
        load_document(path)
    rows.append(("saved HTML page", "load (article found)", _fmt((time.perf_counter() - started) / (len(pages) * 3)),
                 ""))
    return rows


def run(quick: bool = False) -> list[Row]:
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="bench-formats-"))
    try:
        return _pdf_rows(tmp, 40 if quick else 100) + _other_rows(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
