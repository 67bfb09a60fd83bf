"""The help screen, generated from the bindings that are in force (keymap included)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static


def binding_rows(sections: Iterable[tuple[str, Iterable[Binding]]], keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(section, keys, description) for every described binding, keymap applied."""
    rows = []
    for section, bindings in sections:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            rows.append((section, _display(keys), binding.description))
    return rows


def _display(keys: str) -> str:
    names = {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?",
             "slash": "/", "right_parenthesis": ")", "left_parenthesis": "(", "space": "space"}
    return " ".join(names.get(key.strip(), key.strip()) for key in keys.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: 90%; border: round $accent;
        background: $panel; padding: 0 1; }
    """

    def __init__(self, rows: list[tuple[str, str, str]], extra: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.extra = extra

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1))
        table.add_column("keys", style="bold", no_wrap=True, ratio=1)
        table.add_column("action", ratio=3)
        section = None
        for name, keys, description in self.rows:
            if name != section:
                table.add_row(Text(name, style="underline"), "")
                section = name
            table.add_row(Text(keys), Text(description))
        with VerticalScroll():
            yield Static(Text("briefing — keys (escape closes)", style="bold"))
            yield Static(table)
            if self.extra:  # our own Markdown (the search syntax), never document text
                yield Markdown(self.extra)

    def action_dismiss(self) -> None:
        self.dismiss()
