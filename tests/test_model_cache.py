"""The document cache: hits for unchanged files, never trusts a changed, corrupt or outdated entry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.loaders import load_document
from tui.model import cache as cachemod
from tui.model.cache import DocumentCache
from tui.model.corpus import load_corpus

MARKDOWN = """---
title: Steel tariffs
date: 2026-03-01
tags: [trade, eu]
---

# Steel tariffs

The **European Union** said it would respond to the [tariffs](https://example.org/t).

- China rejected the accusation.
- Brazil expressed concern.
"""


def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "b.md").write_text("# Gas\n\nThe ministers discussed gas imports.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Plain text about the grain corri-\ndor and its ship-\nments.\n", encoding="utf-8")
    (folder / "d.md").write_text("\x1b]2;owned\x07 a title escape\n\n---\nbroken: [front\n", encoding="utf-8")
    return folder


def same(a, b) -> None:
    assert a.text == b.text
    assert a.blocks == b.blocks
    assert a.meta == b.meta
    assert a.styles == b.styles
    assert a.problems == b.problems
    assert a.content_hash == b.content_hash
    assert a.path == b.path


def test_hit_gives_the_same_documents(tmp_path: Path, isolated_home: Path) -> None:
    folder = corpus_folder(tmp_path)
    fresh = load_corpus([folder])
    first = DocumentCache()
    for document in fresh.documents:
        same(first.load(document.path), document)
    assert first.misses == 4 and first.hits == 0
    first.save()
    assert list((isolated_home / "cache" / "documents").glob("documents-*.bin"))

    second = DocumentCache()
    for document in fresh.documents:
        same(second.load(document.path), document)
    assert second.hits == 4 and second.misses == 0

    cached = load_corpus([folder], use_cache=True)
    assert [d.path for d in cached.documents] == [d.path for d in fresh.documents]
    assert [str(p) for p in cached.problems] == [str(p) for p in fresh.problems]
    for a, b in zip(cached.documents, fresh.documents):
        same(a, b)


def test_a_changed_file_is_loaded_again(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path)
    cache = DocumentCache()
    cache.load(folder / "b.md")
    cache.save()
    path = folder / "b.md"
    stat = path.stat()
    # Same size, new content: only the modification time tells.
    path.write_text("# Oil\n\nThe ministers discussed oil imports.\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again = DocumentCache()
    document = again.load(path)
    assert "oil imports" in document.text and again.misses == 1
    again.save()
    third = DocumentCache()
    assert "oil imports" in third.load(path).text and third.hits == 1


def test_a_text_file_follows_its_folder(tmp_path: Path) -> None:
    """De-hyphenation reads the folder's words: a new file there invalidates plain-text entries."""
    folder = corpus_folder(tmp_path)
    cache = DocumentCache()
    cache.load(folder / "c.txt")
    cache.save()
    (folder / "e.md").write_text("Shipments of grain.\n", encoding="utf-8")
    again = DocumentCache()
    same(again.load(folder / "c.txt"), load_document(folder / "c.txt"))
    assert again.misses == 1


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_shard_is_ignored_and_rebuilt(tmp_path: Path, isolated_home: Path, damage: str) -> None:
    folder = corpus_folder(tmp_path)
    load_corpus([folder], use_cache=True)
    shards = sorted((isolated_home / "cache" / "documents").glob("documents-*.bin"))
    assert shards
    for shard in shards:
        data = shard.read_bytes()
        if damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "flip":
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1 :]
        elif damage == "garbage":
            data = os.urandom(len(data))
        else:
            data = b""
        shard.write_bytes(data)
    cache = DocumentCache()
    fresh = load_corpus([folder])
    for document in fresh.documents:
        same(cache.load(document.path), document)
    assert cache.hits == 0 and cache.misses == 4
    cache.save()
    again = DocumentCache()
    for document in fresh.documents:
        again.load(document.path)
    assert again.hits == 4


def test_an_entry_that_does_not_hold_together_is_not_trusted(tmp_path: Path) -> None:
    """A valid shard whose entry has offsets beyond its text (e.g. written by a bug) is reloaded."""
    folder = corpus_folder(tmp_path)
    cache = DocumentCache()
    path = folder / "a.md"
    document = cache.load(path)
    key = cache._key(path)
    shard = cache._shard(cache._shard_of(key))
    size, mtime_ns, extra, _ = shard[key]
    import marshal

    record = list(marshal.loads(shard[key][3]))
    record[2] = [(0, len(document.text) + 10, "paragraph", 0)]
    shard[key] = (size, mtime_ns, extra, marshal.dumps(tuple(record)))
    cache.save()
    again = DocumentCache()
    same(again.load(path), load_document(path))
    assert again.misses == 1


def test_a_loader_version_bump_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path)
    load_corpus([folder], use_cache=True)
    again = DocumentCache()
    again.load(folder / "a.md")
    assert again.hits == 1
    monkeypatch.setattr(cachemod, "LOADER_VERSION", cachemod.LOADER_VERSION + 1)
    bumped = DocumentCache()
    bumped.load(folder / "a.md")
    assert bumped.hits == 0 and bumped.misses == 1


def test_load_errors_are_not_cached(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path)
    (folder / "bin.md").write_bytes(b"\x00\x01binary")
    first = load_corpus([folder], use_cache=True)
    second = load_corpus([folder], use_cache=True)
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems]
    assert any("binary" in str(p) for p in second.problems)


def test_a_read_only_cache_folder_only_costs_time(tmp_path: Path, isolated_home: Path) -> None:
    folder = corpus_folder(tmp_path)
    blocked = isolated_home / "cache"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder")
    corpus = load_corpus([folder], use_cache=True)
    assert len(corpus.documents) == 4


def test_concurrent_writers_leave_a_valid_shard(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path)
    one, two = DocumentCache(shards=1), DocumentCache(shards=1)
    one.load(folder / "a.md")
    two.load(folder / "b.md")
    one.save()
    two.save()  # merges what the first one wrote
    third = DocumentCache(shards=1)
    third.load(folder / "a.md")
    third.load(folder / "b.md")
    assert third.hits == 2
    assert not list((folder.parent).glob("**/.documents-*"))
