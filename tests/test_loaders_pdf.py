"""PDFs generated with reportlab: canonical text, page furniture, columns, limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from tests.samples.articles import SAHEL, STRAIT, expected_text, long_report
from tests.samples.pdfgen import A4, expected_breaks_ok, make_pdf
from tui.loaders import LoadError, load_document
from tui.model.sanitize import is_safe

FURNITURE = re.compile(r"Regional Briefing|Restricted distribution|March 2026|Page \d|- \d+ -|^\d+$", re.M)


@pytest.mark.parametrize("article", [STRAIT, SAHEL], ids=["strait", "sahel"])
@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("labels", ["dash", "of", "bare"])
def test_canonical_text_is_the_article(tmp_path: Path, article, columns: int, labels: str) -> None:
    result = make_pdf(tmp_path / "a.pdf", article, columns=columns, labels=labels)
    assert result.pages >= 2
    document = load_document(result.path)
    assert document.text == expected_text(article)
    assert not FURNITURE.search(document.text)
    right, total = expected_breaks_ok(document.text, result.breaks)
    assert total and right == total


def test_blocks_are_headings_paragraphs_list_items_and_a_table(tmp_path: Path) -> None:
    document = load_document(make_pdf(tmp_path / "a.pdf", STRAIT, columns=2).path)
    kinds = [(b.kind, b.level, document.text[b.start : b.end]) for b in document.blocks]
    assert kinds[0] == ("heading", 1, STRAIT.title)
    assert ("heading", 2, "Overview") in kinds
    assert [k[2] for k in kinds if k[0] == "list_item"] == STRAIT.items
    tables = [k[2] for k in kinds if k[0] == "table"]
    assert tables == ["Country | Vessels | Days\nChina | 14 | 4\nJapan | 9 | 4\nPhilippines | 3 | 2"]
    assert document.sentences and all(is_safe(document.text[s.start : s.end]) for s in document.sentences)


def test_metadata_from_the_info_dictionary(tmp_path: Path) -> None:
    document = load_document(make_pdf(tmp_path / "a.pdf", SAHEL).path)
    assert (document.meta.title, document.meta.date, document.meta.source) == (
        SAHEL.title, SAHEL.date, SAHEL.author)


def test_title_falls_back_to_the_first_heading(tmp_path: Path) -> None:
    document = load_document(make_pdf(tmp_path / "a.pdf", STRAIT, info=False).path)
    assert document.meta.title == STRAIT.title


def test_a_long_two_column_report_reads_in_order(tmp_path: Path) -> None:
    article = long_report(60)
    result = make_pdf(tmp_path / "long.pdf", article, columns=2, labels="of", size=A4)
    assert result.pages >= 20
    document = load_document(result.path)
    assert document.text == expected_text(article)
    right, total = expected_breaks_ok(document.text, result.breaks)
    assert right >= 0.99 * total


def test_actors_are_found_in_a_pdf(tmp_path: Path) -> None:
    from tui.analysis import analyse

    document = load_document(make_pdf(tmp_path / "a.pdf", STRAIT, columns=2).path)
    found = {actor.id for actor in analyse(document).actors}
    assert {"JPN", "CHN", "PHL", "USA", "KOR"} <= found


def _blank_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.rect(100, 100, 300, 500, fill=1)  # a scanned page: an image, no text
        pdf.showPage()
    pdf.save()
    return path


def test_a_scan_without_text_says_to_ocr_it(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no text layer.*OCR"):
        load_document(_blank_pdf(tmp_path / "scan.pdf"))


def _encrypted(path: Path, user: str) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="owner", strength=128))
    pdf.drawString(72, 700, "Brief Note")
    pdf.drawString(72, 680, "The government of Chile said the talks would resume.")
    pdf.showPage()
    pdf.save()
    return path


def test_encrypted_with_an_empty_password_opens(tmp_path: Path) -> None:
    document = load_document(_encrypted(tmp_path / "open.pdf", ""))
    assert "government of Chile" in document.text


def test_encrypted_with_a_password_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="encrypted"):
        load_document(_encrypted(tmp_path / "locked.pdf", "secret"))


def test_not_a_pdf_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    with pytest.raises(LoadError, match="PDF|no pages"):
        load_document(path)


def test_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders.pdf as pdf

    monkeypatch.setattr(pdf, "TIMEOUT", 0.001)
    with pytest.raises(LoadError, match="longer than"):
        load_document(make_pdf(tmp_path / "a.pdf", STRAIT).path)


def test_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders.pdf as pdf

    monkeypatch.setattr(pdf, "MEMORY_BYTES", 40 * 1024 * 1024)  # less than the reader needs
    with pytest.raises(LoadError, match="memory"):
        load_document(make_pdf(tmp_path / "a.pdf", STRAIT).path)


def test_page_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    document = load_document(make_pdf(tmp_path / "a.pdf", STRAIT).path)
    assert any("only the first 1 of 2 pages" in problem for problem in document.problems)


def test_controls_in_text_and_metadata_are_made_visible(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "evil.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setTitle("Title \x1b]2;owned\x07")
    pdf.setAuthor("\x1b[2J")
    pdf.drawString(72, 700, "Text with \x1b[31m escape")
    pdf.showPage()
    pdf.save()
    document = load_document(path)
    assert is_safe(document.text) and is_safe(document.meta.title) and is_safe(document.meta.source)


def test_parsed_pdf_is_cached(tmp_path: Path) -> None:
    from tui.model.cache import DocumentCache

    path = make_pdf(tmp_path / "a.pdf", STRAIT).path
    first = DocumentCache(tmp_path / "cache")
    text = first.load(path).text
    first.save()
    again = DocumentCache(tmp_path / "cache")
    assert again.load(path).text == text and again.hits == 1


def test_cat_prints_the_canonical_text(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = make_pdf(tmp_path / "a.pdf", SAHEL).path
    out = subprocess.run([sys.executable, "-m", "tui", "cat", str(path)], capture_output=True, text=True, check=True)
    assert out.stdout == expected_text(SAHEL)


TEXT_OP = b"BT /F1 12 Tf 72 700 Td (The government of Chile said the talks would resume.) Tj ET\n"


def test_a_hand_written_pdf_loads(tmp_path: Path) -> None:
    import zlib

    from tests.samples.pdfgen import raw_pdf

    path = tmp_path / "hand.pdf"
    path.write_bytes(raw_pdf(zlib.compress(TEXT_OP)))
    assert load_document(path).text == "The government of Chile said the talks would resume.\n"


def test_a_decompression_bomb_is_bounded(tmp_path: Path) -> None:
    import time

    from tests.samples.pdfgen import deflate_bomb, raw_pdf

    path = tmp_path / "bomb.pdf"
    path.write_bytes(raw_pdf(deflate_bomb(TEXT_OP, 200)))
    started = time.monotonic()
    with pytest.raises(LoadError, match="could not be read|limit"):
        load_document(path)
    assert time.monotonic() - started < 30


def test_deep_nesting_is_reported(tmp_path: Path) -> None:
    import zlib

    from tests.samples.pdfgen import raw_pdf

    path = tmp_path / "deep.pdf"
    path.write_bytes(raw_pdf(zlib.compress(TEXT_OP), extra=b"/X " + b"[" * 100_000 + b"]" * 100_000 + b" "))
    with pytest.raises(LoadError, match="PDF|nested|could not be read"):
        load_document(path)


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("words", [True, "split"])
def test_words_placed_one_by_one_make_the_same_text(tmp_path: Path, columns: int, words) -> None:
    result = make_pdf(tmp_path / "w.pdf", STRAIT, columns=columns, words=words)
    assert load_document(result.path).text == expected_text(STRAIT)


def test_ligatures_and_hyphen_variants_from_runs() -> None:
    from tui.loaders.pdf import build_document

    runs = [
        [72, 700, 16, True, "A Brief"],
        [72, 670, 10, False, "The ﬁrst oﬃcial state\u2010"],
        [72, 657, 10, False, "ment came from Chile."],
        [72, 630, 10, False, "\x95 an item"],
    ]
    document = build_document(Path("x.pdf"), [[595, 842, runs]], {})
    assert document.text == "A Brief\n\nThe first official statement came from Chile.\n\nan item\n"
    assert [b.kind for b in document.blocks] == ["heading", "paragraph", "list_item"]


@pytest.mark.parametrize("labels", ["dash", "of", "bare"])
def test_facing_pages_headers_change_sides_and_height(tmp_path: Path, labels: str) -> None:
    article = long_report(8)
    result = make_pdf(tmp_path / "facing.pdf", article, alternate=True, labels=labels)
    assert result.pages >= 6
    document = load_document(result.path)
    assert document.text == expected_text(article)


def test_text_per_file_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_PDF_MAX_CHARS", "2000")
    document = load_document(make_pdf(tmp_path / "a.pdf", long_report(6)).path)
    assert any("the text stops at page" in problem for problem in document.problems)


@pytest.mark.parametrize("columns", [1, 2])
def test_a_one_page_pdf_loses_its_header_and_footer(tmp_path: Path, columns: int) -> None:
    result = make_pdf(tmp_path / "one.pdf", STRAIT, columns=columns, size=A4)
    assert result.pages == 1
    assert load_document(result.path).text == expected_text(STRAIT)
