"""Words and passages: how the search index sees a document's canonical text.

Offsets are always offsets into ``Document.text``. Lower-casing keeps the
length of the text (``fold``), so a word found in the folded text is at the
same offsets in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A word: letters and digits (no underscore). "U.S." is two words, "high-level" two.
WORD_RE = re.compile(r"[^\W_]+")

# Passages longer than this are cut into windows of about WINDOW characters
# at sentence ends (or, failing that, at a space).
MAX_PASSAGE = 1500
WINDOW = 1000

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")

# Passage flags.
BODY = 0
TITLE = 1  # the title, found as a block of the text (its span is real)
VIRTUAL_TITLE = 2  # the title is not in the text (e.g. front matter): span is (0, 0)


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def words(folded: str) -> list[str]:
    return WORD_RE.findall(folded)


# ASCII letters and digits kept, every other ASCII character a space: for ASCII
# text, ``text.translate(_ASCII_BLANKS).split()`` is ``WORD_RE.findall(text)``,
# at twice the speed.
_ASCII_BLANKS = {c: 32 for c in range(128) if not chr(c).isalnum()}


def passage_words(folded: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    """The words of each span ``(start, end)`` of ``folded``, as ``WORD_RE.findall`` finds them."""
    if folded.isascii():
        blanked = folded.translate(_ASCII_BLANKS)
        return [blanked[start:end].split() for start, end in spans]
    findall = WORD_RE.findall
    out = []
    for start, end in spans:
        piece = folded[start:end]
        out.append(piece.translate(_ASCII_BLANKS).split() if piece.isascii() else findall(piece))
    return out


def iter_words(text: str, offset: int = 0) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` for each word of ``text``; offsets shifted by ``offset``."""
    for match in WORD_RE.finditer(text):
        yield match.start() + offset, match.end() + offset, match.group()


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into windows of about WINDOW characters at sentence ends."""
    if end - start <= MAX_PASSAGE:
        return [(start, end)]
    from bisect import bisect_left, bisect_right

    cut_points = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    while end - piece_start > MAX_PASSAGE:
        target = piece_start + WINDOW
        low, high = piece_start + WINDOW // 2, piece_start + WINDOW + WINDOW // 4
        near = cut_points[bisect_right(cut_points, low) : bisect_left(cut_points, high + 1)]
        if near:
            cut = min(near, key=lambda point: abs(point - target))
        else:  # no sentence end near: cut at a space, or anywhere
            space = text.rfind(" ", low, target)
            cut = space + 1 if space >= low else target
        pieces.append((piece_start, _rstrip(text, piece_start, cut)))
        piece_start = cut
    pieces.append((piece_start, end))
    return [(a, b) for a, b in pieces if b > a]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def passages(text: str, blocks, title: str) -> list[tuple[int, int, int]]:
    """``(start, end, flag)`` for each passage of a document, the title first.

    The title is a pseudo-passage: the block that holds exactly the title
    when there is one (flag TITLE), otherwise a virtual passage (0, 0,
    VIRTUAL_TITLE) whose text is the title itself.
    """
    result: list[tuple[int, int, int]] = []
    title_block = None
    stripped_title = title.strip()
    for block in blocks[:3]:
        if text[block.start : block.end].strip() == stripped_title and stripped_title:
            title_block = block
            break
    if title_block is not None:
        result.append((title_block.start, title_block.end, TITLE))
    else:
        result.append((0, 0, VIRTUAL_TITLE))
    spans = [(b.start, b.end) for b in blocks if b is not title_block]
    if not blocks and text.strip():
        spans = [(0, len(text))]
    for start, end in spans:
        if not text[start:end].strip():
            continue
        result.extend((a, b, BODY) for a, b in split_long(text, start, end))
    return result
