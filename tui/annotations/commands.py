"""``briefing annotations list|add|export|import|delete``: the store from scripts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tui.annotations.model import COLOURS, DEFAULT_COLOUR


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "annotations",
        help="list, add, export and import annotations",
        description="Annotations are kept in annotations.sqlite3 in the data folder (see --data-dir).",
    )
    commands = parser.add_subparsers(dest="annotations_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="list annotations (re-anchored against the current files)")
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="only these files or folders")
    listing.add_argument("--tag", help="only annotations with this tag")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    add = commands.add_parser("add", help="annotate the passage of PATH that QUOTE names")
    add.add_argument("path", type=Path, metavar="PATH")
    add.add_argument("--quote", required=True, help="the passage, exactly once in the document")
    add.add_argument("--note", default="", help="a note")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    add.add_argument("--colour", "--color", default=DEFAULT_COLOUR, choices=COLOURS)
    add.set_defaults(func=run_add)

    export = commands.add_parser("export", help="write every annotation as Markdown, JSON-LD or CSV")
    export.add_argument("--format", choices=("md", "json", "csv"), default="md",
                        help="md: Markdown by document; json: W3C Web Annotation JSON-LD "
                             "(lossless, for import); csv: Readwise CSV")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--tag", help="only annotations with this tag")
    export.set_defaults(func=run_export)

    imp = commands.add_parser("import", help="restore annotations from a JSON-LD export")
    imp.add_argument("file", type=Path, metavar="FILE", help="a file written by 'export --format json' ('-' reads stdin)")
    imp.set_defaults(func=run_import)

    repair = commands.add_parser(
        "repair", help="rewrite damaged annotations with what can be read of them (a backup is written first)")
    repair.set_defaults(func=run_repair)

    delete = commands.add_parser("delete", help="delete annotations by id (or a unique start of one)")
    delete.add_argument("ids", nargs="+", metavar="ID")
    delete.set_defaults(func=run_delete)


def _error(message: str) -> int:
    print(f"briefing: error: {message}", file=sys.stderr)
    return 1


def _open():
    from tui.annotations.store import open_store

    store = open_store()
    store.on_wait = lambda message: print(f"briefing: {message}", file=sys.stderr, flush=True)
    if store.notice:
        print(f"briefing: warning: {store.notice}", file=sys.stderr)
    return store


def _guarded(run):
    def wrapper(args: argparse.Namespace) -> int:
        from tui.annotations.store import StoreError

        try:
            return run(args)
        except StoreError as error:
            return _error(str(error))

    wrapper.__doc__ = run.__doc__
    return wrapper


@_guarded
def run_add(args: argparse.Namespace) -> int:
    from tui.loaders import LoadError, load_document

    try:
        document = load_document(args.path)
    except LoadError as error:
        return _error(f"{args.path}: {error}")
    with _open() as store:
        annotation = store.add_quote(document, args.quote, note=args.note, tags=args.tag, colour=args.colour)
    print(annotation.id)
    return 0


@_guarded
def run_list(args: argparse.Namespace) -> int:
    """Rows are printed document by document as they are re-anchored (constant memory per document)."""
    from tui.model.commands import report_problems
    from tui.model.corpus import load_corpus

    failed = False
    wanted = args.tag.lstrip("#").casefold() if args.tag else None
    written = 0

    def emit(anchor, line, reason) -> None:
        nonlocal written
        if wanted is not None and not any(t.casefold() == wanted for t in anchor.annotation.tags):
            return
        if args.json:
            item = json.dumps(_as_json(anchor, line, reason), ensure_ascii=False)
            sys.stdout.write(("[\n  " if not written else ",\n  ") + item)
        else:
            sys.stdout.write(_as_line(anchor, line, reason) + "\n")
        written += 1

    with _open() as store:
        seen: set[str] = set()
        if args.paths:
            corpus = load_corpus(args.paths)
            report_problems(corpus.problems)
            failed = any(p.fatal for p in corpus.problems)
            documents = iter(corpus.documents)
        else:
            documents = (d for d in map(_load_quietly, store.document_ids()) if d is not None)
        for document in documents:
            lines = _LineNumbers(document.text)
            for anchor in store.for_document(document):
                if anchor.annotation.id not in seen:
                    seen.add(anchor.annotation.id)
                    found = anchor.start is not None
                    emit(anchor, lines.at(anchor.start) if found else None, "" if found else "passage not found")
        if not args.paths:
            from tui.annotations.model import Anchor

            for a in store.iter_except(seen):  # annotations of files that are gone
                emit(Anchor(a, None, None, "orphan", 0.0), None, "document not found")
        damaged = _report_damage(store)
    if not written and not args.json:
        print("No annotations." if not args.tag else f"No annotations tagged #{args.tag.lstrip('#')}.")
    if args.json:
        sys.stdout.write("\n]\n" if written else "[]\n")
    return 1 if failed or damaged else 0


class _LineNumbers:
    """Line numbers of offsets by bisection (counting newlines per annotation is quadratic)."""

    def __init__(self, text: str) -> None:
        import re

        self.starts = [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.starts, offset) + 1


def _report_damage(store) -> bool:
    """Damaged rows met while reading, one line each on stderr; True when there were any."""
    for annotation_id, problem in store.damaged.items():
        print(f"briefing: error: {store.path}: annotation {annotation_id}: {problem}; skipped "
              "(kept in the database; 'briefing annotations repair' rewrites what can be read)", file=sys.stderr)
    return bool(store.damaged)


def _load_quietly(document_id: str):
    from tui.loaders import LoadError, load_document

    if not os.path.isfile(document_id):
        return None
    try:
        return load_document(Path(document_id))
    except LoadError:
        return None


def _shown_path(document_id: str) -> str:
    try:
        return str(Path(document_id).relative_to(Path.cwd()))
    except ValueError:
        return document_id


def _as_line(anchor, line, reason) -> str:
    from tui.model.sanitize import sanitize

    a = anchor.annotation
    quote = " ".join(a.exact.split())
    if len(quote) > 70:
        quote = quote[:67] + "..."
    where = f"{_shown_path(a.document_id)}:{line}" if line else f"{_shown_path(a.document_id)}"
    parts = [where, f"[{anchor.status}{': ' + reason if reason else ''}]", f'"{quote}"']
    if a.note:
        parts.append("— " + " ".join(a.note.split()))
    if a.tags:
        parts.append(" ".join("#" + t for t in a.tags))
    parts.append(f"({a.colour}, {a.id[:8]})")
    return sanitize("  ".join(parts))


def _as_json(anchor, line, reason) -> dict:
    a = anchor.annotation
    return {
        "id": a.id,
        "status": anchor.status,
        "problem": reason or None,
        "document": {"id": a.document_id, "path": a.document_path, "title": a.document_title},
        "start": anchor.start,
        "end": anchor.end,
        "line": line,
        "exact": a.exact,
        "prefix": a.prefix,
        "suffix": a.suffix,
        "note": a.note,
        "tags": list(a.tags),
        "colour": a.colour,
        "author": a.author,
        "created": a.created,
        "modified": a.modified,
    }


@_guarded
def run_export(args: argparse.Namespace) -> int:
    """Annotations are read in batches and written as they come: constant memory."""
    from tui.annotations import export

    write = {"md": export.write_markdown, "json": export.write_jsonld, "csv": export.write_csv}[args.format]
    with _open() as store:
        annotations = store.iter_all(tag=args.tag)
        if args.output is None:
            write(annotations, sys.stdout)
            return 1 if _report_damage(store) else 0
        try:
            count = _write_file(args.output, lambda out: write(annotations, out))
        except OSError as error:
            return _error(f"{args.output}: {error.strerror or error}")
        damaged = _report_damage(store)
    print(f"exported {count} annotation{'s' if count != 1 else ''} to {args.output}", file=sys.stderr)
    return 1 if damaged else 0


def _write_file(path: Path, write) -> int:
    """Write through ``write(stream)`` into a temporary file renamed over ``path`` when complete."""
    from tui.storage import replacing

    with replacing(Path(path), text=True, durable=True) as out:
        return write(out)


@_guarded
def run_repair(args: argparse.Namespace) -> int:
    from tui.annotations.model import now

    with _open() as store:
        backup = store.path.with_name(f"{store.path.name}.damaged-{now().replace(':', '')}.json")
        try:
            repaired = store.repair(backup)
        except OSError as error:
            return _error(f"{backup}: {error.strerror or error}")
        if not repaired:
            print(f"{store.path}: every annotation reads correctly; nothing to repair")
            return 0
        for annotation_id, what in repaired:
            print(f"{annotation_id}: {what}")
        print(f"{len(repaired)} annotation(s) repaired; the damaged rows as they were are in {backup}")
    return 0


@_guarded
def run_import(args: argparse.Namespace) -> int:
    from tui.annotations.export import read_jsonld

    try:
        text = sys.stdin.read() if str(args.file) == "-" else args.file.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as error:
        return _error(f"{args.file}: {getattr(error, 'strerror', None) or error}")
    try:
        annotations, rejected = read_jsonld(text)
    except ValueError as error:
        return _error(f"{args.file}: {error}")
    for problem in rejected:
        _error(f"{args.file}: {problem}; not imported")
    with _open() as store:
        result = store.import_annotations(annotations)
    rejected_note = f", {len(rejected)} rejected" if rejected else ""
    print(f"{args.file}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged{rejected_note}")
    return 1 if rejected else 0


@_guarded
def run_delete(args: argparse.Namespace) -> int:
    with _open() as store:
        every = [a.id for a in store.all()]
        status = 0
        for wanted in args.ids:
            matches = [i for i in every if i.startswith(wanted)]
            if len(matches) != 1:
                status = _error(f"{'no' if not matches else 'more than one'} annotation with an id starting {wanted!r}")
                continue
            store.delete(matches[0])
            print(f"deleted {matches[0]}")
    return status
