"""Corpus search in the app: type with a typo, open the hit, step through matches."""

from __future__ import annotations

from pathlib import Path

from tui.config.state import ReadingState
from tui.ui.app import BriefingApp
from tui.ui.screens.search import SearchScreen, snippet


def make_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-energy.md").write_text(
        "---\ntitle: Energy outlook\n---\n\nGas prices rose again this winter.\n\n"
        "Pipeline politics dominated the summit.\n"
    )
    (folder / "b-steel.md").write_text(
        "---\ntitle: Steel dispute\n---\n\nThe tariffs on steel were raised.\n\n"
        "Brussels answered the steel tariffs with countermeasures. More tariffs may follow.\n"
    )
    return folder


async def ready(app: BriefingApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # the index worker starts after loading
    await pilot.pause()
    assert app.search_index is not None


async def wait_for_results(screen: SearchScreen, pilot) -> None:
    for _ in range(100):
        await pilot.pause(0.02)
        if screen.targets:
            return
    raise AssertionError("no search results arrived")


async def test_typo_query_opens_the_passage_and_n_steps(tmp_path: Path) -> None:
    app = BriefingApp([make_corpus(tmp_path)], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        assert app.current.title == "Energy outlook"
        app.reader.focus()
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"countermesures")  # one letter missing
        await wait_for_results(screen, pilot)
        await pilot.press("enter")
        assert app.current.title == "Steel dispute"
        text = app.current.text
        assert text[app.reader.cursor :].startswith("countermeasures")
        assert "1/1" in app.match_status()

        await pilot.press("ctrl+o")  # back to where we were
        assert app.current.title == "Energy outlook"


async def test_matches_in_the_document_and_counter(tmp_path: Path) -> None:
    app = BriefingApp([make_corpus(tmp_path)], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        app.open_document(next(d for d in app.documents if d.title == "Steel dispute"))
        await pilot.press("s")  # this document only
        screen = app.screen
        await pilot.press(*"tariffs")
        await wait_for_results(screen, pilot)
        assert "3 matches" in str(screen.query_one("#search-status").render())
        await pilot.press("enter")
        assert app.match_status().endswith("1/3")
        await pilot.press("n")
        assert app.match_status().endswith("2/3")
        await pilot.press("N", "N")
        assert app.match_status().endswith("3/3")  # wrapped around
        hits = app.reader.spans_of("hit")
        assert [h.data for h in hits].count("current") == 1


async def test_escape_leaves_everything_as_it_was_and_history_is_kept(tmp_path: Path) -> None:
    app = BriefingApp([make_corpus(tmp_path)], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        app.reader.focus()
        await pilot.press("space")
        before = (app.current, app.reader.cursor)
        await pilot.press("slash", *"steel")
        await wait_for_results(app.screen, pilot)
        await pilot.press("escape")
        assert (app.current, app.reader.cursor) == before
        await pilot.press("slash", *"pipeline")
        await wait_for_results(app.screen, pilot)
        await pilot.press("enter")
        assert app.state.searches[0] == "pipeline"
        await pilot.press("slash", "up")
        assert app.screen.query_one("#search-input").value == "pipeline"


def test_snippet_marks_matches_without_markup() -> None:
    text = "Intro. The [bold]tariffs[/bold] rose sharply."
    line = snippet(text, 0, len(text), [(text.index("tariffs"), text.index("tariffs") + 7)])
    assert "[bold]tariffs[/bold]" in line.plain
    assert any(span.style == "bold reverse" for span in line.spans)


async def test_results_say_when_more_exist_and_load_them(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(90):
        body = "Steel tariffs rose." if n < 20 else "Steel output fell."
        (folder / f"d{n:02}.md").write_text(f"---\ntitle: Note {n}\n---\n\n{body}\n")
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        app.reader.focus()
        await pilot.press("slash")
        screen = app.screen
        await pilot.press(*"steel tariffs ")
        await wait_for_results(screen, pilot)
        await pilot.pause(0.2)
        status = str(screen.query_one("#search-status").render())
        assert "60 of" in status and "every word in 20 passages" in status
        results = screen.query_one("#search-results")
        prompts = [results.get_option_at_index(i).prompt.plain for i in range(results.option_count)]
        rule = next(i for i, p in enumerate(prompts) if "only some of the words" in p)
        assert all("tariffs" in p.lower() for p in prompts[:rule] if p.startswith("  "))
        assert "more" in prompts[-1]
        results.focus()
        results.highlighted = results.option_count - 1
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if len(screen.targets) > 60:
                break
        assert len(screen.targets) == 90
        await pilot.press("escape")
        assert app.state.searches[0] == "steel tariffs"  # remembered though no hit was opened


async def test_a_filter_only_search_lists_and_marks_the_mentions(tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "talks.md").write_text("---\ntitle: Talks\n---\n\nChina demanded that the United States lift "
                                     "its sanctions.\n\nThe weather was mild.\n")
    app = BriefingApp([folder], state=ReadingState())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.reader.focus()
        await pilot.press("slash", *"actor:CHN")
        screen = app.screen
        await wait_for_results(screen, pilot)
        results = screen.query_one("#search-results")
        prompts = [results.get_option_at_index(i).prompt.plain for i in range(results.option_count)]
        assert any("China demanded" in p for p in prompts)
        await pilot.press("enter")
        assert "no matches" not in app.match_status()
        assert app.current.text[app.reader.cursor :].startswith("China")
