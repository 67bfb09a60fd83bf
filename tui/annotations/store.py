"""The durable annotation store: one SQLite file in the user's data folder.

* WAL journal, ``synchronous=FULL``: a commit is on disk before ``add`` (or any
  change) returns, so an acknowledged annotation survives a killed process.
* Every change is one ``BEGIN IMMEDIATE`` transaction; writers wait for each
  other (``busy_timeout``) and retry a few times when still busy, so two
  sessions writing at once both succeed.
* The schema is versioned with ``PRAGMA user_version`` and migrated forward
  in a transaction; a database written by a newer version is refused
  unmodified (``SchemaTooNewError``).
* A corrupt database is renamed aside with a timestamp (never deleted), a
  fresh one is started, and ``store.notice`` says so for the app to show.

Documents are matched by ``Document.id`` (the resolved path). Fallback for a
moved or renamed file: an annotation whose recorded file no longer exists is
also claimed by a document whose content hash equals the annotation's; once
re-anchored it is moved over to the new path.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, utils

from tui.annotations.anchoring import locate, occurrences, selectors
from tui.annotations.model import (
    COLOURS,
    DEFAULT_COLOUR,
    Anchor,
    Annotation,
    check_colour,
    clean_note,
    clean_tags,
    login_name,
    now,
)
from tui.model.sanitize import is_safe, sanitize

DB_NAME = "annotations.sqlite3"
SCHEMA_VERSION = 1
# A writer waits up to BUSY_TIMEOUT_MS for another session's transaction; the
# extra attempts cover the cases where SQLite reports "busy" without waiting
# (e.g. while another connection recovers the WAL).
BUSY_TIMEOUT_MS = 1_000
MAX_OFFSET = 2**40  # far beyond any document; larger stored offsets are damage
WRITE_ATTEMPTS = 20  # about 20 s in all; after the first second the user is told it is waiting

T = TypeVar("T")

# Each entry brings the schema from version N-1 to N; applied in one transaction.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE annotations (
        id             TEXT PRIMARY KEY,
        document_id    TEXT NOT NULL,
        document_path  TEXT NOT NULL,
        document_title TEXT NOT NULL DEFAULT '',
        content_hash   TEXT NOT NULL,
        exact          TEXT NOT NULL,
        prefix         TEXT NOT NULL DEFAULT '',
        suffix         TEXT NOT NULL DEFAULT '',
        start_offset   INTEGER NOT NULL,
        end_offset     INTEGER NOT NULL,
        note           TEXT NOT NULL DEFAULT '',
        tags           TEXT NOT NULL DEFAULT '[]',
        colour         TEXT NOT NULL DEFAULT 'yellow',
        author         TEXT NOT NULL DEFAULT '',
        created        TEXT NOT NULL,
        modified       TEXT NOT NULL,
        state          TEXT NOT NULL DEFAULT 'anchored'
    );
    CREATE INDEX annotations_by_document ON annotations (document_id, start_offset);
    CREATE INDEX annotations_by_hash ON annotations (content_hash);
    """,
}

_COLUMNS = (
    "id, document_id, document_path, document_title, content_hash, exact, prefix, suffix, "
    "start_offset, end_offset, note, tags, colour, author, created, modified, state"
)
_PLACEHOLDERS = ", ".join("?" * len(_COLUMNS.split(", ")))
_ANCHOR_FIELDS = ("document_id", "document_path", "document_title", "content_hash",
                  "exact", "prefix", "suffix", "start", "end", "state")


class StoreError(Exception):
    """The store cannot do what was asked; the message says why."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer version of briefing."""


class AnnotationNotFound(StoreError, LookupError):
    pass


class QuoteError(StoreError, ValueError):
    """A quote given to anchor an annotation is not in the document, or is there more than once."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def default_path(data_dir: Path | str | None = None) -> Path:
    if data_dir is None:
        from tui.paths import data_dir as user_data_dir

        data_dir = user_data_dir()
    return Path(data_dir) / DB_NAME


def open_store(data_dir: Path | str | None = None) -> AnnotationStore:
    """Open (creating if needed) the store in ``data_dir`` (default: the user data folder)."""
    return AnnotationStore(default_path(data_dir))


class _Corrupt(Exception):
    pass


class AnnotationStore:
    """Annotations in SQLite. Safe to share between threads (calls are serialised)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.notice: str | None = None
        self.damaged: dict[str, str] = {}  # annotation id -> why its row cannot be read
        self.on_wait: Callable[[str], None] | None = None  # told once when a write must wait
        self._lock = threading.RLock()
        self._orphaned: set[tuple] = set()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {self.path.parent}: {error.strerror or error}") from None
        try:
            self._conn = self._connect()
        except _Corrupt as corrupt:
            try:
                kept = self._set_aside()
            except FileNotFoundError:  # another session set it aside first
                kept = "a .corrupt- copy beside it"
            self.notice = (
                f"the annotation database was corrupt ({corrupt}); it was kept as {kept} "
                "and a new one was started"
            )
            try:
                self._conn = self._connect()
            except _Corrupt as again:
                raise StoreError(f"cannot start a new annotation database at {self.path}: {again}") from None
        self._damage_at_open()

    def _damage_at_open(self) -> None:
        """A quick look, in SQL, for rows that will not read (bad tags, offsets, colours)."""
        colours = ", ".join(f"'{c}'" for c in COLOURS)
        sql = (
            "SELECT id FROM annotations WHERE typeof(tags) != 'text' OR json_valid(tags) = 0 "
            "OR json_type(tags) != 'array' OR typeof(start_offset) != 'integer' "
            f"OR typeof(end_offset) != 'integer' OR colour NOT IN ({colours})"
        )
        try:
            with self._lock:
                ids = [row[0] for row in self._conn.execute(sql)]
        except sqlite3.Error:
            return  # an older SQLite without JSON functions: reading reports the damage instead
        if ids:
            self.damaged.update({sanitize(str(i))[:40]: "unreadable fields" for i in ids})
            damage = self.damaged_notice()
            self.notice = f"{self.notice}; {damage}" if self.notice else damage

    # -- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(self._explain(error, "cannot open the annotation database")) from None
        conn.text_factory = _decode_text  # a damaged byte fails one row, not every read
        try:
            _retry_while_busy(lambda: self._prepare(conn))
        except sqlite3.DatabaseError as error:
            conn.close()
            if _is_corruption(error):
                raise _Corrupt(str(error)) from None
            raise StoreError(self._explain(error, "cannot open the annotation database")) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check the version and integrity, set WAL, migrate (may meet a busy database)."""
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"the annotation database {self.path} was written by a newer version of briefing "
                f"(schema {version}; this version reads up to {SCHEMA_VERSION}); it was left unchanged — "
                "upgrade briefing, or point --data-dir elsewhere"
            )
        problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise _Corrupt("; ".join(problems))
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            self._migrate(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        def run(c: sqlite3.Connection) -> None:
            version = c.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute(f"PRAGMA user_version = {target}")

        _in_transaction(conn, run)

    def _set_aside(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while kept.exists():
            n += 1
            kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, kept)
        for suffix in ("-wal", "-shm"):  # a journal must never be replayed into the new file
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        return kept

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def _write(self, change: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                return _in_transaction(self._conn, change, on_wait=self._waiting)
            except sqlite3.Error as error:
                raise StoreError(self._explain(error, "could not save to the annotation database")) from None

    def _waiting(self) -> None:
        if self.on_wait is not None:
            self.on_wait(f"waiting for another briefing session to finish writing to {self.path} …")

    def _explain(self, error: sqlite3.Error, what: str) -> str:
        """A message saying what went wrong in the user's terms (locked, read-only folder)."""
        if _is_busy(error):
            return (f"{what} {self.path}: another briefing session kept it locked for about "
                    f"{BUSY_TIMEOUT_MS * WRITE_ATTEMPTS // 1000} s ({error}); try again when it is done")
        if _read_only(self.path):
            return (f"{what} {self.path}: the folder {self.path.parent} is read-only ({error}); "
                    "reading, searching and exporting still work — choose a writable folder with "
                    "--data-dir or BRIEFING_HOME to keep annotations")
        return f"{what} {self.path}: {error}"

    def add(
        self,
        document,
        start: int,
        end: int,
        note: str = "",
        tags: Iterable[str] = (),
        colour: str = DEFAULT_COLOUR,
    ) -> Annotation:
        """Annotate ``document.text[start:end]``; committed to disk when this returns."""
        exact, prefix, suffix = selectors(document.text, start, end)
        stamp = now()
        annotation = Annotation(
            id=str(uuid.uuid4()),
            document_id=document.id,
            document_path=str(document.path),
            document_title=document.title,
            content_hash=document.content_hash,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end,
            note=clean_note(note),
            tags=clean_tags(tags),
            colour=check_colour(colour),
            author=login_name(),
            created=stamp,
            modified=stamp,
        )
        self._write(lambda c: _insert(c, annotation))
        return annotation

    def add_quote(self, document, quote: str, **body) -> Annotation:
        """Annotate the one place ``quote`` occurs (spaces and line breaks may differ)."""
        start, end = find_quote(document, quote)
        return self.add(document, start, end, **body)

    _UNSET = object()

    def update(self, annotation_id: str, note=_UNSET, tags=_UNSET, colour=_UNSET) -> Annotation:
        changes: dict = {}
        if note is not self._UNSET:
            changes["note"] = clean_note(note)
        if tags is not self._UNSET:
            changes["tags"] = clean_tags(tags)
        if colour is not self._UNSET:
            changes["colour"] = check_colour(colour)

        def change(c: sqlite3.Connection) -> Annotation:
            current = _fetch(c, annotation_id)
            updated = replace(current, **changes, modified=now())
            _replace(c, updated)
            return updated

        return self._write(change)

    def delete(self, annotation_id: str) -> Annotation:
        """Delete and return the annotation (``restore`` it to undo)."""

        def change(c: sqlite3.Connection) -> Annotation:
            current = _fetch(c, annotation_id)
            c.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            return current

        return self._write(change)

    def restore(self, annotation: Annotation) -> Annotation:
        """Put back an annotation exactly as given (same id), e.g. to undo a delete."""
        self._write(lambda c: _replace(c, annotation))
        return annotation

    def reattach(self, annotation_id: str, document, start: int, end: int) -> Annotation:
        """Anchor an annotation (typically an orphan) by hand to ``document.text[start:end]``."""
        exact, prefix, suffix = selectors(document.text, start, end)

        def change(c: sqlite3.Connection) -> Annotation:
            current = _fetch(c, annotation_id)
            updated = replace(
                current,
                document_id=document.id,
                document_path=str(document.path),
                document_title=document.title,
                content_hash=document.content_hash,
                exact=exact, prefix=prefix, suffix=suffix, start=start, end=end,
                state="anchored", modified=now(),
            )
            _replace(c, updated)
            return updated

        return self._write(change)

    def import_annotations(self, annotations: Iterable[Annotation]) -> ImportResult:
        """Add or update by id in one transaction; the newer ``modified`` wins, so
        importing the same file twice changes nothing the second time."""
        annotations = [
            replace(a, note=clean_note(a.note), tags=clean_tags(a.tags), exact=clean_note(a.exact))
            for a in annotations
        ]

        def change(c: sqlite3.Connection) -> ImportResult:
            added = updated = unchanged = 0
            for incoming in annotations:
                row = c.execute(f"SELECT {_COLUMNS} FROM annotations WHERE id = ?", (incoming.id,)).fetchone()
                current = _from_row(row) if row else None
                if current is None:
                    _insert(c, incoming)
                    added += 1
                elif current == incoming or current.modified > incoming.modified:
                    unchanged += 1
                else:
                    _replace(c, incoming)
                    updated += 1
            return ImportResult(added, updated, unchanged)

        return self._write(change)

    # -- reading -------------------------------------------------------------

    def _read(self, sql: str, params: tuple = ()) -> list[Annotation]:
        """Rows read as annotations; a damaged row is skipped, kept and reported in ``damaged``."""
        with self._lock:
            try:
                return list(self._rows(self._conn.execute(sql, params)))
            except sqlite3.Error as error:
                raise StoreError(f"could not read the annotation database {self.path}: {error}") from None

    def _rows(self, cursor) -> Iterator[Annotation]:
        for row in cursor:
            try:
                yield _from_row(row)
            except DamagedRow as damage:
                self.damaged[damage.annotation_id] = damage.problem

    def iter_all(self, tag: str | None = None, batch: int = 1000) -> Iterator[Annotation]:
        """Every annotation in the order of ``all``, fetched in batches from one query
        (SQLite sorts once; memory stays constant however many there are)."""
        wanted = tag.lstrip("#").casefold() if tag is not None else None
        sql = f"SELECT {_COLUMNS} FROM annotations ORDER BY document_path, start_offset, created"
        with self._lock:
            try:
                cursor = self._conn.execute(sql)
            except sqlite3.Error as error:
                raise StoreError(f"could not read the annotation database {self.path}: {error}") from None
        try:
            while True:
                with self._lock:
                    try:
                        rows = cursor.fetchmany(batch)
                    except sqlite3.Error as error:
                        raise StoreError(f"could not read the annotation database {self.path}: {error}") from None
                if not rows:
                    return
                for annotation in self._rows(rows):
                    if wanted is None or any(t.casefold() == wanted for t in annotation.tags):
                        yield annotation
        finally:
            cursor.close()

    def document_ids(self) -> list[str]:
        """The documents that have annotations (one query, not a read of every annotation)."""
        with self._lock:
            try:
                rows = self._conn.execute("SELECT DISTINCT document_id FROM annotations").fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"could not read the annotation database {self.path}: {error}") from None
        return [_path_from_db(row[0]) for row in rows if isinstance(row[0], str)]

    def iter_except(self, seen: set[str]) -> Iterator[Annotation]:
        """Annotations whose id is not in ``seen``, in the order of ``all``."""
        with self._lock:
            ids = [row[0] for row in self._conn.execute(
                "SELECT id FROM annotations ORDER BY document_path, start_offset, created")]
        for start in range(0, len(ids), 500):
            wanted = [i for i in ids[start : start + 500] if i not in seen]
            if wanted:
                marks = ", ".join("?" * len(wanted))
                yield from self._read(f"SELECT {_COLUMNS} FROM annotations WHERE id IN ({marks}) "
                                      "ORDER BY document_path, start_offset, created", tuple(wanted))

    def check(self) -> dict[str, str]:
        """Read every row once; the damaged ones (id -> problem), also kept in ``damaged``."""
        for _ in self.iter_all():
            pass
        return dict(self.damaged)

    def damaged_notice(self) -> str | None:
        if not self.damaged:
            return None
        ids = ", ".join(list(self.damaged)[:3]) + (", …" if len(self.damaged) > 3 else "")
        return (f"{len(self.damaged)} damaged annotation(s) in {self.path} could not be read ({ids}); "
                "they are kept, the others work; run 'briefing annotations repair'")

    def repair(self, backup: Path) -> list[tuple[str, str]]:
        """Rewrite every damaged row with what can be read of it; the raw rows go to ``backup`` first.

        Returns (id, what was done) per damaged row.
        """
        with self._lock:
            rows = self._conn.execute(f"SELECT rowid, {_COLUMNS} FROM annotations").fetchall()
        damaged = []
        for row in rows:
            try:
                _from_row(row[1:])
            except DamagedRow as damage:
                damaged.append((row, damage))
        if not damaged:
            return []
        raw = [{name: (v if isinstance(v, (int, float)) or v is None else str(v))
                for name, v in zip(("rowid", *_FIELD_NAMES), row)} for row, _ in damaged]
        from tui.storage import write_atomically

        write_atomically(backup, json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8", "replace"),
                         durable=True)
        done = []

        def change(c: sqlite3.Connection) -> None:
            for row, damage in damaged:
                fixed = _salvage(row[1:])
                c.execute("DELETE FROM annotations WHERE rowid = ?", (row[0],))
                _replace(c, fixed)
                done.append((fixed.id, f"{damage.problem}; repaired"))

        self._write(change)
        self.damaged.clear()
        return done

    def get(self, annotation_id: str) -> Annotation | None:
        found = self._read(f"SELECT {_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,))
        return found[0] if found else None

    def all(self, tag: str | None = None) -> list[Annotation]:
        """Every annotation, by document then position; only those tagged ``tag`` if given."""
        found = self._read(f"SELECT {_COLUMNS} FROM annotations ORDER BY document_path, start_offset, created")
        if tag is not None:
            wanted = tag.lstrip("#").casefold()
            found = [a for a in found if any(t.casefold() == wanted for t in a.tags)]
        return found

    def orphans(self) -> list[Annotation]:
        """Annotations the last re-anchoring could not place."""
        return self._read(
            f"SELECT {_COLUMNS} FROM annotations WHERE state = 'orphan' ORDER BY document_path, start_offset"
        )

    def tags(self) -> list[str]:
        """Every tag in use, the most used first (then alphabetically)."""
        counts = Counter(tag for a in self.all() for tag in a.tags)
        return [tag for tag, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))]

    def search(self, text: str, limit: int = 100, cutoff: float = 70.0) -> list[Annotation]:
        """Annotations whose note, quote or tags fuzzily contain ``text``, best first."""
        query = utils.default_process(text)
        if not query:
            return []
        scored = []
        for a in self.all():
            haystack = utils.default_process(" ".join((a.note, a.exact, " ".join(a.tags), a.document_title)))
            value = 100.0 if query in haystack else fuzz.partial_ratio(query, haystack, score_cutoff=cutoff)
            if value >= cutoff:
                scored.append((value, a))
        scored.sort(key=lambda pair: -pair[0])
        return [a for _, a in scored[:limit]]

    def for_document(self, document) -> list[Anchor]:
        """The document's annotations re-anchored against its current text.

        Orphans come last with ``start = end = None``. New positions (and the
        content hash and context) are saved so the next call is an exact hit.
        """
        candidates = self._read(
            f"SELECT {_COLUMNS} FROM annotations WHERE document_id = ? OR content_hash = ?",
            (_path_to_db(document.id), document.content_hash),
        )
        text = document.text
        anchors: list[Anchor] = []
        changed: list[tuple[Annotation, Annotation]] = []
        for a in candidates:
            if a.document_id != document.id and os.path.exists(a.document_id):
                continue  # an identical copy elsewhere: the annotation belongs to the other file
            known = (a.id, a.exact, a.prefix, a.suffix, a.start, document.content_hash)
            match = None if known in self._orphaned else locate(text, a.exact, a.prefix, a.suffix, a.start, a.end)
            if match is None:
                self._orphaned.add(known)  # not searched again until the text or the annotation changes
                anchors.append(Anchor(a, None, None, "orphan", 0.0))
                if a.state != "orphan":
                    changed.append((a, replace(a, state="orphan")))
                continue
            exact, prefix, suffix = selectors(text, match.start, match.end)
            now_at = replace(
                a,
                document_id=document.id,
                document_path=str(document.path),
                document_title=document.title,
                content_hash=document.content_hash,
                exact=exact, prefix=prefix, suffix=suffix, start=match.start, end=match.end,
                state="anchored",
            )
            anchors.append(Anchor(now_at, match.start, match.end, match.status, match.score))
            if any(getattr(a, f) != getattr(now_at, f) for f in _ANCHOR_FIELDS):
                changed.append((a, now_at))
        if changed:
            try:
                self._write(lambda c: [_save_anchor(c, old, new) for old, new in changed])
            except StoreError:
                pass  # positions are re-found next time; reading must not fail on a busy disk
        anchors.sort(key=lambda x: (x.start is None, x.start or 0, x.end or 0))
        return anchors


def find_quote(document, quote: str) -> tuple[int, int]:
    """The one ``(start, end)`` where ``quote`` occurs in the document, else ``QuoteError``.

    An exact match is tried first, then one where any run of spaces and line
    breaks in the quote matches any run in the text.
    """
    import re

    quote = quote.strip()
    if not quote:
        raise QuoteError(f"{document.path}: the quote is empty")
    spans = [(s, s + len(quote)) for s in occurrences(document.text, quote, 50)]
    if not spans:
        pattern = r"\s+".join(re.escape(word) for word in quote.split())
        spans = [m.span() for m in re.finditer(pattern, document.text)][:50]
    shown = quote if len(quote) <= 60 else quote[:57] + "..."
    if not spans:
        raise QuoteError(f"{document.path}: the quote was not found: {shown!r}")
    if len(spans) > 1:
        lines = ", ".join(dict.fromkeys(str(document.text.count("\n", 0, s) + 1) for s, _ in spans))
        raise QuoteError(
            f"{document.path}: the quote occurs {len(spans)} times (lines {lines}); "
            f"give a longer quote: {shown!r}"
        )
    return spans[0]


# -- rows ----------------------------------------------------------------------


def _read_only(path: Path) -> bool:
    """Whether the database (or, when it does not exist yet, its folder) cannot be written."""
    target = path if path.exists() else path.parent
    if os.access(target, os.W_OK) and os.access(path.parent, os.W_OK):
        try:  # root passes access(); a read-only file system does not take a file
            probe = path.parent / f".briefing-write-test-{os.getpid()}"
            probe.touch()
            probe.unlink()
            return False
        except OSError:
            return True
    return True


def _in_transaction(conn: sqlite3.Connection, change: Callable[[sqlite3.Connection], T],
                    on_wait: Callable[[], None] | None = None) -> T:
    """Run ``change`` in one BEGIN IMMEDIATE transaction, retrying while the database is busy;
    ``on_wait`` is called once, when the first wait ran out."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = change(conn)
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as error:
            if _is_busy(error) and attempt + 1 < WRITE_ATTEMPTS:
                if attempt == 0 and on_wait is not None:
                    on_wait()
                time.sleep(random.uniform(0.01, 0.05))
                continue
            raise
    raise AssertionError("unreachable")


def _retry_while_busy(step: Callable[[], T]) -> T:
    """Run ``step``; when another session holds the database (even the switch to WAL
    fails at once rather than waiting), wait a little and try again."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not (_is_busy(error) and attempt + 1 < WRITE_ATTEMPTS):
                raise
            time.sleep(random.uniform(0.02, 0.1))
    raise AssertionError("unreachable")


def _is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _is_corruption(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return "malformed" in str(error) or "not a database" in str(error)


def _values(a: Annotation) -> tuple:
    return (
        sanitize(a.id), _path_to_db(a.document_id), _path_to_db(a.document_path), sanitize(a.document_title),
        sanitize(a.content_hash), sanitize(a.exact), sanitize(a.prefix), sanitize(a.suffix), a.start, a.end,
        sanitize(a.note), json.dumps([sanitize(t) for t in a.tags], ensure_ascii=False), sanitize(a.colour),
        sanitize(a.author), sanitize(a.created), sanitize(a.modified), sanitize(a.state),
    )


class DamagedRow(ValueError):
    """A stored row that cannot be read as an annotation; the message names the field."""

    def __init__(self, annotation_id: str, problem: str) -> None:
        self.annotation_id = annotation_id
        self.problem = problem
        super().__init__(f"annotation {annotation_id}: {problem}")


class _Undecodable(str):
    """Text of a column that was not valid UTF-8 (decoded with replacement marks)."""


def _decode_text(raw: bytes) -> str:
    try:
        return str(raw, "utf-8")
    except UnicodeDecodeError:
        return _Undecodable(str(raw, "utf-8", "replace"))


_FIELD_NAMES = _COLUMNS.split(", ")
_INTEGER_FIELDS = (8, 9)
_ROW_TYPES = [int if index in _INTEGER_FIELDS else str for index in range(len(_FIELD_NAMES))]


def _from_row(row: tuple) -> Annotation:
    """An annotation from a row, checking every column: a damaged row raises ``DamagedRow``."""
    values = list(row)
    types = [type(value) for value in values]
    if types != _ROW_TYPES:  # the slow path names the damage
        shown_id = sanitize(str(values[0]))[:40]
        for index, value in enumerate(values):
            name = _FIELD_NAMES[index]
            if index in _INTEGER_FIELDS:
                if type(value) is not int:
                    raise DamagedRow(shown_id, f"{name} is not an offset ({sanitize(repr(value))[:40]})")
            elif not isinstance(value, str):
                raise DamagedRow(shown_id, f"{name} is not text ({type(value).__name__})")
            elif isinstance(value, _Undecodable):
                raise DamagedRow(shown_id, f"{name} is not valid UTF-8")
    shown_id = values[0]
    if not (0 <= values[8] <= MAX_OFFSET and 0 <= values[9] <= MAX_OFFSET):
        raise DamagedRow(sanitize(shown_id)[:40], f"offsets out of range ({values[8]}, {values[9]})")
    try:
        tags = json.loads(values[11])
    except (ValueError, RecursionError):
        raise DamagedRow(sanitize(shown_id)[:40], f"tags are not a JSON list ({sanitize(values[11])[:40]!r})") from None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise DamagedRow(sanitize(shown_id)[:40], f"tags are not a list of words ({sanitize(values[11])[:40]!r})")
    if values[12] not in COLOURS:
        raise DamagedRow(sanitize(shown_id)[:40], f"colour is not one of {', '.join(COLOURS)} ({sanitize(values[12])[:20]!r})")
    if values[8] > values[9]:
        raise DamagedRow(sanitize(shown_id)[:40], f"start_offset {values[8]} is after end_offset {values[9]}")
    values[1] = _path_from_db(values[1])
    values[2] = _path_from_db(values[2])
    values[11] = clean_tags(tags)
    texts = [values[i] for i in _SANITISED]
    if not is_safe("".join(texts)):  # one check for the row; sanitise field by field only when needed
        for index in _SANITISED:
            values[index] = sanitize(values[index])
    return Annotation(*values)


_SANITISED = (0, 3, 4, 5, 6, 7, 10, 12, 13, 14, 15, 16)


def _salvage(row: tuple) -> Annotation:
    """What can be read of a damaged row: unreadable text kept with marks, bad tags dropped,
    bad offsets zeroed (the quote re-anchors it), a missing id replaced."""
    values = list(row)
    for index, value in enumerate(values):
        if index in _INTEGER_FIELDS:
            values[index] = value if type(value) is int and 0 <= value <= MAX_OFFSET else 0
        elif isinstance(value, bytes):
            values[index] = value.decode("utf-8", errors="replace")
        elif value is None or not isinstance(value, str):
            values[index] = "" if value is None else str(value)
        values[index] = str(values[index]) if index not in _INTEGER_FIELDS else values[index]
    if values[8] > values[9]:
        values[8], values[9] = values[9], values[8]
    try:
        tags = json.loads(values[11])
        tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    except (ValueError, RecursionError):  # keep the quoted words that survive
        tags = [t for t in re.findall(r'"([^"\\]{1,100})"', values[11])]
    values[11] = json.dumps(tags)
    values[12] = values[12] if values[12] in COLOURS else DEFAULT_COLOUR
    values[0] = values[0] or str(uuid.uuid4())
    return _from_row(tuple(values))


# File names need not be UTF-8, but SQLite text must be: such a path is stored
# as its bytes in hex behind this marker (a prefix no real path starts with).
_FS_MARK = "\x00fs:"


def _path_to_db(path: str) -> str:
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return _FS_MARK + os.fsencode(path).hex()


def _path_from_db(value: str) -> str:
    if value.startswith(_FS_MARK):
        try:
            return os.fsdecode(bytes.fromhex(value[len(_FS_MARK):]))
        except ValueError:
            return sanitize(value)
    return value


def _insert(c: sqlite3.Connection, a: Annotation) -> None:
    c.execute(f"INSERT INTO annotations ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", _values(a))


def _replace(c: sqlite3.Connection, a: Annotation) -> None:
    c.execute(f"INSERT OR REPLACE INTO annotations ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", _values(a))


def _fetch(c: sqlite3.Connection, annotation_id: str) -> Annotation:
    row = c.execute(f"SELECT {_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
    if row is None:
        raise AnnotationNotFound(f"no annotation with id {annotation_id}")
    return _from_row(row)


def _save_anchor(c: sqlite3.Connection, old: Annotation, new: Annotation) -> None:
    """Save a re-anchored position unless another session changed the anchor meanwhile.

    Only anchor columns are written, so a note edited elsewhere is never overwritten.
    """
    c.execute(
        "UPDATE annotations SET document_id = ?, document_path = ?, document_title = ?, content_hash = ?, "
        "exact = ?, prefix = ?, suffix = ?, start_offset = ?, end_offset = ?, state = ? "
        "WHERE id = ? AND content_hash = ? AND start_offset = ? AND end_offset = ? AND exact = ?",
        (_path_to_db(new.document_id), _path_to_db(new.document_path), new.document_title, new.content_hash,
         new.exact, new.prefix, new.suffix, new.start, new.end, new.state, old.id, old.content_hash, old.start,
         old.end, old.exact),
    )
