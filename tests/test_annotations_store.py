"""The annotation store: changes, queries, and durability under concurrent writers,
killed processes, corrupt files and newer schemas."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui.annotations import (
    AnnotationNotFound,
    QuoteError,
    SchemaTooNewError,
    open_store,
)
from tui.annotations.store import DB_NAME, SCHEMA_VERSION
from tui.loaders import load_document

TEXT = (
    "Diplomats from the two countries discussed the issues that need to be addressed.\n\n"
    "China conveyed its dismay and demanded that the U.S. not interfere in internal affairs.\n\n"
    "The U.S. expressed concern over sanctions, visa denials and export controls.\n"
)


@pytest.fixture
def document(tmp_path: Path):
    path = tmp_path / "briefing.txt"
    path.write_text(TEXT, encoding="utf-8")
    return load_document(path)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def span(document, quote: str) -> tuple[int, int]:
    start = document.text.index(quote)
    return start, start + len(quote)


def test_default_location_follows_briefing_home(isolated_home, document):
    with open_store() as store:
        store.add(document, *span(document, "China"))
        assert store.path == isolated_home / "data" / DB_NAME
    assert (isolated_home / "data" / DB_NAME).exists()


def test_store_is_wal_and_versioned(data):
    open_store(data).close()
    db = sqlite3.connect(data / DB_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_add_records_the_w3c_fields(data, document):
    with open_store(data) as store:
        a = store.add(document, *span(document, "demanded that the U.S."), note="key", tags=["#usa", "usa", "talks"])
    assert a.exact == "demanded that the U.S."
    assert a.prefix == TEXT[a.start - 32 : a.start] and a.suffix == TEXT[a.end : a.end + 32]
    assert a.tags == ("usa", "talks") and a.colour == "yellow"
    assert a.document_id == document.id and a.content_hash == document.content_hash
    assert a.created == a.modified and a.created.endswith("Z") and a.author
    with open_store(data) as again:
        assert again.get(a.id) == a


def test_update_delete_restore(data, document):
    with open_store(data) as store:
        a = store.add(document, *span(document, "China"))
        b = store.update(a.id, note="new note\x1b]2;title\x07", tags=["x"], colour="green")
        assert (b.note, b.tags, b.colour) == ("new note\u241b]2;title\u2407", ("x",), "green")
        assert b.modified >= a.modified and b.created == a.created
        c = store.update(a.id, colour="blue")
        assert (c.note, c.tags) == (b.note, b.tags)
        with pytest.raises(ValueError):
            store.update(a.id, colour="chartreuse")
        deleted = store.delete(a.id)
        assert deleted == c and store.get(a.id) is None
        with pytest.raises(AnnotationNotFound):
            store.delete(a.id)
        assert store.restore(deleted) == deleted
        assert store.get(a.id) == deleted


def test_all_tags_search(data, document):
    with open_store(data) as store:
        store.add(document, *span(document, "China"), tags=["china", "talks"])
        store.add(document, *span(document, "sanctions"), note="Sanctions regime widening", tags=["sanctions", "china"])
        store.add(document, *span(document, "Diplomats"), tags=["talks", "china"])
        assert store.tags() == ["china", "talks", "sanctions"]
        assert [a.exact for a in store.all(tag="Sanctions")] == ["sanctions"]
        assert [a.exact for a in store.all()] == ["Diplomats", "China", "sanctions"]
        assert [a.exact for a in store.search("sanction regim")] == ["sanctions"]
        assert store.search("zzzz qqqq") == []


def test_add_by_quote_gives_clear_errors(data, document):
    with open_store(data) as store:
        a = store.add_quote(document, "demanded that\n  the U.S.")
        assert a.exact == "demanded that the U.S."
        with pytest.raises(QuoteError, match=r"briefing.txt: the quote was not found"):
            store.add_quote(document, "no such passage")
        with pytest.raises(QuoteError, match=r"briefing.txt: the quote occurs 2 times"):
            store.add_quote(document, "U.S.")


# -- durability ----------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tui.annotations import open_store
    from tui.loaders import load_document

    data, doc, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    document = load_document(Path(doc))
    store = open_store(data)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    for i in range(count):
        a = store.add(document, i % 50, i % 50 + 10, note=f"{sys.argv[5]} {i}")
        print(a.id, flush=True)
    """
)


@pytest.fixture
def spawn():
    """Start writer processes; any still running when the test ends is killed (none is left behind)."""
    started: list[subprocess.Popen] = []

    def start(data: Path, document, count: int, go: Path, label: str) -> subprocess.Popen:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data), str(document.path), str(count), str(go), label],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(child)
        return child

    yield start
    for child in started:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)


def test_two_processes_writing_at_once_lose_nothing(data, document, tmp_path, spawn):
    go = tmp_path / "go"
    children = [spawn(data, document, 500, go, label) for label in ("a", "b")]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    go.touch()
    printed = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        printed += out.split()
    assert len(printed) == 1000
    with open_store(data) as store:
        stored = store.all()
    assert len(stored) == 1000
    assert {a.id for a in stored} == set(printed)
    assert sorted(a.note for a in stored if a.note.startswith("a ")) == sorted(f"a {i}" for i in range(500))


def test_killed_writer_loses_nothing_it_acknowledged(data, document, tmp_path, spawn):
    go = tmp_path / "go"
    go.touch()
    child = spawn(data, document, 100_000, go, "k")
    assert child.stdout.readline().strip() == "ready"
    acknowledged = []
    deadline = time.monotonic() + 20
    while len(acknowledged) < 150 and time.monotonic() < deadline:
        acknowledged.append(child.stdout.readline().strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    acknowledged += [line.strip() for line in child.stdout.read().split("\n")[:-1]]  # whole lines only
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 150
    with open_store(data) as store:
        stored = {a.id for a in store.all()}
    assert set(acknowledged) <= stored


def test_corrupt_database_is_kept_aside_and_a_new_one_started(data, document):
    data.mkdir(parents=True)
    garbage = b"this is not a database, it is a shopping list\n" * 200
    (data / DB_NAME).write_bytes(garbage)
    with open_store(data) as store:
        assert store.notice and "corrupt" in store.notice
        kept = [p for p in data.iterdir() if p.name.startswith(DB_NAME + ".corrupt-")]
        assert len(kept) == 1 and kept[0].read_bytes() == garbage
        assert str(kept[0]) in store.notice
        store.add(document, 0, 9)
        assert len(store.all()) == 1
    with open_store(data) as again:
        assert again.notice is None and len(again.all()) == 1


def test_database_damaged_inside_is_detected(data, document):
    with open_store(data) as store:
        for _ in range(300):
            store.add(document, 0, 9, note="x" * 200)
    db = sqlite3.connect(data / DB_NAME)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    path = data / DB_NAME
    raw = bytearray(path.read_bytes())
    assert len(raw) > 8 * 4096
    raw[2 * 4096 : 6 * 4096] = b"\xff" * (4 * 4096)  # wreck some b-tree pages, keep the header
    path.write_bytes(bytes(raw))
    with open_store(data) as store:
        assert store.notice and "corrupt" in store.notice
        assert store.all() == []
    assert any(p.name.startswith(DB_NAME + ".corrupt-") for p in data.iterdir())


def test_newer_schema_is_refused_and_left_unchanged(data):
    data.mkdir(parents=True)
    db = sqlite3.connect(data / DB_NAME)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = hashlib.sha256((data / DB_NAME).read_bytes()).hexdigest()
    with pytest.raises(SchemaTooNewError, match="newer version of briefing"):
        open_store(data)
    assert hashlib.sha256((data / DB_NAME).read_bytes()).hexdigest() == before
    assert not any(".corrupt-" in p.name for p in data.iterdir())


def test_empty_file_is_migrated_not_treated_as_corrupt(data, document):
    data.mkdir(parents=True)
    (data / DB_NAME).write_bytes(b"")
    with open_store(data) as store:
        assert store.notice is None
        store.add(document, 0, 9)
        assert len(store.all()) == 1


def test_annotations_core_does_not_import_textual():
    code = (
        "import sys, tui.annotations, tui.annotations.export, tui.annotations.commands; "
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_one_store_shared_by_threads(data, document):
    import threading

    with open_store(data) as store:
        def work(n: int) -> None:
            for i in range(50):
                store.add(document, 0, 9, note=f"{n}-{i}")

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({a.note for a in store.all()}) == 200


def test_writer_waits_for_another_sessions_transaction(data, document):
    import threading

    with open_store(data) as store:
        other = sqlite3.connect(data / DB_NAME, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        started = time.monotonic()
        store.add(document, 0, 9)
        assert time.monotonic() - started >= 0.25
        assert len(store.all()) == 1
        other.close()


def test_writer_gives_a_clear_error_when_the_store_stays_locked(data, document, monkeypatch):
    from tui.annotations import StoreError
    from tui.annotations import store as store_module

    with open_store(data) as store:
        store._conn.execute("PRAGMA busy_timeout = 50")
        monkeypatch.setattr(store_module, "WRITE_ATTEMPTS", 2)
        other = sqlite3.connect(data / DB_NAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="could not save to the annotation database .*locked"):
                store.add(document, 0, 9)
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.add(document, 0, 9)
        assert len(store.all()) == 1
