"""The command line's output boundary: nothing a terminal could interpret gets through.

``install()`` wraps standard output and standard error in ``SafeStream``:
every string written (text, JSON, error messages, file names) passes
``sanitize`` first, and characters the stream's encoding cannot hold are
replaced instead of raising. Commands that colour their output on purpose
write the colour codes with ``write_markup`` (they never come from a
document).
"""

from __future__ import annotations

import contextlib
import io
import sys
from typing import TextIO

from tui.model.sanitize import sanitize


class SafeStream(io.TextIOBase):
    """A text stream that sanitises everything written through it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]

    def write(self, text: str) -> int:
        self._stream.write(sanitize(text))
        return len(text)

    def write_markup(self, text: str) -> None:
        """Write ``text`` as it is: only for escape codes the program itself made."""
        self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)

    @property
    def buffer(self):
        return getattr(self._stream, "buffer", None)

    @property
    def wrapped(self) -> TextIO:
        return self._stream


def install() -> None:
    """Sanitise ``sys.stdout`` and ``sys.stderr`` from now on (idempotent)."""
    if not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)


def write_markup(text: str) -> None:
    """Write program-made escape codes to standard output, bypassing the sanitiser."""
    stream = sys.stdout
    if isinstance(stream, SafeStream):
        stream.write_markup(text)
    else:
        stream.write(text)


def uninstall() -> None:
    """Give the reader the streams it started with."""
    if isinstance(sys.stdout, SafeStream):
        sys.stdout = sys.stdout.wrapped
    if isinstance(sys.stderr, SafeStream):
        sys.stderr = sys.stderr.wrapped
