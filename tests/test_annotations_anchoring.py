"""Re-anchoring annotations after a briefing is edited."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.annotations import open_store
from tui.annotations.anchoring import locate, selectors
from tui.loaders import load_document

PARAGRAPHS = [
    "Diplomats from the two countries discussed what each saw as the issues that need to be addressed.",
    "China, however, conveyed its dismay with this and made it clear that collaboration is an "
    "all-or-nothing proposition.",
    "The U.S. has ramped up its criticism on serious human rights concerns within China.",
    "Beijing demanded that Washington not interfere with what it deems to be internal affairs.",
    "Both sides agreed to meet again before the end of the year, officials said.",
]
QUOTE = "made it clear that collaboration is an all-or-nothing proposition"


def write(path: Path, paragraphs: list[str]) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "talks.txt"
    write(path, PARAGRAPHS)
    return path


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "data") as store:
        yield store


def annotate(store, path: Path, quote: str = QUOTE, note: str = "all or nothing"):
    document = load_document(path)
    start = document.text.index(quote)
    return store.add(document, start, start + len(quote), note=note, tags=["china"])


def test_unchanged_document_anchors_exactly(store, briefing):
    added = annotate(store, briefing)
    [anchor] = store.for_document(load_document(briefing))
    assert anchor.status == "exact"
    assert (anchor.start, anchor.end) == (added.start, added.end)


def test_text_inserted_before_moves_the_anchor_and_the_move_is_saved(store, briefing):
    annotate(store, briefing)
    write(briefing, ["A new opening paragraph was added by the editor overnight."] + PARAGRAPHS)
    document = load_document(briefing)
    [anchor] = store.for_document(document)
    assert anchor.status == "moved"
    assert document.text[anchor.start : anchor.end] == QUOTE
    saved = store.get(anchor.annotation.id)
    assert (saved.start, saved.end, saved.content_hash) == (anchor.start, anchor.end, document.content_hash)
    [again] = store.for_document(document)
    assert again.status == "exact"


def test_quote_edited_by_a_word_is_found_fuzzily(store, briefing):
    added = annotate(store, briefing)
    edited = [p.replace("all-or-nothing", "all-or-none") for p in PARAGRAPHS]
    write(briefing, edited)
    document = load_document(briefing)
    [anchor] = store.for_document(document)
    assert anchor.status == "fuzzy"
    found = document.text[anchor.start : anchor.end]
    assert found == QUOTE.replace("all-or-nothing", "all-or-none")
    assert anchor.annotation.note == added.note
    assert store.get(added.id).exact == found  # stable from now on
    assert store.for_document(document)[0].status == "exact"


def test_quote_edited_by_a_word_inside_changed_surroundings(store, briefing):
    annotate(store, briefing, quote="serious human rights concerns within China")
    edited = list(PARAGRAPHS)
    edited[2] = "Washington has sharpened its criticism on grave human rights concerns within China, aides said."
    write(briefing, ["An inserted line."] + edited)
    document = load_document(briefing)
    [anchor] = store.for_document(document)
    assert anchor.status == "fuzzy"
    assert document.text[anchor.start : anchor.end].strip(" ,.") == "grave human rights concerns within China"


def test_duplicated_quote_is_disambiguated_by_its_context(store, briefing):
    quote = "made it clear"
    annotate(store, briefing, quote=quote)
    copy = "The delegation also made it clear that it would not attend the summit."
    write(briefing, [copy] + PARAGRAPHS + [copy])
    document = load_document(briefing)
    [anchor] = store.for_document(document)
    assert anchor.status == "moved"
    paragraph_start = document.text.index(PARAGRAPHS[1])
    assert paragraph_start <= anchor.start < paragraph_start + len(PARAGRAPHS[1])


def test_duplicate_without_context_picks_the_nearest_to_the_old_position():
    text = "alpha beta gamma. alpha beta gamma. alpha beta gamma."
    exact, prefix, suffix = selectors(text, 18, 34)
    shifted = "xx" + text
    match = locate(shifted, exact, "", "", 18, 34)
    assert (match.start, match.status) == (20, "moved")


def test_deleted_sentence_becomes_an_orphan_that_is_kept_and_reattachable(store, briefing):
    added = annotate(store, briefing)
    write(briefing, [p for p in PARAGRAPHS if "all-or-nothing" not in p])
    document = load_document(briefing)
    [anchor] = store.for_document(document)
    assert anchor.status == "orphan"
    assert anchor.start is None and anchor.end is None
    assert anchor.annotation.exact == QUOTE and anchor.annotation.note == added.note
    assert [a.id for a in store.orphans()] == [added.id]
    assert store.get(added.id) is not None  # never dropped

    start = document.text.index("Both sides agreed")
    again = store.reattach(added.id, document, start, start + len("Both sides agreed"))
    assert again.state == "anchored" and again.note == added.note
    assert store.orphans() == []
    [anchor] = store.for_document(document)
    assert (anchor.status, anchor.start) == ("exact", start)


def test_orphan_is_found_again_when_the_text_comes_back(store, briefing):
    added = annotate(store, briefing)
    write(briefing, PARAGRAPHS[:1])
    assert store.for_document(load_document(briefing))[0].status == "orphan"
    write(briefing, PARAGRAPHS)
    [anchor] = store.for_document(load_document(briefing))
    assert anchor.status == "exact" and anchor.annotation.id == added.id
    assert store.orphans() == []


def test_unrelated_text_does_not_attract_an_orphan(store, briefing):
    annotate(store, briefing)
    write(briefing, ["Completely different text about fisheries quotas in the North Sea and Norway."] * 3)
    assert store.for_document(load_document(briefing))[0].status == "orphan"


def test_moved_file_is_found_by_content_hash(store, briefing, tmp_path):
    added = annotate(store, briefing)
    moved = tmp_path / "renamed" / "talks-2026.txt"
    moved.parent.mkdir()
    briefing.rename(moved)
    document = load_document(moved)
    [anchor] = store.for_document(document)
    assert anchor.annotation.id == added.id and anchor.status == "exact"
    assert store.get(added.id).document_id == document.id


def test_identical_copy_does_not_take_the_annotations(store, briefing, tmp_path):
    annotate(store, briefing)
    copy = tmp_path / "copy.txt"
    copy.write_text(briefing.read_text())
    assert store.for_document(load_document(copy)) == []


def test_selectors_keep_32_characters_of_context():
    text = "x" * 50 + "QUOTE" + "y" * 50
    exact, prefix, suffix = selectors(text, 50, 55)
    assert (exact, prefix, suffix) == ("QUOTE", "x" * 32, "y" * 32)
    with pytest.raises(ValueError):
        selectors(text, 5, 5)


def test_passage_edited_in_place_is_preferred_to_an_exact_copy_elsewhere(store, briefing):
    quote = "serious human rights concerns"
    annotate(store, briefing, quote=quote)
    edited = list(PARAGRAPHS)
    edited[2] = edited[2].replace("serious human rights", "serious humanitarian")
    elsewhere = "In an unrelated report, observers listed serious human rights concerns in a dozen states."
    write(briefing, [elsewhere] + edited)
    document = load_document(briefing)
    [anchor] = store.for_document(document)
    paragraph = document.text.index("The U.S. has ramped up")
    assert anchor.status == "fuzzy" and anchor.start > paragraph
    assert document.text[anchor.start : anchor.end] == "serious humanitarian concerns"
