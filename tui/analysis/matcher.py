"""Tokens and a token trie: fast longest-match lookup of dictionary phrases.

The text is tokenised once (words, dotted acronyms, possessive ``'s``, single
punctuation marks); each dictionary phrase is a path of lower-case tokens in a
trie. Matching walks the trie from every token and keeps the longest match,
left to right, so "Native Americans" beats "Americans" and "United States"
beats "United". Two wildcard edges serve the stance cues: ``{poss}`` (its,
their, his, her, our, optionally followed by "own") and ``{adv}`` (one optional
word ending in -ly).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![\w.]))?"  # U.S., U.K., U.S.A.
    r"|[^\W_]+(?:[-‐][^\W_]+)*"  # words, hyphenated compounds
    r"|['’]s?(?![^\W_])"  # possessive 's, bare apostrophe
    r"|\S"  # any other mark
)

END = "\0"
POSS = "{poss}"
ADV = "{adv}"
INTENSIFIERS = frozenset(
    {
        "very",
        "so",
        "too",
        "more",
        "most",
        "quite",
        "also",
        "still",
        "again",
        "increasingly",
        "particularly",
        "especially",
    }
)
POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})


def norm(token: str) -> str:
    return token.lower().replace("’", "'").replace("‐", "-")


@dataclass(slots=True)
class Tokens:
    starts: list[int]
    ends: list[int]
    words: list[str]  # as written
    lower: list[str]  # normalised lower case

    def __len__(self) -> int:
        return len(self.starts)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    stop = len(text) if end is None else end
    for match in TOKEN.finditer(text, start, stop):
        starts.append(match.start())
        ends.append(match.end())
        words.append(match.group())
    # normalise the span once and slice it (same result as norm() per token: the
    # replacements keep lengths, and lower() keeps them for the scripts of briefings)
    span = norm(text[start:stop])
    if len(span) == stop - start:
        lower = [span[s - start : e - start] for s, e in zip(starts, ends)]
    else:
        lower = [norm(w) for w in words]
    return Tokens(starts, ends, words, lower)


def phrase_tokens(phrase: str) -> list[str]:
    """A dictionary phrase as lower-case tokens (placeholders kept whole)."""
    parts = phrase.split()
    if "".join(parts).isalnum():
        return [part.lower() for part in parts]  # plain words, most entries: each is one token
    out: list[str] = []
    for part in parts:
        if part in (POSS, ADV):
            out.append(part)
        else:
            out.extend(norm(m.group()) for m in TOKEN.finditer(part))
    return out


def phrase_words(phrase: str) -> list[str]:
    """The phrase's tokens as written (for case-sensitive entries)."""
    return [m.group() for m in TOKEN.finditer(phrase)]


# --- inflection ------------------------------------------------------------

_VOWELS = set("aeiou")


def verb_forms(base: str, irregular: dict[str, Any] | None = None) -> list[str]:
    """Base, -s, -ed and -ing forms of a verb (irregular forms from the table)."""
    forms = [base]
    if irregular and base in irregular:
        forms += list(irregular[base])
        return list(dict.fromkeys(forms))
    if re.search(r"(s|x|z|ch|sh)$", base):
        forms.append(base + "es")
    elif re.search(r"[^aeiou]y$", base):
        forms.append(base[:-1] + "ies")
    else:
        forms.append(base + "s")
    if base.endswith("e"):
        forms.append(base + "d")
    elif re.search(r"[^aeiou]y$", base):
        forms.append(base[:-1] + "ied")
    else:
        forms.append(base + "ed")
    if base.endswith("ie"):
        forms.append(base[:-2] + "ying")
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        forms.append(base[:-1] + "ing")
    else:
        forms.append(base + "ing")
    return list(dict.fromkeys(forms))


def noun_forms(word: str) -> list[str]:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return [word, word + "es"]
    if re.search(r"[^aeiou]y$", word):
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


def word_forms(word: str, irregular: dict[str, Any] | None = None) -> list[str]:
    """Every regular inflection of a word that may be a noun or a verb."""
    if not word.isalpha() or len(word) < 3:
        return [word]
    return list(dict.fromkeys(noun_forms(word) + verb_forms(word, irregular)))


# --- trie --------------------------------------------------------------------


class Trie:
    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.size = 0

    def add(self, tokens: Iterable[str], payload: Any) -> None:
        node = self.root
        for token in tokens:
            node = node.setdefault(token, {})
        node.setdefault(END, []).append(payload)
        self.size += 1

    def first_tokens(self) -> frozenset[str]:
        return frozenset(k for k in self.root if k != END)

    def longest(self, lower: list[str], i: int, limit: int) -> tuple[int, list[Any]] | None:
        """The longest match starting at token ``i``: (end token index, payloads)."""
        best: tuple[int, list[Any]] | None = None
        stack = [(self.root, i)]
        while stack:
            node, j = stack.pop()
            payloads = node.get(END)
            if payloads is not None and j > i and (best is None or j > best[0]):
                best = (j, payloads)
            if j >= limit:
                continue
            token = lower[j]
            child = node.get(token)
            if child is not None:
                stack.append((child, j + 1))
            if POSS in node or ADV in node:
                poss = node.get(POSS)
                if poss is not None and token in POSSESSIVES:
                    stack.append((poss, j + 1))
                    if j + 1 < limit and lower[j + 1] == "own":
                        stack.append((poss, j + 2))
                adv = node.get(ADV)
                if adv is not None:
                    stack.append((adv, j))  # the adverb is optional
                    if (token.endswith("ly") and len(token) > 3) or token in INTENSIFIERS:
                        stack.append((adv, j + 1))
        return best
