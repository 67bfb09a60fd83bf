"""A whole session in a real 80x24 terminal with TERM=xterm, driven by keys only.

Open a briefing, jump to a position, search with a typo, open the hit,
annotate it, quit, then check the annotation outlived the session.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.terminal import BRIEFING, Terminal, require_tmux, terminal_env

pytestmark = pytest.mark.terminal


def test_read_jump_search_annotate_quit(tmp_path: Path) -> None:
    require_tmux()
    home = tmp_path / "home"
    terminal = Terminal([str(BRIEFING)], env=terminal_env(home))
    try:
        terminal.wait_for("type to filter")
        terminal.keys("chip", literal=True)
        terminal.wait_for("Chip-Tool")
        terminal.keys("Enter")
        terminal.wait_for("Overview")

        # The positions panel floats over the reader at 80x24; moving on it marks sentences.
        terminal.keys("p")
        screen = terminal.wait_for("Positions")
        terminal.wait_for("positions")  # the caption "N positions" once analysis is in
        terminal.keys("Down", "Down", "Down", "Enter")
        screen = terminal.wait_for_absence("Positions")  # the panel closes after the jump
        assert "›" in screen

        # Corpus search with a typo in the last word; enter opens the best passage.
        terminal.keys("/")
        terminal.wait_for("search all briefings")
        terminal.keys("rare-earth magnts", literal=True)
        screen = terminal.wait_for("passages in")
        terminal.keys("Enter")
        screen = terminal.wait_for("/rare-earth magnts")  # the match counter in the title bar
        assert re.search(r"magnts \d+/\d+", screen)

        # Annotate the cursor's sentence with a note and a tag.
        terminal.keys("a")
        terminal.wait_for("ctrl+s save")
        terminal.keys("check export numbers", literal=True)
        terminal.keys("Tab")
        time.sleep(0.3)  # focus moves after the key is handled; a person is never faster
        terminal.keys("follow-up", literal=True)
        terminal.keys("C-s")
        terminal.wait_for_absence("ctrl+s save")
        terminal.keys("M")
        terminal.wait_for("search notes and quotes")  # the annotations screen (the save notice names the tag too)
        screen = terminal.wait_for("check export numbers")
        assert "#follow-up" in screen
        terminal.keys("Escape")  # ESC then q at once would read as alt+q
        terminal.wait_for_absence("search notes and quotes")
        terminal.keys("q")
        terminal.wait_until_dead()
    finally:
        terminal.close()

    listed = subprocess.run([str(BRIEFING), "--data-dir", str(home), "annotations", "list"],
                            capture_output=True, text=True, check=True)
    assert "check export numbers" in listed.stdout
