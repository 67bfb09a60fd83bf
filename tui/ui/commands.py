"""The command palette: every action bound to a key, titled "Category: Verb".

Commands are gathered from the bindings of the app and of the widgets on the
screen, so a new binding (with an id and a description) appears here without
further work. The theme picker previews each theme as it is highlighted.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widgets import OptionList

# Category for each binding id prefix ("reader.next-heading" -> "Reader").
CATEGORIES = {
    "app": "App",
    "reader": "Reader",
    "documents": "Documents",
    "side": "Panel",
    "search": "Search",
    "annotations": "Annotations",
    "help": "Help",
}

# Nicer titles where a footer label is too terse; anything else is derived.
TITLES = {
    "app.quit": "App: Quit",
    "app.help": "Help: Show keys",
    "app.toggle-documents": "View: Toggle document list",
    "app.toggle-side": "View: Toggle side panel",
    "app.focus-next": "View: Focus next pane",
    "app.focus-previous": "View: Focus previous pane",
    "app.command-palette": None,  # the palette itself
    "help.close": None,
}


def command_title(binding: Binding) -> str | None:
    """ "Category: Verb" for a binding, or None when it should not be listed."""
    binding_id = binding.id or ""
    if binding_id in TITLES:
        return TITLES[binding_id]
    prefix = binding_id.split(".", 1)[0]
    category = CATEGORIES.get(prefix, prefix.replace("-", " ").title() or "App")
    verb = binding.tooltip or binding.description
    if not verb:
        return None
    return f"{category}: {verb[0].upper()}{verb[1:]}"


def gather_commands(app: App, screen: DOMNode) -> list[tuple[str, str, DOMNode, Binding]]:
    """(title, keys, node, binding) for every listed binding in the app and on ``screen``."""
    commands = []
    seen: set[str] = set()
    keymap = getattr(app, "_keymap", {}) or {}
    nodes: list[DOMNode] = [app, screen, *screen.walk_children()]
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("tui."):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.id or binding.id in seen:
                    continue
                title = command_title(binding)
                if title is None:
                    continue
                seen.add(binding.id)
                keys = keymap.get(binding.id, binding.key)
                commands.append((title, key_display(app, keys), node, binding))
    commands.append(("Theme: Choose", "", app, Binding("", "change_theme", "Choose theme")))
    return sorted(commands, key=lambda command: command[0])


def key_display(app: App, keys: str) -> str:
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, "")))
    return " ".join(shown)


class BriefingCommands(Provider):
    """App actions from their bindings."""

    def _commands(self) -> Iterator[tuple[str, str, object]]:
        for title, keys, node, binding in gather_commands(self.app, self.screen):
            yield title, keys, partial(self._run, binding.action, node)

    async def _run(self, action: str, node: DOMNode) -> None:
        await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for title, keys, callback in self._commands():
            yield DiscoveryHit(title, callback, help=keys or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, keys, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=keys or None)


# Theme picker with live preview ------------------------------------------------------
class ThemeCommands(Provider):
    """Every registered theme; highlighting one previews it."""

    def _themes(self) -> list[str]:
        """The project's themes and the user's (Textual's own are registered, not offered)."""
        offered = getattr(self.app, "offered_themes", None) or self.app.available_themes
        return sorted(name for name in offered if name in self.app.available_themes)

    def _choose(self, name: str) -> None:
        self.app.theme = name
        self.app._briefing_theme_chosen = True  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name in self._themes():
            yield DiscoveryHit(name, partial(self._choose, name), text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._themes():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._choose, name), text=name)


class ThemePalette(CommandPalette):
    """The command palette listing themes; escape restores the theme in use before."""

    def __init__(self) -> None:
        super().__init__(providers=[ThemeCommands], placeholder="Choose a theme (the screen previews it)…")
        self.original_theme: str | None = None

    def on_mount(self) -> None:
        self.original_theme = self.app.theme
        self.app._briefing_theme_chosen = False  # type: ignore[attr-defined]

    @on(OptionList.OptionHighlighted)
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        hit = getattr(event.option, "hit", None)
        name = getattr(hit, "text", None)
        if name and name in self.app.available_themes and name != self.app.theme:
            self.app.theme = name

    def on_unmount(self) -> None:
        # A chosen theme's command may run just after this and set it again.
        chosen = getattr(self.app, "_briefing_theme_chosen", False)
        if not chosen and self.original_theme and self.app.theme != self.original_theme:
            self.app.theme = self.original_theme


def choose_theme(app: App) -> None:
    app.push_screen(ThemePalette())
