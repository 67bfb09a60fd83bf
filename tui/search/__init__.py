"""Corpus search: a typo-tolerant inverted index over passages (no Textual here).

    from tui.search import SearchIndex, Hit, parse_query, load_or_build
    index = load_or_build(documents)          # cached in cache_dir()/search
    hits = index.search("sanctons on russ", limit=50, should_stop=worker.is_cancelled)
"""

from tui.search.cache import load_or_build
from tui.search.index import Hit, SearchIndex
from tui.search.query import Filter, Query, Term, parse_query, syntax_help

__all__ = ["Filter", "Hit", "Query", "SearchIndex", "Term", "load_or_build", "parse_query", "syntax_help"]
