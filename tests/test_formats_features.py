"""PDF, DOCX and saved HTML work like Markdown: outline, search, extraction, annotations, cache."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")
pytest.importorskip("docx")

from tests.samples.articles import STRAIT, expected_text
from tests.samples.docxgen import make_docx
from tests.samples.htmlgen import make_html
from tests.samples.pdfgen import make_pdf
from tui.loaders import load_document

QUOTE = "demanded that Beijing withdraw its ships immediately"


def _make(kind: str, folder: Path) -> Path:
    if kind == "pdf":
        return make_pdf(folder / "strait.pdf", STRAIT, columns=2).path
    if kind == "docx":
        return make_docx(folder / "strait.docx", STRAIT)
    return make_html(folder / "strait.html", STRAIT, "news")


@pytest.fixture(params=["pdf", "docx", "html"])
def path(request, tmp_path: Path) -> Path:
    return _make(request.param, tmp_path)


def test_outline_and_sentences(path: Path) -> None:
    document = load_document(path)
    headings = [document.text[b.start : b.end] for b in document.blocks if b.kind == "heading"]
    assert headings[:4] == [STRAIT.title, "Overview", "Regional reactions", "Outlook"]
    assert any(QUOTE in document.text[s.start : s.end] for s in document.sentences)


def test_the_same_text_in_every_format(tmp_path: Path) -> None:
    texts = {kind: load_document(_make(kind, tmp_path)).text for kind in ("pdf", "docx", "html")}
    assert texts["pdf"] == expected_text(STRAIT)
    assert texts["docx"] == texts["html"] == expected_text(STRAIT, notes=False)


def test_search_finds_the_passage(path: Path) -> None:
    from tui.search.index import SearchIndex

    document = load_document(path)
    hits = SearchIndex.build([document]).search("coast gaurd vessels")  # with a typo
    assert hits and "coast guard vessels" in document.text[hits[0].start : hits[0].end]


def test_positions_are_extracted(path: Path) -> None:
    from tui.analysis import analyse

    document = load_document(path)
    analysis = analyse(document)
    holders = {position.holder for position in analysis.positions}
    assert {"JPN", "CHN"} <= holders
    for actor in analysis.actors:
        for mention in actor.mentions:
            assert document.text[mention.start : mention.end] == mention.text


def test_annotations_anchor_again_after_reopening(path: Path, tmp_path: Path) -> None:
    from tui.annotations import open_store
    from tui.model.cache import DocumentCache

    cache = DocumentCache(tmp_path / "cache")
    document = cache.load(path)
    cache.save()
    with open_store(tmp_path / "data") as store:
        store.add_quote(document, QUOTE, note="watch this", tags=["maritime"])
    again = DocumentCache(tmp_path / "cache").load(path)  # from the cache
    with open_store(tmp_path / "data") as store:
        [anchor] = store.for_document(again)
    assert anchor.status == "exact" and again.text[anchor.start : anchor.end] == QUOTE
