"""A document whose front matter holds OSC 2, OSC 52 and CSI 2J, opened in a real terminal
that obeys them (tmux with set-clipboard on and allow-rename on): nothing happens."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks.hostile_corpus import YAML_ATTACKS
from tests.terminal import BRIEFING, Terminal, require_tmux, terminal_env

pytestmark = pytest.mark.terminal

FRONT_MATTER = (
    "---\n"
    f'title: "Hostile {YAML_ATTACKS[0]} {YAML_ATTACKS[1]} {YAML_ATTACKS[2]} end"\n'
    f'source: "Wire {YAML_ATTACKS[1]}"\n'
    f'tags: ["t{YAML_ATTACKS[0]}", "c{YAML_ATTACKS[1]}", "x{YAML_ATTACKS[4]}y"]\n'
    "---\n\n"
    "# Heading &#x202E;txet&#x202C; &#x1b;]2;ENTITY&#x1b;\\\n\n"
    "SENTINEL The minister said the talks would resume.\n"
)


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def test_front_matter_escapes_reach_neither_title_clipboard_nor_screen(tmp_path: Path) -> None:
    require_tmux()
    document = tmp_path / "hostile.md"
    document.write_text(FRONT_MATTER)
    terminal = Terminal([str(BRIEFING), str(document)], env=terminal_env(tmp_path / "home", NO_COLOR="1"))
    try:
        # Make tmux obey what a program sends: rename the pane, set its clipboard.
        _tmux("set-option", "-t", terminal.name, "set-clipboard", "on")
        _tmux("set-window-option", "-t", terminal.name, "allow-rename", "on")
        _tmux("set-option", "-t", terminal.name, "allow-passthrough", "off")
        buffers_before = _tmux("list-buffers")
        screen = terminal.wait_for("SENTINEL")  # a file named on the command line opens in the reader
        terminal.keys("d")
        screen += terminal.wait_for("Wire")  # the document list: title and source
        terminal.keys("Escape")  # leaves the list (its filter takes every letter)
        terminal.wait_for("SENTINEL")
        assert "PWNED" not in terminal.title() and "ENTITY" not in terminal.title()
        assert "PWNED" not in _tmux("display", "-p", "-t", terminal.name, "#{window_name}")
        assert _tmux("list-buffers") == buffers_before  # OSC 52 wrote no buffer
        assert "ZXZpbA" not in _tmux("show-buffer")  # "evil", base64
        assert "␛]2;PWNED" in screen  # shown, visibly, one for one
        assert "SENTINEL" in terminal.screen()  # CSI 2J cleared nothing
        terminal.keys("q")
        terminal.wait_until_dead()
    finally:
        terminal.close()


def test_the_reader_starts_over_a_damaged_annotation_and_says_so(tmp_path: Path) -> None:
    import sqlite3

    from tui.annotations.store import open_store
    from tui.loaders import load_document

    require_tmux()
    document = tmp_path / "talks.md"
    document.write_text("# Talks\n\nSENTINEL Officials met in Geneva. The envoy left early.\n")
    home = tmp_path / "home"
    loaded = load_document(document)
    with open_store(home / "data") as store:
        bad = store.add(loaded, loaded.text.index("Officials"), loaded.text.index(" in Geneva"))
        store.add(loaded, loaded.text.index("The envoy"), loaded.text.index(" left"))
    with sqlite3.connect(home / "data" / "annotations.sqlite3") as connection:
        connection.execute("UPDATE annotations SET tags = CAST(? AS TEXT) WHERE id = ?", (b'["x"}', bad.id))
    exit_file = tmp_path / "exit-status"
    # the shell writes the reader's exit status: tmux's own pane_dead_status is not always set
    command = ["sh", "-c", '"$0" "$1"; echo $? > "$2"', str(BRIEFING), str(document), str(exit_file)]
    terminal = Terminal(command, width=120, height=30, env=terminal_env(home, NO_COLOR="1"))
    try:
        screen = terminal.wait_for("damaged")
        assert "annotations repair" in screen
        terminal.wait_for("Talks")  # the document still opens
        terminal.keys("q")
        terminal.wait_until_dead()
        assert exit_file.read_text().strip() == "0"
    finally:
        terminal.close()
