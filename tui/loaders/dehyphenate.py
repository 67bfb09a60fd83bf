"""Decide, by evidence, whether a word broken at a line-end hyphen is one word.

"be-" + "tween" is "between"; "all-or-" + "nothing" and "anti-" + "democratic"
are compounds that keep their hyphen. Evidence, strongest first: how the
document itself spells the pair elsewhere, then the shipped English word
list, then whether both halves are words on their own.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Prefixes written with a hyphen before a word when the joined form is no word.
_HYPHEN_PREFIXES = frozenset("de re co pre non anti self ex post multi semi pro counter cross mid".split())
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ments", "al")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    data = resources.files("tui.loaders").joinpath("data/words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def is_word(word: str) -> bool:
    """In the word list, directly or as a regular inflection of a listed word."""
    words = english_words()
    word = word.lower()
    if word in words:
        return True
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in words and len(word) - len(suffix) >= 3
        for suffix in _SUFFIXES
    )


class Vocabulary:
    """How a text spells words when they are not broken across lines."""

    def __init__(self, text: str) -> None:
        # Only words inside a line count: a line-end hyphen is the question, not evidence.
        inner = re.sub(r"-[ \t]*\n", " ", text)
        self.counts = Counter(match.group().lower() for match in _WORD.finditer(inner))

    def seen(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)


def join_broken_word(left: str, right: str, vocabulary: Vocabulary | None = None) -> str:
    """The text for ``left`` + "-" + line break + ``right``: joined or hyphenated."""
    hyphenated = f"{left}-{right}"
    joined = left + right
    if "-" in left or right[:1].isupper() or not left.isalpha() or not right.isalpha():
        return hyphenated  # "run-of-the-" + "river", "anti-" + "American", "COVID-" + "19"
    if vocabulary is not None:
        seen_hyphenated = vocabulary.seen(hyphenated)
        seen_joined = vocabulary.seen(joined)
        if seen_hyphenated != seen_joined:
            return hyphenated if seen_hyphenated > seen_joined else joined
    if is_word(joined):
        return joined
    if left.lower() in _HYPHEN_PREFIXES and len(right) >= 4 and is_word(right):
        return hyphenated  # "de-" + "escalation"
    if len(left) >= 3 and is_word(left) and is_word(right):
        return hyphenated  # both halves are words: a compound such as "long-term"
    return joined
