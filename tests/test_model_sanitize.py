"""The sanitizer replaces every terminal control one-for-one and keeps newline and tab."""

from __future__ import annotations

import pytest

from tui.model.sanitize import is_safe, sanitize

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\n\t"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_is_replaced_by_one_visible_char(char: str) -> None:
    result = sanitize(f"a{char}b")
    assert len(result) == 3
    assert result[0] == "a" and result[2] == "b"
    assert result[1] != char and result[1].isprintable()
    assert is_safe(result)


def test_newline_and_tab_are_kept() -> None:
    text = "line one\n\tindented\n"
    assert sanitize(text) is text


@pytest.mark.parametrize(
    "attack",
    [
        "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
        "\x1b]2;pwned\x1b\\",  # OSC 2: set the window title
        "\x1b[31;1mred\x1b[0m",  # SGR colours
        "\x1b[2J\x1b[H",  # clear the screen, cursor home
        "\x9b31m",  # C1 CSI
    ],
)
def test_escape_sequences_become_inert(attack: str) -> None:
    result = sanitize(f"before {attack} after")
    assert len(result) == len(attack) + len("before  after")
    assert "\x1b" not in result and "\x07" not in result and "\x9b" not in result
    assert is_safe(result)
    assert result.startswith("before ") and result.endswith(" after")


def test_offsets_survive_sanitising() -> None:
    text = "A \x1b[2J B\x00C"
    result = sanitize(text)
    assert [result.index("B"), result.index("C")] == [text.index("B"), text.index("C")]


def test_keep_leaves_named_controls_for_the_loader() -> None:
    assert sanitize("page\fnext\x1b", keep="\f") == "page\fnext\u241b"
    assert "\f" not in sanitize("page\fnext")
