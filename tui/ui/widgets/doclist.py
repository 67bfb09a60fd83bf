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


class DocumentList(Vertical):
    """Filter box above an OptionList; enter (or a click) opens a document.

    The filter is active while its box has the focus: then every printable
    key goes into it (commands need ctrl keys or an inactive filter).
    In the list, a printable key that is no command starts the filter with
    that character. Escape clears the filter; a second escape leaves the list.
    """

    BINDINGS = [
        Binding("escape", "escape", "Clear filter / leave", id="documents.escape"),
        Binding("j", "cursor_down", "Next document", show=False, id="documents.down"),
        Binding("k", "cursor_up", "Previous document", show=False, id="documents.up"),
    ]

    class Chosen(Message):
        def __init__(self, document: Document) -> None:
            self.document = document
            super().__init__()

    class Leave(Message):
        """Escape with an empty filter: give the focus back to the reader."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: list[Document] = []
        self._shown: list[Document] = []
        # Set when a key started the filter and until its box has the focus (focus moves
        # after this key is handled, and keys typed fast may arrive before).
        self._starting_filter = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to filter · esc leaves", id="doc-filter", select_on_focus=False)
        yield OptionList(id="doc-options")

    @property
    def options(self) -> OptionList:
        return self.query_one("#doc-options", OptionList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#doc-filter", Input)

    @property
    def filtering(self) -> bool:
        """The filter is active: its box has the focus and takes every printable key."""
        return self.filter_input.has_focus

    @property
    def shown(self) -> list[Document]:
        return list(self._shown)

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
        """In the list a printable key that is no command starts the filter; no key is lost.

        A printable key that reaches this handler came through the list (the box
        stops the keys it types). Keys typed fast may still be on their way from
        the list when the box takes the focus: they go into the filter as well.
        """
        filter_input = self.filter_input
        typed = event.is_printable and bool(event.character)
        if typed and (self._starting_filter or filter_input.has_focus or not self._is_command_key(event.key)):
            event.stop()
            event.prevent_default()
            if not filter_input.has_focus:
                self._starting_filter = True
                filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)
        elif self.options.has_focus and event.key == "backspace" and filter_input.value:
            event.stop()
            filter_input.focus()
            filter_input.value = filter_input.value[:-1]
        elif filter_input.has_focus and event.key in ("down", "up", "pagedown", "pageup"):
            event.stop()
            getattr(self.options, {"down": "action_cursor_down", "up": "action_cursor_up",
                                   "pagedown": "action_page_down", "pageup": "action_page_up"}[event.key])()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.filter_input:
            self._starting_filter = False

    def _is_command_key(self, key: str) -> bool:
        """A key bound to something where the list has the focus (q, ?, d, p, j, k, …)."""
        active = self.app.active_bindings.get(key)
        return active is not None and active.enabled

    def action_cursor_down(self) -> None:
        self.options.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.options.action_cursor_up()

    def action_escape(self) -> None:
        """Clear the filter (back to the list, where commands work); with none, leave the list."""
        self._starting_filter = False
        if self.filter_input.value:
            self.filter_input.value = ""
            self.options.focus()
        elif self.filter_input.has_focus:
            self.options.focus()
            self.post_message(self.Leave())
        else:
            self.post_message(self.Leave())

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.options.focus()
