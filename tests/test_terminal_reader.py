"""The installed reader in a real 80x24 terminal, as a user over SSH would see it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import BRIEFING, Terminal, require_tmux, terminal_env

pytestmark = pytest.mark.terminal

HOSTILE = (
    "Hostile briefing\n\n"
    "Title attack \x1b]2;PWNED-TITLE\x07 and clipboard \x1b]52;c;UFdORUQ=\x07 here.\n\n"
    "Colour \x1b[31;1mRED\x1b[0m and clear \x1b[2J\x1b[H and reset \x1bc and C1 \x9b31m done.\n\n"
    "Markup [@click=app.quit]quit[/] and [bold red]styled[/] stay literal.\n"
)


@pytest.fixture
def terminal_factory(tmp_path: Path):
    require_tmux()
    terminals: list[Terminal] = []

    def start(*args: str, width: int = 80, height: int = 24, **env: str) -> Terminal:
        terminal = Terminal([str(BRIEFING), *args], width=width, height=height,
                            env=terminal_env(tmp_path / "home", **env))
        terminals.append(terminal)
        return terminal

    yield start
    for terminal in terminals:
        terminal.close()


def test_opens_the_bundled_briefings_and_reads_one(terminal_factory) -> None:
    terminal = terminal_factory()
    terminal.wait_for("type to filter")
    terminal.keys("united", literal=True)  # typing in the list filters it
    terminal.wait_for("The United States")  # the seed briefing
    terminal.keys("Enter")
    screen = terminal.wait_for("›")
    assert "type to filter" not in screen  # the list floats away at 80x24
    terminal.keys("q")
    terminal.wait_until_dead()


def test_escape_sequences_in_a_document_do_nothing(terminal_factory, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(HOSTILE.encode("utf-8"))
    terminal = terminal_factory(str(hostile), NO_COLOR="1")
    title_before = terminal.title()
    terminal.wait_for("Hostile briefing")
    terminal.keys("Enter")
    screen = terminal.wait_for("Markup")
    assert "PWNED" not in terminal.title()
    assert terminal.title() == title_before or "briefing" in terminal.title()
    assert "Hostile briefing" in screen  # nothing cleared the screen
    assert "␛" in screen  # ESC shown as a visible symbol
    assert "[@click=app.quit]quit[/]" in screen  # markup shown, not run
    assert "[bold red]styled[/]" in screen
    terminal.keys("q")
    terminal.wait_until_dead()


def test_version_and_cat(tmp_path: Path) -> None:
    import subprocess

    require_tmux()
    version = subprocess.run([str(BRIEFING), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("briefing ")
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(HOSTILE.encode("utf-8"))
    cat = subprocess.run([str(BRIEFING), "cat", str(hostile)], capture_output=True, text=True, check=True)
    assert "\x1b" not in cat.stdout and "\x9b" not in cat.stdout
    assert "␛]2;PWNED-TITLE␇" in cat.stdout


def test_escape_sequences_in_a_file_name_do_nothing(terminal_factory, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "title\x1b]2;PWNED-NAME\x07.md").write_text("Plain body with no heading.\n")
    (folder / "bad\x1b[2J.txt").write_bytes(b"\x00binary")
    terminal = terminal_factory(str(folder))
    title_before = terminal.title()
    screen = terminal.wait_for("␛")  # the name, shown with a visible ESC
    assert "PWNED" not in terminal.title() and terminal.title() == title_before
    screen = terminal.wait_for("Commands")  # nothing cleared the screen (the footer is drawn)
    assert "␛" in screen
    terminal.keys("q")
    terminal.wait_until_dead()


def test_the_next_run_reopens_the_same_place(terminal_factory) -> None:
    first = terminal_factory()
    first.wait_for("type to filter")
    first.keys("indus", literal=True)
    first.wait_for("Chenab")
    first.keys("Enter")
    first.wait_for("a Annotate")  # the reader has the focus (its keys are in the footer)
    first.keys("Space", "Space")
    screen = first.wait_for_absence(" 0%")
    place = screen.splitlines()[0].split()[-1]  # e.g. "34%"
    first.keys("q")
    first.wait_until_dead()

    second = terminal_factory()
    screen = second.wait_for(place)
    assert "Chenab" in screen.splitlines()[0]
    assert "type to filter" not in screen  # straight back into the text
    screen = second.wait_for("›")  # the remembered place is shown, with the cursor on it
    assert "India Fast-Tracks" not in screen.splitlines()[1]
    second.keys("q")
    second.wait_until_dead()


def test_every_key_typed_in_the_filter_goes_into_it(terminal_factory) -> None:
    terminal = terminal_factory()
    terminal.wait_for("type to filter")
    terminal.keys("iraq", literal=True)  # q no longer quits
    screen = terminal.wait_for("iraq")
    assert not terminal.dead()
    assert " q Quit" not in screen  # the footer offers no key that would type instead
    terminal.keys("C-u")  # a binding of the box: it acts after keys typed at the same instant
    terminal.wait_for("type to filter")
    terminal.keys("indus?d", literal=True)  # ? and d type too
    screen = terminal.wait_for("indus?d")
    assert "Help" not in screen.splitlines()[1]
    terminal.keys("BSpace", "BSpace")
    terminal.wait_for("Chenab")
    terminal.keys("Escape")
    screen = terminal.wait_for("q Quit")  # the filter is cleared and inactive: commands work
    assert "type to filter" in screen
    terminal.keys("Escape")
    screen = terminal.wait_for_absence("type to filter")  # a second escape leaves the list
    terminal.keys("q")
    terminal.wait_until_dead()


def test_a_file_named_on_the_command_line_opens_without_the_list(terminal_factory, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("Quarterly report\n\n" + "The ministry said the talks would continue. " * 60 + "\n")
    terminal = terminal_factory(str(report), width=100)
    screen = terminal.wait_for("Quarterly report")
    assert "type to filter" not in screen and "›" in screen
    terminal.keys("q")
    terminal.wait_until_dead()
