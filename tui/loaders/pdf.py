"""PDF (text layer) to a Document: positioned runs to reading-order blocks.

Library: pypdf, chosen by measurement (``benchmarks/compare_extractors.py``,
README "Formats"): on a generated 105-page report it read 103-112 pages/s
with positions in 39 MB, against 12-14 for pdfminer.six and 5 for
pdfplumber (766 MB, and its words do not keep two columns apart); pypdfium2
was faster but drops line-end hyphens, which de-hyphenation needs as evidence.

Extraction runs in child processes (``tui.loaders.pdf_extract``) under
``resource.setrlimit`` (address space and CPU time) and a wall-clock
timeout, over at most ``MAX_PAGES`` pages; large files are split between
two children by page parity. Here, in the parent, the runs become:

1. segments: runs on one baseline joined; raised small digits (footnote
   markers) dropped;
2. page furniture dropped: segments in the top or bottom two rows of a page
   that come back at the same height on many pages (digits ignored), and
   page labels there ("- 2 -", "Page 2 of 9", "2");
3. columns: a second column is found where many body lines start right of
   the page's middle; each band between full-width lines reads the left
   column, then the right;
4. blocks: headings by font size (or bold short lines), list items by their
   bullet, tables where rows hold several cells, footnotes (small lines at
   a page's foot starting with their number) moved to a "Notes" section,
   paragraphs split at vertical gaps and mended across page and column
   breaks; lines joined with the project's de-hyphenation.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tui.loaders.builder import TextBuilder
from tui.loaders.dehyphenate import Vocabulary, join_broken_word
from tui.loaders.text import BROKEN_WORD, DIGITS, LEADING_WORD, SENTENCE_END  # as for plain text
from tui.model.document import Document, Metadata
from tui.model.sanitize import sanitize


def _setting(name: str, default: float) -> float:
    """A positive number from the environment; a bad value falls back to the default."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


MAX_PAGES = int(_setting("BRIEFING_MAX_PDF_PAGES", 2000))
TIMEOUT = _setting("BRIEFING_PDF_TIMEOUT", 60.0)
MEMORY_BYTES = int(_setting("BRIEFING_PDF_MEMORY_MB", 1024) * 1024 * 1024)
# Files above this size are read by two children at once (page parity).
PARALLEL_BYTES = 192 * 1024

_PAGE_LABEL = re.compile(
    r"^\s*(?:page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*(?:/|of)\s*\d{1,4}"
    r"|\d{1,4}|[ivxlc]{1,6})\s*$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^[\d*†‡§]{1,3}$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●■–*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_FOOTNOTE = re.compile(r"^\s*(\d{1,3}|[*†‡])\s*(?=\S)")
_SPACES = re.compile(r"[ \t]{2,}")
# Ligature glyphs spelled out; bullets of the standard fonts' encoding that pypdf leaves
# undecoded (WinAnsi 0x95, shown as 0x7f); hyphen variants at line ends.
_GLYPHS = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                         "\ufb05": "st", "\ufb06": "st", "\u2010": "-", "\u2011": "-"})
_ODD_BULLETS = ("\x95", "\x7f")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


_NO_TITLES = frozenset({"untitled", "untitled document", "no title", "title", "document"})


class PdfError(Exception):
    """The PDF cannot be shown; the message says why (the caller names the file)."""


@dataclass
class Segment:
    x: float
    y: float
    size: float
    bold: bool
    text: str
    page: int
    end: float = 0.0  # right edge: from the font's widths, else estimated

    def __post_init__(self) -> None:
        if self.end <= self.x:
            self.end = self.x + _width(self.text, self.size)


def _width(text: str, size: float) -> float:
    return len(text) * size * 0.5


# Extraction in a child process ---------------------------------------------------


def extract_runs(path: Path) -> dict:
    """Pages of runs and metadata, from one or two bounded child processes."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PdfError(f"cannot be read ({error.strerror or error})") from None
    workers = 2 if size > PARALLEL_BYTES and (os.cpu_count() or 1) > 1 else 1
    command = [sys.executable, "-m", "tui.loaders.pdf_extract", str(path)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    children = [
        # The child sets its own limits first (no preexec_fn: the app loads in threads).
        subprocess.Popen([*command, str(k), str(workers), str(MAX_PAGES), str(MEMORY_BYTES),
                          str(math.ceil(TIMEOUT) + 1)], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        for k in range(workers)
    ]
    results = []
    deadline = time.monotonic() + TIMEOUT  # for all children together
    try:
        for child in children:
            try:
                out, _ = child.communicate(timeout=max(deadline - time.monotonic(), 0.001))
            except subprocess.TimeoutExpired:
                message = f"took longer than {TIMEOUT:.0f} s to read (set BRIEFING_PDF_TIMEOUT to allow more)"
                raise PdfError(message) from None
            if child.returncode != 0 or not out:
                raise PdfError("could not be read within the PDF memory and time limits "
                               f"({MEMORY_BYTES >> 20} MB, {TIMEOUT:.0f} s CPU; the reader stopped with code "
                               f"{child.returncode})")
            try:
                results.append(json.loads(out))
            except ValueError:
                raise PdfError("could not be read (the PDF reader returned garbage)") from None
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    for result in results:
        if "error" in result:
            raise PdfError(str(result.get("message", "could not be read")))
    merged = {"count": results[0].get("count", 0), "meta": results[0].get("meta", {}), "pages": {},
              "problems": []}
    for result in results:
        merged["pages"].update({int(k): v for k, v in result.get("pages", {}).items()})
        merged["problems"].extend(result.get("problems", []))
    return merged


# From runs to a Document -----------------------------------------------------------


def load_pdf(path: Path) -> Document:
    data = extract_runs(path)
    count = data["count"]
    problems = [str(p) for p in data["problems"]]
    if count > MAX_PAGES:
        problems.append(f"only the first {MAX_PAGES} of {count} pages are shown (set BRIEFING_MAX_PDF_PAGES)")
    pages = [data["pages"][k] for k in sorted(data["pages"])]
    if count == 0:
        raise PdfError("has no pages")
    if not any(runs for _w, _h, runs in pages):
        if problems:
            raise PdfError("no text could be read: " + "; ".join(problems[:3]))
        raise PdfError("has no text layer (a scanned PDF?); OCR it first, e.g. with ocrmypdf")
    document = build_document(path, pages, data["meta"])
    document.problems[:0] = problems
    return document


def build_document(path: Path, pages: list, info: dict) -> Document:
    page_segments = [_segments(number, runs) for number, (_w, _h, runs) in enumerate(pages)]
    body = _body_size(page_segments)
    _drop_furniture(page_segments, body)
    flows = []  # per page, a list of columns, each a list of rows (lists of segments)
    for number, segments in enumerate(page_segments):
        width = pages[number][0] or 595.0
        flows.append([_rows(column) for column in _columns(segments, width, body)])
    blocks, notes = _blocks(flows, body)
    raw = "\n".join(line for block in blocks for line in block.lines)
    vocabulary = Vocabulary(raw)
    builder = TextBuilder()
    levels = _heading_levels([b for b in blocks if b.kind == "heading"], body)
    first_heading = ""
    for block in blocks:
        if block.kind == "table":
            builder.add_block("\n".join(" | ".join(_clean(c) for c in row) for row in block.rows), "table")
            continue
        text = _join_lines(block.lines, vocabulary)
        if not text:
            continue
        if block.kind == "heading":
            level = levels.get(round(block.size), 2)
            first_heading = first_heading or text
            builder.add_block(text, "heading", level)
        elif block.kind == "list_item":
            builder.add_block(_BULLET.sub("", text, count=1), "list_item", 1)
        else:
            builder.add_block(text, "paragraph")
    if notes:
        builder.add_block("Notes", "heading", 2)
        for note in notes:
            builder.add_block(_join_lines(note.lines, vocabulary), "paragraph")
    title = _clean(info.get("title", ""))
    if title.lower() in _NO_TITLES:
        title = ""
    meta = Metadata(
        title=sanitize(title) or first_heading,
        date=info.get("xmp_date") or _pdf_date(info.get("date", "")),
        source=sanitize(_clean(info.get("author", ""))),
    )
    return builder.build(path, meta)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", " ".join(text.split())).strip()


def _pdf_date(value: str) -> str:
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def _segments(page: int, runs: list) -> list[Segment]:
    """Runs on one baseline, close together, joined; raised small digits dropped.

    A run is ``[x, y, size, bold, text]`` with its width as a sixth item when
    the font's widths gave one.
    """
    segments: list[Segment] = []
    for run in runs:
        x, y, size, bold, text = run[:5]
        x, y = float(x), float(y)
        width = float(run[5]) if len(run) > 5 and float(run[5]) > 0 else _width(str(text), float(size) or 10.0)
        size = float(size) or 10.0
        text = str(text).translate(_GLYPHS)
        if text.strip() in _ODD_BULLETS or text.strip() == "\u2022":
            text = "\u2022 "  # a bullet on its own is followed by its item
        elif text[:1] in _ODD_BULLETS and text[1:2] == " ":
            text = "\u2022" + text[1:]
        current = segments[-1] if segments else None
        same_line = current is not None and abs(y - current.y) <= 0.4 * max(size, current.size)
        if same_line and (x <= current.x + 0.5 or x <= current.end + 1.2 * current.size):
            if size < 0.8 * current.size and _MARKER.match(text.strip()):
                continue  # a footnote marker
            if x <= current.x + 0.5:  # the same text object: pypdf gives its start, the text has its spaces
                glue = ""
                current.end += width
            else:  # placed on its own: a space only where there is a gap
                touching = x - current.end < 0.15 * min(size, current.size)
                glue = "" if touching or current.text.endswith(" ") or text.startswith(" ") else " "
                current.end = max(current.end, x + width)
            current.text += glue + text
            continue
        segments.append(Segment(x, y, size, bool(bold), text, page, x + width))
    for segment in segments:
        segment.text = segment.text.strip()
    return [s for s in segments if s.text]


def _shape(text: str) -> str:
    return DIGITS.sub("#", " ".join(text.lower().split()))


def _edge_rows(segments: list[Segment]) -> set[float]:
    """The page's top and bottom rows (two at most each) that stand apart from the text.

    A row is furniture only if a gap wider than a line separates it from the
    next row inwards: a text line at the top of a page is followed closely.
    """
    sizes: dict[int, float] = {}
    for segment in segments:
        row = round(segment.y)
        sizes[row] = max(sizes.get(row, 0.0), segment.size)
    ys = sorted(sizes, reverse=True)
    edges: set[float] = set()
    for order in (ys, ys[::-1]):
        for a, b in zip(order[:2], order[1:3]):
            if abs(a - b) <= 1.6 * max(sizes[a], sizes[b]):
                break
            edges.add(a)
    if len(ys) <= 2:
        edges.update(ys)
    return edges


def _drop_furniture(pages: list[list[Segment]], body: float) -> None:
    """Running headers/footers and page labels, in the two rows at each page's top and bottom.

    A running line comes back on many pages with the same shape (digits
    ignored) at about the same height (within 4 points: facing pages and
    producers move them a little).
    """
    edges = [_edge_rows(segments) for segments in pages]
    heights: dict[str, list[float]] = {}
    for segments, rows in zip(pages, edges):
        for shape, y in {(_shape(s.text), round(s.y, 1)) for s in segments if round(s.y) in rows}:
            heights.setdefault(shape, []).append(y)
    for ys in heights.values():
        ys.sort()
    needed = max(2, math.ceil(0.3 * len(pages)))

    def repeats(segment: Segment) -> int:
        ys = heights.get(_shape(segment.text), [])
        return bisect_right(ys, segment.y + 4) - bisect_left(ys, segment.y - 4)

    for index, (segments, rows) in enumerate(zip(pages, edges)):
        kept = []
        for segment in segments:
            if round(segment.y) in rows and segment.size <= body * 1.05:  # headings are no furniture
                if _PAGE_LABEL.match(segment.text) or (len(segment.text) <= 120 and repeats(segment) >= needed):
                    continue
                # One page has nothing to compare with: a small line standing apart at its top goes.
                if len(pages) == 1 and segment.size < body * 0.95 and segment.y >= max(rows):
                    continue
            kept.append(segment)
        pages[index] = kept


def _body_size(pages: list[list[Segment]]) -> float:
    sizes: Counter[float] = Counter()
    for segments in pages:
        for segment in segments:
            sizes[round(segment.size, 1)] += len(segment.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _columns(segments: list[Segment], width: float, body: float) -> list[list[Segment]]:
    """The page's segments in reading order, as a list of column flows."""
    ordered = sorted(segments, key=lambda s: (-s.y, s.x))
    split = _column_split(ordered, width, body)
    if split is None:
        return [ordered] if ordered else []
    flows: list[list[Segment]] = []
    left: list[Segment] = []
    right: list[Segment] = []

    def flush() -> None:
        for flow in (left, right):
            if flow:
                flows.append(list(flow))
                flow.clear()

    for segment in ordered:
        if segment.x >= split - 1:
            right.append(segment)
        elif segment.end <= split + 0.12 * width:
            left.append(segment)
        else:  # across the gutter: a band ends
            flush()
            flows.append([segment])
    flush()
    # Full-width lines in a row make one flow, so a wrapped title stays one heading.
    merged: list[list[Segment]] = []
    for flow in flows:
        if merged and len(flow) == 1 and len(merged[-1]) >= 1 and _is_full(merged[-1], split, width) \
                and _is_full(flow, split, width):
            merged[-1].extend(flow)
        else:
            merged.append(flow)
    return merged


def _is_full(flow: list[Segment], split: float, width: float) -> bool:
    return all(s.x < split - 1 and s.end > split + 0.12 * width for s in flow)


def _column_split(segments: list[Segment], width: float, body: float) -> float | None:
    """Where a right column starts: many body lines beginning right of the middle."""
    starts = Counter(
        round(s.x / 3) * 3 for s in segments
        if abs(s.size - body) < 1.5 and len(s.text) >= 12 and 0.35 * width < s.x < 0.7 * width
    )
    if not starts:
        return None
    x, count = starts.most_common(1)[0]
    if count < 3:
        return None
    # Lines left of it must be column-wide, not page-wide (a one-column page with indented lines).
    left = [s for s in segments if abs(s.size - body) < 1.5 and len(s.text) >= 12 and s.x < x - 2]
    wide = sum(1 for s in left if s.end > x + 0.12 * width)
    if left and wide > 0.2 * len(left):
        return None
    return x - 2


def _rows(flow: list[Segment]) -> list[list[Segment]]:
    rows: list[list[Segment]] = []
    for segment in flow:
        if rows and abs(rows[-1][0].y - segment.y) <= 0.4 * segment.size:
            rows[-1].append(segment)
        else:
            rows.append([segment])
    for row in rows:
        row.sort(key=lambda s: s.x)
    return rows


@dataclass
class _Block:
    kind: str
    size: float
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    last_y: float = 0.0
    page: int = 0
    wrap: int = 0  # the length in characters of a full line in the block's column


def _pitch(flows: list, body: float) -> float:
    gaps: Counter[float] = Counter()
    for page in flows:
        for column in page:
            for a, b in zip(column, column[1:]):
                if abs(a[0].size - body) < 1 and abs(b[0].size - body) < 1:
                    gap = round(a[0].y - b[0].y, 1)
                    if 0 < gap < body * 3:
                        gaps[gap] += 1
    return gaps.most_common(1)[0][0] if gaps else body * 1.2


def _blocks(flows: list, body: float) -> tuple[list[_Block], list[_Block]]:
    pitch = _pitch(flows, body)
    blocks: list[_Block] = []
    notes: list[_Block] = []
    current: _Block | None = None
    for page_number, page in enumerate(flows):
        lowest_body = min((row[0].y for column in page for row in column if row[0].size >= body * 0.9),
                          default=0.0)
        for column in page:
            seam = True
            lengths = sorted(len(" ".join(s.text for s in row)) for row in column if abs(row[0].size - body) < 1)
            wrap = lengths[int(len(lengths) * 0.95)] if len(lengths) >= 4 else 0
            for row in column:
                head = row[0]
                text = " ".join(s.text for s in row)
                # Footnotes: small lines under the page's body text.
                if head.size <= body * 0.9 and head.y < lowest_body:
                    if _FOOTNOTE.match(text):
                        notes.append(_Block("note", head.size, [_FOOTNOTE.sub("", text, count=1)],
                                            page=page_number, last_y=head.y))
                    elif notes and notes[-1].page == page_number and 0 < notes[-1].last_y - head.y <= head.size * 1.6:
                        notes[-1].lines.append(text)
                        notes[-1].last_y = head.y
                    # else: a small line under the text that is no note (a stray footer)
                    continue
                if len(row) >= 2 and _is_table_row(row):
                    cells = [s.text for s in row]
                    if current is not None and current.kind == "table" and not seam:
                        current.rows.append(cells)
                    else:
                        current = _Block("table", head.size, rows=[cells], page=page_number)
                        blocks.append(current)
                    current.last_y = head.y
                    seam = False
                    continue
                kind = _line_kind(row, text, body)
                if _joins(current, kind, head, text, seam, page_number, pitch):
                    current.lines.append(text)
                else:
                    current = _Block(kind, head.size, [text], page=page_number)
                    blocks.append(current)
                current.last_y = head.y
                current.page = page_number
                current.wrap = wrap
                seam = False
    # A table's rows with one cell are not a table.
    result = []
    for block in blocks:
        if block.kind == "table" and len(block.rows) < 2:
            result.append(_Block("paragraph", block.size, [" ".join(block.rows[0])]))
        else:
            result.append(block)
    return result, notes


def _joins(current: _Block | None, kind: str, head: Segment, text: str, seam: bool, page: int,
           pitch: float) -> bool:
    """Whether a line carries on the block before it."""
    if current is None or current.kind == "table":
        return False
    gap = current.last_y - head.y
    if kind == "heading":  # a wrapped heading: same size, right below
        return (current.kind == "heading" and current.page == page and abs(head.size - current.size) < 0.5
                and 0 < gap <= head.size * 1.6)
    if kind == "list_item" or current.kind == "heading":
        return False
    if seam:
        return _continues(current, text)
    return 0 < gap <= pitch * 1.3 and abs(head.size - current.size) < 1


def _is_table_row(row: list[Segment]) -> bool:
    return all(b.x - a.end > 0.5 * a.size for a, b in zip(row, row[1:]))


def _line_kind(row: list[Segment], text: str, body: float) -> str:
    head = row[0]
    if _BULLET.match(text):
        return "list_item"
    if head.size >= body * 1.15 and len(text) <= 200:
        return "heading"
    if all(s.bold for s in row) and len(text) <= 80 and not SENTENCE_END.search(text):
        return "heading"
    return "paragraph"


def _continues(block: _Block, text: str) -> bool:
    """After a page or column break: does ``text`` carry on ``block``?"""
    if block.kind not in ("paragraph", "list_item"):
        return False
    before = block.lines[-1].rstrip()
    if before.endswith("-") or text[:1].islower() or not SENTENCE_END.search(before):
        return True
    # After a full stop: the paragraph runs on only if the next word could not have
    # fitted on the last line (the break was forced by the width, not by the author).
    word = text.split(" ", 1)[0]
    return bool(block.wrap) and len(before) + 1 + len(word) > block.wrap * 0.97


def _heading_levels(headings: list[_Block], body: float) -> dict[int, int]:
    sizes = sorted({round(h.size) for h in headings}, reverse=True)
    return {size: min(index + 1, 3) for index, size in enumerate(sizes)}


def _join_lines(lines: list[str], vocabulary: Vocabulary) -> str:
    pieces = [lines[0].strip()] if lines else []
    for raw in lines[1:]:
        line = raw.strip()
        previous = pieces[-1]
        if previous.endswith("\u00ad"):
            pieces[-1] = previous[:-1]
        elif previous.endswith("-") and len(previous) > 1 and not previous[-2].isspace():
            broken = BROKEN_WORD.search(previous)
            leading = LEADING_WORD.match(line)
            if broken and leading:
                word = join_broken_word(broken.group(1), leading.group(1), vocabulary)
                pieces[-1] = previous[: broken.start()] + word
                line = line[leading.end():]
        else:
            pieces.append(" ")
        pieces.append(line)
    return _SPACES.sub(" ", "".join(pieces)).strip()
