"""Plain text, typically extracted from a PDF: reflow it into paragraphs.

Steps: split pages (form feeds), drop running headers/footers and page
numbers, group lines into paragraphs at blank lines (and at short lines that
end a sentence), join hard-wrapped lines, repair words hyphenated across
line ends by evidence, and recognise the title, headings and list items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tui.loaders.builder import TextBuilder
from tui.loaders.dehyphenate import Vocabulary, join_broken_word
from tui.model.document import Document, Metadata

FORM_FEED_PICTURE = "\u240c"  # the sanitizer's visible form of "\f"

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_BROKEN_WORD = re.compile(r"([A-Za-z]+(?:-[A-Za-z]+)*)-$")
_LEADING_WORD = re.compile(r"^([A-Za-z]+)")
_DATE = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}|\d{1,2} (?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December) \d{4}|(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December) \d{1,2}, \d{4})\b"
)


@dataclass
class _Line:
    text: str
    page_top: bool = False
    page_bottom: bool = False


def parse_text(path: Path, text: str) -> Document:
    lines = _lines_with_pages(text)
    lines = _drop_running_lines(lines)
    paragraphs = _paragraphs(lines)
    vocabulary = Vocabulary(text)
    builder = TextBuilder()
    meta = Metadata()
    for index, paragraph in enumerate(paragraphs):
        body = _join_lines(paragraph, vocabulary)
        kind, level, body = _classify(body, paragraph, is_first=index == 0)
        if index == 0:
            meta.title = body
        builder.add_block(body, kind, level)
    date = _DATE.search(text[:2000])
    if date:
        meta.date = date.group(1)
    return builder.build(path, meta)


def _lines_with_pages(text: str) -> list[_Line]:
    """Lines of the text, each marked when it is the first or last of a page."""
    pages = text.split(FORM_FEED_PICTURE)
    lines: list[_Line] = []
    for page in pages:
        page_lines = [_Line(line) for line in page.split("\n")]
        filled = [line for line in page_lines if line.text.strip()]
        if len(pages) > 1 and filled:
            for line in filled[:2]:
                line.page_top = True
            for line in filled[-2:]:
                line.page_bottom = True
        lines.extend(page_lines)
        lines.append(_Line(""))
    return lines


def _shape(line: str) -> str:
    """A line's identity for running-header detection: digits don't count."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _drop_running_lines(lines: list[_Line]) -> list[_Line]:
    """Remove page numbers and header/footer lines that repeat from page to page.

    A removed line leaves a ``None`` marker so a paragraph broken by a page
    boundary can be mended.
    """
    shapes = Counter(_shape(line.text) for line in lines if line.text.strip())
    kept: list[_Line | None] = []
    for line in lines:
        stripped = line.text.strip()
        if stripped and _is_running(stripped, line, shapes[_shape(stripped)]):
            kept.append(None)
        else:
            kept.append(line)
    return _mend_page_breaks(kept)


def _is_running(stripped: str, line: _Line, repeats: int) -> bool:
    if _PAGE_NUMBER.match(stripped):
        return True
    if len(stripped) > 100 or _SENTENCE_END.search(stripped):
        return False
    at_edge = line.page_top or line.page_bottom
    return repeats >= 3 or (repeats >= 2 and at_edge)


def _mend_page_breaks(lines: list[_Line | None]) -> list[_Line]:
    """Join a paragraph that a dropped header/footer had cut in two."""
    result: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line is not None:
            result.append(line)
            index += 1
            continue
        # Skip the removed lines and the blank lines around them.
        while result and not result[-1].text.strip():
            result.pop()
        index += 1
        while index < len(lines) and (lines[index] is None or not lines[index].text.strip()):
            index += 1
        before = result[-1].text.rstrip() if result else ""
        after = lines[index].text.lstrip() if index < len(lines) else ""
        continues = before and after and (
            not _SENTENCE_END.search(before) or after[:1].islower() or before.endswith("-")
        )
        if not continues:
            result.append(_Line(""))
    return result


def _paragraphs(lines: list[_Line]) -> list[list[str]]:
    """Group lines into paragraphs at blank lines, bullets and short sentence ends."""
    width = _typical_width(lines)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        text = line.text.rstrip()
        if not text.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and (_BULLET.match(text) or _ends_short(current[-1], width)):
            paragraphs.append(current)
            current = []
        current.append(text)
    if current:
        paragraphs.append(current)
    return paragraphs


def _typical_width(lines: list[_Line]) -> int:
    widths = sorted(len(line.text.rstrip()) for line in lines if line.text.strip())
    return widths[int(len(widths) * 0.9)] if widths else 80


def _ends_short(line: str, width: int) -> bool:
    """A line well short of the wrap width that ends a sentence ends a paragraph."""
    return len(line.rstrip()) < width * 0.6 and bool(_SENTENCE_END.search(line.rstrip()))


def _join_lines(lines: list[str], vocabulary: Vocabulary) -> str:
    text = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        broken = _BROKEN_WORD.search(text)
        leading = _LEADING_WORD.match(line)
        if broken and leading:
            word = join_broken_word(broken.group(1), leading.group(1), vocabulary)
            text = text[: broken.start()] + word + line[leading.end():]
        else:
            text = f"{text} {line}"
    return re.sub(r"[ \t]{2,}", " ", text)


def _classify(body: str, lines: list[str], is_first: bool) -> tuple[str, int, str]:
    """Block kind, level and the text to keep for one reflowed paragraph."""
    if is_first:
        return "heading", 1, body
    bullet = _BULLET.match(body)
    if bullet:
        return "list_item", 1, body[bullet.end():]
    looks_like_heading = (
        len(lines) == 1
        and len(body) <= 80
        and not _SENTENCE_END.search(body)
        and not body.endswith(",")
        and (body[:1].isupper() or body[:1].isdigit())
    )
    if looks_like_heading:
        return "heading", 2, body
    return "paragraph", 0, body
