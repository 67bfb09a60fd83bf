"""Plain text, typically extracted from a PDF: reflow it into paragraphs.

Steps: split pages (at form feeds and at page-number lines), drop page
numbers and running headers/footers, mend paragraphs cut by a page break,
take the first line as the title, group lines into paragraphs, join
hard-wrapped lines, repair words hyphenated across line ends by evidence,
and recognise headings and list items.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tui.loaders.builder import TextBuilder
from tui.loaders.dehyphenate import Vocabulary, join_broken_word
from tui.model.document import Document, Metadata

PAGE_BREAK = "\f"
SOFT_HYPHEN = "\u00ad"

# "Page 2", "Page 2 of 3", "- 4 -", "– 4 –", "2 / 3": page labels wherever they stand.
_PAGE_LABEL = re.compile(
    r"^\s*(?:page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*(?:/|of)\s*\d{1,4})\s*$",
    re.IGNORECASE,
)
# A bare "12": a page number only with evidence (page edge or a rising sequence).
_BARE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
BROKEN_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
LEADING_WORD = re.compile(r"^([^\W\d_]+(?:-[^\W\d_]+)*)")
_SPACE_RUNS = re.compile(r"[ \t]{2,}")
DIGITS = re.compile(r"\d+")

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_FORMATS = {
    re.compile(r"\b(\d{4}-\d{2}-\d{2})\b"): "%Y-%m-%d",
    re.compile(rf"\b(\d{{1,2}} {_MONTHS} \d{{4}})\b"): "%d %B %Y",
    re.compile(rf"\b({_MONTHS} \d{{1,2}}, \d{{4}})\b"): "%B %d, %Y",
}


@dataclass
class _Line:
    text: str
    at_page_edge: bool = False


# A page boundary, or a line removed from the flow (header, footer, page number).
_Seam = None
_Flow = list["_Line | None"]


def parse_text(path: Path, text: str, vocabulary: Vocabulary | None = None) -> Document:
    """Reflow ``text`` (newlines normalised; form feeds still present as page breaks)."""
    vocabulary = vocabulary or Vocabulary(text)
    flow = _drop_page_numbers(_split_pages(text))
    width = _typical_width(flow)
    lines = _mend_seams(_drop_running_lines(_mark_page_edges(flow)), width)
    builder = TextBuilder()
    meta = Metadata(date=_find_date(text[:2000]))
    title, lines = _take_title(lines)
    if title:
        meta.title = title
        builder.add_block(title, "heading", 1)
    for paragraph in _paragraphs(lines, width):
        body = _join_lines(paragraph, vocabulary)
        kind, level, body = _classify(body, paragraph)
        builder.add_block(body, kind, level)
    return builder.build(path, meta)


# Pages -------------------------------------------------------------------


def _split_pages(text: str) -> _Flow:
    flow: _Flow = []
    for number, page in enumerate(text.split(PAGE_BREAK)):
        if number:
            flow.append(_Seam)
        flow.extend(_Line(line) for line in page.split("\n"))
    return flow


def _drop_page_numbers(flow: _Flow) -> _Flow:
    """Page labels and evidenced bare page numbers become seams (page boundaries)."""
    bare = _bare_page_numbers(flow)
    return [
        _Seam if line is not None and (_PAGE_LABEL.match(line.text) or index in bare) else line
        for index, line in enumerate(flow)
    ]


def _bare_page_numbers(flow: _Flow) -> set[int]:
    """Indices of lone numbers that are page numbers: they rise through the text, or sit at a page break."""
    lone = {
        index: int(match.group(1))
        for index, line in enumerate(flow)
        if line is not None and (match := _BARE_NUMBER.match(line.text)) and _stands_alone(flow, index)
    }
    values = list(lone.values())
    if len(values) >= 2 and all(a < b for a, b in zip(values, values[1:])):
        return set(lone)
    return {index for index in lone if _next_to_page_break(flow, index)}


def _stands_alone(flow: _Flow, index: int) -> bool:
    """Set off by a blank line (or a page break) on at least one side."""
    return any(
        not 0 <= near < len(flow) or flow[near] is None or not flow[near].text.strip()
        for near in (index - 1, index + 1)
    )


def _next_to_page_break(flow: _Flow, index: int) -> bool:
    for step in (-1, 1):
        near = index + step
        while 0 <= near < len(flow) and flow[near] is not None and not flow[near].text.strip():
            near += step
        if 0 <= near < len(flow) and flow[near] is None:
            return True
    return False


def _mark_page_edges(flow: _Flow) -> _Flow:
    """Mark the first and last two filled lines of each page, when there are pages."""
    if _Seam not in flow:
        return flow
    page: list[_Line] = []
    for line in [*flow, _Seam]:
        if line is not None:
            if line.text.strip():
                page.append(line)
            continue
        for edge in page[:2] + page[-2:]:
            edge.at_page_edge = True
        page = []
    return flow


# Running headers and footers ---------------------------------------------


def _shape(line: str) -> str:
    """A line's identity for running-header detection: digits don't count."""
    return DIGITS.sub("#", " ".join(line.lower().split()))


def _drop_running_lines(flow: _Flow) -> _Flow:
    """Seam over header/footer lines that repeat from page to page.

    At a page edge, two lines of the same shape are enough; elsewhere the
    same text must come back three times. The first line (the title) stays.
    """
    edge_shapes = Counter(_shape(line.text) for line in flow if line is not None and line.at_page_edge)
    texts = Counter(line.text.strip() for line in flow if line is not None and line.text.strip())
    first = next((line for line in flow if line is not None and line.text.strip()), None)
    kept: _Flow = []
    for line in flow:
        running = (
            line is not None
            and line is not first
            and _looks_running(line, edge_shapes[_shape(line.text)], texts[line.text.strip()])
        )
        kept.append(_Seam if running else line)
    return kept


def _looks_running(line: _Line, edge_repeats: int, repeats: int) -> bool:
    stripped = line.text.strip()
    if not stripped or len(stripped) > 100 or SENTENCE_END.search(stripped):
        return False
    if line.at_page_edge and edge_repeats >= 2:
        return True
    return repeats >= 3 and len(stripped.split()) >= 2


def _mend_seams(flow: _Flow, width: int) -> list[_Line]:
    """Close each seam: join a paragraph it cut in two, or leave a paragraph break."""
    result: list[_Line] = []
    index = 0
    while index < len(flow):
        line = flow[index]
        if line is not None:
            result.append(line)
            index += 1
            continue
        while result and not result[-1].text.strip():
            result.pop()
        while index < len(flow) and (flow[index] is None or not flow[index].text.strip()):
            index += 1
        before = result[-1].text.strip() if result else ""
        after = flow[index].text.strip() if index < len(flow) else ""
        if not (before and after and _continues(before, after, width)):
            result.append(_Line(""))
    return result


def _continues(before: str, after: str, width: int) -> bool:
    """Whether the text after a page break continues the paragraph before it."""
    if before.endswith("-") or after[:1].islower():
        return True
    # A full line without a closing stop runs on; a short one is a heading.
    return not SENTENCE_END.search(before) and len(before) >= width * 0.6


# Paragraphs --------------------------------------------------------------


def _take_title(lines: list[_Line]) -> tuple[str, list[_Line]]:
    """The first non-empty line is the title; the rest is the body."""
    for index, line in enumerate(lines):
        if line.text.strip():
            return _SPACE_RUNS.sub(" ", line.text.strip()), lines[index + 1 :]
    return "", []


def _paragraphs(lines: list[_Line], width: int) -> list[list[str]]:
    """Group lines into paragraphs at blank lines, bullets, short sentence ends and headings."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        text = line.text.rstrip()
        if not text.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and _starts_new_paragraph(current, text, width):
            paragraphs.append(current)
            current = []
        current.append(text)
    if current:
        paragraphs.append(current)
    return paragraphs


def _starts_new_paragraph(current: list[str], text: str, width: int) -> bool:
    previous = current[-1].rstrip()
    is_short = len(previous) < width * 0.6
    if _BULLET.match(text) or (is_short and SENTENCE_END.search(previous)):
        return True
    # A lone short line without a stop, right above text: a heading.
    return len(current) == 1 and is_short and not previous.endswith(("-", ",")) and _is_heading_like(previous)


def _typical_width(flow: _Flow) -> int:
    widths = sorted(len(line.text.rstrip()) for line in flow if line is not None and line.text.strip())
    return widths[int(len(widths) * 0.9)] if widths else 80


def _join_lines(lines: list[str], vocabulary: Vocabulary) -> str:
    pieces = [lines[0].strip()]
    for raw in lines[1:]:
        line = raw.strip()
        previous = pieces[-1]
        if previous.endswith(SOFT_HYPHEN):  # a discretionary break: always one word
            pieces[-1] = previous[:-1]
        elif previous.endswith("-") and len(previous) > 1 and not previous[-2].isspace():
            pieces[-1], line = _mend_hyphen(previous, line, vocabulary)
        else:
            pieces.append(" ")
        pieces.append(line)
    return _SPACE_RUNS.sub(" ", "".join(pieces))


def _mend_hyphen(previous: str, line: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """Join a line ending in "-" to the next: as one word, or keeping the hyphen."""
    broken = BROKEN_WORD.search(previous)
    leading = LEADING_WORD.match(line)
    if not (broken and leading):  # "COVID-" + "19": keep the hyphen, no space
        return previous, line
    word = join_broken_word(broken.group(1), leading.group(1), vocabulary)
    return previous[: broken.start()] + word, line[leading.end() :]


def _is_heading_like(text: str) -> bool:
    return (
        len(text) <= 80
        and not SENTENCE_END.search(text)
        and not text.endswith(",")
        and (text[:1].isupper() or text[:1].isdigit())
    )


def _classify(body: str, lines: list[str]) -> tuple[str, int, str]:
    """Block kind, level and the text to keep for one reflowed paragraph."""
    bullet = _BULLET.match(body)
    if bullet:
        return "list_item", 1, body[bullet.end() :]
    if len(lines) == 1 and _is_heading_like(body):
        return "heading", 2, body
    return "paragraph", 0, body


def _find_date(text: str) -> str:
    """The first date in ``text`` as YYYY-MM-DD, or ""."""
    found: list[tuple[int, str]] = []
    for pattern, fmt in _DATE_FORMATS.items():
        match = pattern.search(text)
        if match:
            try:
                date = dt.datetime.strptime(match.group(1), fmt).date()
            except ValueError:  # "2026-13-45"
                continue
            found.append((match.start(), date.isoformat()))
    return min(found)[1] if found else ""
