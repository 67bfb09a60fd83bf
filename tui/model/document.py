"""The document model: one canonical text per document, every feature a span over it.

Nothing here knows about the screen. Offsets are Python string indices into
``Document.text``; ``briefing cat PATH`` prints exactly that text.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.model.sanitize import sanitize

BLOCK_KINDS = ("heading", "paragraph", "list_item", "quote", "table", "code")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of the canonical text with a kind and payload."""

    start: int
    end: int
    kind: str
    data: Any = None

    def __len__(self) -> int:
        return self.end - self.start

    def covers(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Block:
    """A structural block: heading, paragraph, list item, quote, table or code.

    ``level`` is the heading level (1-6) or the list/quote nesting depth.
    """

    start: int
    end: int
    kind: str
    level: int = 0


@dataclass(slots=True)
class Metadata:
    title: str = ""
    date: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    speaker: str = ""  # who the document speaks for (front matter ``speaker:``), for first person


@dataclass(eq=False, repr=False)
class Document:
    """A loaded briefing.

    ``styles`` holds inline markup (``emphasis``, ``strong``, ``code``, ``link``
    with the URL as data) as spans; ``problems`` holds the loader's warnings,
    each a sentence naming what was wrong (the path is added by the caller).
    """

    path: Path
    text: str
    blocks: list[Block]
    meta: Metadata = field(default_factory=Metadata)
    styles: list[Span] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        # Short on purpose: worker descriptions and logs repr their arguments,
        # and the default would copy the whole text of every document.
        return f"Document({str(self.path)!r}, {len(self.text)} chars)"

    @property
    def title(self) -> str:
        return self.meta.title or sanitize(self.path.stem)

    @property
    def display_name(self) -> str:
        """The file name, safe to show (a file name can hold escape sequences)."""
        return sanitize(self.path.name)

    @property
    def display_path(self) -> str:
        """The path, safe to show (undecodable bytes and controls become visible symbols)."""
        return sanitize(str(self.path))

    @cached_property
    def id(self) -> str:
        """A stable identifier across edits: the resolved path (resolved once: it costs a syscall)."""
        return str(self.path.resolve())

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans, never crossing a block boundary (computed on first use)."""
        from tui.model.sentences import split_blocks

        return split_blocks(self.text, self.blocks)

    def block_at(self, offset: int) -> Block | None:
        return _containing(self.blocks, self._block_starts, offset)

    def sentence_at(self, offset: int) -> Span | None:
        return _containing(self.sentences, self._sentence_starts, offset)

    # Start offsets, cached: the reading pane asks on every cursor move.
    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]


def _containing(items: list, starts: list[int], offset: int):
    """The item of ``items`` (sorted, non-overlapping) that covers ``offset``."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < items[index].end:
        return items[index]
    return None
