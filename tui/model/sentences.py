"""Sentence splitting that respects abbreviations, initials and quotes.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes/brackets) that is
followed by white space and then an upper-case letter, a digit or an opening
quote -- unless the word before the period is a known abbreviation, a single
initial ("J."), or a dotted acronym ("U.S.") followed by a word that does not
look like a sentence start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.model.document import Block, Span

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt rep sen gov pres amb sec min
    st mt ft cf vs al approx est
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ
    e.g i.e jr sr rev hon
    """.split()
)

# Abbreviations that often end a sentence ("... tariffs, etc. The EU"): like
# dotted acronyms, they end one when a typical sentence start follows.
CLOSING_ABBREVIATIONS = frozenset("etc a.m p.m".split())

# Abbreviations only when a number follows ("No. 5", "Art. 51", "Vol. 2").
NUMBERED = frozenset("no nos vol vols fig figs ch art arts para pp p sec".split())

# Acronyms that are often the last word of a sentence ("... sanctioned by the U.S.").
# After them we split when the next word starts a typical sentence.
_SENTENCE_STARTERS = frozenset(
    """
    The A An In On At It Its This That These Those He She They We I His Her Their Our
    But And Or However Meanwhile Moreover Furthermore Still Yet Also As After Before
    When While If Although Though Despite Since Because Officials Both Neither Either
    There Such Some Many Most Several Few No Not Nor For So Then Thus Lastly Finally
    Ultimately Indeed Instead Today Yesterday Last Next Earlier Later In
    """.split()
)

# Linear on any input: a match never starts inside a run of stops (the lookbehind:
# the stop before it is no stop), and possessive quantifiers never give back what
# they took, so a 100 KB run of "." is scanned once instead of once per position.
# The stop comes first so the regex engine can skip ahead to the next one.
_BOUNDARY = re.compile(r"[.!?…](?<![.!?…]{2})[.!?…]*+[\"'”’)\]]*+(?=\s++[\"'“‘(\[]?[^\W_a-z])")
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]?(\w+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _is_abbreviation_end(text: str, dot: int, next_word: str) -> bool:
    """Whether the period at ``dot`` closes an abbreviation rather than a sentence."""
    match = _WORD_BEFORE.search(text, max(0, dot - 20), dot + 1)
    if match is None:
        return False
    word = match.group(1)
    bare = word.rstrip(".").lower()
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if bare in CLOSING_ABBREVIATIONS or "." in bare:  # "etc.", a dotted acronym "U.S."
        if bare in ABBREVIATIONS:  # "e.g." never ends a sentence
            return True
        return next_word not in _SENTENCE_STARTERS
    if bare in NUMBERED:
        return next_word[:1].isdigit()
    return bare in ABBREVIATIONS


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans within ``text[start:end]``, trimmed of surrounding white space."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if match.group().startswith(".") and _is_abbreviation_end(text, match.start(), _next_word(text, stop, end)):
            continue
        _append_trimmed(text, cursor, stop, spans)
        cursor = stop
    _append_trimmed(text, cursor, end, spans)
    return spans


def _next_word(text: str, position: int, end: int) -> str:
    match = _NEXT_WORD.match(text, position, end)
    return match.group(1) if match else ""


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, "sentence"))


def split_blocks(text: str, blocks: Iterable[Block]) -> list[Span]:
    """Sentences of every prose block; code and tables are one span each."""
    spans: list[Span] = []
    for block in blocks:
        if block.kind in ("code", "table"):
            _append_trimmed(text, block.start, block.end, spans)
        else:
            spans.extend(split_sentences(text, block.start, block.end))
    return spans
