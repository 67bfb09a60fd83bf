"""Sentence splitting: abbreviations, initials and acronyms do not end sentences."""

from __future__ import annotations

import pytest

from tui.model.document import Block
from tui.model.sentences import split_blocks, split_sentences


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Smith met Dr. Jones on Jan. 5 in the U.K. capital.",
        "J. Smith and the U.N. Security Council agreed.",
        "The U.S. delegation met the U.N. envoy.",
        "Growth was 3.5 percent in the first quarter.",
        "See Art. 51 and No. 5 of the annex.",
        "Officials, e.g. Mr. Lee, declined to comment.",
        "The treaty, signed by J. R. Smith, entered into force.",
    ],
)
def test_no_break_inside(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sanctions were imposed by the U.S. The EU said it would respond.",
            ["Sanctions were imposed by the U.S.", "The EU said it would respond."],
        ),
        ("Growth was 3.5 percent. Inflation fell.", ["Growth was 3.5 percent.", "Inflation fell."]),
        ("Tariffs, quotas, etc. The EU objected.", ["Tariffs, quotas, etc.", "The EU objected."]),
        ("The talks ended in 2024. Then came the vote.", ["The talks ended in 2024.", "Then came the vote."]),
        ("Why now? Nobody knows! Wait.", ["Why now?", "Nobody knows!", "Wait."]),
        ("Él dijo. Über alles.", ["Él dijo.", "Über alles."]),
    ],
)
def test_breaks(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = "They called it “internal affairs.” The U.S. disagreed. He said, \"No.\" Then he left."
    assert sentences(text) == [
        "They called it “internal affairs.”",
        "The U.S. disagreed.",
        'He said, "No."',
        "Then he left.",
    ]


def test_opening_quote_starts_a_sentence() -> None:
    assert sentences("It ended. “We will respond,” he said.") == ["It ended.", "“We will respond,” he said."]


def test_lower_case_after_question_mark_continues() -> None:
    text = "“Why?” he asked."
    assert sentences(text) == [text]


def test_spans_are_trimmed_and_index_the_text() -> None:
    text = "  First one.   Second one.  "
    spans = split_sentences(text)
    assert [(s.start, s.end) for s in spans] == [(2, 12), (15, 26)]
    assert all(s.kind == "sentence" for s in spans)


def test_sentences_never_cross_blocks_and_code_is_one_span() -> None:
    text = "Heading\n\nOne. Two.\n\nx = 1. y = 2."
    blocks = [Block(0, 7, "heading", 1), Block(9, 18, "paragraph"), Block(20, 33, "code")]
    assert [text[s.start : s.end] for s in split_blocks(text, blocks)] == ["Heading", "One.", "Two.", "x = 1. y = 2."]


def test_long_block_splits_in_linear_time() -> None:
    import time

    text = "The U.S. said it would act. " * 40_000  # ~1 MB in one block
    started = time.perf_counter()
    spans = split_sentences(text)
    assert len(spans) == 40_000
    assert time.perf_counter() - started < 2.0
