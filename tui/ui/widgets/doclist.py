"""The document list: title, date and source of every briefing; type to filter."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.model.document import Document


def document_label(document: Document) -> Text:
    """Two lines: the title, then date and source dimmed. Text, never markup."""
    label = Text(document.title, no_wrap=True, overflow="ellipsis")
    details = " · ".join(part for part in (document.meta.date, document.meta.source) if part)
    label.append("\n")
    label.append(details or document.display_name, style="dim")
    return label


def matches_filter(document: Document, words: list[str]) -> bool:
    haystack = " ".join(
        (document.title, document.meta.date, document.meta.source, " ".join(document.meta.tags), document.display_name)
    ).lower()
    return all(word in haystack for word in words)


_COMMANDS_OVER_FILTER = {"quit", "help", "search", "command_palette"}


class DocumentList(Vertical):
    """Filter box above an OptionList; enter (or a click) opens a document."""

    BINDINGS = [Binding("escape", "clear_filter", "Clear filter", show=False, id="documents.clear-filter")]

    class Chosen(Message):
        def __init__(self, document: Document) -> None:
            self.document = document
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: list[Document] = []
        self._shown: list[Document] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter documents", id="doc-filter")
        yield OptionList(id="doc-options")

    @property
    def options(self) -> OptionList:
        return self.query_one("#doc-options", OptionList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#doc-filter", Input)

    def add_documents(self, documents: list[Document]) -> None:
        """Append a loaded batch; only the new options are built (10k documents arrive in batches)."""
        self.documents.extend(documents)
        words = self.filter_input.value.lower().split()
        new = [d for d in documents if matches_filter(d, words)]
        self._shown.extend(new)
        self.options.add_options([Option(document_label(d)) for d in new])
        if self.options.highlighted is None and self._shown:
            self.options.highlighted = 0

    def select(self, document: Document) -> None:
        if document in self._shown:
            self.options.highlighted = self._shown.index(document)

    def _apply_filter(self) -> None:
        words = self.filter_input.value.lower().split()
        highlighted = self.options.highlighted
        current = self._shown[highlighted] if highlighted is not None and highlighted < len(self._shown) else None
        self._shown = [d for d in self.documents if matches_filter(d, words)]
        self.options.clear_options()
        self.options.add_options(Option(document_label(d)) for d in self._shown)
        if current in self._shown:
            self.options.highlighted = self._shown.index(current)
        elif self._shown:
            self.options.highlighted = 0

    @on(Input.Changed, "#doc-filter")
    def _filter_changed(self) -> None:
        self._apply_filter()

    @on(Input.Submitted, "#doc-filter")
    def _filter_submitted(self) -> None:
        if self._shown:
            index = self.options.highlighted or 0
            self.post_message(self.Chosen(self._shown[index]))

    @on(OptionList.OptionSelected, "#doc-options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self._shown[event.option_index]))

    def on_key(self, event: events.Key) -> None:
        """Typing in the list edits the filter without moving the focus (no key is lost)."""
        filter_input = self.filter_input
        typing = event.is_printable and event.character not in ("j", "k", " ")
        if self.options.has_focus and typing and not self._is_command_key(event.key):
            filter_input.value += event.character
            filter_input.cursor_position = len(filter_input.value)
            event.stop()
        elif self.options.has_focus and event.key == "backspace" and filter_input.value:
            filter_input.value = filter_input.value[:-1]
            event.stop()
        elif filter_input.has_focus and event.key in ("down", "up"):
            self.options.action_cursor_down() if event.key == "down" else self.options.action_cursor_up()
            event.stop()

    def _is_command_key(self, key: str) -> bool:
        """Quit, help and search keep their keys in the list; other letters filter."""
        active = self.app.active_bindings.get(key)
        return active is not None and active.binding.action in _COMMANDS_OVER_FILTER

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.options.focus()
