"""Accumulate blocks into one canonical text, recording their spans.

Blocks are separated by a blank line, so ``briefing cat`` reads naturally
and every block's offsets are known as it is added.
"""

from __future__ import annotations

from pathlib import Path

from tui.model.document import Block, Document, Metadata, Span

BLOCK_SEPARATOR = "\n\n"


class TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.styles: list[Span] = []

    @property
    def length(self) -> int:
        return self._length

    def _write(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def start_block(self) -> int:
        """Separate from the previous block; return where the new one starts."""
        if self._length:
            self._write(BLOCK_SEPARATOR)
        return self._length

    def write(self, text: str) -> tuple[int, int]:
        start = self._length
        self._write(text)
        return start, self._length

    def trim_newline(self) -> None:
        """Drop a trailing newline written by the last row of a table."""
        if self._parts and self._parts[-1].endswith("\n"):
            self._parts[-1] = self._parts[-1][:-1]
            self._length -= 1

    def end_block(self, start: int, kind: str, level: int = 0) -> None:
        if self._length > start:
            self.blocks.append(Block(start, self._length, kind, level))

    def add_block(self, text: str, kind: str, level: int = 0) -> None:
        if not text:
            return
        start = self.start_block()
        self.write(text)
        self.end_block(start, kind, level)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def build(self, path: Path, meta: Metadata, problems: list[str] | None = None) -> Document:
        text = "".join(self._parts)
        if text:
            text += "\n"
        return Document(path, text, self.blocks, meta, self.styles, problems or [])
