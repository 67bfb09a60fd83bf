"""Analysis results cached by content hash in ``cache_dir()/analysis``.

The key combines the document's content hash, the dictionary fingerprint
(bundled data plus the user overlay) and the pipeline version, so editing a
document or a dictionary recomputes. A corrupt or unreadable entry is ignored
and rebuilt; a cache that cannot be written is skipped silently.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tui import paths
from tui.analysis.model import Analysis
from tui.model.document import Document

PIPELINE_VERSION = "3"


def analysis_cache_dir() -> Path:
    return paths.cache_dir() / "analysis"


def cache_path(document: Document, fingerprint: str) -> Path:
    return analysis_cache_dir() / f"{document.content_hash[:40]}-{fingerprint[:16]}-v{PIPELINE_VERSION}.json"


def cached_analysis(document: Document) -> Analysis:
    from tui.analysis.gazetteer import default_gazetteer
    from tui.analysis.pipeline import analyse

    gazetteer = default_gazetteer()
    path = cache_path(document, gazetteer.fingerprint)
    loaded = _load(path, len(document.text))
    if loaded is not None:
        return loaded
    analysis = analyse(document, gazetteer)
    _store(path, analysis)
    return analysis


def _load(path: Path, length: int) -> Analysis | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        analysis = Analysis.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    for actor in analysis.actors:
        for m in actor.mentions:
            if not (0 <= m.start < m.end <= length):
                return None
    return analysis


def _store(path: Path, analysis: Analysis) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(analysis.to_dict(), handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass
