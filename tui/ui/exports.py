"""Where an export from the app goes: the data folder's exports/, a name never used before."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tui import paths


def export_path(stem: str = "briefing-annotations", suffix: str = ".md", when: datetime | None = None) -> Path:
    """``<data>/exports/<stem>-<date>-<time>.md``, with -2, -3… if that name is taken."""
    folder = paths.data_dir() / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (when or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    target = folder / f"{stem}-{stamp}{suffix}"
    number = 2
    while target.exists():
        target = folder / f"{stem}-{stamp}-{number}{suffix}"
        number += 1
    return target
