"""Reflow of PDF-extract text: joins, paragraphs, page furniture, de-hyphenation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.loaders import load_document
from tui.loaders.dehyphenate import Vocabulary, join_broken_word
from tui.loaders.text import parse_text

BODY = [
    "The delegations met in Geneva on Monday and discussed the state of the talks",
    "between the two governments, which had stalled for months over the sequencing",
    "of sanctions relief and the verification of the agreed steps by inspectors.",
]


def reflow(text: str, tmp_path: Path | None = None) -> str:
    return parse_text(Path("x.txt"), text).text


def paragraphs(text: str) -> list[str]:
    return reflow(text).rstrip("\n").split("\n\n")


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    result = paragraphs("Title\n\n" + "\n".join(BODY) + "\n\nSecond paragraph here.\n")
    assert result == ["Title", " ".join(BODY), "Second paragraph here."]


def test_title_is_the_first_non_empty_line_even_without_a_blank_after_it() -> None:
    document = parse_text(Path("x.txt"), "\n  \n  A Title Line  \n" + "\n".join(BODY) + "\n")
    assert document.title == "A Title Line"
    assert document.blocks[0].kind == "heading"
    assert document.text.rstrip("\n").split("\n\n")[1] == " ".join(BODY)


def test_short_line_ending_a_sentence_ends_the_paragraph() -> None:
    text = "Title\n\n" + "\n".join(BODY[:2]) + "\nof sanctions relief.\n" + BODY[0] + "\n"
    assert paragraphs(text)[1:] == [" ".join(BODY[:2]) + " of sanctions relief.", BODY[0]]


def test_headings_and_bullets_become_blocks() -> None:
    text = "Title\n\nBackground\n\n" + "\n".join(BODY) + "\n\n• first point\n• second point\n"
    document = parse_text(Path("x.txt"), text)
    kinds = [(b.kind, document.text[b.start : b.end]) for b in document.blocks]
    assert kinds[1] == ("heading", "Background")
    assert kinds[-2:] == [("list_item", "first point"), ("list_item", "second point")]


OTHER = [
    "Officials in Brussels said the bloc was ready to resume the dialogue as soon as",
    "both sides had agreed on the order of the steps and on who would verify them.",
]
FOOTER_PAGES = [
    page("Briefing Title", "", *BODY[:2]),
    page("Global Risk Monitor | March 2026", "", BODY[2], "", OTHER[0]),
    page("Global Risk Monitor | March 2026", "", OTHER[1]),
]


@pytest.mark.parametrize("label", ["Page {n} of 3", "- {n} -", "{n}", "– {n} –", "Page {n}"])
@pytest.mark.parametrize("form_feed", [True, False], ids=["form-feed", "no-form-feed"])
def test_page_numbers_and_running_headers_are_dropped(label: str, form_feed: bool) -> None:
    pages = [
        body + "\n" + label.format(n=number) + "\n" + ("\f" if form_feed else "")
        for number, body in enumerate(FOOTER_PAGES, start=1)
    ]
    result = paragraphs("".join(pages))
    assert result == ["Briefing Title", " ".join(BODY), " ".join(OTHER)]


def test_paragraph_cut_by_a_page_break_is_mended() -> None:
    text = page("Title", "", *BODY[:2]) + "\f" + page(*BODY[2:])
    assert paragraphs(text) == ["Title", " ".join(BODY)]


def test_heading_at_a_page_bottom_is_not_glued_to_the_next_page() -> None:
    text = page("Title", "", *BODY, "", "Outlook", "", "Page 1 of 2") + "\f" + page("The outlook is poor.")
    assert paragraphs(text) == ["Title", " ".join(BODY), "Outlook", "The outlook is poor."]


def test_numbers_in_the_text_are_not_page_numbers() -> None:
    text = page("Title", "", "Casualties by year", "", "2023", "", "Estimates vary.", "", "2021", "")
    assert "2023" in reflow(text) and "2021" in reflow(text)


def test_numbered_headings_are_not_running_headers() -> None:
    text = "Title\n\n" + "".join(f"Phase {n}\n\n{BODY[0]}.\n\n" for n in range(1, 5))
    result = reflow(text)
    assert all(f"Phase {n}" in result for n in range(1, 5))


def test_form_feed_never_reaches_the_text(tmp_path: Path) -> None:
    file = tmp_path / "f.txt"
    file.write_text("Title\n\nOne.\f\nTwo.\n")
    text = load_document(file).text
    assert "\f" not in text and "\u240c" not in text
    assert "One." in text and "Two." in text


def test_date_is_found_and_normalised() -> None:
    assert parse_text(Path("x.txt"), "Title\n\nGeneva, 12 March 2026\n").meta.date == "2026-03-12"
    assert parse_text(Path("x.txt"), "Title\n\nMarch 3, 2026: talks\n").meta.date == "2026-03-03"


# De-hyphenation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("be", "tween", "between"),
        ("ap", "pointing", "appointing"),
        ("all", "or-nothing", "all-or-nothing"),
        ("anti", "democratic", "anti-democratic"),
        ("run-of-the", "river", "run-of-the-river"),
        ("run", "of-the-river", "run-of-the-river"),
        ("non", "negotiable", "non-negotiable"),
        ("rare", "earth", "rare-earth"),
        ("anti", "American", "anti-American"),
        ("regu", "lation", "regulation"),
        ("self", "determination", "self-determination"),
        ("de", "escalation", "de-escalation"),
    ],
)
def test_join_broken_word_without_document_evidence(left: str, right: str, expected: str) -> None:
    assert join_broken_word(left, right, Vocabulary("")) == expected


def test_document_evidence_beats_the_word_list() -> None:
    text = "Toolmakers and carmakers. The cyber-attacks grew."
    assert join_broken_word("car", "makers", Vocabulary(text)) == "carmakers"
    assert join_broken_word("cyber", "attacks", Vocabulary(text)) == "cyber-attacks"


def test_corpus_evidence_is_asked_only_when_the_document_is_silent() -> None:
    from collections import Counter

    asked = []

    def corpus() -> Counter[str]:
        asked.append(True)
        return Counter({"carmakers": 2})

    vocabulary = Vocabulary("carmakers once", corpus=corpus)
    assert join_broken_word("car", "makers", vocabulary) == "carmakers"
    assert not asked
    assert join_broken_word("car", "makers", Vocabulary("", corpus=corpus)) == "carmakers"
    assert asked


def test_reflow_dehyphenates_across_lines() -> None:
    text = "Title\n\nthe talks be-\ntween them were dis-\nappointing and all-\nor-nothing, anti-\ndemocratic\n"
    assert paragraphs(text)[1] == "the talks between them were disappointing and all-or-nothing, anti-democratic"


def test_line_end_hyphen_before_a_number_keeps_the_hyphen() -> None:
    assert paragraphs("Title\n\nthe COVID-\n19 crisis and the 2020-\n2021 season\n")[1] == (
        "the COVID-19 crisis and the 2020-2021 season"
    )


def test_spaced_dash_at_line_end_keeps_the_space() -> None:
    assert paragraphs("Title\n\nthe talks -\nif any - ended\n")[1] == "the talks - if any - ended"


def test_soft_hyphen_at_line_end_always_joins() -> None:
    assert paragraphs("Title\n\nthe negoti\u00ad\nations ended\n")[1] == "the negotiations ended"


def test_folder_vocabulary_makes_loading_independent_of_the_corpus(tmp_path: Path) -> None:
    from tui.model.corpus import load_corpus

    (tmp_path / "a.txt").write_text("Title\n\nEuropean car-\nmakers protested.\n")
    (tmp_path / "b.md").write_text("# B\n\nThe carmakers and other carmakers.\n")
    alone = load_document(tmp_path / "a.txt").text
    together = {d.path.name: d.text for d in load_corpus([tmp_path]).documents}["a.txt"]
    assert "European carmakers protested." in alone
    assert alone == together
