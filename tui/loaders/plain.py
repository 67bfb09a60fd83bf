"""The fallback for text too large or too complex for the Markdown parser or the reflow.

Paragraphs are split at blank lines and kept as written, in linear time and
memory. The number of blocks is bounded too: past ``MAX_BLOCKS`` neighbouring
paragraphs share a block, so six megabytes of one-letter paragraphs do not
become two million objects.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.loaders.builder import TextBuilder
from tui.model.document import Document, Metadata

MAX_BLOCKS = 50_000
MAX_TITLE_CHARS = 200
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def parse_plain(path: Path, text: str, problems: list[str], meta: Metadata | None = None) -> Document:
    meta = meta or Metadata()
    paragraphs = [p for p in (part.strip() for part in _BLANK_LINES.split(text)) if p]
    if len(paragraphs) > MAX_BLOCKS:
        size = -(-len(paragraphs) // MAX_BLOCKS)
        paragraphs = ["\n\n".join(paragraphs[i : i + size]) for i in range(0, len(paragraphs), size)]
    builder = TextBuilder()
    for paragraph in paragraphs:
        builder.add_block(paragraph, "paragraph")
    if not meta.title and paragraphs:
        first = paragraphs[0][: MAX_TITLE_CHARS * 2].split("\n", 1)[0]
        meta.title = " ".join(first.lstrip("#").split())[:MAX_TITLE_CHARS]
    return builder.build(path, meta, problems)
