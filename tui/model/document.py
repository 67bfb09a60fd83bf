"""The document model: one canonical text per document, every feature a span over it.

Nothing here knows about the screen. Offsets are Python string indices into
``Document.text``; ``briefing cat PATH`` prints exactly that text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

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


@dataclass(eq=False)
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

    @property
    def title(self) -> str:
        return self.meta.title or self.path.stem

    @property
    def id(self) -> str:
        """A stable identifier across edits: the resolved path."""
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
        from bisect import bisect_right

        index = bisect_right([b.start for b in self.blocks], offset) - 1
        if index >= 0 and offset < self.blocks[index].end:
            return self.blocks[index]
        return None

    def sentence_at(self, offset: int) -> Span | None:
        from bisect import bisect_right

        sentences = self.sentences
        index = bisect_right([s.start for s in sentences], offset) - 1
        if index >= 0 and offset < sentences[index].end:
            return sentences[index]
        return None
