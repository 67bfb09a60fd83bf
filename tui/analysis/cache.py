"""Analysis results cached by content hash in ``cache_dir()/analysis``.

The key combines the document's content hash, the dictionary fingerprint
(bundled data plus the user overlay) and the pipeline version, so editing a
document or a dictionary recomputes. A corrupt or unreadable entry is ignored
and rebuilt; a cache that cannot be written is skipped silently.

Entries are compact tuples in ``marshal`` format (fast to read back: a cache
hit on a 1 MB document costs about 20 ms); mention texts are not stored but
sliced again from the document.
"""

from __future__ import annotations

import gc
import marshal
import os
import tempfile
from pathlib import Path

from tui import paths
from tui.analysis.model import Actor, Analysis, Issue, Mention, Position
from tui.model.document import Document

PIPELINE_VERSION = "4"
FORMAT = "briefing-analysis-1"


def analysis_cache_dir() -> Path:
    return paths.cache_dir() / "analysis"


def cache_path(document: Document, fingerprint: str) -> Path:
    return analysis_cache_dir() / f"{document.content_hash[:40]}-{fingerprint[:16]}-v{PIPELINE_VERSION}.cache"


def cached_analysis(document: Document) -> Analysis:
    from tui.analysis.gazetteer import default_gazetteer
    from tui.analysis.pipeline import analyse

    gazetteer = default_gazetteer()
    path = cache_path(document, gazetteer.fingerprint)
    loaded = _load(path, document.text)
    if loaded is not None:
        return loaded
    analysis = analyse(document, gazetteer)
    _store(path, analysis)
    return analysis


def _compact(analysis: Analysis) -> tuple:
    return (
        FORMAT,
        [(a.id, a.name, a.kind, [(m.start, m.end, m.resolved) for m in a.mentions]) for a in analysis.actors],
        [(i.id, i.label, i.parent, [(m.start, m.end) for m in i.mentions]) for i in analysis.issues],
        [
            (p.holder, p.target, p.stance, p.cue, p.cue_start, p.cue_end, p.sentence_start, p.sentence_end,
             list(p.issues), p.rule, list(p.trace))
            for p in analysis.positions
        ],
    )


def _load(path: Path, text: str) -> Analysis | None:
    # tens of thousands of small objects, none cyclic: collecting meanwhile only costs time
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(path, text)
    finally:
        if enabled:
            gc.enable()


def _read(path: Path, text: str) -> Analysis | None:
    try:
        data = marshal.loads(path.read_bytes())
        tag, actors, issues, positions = data
        if tag != FORMAT:
            return None
        length = len(text)
        for _, _, _, mentions in actors:
            for start, end, _ in mentions:
                if not (0 <= start < end <= length):
                    return None
        for _, _, _, mentions in issues:
            for start, end in mentions:
                if not (0 <= start < end <= length):
                    return None
        return Analysis(
            [Actor(i, n, k, [Mention(s, e, text[s:e], r) for s, e, r in ms]) for i, n, k, ms in actors],
            [Issue(i, label, parent, [Mention(s, e, text[s:e]) for s, e in ms]) for i, label, parent, ms in issues],
            [Position(*p) for p in positions],
        )
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def _store(path: Path, analysis: Analysis) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(_compact(analysis)))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass
