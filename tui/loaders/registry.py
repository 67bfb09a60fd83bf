"""Read a file safely and hand its text to the loader for its format."""

from __future__ import annotations

import os
from pathlib import Path

from tui.model.document import Document
from tui.model.sanitize import sanitize

# Larger files are refused with a message rather than freezing the reader.
MAX_FILE_BYTES = int(os.environ.get("BRIEFING_MAX_FILE_MB", "16")) * 1024 * 1024
_SNIFF_BYTES = 8192


class LoadError(Exception):
    """The file cannot be shown at all; the message says why."""


def load_document(path: Path) -> Document:
    path = Path(path)
    raw = _read_bytes(path)
    problems: list[str] = []
    text = _decode(raw, problems)
    text = sanitize(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        problems.append("the file is empty")
    if path.suffix.lower() in (".md", ".markdown"):
        from tui.loaders.markdown import parse_markdown

        document = parse_markdown(path, text)
    else:
        from tui.loaders.text import parse_text

        document = parse_text(path, text)
    document.problems[:0] = problems
    return document


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
        raise LoadError(error.strerror or str(error)) from None
    if b"\x00" in raw[:_SNIFF_BYTES]:
        raise LoadError("looks like a binary file (it contains NUL bytes), not text")
    return raw


def _decode(raw: bytes, problems: list[str]) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            f"not valid UTF-8 (first bad byte at offset {error.start}); "
            "undecodable bytes are shown as \ufffd"
        )
        return raw.decode("utf-8", errors="replace")
