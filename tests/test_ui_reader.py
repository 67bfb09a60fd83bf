"""Drive the reader with Pilot: open, move, resize, filter, remember."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config.state import ReadingState
from tui.ui.app import BriefingApp

PARAGRAPH = (
    "The ministry said the talks would continue. Officials from both sides met in Geneva "
    "to discuss sanctions, tariffs and the future of the agreement. "
)


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    body = "\n\n".join(f"## Section {n}\n\n" + PARAGRAPH * 6 for n in range(1, 9))
    (folder / "alpha.md").write_text(
        "---\ntitle: Alpha briefing\ndate: 2026-01-02\nsource: Desk A\n---\n\n# Alpha\n\n" + body
    )
    (folder / "beta.md").write_text("---\ntitle: Beta memo\ndate: 2026-02-03\n---\n\n" + PARAGRAPH)
    (folder / "gamma.txt").write_text("Gamma notes\n\nA plain text document about energy.\n")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


async def started(app: BriefingApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_lists_every_document_and_opens_the_first(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        titles = [d.title for d in app.document_list._shown]
        assert titles == ["Alpha briefing", "Beta memo", "Gamma notes"]
        assert app.current is not None and app.current.title == "Alpha briefing"


async def test_enter_opens_the_highlighted_document(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        app.document_list.options.focus()
        await pilot.press("down", "enter")
        assert app.current.title == "Beta memo"
        assert app.focused is app.reader


async def test_keys_move_through_the_document(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        app.reader.focus()
        await pilot.press("j", "j")
        assert app.reader.scroll_y == 2
        await pilot.press("space")
        assert app.reader.scroll_y > 20
        await pilot.press("k")
        page = app.reader.scroll_y
        await pilot.press("b")
        assert app.reader.scroll_y < page
        await pilot.press("G")
        assert app.reader.scroll_y == app.reader.max_scroll_y
        await pilot.press("g")
        assert app.reader.scroll_y == 0


async def test_heading_jumps(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        app.reader.focus()
        text = app.current.text
        await pilot.press("right_square_bracket")
        assert text[app.reader.cursor :].startswith("Section 1")
        await pilot.press("right_square_bracket")
        assert text[app.reader.cursor :].startswith("Section 2")
        await pilot.press("left_square_bracket")
        assert text[app.reader.cursor :].startswith("Section 1")


async def test_resize_rewraps_and_keeps_the_place(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(200, 40)) as pilot:
        await started(app, pilot)
        reader = app.reader
        wide_lines = len(reader.layout_lines)
        reader.focus()
        await pilot.press("space")
        top = reader.top_offset
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert len(reader.layout_lines) > wide_lines
        # The first line on screen still shows the text that was at the top (or just before it).
        line = reader.layout_lines.lines[int(reader.scroll_y)]
        assert line.start <= top < max(line.end, line.start + 1) or abs(line.start - top) < 200
        widest = max(line.end - line.start for line in reader.layout_lines.lines)
        assert widest <= reader.scrollable_content_region.width


async def test_typing_filters_the_list(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        app.document_list.options.focus()
        await pilot.press("m", "e", "m", "o")
        assert [d.title for d in app.document_list._shown] == ["Beta memo"]
        await pilot.press("enter")
        assert app.current.title == "Beta memo"


async def test_outline_jumps_to_a_heading(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await started(app, pilot)
        app.side_panel.tabs.active = "tab-outline"
        outline = app.side_panel.query_one("#outline-list")
        outline.focus()
        outline.highlighted = 3  # Alpha, Section 1, Section 2, Section 3
        await pilot.press("enter")
        assert app.current.text[app.reader.cursor :].startswith("Section 3")


async def test_remembers_document_and_position(corpus: Path, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        app.document_list.options.focus()
        await pilot.press("enter")
        await pilot.press("space", "space")
        await pilot.pause()
        offset = app.reader.cursor
        assert offset > 0
    app.state.save(state_file)

    again = BriefingApp([corpus], state=ReadingState.load(state_file))
    async with again.run_test(size=(100, 30)) as pilot:
        await started(again, pilot)
        assert again.current.title == "Alpha briefing"
        assert again.reader.cursor == offset


async def test_narrow_terminal_hides_panels_after_opening(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        assert app.side_panel.has_class("-hidden")
        app.document_list.options.focus()
        await pilot.press("enter")
        assert app.document_list.has_class("-hidden")
        await pilot.press("d")
        assert not app.document_list.has_class("-hidden")
        assert app.document_list.has_focus_within


async def test_help_lists_the_bindings(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(100, 40)) as pilot:
        await started(app, pilot)
        app.reader.focus()
        await pilot.press("question_mark")
        from tui.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        descriptions = [row[2] for row in app.screen.rows]
        assert "Next heading" in descriptions and "Quit" in descriptions
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_problems_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        assert len(app.documents) == 3
        assert any("broken.txt" in str(p) and "binary" in p.message for p in app.problems)
        assert any("broken.txt" in n.message for n in app._notifications)


async def test_side_panel_tabs_switch_with_angle_brackets(corpus: Path) -> None:
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await started(app, pilot)
        app.reader.focus()
        await pilot.press("p")  # hide
        await pilot.press("p")  # show and focus the active tab's content
        assert app.side_panel.tabs.active == "tab-positions"
        await pilot.press("greater_than_sign")
        assert app.side_panel.tabs.active == "tab-actors"
        assert app.focused is app.side_panel.query_one("#actors-list")
        await pilot.press("less_than_sign", "less_than_sign")
        assert app.side_panel.tabs.active == "tab-outline"
