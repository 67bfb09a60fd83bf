"""The help screen, generated from the bindings that are in force (keymap included)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from tui.ui.keys import _NAMED as _NAMED_CHARACTERS
from tui.ui.keys import is_typed_key


def binding_rows(sections: Iterable[tuple[str, Iterable[Binding]]],
                 keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(section, keys, description) for every described binding, keymap applied."""
    rows = []
    for section, bindings in sections:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            rows.append((section, key_names(keys), binding.description))
    return rows


# Names a person reads, where the key's character is not enough.
_NAMES = {"space": "space", "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End",
          "escape": "esc", "enter": "enter", "tab": "tab", "delete": "Del", "backspace": "⌫",
          "up": "↑", "down": "↓", "left": "←", "right": "→"}


def key_name(key: str) -> str:
    """One key as typed: "greater_than_sign" -> ">", "ctrl+f" -> "ctrl+f", "shift+right" -> "shift+→"."""
    key = key.strip()
    modifiers, _, base = key.rpartition("+")
    if base in _NAMES:
        name = _NAMES[base]
    elif is_typed_key(base):
        name = _NAMED_CHARACTERS.get(base) or key_to_character(base) or base
    else:
        name = base
    return f"{modifiers}+{name}" if modifiers else name


def key_names(keys: str) -> str:
    return " ".join(key_name(key) for key in keys.split(",") if key.strip())


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding("space,f,pagedown", "scroll('page_down')", "Page down", show=False, id="help.page-down"),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False, id="help.page-up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.bottom"),
    ]

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
            yield Static(Text("briefing — keys (j/k, space/b, g/G scroll; escape closes)", style="bold"))
            yield Static(table)
            if self.extra:  # our own Markdown (the search syntax), never document text
                yield Markdown(self.extra)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_scroll(self, where: str) -> None:
        view = self.query_one(VerticalScroll)
        {"down": view.scroll_down, "up": view.scroll_up, "page_down": view.scroll_page_down,
         "page_up": view.scroll_page_up, "home": view.scroll_home, "end": view.scroll_end}[where](animate=False)

    def action_dismiss(self) -> None:
        self.dismiss()
