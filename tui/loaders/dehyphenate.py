"""Decide, by evidence, whether a word broken at a line-end hyphen is one word.

"be-" + "tween" is "between"; "all-" + "or-nothing" and "anti-" + "democratic"
are compounds that keep their hyphen. Evidence, strongest first: how the
document spells the pair elsewhere, then how the rest of its folder (the
corpus) spells it, then the shipped English word list, then whether both
halves are words on their own.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINE_END_HYPHEN = re.compile(r"-[ \t]*\n")
# Prefixes that keep their hyphen before a word even when the joined form is listed.
_HYPHEN_KEEPING_PREFIXES = frozenset("non anti self all quasi pan neo semi multi".split())
# Prefixes written with a hyphen before a word when the joined form is no word.
_HYPHEN_PREFIXES = frozenset("de re co pre ex post pro counter cross mid".split())
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
        word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[: -len(suffix)] in words
        for suffix in _SUFFIXES
    )


def count_words(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased word counts; a line-end hyphen is the question, not evidence."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD.findall(_LINE_END_HYPHEN.sub(" ", text).lower()))
    return counts


class Vocabulary:
    """How a text (and, as a fallback, its corpus) spells words that are not broken.

    Counting is deferred to the first question, so a text without a broken
    word never pays for it; ``corpus`` is a callable for the same reason.
    """

    def __init__(self, text: str, corpus: Callable[[], Counter[str]] | None = None) -> None:
        self._text = text
        self._counts: Counter[str] | None = None
        self._corpus = corpus
        self._corpus_counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = count_words([self._text])
        return self._counts

    def seen(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def _layers(self) -> Iterator[Counter[str]]:
        yield self.counts
        if self._corpus is not None:
            if self._corpus_counts is None:  # once per text: the folder is listed and stat'ed
                self._corpus_counts = self._corpus()
            yield self._corpus_counts

    def prefers(self, hyphenated: str, joined: str) -> str | None:
        """The spelling the evidence favours, or None when it is silent or split."""
        for counts in self._layers():
            with_hyphen = counts.get(hyphenated.lower(), 0)
            without = counts.get(joined.lower(), 0)
            if with_hyphen != without:
                return hyphenated if with_hyphen > without else joined
        return None


def join_broken_word(left: str, right: str, vocabulary: Vocabulary | None = None) -> str:
    """The text for ``left`` + "-" + line break + ``right``: joined or hyphenated.

    ``right`` may itself hold hyphens ("or-nothing"); the word list judges
    only its first part.
    """
    hyphenated = f"{left}-{right}"
    joined = left + right
    head = right.split("-", 1)[0]
    if "-" in left or head[:1].isupper() or not left.isalpha() or not head.isalpha():
        return hyphenated  # "run-of-the-" + "river", "anti-" + "American"
    if vocabulary is not None:
        preferred = vocabulary.prefers(hyphenated, joined)
        if preferred is not None:
            return preferred
    prefix = left.lower()
    if prefix in _HYPHEN_KEEPING_PREFIXES and len(head) >= 4 and is_word(head):
        return hyphenated  # "non-" + "negotiable"
    if is_word(left + head):
        return joined
    if prefix in _HYPHEN_PREFIXES and len(head) >= 4 and is_word(head):
        return hyphenated  # "de-" + "escalation"
    if len(left) >= 3 and is_word(left) and is_word(head):
        return hyphenated  # both halves are words: a compound such as "rare-earth"
    return joined
