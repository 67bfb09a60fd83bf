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
    prefix: str         # bullet, number, quote bars, indentation or a table's column name
    kind: str           # the block's kind, "blank" for separators
    pads: tuple[tuple[int, int], ...] = ()  # (offset, spaces) drawn before offset: table columns


TABLE_SEPARATOR = " | "  # between cells in the canonical text
MAX_LABEL = 24  # a column name beside a value, when a table is too wide for columns


class Layout:
    """The visual lines of a document at one width."""

    def __init__(self, document: Document, width: int, blocks: tuple[int, int] | None = None) -> None:
        """The lines of every block, or only of ``blocks`` (first, last) for a quick first screen."""
        self.width = max(width, 10)
        self.partial = blocks is not None
        self.lines: list[VisualLine] = []
        self._ordinals: dict[int, str] = {}
        cells: list = []
        for span in document.styles:
            if span.kind == "ordinal":
                self._ordinals[span.start] = str(span.data)
            elif span.kind == "cell":
                cells.append(span)
        cells.sort(key=lambda span: span.start)
        cell_starts = [span.start for span in cells]
        first, last = blocks if blocks is not None else (0, len(document.blocks))
        for index in range(max(first, 0), min(last, len(document.blocks))):
            block = document.blocks[index]
            if index > first:
                self.lines.append(VisualLine(block.start, block.start, -1, "", "blank"))
            if block.kind == "table" and cells:
                lo, hi = bisect_right(cell_starts, block.start - 1), bisect_right(cell_starts, block.end)
                if hi > lo:
                    self._table(document.text, index, block, cells[lo:hi])
                    continue
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

    def block_window(document: Document, offset: int, before: int = 40, after: int = 160) -> tuple[int, int]:
        """The blocks around ``offset``: enough for a first screen there."""
        starts = [block.start for block in document.blocks]
        at = max(bisect_right(starts, offset) - 1, 0)
        return max(at - before, 0), at + after

    block_window = staticmethod(block_window)

    def _table(self, text: str, index: int, block: Block, cells: list) -> None:
        """Columns lined up when they fit the width; else each row as "column  value" lines."""
        rows: dict[int, list] = {}
        for span in cells:
            rows.setdefault(int(span.data[0]), []).append(span)
        ordered = [sorted(row, key=lambda span: span.start) for _, row in sorted(rows.items())]
        columns = max(len(row) for row in ordered)
        widths = [0] * columns
        for row in ordered:
            for column, span in enumerate(row):
                widths[column] = max(widths[column], cell_len(text[span.start : span.end]))
        available = self.width - len(CODE_INDENT)
        if sum(widths) + len(TABLE_SEPARATOR) * (columns - 1) <= available:
            for row in ordered:
                pads = tuple((span.end, widths[column] - cell_len(text[span.start : span.end]))
                             for column, span in enumerate(row[:-1])
                             if widths[column] > cell_len(text[span.start : span.end]))
                self.lines.append(VisualLine(row[0].start, row[-1].end, index, CODE_INDENT, "table", pads))
            return
        header = ordered[0] if ordered and ordered[0][0].data[2] else None
        names = [text[span.start : span.end] for span in header] if header else []
        label_width = min(max((cell_len(name) for name in names), default=0), MAX_LABEL)
        body = ordered[1:] if header else ordered
        for number, row in enumerate(body):
            if number:
                self.lines.append(VisualLine(row[0].start, row[0].start, -1, "", "blank"))
            for column, span in enumerate(row):
                name = names[column] if column < len(names) else ""
                if cell_len(name) > label_width:
                    name = name[: max(label_width - 1, 1)] + "…"
                label = CODE_INDENT + name + " " * (label_width - cell_len(name)) + "  " if label_width else CODE_INDENT
                room = max(self.width - cell_len(label), 8)
                for start, end in wrap(text, span.start, span.end, room):
                    prefix = label if start == span.start else " " * cell_len(label)
                    self.lines.append(VisualLine(start, end, index, prefix, "table"))

    def _wrap_block(self, text: str, index: int, block: Block) -> None:
        first, rest = _prefixes(block)
        ordinal = self._ordinals.get(block.start) if block.kind == "list_item" else None
        if ordinal is not None:
            indent = "  " * max(block.level - 1, 0)
            first, rest = indent + ordinal + " ", indent + " " * (len(ordinal) + 1)
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
