"""The annotation record, following the W3C Web Annotation data model.

An annotation targets a passage of one document's canonical text through two
selectors kept side by side: a ``TextQuoteSelector`` (``exact`` with up to 32
characters of ``prefix`` and ``suffix``) and a ``TextPositionSelector``
(``start``, ``end``). Its body is a note, tags and a colour name.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

COLOURS = ("yellow", "green", "blue", "pink", "purple", "orange")
DEFAULT_COLOUR = "yellow"

Status = Literal["exact", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    document_id: str
    document_path: str
    document_title: str
    content_hash: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str = ""
    tags: tuple[str, ...] = ()
    colour: str = DEFAULT_COLOUR
    author: str = ""
    created: str = ""
    modified: str = ""
    # "anchored", or "orphan" when the last re-anchoring could not find the passage.
    state: str = "anchored"

    @property
    def orphaned(self) -> bool:
        return self.state == "orphan"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits in a document's current text.

    ``status`` says how it was found: ``exact`` (at its recorded position),
    ``moved`` (the exact quote elsewhere), ``fuzzy`` (a close match), or
    ``orphan`` (not found; ``start`` and ``end`` are None).
    """

    annotation: Annotation
    start: int | None
    end: int | None
    status: Status
    score: float = 1.0


def now() -> str:
    """The current time as ISO 8601 UTC with milliseconds, e.g. ``2026-02-14T09:30:00.000Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def login_name() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no USER/LOGNAME and no passwd entry (some containers)
        return "unknown"


def clean_note(note: str) -> str:
    """The note with terminal control characters made visible (newlines and tabs kept)."""
    from tui.model.sanitize import sanitize

    return sanitize(str(note))


def clean_tags(tags) -> tuple[str, ...]:
    """Tags stripped of spaces and a leading '#', empty ones dropped, first spelling kept."""
    from tui.model.sanitize import sanitize

    if isinstance(tags, str):
        tags = (tags,)
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        tag = " ".join(sanitize(str(tag)).split()).lstrip("#").strip()
        key = tag.casefold()
        if tag and key not in seen:
            seen.add(key)
            result.append(tag)
    return tuple(result)


def check_colour(colour: str) -> str:
    colour = colour.strip().lower()
    if colour not in COLOURS:
        raise ValueError(f"unknown colour {colour!r}; choose one of {', '.join(COLOURS)}")
    return colour
