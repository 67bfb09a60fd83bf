"""``briefing cat``: print a document's canonical text, the one every offset indexes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    cat = subparsers.add_parser("cat", help="print the canonical text of documents")
    cat.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    cat.set_defaults(func=run_cat)


def run_cat(args: argparse.Namespace) -> int:
    from tui.model.corpus import load_corpus

    corpus = load_corpus(args.paths, use_cache=True)  # parsed documents of unchanged files
    report_problems(corpus.problems)
    for document in corpus.documents:
        write_text(document.text)
    return 1 if any(p.fatal for p in corpus.problems) else 0


def write_text(text: str) -> None:
    """Write ``text`` as UTF-8 whatever the locale, so the bytes match the offsets' text."""
    from tui.model.sanitize import sanitize

    text = sanitize(text)  # already done at load; the output boundary checks again
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()


def report_problems(problems) -> None:
    """Every loading problem on stderr, one line each, naming the file."""
    for problem in problems:
        level = "error" if problem.fatal else "warning"
        print(f"briefing: {level}: {problem}", file=sys.stderr)
