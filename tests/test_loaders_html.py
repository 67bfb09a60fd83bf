"""Saved web pages generated around an article: only the article, with its structure and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("readability")

from tests.samples.articles import SAHEL, STRAIT, expected_text
from tests.samples.htmlgen import BOILERPLATE, TEMPLATES, make_html
from tui.loaders import load_document
from tui.model.sanitize import is_safe


@pytest.mark.parametrize("article", [STRAIT, SAHEL], ids=["strait", "sahel"])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_only_the_article_is_kept(tmp_path: Path, article, template: str) -> None:
    document = load_document(make_html(tmp_path / "page.html", article, template))
    assert document.text == expected_text(article, notes=False)
    assert [b for b in BOILERPLATE if b in document.text] == []
    assert (document.meta.title, document.meta.date, document.meta.source) == (
        article.title, article.date, article.source)


def test_blocks_keep_headings_lists_and_tables(tmp_path: Path) -> None:
    document = load_document(make_html(tmp_path / "page.htm", STRAIT, "blog"))
    kinds = [(b.kind, document.text[b.start : b.end]) for b in document.blocks]
    assert kinds[0] == ("heading", STRAIT.title)
    assert ("heading", "Overview") in kinds
    assert [text for kind, text in kinds if kind == "list_item"] == STRAIT.items
    assert [text for kind, text in kinds if kind == "table"] == ["\n".join(" | ".join(r) for r in STRAIT.table)]


def test_scripts_and_styles_are_never_shown(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(
        "<html><head><title>Brief</title></head><body><article><h1>Brief</h1>"
        "<p>The government of Chile said the negotiations with Argentina would resume in March.</p>"
        "<script>var secret = 'tracking-code';</script><style>p { color: red }</style>"
        "<p>Argentina welcomed the announcement and said its delegation was ready to travel.</p>"
        "<noscript>Enable JavaScript</noscript></article></body></html>"
    )
    document = load_document(page)
    assert "tracking-code" not in document.text and "color" not in document.text
    assert "Enable JavaScript" not in document.text
    assert "Argentina welcomed" in document.text


def test_title_from_the_title_element_and_date_from_time(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(
        "<html><head><title>Talks Resume | Example Daily</title>"
        "<meta property='og:site_name' content='Example Daily'></head><body><article>"
        "<time datetime='2026-01-20T10:00'>20 January</time>"
        "<p>The government of Chile said the negotiations with Argentina would resume in March.</p>"
        "</article></body></html>"
    )
    document = load_document(page)
    assert (document.meta.title, document.meta.date, document.meta.source) == (
        "Talks Resume", "2026-01-20", "Example Daily")


def test_entities_decoding_to_controls_are_made_visible(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(
        "<html><head><title>T&#27;]2;owned&#7;</title><meta name='author' content='&#x9b;2J'></head>"
        "<body><article><p>The government of Chile said &#27;[2J the talks would resume in March, "
        "and Argentina agreed.</p></article></body></html>"
    )
    document = load_document(page)
    assert is_safe(document.text) and is_safe(document.meta.title) and is_safe(document.meta.source)


def test_legacy_charset_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_bytes(
        b"<html><head><meta charset='windows-1252'><title>Caf\xe9</title></head><body><article>"
        b"<p>The foreign ministry of France said the caf\xe9 talks in S\xe8te would continue next week.</p>"
        b"</article></body></html>"
    )
    document = load_document(page)
    assert "caf\u00e9 talks in S\u00e8te" in document.text


def test_actors_are_found(tmp_path: Path) -> None:
    from tui.analysis import analyse

    document = load_document(make_html(tmp_path / "p.html", STRAIT, "plain"))
    assert {"JPN", "CHN", "PHL", "USA", "KOR"} <= {actor.id for actor in analyse(document).actors}


def test_a_large_page_is_walked_without_readability(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders.html as html

    monkeypatch.setattr(html, "READABILITY_MAX_CHARS", 1000)
    document = load_document(make_html(tmp_path / "p.html", STRAIT, "news"))
    assert any("page is large" in problem for problem in document.problems)
    assert "Subscribe now" not in document.text  # nav, header, footer and aside are still skipped
    assert STRAIT.sections[0][1][1] in document.text


def test_a_saved_pages_asset_folder_is_not_a_corpus(tmp_path: Path) -> None:
    from tui.model.corpus import discover

    make_html(tmp_path / "Talks.html", STRAIT)
    (tmp_path / "Talks_files").mkdir()
    (tmp_path / "Talks_files" / "ad-frame.html").write_text("<p>Buy now</p>")
    (tmp_path / "Other_files").mkdir()  # no page of that name: an ordinary folder
    (tmp_path / "Other_files" / "note.md").write_text("# Note\n")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in discover([tmp_path], []))
    assert found == ["Other_files/note.md", "Talks.html"]


def test_paragraphs_set_apart_by_line_breaks(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(
        "<html><head><title>Note</title></head><body><div id='content'>"
        "The government of Chile said the negotiations with Argentina<br>would resume in March."
        "<br><br>Argentina welcomed the announcement and said its delegation was ready to travel."
        "</div></body></html>"
    )
    document = load_document(page)
    assert document.text.split("\n\n")[1:] == [
        "The government of Chile said the negotiations with Argentina would resume in March.",
        "Argentina welcomed the announcement and said its delegation was ready to travel.\n",
    ]


def test_loose_text_between_blocks_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(
        "<html><head><title>Note</title></head><body><article>"
        "The government of Chile said the negotiations with Argentina would resume in March."
        "<p>Argentina welcomed the announcement and said its delegation was ready to travel.</p>"
        "Brazil offered to host the meeting in its capital if both parties agreed to it."
        "</article></body></html>"
    )
    text = load_document(page).text
    assert "Chile said the negotiations" in text and "Brazil offered to host" in text


def test_nested_list_items_keep_their_depth() -> None:
    import lxml.html

    from tui.loaders.html import _walk

    tree = lxml.html.fragment_fromstring(
        "<ul><li>Chile: talks in March<ul><li>first round in Santiago</li></ul> then Buenos Aires</li></ul>",
        create_parent="div")
    blocks: list = []
    _walk(tree, blocks)
    assert blocks == [("Chile: talks in March then Buenos Aires", "list_item", 1),
                      ("first round in Santiago", "list_item", 2)]
