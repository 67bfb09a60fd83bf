"""The reading room's log: one line per event, every value made safe to print.

Values come from clients (user names, terminal types, commands) and from the
authorized-keys file; control characters are shown as symbols (newlines and
tabs too, so nobody can forge a line) and long values are cut.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tui.model.sanitize import sanitize

VALUE_LIMIT = 200
_LINE_BREAKS = str.maketrans({"\n": "\u240a", "\t": "\u2409"})


def clean(value: object, limit: int = VALUE_LIMIT) -> str:
    """``value`` as one safe line: every control character visible, at most ``limit`` characters."""
    text = sanitize(str(value)).translate(_LINE_BREAKS)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field(value: object) -> str:
    text = clean(value)
    if text == "" or any(char in text for char in ' "=\\'):
        text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


class ServerLog:
    """``2026-11-30T06:30:00Z event key=value ...`` lines on a stream (stderr or a file)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr

    def event(self, kind: str, **fields: object) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        parts = [stamp, clean(kind)] + [f"{clean(key)}={_field(value)}" for key, value in fields.items()
                                         if value is not None]
        line = " ".join(parts)
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a full disk or a closed stream never stops the server
            pass
        return line
