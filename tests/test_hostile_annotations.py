"""Damaged stores, malformed imports and hostile fields in the annotation commands."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.hostile import BRIEFING, assert_inert, briefing

pytestmark = pytest.mark.skipif(not BRIEFING.exists(), reason="briefing is not installed in this environment")

TEXT = "# Talks\n\nThe minister said =1+2 was wrong. Officials met in Geneva. The envoy left early.\n"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "talks.md"
    path.write_text(TEXT)
    return path


def _run(*args, home: Path, **kw):
    result = briefing(*args, home=home, **kw)
    assert_inert(result.stdout, f"{args} stdout")
    err = assert_inert(result.stderr, f"{args} stderr")
    assert "Traceback" not in err, err
    return result


def _add(document: Path, home: Path, quote: str, *extra: str) -> str:
    result = _run("annotations", "add", document, "--quote", quote, *extra, home=home)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode().strip()


def _database(home: Path) -> Path:
    return next(home.rglob("annotations.sqlite3"))


def _flip_tags(home: Path, annotation_id: str, value: bytes) -> None:
    connection = sqlite3.connect(_database(home))
    connection.execute("UPDATE annotations SET tags = CAST(? AS TEXT) WHERE id = ?", (value, annotation_id))
    connection.commit()
    connection.close()


@pytest.mark.parametrize("damage", [
    b'["x"}', b'["x\xff"]', pytest.param(b"5", marks=pytest.mark.slow), pytest.param(b'{"a": 1}', marks=pytest.mark.slow),
])
def test_one_damaged_row_is_reported_and_every_other_annotation_stays_usable(document, home, damage) -> None:
    bad = _add(document, home, "Officials met", "--tag", "trade")
    good = _add(document, home, "The envoy left", "--tag", "energy")
    _flip_tags(home, bad, damage)
    with sqlite3.connect(_database(home)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite sees nothing wrong

    listing = _run("annotations", "list", home=home)
    assert listing.returncode == 1
    assert "The envoy left" in listing.stdout.decode() and good[:8] in listing.stdout.decode()
    assert f"annotation {bad}" in listing.stderr.decode() and "annotations repair" in listing.stderr.decode()
    for fmt in ("md", "json", "csv"):
        export = _run("annotations", "export", "--format", fmt, home=home)
        assert export.returncode == 1 and "The envoy left" in export.stdout.decode()
    exported = json.loads(_run("annotations", "export", "--format", "json", home=home).stdout)
    assert exported["total"] == 1

    repaired = _run("annotations", "repair", home=home)
    assert repaired.returncode == 0 and bad in repaired.stdout.decode()
    assert list(_database(home).parent.glob("annotations.sqlite3.damaged-*.json"))  # the raw row is kept
    listing = _run("annotations", "list", home=home)
    assert listing.returncode == 0 and "Officials met" in listing.stdout.decode()


MALFORMED = {
    "body-numbers": ({"body": [1, 2]}, "body[] should be an object"),
    "selector-text": ({"target": {"source": "file:///x.md", "selector": "x"}}, "target.selector should be a list"),
    "start-huge": ({"target": {"source": "file:///x.md", "selector": [
        {"type": "TextQuoteSelector", "exact": "minister"},
        {"type": "TextPositionSelector", "start": 10**30, "end": 10**30 + 8}]}}, "TextPositionSelector.start is out of range"),
    "start-text": ({"target": {"source": "file:///x.md", "selector": [
        {"type": "TextQuoteSelector", "exact": "minister"},
        {"type": "TextPositionSelector", "start": "4"}]}}, "TextPositionSelector.start should be a whole number"),
    "exact-number": ({"target": {"source": "file:///x.md", "selector": [
        {"type": "TextQuoteSelector", "exact": 5}]}}, "TextQuoteSelector.exact should be text"),
    "creator-list": ({"creator": [[1]]}, "creator should be text"),
    "id-object": ({"id": {"a": 1}}, "id should be text"),
}


def _item(**changes) -> dict:
    item = {
        "type": "Annotation", "id": "urn:uuid:good-1",
        "target": {"source": "file:///x.md", "selector": [{"type": "TextQuoteSelector", "exact": "minister"}]},
    }
    item.update(changes)
    return item


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_item_is_rejected_whole_with_its_field_named(tmp_path, home, case) -> None:
    changes, message = MALFORMED[case]
    items = [_item(id="urn:uuid:good-1"), _item(**{"id": "urn:uuid:bad-2", **changes})]
    file = tmp_path / "import.json"
    file.write_text(json.dumps({"type": "AnnotationPage", "items": items}))
    result = _run("annotations", "import", file, home=home)
    assert result.returncode == 1
    assert "annotation 2" in result.stderr.decode() and message in result.stderr.decode()
    assert "1 added" in result.stdout.decode() and "1 rejected" in result.stdout.decode()
    ids = [a["id"] for a in json.loads(_run("annotations", "list", "--json", home=home).stdout)]
    assert ids == ["good-1"]  # nothing of the rejected item


@pytest.mark.parametrize("text, message", [
    ('{"type": "AnnotationPage", "items": 5}', "items should be a list"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('[{"type": "Annotation", "x": Infinity}]', "Infinity is not a number JSON allows"),
    ('{"type": "Annotation"', "not JSON"),
    ("[1, 2]", "annotation 1: not a W3C Annotation"),
])
def test_malformed_files_give_a_message_not_a_traceback(tmp_path, home, text, message) -> None:
    file = tmp_path / "import.json"
    file.write_text(text)
    result = _run("annotations", "import", file, home=home)
    assert result.returncode == 1 and message in result.stderr.decode()


def test_imported_fields_are_sanitised(tmp_path, home) -> None:
    hostile = "\x1b]2;PWNED\x1b\\ \u202e \ud800 \x9b"
    item = _item(id="urn:uuid:" + "id\x1b[2J")
    item["target"].update({"briefing:documentTitle": "T" + hostile, "briefing:documentPath": "/p" + hostile})
    item["target"]["selector"][0].update({"prefix": hostile, "suffix": hostile})
    item["creator"] = {"nickname": "me" + hostile}
    item["body"] = [{"purpose": "tagging", "value": "t" + hostile}, {"value": "note" + hostile}]
    file = tmp_path / "import.json"
    file.write_text(json.dumps([item]))
    assert _run("annotations", "import", file, home=home).returncode == 0
    for args in (["list"], ["list", "--json"], ["export"], ["export", "--format", "json"],
                 ["export", "--format", "csv"]):
        _run("annotations", *args, home=home)  # checked byte by byte in _run
    out = tmp_path / "out.md"
    _run("annotations", "export", "-o", out, home=home)
    assert_inert(out.read_bytes(), "export file")
    with sqlite3.connect(_database(home)) as connection:
        for row in connection.execute("SELECT * FROM annotations"):
            for value in row:
                if isinstance(value, str):
                    assert_inert(value, "stored field")
    deleted = _run("annotations", "delete", "id", home=home)
    assert deleted.returncode == 0 and "deleted id␛[2J" in deleted.stdout.decode()


def test_csv_cells_that_start_a_formula_are_quoted(document, home) -> None:
    _add(document, home, "=1+2 was", "--note", "+SUM(A1)", "--tag", "x")
    _add(document, home, "Officials met", "--note", "@cmd")
    rows = list(csv.reader(io.StringIO(_run("annotations", "export", "--format", "csv", home=home).stdout.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=1+2 was" in cells
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_a_file_name_that_is_not_utf8_can_be_annotated(tmp_path, home) -> None:
    raw = os.fsencode(tmp_path) + b"/talks-\xff.md"
    with open(raw, "wb") as handle:
        handle.write(TEXT.encode())
    result = _run("annotations", "add", raw, "--quote", "Officials met", home=home)
    assert result.returncode == 0
    listing = _run("annotations", "list", home=home, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert "talks-�.md:3" in listing.stdout.decode() and "[exact]" in listing.stdout.decode()


def test_export_streams_a_large_store(tmp_path, home, document) -> None:
    from tui.annotations.store import open_store
    from tui.loaders import load_document

    loaded = load_document(document)
    store = open_store(home / "data")
    for _ in range(300):
        store.add(loaded, 4, 11)
    store.close()
    exported = json.loads(_run("annotations", "export", "--format", "json", home=home).stdout)
    assert exported["total"] == 300 and len(exported["first"]["items"]) == 300


def test_a_writer_says_it_is_waiting_for_another_session(document, home) -> None:
    import threading

    _add(document, home, "Officials met")  # creates the store
    other = sqlite3.connect(_database(home), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(2.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        result = _run("annotations", "add", document, "--quote", "The envoy left", home=home)
    finally:
        release.join()
        other.close()
    assert result.returncode == 0
    assert "waiting for another briefing session to finish writing" in result.stderr.decode()


def test_a_read_only_data_folder_is_named_with_what_still_works(tmp_path, monkeypatch) -> None:
    from tui.annotations import store as store_module
    from tui.annotations.store import AnnotationStore

    monkeypatch.setattr(store_module, "_read_only", lambda path: True)
    store = AnnotationStore.__new__(AnnotationStore)
    store.path = tmp_path / "data" / "annotations.sqlite3"
    message = store._explain(sqlite3.OperationalError("unable to open database file"), "cannot open")
    assert "is read-only" in message and "reading, searching and exporting still work" in message
    assert "--data-dir" in message
