"""Find an annotation's passage again in a document's current text.

The order follows Hypothesis's anchoring:

1. **position** — ``text[start:end]`` still equals the quote: ``exact``;
2. **exact quote** — every occurrence of the quote, the best chosen by how
   well its surroundings match the stored prefix and suffix, then by
   closeness to the old position: ``moved``; when neither side of that copy
   resembles the old surroundings, a fuzzy match (step 3) wins if it
   scores higher — the passage was edited in place and the copy is another;
3. **fuzzy** — candidate passages (the text between the stored prefix and
   suffix; the best alignment of the quote near the old position and over
   the whole text) scored like Hypothesis::

       (50 × quote similarity + 20 × prefix + 20 × suffix + 2 × closeness) / 92

   and accepted above ``FUZZY_THRESHOLD`` when the quote itself is at least
   ``MIN_QUOTE_SIMILARITY`` alike: ``fuzzy``;
4. otherwise ``None``: the caller keeps the annotation as an orphan.

Similarities are rapidfuzz's normalised Indel ratio (0..1).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 0.70
MIN_QUOTE_SIMILARITY = 0.60
MAX_OCCURRENCES = 10_000
_WEIGHTS = (50.0, 20.0, 20.0, 2.0)
_NEAR_WINDOW = 2_000  # characters either side of the old position searched first
_MAX_REFINE = 40
# Context score (out of 42) above which an exact copy of the quote is taken
# without looking for an edited passage: one side of it matching well.
_GOOD_CONTEXT = 22.0  # how far (in characters) the ends of a fuzzy match may be adjusted


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    status: str  # "exact" | "moved" | "fuzzy"
    score: float = 1.0


def selectors(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``(exact, prefix, suffix)`` for ``text[start:end]`` with 32 characters of context."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"the range {start}..{end} is not a passage of a {len(text)}-character text")
    return text[start:end], text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def occurrences(text: str, quote: str, limit: int = MAX_OCCURRENCES) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    found: list[int] = []
    if not quote:
        return found
    index = text.find(quote)
    while index != -1 and len(found) < limit:
        found.append(index)
        index = text.find(quote, index + 1)
    return found


def locate(text: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> Match | None:
    """Where the passage is now, or None when it cannot be found (an orphan)."""
    if not exact:
        return None
    if 0 <= start <= end <= len(text) and text[start:end] == exact:
        return Match(start, end, "exact")
    hits = occurrences(text, exact)
    if not hits:
        return _fuzzy(text, exact, prefix, suffix, start)
    context, best = max((_context(text, s, s + len(exact), prefix, suffix, start), -abs(s - start), s)
                        for s in hits)[0::2]
    moved = Match(best, best + len(exact), "moved", (_WEIGHTS[0] + context) / sum(_WEIGHTS))
    if context >= _GOOD_CONTEXT:
        return moved
    # Neither side of the best copy looks like the old surroundings: the
    # passage may have been edited where it was and the copy be another one.
    fuzzy = _fuzzy(text, exact, prefix, suffix, start)
    return fuzzy if fuzzy is not None and fuzzy.score > moved.score else moved


def score(text: str, s: int, e: int, exact: str, prefix: str, suffix: str, hint: int) -> tuple[float, float]:
    """``(normalised score, quote similarity)`` of ``text[s:e]`` as the passage."""
    quote = _similarity(exact, text[s:e])
    total = _WEIGHTS[0] * quote + _context(text, s, e, prefix, suffix, hint)
    return total / sum(_WEIGHTS), quote


def _context(text: str, s: int, e: int, prefix: str, suffix: str, hint: int) -> float:
    before = _similarity(prefix, text[max(0, s - len(prefix)) : s])
    after = _similarity(suffix, text[e : e + len(suffix)])
    closeness = 1.0 - min(1.0, abs(s - hint) / max(1, len(text)))
    return _WEIGHTS[1] * before + _WEIGHTS[2] * after + _WEIGHTS[3] * closeness


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _fuzzy(text: str, exact: str, prefix: str, suffix: str, hint: int) -> Match | None:
    if not text:
        return None
    candidates: set[tuple[int, int]] = set(_between_context(text, exact, prefix, suffix, hint))
    low = max(0, hint - _NEAR_WINDOW)
    near = text[low : hint + len(exact) + _NEAR_WINDOW]
    for offset, haystack in ((low, near), (0, text)):
        if len(haystack) <= len(exact):
            candidates.add((offset, offset + len(haystack)))
            continue
        aligned = fuzz.partial_ratio_alignment(exact, haystack)
        if aligned is not None and aligned.score > 0:
            s, e = offset + aligned.dest_start, offset + aligned.dest_end
            candidates.add(_refine(text, s, e, exact, prefix, suffix))
    best: Match | None = None
    for s, e in candidates:
        if e <= s:
            continue
        total, quote = score(text, s, e, exact, prefix, suffix, hint)
        if quote >= MIN_QUOTE_SIMILARITY and total >= FUZZY_THRESHOLD:
            if best is None or total > best.score:
                best = Match(s, e, "fuzzy", total)
    return best


def _between_context(text: str, exact: str, prefix: str, suffix: str, hint: int):
    """Passages lying between a surviving copy of the prefix and of the suffix."""
    longest = 2 * len(exact) + 64
    if len(prefix) >= 8:
        starts = [p + len(prefix) for p in occurrences(text, prefix, 100)]
    elif not prefix:
        starts = [0]
    else:
        return
    for s in sorted(starts, key=lambda p: abs(p - hint))[:20]:
        if len(suffix) >= 8:
            e = text.find(suffix, s, s + longest + len(suffix))
            if e > s:
                yield s, e
        elif not suffix:
            if len(text) - s <= longest:
                yield s, len(text)


def _refine(text: str, s: int, e: int, exact: str, prefix: str, suffix: str) -> tuple[int, int]:
    """Move the ends of an aligned window to where the quote matches best.

    A quote that began (ended) on a word boundary is then widened to whole
    words, so an edited word at its edge is taken in full.
    """
    reach = min(_MAX_REFINE, max(4, len(exact) // 4))
    for _ in range(2):
        s = max(
            range(max(0, s - reach), min(e, s + reach + 1)),
            key=lambda x: (fuzz.ratio(exact, text[x:e]), -abs(x - s)),
            default=s,
        )
        e = max(
            range(max(s + 1, e - reach), min(len(text), e + reach) + 1),
            key=lambda x: (fuzz.ratio(exact, text[s:x]), -abs(x - e)),
            default=e,
        )
    if exact[0].isalnum() and not prefix[-1:].isalnum():
        while 0 < s < e and text[s].isalnum() and text[s - 1].isalnum():
            s -= 1
    if exact[-1].isalnum() and not suffix[:1].isalnum():
        while s < e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
            e += 1
    return s, e
