"""Work run in a separate process so the app's interpreter lock stays free (no Textual here).

Analysing a very large document takes seconds of pure Python and ends with
storing its cache entry, a single C call that would hold the lock: in a
process of its own neither stalls the app's event loop. The app then reads
the analysis from the cache.
"""

from __future__ import annotations

from pathlib import Path

LARGE_DOCUMENT = 1_000_000  # characters: from this size the open document is analysed in a process


def analyse_into_cache(path: str, text: str, blocks: list[tuple[int, int, str, int]]) -> None:
    """In a worker process: analyse the document and store its cache entry."""
    from tui.analysis.cache import cached_analysis
    from tui.model.document import Block, Document

    cached_analysis(Document(Path(path), text, [Block(*block) for block in blocks]))


def analyse_in_process(document) -> None:
    """Analyse ``document`` in a fresh process (spawned) that writes the analysis cache."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    blocks = [(b.start, b.end, b.kind, b.level) for b in document.blocks]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(analyse_into_cache, str(document.path), document.text, blocks).result()
