"""The search index cache: reused when valid, partly re-indexed on change, rebuilt when corrupt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.model.corpus import load_corpus
from tui.search import load_or_build
from tui.search.cache import cache_file, read_index


def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, topic in enumerate(["steel tariffs", "water cannon", "gas imports", "grain corridor"]):
        (folder / f"doc{i}.md").write_text(
            f"---\ntitle: Briefing {i} on {topic}\ndate: 2026-0{i + 1}-01\n---\n\n"
            f"The ministers discussed {topic} at length.\n\nA second paragraph about {topic}.\n",
            encoding="utf-8",
        )
    return folder


def load(folder: Path):
    return load_corpus([folder]).documents


def results(index, query):
    return [(h.title, h.start, h.end, h.matches) for h in index.search(query, limit=20)]


def test_uses_the_user_cache_folder(tmp_path: Path, isolated_home: Path):
    documents = load(corpus_folder(tmp_path))
    index = load_or_build(documents)
    assert index.origin == "built" and index.reindexed == 4
    path = cache_file(documents)
    assert path.is_file() and isolated_home / "cache" / "search" in path.parents
    again = load_or_build(load(tmp_path / "corpus"))
    assert again.origin == "cache" and again.reindexed == 0
    assert results(again, "water canon") == results(index, "water canon")


def test_changed_file_is_reindexed_others_reused(tmp_path: Path):
    folder = corpus_folder(tmp_path)
    load_or_build(load(folder), cache_dir=tmp_path / "cache")
    (folder / "doc1.md").write_text(
        "---\ntitle: Briefing 1 revised\n---\n\nThe coast guard used a fire hose.\n", encoding="utf-8"
    )
    (folder / "doc4.md").write_text("# New briefing\n\nFisheries talks resumed.\n", encoding="utf-8")
    (folder / "doc3.md").unlink()
    documents = load(folder)
    index = load_or_build(documents, cache_dir=tmp_path / "cache")
    assert index.origin == "updated" and index.reindexed == 2  # doc1 changed, doc4 new
    assert not index.search("cannon") and not index.search("corridor")
    assert index.search("fire hose")[0].title == "Briefing 1 revised"
    assert index.search("fisheries")[0].title == "New briefing"
    # Reused documents search exactly as a fresh build does.
    from tui.search import SearchIndex

    fresh = SearchIndex.build(documents)
    for query in ["steel", "gas imprts", "ministers discussed", "briefing", "^briefing 0"]:
        assert results(index, query) == results(fresh, query)
    assert load_or_build(documents, cache_dir=tmp_path / "cache").origin == "cache"


def test_metadata_change_is_noticed(tmp_path: Path):
    folder = corpus_folder(tmp_path)
    load_or_build(load(folder), cache_dir=tmp_path / "cache")
    path = folder / "doc2.md"
    path.write_text(path.read_text().replace("date: 2026-03-01", "date: 2025-12-24"), encoding="utf-8")
    index = load_or_build(load(folder), cache_dir=tmp_path / "cache")
    assert index.reindexed == 1
    assert [h.title for h in index.search("date:2025-12")] == ["Briefing 2 on gas imports"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-40] + bytes(40),  # zeroed tail
        lambda data: data[:200] + bytes([data[200] ^ 0xFF]) + data[201:],  # one flipped byte
        lambda data: data[:8] + (99).to_bytes(4, "little") + data[12:],  # another format version
        lambda data: b"garbage",
        lambda data: b"",
    ],
)
def test_corrupt_cache_is_rebuilt(tmp_path: Path, damage):
    folder = corpus_folder(tmp_path)
    documents = load(folder)
    built = load_or_build(documents, cache_dir=tmp_path / "cache")
    path = cache_file(documents, tmp_path / "cache")
    path.write_bytes(damage(path.read_bytes()))
    index = load_or_build(load(folder), cache_dir=tmp_path / "cache")
    assert index.origin == "built" and index.reindexed == 4
    assert results(index, "steel tarifs") == results(built, "steel tarifs")
    read_index(path)  # rewritten, readable again


def test_unwritable_cache_still_searches(tmp_path: Path):
    folder = corpus_folder(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    index = load_or_build(load(folder), cache_dir=blocker / "search")
    assert index.search("grain")


def test_document_ids_match_the_model(tmp_path: Path):
    from tui.search.cache import document_ids

    folder = corpus_folder(tmp_path)
    (tmp_path / "link.md").symlink_to(folder / "doc0.md")
    (tmp_path / "linked-folder").symlink_to(folder)
    documents = load_corpus([folder, tmp_path / "link.md", tmp_path / "linked-folder" / "doc1.md"]).documents
    assert document_ids(documents) == [d.id for d in documents]
