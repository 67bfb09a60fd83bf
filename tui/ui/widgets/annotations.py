"""A list of annotations (side panel tab and corpus-wide screen) with edit/delete keys."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.annotations import Anchor, Annotation
from tui.model.sanitize import sanitize

EXCERPT = 140


def annotation_label(annotation: Annotation, *, status: str | None = None, with_title: bool = False) -> Text:
    """Quote excerpt, then the note and tags; all plain Text, never markup."""
    label = Text()
    if with_title:
        label.append(sanitize(annotation.document_title or annotation.document_path), style="bold")
        label.append("\n")
    if status == "orphan" or annotation.orphaned:
        label.append("[orphan] ", style="bold reverse")
    elif status in ("moved", "fuzzy"):
        label.append(f"[{status}] ", style="dim")
    quote = " ".join(annotation.exact.split())
    label.append("▍", style=f"bold {_RICH_COLOURS.get(annotation.colour, 'yellow')}")
    label.append(quote if len(quote) <= EXCERPT else quote[: EXCERPT - 1] + "…", style="italic")
    if annotation.note:
        label.append("\n  " + " ".join(annotation.note.split())[:200])
    if annotation.tags:
        label.append("\n  " + " ".join("#" + tag for tag in annotation.tags), style="bold")
    return label


_RICH_COLOURS = {"yellow": "yellow", "green": "green", "blue": "blue", "pink": "magenta",
                 "purple": "bright_magenta", "orange": "bright_yellow"}


class AnnotationList(OptionList):
    """Options carry annotation ids; keys ask the app to edit, delete, undo or re-attach."""

    BINDINGS = [
        Binding("e", "edit", "Edit note", id="annotations.edit"),
        Binding("x,delete", "delete", "Delete", id="annotations.delete"),
        Binding("u", "undo", "Undo delete", id="annotations.undo"),
        Binding("r", "reattach", "Re-attach orphan", id="annotations.reattach"),
    ]

    positions: dict[str, tuple[int, int]] = {}

    class Command(Message):
        def __init__(self, command: str, annotation_id: str | None) -> None:
            self.command = command
            self.annotation_id = annotation_id
            super().__init__()

    def show_anchors(self, anchors: list[Anchor]) -> None:
        self.positions = {a.annotation.id: (a.start, a.end) for a in anchors if a.start is not None}
        self.clear_options()
        for anchor in anchors:
            self.add_option(Option(annotation_label(anchor.annotation, status=anchor.status), id=anchor.annotation.id))
        if not anchors:
            self.add_option(Option(Text("No annotations here. Select with v, then a (note) or h (highlight).",
                                        style="dim"), disabled=True))

    def show_annotations(self, annotations: list[Annotation]) -> None:
        self.clear_options()
        for annotation in annotations:
            self.add_option(Option(annotation_label(annotation, with_title=True), id=annotation.id))
        if not annotations:
            self.add_option(Option(Text("No annotations match.", style="dim"), disabled=True))

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def _command(self, command: str) -> None:
        self.post_message(self.Command(command, self.highlighted_id))

    def action_edit(self) -> None:
        self._command("edit")

    def action_delete(self) -> None:
        self._command("delete")

    def action_undo(self) -> None:
        self._command("undo")

    def action_reattach(self) -> None:
        self._command("reattach")
