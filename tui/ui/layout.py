"""Soft-wrap a document into visual lines for a given width.

Pure Python (no Textual): the reading pane asks for the lines of one width
and maps between visual lines and text offsets with bisect.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

from tui.model.document import Block, Document

BULLET = "• "
QUOTE_BAR = "▌ "
CODE_INDENT = "  "


@dataclass(frozen=True, slots=True)
class VisualLine:
    start: int          # offset of the first character shown
    end: int            # offset after the last character shown (spaces at a wrap excluded)
    block: int          # index into Document.blocks, -1 for a blank separator line
    prefix: str         # bullet, quote bars or indentation drawn before the text
    kind: str           # the block's kind, "blank" for separators


class Layout:
    """The visual lines of a document at one width."""

    def __init__(self, document: Document, width: int) -> None:
        self.width = max(width, 10)
        self.lines: list[VisualLine] = []
        for index, block in enumerate(document.blocks):
            if index:
                self.lines.append(VisualLine(block.start, block.start, -1, "", "blank"))
            self._wrap_block(document.text, index, block)
        self._starts = [line.start for line in self.lines]

    def __len__(self) -> int:
        return len(self.lines)

    def line_of(self, offset: int) -> int:
        """The visual line showing ``offset`` (the nearest one before it otherwise)."""
        index = bisect_right(self._starts, offset) - 1
        while index > 0 and self.lines[index].kind == "blank":
            index -= 1
        return max(index, 0)

    def _wrap_block(self, text: str, index: int, block: Block) -> None:
        first, rest = _prefixes(block)
        available = max(self.width - cell_len(first), 8)
        for line_start, line_end in _hard_lines(text, block):
            for start, end in wrap(text, line_start, line_end, available, keep_spaces=block.kind == "code"):
                prefix = first if start == block.start else rest
                self.lines.append(VisualLine(start, end, index, prefix, block.kind))


def _prefixes(block: Block) -> tuple[str, str]:
    """What is drawn before a block's first line and before its continuation lines."""
    if block.kind == "list_item":
        indent = "  " * max(block.level - 1, 0)
        return indent + BULLET, indent + " " * len(BULLET)
    if block.kind == "quote":
        bars = QUOTE_BAR * max(block.level, 1)
        return bars, bars
    if block.kind in ("code", "table"):
        return CODE_INDENT, CODE_INDENT
    return "", ""


def _hard_lines(text: str, block: Block) -> list[tuple[int, int]]:
    """Split a block at its own newlines (tables, code, hard breaks)."""
    spans = []
    start = block.start
    while True:
        newline = text.find("\n", start, block.end)
        if newline == -1:
            spans.append((start, block.end))
            return spans
        spans.append((start, newline))
        start = newline + 1


def wrap(text: str, start: int, end: int, width: int, keep_spaces: bool = False) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[start:end]`` into spans at most ``width`` cells wide."""
    spans: list[tuple[int, int]] = []
    position = start
    if start == end:
        return [(start, end)]
    while position < end:
        limit = min(position + width, end)
        if not text.isascii():
            limit = _fit_cells(text, position, limit, width)
        if limit >= end:
            spans.append((position, end))
            break
        cut = text.rfind(" ", position, limit + 1)
        if cut <= position:  # one word longer than the line: break it
            cut = limit
            spans.append((position, cut))
            position = cut
            continue
        spans.append((position, cut))
        position = cut + 1
        if not keep_spaces:
            while position < end and text[position] == " ":
                position += 1
    return spans


def _fit_cells(text: str, start: int, limit: int, width: int) -> int:
    """Shrink ``limit`` until ``text[start:limit]`` fits ``width`` cells (wide characters)."""
    while limit > start + 1 and cell_len(text[start:limit]) > width:
        limit -= 1
    return limit
