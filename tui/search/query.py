"""The query language: words, phrases, exact words, exclusions, alternatives, filters.

``parse_query`` never raises: whatever the analyst typed becomes a ``Query``;
problems (a malformed date range) are listed in ``Query.errors`` and the
offending filter is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.search.text import fold, words

FILTER_KEYS = ("actor", "issue", "stance", "date")
FACET_KEYS = ("actor", "issue", "stance")

_DATE_PART = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to look for.

    ``kind`` is ``word`` (typo-tolerant; a prefix too while it is being
    typed), ``exact`` (the word exactly) or ``phrase`` (these words in a row).
    ``words`` are lower-cased; ``case_sensitive`` holds when the text as
    typed has a capital letter (smart case).
    """

    text: str
    kind: str
    words: tuple[str, ...]
    case_sensitive: bool = False
    typing: bool = False  # the last word, with no space after it yet


@dataclass(frozen=True, slots=True)
class Filter:
    key: str  # actor, issue, stance or date
    values: tuple[str, ...]  # any of these (date: one "low..high" range)
    negated: bool = False


@dataclass(slots=True)
class Query:
    raw: str
    clauses: list[list[Term]] = field(default_factory=list)  # all of these; each: any of its terms
    excludes: list[Term] = field(default_factory=list)
    title_prefixes: list[Term] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.clauses or self.title_prefixes or self.filters)

    @property
    def needs_facets(self) -> bool:
        return any(f.key in FACET_KEYS for f in self.filters)

    def rerank_text(self) -> str:
        """The positive words in order, lower-cased: what a passage is compared with."""
        return " ".join(w for clause in self.clauses for term in clause[:1] for w in term.words)


# A token: a quoted phrase (closed or not) or a run of non-space characters.
_TOKEN = re.compile(r'(?P<neg>!?)(?P<op>[\'^]?)"(?P<phrase>[^"]*)("|$)|(?P<word>[^\s"]+)')


def parse_query(raw: str) -> Query:
    query = Query(raw)
    pending_or = False
    tokens = list(_TOKEN.finditer(raw))
    for index, match in enumerate(tokens):
        last = index == len(tokens) - 1 and not raw[match.end() :].strip() and raw == raw.rstrip()
        if match.group("phrase") is not None:
            negated = bool(match.group("neg"))
            op = match.group("op")
            body = match.group("phrase")
            term = _phrase(body)
            if term is None:
                continue
            if op == "^":
                query.title_prefixes.append(_title_prefix(body))
                continue
            if negated:
                query.excludes.append(term)
                continue
            pending_or = _add(query, term, pending_or)
            continue
        token = match.group("word")
        if token == "|":
            pending_or = bool(query.clauses)
            continue
        negated = token.startswith("!")
        if negated:
            token = token[1:]
        key, sep, value = token.partition(":")
        if sep and key.lower() in FILTER_KEYS and value:
            flt = _filter(key.lower(), value, negated, query.errors)
            if flt is not None:
                query.filters.append(flt)
            continue
        if token.startswith("^"):
            if len(token) > 1:
                query.title_prefixes.append(_title_prefix(token[1:]))
            continue
        exact = token.startswith("'")
        if exact:
            token = token[1:]
        term = _word(token, exact=exact or negated, typing=last and not negated)
        if term is None:
            continue
        if negated:
            query.excludes.append(term)
        else:
            pending_or = _add(query, term, pending_or)
    return query


def _add(query: Query, term: Term, pending_or: bool) -> bool:
    if pending_or and query.clauses:
        query.clauses[-1].append(term)
    else:
        query.clauses.append([term])
    return False


def _case_sensitive(text: str) -> bool:
    return any(c.isupper() for c in text)


def _word(text: str, exact: bool, typing: bool) -> Term | None:
    found = tuple(words(fold(text)))
    if not found:
        return None
    if len(found) > 1:  # "U.S.", "high-level": its words in a row
        return Term(text, "phrase", found, _case_sensitive(text))
    return Term(text, "exact" if exact else "word", found, _case_sensitive(text), typing)


def _phrase(text: str) -> Term | None:
    found = tuple(words(fold(text)))
    if not found:
        return None
    if len(found) == 1:
        return Term(text, "exact", found, _case_sensitive(text))
    return Term(text, "phrase", found, _case_sensitive(text))


def _title_prefix(text: str) -> Term:
    return Term(text, "title", tuple(words(fold(text))), _case_sensitive(text))


def _filter(key: str, value: str, negated: bool, errors: list[str]) -> Filter | None:
    if key != "date":
        values = tuple(v for v in value.split(",") if v)
        return Filter(key, values, negated) if values else None
    low, sep, high = value.partition("..")
    if not sep:
        high = low
    for part in (low, high):
        if part and (not _DATE_PART.match(part) or not _valid_date(part)):
            errors.append(f"date:{value}: expected YYYY, YYYY-MM or YYYY-MM-DD (a real month and day), "
                          "optionally as a range a..b")
            return None
    return Filter("date", (f"{low}..{high}",), negated)


def _valid_date(part: str) -> bool:
    pieces = [int(p) for p in part.split("-")]
    if len(pieces) > 1 and not 1 <= pieces[1] <= 12:
        return False
    if len(pieces) > 2:
        import calendar

        return 1 <= pieces[2] <= calendar.monthrange(pieces[0], pieces[1])[1]
    return True


def filter_warnings(query: Query, known: dict[str, set[str]]) -> list[str]:
    """Problems with the query: its errors, and filter values no dictionary knows (``actor:XYZ``).

    ``known`` maps a filter key (actor, issue, stance) to the values that exist.
    """
    warnings = list(query.errors)
    for flt in query.filters:
        values = known.get(flt.key)
        if not values:
            continue
        folded = {v.casefold() for v in values}
        for value in flt.values:
            if value.casefold() not in folded:
                warnings.append(f"{flt.key}:{value} is not a known {flt.key}")
    return warnings


def date_matches(date: str, value: str) -> bool:
    """Whether a document ``date`` (YYYY-MM-DD) falls in ``value`` ("low..high", either end open)."""
    if not date:
        return False
    low, _, high = value.partition("..")
    if low and date[: len(low)] < low:
        return False
    return not (high and date[: len(high)] > high)


_SYNTAX_FILE = Path(__file__).with_name("syntax.md")


def syntax_help() -> str:
    """The query syntax, as Markdown (for the help screen and the README)."""
    try:
        return _SYNTAX_FILE.read_text(encoding="utf-8")
    except OSError:
        return SYNTAX_SUMMARY


SYNTAX_SUMMARY = (
    "words (all, typo-tolerant)  \"a phrase\"  'exact  !exclude  a | b  ^title-start  "
    "date:2026-01..2026-03  actor:CHN  issue:sanctions  stance:demand"
)
