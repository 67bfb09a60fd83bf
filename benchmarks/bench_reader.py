"""Reader: first paint, opening large documents, rendering per page, memory, bytes per page."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.corpus import bundled_corpus, write_document
from benchmarks.terminal_bytes import bytes_per_page

Row = tuple[str, str, str, str]


async def _first_paint() -> float:
    from tui.config.state import ReadingState
    from tui.ui.app import BriefingApp

    started = time.perf_counter()
    app = BriefingApp([bundled_corpus()], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        while app.current is None:
            await pilot.pause(0.005)
        await pilot.pause()
        elapsed = time.perf_counter() - started
    return elapsed


async def _open_and_scroll(path: Path, pages: int) -> tuple[float, float, float]:
    """(open + first render seconds, ms per page scrolled, peak MB while opening)."""
    from tui.config.state import ReadingState
    from tui.loaders import load_document
    from tui.ui.app import BriefingApp

    app = BriefingApp([path.parent / "none"], state=ReadingState())
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.reader
        first_render: list[float] = []
        render_line = reader.render_line

        def timed_render_line(y: int):  # the first line drawn for the new document
            if not first_render and reader.document is not None:
                first_render.append(time.perf_counter())
            return render_line(y)

        reader.render_line = timed_render_line
        started = time.perf_counter()
        document = load_document(path)
        app.open_document(document)
        await pilot.pause()
        # The first paint, not the analysis that runs in a worker meanwhile.
        opened = first_render[0] - started
        reader.render_line = render_line
        await app.workers.wait_for_complete()  # analysis done: measure scrolling alone
        await pilot.pause()
        # Memory in a second pass: tracing slows everything down several times.
        tracemalloc.start()
        app.open_document(load_document(path))
        await pilot.pause()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        reader = app.reader
        height = reader.scrollable_content_region.height
        started = time.perf_counter()
        for _ in range(pages):
            reader.action_page_down()
            for y in range(height):  # what a refresh renders for the new page
                reader.render_line(y)
        per_page = (time.perf_counter() - started) / pages * 1000
    return opened, per_page, peak


def _bundled_as_one(path: Path) -> Path:
    """The bundled briefings end to end: a long document with real actor and issue density."""
    from tui.loaders import load_document

    texts = [load_document(file).text for file in sorted(bundled_corpus().iterdir()) if file.is_file()]
    path.write_text("\n\n".join(texts * 3), encoding="utf-8")
    return path


def run(quick: bool = False) -> list[Row]:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BRIEFING_HOME"] = str(Path(folder) / "home")
        paint = min(asyncio.run(_first_paint()) for _ in range(3))
        rows.append(("reader", "first paint, bundled corpus, 80x24", f"{paint:.2f} s", "<= 0.5 s"))
        for size_mb in (1,) if quick else (1, 5):
            path = write_document(Path(folder), size_mb * 2**20)
            opened, per_page, peak = asyncio.run(_open_and_scroll(path, pages=50))
            target = "<= 0.3 s" if size_mb == 1 else "-"
            rows.append(("reader", f"open + first render, {size_mb} MB", f"{opened:.2f} s", target))
            rows.append(("reader", f"render per page scrolled, {size_mb} MB", f"{per_page:.2f} ms", "<= 5 ms"))
            rows.append(("reader", f"peak memory opening {size_mb} MB (traced)", f"{peak:.0f} MB", "-"))
        sample = _bundled_as_one(Path(folder) / "scroll.md")
        for program, measured in bytes_per_page(sample).items():
            target = "<= 8 KB" if program == "briefing" else "reference"
            rows.append(("terminal", f"bytes per page down at 80x24, {program}", measured, target))
    return rows
