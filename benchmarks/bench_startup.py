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


def _start(folder: Path, home: Path, count: int) -> dict:
    env = dict(os.environ, BRIEFING_HOME=str(home), TEXTUAL_ANIMATIONS="none")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_startup", "--child", str(folder), str(count)],
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
        return bench_size(SIZE_QUICK if quick else SIZE_FULL, Path(tmp))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], int(sys.argv[3]))))
    else:
        for row in run(quick="--quick" in sys.argv):
            print(" | ".join(row))
