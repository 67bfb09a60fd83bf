"""Analysis speed: a generated 1 MB briefing analysed from scratch, and a cache hit."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from tui.paths import seeds_dir


def generated_text(size: int) -> str:
    """About ``size`` characters of briefing prose: the bundled seeds, repeated and varied."""
    from tui.loaders import load_document

    texts = []
    for path in sorted(seeds_dir().iterdir()):
        if path.suffix in (".md", ".txt"):
            texts.append(load_document(path).text)
    swaps = [("China", "Japan"), ("United States", "European Union"), ("Russia", "India"), ("", "")]
    parts: list[str] = []
    total = 0
    round_ = 0
    while total < size:
        old, new = swaps[round_ % len(swaps)]
        for text in texts:
            chunk = text.replace(old, new) if old else text
            parts.append(chunk)
            total += len(chunk) + 2
            if total >= size:
                break
        round_ += 1
    return "\n\n".join(parts)[:size]


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    from tui.analysis import analyse
    from tui.analysis.cache import cached_analysis
    from tui.analysis.gazetteer import default_gazetteer
    from tui.loaders import load_document

    size = 200_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as home:
        previous = os.environ.get("BRIEFING_HOME")
        os.environ["BRIEFING_HOME"] = home
        try:
            path = Path(home) / "generated.txt"
            path.write_text(generated_text(size), encoding="utf-8")
            document = load_document(path)
            _ = document.sentences  # split once, as the reader does before analysing
            started = time.perf_counter()
            default_gazetteer()
            build = time.perf_counter() - started
            started = time.perf_counter()
            analysis = analyse(document)
            elapsed = time.perf_counter() - started
            cached_analysis(document)  # fill the cache
            started = time.perf_counter()
            again = cached_analysis(document)
            hit = time.perf_counter() - started
            assert len(again.positions) == len(analysis.positions)
        finally:
            if previous is None:
                os.environ.pop("BRIEFING_HOME", None)
            else:
                os.environ["BRIEFING_HOME"] = previous
    label = f"{size / 1e6:.1f} MB"
    return [
        ("analysis", "dictionaries loaded and compiled", f"{build * 1000:.0f} ms", "-"),
        ("analysis", f"analyse {label} ({len(analysis.positions)} positions)", f"{elapsed:.2f} s", "<= 1 s per MB"),
        ("analysis", f"cache hit, {label} document", f"{hit * 1000:.0f} ms", "<= 30 ms"),
    ]
