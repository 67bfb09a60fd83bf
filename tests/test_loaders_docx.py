"""Word documents generated with python-docx: canonical text, blocks, metadata, limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

pytest.importorskip("docx")

from tests.samples.articles import SAHEL, STRAIT, expected_text
from tests.samples.docxgen import make_docx
from tui.loaders import LoadError, load_document
from tui.model.sanitize import is_safe


@pytest.mark.parametrize("article", [STRAIT, SAHEL], ids=["strait", "sahel"])
def test_canonical_text_is_the_article(tmp_path: Path, article) -> None:
    document = load_document(make_docx(tmp_path / "a.docx", article))
    assert document.text == expected_text(article, notes=False)


def test_blocks_and_metadata(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "a.docx", STRAIT))
    kinds = [(b.kind, b.level, document.text[b.start : b.end]) for b in document.blocks]
    assert kinds[0] == ("heading", 1, STRAIT.title)
    assert ("heading", 2, "Overview") in kinds
    assert [k[2] for k in kinds if k[0] == "list_item"] == STRAIT.items
    assert [k[2] for k in kinds if k[0] == "table"] == ["\n".join(" | ".join(r) for r in STRAIT.table)]
    assert (document.meta.title, document.meta.source, document.meta.date) == (
        STRAIT.title, STRAIT.author, STRAIT.date)


def test_title_falls_back_to_the_title_paragraph(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "a.docx", SAHEL, properties=False))
    assert document.meta.title == SAHEL.title


def test_actors_are_found(tmp_path: Path) -> None:
    from tui.analysis import analyse

    document = load_document(make_docx(tmp_path / "a.docx", SAHEL))
    assert {"FRA", "MLI", "NGA", "RUS"} <= {actor.id for actor in analyse(document).actors}


def test_controls_are_made_visible(tmp_path: Path) -> None:
    import docx

    word = docx.Document()  # XML forbids C0 controls; C1 (CSI) and bidi overrides pass
    word.core_properties.title = "T\x9b2J\u202e"
    word.core_properties.author = "\x9d0;x\x9c"
    word.add_paragraph("Body \x9b2J text \u202e")
    path = tmp_path / "evil.docx"
    word.save(str(path))
    document = load_document(path)
    assert is_safe(document.meta.source)
    assert is_safe(document.text) and is_safe(document.meta.title)


def test_not_a_docx_and_a_zip_bomb_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(LoadError, match="not a zip"):
        load_document(fake)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(LoadError, match="suspicious"):
        load_document(bomb)


def test_docx_is_cached(tmp_path: Path) -> None:
    from tui.model.cache import DocumentCache

    path = make_docx(tmp_path / "a.docx", STRAIT)
    DocumentCache(tmp_path / "c").load(path)
    cache = DocumentCache(tmp_path / "c")
    cache.load(path)
    first = DocumentCache(tmp_path / "c2")
    first.load(path)
    first.save()
    again = DocumentCache(tmp_path / "c2")
    again.load(path)
    assert again.hits == 1


def test_without_a_title_paragraph_heading_1_is_the_top(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_heading("Ceasefire Talks", 1)
    word.add_paragraph("The government of Colombia said the talks would resume on Monday.")
    word.add_heading("Details", 2)
    word.add_paragraph("Venezuela offered to host the next round.", style="List Number")
    path = tmp_path / "plain.docx"
    word.save(str(path))
    document = load_document(path)
    assert [(b.kind, b.level) for b in document.blocks] == [
        ("heading", 1), ("paragraph", 0), ("heading", 2), ("list_item", 1)]
    assert document.meta.title == "Ceasefire Talks"


def test_an_oversized_xml_part_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders.docx as loader

    monkeypatch.setattr(loader, "MAX_XML_PART", 1000)
    with pytest.raises(LoadError, match="XML part"):
        load_document(make_docx(tmp_path / "a.docx", STRAIT))
