"""``briefing extract`` and ``briefing dict``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tui.analysis.model import CONFIDENT, Analysis
from tui.model.document import Document


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    extract = subparsers.add_parser(
        "extract", help="actors, issues and positions of documents (text, or JSON with --json)"
    )
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    extract.add_argument(
        "--json",
        action="store_true",
        help="print JSON: document, actors, issues and positions with offsets into the text of briefing cat",
    )
    extract.add_argument("--explain", action="store_true", help="print the rule trace of every position")
    extract.add_argument("--no-cache", action="store_true", help="recompute instead of using the cache")
    extract.set_defaults(func=run_extract)

    dictionary = subparsers.add_parser("dict", help="the actor, issue and cue dictionaries")
    actions = dictionary.add_subparsers(dest="dict_command", metavar="ACTION", required=True)
    lint = actions.add_parser("lint", help="report duplicate aliases, shadowed patterns and unknown ids")
    lint.set_defaults(func=run_dict_lint)
    where = actions.add_parser("path", help="show where the user overlay lives")
    where.set_defaults(func=run_dict_path)
    show = actions.add_parser("show", help="show one merged entry (actor, place or issue id)")
    show.add_argument("id")
    show.set_defaults(func=run_dict_show)


def _analyse(document: Document, no_cache: bool) -> Analysis:
    if no_cache:
        from tui.analysis import analyse

        return analyse(document)
    from tui.analysis.cache import cached_analysis

    return cached_analysis(document)


def run_extract(args: argparse.Namespace) -> int:
    from tui.model.commands import report_problems
    from tui.model.corpus import load_corpus

    corpus = load_corpus(args.paths, use_cache=True)  # parsed documents of unchanged files
    report_problems(corpus.problems)
    results = []
    failed = any(p.fatal for p in corpus.problems)
    for document in corpus.documents:
        # One document the analysis cannot handle must not cost the others their output.
        try:
            analysis = _analyse(document, args.no_cache or args.explain)
            result = (
                analysis.to_json(document) if args.json else format_summary(document, analysis, explain=args.explain)
            )
        except (Exception, RecursionError) as error:
            failed = True
            print(
                f"briefing: error: {document.path}: could not be analysed ({type(error).__name__}: {error})",
                file=sys.stderr,
            )
            continue
        if isinstance(result, dict):
            results.append(result)
        else:
            sys.stdout.write(result)
    if corpus.documents:
        _report_dictionary_problems()
    if args.json:
        payload = results[0] if len(results) == 1 else results
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 1 if failed else 0


def _report_dictionary_problems() -> None:
    """Problems of the user's dictionary files (ignored entries), on stderr."""
    try:
        from tui.analysis.gazetteer import default_gazetteer

        problems = default_gazetteer().lexicon.problems
    except Exception:  # reported by the analysis of each document already
        return
    for problem in problems:
        print(f"briefing: warning: {problem}", file=sys.stderr)


def format_summary(document: Document, analysis: Analysis, explain: bool = False) -> str:
    text = document.text
    names = {a.id: a.name for a in analysis.actors}
    lines = [f"# {document.title}  ({document.display_path})", ""]
    lines.append("Actors:")
    for actor in analysis.actors:
        resolved = sum(m.resolved for m in actor.mentions)
        extra = f", {resolved} by coreference" if resolved else ""
        lines.append(f"  {actor.id:8} {actor.name} ({actor.kind}): {len(actor.mentions)} mentions{extra}")
        for person in analysis.people_of(actor.id):
            lines.append(f"           {person.name} — {actor.name}: {len(person.mentions)} mentions")
    lines.append("Issues:")
    for issue in analysis.issues:
        parent = f" < {issue.parent}" if issue.parent else ""
        lines.append(f"  {issue.id}{parent}: {len(issue.mentions)} mentions")
    lines.append("Positions:")
    for p in analysis.positions:
        target = f" -> {names.get(p.target, p.target)}" if p.target else ""
        issues = f" [{', '.join(p.issues)}]" if p.issues else ""
        spoke = f" ({p.holder_person})" if p.holder_person else ""
        check = "?" if p.confidence < CONFIDENT else ""  # the holder came from coreference or a cue-less act
        lines.append(f'  {names.get(p.holder, p.holder)}{spoke}{check} {p.stance}{target}: "{p.cue}"{issues}')
        sentence = " ".join(text[p.sentence_start : p.sentence_end].split())
        lines.append(f"      {sentence[:200]}{'…' if len(sentence) > 200 else ''}")
        if explain:
            lines.append(
                f"      rule: {p.rule}  confidence {p.confidence:.1f}  "
                f"(offsets {p.sentence_start}-{p.sentence_end}, cue {p.cue_start}-{p.cue_end})"
            )
            for step in p.trace:
                lines.append(f"        - {step}")
    lines.append("")
    return "\n".join(lines) + "\n"


def run_dict_lint(args: argparse.Namespace) -> int:
    from tui.analysis.lexicon import load_lexicon
    from tui.analysis.lint import lint

    lexicon = load_lexicon()
    problems = lint(lexicon)
    for source in lexicon.sources:
        print(f"read {source}", file=sys.stderr)
    for problem in problems:
        print(problem)
    counts = (len(lexicon.actors), len(lexicon.places), len(lexicon.issues))
    print(f"{len(problems)} problem(s); {counts[0]} actors, {counts[1]} places, {counts[2]} issues", file=sys.stderr)
    return 1 if problems else 0


def run_dict_path(args: argparse.Namespace) -> int:
    from tui.analysis.lexicon import DATA_DIR, overlay_dir

    folder = overlay_dir()
    print(folder)
    state = "exists" if folder.is_dir() else "does not exist yet; create it and add *.toml files"
    print(f"user overlay: {folder} ({state}); bundled: {DATA_DIR}", file=sys.stderr)
    return 0


def run_dict_show(args: argparse.Namespace) -> int:
    from tui.analysis.lexicon import load_lexicon

    lexicon = load_lexicon()
    found = False
    for table in ("actors", "places", "issues"):
        entry = getattr(lexicon, table).get(args.id)
        if entry is not None:
            found = True
            print(json.dumps({table: {args.id: entry}}, ensure_ascii=False, indent=1))
    if not found:
        print(f"briefing: error: no actor, place or issue {args.id!r}", file=sys.stderr)
        return 1
    return 0
