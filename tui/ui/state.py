"""Everything the app knows, in one typed object the app owns.

Widgets show parts of it; the app's handlers and workers' messages change
it. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.analysis import Analysis
from tui.annotations import Anchor, Annotation, AnnotationStore
from tui.config.state import ReadingState
from tui.model.corpus import Problem
from tui.model.document import Document
from tui.search.index import SearchIndex
from tui.ui.navigation import JumpList, Matches


@dataclass
class AppState:
    reading: ReadingState  # remembered between runs: last document, places, searches, theme
    corpus_paths: list[Path]
    # The corpus
    documents: list[Document] = field(default_factory=list)
    documents_by_id: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    current: Document | None = None
    # Analysis
    analyses: dict[str, Analysis] = field(default_factory=dict)
    facets: dict[str, dict] = field(default_factory=dict)  # per document id, for search filters
    layers: tuple[str, Any, Any] | None = None  # (document id, actor layer, issue layer), built by a worker
    show_actors: bool = True
    show_issues: bool = True
    # Search
    search_index: SearchIndex | None = None
    jumps: JumpList = field(default_factory=JumpList)
    matches: Matches = field(default_factory=Matches)
    # Annotations
    store: AnnotationStore | None = None
    anchors: list[Anchor] = field(default_factory=list)  # the open document's, re-anchored
    deleted: list[Annotation] = field(default_factory=list)  # for undo
    reattaching: str | None = None  # the orphan whose new passage is being selected


def state_property(name: str, doc: str = "") -> property:
    """An attribute of the app that lives in its ``AppState``."""

    def get(app):
        return getattr(app.model, name)

    def set_(app, value) -> None:
        setattr(app.model, name, value)

    return property(get, set_, doc=doc or f"AppState.{name}")
