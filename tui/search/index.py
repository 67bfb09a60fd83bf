"""The corpus search index: passages, an inverted index, typo-tolerant ranking.

Two stages:

1. Candidates. Every query word is expanded to the vocabulary words it may
   stand for -- itself (exact), completions while it is being typed
   (prefix), neighbours within one or two edits (typo) -- and the passages
   holding the rarest word are checked against the others.
2. Ranking. Share of query words found, then how well (exact > prefix >
   typo, weighted by rarity), then ``rapidfuzz.fuzz.partial_ratio`` of the
   query against the passage for the best few hundred, then a bonus when
   the title holds the words too; ties go to the shorter passage.

The index keeps no ``Document``: per document an entry (id, path, title,
date, key) and the text; per passage its span and its words as sorted term
ids; per term its passages; the term ids in alphabetical order of their
words, so the completions of a prefix are found by bisection.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, KeysView, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from tui.collector import collector_paused
from tui.search import text as textmod
from tui.search.query import FACET_KEYS, Query, Term, date_matches, parse_query
from tui.search.text import BODY, VIRTUAL_TITLE, WORD_RE, fold, passages

# Match qualities: how much a clause counts when matched this way.
EXACT, PREFIX, TYPO1, TYPO2 = 1.0, 0.85, 0.7, 0.55

RERANK = 200  # candidates compared with rapidfuzz
CANDIDATE_CAP = 8_000  # passages examined at most (the rarest word's first, then others')
FALLBACK_DF = 2_000  # a word in more passages than this (or 2%) brings no partial matches
SET_LIMIT = 60_000  # postings up to this size are checked through a cached set
SET_CACHE_ITEMS = 1_000_000  # passage ids kept in cached sets (~40-60 MB at most)
MIN_PREFIX = 3  # completions from this many letters
# A correctly spelled word (in the vocabulary) found in at least this many passages stands
# for itself: "sanctions" is not also "actions", "rare" not also "are".
FEW_MATCHES = 3
TITLE_BONUS = 0.5

ShouldStop = Callable[[], bool] | None
Facets = Callable[[str], Mapping[str, Iterable[str]] | None] | Mapping[str, Mapping[str, Iterable[str]]] | None


def typo_budget(word: str) -> int:
    """Edits tolerated: none up to 3 letters or with digits, 1 for 4-7, 2 for 8+."""
    if len(word) < 4 or any(c.isdigit() for c in word):
        return 0
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True, slots=True)
class Hit:
    """One passage that matches.

    ``start``/``end`` is the passage in ``Document.text``; ``matches`` are
    the matched words (or phrases) as absolute spans in ``Document.text``.
    ``in_title`` marks the title pseudo-passage; when the title is not part
    of the text (front matter) the span is ``(0, 0)`` and the matches are in
    ``title_matches``, which holds the matched words of the title (offsets
    in ``title``) for every hit.
    """

    doc_id: str
    path: Path
    title: str
    start: int
    end: int
    score: float
    matches: list[tuple[int, int]]
    in_title: bool = False
    title_matches: list[tuple[int, int]] = field(default_factory=list)
    complete: bool = True  # the passage matches every word of the query (else only some)


@dataclass(slots=True)
class SearchResults:
    """The best hits and what the counts are.

    ``total`` passages matched (``complete`` of them every word); when
    ``exact`` is False there are more than ``total`` (the search stopped
    gathering candidates), so a list shows "N+".
    """

    hits: list[Hit]
    total: int = 0
    complete: int = 0
    exact: bool = True

    @property
    def more(self) -> bool:
        """More passages match than the hits hold."""
        return len(self.hits) < self.total or not self.exact


@dataclass(slots=True)
class DocEntry:
    doc_id: str
    path: str
    title: str
    date: str
    key: str  # changes whenever what the index holds for the document changes


def document_key(document) -> str:
    """The cache key of a document: its content hash, title, date and block spans."""
    digest = hashlib.sha256()
    digest.update(document.content_hash.encode())
    digest.update(b"\0" + document.title.encode("utf-8", "surrogatepass"))
    digest.update(b"\0" + (document.meta.date or "").encode())
    digest.update(b"\0" + ",".join(f"{b.start}:{b.end}" for b in document.blocks).encode())
    return digest.hexdigest()[:32]


class _Level:
    """Term ids a query term may match with one quality: a list of id ranges."""

    __slots__ = ("quality", "ranges", "df", "_ids")

    def __init__(self, quality: float, ranges: list[tuple[int, int]], df: int) -> None:
        self.quality = quality
        self.ranges = ranges
        self.df = df
        self._ids: frozenset[int] | None = None

    def ids(self) -> frozenset[int]:
        if self._ids is None:
            self._ids = frozenset(i for lo, hi in self.ranges for i in range(lo, hi))
        return self._ids


class _Expanded:
    """A query term with its vocabulary expansion."""

    __slots__ = ("term", "levels", "df", "prefix", "typo_words", "phrase_re", "typos")

    def __init__(self, term: Term) -> None:
        self.term = term
        self.levels: list[_Level] = []
        self.df = 0
        self.prefix: str | None = None
        self.typo_words: dict[str, float] = {}
        self.phrase_re: re.Pattern[str] | None = None
        self.typos = term.kind == "word"  # False: a correctly spelled word stands for itself

    def word_quality(self, word: str) -> float:
        """How a (lower-cased) word of the text matches this single-word term; 0 if not."""
        target = self.term.words[0]
        if word == target:
            return EXACT
        if self.prefix is not None and word.startswith(self.prefix):
            return PREFIX
        return self.typo_words.get(word, 0.0)


class SearchIndex:
    def __init__(
        self,
        docs: list[DocEntry],
        texts: list[str],
        doc_first: array,
        p_doc: array,
        p_start: array,
        p_end: array,
        p_flag: array,
        vocab: list[str],
        fwd_off: array,
        fwd: array,
        post_off: array,
        post: array,
        alpha: array,
    ) -> None:
        self.docs = docs
        self.texts = texts
        self.doc_first = doc_first  # first passage of each document (its title); len = docs + 1
        self.p_doc = p_doc
        self.p_start = p_start
        self.p_end = p_end
        self.p_flag = p_flag
        self.vocab = vocab
        self.fwd_off = fwd_off
        self.fwd = fwd
        self.post_off = post_off
        self.post = post
        self.alpha = alpha  # term ids in alphabetical order of their words
        self.alphabetical = [vocab[i] for i in alpha]
        self.term_id = {word: i for i, word in enumerate(vocab)}
        self._by_length: dict[int, list[str]] | None = None
        self._typo_cache: OrderedDict[str, list[tuple[str, int]]] = OrderedDict()
        self._set_cache: OrderedDict[tuple, dict[int, None]] = OrderedDict()  # untracked by the gc
        self._set_items = 0
        self._doc_index = {entry.doc_id: i for i, entry in enumerate(docs)}
        # The caches are shared by searches that may overlap (a cancelled one still finishing).
        self._lock = threading.Lock()
        self.origin = "built"  # or "cache" / "updated" (set by load_or_build)
        self.reindexed = len(docs)

    # Construction -------------------------------------------------------------
    @classmethod
    def build(cls, documents: Sequence) -> SearchIndex:
        from tui.search.cache import (
            document_ids,  # resolves each folder once, not each file
        )

        documents = list(documents)
        with collector_paused():
            builder = _Builder()
            for document, doc_id in zip(documents, document_ids(documents)):
                builder.add_document(document, doc_id)
            return builder.finish()

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def passage_count(self) -> int:
        return len(self.p_doc)

    def doc_index(self, doc_id: str) -> int | None:
        return self._doc_index.get(doc_id)

    def passage_text(self, pid: int) -> tuple[str, int]:
        """The passage's text and the offset of its first character in the document."""
        doc = self.p_doc[pid]
        if self.p_flag[pid] == VIRTUAL_TITLE:
            return self.docs[doc].title, 0
        start = self.p_start[pid]
        return self.texts[doc][start : self.p_end[pid]], start

    # Expansion ----------------------------------------------------------------
    def _df(self, lo: int, hi: int) -> int:
        return self.post_off[hi] - self.post_off[lo]

    def typo_neighbours(self, word: str) -> list[tuple[str, int]]:
        """Vocabulary words within the typo budget of ``word`` (not itself), with distances."""
        with self._lock:
            cached = self._typo_cache.get(word)
            if cached is not None:
                self._typo_cache.move_to_end(word)
                return cached
        budget = typo_budget(word)
        found: list[tuple[str, int]] = []
        if budget:
            if self._by_length is None:
                by_length: dict[int, list[str]] = {}
                for term in self.vocab:
                    by_length.setdefault(len(term), []).append(term)
                self._by_length = by_length
            for length in range(len(word) - budget, len(word) + budget + 1):
                choices = self._by_length.get(length)
                if not choices:
                    continue
                for choice, distance, _ in process.extract(
                    word, choices, scorer=OSA.distance, score_cutoff=budget, limit=None
                ):
                    if choice != word:
                        found.append((choice, distance))
        with self._lock:
            self._typo_cache[word] = found
            if len(self._typo_cache) > 256:
                self._typo_cache.popitem(last=False)
        return found

    def _expand(self, term: Term) -> _Expanded:
        expanded = _Expanded(term)
        if term.kind == "phrase":
            ids = [self.term_id.get(w) for w in term.words]
            expanded.phrase_re = _phrase_regex(term.words)
            if any(i is None for i in ids):
                return expanded
            # Candidates: passages holding the rarest word; the rest is checked on the text.
            rarest = min(ids, key=lambda i: self._df(i, i + 1))
            expanded.levels.append(_Level(EXACT, [(rarest, rarest + 1)], self._df(rarest, rarest + 1)))
            expanded.df = expanded.levels[0].df
            return expanded
        word = term.words[0]
        exact_id = self.term_id.get(word)
        if exact_id is not None:
            expanded.levels.append(_Level(EXACT, [(exact_id, exact_id + 1)], self._df(exact_id, exact_id + 1)))
        if term.kind == "word" and term.typing and len(word) >= MIN_PREFIX:
            alphabetical = self.alphabetical
            lo = bisect_left(alphabetical, word)
            hi = bisect_left(alphabetical, word + "\U0010ffff", lo)
            ranges = [(i, i + 1) for i in self.alpha[lo:hi] if i != exact_id]
            if ranges:
                expanded.prefix = word
                expanded.levels.append(_Level(PREFIX, ranges, sum(self._df(a, b) for a, b in ranges)))
        if exact_id is not None and self._df(exact_id, exact_id + 1) >= FEW_MATCHES:
            expanded.typos = False
        if expanded.typos:
            by_quality: dict[float, list[tuple[int, int]]] = {}
            for neighbour, distance in self.typo_neighbours(word):
                if expanded.prefix is not None and neighbour.startswith(word):
                    continue
                quality = TYPO1 if distance <= 1 else TYPO2
                expanded.typo_words[neighbour] = quality
                i = self.term_id[neighbour]
                by_quality.setdefault(quality, []).append((i, i + 1))
            for quality in sorted(by_quality, reverse=True):
                ranges = by_quality[quality]
                expanded.levels.append(_Level(quality, ranges, sum(self._df(a, b) for a, b in ranges)))
        expanded.df = sum(level.df for level in expanded.levels)
        return expanded

    # Checking passages --------------------------------------------------------
    def _level_set(self, level: _Level) -> KeysView[int] | None:
        """The passages of a level as a set-like view (cached), or None when it is too large.

        The cached sets are dicts of ints, which the cyclic garbage collector
        does not track: as frozensets (a million passage ids at most) every
        collection walked them all, a pause of 30-50 ms in the middle of a
        search.
        """
        if level.df > SET_LIMIT:
            return None
        key = tuple(level.ranges)
        with self._lock:
            cached = self._set_cache.get(key)
            if cached is not None:
                self._set_cache.move_to_end(key)
                return cached.keys()
        post, off = self.post, self.post_off
        if len(level.ranges) == 1:
            lo, hi = level.ranges[0]
            cached = dict.fromkeys(post[off[lo] : off[hi]])
        else:
            cached = {}
            for lo, hi in level.ranges:
                cached.update(dict.fromkeys(post[off[lo] : off[hi]]))
        with self._lock:
            if key not in self._set_cache:
                self._set_cache[key] = cached
                self._set_items += len(cached)
            while self._set_items > SET_CACHE_ITEMS and len(self._set_cache) > 1:
                self._set_items -= len(self._set_cache.popitem(last=False)[1])
        return cached.keys()

    def _level_postings(self, level: _Level, cap: int) -> list[int]:
        out: list[int] = []
        post, off = self.post, self.post_off
        for lo, hi in level.ranges:
            out.extend(post[off[lo] : min(off[hi], off[lo] + cap - len(out))])
            if len(out) >= cap:
                break
        return out

    def _has_level(self, level: _Level, pid: int) -> bool:
        words = self.fwd[self.fwd_off[pid] : self.fwd_off[pid + 1]]
        if len(level.ranges) == 1 and level.ranges[0][1] - level.ranges[0][0] == 1:
            return level.ranges[0][0] in words
        return not level.ids().isdisjoint(words)

    def _term_matches(self, expanded: _Expanded, candidates: Iterable[int]) -> dict[int, float]:
        """Quality of the term's best match in each candidate passage that has one."""
        found: dict[int, float] = {}
        pending = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        for level in expanded.levels:
            if not pending:
                break
            members = self._level_set(level)
            hit = pending & members if members is not None else {
                pid for pid in pending if self._has_level(level, pid)}
            for pid in hit:
                found[pid] = level.quality
            pending = pending - hit
        term = expanded.term
        if found and (term.kind == "phrase" or term.case_sensitive):
            for pid in list(found):
                if not self._verify(expanded, pid):
                    del found[pid]
        return found

    def _verify(self, expanded: _Expanded, pid: int) -> bool:
        """Checks the index cannot make: a phrase in a row, a word's capitals."""
        text, _ = self.passage_text(pid)
        return bool(_text_spans(expanded, text, 0, first_only=True))

    # Searching ----------------------------------------------------------------
    def search(
        self,
        query: str | Query,
        limit: int = 50,
        should_stop: ShouldStop = None,
        facets: Facets = None,
    ) -> list[Hit]:
        """The best passages for ``query``, best first; [] as soon as ``should_stop()`` is true."""
        return self.search_counted(query, limit, should_stop, facets).hits

    def search_counted(
        self,
        query: str | Query,
        limit: int = 50,
        should_stop: ShouldStop = None,
        facets: Facets = None,
    ) -> SearchResults:
        """Like ``search``, with how many passages match in all (for "60 of 214")."""
        stop = should_stop or _never
        nothing = SearchResults([])
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.is_empty or limit <= 0:
            return nothing
        if parsed.needs_facets and facets is None:
            return nothing  # actor:/issue:/stance: need the analysis; nothing can satisfy them yet
        doc_ok = self._doc_filter(parsed, facets)
        clauses = [[self._expand(term) for term in clause] for clause in parsed.clauses]
        excludes = [self._expand(term) for term in parsed.excludes]
        if stop():
            return nothing
        if not clauses:
            return self._documents_only(parsed, doc_ok, limit, facets)

        total = max(len(self.p_doc), 1)
        clause_df = [min(sum(e.df for e in clause), total) for clause in clauses]
        weights = [math.log(1 + total / (df + 1)) for df in clause_df]
        weight_sum = sum(weights) or 1.0
        order = sorted(range(len(clauses)), key=lambda i: clause_df[i])
        n_clauses = len(clauses)

        coverage: dict[int, int] = {}
        quality: dict[int, float] = {}
        seen: set[int] = set()
        exact = True  # every passage holding some word was looked at
        for rank, source in enumerate(order):
            if clause_df[source] == 0:
                continue
            if rank > 0:
                # Too few passages hold every word: take those holding some, from
                # words rare enough to tell passages apart.
                complete = sum(1 for c in coverage.values() if c == n_clauses)
                if complete >= limit or len(seen) >= CANDIDATE_CAP:
                    exact = False
                    break
                if clause_df[source] > max(FALLBACK_DF, total // 50):
                    exact = False
                    break
            fresh: set[int] = set()
            for expanded in clauses[source]:
                for level in expanded.levels:
                    fresh.update(self._level_postings(level, CANDIDATE_CAP - len(fresh)))
                    if len(fresh) >= CANDIDATE_CAP:
                        exact = False
                        break
            fresh -= seen
            if not fresh:
                continue
            if doc_ok is not None:
                p_doc = self.p_doc
                fresh = {pid for pid in fresh if doc_ok(p_doc[pid])}
            for expanded in excludes:
                fresh -= set(self._term_matches(expanded, fresh))
            seen |= fresh
            for index, clause in enumerate(clauses):
                if stop():
                    return nothing
                best: dict[int, float] = {}
                for expanded in clause:
                    for pid, q in self._term_matches(expanded, fresh).items():
                        if q > best.get(pid, 0.0):
                            best[pid] = q
                w = weights[index]
                for pid, q in best.items():
                    coverage[pid] = coverage.get(pid, 0) + 1
                    quality[pid] = quality.get(pid, 0.0) + q * w
        if stop() or not coverage:
            return nothing

        # Share of the words first: a passage holding every word ranks above any holding some.
        first = {pid: 100.0 * c / n_clauses + 2.0 * quality[pid] / weight_sum for pid, c in coverage.items()}
        ranked = heapq.nlargest(max(RERANK, limit), first, key=first.get)
        top, rest = ranked[:RERANK], ranked[RERANK:]
        if stop():
            return nothing
        query_text = parsed.rerank_text()
        scored: list[tuple[float, int, int]] = []
        title_cover = self._title_coverage({self.p_doc[pid] for pid in top}, clauses)
        ratio = fuzz.partial_ratio
        for pid in top:
            text, _ = self.passage_text(pid)
            score = first[pid] + ratio(query_text, fold(text)) / 100.0
            score += TITLE_BONUS * title_cover.get(self.p_doc[pid], 0.0)
            scored.append((score, len(text), pid))
        if stop():
            return nothing
        # Past the best few hundred, the first-stage order (every score there is lower).
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        scored.extend((first[pid], 0, pid) for pid in rest)
        hits = [self._hit(pid, score, clauses, complete=coverage[pid] == n_clauses)
                for score, _, pid in scored[:limit]]
        if stop():
            return nothing
        complete_count = sum(1 for c in coverage.values() if c == n_clauses)
        return SearchResults(hits, len(coverage), complete_count, exact)

    def _title_coverage(self, docs: set[int], clauses: list[list[_Expanded]]) -> dict[int, float]:
        """Share of the clauses each document's title matches (documents with none left out)."""
        titles = {self.doc_first[doc]: doc for doc in docs}
        pids = set(titles)
        counts: dict[int, int] = {}
        for clause in clauses:
            matched: set[int] = set()
            for expanded in clause:
                matched.update(self._term_matches(expanded, pids))
            for pid in matched:
                counts[pid] = counts.get(pid, 0) + 1
        return {titles[pid]: n / len(clauses) for pid, n in counts.items()}

    def _documents_only(self, parsed: Query, doc_ok, limit: int, facets: Facets = None) -> SearchResults:
        """Only filters and title prefixes.

        With ``actor:``/``issue:``/``stance:`` filters and facets that give the
        spans behind them (``"spans"``), the passages holding those spans, each
        span a match; otherwise one hit per document (its title), in order.
        """
        hits: list[Hit] = []
        total = 0
        wanted = [f for f in parsed.filters if f.key in FACET_KEYS and not f.negated]
        facet_of = _facet_function(facets) if wanted else None
        for doc in range(len(self.docs)):
            if doc_ok is not None and not doc_ok(doc):
                continue
            spans = _filter_spans(facet_of(self.docs[doc].doc_id), wanted) if facet_of else None
            if not spans:
                total += 1
                if len(hits) < limit:
                    hits.append(self._hit(self.doc_first[doc], 1.0, []))
                continue
            for pid, matches in self._passages_holding(doc, spans):
                total += 1
                if len(hits) < limit:
                    hits.append(self._hit(pid, 1.0, [], matches=matches))
        return SearchResults(hits, total, total, True)

    def _passages_holding(self, doc: int, spans: list[tuple[int, int]]) -> list[tuple[int, list[tuple[int, int]]]]:
        """The body passages of a document holding some of ``spans``, with the spans in each."""
        first, last = self.doc_first[doc], self.doc_first[doc + 1]
        body = [pid for pid in range(first, last) if self.p_flag[pid] != VIRTUAL_TITLE]
        starts = [self.p_start[pid] for pid in body]
        found: dict[int, list[tuple[int, int]]] = {}
        for start, end in sorted(set(spans)):
            at = bisect_left(starts, start + 1) - 1
            if at >= 0 and start < self.p_end[body[at]]:
                found.setdefault(body[at], []).append((start, end))
        return sorted(found.items())

    def _doc_filter(self, parsed: Query, facets: Facets) -> Callable[[int], bool] | None:
        if not parsed.title_prefixes and not parsed.filters:
            return None
        facet_of = _facet_function(facets)
        cache: dict[int, bool] = {}
        docs = self.docs

        def accept(doc: int) -> bool:
            known = cache.get(doc)
            if known is not None:
                return known
            entry = docs[doc]
            ok = all(_title_starts(entry.title, t) for t in parsed.title_prefixes)
            if ok:
                values = None
                for flt in parsed.filters:
                    if flt.key == "date":
                        good = date_matches(entry.date, flt.values[0])
                    else:
                        if values is None:
                            values = _normalise_facets(facet_of(entry.doc_id) if facet_of else None)
                        have = values.get(flt.key, frozenset())
                        good = any(v.casefold() in have for v in flt.values)
                    if good == flt.negated:
                        ok = False
                        break
            cache[doc] = ok
            return ok

        return accept

    # Results ------------------------------------------------------------------
    def _hit(self, pid: int, score: float, clauses: list[list[_Expanded]], *, complete: bool = True,
             matches: list[tuple[int, int]] | None = None) -> Hit:
        doc = self.p_doc[pid]
        entry = self.docs[doc]
        flag = self.p_flag[pid]
        expanded = [e for clause in clauses for e in clause]
        title_matches = _text_spans_all(expanded, entry.title, 0)
        if flag == VIRTUAL_TITLE:
            start = end = 0
            matches = []
        else:
            text, start = self.passage_text(pid)
            end = start + len(text)
            if matches is None:
                matches = _text_spans_all(expanded, text, start)
        return Hit(
            entry.doc_id,
            Path(entry.path),
            entry.title,
            start,
            end,
            round(score, 4),
            matches,
            flag != BODY,
            title_matches,
            complete,
        )

    def search_document(self, document, query: str | Query, facets: Facets = None) -> list[tuple[int, int]]:
        """Every match of the query's words and phrases in one document, in order.

        The same expansion as ``search`` (typo neighbours come from the index's
        vocabulary and the document's own words), for n/N in the reading pane.
        A query of filters only matches the spans the facets give for them.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        text = document.text
        if not parsed.clauses:
            wanted = [f for f in parsed.filters if f.key in FACET_KEYS and not f.negated]
            facet_of = _facet_function(facets) if wanted else None
            return _merge(sorted(_filter_spans(facet_of(document.id), wanted))) if facet_of else []
        expanded = []
        own_words: list[str] | None = None
        for clause in parsed.clauses:
            for term in clause:
                e = self._expand(term)
                if e.typos and typo_budget(term.words[0]):
                    if own_words is None:
                        own_words = sorted(set(textmod.words(fold(text))))
                    budget = typo_budget(term.words[0])
                    for word, distance, _ in process.extract(
                        term.words[0], own_words, scorer=OSA.distance, score_cutoff=budget, limit=None
                    ):
                        new = word != term.words[0] and word not in e.typo_words
                        if new and (e.prefix is None or not word.startswith(e.prefix)):
                            e.typo_words[word] = TYPO1 if distance <= 1 else TYPO2
                if term.kind == "word" and term.typing and len(term.words[0]) >= MIN_PREFIX:
                    e.prefix = term.words[0]
                expanded.append(e)
        return _text_spans_all(expanded, text, 0)


# Matching on the text -----------------------------------------------------------
def _never() -> bool:
    return False


def _phrase_regex(words: Sequence[str]) -> re.Pattern[str]:
    body = r"[\W_]+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def _text_spans(expanded: _Expanded, text: str, offset: int, first_only: bool = False) -> list[tuple[int, int]]:
    """Spans of ``text`` matching one term (offsets shifted by ``offset``)."""
    term = expanded.term
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    if term.kind == "phrase":
        pattern = expanded.phrase_re or _phrase_regex(term.words)
        for match in pattern.finditer(folded):
            if term.case_sensitive and not _same_case_phrase(text[match.start() : match.end()], term.text):
                continue
            spans.append((match.start() + offset, match.end() + offset))
            if first_only:
                break
        return spans
    for match in WORD_RE.finditer(folded):
        quality = expanded.word_quality(match.group())
        if not quality:
            continue
        if term.case_sensitive and not _same_case_word(text[match.start() : match.end()], term.text, quality):
            continue
        spans.append((match.start() + offset, match.end() + offset))
        if first_only:
            break
    return spans


def _text_spans_all(expanded: list[_Expanded], text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of ``text`` matching any of the terms, merged, in order."""
    spans: list[tuple[int, int]] = []
    singles = [e for e in expanded if e.term.kind != "phrase"]
    for e in expanded:
        if e.term.kind == "phrase":
            spans.extend(_text_spans(e, text, offset))
    if singles:
        exact = {e.term.words[0]: e for e in singles if not e.term.case_sensitive}
        typos: dict[str, list[_Expanded]] = {}
        for e in singles:
            for word in e.typo_words:
                typos.setdefault(word, []).append(e)
        prefixes = [e for e in singles if e.prefix is not None]
        careful = [e for e in singles if e.term.case_sensitive]
        for match in WORD_RE.finditer(fold(text)):
            word = match.group()
            if word in exact:
                spans.append((match.start() + offset, match.end() + offset))
                continue
            found = False
            for e in typos.get(word, ()):
                if not e.term.case_sensitive:
                    found = True
                    break
            if not found:
                for e in prefixes:
                    if not e.term.case_sensitive and word.startswith(e.prefix):
                        found = True
                        break
            if not found:
                for e in careful:
                    quality = e.word_quality(word)
                    if quality and _same_case_word(text[match.start() : match.end()], e.term.text, quality):
                        found = True
                        break
            if found:
                spans.append((match.start() + offset, match.end() + offset))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _same_case_word(found: str, typed: str, quality: float) -> bool:
    """Smart case: a word typed with capitals matches them as typed (or within its typo budget)."""
    if quality == EXACT:
        return found == typed
    if quality == PREFIX:
        return found.startswith(typed)
    return OSA.distance(found, typed) <= typo_budget(typed.lower())


def _same_case_phrase(found: str, typed: str) -> bool:
    typed_words = WORD_RE.findall(typed)
    found_words = WORD_RE.findall(found)
    return typed_words == found_words


def _title_starts(title: str, term: Term) -> bool:
    typed = " ".join(term.words) if not term.case_sensitive else " ".join(WORD_RE.findall(term.text))
    candidate = " ".join(WORD_RE.findall(title if term.case_sensitive else fold(title)))
    return candidate.startswith(typed)


def _facet_function(facets: Facets) -> Callable[[str], Any] | None:
    if facets is None:
        return None
    if callable(facets):
        return facets
    return lambda doc_id: facets.get(doc_id)


def _filter_spans(values: Mapping[str, Any] | None, wanted: list) -> list[tuple[int, int]]:
    """The spans behind the positive facet filters (``values["spans"][(key, value)]``), if given.

    The document filter has already required every filter; here the spans of
    each are gathered (a passage holding any of them shows).
    """
    if not values:
        return []
    by_facet = values.get("spans")
    if not by_facet:
        return []
    spans: list[tuple[int, int]] = []
    for flt in wanted:
        for value in flt.values:
            spans.extend(by_facet.get((flt.key, value.casefold()), ()))
    return spans


def _normalise_facets(values: Mapping[str, Iterable[str]] | None) -> dict[str, frozenset[str]]:
    if not values:
        return {}
    out: dict[str, frozenset[str]] = {}
    for key in FACET_KEYS:
        raw = values.get(key) or values.get(key + "s")
        if raw is None:
            continue
        if isinstance(raw, str):
            raw = [raw]
        out[key] = frozenset(str(v).casefold() for v in raw)
    return out


# Building -----------------------------------------------------------------------
class _Vocabulary(dict):
    """word -> id, a new id (and an empty postings list) for each new word."""

    def __init__(self) -> None:
        super().__init__()
        self.postings: list[list[int]] = []

    def __missing__(self, word: str) -> int:
        value = self[word] = len(self)
        self.postings.append([])
        return value


class _Builder:
    def __init__(self) -> None:
        self.docs: list[DocEntry] = []
        self.texts: list[str] = []
        self.doc_first = array("I", [0])
        self.p_doc = array("I")
        self.p_start = array("I")
        self.p_end = array("I")
        self.p_flag = array("B")
        self.vocab = _Vocabulary()
        self.fwd_off = [0]
        self.fwd: list[int] = []  # term ids, per passage

    def add_document(self, document, doc_id: str | None = None) -> None:
        entry = DocEntry(
            doc_id or document.id, str(document.path), document.title, document.meta.date or "", document_key(document)
        )
        text = document.text
        spans = passages(text, document.blocks, document.title)
        word_lists = textmod.passage_words(fold(text), [(start, end) for start, end, _ in spans])
        if spans and spans[0][2] == VIRTUAL_TITLE:
            word_lists[0] = WORD_RE.findall(fold(entry.title))
        self.add(entry, text, spans, word_lists)

    def add(self, entry: DocEntry, text: str, spans: list[tuple[int, int, int]], word_lists) -> None:
        """One document: its passages ``(start, end, flag)`` and each passage's words."""
        doc = len(self.docs)
        self.docs.append(entry)
        self.texts.append(text)
        lookup = self.vocab.__getitem__
        posting_of = self.vocab.postings.__getitem__
        append = list.append
        fwd, fwd_off = self.fwd, self.fwd_off
        pid = len(self.p_doc)
        for start, end, flag in spans:
            self.p_start.append(start)
            self.p_end.append(end)
            self.p_flag.append(flag)
        self.p_doc.extend(repeat(doc, len(spans)))
        for found in word_lists:
            ids = list(map(lookup, set(found)))
            fwd.extend(ids)
            fwd_off.append(len(fwd))
            # postings[t].append(pid) for every t, at C speed
            any(map(append, map(posting_of, ids), repeat(pid, len(ids))))
            pid += 1
        self.doc_first.append(len(self.p_doc))

    def finish(self) -> SearchIndex:
        vocab = list(self.vocab)  # in id order
        alpha = array("I", sorted(range(len(vocab)), key=vocab.__getitem__))
        post: list[int] = []
        post_off = [0]
        extend, mark = post.extend, post_off.append
        for p in self.vocab.postings:
            extend(p)
            mark(len(post))
        self.vocab.postings = []
        fwd_arr, off_arr = array("I", self.fwd), array("I", self.fwd_off)
        self.fwd = []
        post_arr, post_off_arr = array("I", post), array("I", post_off)
        del post
        return SearchIndex(
            self.docs,
            self.texts,
            self.doc_first,
            self.p_doc,
            self.p_start,
            self.p_end,
            self.p_flag,
            vocab,
            off_arr,
            fwd_arr,
            post_off_arr,
            post_arr,
            alpha,
        )
