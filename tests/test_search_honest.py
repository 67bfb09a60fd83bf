"""Honest search results: no needless typo expansion, full matches first, true counts, examples that work."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui.analysis.cache import cached_analysis
from tui.model.corpus import load_corpus
from tui.search import SearchIndex, parse_query
from tui.search.facets import facets_of
from tui.search.query import filter_warnings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def bundled():
    documents = load_corpus([SEEDS]).documents
    by_id = {d.id: d for d in documents}
    facets = {d.id: facets_of(cached_analysis(d)) for d in documents}
    return SearchIndex.build(documents), by_id, facets


def matched_words(hits, by_id) -> set[str]:
    return {by_id[h.doc_id].text[a:b].lower() for h in hits for a, b in h.matches}


def test_a_correct_word_is_not_expanded_to_other_words(bundled) -> None:
    index, by_id, _ = bundled
    hits = index.search("sanctions", limit=500)
    assert hits and matched_words(hits, by_id) <= {"sanctions"}
    hits = index.search("rare earht", limit=500)  # a typo in the second word only
    assert hits and all(h.complete for h in hits)
    assert matched_words(hits, by_id) <= {"rare", "earth"}


def test_a_misspelt_or_rare_word_still_finds_its_neighbours(bundled) -> None:
    index, by_id, _ = bundled
    assert "sanctions" in matched_words(index.search("sanctons", limit=50), by_id)


def test_full_matches_rank_above_partial_ones_and_counts_are_true(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(300):
        body = "Steel tariffs were discussed." if n % 3 == 0 else "Steel output rose this year."
        (folder / f"d{n:03}.md").write_text(f"---\ntitle: Note {n}\n---\n\n{body}\n")
    documents = load_corpus([folder]).documents
    index = SearchIndex.build(documents)
    results = index.search_counted("steel tariffs", limit=50)
    # Enough passages hold every word: the others were not gathered, so "100+".
    assert results.complete == 100 and results.total >= 100 and not results.exact
    assert results.more and len(results.hits) == 50
    results = index.search_counted("steel tariffs", limit=1000)
    assert (results.total, results.complete, results.exact, results.more) == (300, 100, True, False)
    flags = [hit.complete for hit in index.search("steel tariffs", limit=1000)]
    assert len(flags) == 300  # more than the 200 the ranking compares closely
    assert flags == sorted(flags, reverse=True) and flags.count(True) == 100


def test_the_command_line_limit_is_honoured(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(260):
        (folder / f"d{n:03}.md").write_text(f"---\ntitle: Note {n}\n---\n\nThe talks on gas went on.\n")
    result = subprocess.run([sys.executable, "-m", "tui", "search", "gas", str(folder), "--limit", "1000", "--json",
                             "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"path"') == 260


def test_a_filter_only_search_shows_the_passages_behind_it(bundled) -> None:
    index, by_id, facets = bundled
    hits = index.search("actor:CHN", limit=500, facets=facets)
    assert hits and all(hit.matches and hit.end > hit.start for hit in hits)
    named = matched_words(hits, by_id)
    assert "china" in named or "beijing" in named
    document = by_id[hits[0].doc_id]
    assert index.search_document(document, "actor:CHN", facets=facets)


def test_unknown_filter_values_and_impossible_dates_are_reported() -> None:
    known = {"actor": {"CHN", "USA"}, "stance": {"demand"}}
    assert filter_warnings(parse_query("actor:chn stance:demand date:2026-02"), known) == []
    warnings = filter_warnings(parse_query("actor:XYZ date:2026-13"), known)
    assert any("date:2026-13" in w for w in warnings) and any("actor:XYZ" in w for w in warnings)
    assert parse_query("date:2026-02-30").errors


def readme_queries() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Search syntax", 1)[1].split("\n## ", 1)[0]
    queries = []
    for line in section.splitlines():
        cells = line.split("|")
        if len(cells) > 2 and "`" in line and not line.startswith("|---"):
            first = line.split("| ", 2)[1].rsplit(" |", 1)[0] if line.startswith("| ") else ""
            queries.extend(q.replace("\\|", "|") for q in re.findall(r"`([^`]+)`", first))
    return queries


def test_the_readme_search_examples_find_something_on_the_bundled_corpus(bundled) -> None:
    index, _, facets = bundled
    queries = readme_queries()
    assert len(queries) >= 10 and "^india" in queries
    for query in queries:
        assert index.search(query, limit=5, facets=facets), f"README example {query!r} finds nothing"
