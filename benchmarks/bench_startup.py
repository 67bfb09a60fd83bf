"""Start-up on a large corpus: first paint, list filled, search index, corpus analysis, stalls.

A deterministic corpus of 1,000 (quick) or 10,000 generated Markdown
briefings (~5 KB each, the search benchmark's generator) is written to a
temporary folder with its own ``BRIEFING_HOME``. The app is started
headless (``run_test`` at 80x24) twice in a fresh Python process each time:
cold (empty caches) and warm (the caches the first run filled). Times are
from the start of the process (imports included) to:

* first paint: the first document is shown;
* all listed: every document is in the app's list;
* index ready: the search index is built or loaded;
* analysis done: every document is analysed (the search filters' facets).

A 10 ms interval timer runs on the event loop; the gaps between its ticks
show how long the loop could not run (a worker holding the GIL, or a slow
handler). The longest gap and the 99th percentile are reported per phase.

First, one new 5 MB document is opened on its own (nothing cached): the
stalls while it is shown, indexed and analysed, until its positions are in
the side panel. ``--document`` runs only that case; ``BENCH_VERBOSE=1``
prints every stall over 100 ms with when it happened.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE_QUICK = 1000
SIZE_FULL = 10_000
ANALYSIS_TIMEOUT = 300.0
PHASES = ("first paint", "all listed", "index ready", "analysis done")


def _child(folder: str, count: int) -> dict:
    """One start of the app (runs in its own process); returns times and stalls."""
    started = time.perf_counter()
    import asyncio

    from tui.config.state import ReadingState
    from tui.ui.app import BriefingApp

    imported = time.perf_counter() - started
    marks: dict[str, float] = {}
    ticks: list[float] = []

    async def main() -> None:
        app = BriefingApp([Path(folder)], state=ReadingState())
        async with app.run_test(size=(80, 24)) as pilot:
            ticks.append(time.perf_counter())
            app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))
            checks = [
                ("first paint", lambda: app.current is not None),
                ("all listed", lambda: len(app.documents) >= count),
                ("index ready", lambda: app.search_index is not None),
                ("analysis done", lambda: len(app.analyses) >= count),
            ]
            for name, done in checks:
                while not done():
                    if time.perf_counter() - started > ANALYSIS_TIMEOUT:
                        return
                    await pilot.pause(0.005)
                marks[name] = time.perf_counter()

    asyncio.run(main())
    phases = {}
    begin = started
    for name in PHASES:
        end = marks.get(name)
        if end is None:
            break
        gaps = [b - a for a, b in zip(ticks, ticks[1:]) if begin <= a and b <= end + 0.02]
        gaps.sort()
        phases[name] = {
            "at": end - started,
            "max_gap": gaps[-1] if gaps else 0.0,
            "p99_gap": gaps[min(int(len(gaps) * 0.99), len(gaps) - 1)] if gaps else 0.0,
        }
        begin = end
    return {"imported": imported, "phases": phases}


DOCUMENT_PHASES = ("first paint", "index ready", "positions shown")


def _child_document(path: str) -> dict:
    """Open one new large document (nothing cached) and wait for its positions in the panel."""
    started = time.perf_counter()
    import asyncio

    from tui.config.state import ReadingState
    from tui.ui.app import BriefingApp

    marks: dict[str, float] = {}
    ticks: list[float] = []

    async def main() -> None:
        app = BriefingApp([Path(path)], state=ReadingState())
        async with app.run_test(size=(80, 24)) as pilot:
            ticks.append(time.perf_counter())
            app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))
            view = app.side_panel.positions
            checks = [
                ("first paint", lambda: app.current is not None),
                ("index ready", lambda: app.search_index is not None),
                ("positions shown", lambda: view.analysis is not None and not view.filling),
            ]
            for name, done in checks:
                while not done():  # polled lightly: the harness must not slow what it measures
                    if time.perf_counter() - started > ANALYSIS_TIMEOUT:
                        return
                    await asyncio.sleep(0.02)
                marks[name] = time.perf_counter()
            await pilot.pause(0.3)  # what follows the last message (painting the highlights)
            marks["settled"] = time.perf_counter()

    asyncio.run(main())
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:]))
    long_gaps = [(round(a - started, 2), round(b - a, 3)) for a, b in zip(ticks, ticks[1:]) if b - a > 0.1]
    return {
        "long_gaps": long_gaps,
        "phases": {name: marks[name] - started for name in DOCUMENT_PHASES if name in marks},
        "max_gap": gaps[-1] if gaps else 0.0,
        "p99_gap": gaps[min(int(len(gaps) * 0.99), len(gaps) - 1)] if gaps else 0.0,
    }


def bench_document(megabytes: int, root: Path) -> list[tuple[str, str, str, str]]:
    """A new document of this size: stalls while it opens, is indexed and analysed."""
    from benchmarks.corpus import write_document

    folder = root / f"document-{megabytes}mb"
    folder.mkdir(parents=True, exist_ok=True)
    path = write_document(folder, megabytes * 1_000_000, name=f"large-{megabytes}mb.md")
    result = _start(path, root / f"home-document-{megabytes}", 0, document=True)
    if os.environ.get("BENCH_VERBOSE"):
        print("stalls over 100 ms (at, length):", result["long_gaps"], result["phases"], file=sys.stderr)
    area = f"open a new {megabytes} MB document"
    rows = [(area, name, _fmt(result["phases"][name]), "") for name in DOCUMENT_PHASES if name in result["phases"]]
    rows.append((area, "longest event-loop stall / p99 gap",
                 f"{_fmt(result['max_gap'])} / {_fmt(result['p99_gap'])}", "<= 100 ms"))
    return rows


def _start(folder: Path, home: Path, count: int, document: bool = False) -> dict:
    env = dict(os.environ, BRIEFING_HOME=str(home), TEXTUAL_ANIMATIONS="none")
    root = Path(__file__).resolve().parent.parent
    command = ["--child-document", str(folder)] if document else ["--child", str(folder), str(count)]
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_startup", *command],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def bench_size(count: int, root: Path) -> list[tuple[str, str, str, str]]:
    from benchmarks.bench_search import SEED, _Vocabulary, generate

    folder = root / f"corpus-{count}"
    generate(folder, count, _Vocabulary(random.Random(SEED)))
    home = root / f"home-{count}"
    big = count >= 10_000
    rows = []
    for run in ("cold", "warm"):
        result = _start(folder, home, count)
        area = f"startup {count:,} docs, {run}"
        targets = {
            "all listed": "<= 2 s" if big and run == "warm" else "",
            "index ready": "<= 3 s" if big and run == "warm" else "",
        }
        for name in PHASES:
            phase = result["phases"].get(name)
            if phase is None:
                rows.append((area, name, f"not reached in {ANALYSIS_TIMEOUT:.0f} s", ""))
                continue
            rows.append((area, name, _fmt(phase["at"]), targets.get(name, "")))
            rows.append((area, f"{name}: longest stall / p99 gap",
                         f"{_fmt(phase['max_gap'])} / {_fmt(phase['p99_gap'])}", "<= 100 ms"))
        rows.append((area, "imports", _fmt(result["imported"]), ""))
    return rows


def run(quick: bool) -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        return bench_document(5, Path(tmp)) + bench_size(SIZE_QUICK if quick else SIZE_FULL, Path(tmp))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], int(sys.argv[3]))))
    elif len(sys.argv) == 3 and sys.argv[1] == "--child-document":
        print(json.dumps(_child_document(sys.argv[2])))
    elif "--document" in sys.argv:
        with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
            for row in bench_document(5, Path(tmp)):
                print(" | ".join(row))
    else:
        for row in run(quick="--quick" in sys.argv):
            print(" | ".join(row))
