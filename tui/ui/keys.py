"""Which keys type text, and the bindings that stay honest while a text box has the focus.

A text box (the document filter, the search box, a dialog's note) takes every
printable key, so a binding on a printable key cannot fire there: it must not
be advertised in the footer either. Keys with ctrl/alt, function keys, enter,
escape and tab still reach their bindings.
"""

from __future__ import annotations

from textual.binding import ActiveBinding
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

# Key names Textual does not map back to their character.
_NAMED = {"plus": "+", "minus": "-", "slash": "/", "at": "@", "backslash": "\\", "underscore": "_"}


def is_typed_key(key: str) -> bool:
    """True for a key that a text box would take as a character ("q", "?", "space", ">")."""
    character = _NAMED.get(key) or key_to_character(key)
    return character is not None and len(character) == 1 and character.isprintable()


def takes_typing(widget: Widget | None) -> bool:
    return isinstance(widget, (Input, TextArea))


def honest_bindings(bindings: dict[str, ActiveBinding], focused: Widget | None) -> dict[str, ActiveBinding]:
    """Drop the bindings on printable keys while a text box has the focus (it takes those keys)."""
    if not takes_typing(focused):
        return bindings
    return {key: active for key, active in bindings.items() if not is_typed_key(key)}


class HonestBindings:
    """For screens: the footer (and the help) show only keys that act where the focus is."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return honest_bindings(super().active_bindings, self.focused)  # type: ignore[misc]


class HonestScreen(HonestBindings, Screen):
    """The main screen."""
