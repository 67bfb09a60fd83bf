"""The bundled briefings load cleanly: de-hyphenation gold, no page furniture, titles, sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tui.loaders import load_document
from tui.model.corpus import load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"

TEXT_SEEDS = sorted(SEEDS.glob("*.txt"))
ALL_SEEDS = sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md"))
DEHYPHENATION = json.loads((GOLD / "dehyphenation.json").read_text())
_PAGE_LABEL = re.compile(r"^\s*(page\s+\d+(\s+of\s+\d+)?|[-–—]\s*\d+\s*[-–—]|\d{1,4})\s*$", re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:Mr|Mrs|Dr|Gen|Jan|Feb|Prof|Sen|Gov|[A-Z])\.$")


@pytest.fixture(scope="module")
def loaded() -> dict[str, object]:
    corpus = load_corpus([SEEDS])
    assert corpus.problems == []
    return {document.path.name: document for document in corpus.documents}


def test_every_seed_loads(loaded: dict) -> None:
    assert sorted(loaded) == [path.name for path in ALL_SEEDS]


@pytest.mark.parametrize("case", DEHYPHENATION, ids=lambda c: f"{c['file']}:{c['split']}")
def test_dehyphenation_gold(loaded: dict, case: dict) -> None:
    text = loaded[case["file"]].text
    assert case["expected"] in text
    left, right = case["split"].split("|")
    wrong = left[:-1] + right if case["expected"] == left + right else left + right
    assert not re.search(rf"\b{re.escape(wrong)}\b", text)


def test_loading_alone_matches_loading_with_the_corpus(loaded: dict) -> None:
    for path in TEXT_SEEDS:
        assert load_document(path).text == loaded[path.name].text


def running_lines(path: Path) -> set[str]:
    """Lines of the raw file that are page numbers or repeat as headers/footers."""
    lines = [line.strip() for line in path.read_text().replace("\f", "\n").split("\n")]
    title = next(line for line in lines if line)
    found = {line for line in lines if _PAGE_LABEL.match(line) and line}
    for line in set(lines):
        repeated = lines.count(line) >= 2 and line != title
        if repeated and line and len(line) < 100 and not re.search(r"[.!?:;\"”]$", line):
            found.add(line)
    return found


@pytest.mark.parametrize("path", TEXT_SEEDS, ids=lambda p: p.name)
def test_no_header_footer_or_page_number_survives(loaded: dict, path: Path) -> None:
    text = loaded[path.name].text
    kept_lines = set(text.split("\n"))
    for line in running_lines(path):
        assert line not in kept_lines and line not in text, line
    assert "\f" not in text and "\u240c" not in text


@pytest.mark.parametrize("path", ALL_SEEDS, ids=lambda p: p.name)
def test_every_seed_has_a_title(loaded: dict, path: Path) -> None:
    document = loaded[path.name]
    assert document.title and document.title != path.stem
    if path.suffix == ".txt":
        first_line = next(line for line in path.read_text().splitlines() if line.strip())
        assert document.title == " ".join(first_line.split())
        assert document.text.startswith(document.title + "\n\n")


def test_title_matches_the_analysis_gold(loaded: dict) -> None:
    gold = json.loads((GOLD / "us-china-high-level-talks.json").read_text())
    assert loaded["us-china-high-level-talks.txt"].title == gold["title"]


@pytest.mark.parametrize("path", ALL_SEEDS, ids=lambda p: p.name)
def test_sentences_look_right(loaded: dict, path: Path) -> None:
    document = loaded[path.name]
    prose = [b for b in document.blocks if b.kind in ("paragraph", "list_item", "quote")]
    assert prose
    for block in document.blocks:
        body = document.text[block.start : block.end]
        assert body == body.strip() and "  " not in body
        if block.kind != "table" and block.kind != "code":
            assert "\n" not in body
    in_paragraphs = [
        document.text[s.start : s.end] for s in document.sentences if document.block_at(s.start).kind == "paragraph"
    ]
    for sentence in in_paragraphs:
        assert not sentence[:1].islower(), sentence
        assert not _ABBREVIATION_END.search(sentence), sentence
        assert re.search(r"[.!?…:][\"'”’)]*$", sentence), sentence


def test_us_dot_then_capital_splits_only_at_a_sentence_start(loaded: dict) -> None:
    document = loaded["us-china-high-level-talks.txt"]
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    assert "This latest round of talks comes after strong condemnation of China by the U.S. for repeated cyberattacks." in sentences
    assert any(s.startswith("The U.S. expressed that its policy") for s in sentences)
