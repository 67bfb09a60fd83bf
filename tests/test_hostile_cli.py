"""Hostile documents and file names through every command-line surface of the installed
``briefing``: every byte printed (stdout and stderr) and every file written is checked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks.hostile_corpus import generate
from tests.hostile import BRIEFING, assert_inert, briefing

pytestmark = pytest.mark.skipif(not BRIEFING.exists(), reason="briefing is not installed in this environment")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    generate(folder, scale=0.02)
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _hostile_files(corpus: Path) -> list[Path]:
    names = ("front-matter-escapes.md", "heading-entities.md", "raw-escapes.md")
    files = [corpus / name for name in names]
    files += [p for p in map(Path, map(os.fsdecode, os.listdir(os.fsencode(corpus)))) if p.name.startswith(("name-", "bad-"))]
    return [corpus / p.name if not p.is_absolute() else p for p in files]


def _check(result, where: str) -> tuple[str, str]:
    out = assert_inert(result.stdout, f"{where} stdout")
    err = assert_inert(result.stderr, f"{where} stderr")
    assert "Traceback" not in err, f"{where}: {err}"
    return out, err


@pytest.mark.parametrize("args", [
    ["cat"], ["extract"], ["extract", "--json"], ["extract", "--explain"],
])
def test_document_commands_print_nothing_a_terminal_obeys(corpus: Path, home: Path, args) -> None:
    result = briefing(*args, *_hostile_files(corpus), home=home)
    out, _ = _check(result, " ".join(args))
    if "--json" in args:
        payload = json.loads(out)
        titles = [item["document"]["title"] for item in payload]
        assert any(title.startswith("Title ␛]2;PWNED") for title in titles)  # visible, one for one
    elif args == ["extract"]:
        assert "Title ␛]2;PWNED" in out and "Talks �reversed�" in out


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_search_prints_hostile_titles_and_file_names_inertly(corpus: Path, home: Path, json_flag) -> None:
    result = briefing("search", "minister", *_hostile_files(corpus), "--limit", "20", *json_flag, home=home)
    out, _ = _check(result, "search")
    assert result.returncode == 0
    if json_flag:
        paths = [hit["path"] for hit in json.loads(out)["hits"]]
        assert any("name-␛]2;PWNED" in p for p in paths) and any("bad-��-name" in p for p in paths)
    else:
        assert "name-␛]2;PWNED" in out and "bad-��-name.md" in out


@pytest.mark.parametrize("encoding", ["utf-8:strict", "ascii:strict"])
@pytest.mark.parametrize("command", [["extract"], ["search", "minister"], ["cat"]])
def test_file_names_that_are_not_utf8_never_crash(corpus: Path, home: Path, encoding: str, command) -> None:
    bad = [p for p in _hostile_files(corpus) if p.name.startswith("bad-")]
    result = briefing(*command, *bad, home=home, env={"PYTHONIOENCODING": encoding, "LC_ALL": "C"})
    _check(result, f"{command} under {encoding}")
    assert result.returncode == 0


def test_every_file_of_the_corpus_is_reported_by_name_and_the_rest_still_prints(corpus: Path, home: Path) -> None:
    result = briefing("extract", "--json", corpus, home=home, seconds=120)
    out, err = _check(result, "extract corpus")
    documents = json.loads(out)
    assert len(documents) > 20
    assert "binary.md: looks like a binary file" in err
    assert "billion-laughs.md: malformed front matter (line 1: anchors (&name) are not allowed)" in err
    assert "front-matter-types.md: front matter: title should be text, not a mapping; ignored" in err


def test_a_sentence_that_ends_at_its_comma_is_analysed(corpus: Path, home: Path) -> None:
    # 'He said,' alone used to crash the analysis; now both documents print and nothing fails.
    result = briefing("extract", corpus / "just-said.md", corpus / "crlf.md", home=home)
    out, err = _check(result, "extract")
    assert result.returncode == 0, err
    assert "just-said.md" in out and "crlf.md" in out
    assert "could not be analysed" not in err


def test_front_matter_metadata_is_sanitised_after_decoding(corpus: Path) -> None:
    from tui.loaders import load_document
    from tui.model.sanitize import is_safe

    document = load_document(corpus / "front-matter-escapes.md")
    assert document.title.startswith("Title ␛]2;PWNED␛\\")
    assert "�" in document.title  # \x9b and the bidi overrides
    assert document.meta.source.startswith("Source ␛]52;c;")
    assert document.meta.tags == ("tag␛[2J", "x�y")
    for value in (document.title, document.meta.source, *document.meta.tags):
        assert is_safe(value)
    heading = load_document(corpus / "heading-entities.md")
    assert is_safe(heading.title) and "reversed" in heading.title
    assert all(is_safe(style.data) for style in heading.styles if style.data)


def test_options_may_follow_positionals_and_free_text_may_start_with_a_dash(tmp_path: Path, home: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text("# Doc\n\nThe minister said the score was -2+3 today.\n")
    result = briefing("search", "minister", "--limit", "1", document, home=home)
    assert result.returncode == 0, result.stderr
    result = briefing("annotations", "add", document, "--quote", "-2+3", "--note", "-a note", home=home)
    assert result.returncode == 0, result.stderr
    listing = briefing("annotations", "list", home=home).stdout.decode()
    assert '"-2+3"' in listing and "— -a note" in listing


def test_runaway_inputs_open_quickly_at_a_small_scale(corpus: Path, home: Path) -> None:
    names = ["run-dots.md", "run-bangs.txt", "run-dot-quotes.txt", "run-ellipses.txt", "billion-laughs.md",
             "front-matter-nested.md", "dehyphenation.txt", "table.md", "short-paragraphs.md", "brackets.md"]
    # A run away would be killed by the CPU limit and fail the test.
    result = briefing("cat", *(corpus / n for n in names), home=home, seconds=60, memory_mb=1500)
    _check(result, "cat runaway")
    assert result.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", [
    "run-dots.md", "run-dots.txt", "run-bangs.txt", "run-ellipses.txt", "run-dot-quotes.txt",
    "billion-laughs.md", "front-matter-nested.md", "front-matter-huge.md", "table.md", "short-paragraphs.md",
    "links.md", "emphasis.md", "brackets.md", "backticks.md", "dehyphenation.txt", "big-lines.txt",
    "big-prose.md", "nested-quotes.md", "nested-lists.md",
])
def test_full_size_hostile_inputs_open_within_limits(tmp_path_factory, name: str) -> None:
    from benchmarks.hostile_corpus import files

    folder = tmp_path_factory.mktemp("full")
    path = folder / name
    path.write_bytes(files(1.0)[name])
    result = briefing("cat", path, home=folder / "home", seconds=30, memory_mb=1200)
    _check(result, name)
    assert result.returncode == 0
