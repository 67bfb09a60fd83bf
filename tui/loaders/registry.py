"""Read a file safely and hand its text to the loader for its format."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tui.collector import collector_paused
from tui.loaders.formats import FORMAT_SUFFIXES
from tui.model.document import Document
from tui.model.sanitize import sanitize, sanitize_document_fields

# Larger files are refused with a message rather than freezing the reader.
MAX_FILE_BYTES = int(os.environ.get("BRIEFING_MAX_FILE_MB", "16")) * 1024 * 1024
# The reflow of plain text keeps an object per line: past this many lines the
# text is shown as plain paragraphs instead.
MAX_REFLOW_LINES = 500_000
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)
# The corpus vocabulary for de-hyphenation reads at most this much of a folder.
CORPUS_VOCABULARY_BYTES = 32 * 1024 * 1024
CORPUS_VOCABULARY_FILE_BYTES = 2 * 1024 * 1024  # larger files are no briefings to learn spelling from
_SNIFF_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class LoadError(Exception):
    """The file cannot be shown at all; the message says why."""


@dataclass
class Source:
    """A file's decoded text (newlines normalised, controls made visible) and its warnings."""

    text: str
    problems: list[str] = field(default_factory=list)


def load_document(path: Path) -> Document:
    """Load one file; raises ``LoadError`` with a readable reason, never anything else."""
    path = Path(path)
    if path.suffix.lower() in FORMAT_SUFFIXES:  # PDF, DOCX, HTML: their own loaders
        from tui.loaders.formats import load_format

        return load_format(path)
    source = read_source(path)
    try:
        with collector_paused():  # markdown-it tokens: half the time of 1 MB otherwise
            document = _parse(path, source.text)
    except RecursionError:
        raise LoadError("too deeply nested to parse") from None
    except Exception as error:  # a parser bug must not take the reader down
        raise LoadError(f"could not be parsed ({type(error).__name__}: {error})") from error
    # A loader may add text of its own, and decoders (YAML escapes, HTML entities)
    # run after the source was sanitised: one more pass keeps the promise (and offsets).
    document.text = sanitize(document.text)
    sanitize_document_fields(document)
    document.problems[:0] = source.problems
    return document


def read_source(path: Path) -> Source:
    problems: list[str] = []
    text = _decode(_read_bytes(path), problems)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = sanitize(text, keep="\f" if _is_plain_text(path) else "")
    if not text.strip():
        problems.append("the file is empty")
    return Source(text, problems)


def _is_plain_text(path: Path) -> bool:
    return path.suffix.lower() not in MARKDOWN_SUFFIXES


def _parse(path: Path, text: str) -> Document:
    if not _is_plain_text(path):
        from tui.loaders.markdown import parse_markdown

        return parse_markdown(path, text)
    lines = text.count("\n")
    if lines > MAX_REFLOW_LINES:
        from tui.loaders.plain import parse_plain

        problem = (f"too many lines to reflow ({lines:,}; the limit is {MAX_REFLOW_LINES:,}); "
                   "shown as plain paragraphs")
        return parse_plain(path, text.replace("\f", "\n\n"), [problem])
    from tui.loaders.dehyphenate import Vocabulary
    from tui.loaders.text import parse_text

    folder = path.parent
    return parse_text(path, text, Vocabulary(text, corpus=lambda: folder_vocabulary(folder)))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(
                f"too large to open ({size / 2**20:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES / 2**20:.0f} MB, set BRIEFING_MAX_FILE_MB to raise it)"
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise LoadError("is a folder, not a file") from None
    except OSError as error:
        raise LoadError(f"cannot be read ({error.strerror or error})") from None
    if _looks_binary(raw):
        raise LoadError("looks like a binary file, not text")
    return raw


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes, or mostly undecodable bytes, in the first few kilobytes."""
    head = raw[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return False
    if b"\x00" in head:
        return True
    decoded = head.decode("utf-8", errors="replace")
    return decoded.count("\ufffd") > max(8, len(decoded) // 10)


def _decode(raw: bytes, problems: list[str]) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith(_UTF16_BOMS):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            f"not valid UTF-8 (first bad byte at offset {error.start}); "
            "undecodable bytes are shown as \ufffd"
        )
        return raw.decode("utf-8", errors="replace")


def folder_vocabulary(folder: Path) -> Counter[str]:
    """Word counts over the documents of ``folder``: the corpus's own spelling."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        entries = []
    files = []
    for entry in entries:
        try:
            if entry.suffix.lower() in MARKDOWN_SUFFIXES + TEXT_SUFFIXES and entry.is_file():
                stat = entry.stat()
                files.append((entry, stat.st_mtime_ns, stat.st_size))
        except OSError:
            continue
    return _count_folder(tuple(files))


@lru_cache(maxsize=8)
def _count_folder(files: tuple[tuple[Path, int, int], ...]) -> Counter[str]:
    from tui.loaders.dehyphenate import count_words

    texts, budget = [], CORPUS_VOCABULARY_BYTES
    for path, _mtime, size in files:
        if size > min(budget, CORPUS_VOCABULARY_FILE_BYTES):
            continue
        try:
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
        except OSError:
            continue  # reported when the file itself is loaded
        budget -= size
    return count_words(texts)
