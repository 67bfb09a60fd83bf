"""Select, annotate, find again: the annotation flow driven through the keyboard."""

from __future__ import annotations

from pathlib import Path

from tui.annotations import open_store
from tui.config.state import ReadingState
from tui.ui.app import BriefingApp
from tui.ui.dialogs.annotate import AnnotationDialog, parse_tags
from tui.ui.screens.annotations import AnnotationsScreen


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "one.md").write_text(
        "---\ntitle: One\n---\n\nFirst sentence about sanctions. Second sentence about tariffs. "
        "Third sentence about energy.\n\nAnother paragraph follows here.\n"
    )
    (folder / "two.md").write_text("---\ntitle: Two\n---\n\nNothing to see in this one.\n")
    return folder


async def opened(tmp_path: Path, pilot, app: BriefingApp) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.reader.focus()


async def test_select_annotate_and_find_again(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        await pilot.press("v", "j")  # the first sentence, extended by one
        assert app.reader.selection is not None
        start, end = app.reader.selection
        assert app.current.text[start:end] == "First sentence about sanctions. Second sentence about tariffs."
        await pilot.press("a")
        assert isinstance(app.screen, AnnotationDialog)
        await pilot.press(*"watch this")
        await pilot.press("tab")
        await pilot.press(*"trade, follow-up")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, AnnotationDialog)

        stored = app.store.all()
        assert len(stored) == 1
        assert stored[0].exact.startswith("First sentence") and stored[0].note == "watch this"
        assert stored[0].tags == ("trade", "follow-up")
        assert [s.kind for s in app.reader.spans_of("annotation")] == ["annotation"]

        # Find it again across the corpus by tag, and jump to it.
        app.open_document(next(d for d in app.documents if d.title == "Two"))
        await pilot.press("M")
        assert isinstance(app.screen, AnnotationsScreen)
        await pilot.press(*"#trade")
        await pilot.press("enter", "enter")
        assert app.current.title == "One"
        assert app.reader.cursor == start


async def test_highlight_delete_and_undo(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        await pilot.press("h")  # highlight the cursor's sentence without a dialog
        assert len(app.store.all()) == 1
        app.side_panel.tabs.active = "tab-annotations"
        notes = app.side_panel.query_one("#annotations-list")
        notes.focus()
        notes.highlighted = 0
        await pilot.press("x")
        assert app.store.all() == []
        await pilot.press("u")
        assert len(app.store.all()) == 1


async def test_annotations_survive_a_restart(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        await pilot.press("h")
    store = open_store()
    assert [a.exact for a in store.all()] == ["First sentence about sanctions."]


def test_tags_are_split_and_deduplicated() -> None:
    assert parse_tags("trade, #energy trade  follow-up") == ("trade", "energy", "follow-up")


async def test_mouse_drag_selects(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        reader = app.reader
        line = next(i for i, visual in enumerate(reader.layout_lines.lines)
                    if app.current.text[visual.start :].startswith("First"))
        await pilot.mouse_down(reader, offset=(2, line))
        await pilot.hover(reader, offset=(2 + len("First sentence"), line))
        await pilot.mouse_up(reader, offset=(2 + len("First sentence"), line))
        start, end = reader.selection
        assert app.current.text[start:end] == "First sentence"


async def test_export_goes_to_the_data_folder_under_a_new_name(tmp_path: Path, monkeypatch) -> None:
    from tui import paths

    corpus = write_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        await pilot.press("h", "E", "E")  # twice: the second never overwrites the first
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert not list(tmp_path.glob("briefing-annotations-*.md"))  # not the working directory
    exported = sorted((paths.data_dir() / "exports").glob("briefing-annotations-*.md"))
    assert len(exported) == 2
    assert all("> First sentence about sanctions." in path.read_text() for path in exported)
    assert any(str(exported[0]) in message and "1 annotation " in message for message in messages)


async def test_saving_an_annotation_confirms_and_tags_match_by_beginning(tmp_path: Path) -> None:
    from tui.ui.dialogs.annotate import AnnotationDialog, quote_excerpt
    from tui.ui.screens.annotations import filter_annotations

    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        await pilot.press("a")
        assert isinstance(app.screen, AnnotationDialog)
        await pilot.press(*"note")
        app.screen.query_one("#tags").value = "congress"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(n.message.startswith("Annotation saved #congress") for n in app._notifications)
        assert [a.tags for a in filter_annotations(app.store, "#cong")] == [("congress",)]
        assert filter_annotations(app.store, "#senate") == []
    long = "word " * 100
    assert quote_excerpt(long).endswith("…") and len(quote_excerpt(long)) <= 221


async def test_selection_extends_and_shrinks_by_sentence(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = BriefingApp([corpus], state=ReadingState())
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(tmp_path, pilot, app)
        text = app.current.text
        await pilot.press("v", "j", "j")
        start, end = app.reader.selection
        assert text[start:end].endswith("Third sentence about energy.")
        await pilot.press("k")
        start, end = app.reader.selection
        assert text[start:end] == "First sentence about sanctions. Second sentence about tariffs."
        await pilot.press("k", "k")  # never shrinks past the first sentence's end
        start, end = app.reader.selection
        assert text[start:end] == "First sentence about sanctions."
