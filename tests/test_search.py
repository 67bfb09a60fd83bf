"""Search index: ranking, query syntax, filters, spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.loaders import load_document
from tui.search import SearchIndex, parse_query
from tui.search.query import date_matches
from tui.search.text import MAX_PASSAGE, fold, passages


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def make_corpus(folder: Path, files: dict[str, str]):
    return [load_document(write(folder, name, body)) for name, body in files.items()]


def passage_of(index_hit, documents) -> str:
    doc = next(d for d in documents if d.id == index_hit.doc_id)
    return doc.text[index_hit.start : index_hit.end]


FILLER = "Officials met in the capital on Tuesday to discuss the agenda for next week."

CORPUS = {
    "tariffs.md": (
        "---\ntitle: Steel Tariffs Escalate\ndate: 2026-03-12\n---\n\n"
        "Washington raised tariffs on steel and aluminium imports.\n\n"
        f"{FILLER}\n\nThe bloc prepared countermeasures on bourbon and motorcycles.\n"
    ),
    "shoal.md": (
        "---\ntitle: Manila Summons Envoy\ndate: 2025-11-21\n---\n\n"
        "A coast guard vessel fired a water cannon at a resupply boat.\n\n"
        "The water supply of the island was cut, and a cannon salute was cancelled.\n\n"
        f"{FILLER}\n"
    ),
    "council.md": (
        "---\ntitle: Council Extends Mission\ndate: 2026-04-03\n---\n\n"
        "The council extended the fact-finding mission despite objections.\n\n"
        "The EU welcomed the vote; eu observers and the Sanctions committee took note.\n\n"
        "Observers noted the santions debate would return.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path):
    documents = make_corpus(tmp_path, CORPUS)
    return documents, SearchIndex.build(documents)


# Ranking ------------------------------------------------------------------------
def test_exact_beats_typo(corpus):
    documents, index = corpus
    hits = index.search("sanctions debate", limit=5)
    # "Sanctions committee" (exact, 1 of 2 words) vs "santions debate" (typo, 2 of 2): all words first
    assert "santions debate" in passage_of(hits[0], documents)
    hits = index.search("sanctions", limit=5)
    assert "Sanctions committee" in passage_of(hits[0], documents)
    assert "santions debate" in passage_of(hits[1], documents)
    assert hits[0].score > hits[1].score


def test_typo_finds_word(corpus):
    documents, index = corpus
    hits = index.search("countermeasurse", limit=3)
    assert hits and "countermeasures" in passage_of(hits[0], documents)
    hits = index.search("alumnium steel", limit=3)  # one edit
    assert "aluminium" in passage_of(hits[0], documents)


def test_prefix_only_for_the_word_being_typed(corpus):
    documents, index = corpus
    assert index.search("countermea", limit=3)
    assert not index.search("countermea ", limit=3)  # finished word: no completion


def test_phrase_beats_scattered_words(corpus):
    documents, index = corpus
    hits = index.search("water cannon", limit=5)
    body = [h for h in hits if not h.in_title]
    assert "fired a water cannon" in passage_of(body[0], documents)
    assert "cannon salute" in passage_of(body[1], documents)
    quoted = [h for h in index.search('"water cannon"', limit=5) if not h.in_title]
    assert len(quoted) == 1 and "fired a water cannon" in passage_of(quoted[0], documents)


def test_title_bonus(tmp_path: Path):
    body = "The mission report mentions fisheries twice: fisheries.\n"
    documents = make_corpus(
        tmp_path,
        {
            "a.md": f"---\ntitle: Weather Outlook\n---\n\n{body}",
            "b.md": f"---\ntitle: Fisheries Dispute\n---\n\n{body}",
        },
    )
    index = SearchIndex.build(documents)
    hits = [h for h in index.search("fisheries report", limit=5) if not h.in_title]
    assert hits[0].title == "Fisheries Dispute"
    assert hits[0].score > hits[1].score


def test_title_pseudo_passage(corpus):
    documents, index = corpus
    hits = index.search("manila envoy", limit=3)
    assert hits[0].in_title and hits[0].title == "Manila Summons Envoy"
    assert (hits[0].start, hits[0].end) == (0, 0)  # front-matter title: not in the text
    assert [hits[0].title[a:b] for a, b in hits[0].title_matches] == ["Manila", "Envoy"]


def test_title_found_in_text_has_a_real_span(tmp_path: Path):
    documents = make_corpus(tmp_path, {"t.md": "# Grain Corridor Talks\n\nShips waited at the port.\n"})
    index = SearchIndex.build(documents)
    hit = index.search("grain corridor", limit=1)[0]
    assert hit.in_title
    text = documents[0].text
    assert text[hit.start : hit.end] == "Grain Corridor Talks"
    assert [text[a:b] for a, b in hit.matches] == ["Grain", "Corridor"]


# Syntax ---------------------------------------------------------------------------
def test_parse_query_structure():
    q = parse_query("water 'cannon \"coast guard\" !boat china | beijing ^man date:2026-01..2026-03 actor:CHN")
    assert [[t.text for t in c] for c in q.clauses] == [["water"], ["cannon"], ["coast guard"], ["china", "beijing"]]
    assert [t.kind for c in q.clauses for t in c] == ["word", "exact", "phrase", "word", "word"]
    assert [t.text for t in q.excludes] == ["boat"]
    assert [t.text for t in q.title_prefixes] == ["man"]
    assert [(f.key, f.values) for f in q.filters] == [("date", ("2026-01..2026-03",)), ("actor", ("CHN",))]
    assert q.clauses[-1][-1].typing is False  # not the last token
    assert parse_query("sanct").clauses[0][0].typing
    assert not parse_query("sanct ").clauses[0][0].typing


def test_parse_query_never_raises():
    for raw in ['"', "!", "^", "|", "| a |", "'", 'a "b', "date:nonsense", "::", "!\"\"", "actor:"]:
        parse_query(raw)
    assert parse_query("date:2026-13-99x").errors
    assert parse_query("http://example.org").clauses  # unknown key: searched as words


def test_smart_case(corpus):
    documents, index = corpus
    found = [passage_of(h, documents) for h in index.search("EU", limit=5)]
    assert found and all("EU" in p for p in found)
    assert [documents[1].text] and all(
        documents[2].text[a:b] == "EU" for h in index.search("EU", limit=5) for a, b in h.matches
    )
    lower = [documents[2].text[a:b] for h in index.search("eu", limit=5) for a, b in h.matches]
    assert {"EU", "eu"} <= set(lower)


def test_exact_word_has_no_typos(corpus):
    documents, index = corpus
    hits = index.search("'santions", limit=5)
    assert len(hits) == 1 and "santions debate" in passage_of(hits[0], documents)


def test_exclude(corpus):
    documents, index = corpus
    hits = index.search("water !salute", limit=5)
    assert hits and all("salute" not in passage_of(h, documents) for h in hits)
    assert any("fired a water cannon" in passage_of(h, documents) for h in hits)
    assert index.search("water !cannon", limit=5) == []  # every water passage has a cannon
    hits = index.search('water !"water cannon"', limit=5)
    assert any("cannon salute" in passage_of(h, documents) for h in hits)
    assert not any("fired a water cannon" in passage_of(h, documents) for h in hits)


def test_or(corpus):
    documents, index = corpus
    texts = [passage_of(h, documents) for h in index.search("bourbon | vessel", limit=5)]
    assert any("bourbon" in t for t in texts) and any("vessel" in t for t in texts)


def test_title_prefix(corpus):
    documents, index = corpus
    hits = index.search("^man", limit=10)
    assert {h.title for h in hits} == {"Manila Summons Envoy"}
    hits = index.search("^council the", limit=10)
    assert hits and {h.title for h in hits} == {"Council Extends Mission"}


def test_date_filter(corpus):
    documents, index = corpus
    assert {h.title for h in index.search("date:2026-01..2026-03", limit=10)} == {"Steel Tariffs Escalate"}
    assert {h.title for h in index.search("officials date:2025", limit=10)} == {"Manila Summons Envoy"}
    assert {h.title for h in index.search("officials !date:2025", limit=10)} == {"Steel Tariffs Escalate"}
    assert date_matches("2026-02-14", "2026-02..") and not date_matches("", "..2030")


class FakeFacets:
    def __init__(self, table):
        self.table = table
        self.asked = []

    def __call__(self, doc_id):
        self.asked.append(doc_id)
        return self.table.get(Path(doc_id).name)


def test_facet_filters_with_a_fake_provider(corpus):
    documents, index = corpus
    facets = FakeFacets(
        {
            "tariffs.md": {"actor": {"USA", "EU"}, "issue": ["tariffs"], "stance": ["action"]},
            "shoal.md": {"actors": ["CHN", "PHL"], "issue": ["south-china-sea"], "stance": ["criticism"]},
        }
    )
    titles = lambda q: {h.title for h in index.search(q, limit=10, facets=facets)}  # noqa: E731
    assert titles("actor:CHN") == {"Manila Summons Envoy"}
    assert titles("officials actor:chn,usa") == {"Manila Summons Envoy", "Steel Tariffs Escalate"}
    assert titles("officials !actor:USA") == {"Manila Summons Envoy"}
    assert titles("issue:tariffs stance:action") == {"Steel Tariffs Escalate"}
    assert titles("stance:demand") == set()
    assert facets.asked
    # A mapping works as well as a callable; without a provider, facet filters match nothing.
    mapping = {documents[1].id: {"actor": ["CHN"]}}
    assert {h.title for h in index.search("water actor:CHN", facets=mapping)} == {"Manila Summons Envoy"}
    assert index.search("water actor:CHN") == []


# Spans and cancellation --------------------------------------------------------------
def test_matches_are_words_of_the_text(corpus):
    documents, index = corpus
    for query in ["watr cannon", "sanctions", "EU", '"coast guard"', "countermeas"]:
        for hit in index.search(query, limit=10):
            text = next(d for d in documents if d.id == hit.doc_id).text
            for a, b in hit.matches:
                assert hit.start <= a < b <= hit.end
                assert text[a:b].strip() == text[a:b]


def test_search_document(corpus):
    documents, index = corpus
    shoal = documents[1]
    spans = index.search_document(shoal, "watr cannon")
    assert [shoal.text[a:b] for a, b in spans] == ["water", "cannon", "water", "cannon"]
    assert spans == sorted(spans)
    assert [shoal.text[a:b] for a, b in index.search_document(shoal, "sup")] == ["supply"]
    assert [shoal.text[a:b] for a, b in index.search_document(shoal, '"water cannon"')] == ["water cannon"]


def test_should_stop_returns_nothing(corpus):
    documents, index = corpus
    assert index.search("water", should_stop=lambda: True) == []
    calls = []

    def stop_later():
        calls.append(1)
        return len(calls) > 2

    assert index.search("water cannon", should_stop=stop_later) == []


def test_empty_queries(corpus):
    documents, index = corpus
    for raw in ["", "   ", "!water", "'", "zzzzqqq"]:
        assert index.search(raw) == []


# Passages ---------------------------------------------------------------------------
def test_long_block_split_on_sentences(tmp_path: Path):
    sentence = "The delegation restated its position on maritime boundaries and fishing rights. "
    documents = make_corpus(tmp_path, {"long.md": "# Long\n\n" + sentence * 60 + "\n"})
    document = documents[0]
    spans = passages(document.text, document.blocks, document.title)
    body = [(a, b) for a, b, flag in spans if flag == 0]
    assert len(body) > 3
    assert all(b - a <= MAX_PASSAGE for a, b in body)
    assert all(document.text[b - 1] == "." for a, b in body)


def test_fold_keeps_offsets():
    text = "İstanbul and ÉTAT"
    assert len(fold(text)) == len(text)
    assert fold(text).endswith("and état")


def test_core_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, tui.search, tui.search.commands; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_overlapping_searches_from_threads(corpus):
    import threading

    documents, index = corpus
    expected = {q: index.search(q) for q in ["water canon", "sanctons", "steel tarif", "EU"]}
    errors = []

    def worker():
        try:
            for _ in range(20):
                for q, hits in expected.items():
                    if q == "EU":  # evict cached posting sets while others use them
                        with index._lock:
                            index._set_cache.clear()
                            index._set_items = 0
                    assert index.search(q) == hits
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
