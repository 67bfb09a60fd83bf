"""The annotation dialog: quote, multi-line note, tags with completion, colour."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select, Static, TextArea

COLOURS = ("yellow", "green", "blue", "pink", "purple", "orange")


@dataclass(frozen=True)
class AnnotationDraft:
    note: str
    tags: tuple[str, ...]
    colour: str


def parse_tags(value: str) -> tuple[str, ...]:
    """Tags typed as "a, b c" or "#a #b": split on commas and spaces, no duplicates."""
    seen: list[str] = []
    for raw in value.replace(",", " ").split():
        tag = raw.lstrip("#").strip()
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


QUOTE_CHARACTERS = 220  # four lines of the dialog, with room for the wrap


def quote_excerpt(quote: str, limit: int = QUOTE_CHARACTERS) -> str:
    """The quote on one line, cut at a word with an ellipsis when it is longer than the dialog shows."""
    quote = " ".join(quote.split())
    if len(quote) <= limit:
        return quote
    cut = quote.rfind(" ", 0, limit)
    return quote[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


class TagSuggester(Suggester):
    """Completes the tag being typed (the last word) from the tags already in use."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        last = last.lstrip("#")
        if not last:
            return None
        for tag in self.tags:
            if tag.lower().startswith(last.lower()) and tag != last:
                return f"{head} {tag}".lstrip() if head else tag
        return None


class AnnotationDialog(ModalScreen[AnnotationDraft | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="annotate.save"),
        Binding("escape", "cancel", "Cancel", id="annotate.cancel"),
    ]

    DEFAULT_CSS = """
    AnnotationDialog { align: center middle; }
    AnnotationDialog > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1; }
    AnnotationDialog #quote { max-height: 4; color: $text-muted; text-style: italic; }
    AnnotationDialog TextArea { height: 6; }
    AnnotationDialog Input, AnnotationDialog Select { width: 1fr; }
    AnnotationDialog .row { height: auto; }
    AnnotationDialog #hint { color: $text-muted; }
    """

    def __init__(self, quote: str, *, note: str = "", tags: tuple[str, ...] = (), colour: str = "yellow",
                 known_tags: list[str] | None = None, title: str = "Annotate") -> None:
        super().__init__()
        self.quote = quote
        self.initial = AnnotationDraft(note, tags, colour if colour in COLOURS else "yellow")
        self.known_tags = known_tags or []
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.dialog_title, style="bold"))
            yield Static(Text("“" + quote_excerpt(self.quote) + "”"), id="quote")
            yield Label("Note")
            yield TextArea(self.initial.note, id="note", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="row"):
                yield Input(" ".join(self.initial.tags), placeholder="tags, e.g. sanctions follow-up",
                            suggester=TagSuggester(self.known_tags), id="tags")
                yield Select([(colour, colour) for colour in COLOURS], value=self.initial.colour,
                             allow_blank=False, id="colour")
            yield Static(Text("ctrl+s save · escape cancel · tab next field · → accepts a tag"), id="hint")

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note", TextArea).text.strip()
        tags = parse_tags(self.query_one("#tags", Input).value)
        colour = self.query_one("#colour", Select).value
        self.dismiss(AnnotationDraft(note, tags, str(colour)))

    def action_cancel(self) -> None:
        self.dismiss(None)
