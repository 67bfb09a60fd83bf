"""The reader in daily use: keys typed in the filter, panels at 80x24, the place and the jump list."""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_analysis import BRIEFING, analysed_app
from tests.test_ui_reader import started, write_corpus
from tui.config.state import ReadingState
from tui.ui.app import BriefingApp
from tui.ui.keys import is_typed_key

REPO = Path(__file__).resolve().parent.parent


def test_typed_keys() -> None:
    assert all(is_typed_key(key) for key in ("q", "G", "question_mark", "slash", "space", "greater_than_sign"))
    assert not any(is_typed_key(key) for key in ("ctrl+f", "escape", "enter", "tab", "shift+tab", "down"))


async def test_every_printable_key_goes_into_the_filter(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        documents = app.document_list
        assert app.focused is documents.options
        # "i" is no command, so it starts the filter; then q, k, j, ?, d, p and / all type.
        await pilot.press(*"iraq", "k", "j", "question_mark", "d", "p", "slash", "space")
        await pilot.pause()
        assert documents.filter_input.value == "iraqkj?dp/ "
        assert app.is_running and len(app.screen_stack) == 1
        # While the filter is active the footer offers no printable key (they type).
        assert not [key for key in app.active_bindings if is_typed_key(key)]
        await pilot.press("escape")
        assert documents.filter_input.value == ""
        assert app.focused is documents.options
        assert "q" in app.active_bindings  # commands are back
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.reader
        assert documents.has_class("-hidden")


async def test_pakistan_filters_without_moving_the_list(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Notes on Iraq\n---\n\nText.\n")
    (folder / "b.md").write_text("---\ntitle: Pakistan and India\n---\n\nText.\n")
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("a")  # no command: starts the filter
        await pilot.press(*"kistan")
        assert app.document_list.filter_input.value == "akistan"
        assert [d.title for d in app.document_list.shown] == ["Pakistan and India"]
        await pilot.press("enter")
        assert app.current.title == "Pakistan and India"


async def test_one_document_starts_with_the_list_closed(tmp_path: Path) -> None:
    single = tmp_path / "report.txt"
    single.write_text("Report\n\n" + "The ministry said the talks would continue. " * 40 + "\n")
    app = BriefingApp([single], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        assert app.document_list.has_class("-hidden")
        assert app.focused is app.reader


async def test_the_remembered_place_is_shown_with_the_cursor(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    state = ReadingState()
    first = BriefingApp([corpus], state=state)
    async with first.run_test(size=(80, 24)) as pilot:
        await started(first, pilot)
        first.reader.focus()
        await pilot.press("G")
        await pilot.pause()
        offset = first.reader.cursor
        assert offset > 1000
    again = BriefingApp([corpus], state=state)
    async with again.run_test(size=(80, 24)) as pilot:
        await started(again, pilot)
        await pilot.pause()
        reader = again.reader
        assert reader.cursor == offset
        top, bottom = reader.visible_range()
        assert top <= reader.layout_lines.line_of(offset) < bottom
        assert top > 0


async def test_positions_drawer_at_80x24(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    filler = "The weather in Geneva was mild that week and the talks went on. " * 30
    (folder / "talks.md").write_text(BRIEFING.replace("The weather", filler + "\n\nThe weather"))
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        app.reader.focus()
        await pilot.press("p")
        await pilot.pause()
        side, reader = app.side_panel, app.reader
        # A drawer along the bottom, the full width; the reader keeps the rows above it.
        assert side.region.width == 80 and side.region.y > reader.region.y
        assert reader.region.height >= 8 and reader.region.bottom <= side.region.y
        view = app.positions_view
        index = next(i for i, p in enumerate(view._entries) if p is not None and p.holder == "EU")
        view.options.highlighted = index  # as if moved there with the arrow keys
        await pilot.pause()
        position = view._entries[view.options.highlighted]
        assert position.holder == "EU"
        line = reader.layout_lines.line_of(position.sentence_start)
        top, bottom = reader.visible_range()
        assert top <= line < bottom  # the marked sentence is not behind the panel
        prompt = view.options.get_option_at_index(view.options.highlighted).prompt
        lines = prompt.plain.split("\n")
        assert lines[0].startswith("European Union criticism → Russia")
        assert "cyberattack" in lines[0]
        assert 2 <= len(lines) <= 3 and "criticised" in prompt.plain
        assert all(len(text) <= 78 for text in lines)
        # Both panels open: the text is still visible.
        await pilot.press("d")
        await pilot.pause()
        assert reader.region.height > 0 and reader.region.width - 34 > 20


async def test_escape_clears_the_side_panel_filter_and_tabs_keep_working(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks.md").write_text(BRIEFING)
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        app.reader.focus()
        await pilot.press("p", "p", "greater_than_sign")  # hide, show, Actors
        await pilot.pause()
        assert app.side_panel.tabs.active == "tab-actors"
        await pilot.press("enter")
        await pilot.pause()
        view = app.positions_view
        assert view.filter is not None and app.side_panel.tabs.active == "tab-positions"
        assert app.focused is view.options
        await pilot.press("escape")
        assert view.filter is None
        await pilot.press("greater_than_sign")
        assert app.side_panel.tabs.active == "tab-actors"
        await pilot.press("less_than_sign", "escape")
        await pilot.pause()
        assert app.focused is app.reader


async def test_browsing_positions_and_the_outline_records_a_jump(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    filler = "## Background\n\n" + "The weather in Geneva was mild that week and the talks went on. " * 40
    (folder / "talks.md").write_text(filler + "\n\n## Talks\n\n" + BRIEFING.split("---\n\n", 1)[1])
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        reader = app.reader
        reader.focus()
        start = reader.cursor
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("down")  # browsing moves the reader
        await pilot.pause()
        assert reader.cursor != start
        await pilot.press("escape")  # leave the panel without choosing
        await pilot.pause()
        assert app.focused is reader
        await pilot.press("ctrl+o")
        assert reader.cursor == start
        # The outline: enter on a heading records the place before it.
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("less_than_sign")
        assert app.side_panel.tabs.active == "tab-outline"
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Background, then Talks
        await pilot.pause()
        assert app.current.text[reader.cursor :].startswith("Talks")
        await pilot.press("ctrl+o")
        assert reader.cursor == start


async def test_title_bar_follows_a_resize_and_help_reads_and_scrolls(tmp_path: Path) -> None:
    from tui.ui.screens.help import HelpScreen

    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 30)) as pilot:
        await started(app, pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        title = str(app.query_one("#title-bar").render())
        assert len(title.rstrip()) <= 78 and title.rstrip().endswith("%")
        app.reader.focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = [row[1] for row in app.screen.rows]
        assert ">" in keys and "<" in keys and not any("_sign" in k or "bracket" in k for k in keys)
        await pilot.press("G")
        await pilot.pause()
        from textual.containers import VerticalScroll

        view = app.screen.query_one(VerticalScroll)
        assert view.scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert view.scroll_y == 2
