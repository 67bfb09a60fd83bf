"""Property tests of the sanitiser, the sentence splitter and the loaders on arbitrary text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import FORBIDDEN, offending
from tui.model.sanitize import is_safe, sanitize, sanitize_data, sanitize_line
from tui.model.sentences import split_sentences

# Text that leans on the dangerous ranges: controls, C1, bidi, format characters, surrogates.
DANGEROUS = st.sampled_from(sorted(FORBIDDEN) + ["\u200b", "\ufeff", "\u2060", "\ud800", "\udcff", "\n", "\t"])
TEXT = st.lists(st.one_of(st.characters(), DANGEROUS), max_size=60).map("".join)


@given(TEXT)
def test_sanitised_text_is_safe_same_length_and_stable(text: str) -> None:
    result = sanitize(text)
    assert len(result) == len(text)  # offsets stay valid
    assert is_safe(result) and not offending(result)
    assert sanitize(result) == result
    result.encode("utf-8")  # no lone surrogate left: always printable
    for before, after in zip(text, result):
        if before in "\n\t" or is_safe(before):
            assert before == after  # only unsafe characters change


@given(TEXT)
def test_sanitised_line_is_one_line(text: str) -> None:
    line = sanitize_line(text)
    assert "\n" not in line and "\t" not in line and is_safe(line)


@given(st.recursive(TEXT | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12))
def test_sanitised_data_holds_only_safe_strings(value) -> None:
    def strings(v):
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            for k, x in v.items():
                yield k
                yield from strings(x)
        elif isinstance(v, list):
            for x in v:
                yield from strings(x)

    assert all(is_safe(s) for s in strings(sanitize_data(value)))


# The splitter before it was made linear, kept to check the new one splits the same.
_OLD_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[^\W_a-z])")
SENTENCE_TEXT = st.lists(st.sampled_from(list(".!?…\"') ]aZ9 \n") + ["Mr.", "U.S.", "The", "etc."]),
                         max_size=40).map("".join)


@given(SENTENCE_TEXT)
def test_sentence_boundaries_are_those_of_the_old_pattern(text: str) -> None:
    from tui.model.sentences import _BOUNDARY

    new = [m.span() for m in _BOUNDARY.finditer(text)]
    old = [m.span() for m in _OLD_BOUNDARY.finditer(text)]
    assert new == old


@given(st.text(max_size=200))
def test_sentences_are_ordered_trimmed_spans_inside_the_text(text: str) -> None:
    previous_end = 0
    for span in split_sentences(text):
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        previous_end = span.end


def test_runs_of_stops_split_in_linear_time() -> None:
    # Each of these took over a minute before; now a few milliseconds. A regression
    # would hang, so the size is what makes it fail, not a clock.
    for unit in (".", "!", "…", '."', ". "):
        text = "Start " + unit * (200_000 // len(unit))
        assert split_sentences(text)
        assert split_sentences(text + " End")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400), suffix=st.sampled_from([".md", ".txt"]))
def test_any_bytes_load_to_safe_documents_or_a_message(tmp_path: Path, body: bytes, suffix: str) -> None:
    from tui.loaders import LoadError, load_document

    path = tmp_path / f"mutated{suffix}"
    path.write_bytes(body)
    try:
        document = load_document(path)
    except LoadError as error:
        assert str(error)
        return
    assert is_safe(document.text)
    assert is_safe(document.title) and "\n" not in document.title
    assert all(is_safe(field) for field in (document.meta.date, document.meta.source, *document.meta.tags))
    assert all(is_safe(problem) for problem in document.problems)
    for block in document.blocks:
        assert 0 <= block.start <= block.end <= len(document.text)
    document.sentences  # noqa: B018 (computes)


SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
MUTATIONS = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(
    [b"\x1b]2;X\x1b\\", b"\xff", b"\x00", b"---\n", b"\n\n", b"&#x202E;", b"\\e[2J", b'"', b"*&a", b"|", b"[", b"\r"])),
    max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(sorted(p.name for p in SEED_DIR.glob("*.md"))), mutations=MUTATIONS)
def test_mutated_seeds_load_safely(tmp_path: Path, seed: str, mutations) -> None:
    from tui.loaders import LoadError, load_document

    data = bytearray((SEED_DIR / seed).read_bytes())
    for at, piece in mutations:
        at %= len(data) + 1
        data[at:at] = piece
    path = tmp_path / seed
    path.write_bytes(bytes(data))
    try:
        document = load_document(path)
    except LoadError:
        return
    assert is_safe(document.text) and is_safe(document.title)
    assert all(is_safe(tag) for tag in document.meta.tags)
