"""Markdown: clean canonical text, exact style spans, blocks, front matter, deep nesting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.loaders.markdown import parse_markdown


def parse(text: str):
    return parse_markdown(Path("doc.md"), text)


def block_texts(document) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, document.text[b.start : b.end]) for b in document.blocks]


def test_front_matter_fills_metadata_with_date_objects_and_tag_lists() -> None:
    document = parse("---\ntitle: Talks\ndate: 2026-02-14\nsource: Monitor\ntags: [trade, EU]\n---\n\nBody.\n")
    assert (document.meta.title, document.meta.date, document.meta.source) == ("Talks", "2026-02-14", "Monitor")
    assert document.meta.tags == ("trade", "EU")
    assert document.text == "Body.\n"
    assert document.problems == []


@pytest.mark.parametrize(
    ("tags", "expected"),
    [("trade, EU , ", ("trade", "EU")), ("5", ("5",)), ("", ()), ("[a, 2026-01-01]", ("a", "2026-01-01"))],
)
def test_tags_as_comma_string_scalar_or_list(tags: str, expected: tuple[str, ...]) -> None:
    assert parse(f"---\ntags: {tags}\n---\nBody.\n").meta.tags == expected


def test_datetime_front_matter_becomes_a_date() -> None:
    assert parse("---\ndate: 2026-02-14 10:30:00\n---\nx\n").meta.date == "2026-02-14"


@pytest.mark.parametrize(
    "front", ["title: [unclosed\n", "- just\n- a list\n", "date: 2026-13-45\n", "title: x\n  bad: indent\n"]
)
def test_malformed_front_matter_is_kept_as_text_with_a_problem(front: str) -> None:
    document = parse(f"---\n{front}---\n\n# Heading\n\nBody.\n")
    assert document.problems and "front matter" in document.problems[0]
    assert front.strip().splitlines()[0] in document.text
    assert document.meta.title == "Heading"
    assert "Body." in document.text


def test_unclosed_front_matter_is_reported_and_kept() -> None:
    document = parse("---\ntitle: Talks\n\nBody text.\n")
    assert any("never closed" in problem for problem in document.problems)
    assert "title: Talks" in document.text and "Body text." in document.text


def test_inline_markup_leaves_clean_text_and_exact_style_spans() -> None:
    document = parse("Say **bold** and *em* with `code`, ~~gone~~ and [a link](https://example.org/x).\n")
    text = document.text
    assert text == "Say bold and em with code, gone and a link.\n"
    styles = {(s.kind, text[s.start : s.end], s.data) for s in document.styles}
    assert styles == {
        ("strong", "bold", None),
        ("emphasis", "em", None),
        ("code", "code", None),
        ("strike", "gone", None),
        ("link", "a link", "https://example.org/x"),
    }


def test_link_url_is_kept_as_written() -> None:
    document = parse("[x](https://bücher.example/ä?q=1)\n")
    assert document.styles[0].data == "https://bücher.example/ä?q=1"


def test_nested_styles() -> None:
    document = parse("***both*** and **strong *inner***\n")
    spans = sorted((s.kind, document.text[s.start : s.end]) for s in document.styles)
    assert spans == [("emphasis", "both"), ("emphasis", "inner"), ("strong", "both"), ("strong", "strong inner")]


def test_blocks_headings_lists_quotes_code_table() -> None:
    source = (
        "# Title\n\nIntro.\n\n- one\n  - two\n    - three\n1. first\n\n> quoted\n>> deeper\n\n"
        "```\ncode here\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    document = parse(source)
    assert block_texts(document) == [
        ("heading", 1, "Title"),
        ("paragraph", 0, "Intro."),
        ("list_item", 1, "one"),
        ("list_item", 2, "two"),
        ("list_item", 3, "three"),
        ("list_item", 1, "first"),
        ("quote", 1, "quoted"),
        ("quote", 2, "deeper"),
        ("code", 0, "code here"),
        ("table", 0, "a | b\n1 | 2"),
    ]
    assert document.meta.title == "Title"


def test_title_falls_back_to_the_file_name() -> None:
    assert parse_markdown(Path("eu-steel_talks.md"), "Just text.\n").meta.title == "eu steel talks"


@pytest.mark.parametrize(
    "source",
    [
        "> " * 1000 + "deep quote\n\nafter\n",
        "".join("  " * depth + f"- item{depth}\n" for depth in range(1000)) + "\nafter\n",
        "- " * 1000 + "deep item\n\nafter\n",
    ],
    ids=["blockquote", "indented-list", "inline-list"],
)
def test_thousand_levels_of_nesting_lose_nothing(source: str) -> None:
    document = parse(source)
    assert "after" in document.text
    assert "deep" in document.text or "item999" in document.text
    assert any("nested too deeply" in problem for problem in document.problems)


def test_deep_inline_nesting_keeps_the_text() -> None:
    document = parse("*" * 500 + "core" + "*" * 500 + " and " + "[a" * 300 + "\n")
    assert "core" in document.text and document.text.count("[a") == 300


def test_reference_definitions_are_not_reported_as_lost() -> None:
    document = parse("See [the report][r].\n\n[r]: https://example.org\n")
    assert document.problems == []
    assert document.text == "See the report.\n"
