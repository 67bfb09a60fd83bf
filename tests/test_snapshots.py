"""Snapshots of the main screen at 80x24 and 160x48, in the default and the 16-colour theme.

The corpus is the small fixed one in tests/data/corpus. Update after an intended
change with ``pytest tests/test_snapshots.py --snapshot-update`` and read the SVGs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def make_app(theme: str):
    from tui.ui.app import BriefingApp
    from tui.ui.themes import configure, prepare

    startup = prepare(argparse.Namespace(paths=[], theme=theme))
    app = BriefingApp([CORPUS])
    configure(app, startup)
    return app


async def settle(pilot: Pilot) -> None:
    """Wait for the corpus to load; no blinking cursor in the picture."""
    app = pilot.app
    await app.workers.wait_for_complete()
    for widget in app.query(Input):
        widget.cursor_blink = False
    # Loading starts indexing and analysis, which start corpus analysis: wait for the chain.
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture(autouse=True)
def _no_colour_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)


@pytest.mark.parametrize("theme", ["briefing-dark", "ansi16"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen(snap_compare, theme: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(theme), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("theme", ["briefing-light", "high-contrast"])
def test_main_screen_other_themes(snap_compare, theme: str) -> None:
    assert snap_compare(make_app(theme), terminal_size=(80, 24), run_before=settle)


async def _reader(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("escape")  # leave the document list for the text, as a reader would
    await pilot.pause()


async def _positions(pilot: Pilot) -> None:
    await _reader(pilot)
    await pilot.press("p")
    await pilot.pause()
    await pilot.press("down")
    await pilot.pause(0.1)


async def _search(pilot: Pilot) -> None:
    await _reader(pilot)
    await pilot.press("slash", *"arctic council")
    screen = pilot.app.screen
    for _ in range(100):
        await pilot.pause(0.02)
        if getattr(screen, "targets", None):
            break
    for widget in screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause(0.1)


async def _help(pilot: Pilot) -> None:
    await _reader(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def _palette(pilot: Pilot) -> None:
    await _reader(pilot)
    await pilot.press("ctrl+p", *"theme")  # one theme command, ours (a short list: a stable picture)
    from textual.command import CommandList

    screen = pilot.app.screen
    counts = []
    for _ in range(100):  # the palette gathers its commands in a worker: wait until they are all in
        await pilot.pause(0.02)
        await screen.workers.wait_for_complete()
        counts.append(screen.query_one(CommandList).option_count)
        if len(counts) > 3 and counts[-1] == counts[-2] == counts[-3] > 0:
            break
    for widget in screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause(0.1)


async def _annotations(pilot: Pilot) -> None:
    await _reader(pilot)
    await pilot.press("h", "M")
    await pilot.pause(0.1)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("state", ["positions", "search", "help", "palette", "annotations"])
def test_screens_at_80x24(snap_compare, state: str) -> None:
    run_before = {"positions": _positions, "search": _search, "help": _help, "palette": _palette,
                  "annotations": _annotations}[state]
    assert snap_compare(make_app("briefing-dark"), terminal_size=(80, 24), run_before=run_before)
