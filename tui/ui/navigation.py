"""The reader's navigation state: the jump list (ctrl+o) and the matches of a search (n/N).

Plain classes with explicit inputs (places and spans in, places and spans
out): the app owns one of each and shows what they say; they know nothing of
widgets, so they are tested without an app.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

Place = tuple[Any, int]  # (document, offset)


class JumpList:
    """Where the reader was before each jump, newest last; ``back`` returns there."""

    LIMIT = 50

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._browsing = False  # a panel has moved the reader since the reader last had the focus

    def __len__(self) -> int:
        return len(self._places)

    def remember(self, place: Place) -> None:
        if not self._places or self._places[-1] != place:
            self._places.append(place)
        del self._places[: -self.LIMIT]

    def remember_browse(self, place: Place) -> None:
        """A panel moves the reader (browsing positions, the outline): the place before counts once."""
        if not self._browsing:
            self.remember(place)
            self._browsing = True

    def reader_focused(self) -> None:
        self._browsing = False

    def back(self) -> Place | None:
        return self._places.pop() if self._places else None


class Matches:
    """The spans a search matched in the open document and the one shown."""

    def __init__(self) -> None:
        self.query = ""
        self.spans: list[tuple[int, int]] = []
        self.index = -1

    def show(self, query: str, spans: list[tuple[int, int]], at: int) -> None:
        """Matches of ``query``; the shown one is the last starting at or before ``at``."""
        self.query, self.spans = query, spans
        starts = [start for start, _ in spans]
        self.index = max(bisect_right(starts, at) - 1, 0) if spans else -1

    def clear(self) -> None:
        self.query, self.spans, self.index = "", [], -1

    @property
    def current(self) -> tuple[int, int] | None:
        return self.spans[self.index] if 0 <= self.index < len(self.spans) else None

    def step(self, step: int) -> bool:
        """Move to the next (+1) or previous (-1) match; True when that wrapped around."""
        if not self.spans:
            return False
        self.index = (self.index + step) % len(self.spans)
        return (step > 0 and self.index == 0) or (step < 0 and self.index == len(self.spans) - 1)

    def status(self) -> str:
        """For the title bar: "/query 3/12", or that nothing matches here."""
        if not self.query:
            return ""
        if not self.spans:
            return f"/{self.query}: no matches here"
        return f"/{self.query} {self.index + 1}/{len(self.spans)}"
