"""``briefing search QUERY [PATH...]``: the best passages of a corpus, readable or as JSON.

JSON offsets index the canonical text ``briefing cat PATH`` prints:
``text[start:end]`` is the passage, and each match's ``text`` is
``text[match.start:match.end]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

SNIPPET = 160


def register(subparsers: argparse._SubParsersAction) -> None:
    from tui.search.query import SYNTAX_SUMMARY

    search = subparsers.add_parser(
        "search",
        help="search the corpus (typo-tolerant)",
        description="Search the passages of the corpus. Syntax: " + SYNTAX_SUMMARY,
        epilog="Without PATHs, searches the bundled briefings.",
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    search.add_argument("--limit", "-n", type=int, default=10, help="at most this many passages (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON (offsets into the canonical text)")
    search.add_argument("--no-cache", action="store_true", help="build the index without the cache")
    search.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    from tui.model.commands import report_problems
    from tui.model.corpus import load_corpus
    from tui.paths import seeds_dir
    from tui.search.cache import load_or_build
    from tui.search.index import SearchIndex
    from tui.search.query import filter_warnings, parse_query

    corpus = load_corpus(args.paths or [seeds_dir()], use_cache=True)  # parsed documents of unchanged files
    report_problems(corpus.problems)
    query = parse_query(args.query)
    for warning in filter_warnings(query, _known_values() if query.filters else {}):
        print(f"briefing: warning: {warning}", file=sys.stderr)
    documents = corpus.documents
    by_id = {d.id: d for d in documents}
    failures: dict[str, str] = {}
    try:
        index = SearchIndex.build(documents) if args.no_cache else load_or_build(documents)
    except (Exception, RecursionError):
        # Find the documents the index cannot take, report them, index the others.
        documents = [d for d in documents if _indexes(d, SearchIndex, failures)]
        by_id = {d.id: d for d in documents}
        index = SearchIndex.build(documents)
    facets = analysis_facets(by_id, failures) if query.needs_facets else None
    hits = index.search(query, limit=max(args.limit, 0), facets=facets)
    if args.json:
        _print_json(args.query, hits, by_id, len(documents))
    else:
        _print_text(hits, by_id)
    for path, reason in failures.items():
        print(f"briefing: error: {path}: {reason}", file=sys.stderr)
    failed = any(p.fatal for p in corpus.problems) or bool(failures)
    return 1 if failed else (0 if hits else 1)


def _indexes(document, index_class, failures: dict[str, str]) -> bool:
    try:
        index_class.build([document])
    except (Exception, RecursionError) as error:
        failures[document.display_path] = f"could not be indexed ({type(error).__name__}: {error})"
        return False
    return True


def _known_values() -> dict[str, set[str]]:
    """The actor and issue ids of the dictionaries and the stances, for filter warnings."""
    from tui.analysis.lexicon import load_lexicon
    from tui.analysis.model import STANCES

    lexicon = load_lexicon()
    return {"actor": set(lexicon.actors), "issue": set(lexicon.issues), "stance": set(STANCES)}


def analysis_facets(by_id, failures: dict[str, str] | None = None):
    """A facet provider for actor:/issue:/stance: filters from the (cached) analysis.

    Documents are analysed only when a filter asks about them; a document the
    analysis fails on matches no filter and is reported in ``failures``.
    """
    from tui.analysis.cache import cached_analysis
    from tui.search.facets import facets_of

    def facets(doc_id: str) -> dict:
        try:
            return facets_of(cached_analysis(by_id[doc_id]))
        except (Exception, RecursionError) as error:
            if failures is None:
                raise
            failures[by_id[doc_id].display_path] = f"could not be analysed ({type(error).__name__}: {error})"
            return {"actor": set(), "issue": set(), "stance": set(), "spans": {}}

    return facets


def _print_json(query: str, hits, by_id, n_documents: int) -> None:
    out = []
    for hit in hits:
        text = by_id[hit.doc_id].text
        out.append(
            {
                "path": _printable(str(hit.path)),
                "title": hit.title,
                "start": hit.start,
                "end": hit.end,
                "in_title": hit.in_title,
                "score": hit.score,
                "matches": [{"start": a, "end": b, "text": text[a:b]} for a, b in hit.matches],
                "title_matches": [{"start": a, "end": b, "text": hit.title[a:b]} for a, b in hit.title_matches],
            }
        )
    json.dump({"query": query, "documents": n_documents, "hits": out}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _print_text(hits, by_id) -> None:
    from tui.console import write_markup

    colour = _use_colour()
    mark = ("\x1b[1;7m", "\x1b[0m") if colour else ("[", "]")
    bold = ("\x1b[1m", "\x1b[0m") if colour else ("", "")
    dim = ("\x1b[2m", "\x1b[0m") if colour else ("", "")
    if not hits:
        print("no matches")
        return
    for number, hit in enumerate(hits, 1):
        document = by_id[hit.doc_id]
        # Every piece of text is sanitised as it is marked; only our own codes are written raw.
        title = _marked(hit.title, hit.title_matches, 0, len(hit.title), mark)
        lines = [f"{number}. {bold[0]}{title}{bold[1]}"]
        line = document.text.count("\n", 0, hit.start) + 1
        lines.append(f"   {dim[0]}{_printable(str(hit.path))}:{line}  score {hit.score:.2f}{dim[1]}")
        if hit.end > hit.start:
            lines.append("   " + _snippet(document.text, hit.start, hit.end, hit.matches, mark))
        write_markup("\n".join(lines) + "\n")


def _snippet(text: str, start: int, end: int, matches, mark) -> str:
    """The passage around its first match, on one line, matches marked."""
    first = matches[0][0] if matches else start
    lo = max(start, first - SNIPPET // 3)
    hi = min(end, lo + SNIPPET)
    inside = [(a, b) for a, b in matches if a >= lo and b <= hi]
    body = _marked(text, inside, lo, hi, mark)
    return ("…" if lo > start else "") + re.sub(r"\s+", " ", body).strip() + ("…" if hi < end else "")


def _marked(text: str, spans, lo: int, hi: int, mark) -> str:
    parts = []
    pos = lo
    for a, b in spans:
        if a < pos or b > hi:
            continue
        parts.append(_printable(text[pos:a]))
        parts.append(mark[0] + _printable(text[a:b]) + mark[1])
        pos = b
    parts.append(_printable(text[pos:hi]))
    return "".join(parts)


def _printable(text: str) -> str:
    """Control characters never reach the terminal (the loader replaced them already)."""
    from tui.model.sanitize import sanitize

    return sanitize(text)
