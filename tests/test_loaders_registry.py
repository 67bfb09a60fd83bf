"""Bad input gets a clear message and loses nothing; encodings; load speed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tui.loaders import LoadError, load_document
from tui.model.sanitize import is_safe


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_bom_is_dropped(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "a.md", "\ufeff# Title\n\nBody.\n".encode()))
    assert document.text == "Title\n\nBody.\n"
    assert document.meta.title == "Title"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "a.txt", "Title\n\nBody.\n".encode("utf-16")))
    assert document.title == "Title"


def test_crlf_and_cr_become_newlines(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "a.txt", b"Title\r\n\r\nOne line\r\nwrapped.\rNext.\r\n"))
    assert "\r" not in document.text and "\u240d" not in document.text
    assert document.text.startswith("Title\n\nOne line wrapped.")


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "a.txt", b"Title\n\ncaf\xe9 and more text\n"))
    assert "caf\ufffd and more text" in document.text
    assert any("not valid UTF-8" in problem and "offset" in problem for problem in document.problems)


def test_controls_in_a_file_are_made_visible(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "a.md", b"# T\x1b]2;x\x07\n\nBody \x1b[2J \x9b\x7f\n"))
    assert is_safe(document.text) and is_safe(document.meta.title)


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"), (bytes(range(256)) * 40, "binary")],
    ids=["png", "random-bytes"],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        load_document(write(tmp_path, "image.txt", data))


def test_mostly_undecodable_bytes_are_binary(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="binary"):
        load_document(write(tmp_path, "x.txt", bytes(range(0x80, 0x100)) * 30))


def test_empty_file_loads_with_a_problem(tmp_path: Path) -> None:
    for name in ("empty.md", "blank.txt"):
        document = load_document(write(tmp_path, name, b"" if name == "empty.md" else b" \n\n \n"))
        assert document.text == ""
        assert document.problems == ["the file is empty"]
        assert document.sentences == []


def test_huge_file_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    with pytest.raises(LoadError, match=r"too large to open \(50\.0 MB.*BRIEFING_MAX_FILE_MB"):
        load_document(path)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="folder"):
        load_document(tmp_path)


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text\n")
    original = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(LoadError, match="cannot be read .Permission denied"):
        load_document(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 000 does not stop root from reading")
def test_chmod_000_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"text\n")
    path.chmod(0)
    with pytest.raises(LoadError, match="Permission denied"):
        load_document(path)


def test_parser_failure_becomes_a_load_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.loaders.markdown as markdown

    def explode(path: Path, text: str):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown, "parse_markdown", explode)
    with pytest.raises(LoadError, match="too deeply nested"):
        load_document(write(tmp_path, "a.md", b"# x\n"))


def test_unknown_suffix_loads_as_text(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "NOTES", b"Title\n\nBody.\n")).title == "Title"


# Speed -------------------------------------------------------------------

PARAGRAPH = (
    "The U.S. and China held talks in Geneva on Jan. 5, where Dr. Smith said the sanctions were "
    "an all-or-nothing proposition. Officials from the E.U. expressed concern over the anti-"
    "democratic crackdown. Growth was 3.5 percent. "
)


def generated_text(size: int) -> str:
    import textwrap

    lines, page = ["A Generated Briefing", ""], 1
    while sum(map(len, lines)) < size:
        lines += textwrap.wrap(PARAGRAPH * 4, 90) + [""]
        if len(lines) % 60 < 8:
            lines += [f"Page {page}", "\fGlobal Affairs Review | 2026", ""]
            page += 1
    return "\n".join(lines)


def generated_markdown(size: int) -> str:
    block = f"## Section\n\n{PARAGRAPH} **Bold** and *em* [link](https://x.org).\n\n- item one\n  - nested\n\n> quote\n\n"
    return "---\ntitle: Generated\ndate: 2026-01-01\n---\n\n" + block * (size // len(block) + 1)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_one_megabyte_loads_quickly(tmp_path: Path, suffix: str) -> None:
    size = 1024 * 1024
    path = tmp_path / f"big{suffix}"
    path.write_text(generated_text(size) if suffix == ".txt" else generated_markdown(size))
    load_document(path)  # warm the word list and parser
    started = time.perf_counter()
    document = load_document(path)
    assert len(document.sentences) > 1000
    # Typically 0.1 s (.txt) and 0.3-0.6 s (.md); the bound only catches a
    # quadratic regression, loose enough for a busy shared test machine.
    assert time.perf_counter() - started < 4.0
