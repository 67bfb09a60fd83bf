"""Remember the last document and the reading position in each document.

Stored as JSON in the data directory, written atomically (temp file +
rename) so a crash never leaves half a file; a damaged file is ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tui import paths
from tui.storage import write_atomically

MAX_REMEMBERED = 2000
MAX_SEARCHES = 50


@dataclass
class ReadingState:
    last_document: str | None = None
    positions: dict[str, int] = field(default_factory=dict)
    searches: list[str] = field(default_factory=list)  # most recent first
    theme: str | None = None  # the last theme chosen in the app

    @classmethod
    def load(cls, path: Path | None = None) -> ReadingState:
        path = path or state_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            positions = {str(k): int(v) for k, v in dict(data.get("positions", {})).items()}
            last = data.get("last_document")
            searches = [str(query) for query in data.get("searches", [])][:MAX_SEARCHES]
            theme = data.get("theme")
            return cls(str(last) if last else None, positions, searches, str(theme) if theme else None)
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()

    def remember(self, document_id: str, offset: int) -> None:
        self.positions.pop(document_id, None)
        self.positions[document_id] = offset  # most recent last
        while len(self.positions) > MAX_REMEMBERED:
            self.positions.pop(next(iter(self.positions)))
        self.last_document = document_id

    def remember_search(self, query: str) -> None:
        query = query.strip()
        if query:
            self.searches = [query, *(q for q in self.searches if q != query)][:MAX_SEARCHES]

    def save(self, path: Path | None = None) -> None:
        data = {"last_document": self.last_document, "positions": self.positions, "searches": self.searches,
                "theme": self.theme}
        write_atomically(path or state_path(), json.dumps(data).encode("utf-8"))


def state_path() -> Path:
    return paths.data_dir() / "state.json"
