"""Every annotation in the corpus: filter by #tag, fuzzy search over notes and quotes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from tui.annotations import Annotation, AnnotationStore
from tui.ui.widgets.annotations import AnnotationList
from tui.ui.widgets.positions import plural


def filter_annotations(store: AnnotationStore, query: str) -> list[Annotation]:
    """``#tag`` words filter by tag, a tag's beginning too (``#cong`` finds ``#congress``; all must
    match); other words search note and quote."""
    words = query.split()
    tags = {word[1:].casefold() for word in words if word.startswith("#") and len(word) > 1}
    text = " ".join(word for word in words if not word.startswith("#"))
    annotations = store.search(text) if text else store.all()
    return [a for a in annotations
            if all(any(tag.casefold().startswith(wanted) for tag in a.tags) for wanted in tags)]


class AnnotationsScreen(ModalScreen[Annotation | None]):
    """Enter jumps to the passage; e/x/u/r edit, delete, undo, re-attach."""

    BINDINGS = [Binding("escape", "close", "Close", id="annotations-screen.close")]

    DEFAULT_CSS = """
    AnnotationsScreen { align: center middle; }
    AnnotationsScreen > Vertical { width: 100; max-width: 100%; height: 100%; border: round $accent;
        background: $panel; }
    AnnotationsScreen Input { border: none; height: 1; background: $boost; }
    AnnotationsScreen AnnotationList { height: 1fr; border: none; }
    AnnotationsScreen #annotations-summary { color: $text-muted; height: 1; }
    """

    def __init__(self, store: AnnotationStore) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="search notes and quotes; #tag filters", id="annotations-query")
            yield Static("", id="annotations-summary")
            yield AnnotationList(id="annotations-all")

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(Input).focus()

    def refresh_list(self) -> None:
        query = self.query_one(Input).value
        annotations = filter_annotations(self.store, query)
        listing = self.query_one(AnnotationList)
        listing.show_annotations(annotations)
        if annotations:
            listing.highlighted = 0
        orphans = sum(1 for a in annotations if a.orphaned)
        tags = ", ".join("#" + t for t in self.store.tags()[:8])
        summary = plural(len(annotations), "annotation") + (f", {orphans} orphaned" if orphans else "")
        self.query_one("#annotations-summary", Static).update(Text(summary + (f" · tags: {tags}" if tags else "")))

    @on(Input.Changed)
    def _query_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted)
    def _query_submitted(self) -> None:
        self.query_one(AnnotationList).focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one(Input).has_focus:
            self.query_one(AnnotationList).focus()
            event.stop()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        annotation = self.store.get(event.option.id) if event.option.id else None
        if annotation is not None:
            self.dismiss(annotation)

    def action_close(self) -> None:
        self.dismiss(None)
