"""Markdown as written: list numbers, tables in columns, linked footnotes, inline code."""

from __future__ import annotations

from pathlib import Path

from tui.config.state import ReadingState
from tui.loaders import load_document
from tui.ui.app import BriefingApp
from tui.ui.layout import Layout

SOURCE = """# Title

Text with a note[^1] and `code` here.

3. three
4. four
5. five

| Country | Measure | Year |
|---|---|---|
| China | export licences | 2023 |
| Netherlands | servicing | 2026 |

| Actor | Statement |
|---|---|
| China | The commerce ministry said the restrictions were a legitimate measure to safeguard national security |

[^1]: The note itself.
"""


def load(tmp_path: Path):
    path = tmp_path / "doc.md"
    path.write_text(SOURCE)
    return load_document(path)


def rendered(document, layout: Layout) -> list[str]:
    text = document.text
    out = []
    for line in layout.lines:
        body, position = "", line.start
        for offset, spaces in line.pads:
            body += text[position:offset] + " " * spaces
            position = offset
        out.append(line.prefix + body + text[position : line.end])
    return out


def test_the_canonical_text_holds_no_markup_and_offsets_stay_exact(tmp_path: Path) -> None:
    document = load(tmp_path)
    assert "[^1]" not in document.text and "note[1]" in document.text
    for span in document.styles:
        assert 0 <= span.start <= span.end <= len(document.text)
    cells = [document.text[s.start : s.end] for s in document.styles if s.kind == "cell"]
    assert cells[:3] == ["Country", "Measure", "Year"]


def test_numbered_lists_keep_their_numbers(tmp_path: Path) -> None:
    document = load(tmp_path)
    lines = rendered(document, Layout(document, 76))
    assert "3. three" in lines and "4. four" in lines and "5. five" in lines


def test_tables_line_up_in_columns_or_wrap_as_records(tmp_path: Path) -> None:
    document = load(tmp_path)
    lines = rendered(document, Layout(document, 76))
    rows = [line for line in lines if " | " in line]
    assert rows[0].index("|") == rows[1].index("|") == rows[2].index("|")
    assert any(line.strip().startswith("Statement  The commerce ministry") for line in lines)
    assert all(len(line) <= 76 for line in lines)


def test_footnote_references_lead_to_the_note_and_back(tmp_path: Path) -> None:
    import asyncio

    document = load(tmp_path)
    app = BriefingApp([tmp_path / "doc.md"], state=ReadingState())

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            reader = app.reader
            reader.move_cursor(document.text.index("Text with"))
            reader.focus()
            await pilot.press("L")
            await pilot.pause()
            assert app.current.text[reader.cursor :].startswith("[1] The note itself")
            await pilot.press("ctrl+o")
            assert app.current.text[reader.cursor :].startswith("Text with")

    asyncio.run(run())
