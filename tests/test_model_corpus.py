"""Corpus discovery and loading: every problem named by file, the rest still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.model.corpus import discover, load_corpus
from tui.model.document import Block, Document, Span


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("# A\n\nBody.\n")
    (root / "sub" / "b.txt").write_text("B title\n\nBody.\n")
    (root / ".hidden.md").write_text("# hidden\n")
    (root / ".git").mkdir()
    (root / ".git" / "c.md").write_text("# in a hidden folder\n")
    (root / "notes.rst").write_text("not a briefing\n")
    return root


def names(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def test_discovery_skips_hidden_and_unsupported_files(corpus_dir: Path) -> None:
    problems: list = []
    assert names(discover([corpus_dir], problems)) == ["a.md", "b.txt"]
    assert problems == []


def test_duplicates_through_two_paths_load_once(corpus_dir: Path) -> None:
    (corpus_dir.parent / "alias").symlink_to(corpus_dir)
    problems: list = []
    found = discover([corpus_dir, corpus_dir / "a.md", corpus_dir.parent / "alias" / "a.md"], problems)
    assert names(found) == ["a.md", "b.txt"]


def test_symlink_loop_and_broken_link_are_named_problems(corpus_dir: Path) -> None:
    (corpus_dir / "loop.md").symlink_to(corpus_dir / "loop.md")
    (corpus_dir / "broken.md").symlink_to(corpus_dir / "missing.md")
    (corpus_dir / "sub" / "up").symlink_to(corpus_dir)  # a folder loop is never walked
    corpus = load_corpus([corpus_dir])
    assert sorted(d.path.name for d in corpus.documents) == ["a.md", "b.txt"]
    reasons = {p.path.name: p.message for p in corpus.problems}
    assert reasons == {"loop.md": "symbolic link loop", "broken.md": "broken symbolic link"}
    assert all(p.fatal for p in corpus.problems)


def test_missing_path_given_directly(tmp_path: Path) -> None:
    corpus = load_corpus([tmp_path / "nope.md"])
    assert [str(p) for p in corpus.problems] == [f"{tmp_path / 'nope.md'}: no such file or folder"]


def test_bad_files_do_not_stop_the_corpus(corpus_dir: Path) -> None:
    (corpus_dir / "binary.txt").write_bytes(b"\x00\x01\x02")
    (corpus_dir / "latin1.txt").write_bytes(b"Caf\xe9\n\nText.\n")
    (corpus_dir / "empty.md").write_bytes(b"")
    corpus = load_corpus([corpus_dir])
    assert sorted(d.path.name for d in corpus.documents) == ["a.md", "b.txt", "empty.md", "latin1.txt"]
    by_name = {p.path.name: p for p in corpus.problems}
    assert by_name["binary.txt"].fatal and "binary" in by_name["binary.txt"].message
    assert not by_name["latin1.txt"].fatal and "UTF-8" in by_name["latin1.txt"].message
    assert by_name["empty.md"].message == "the file is empty"


def test_unexpected_loader_failure_is_a_problem(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders

    real = tui.loaders.load_document

    def flaky(path: Path) -> Document:
        if path.name == "a.md":
            raise KeyError("boom")
        return real(path)

    monkeypatch.setattr(tui.loaders, "load_document", flaky)
    corpus = load_corpus([corpus_dir])
    assert [d.path.name for d in corpus.documents] == ["b.txt"]
    assert "KeyError" in corpus.problems[0].message


def test_document_lookups_and_hash(tmp_path: Path) -> None:
    text = "Title\n\nOne. Two.\n"
    document = Document(tmp_path / "x.txt", text, [Block(0, 5, "heading", 1), Block(7, 16, "paragraph")])
    assert document.block_at(8).kind == "paragraph" and document.block_at(6) is None
    assert document.sentence_at(12) == Span(12, 16, "sentence")
    assert document.sentence_at(11) is None
    assert len(document.content_hash) == 64
    assert document.title == "x"


def test_document_repr_is_short(tmp_path) -> None:
    """Worker descriptions repr their arguments: a document must not repr its whole text."""
    from tui.loaders import load_document

    path = tmp_path / "long.txt"
    path.write_text("Title\n\n" + "word " * 100_000)
    assert len(repr(load_document(path))) < 200
