"""Annotations: adding, re-anchoring a document's annotations after an edit, exporting."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from tui.annotations import open_store
from tui.annotations.export import to_csv, to_jsonld, to_markdown
from tui.loaders import load_document
from tui.paths import seeds_dir


def _corpus_text(paragraphs: int) -> list[str]:
    """Unique paragraphs of briefing words (sampled by frequency), ~90 words each.

    Real briefings rarely repeat whole paragraphs; repeated text would make
    the re-anchoring figures measure ambiguity rather than speed.
    """
    words = []
    for path in sorted(seeds_dir().glob("*.txt")):
        words += load_document(path).text.split()
    rng = random.Random(11)
    result = []
    for _ in range(paragraphs):
        sentences = [" ".join(rng.choices(words, k=rng.randrange(12, 24))).capitalize() + "."
                     for _ in range(rng.randrange(4, 7))]
        result.append(" ".join(sentences))
    return result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def run(quick: bool) -> list[tuple[str, str, str, str]]:
    count = 200 if quick else 1000
    rng = random.Random(7)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        paragraphs = _corpus_text(count // 2)
        path = folder / "long-briefing.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        document = load_document(path)
        text = document.text
        store = open_store(folder / "data")

        spans = []
        for _ in range(count):
            start = rng.randrange(0, len(text) - 120)
            spans.append((start, start + rng.randrange(20, 110)))
        started = time.perf_counter()
        for start, end in spans:
            store.add(document, start, end, note="a note on this passage", tags=("bench", "talks"))
        added = time.perf_counter() - started
        rows.append(("annotations", f"add {count} (one transaction each, fsync)", _ms(added),
                     f"< {count * 5} ms"))

        # Edit: a paragraph inserted at the top, one word changed in 5% of the
        # paragraphs, 2% of the paragraphs deleted.
        edited = ["A paragraph inserted at the top after the annotations were made."]
        for paragraph in paragraphs:
            roll = rng.random()
            if roll < 0.02:
                continue
            if roll < 0.07:
                words = paragraph.split(" ")
                words[len(words) // 2] = "EDITED"
                paragraph = " ".join(words)
            edited.append(paragraph)
        path.write_text("\n\n".join(edited) + "\n", encoding="utf-8")
        changed = load_document(path)

        started = time.perf_counter()
        anchors = store.for_document(changed)
        first = time.perf_counter() - started
        statuses = {}
        for anchor in anchors:
            statuses[anchor.status] = statuses.get(anchor.status, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        rows.append(("annotations", f"list {count} after an edit, re-anchor + save ({summary})", _ms(first),
                     "< 1000 ms"))
        started = time.perf_counter()
        store.for_document(changed)
        rows.append(("annotations", f"list {count} again (positions saved)", _ms(time.perf_counter() - started),
                     "< 100 ms"))

        everything = store.all()
        for name, render in (("Markdown", to_markdown), ("JSON-LD", to_jsonld), ("Readwise CSV", to_csv)):
            started = time.perf_counter()
            render(everything)
            rows.append(("annotations", f"export {count} as {name}", _ms(time.perf_counter() - started), "< 500 ms"))
        store.close()
    return rows
