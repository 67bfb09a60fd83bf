"""Actors, issues and positions in the app: painted after analysis, panels jump to sentences."""

from __future__ import annotations

from pathlib import Path

from tui.config.state import ReadingState
from tui.ui.app import BriefingApp

BRIEFING = (
    "---\ntitle: Talks\n---\n\n"
    "China demanded that the United States lift its sanctions. "
    "The weather in Geneva was mild. "
    "The European Union criticised Russia over the cyberattacks.\n"
)


async def analysed_app(tmp_path: Path, pilot, app: BriefingApp) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # the analysis worker starts when the document opens
    await pilot.pause()


def make_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks.md").write_text(BRIEFING)
    return folder


async def test_actors_and_issues_are_painted(tmp_path: Path) -> None:
    app = BriefingApp([make_corpus(tmp_path)], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        text = app.current.text
        actors = {text[s.start : s.end]: s.data for s in app.reader.spans_of("actor")}
        assert actors["China"] == "CHN"
        assert "USA" in actors.values() and "RUS" in actors.values()
        assert any(text[s.start : s.end].startswith("sanction") for s in app.reader.spans_of("issue"))
        app.reader.focus()
        await pilot.press("A")
        assert app.reader.spans_of("actor") == []
        await pilot.press("A")
        assert app.reader.spans_of("actor")


async def test_moving_on_a_position_marks_its_sentence(tmp_path: Path) -> None:
    app = BriefingApp([make_corpus(tmp_path)], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        view = app.positions_view
        holders = {position.holder for position in view.positions_shown}
        assert {"CHN", "EU"} <= holders
        index = next(i for i, p in enumerate(view._entries) if p is not None and p.holder == "EU")
        target = view._entries[index]
        view.options.focus()
        await pilot.pause()
        view.options.highlighted = index
        await pilot.pause()
        mark = app.reader.spans_of("mark")
        assert [(m.start, m.end) for m in mark] == [(target.sentence_start, target.sentence_end)]
        assert app.current.text[mark[0].start :].startswith("The European Union criticised")
        await pilot.press("enter")
        assert app.focused is app.reader
        assert app.reader.cursor == target.sentence_start


async def test_choosing_an_actor_filters_positions(tmp_path: Path) -> None:
    app = BriefingApp([make_corpus(tmp_path)], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        app.side_panel.tabs.active = "tab-actors"
        actors = app.side_panel.query_one("#actors-list")
        actors.focus()
        index = next(i for i in range(actors.option_count) if actors.get_option_at_index(i).id == "actor:RUS")
        actors.highlighted = index
        await pilot.press("enter")
        view = app.positions_view
        assert view.filter == ("actor", "RUS")
        assert all("RUS" in (p.holder, p.target) for p in view._visible_positions())
        assert app.side_panel.tabs.active == "tab-positions"
        assert app.current.text[app.reader.spans_of("mark")[0].start :].startswith("Russia")


READOUT = (
    "---\ntitle: Readout\ndate: 2022-01-21\nsource: The White House\n---\n\n"
    "President Biden met Prime Minister Kishida of Japan. "
    "He welcomed the decision to raise defense spending. "
    "Prime Minister Kishida condemned the missile launches.\n"
)


async def test_people_appear_under_their_actor_and_filter_the_positions(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "readout.md").write_text(READOUT)
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed_app(tmp_path, pilot, app)
        view = app.positions_view
        welcomed = next(p for p in view.positions_shown if p.cue == "welcomed")
        assert welcomed.holder == "USA" and welcomed.holder_person == "Joe Biden"
        assert view.options.get_option_at_index(view._entries.index(welcomed)).prompt.plain.startswith("Joe Biden (United States) ?")
        app.side_panel.tabs.active = "tab-actors"
        actors = app.side_panel.query_one("#actors-list")
        labels = [actors.get_option_at_index(i).prompt.plain for i in range(actors.option_count)]
        assert any(label.strip().startswith("Joe Biden — United States") for label in labels)
        actors.focus()
        actors.highlighted = next(i for i, label in enumerate(labels) if "Kishida" in label and "—" in label)
        await pilot.press("enter")
        assert view.filter[0] == "person" and "Kishida" in view.filter[1]
        assert [p.cue for p in view.visible_positions()] == ["condemned"]
