"""Analysis results cached by content hash in ``cache_dir()/analysis``.

The key combines the document's content hash and the metadata the analysis
reads (title, source, date and speaker decide who "we" and "the President"
are), the dictionary fingerprint (bundled data plus the user overlay) and the
pipeline version, so editing a document or a dictionary recomputes. A corrupt or unreadable entry is ignored
and rebuilt; a cache that cannot be written is skipped silently.

Entries are compact tuples in ``marshal`` format (fast to read back: a cache
hit on a 1 MB document costs about 20 ms); mention texts are not stored but
sliced again from the document.

Each file is an envelope: a magic string, the content hash of the document
and the dictionary fingerprint it was made for, a BLAKE2b digest over those
and the body, then the body. An entry is used only when the digest verifies
and it names this document's content hash and these dictionaries, so a
corrupted, truncated or swapped file is rebuilt rather than showing another
document's actors.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from tui import paths
from tui.analysis.model import Actor, Analysis, Issue, Mention, Person, Position
from tui.collector import collector_paused
from tui.model.document import Document
from tui.storage import write_atomically

PIPELINE_VERSION = "5"
FORMAT = "briefing-analysis-2"
MAGIC = b"BRANALY2"
_DIGEST_BYTES = 16


def _digest(content_hash: str, fingerprint: str, body: bytes | memoryview) -> bytes:
    digest = hashlib.blake2b(digest_size=_DIGEST_BYTES)
    digest.update(MAGIC + content_hash.encode() + b"\0" + fingerprint.encode() + b"\0")
    digest.update(body)
    return digest.digest()


def envelope(content_hash: str, fingerprint: str, body: bytes) -> bytes:
    """The cache file for ``body``: bound to the document and dictionaries, checksummed."""
    names = f"{content_hash}\0{fingerprint}\0".encode()
    return MAGIC + len(names).to_bytes(2, "little") + names + _digest(content_hash, fingerprint, body) + body


def open_envelope(data: bytes, content_hash: str, fingerprint: str) -> memoryview | None:
    """The body of a cache file when it verifies and belongs to this document, else None."""
    view = memoryview(data)
    if len(view) < len(MAGIC) + 2 or bytes(view[: len(MAGIC)]) != MAGIC:
        return None
    at = len(MAGIC)
    size = int.from_bytes(view[at : at + 2], "little")
    at += 2
    names = bytes(view[at : at + size])
    at += size
    if names != f"{content_hash}\0{fingerprint}\0".encode():
        return None  # another document's (or dictionaries') entry under this name
    digest = bytes(view[at : at + _DIGEST_BYTES])
    body = view[at + _DIGEST_BYTES :]
    if digest != _digest(content_hash, fingerprint, body):
        return None
    return body


def analysis_cache_dir() -> Path:
    return paths.cache_dir() / "analysis"


def cache_path(document: Document, fingerprint: str) -> Path:
    return analysis_cache_dir() / _file_name(analysis_key(document), fingerprint)


def analysis_key(document: Document) -> str:
    """The content hash, combined with the metadata the analysis depends on."""
    meta = document.meta
    fields = "\0".join((document.content_hash, meta.title, meta.source, meta.date, meta.speaker))
    return hashlib.sha256(fields.encode("utf-8", "surrogatepass")).hexdigest()


def _file_name(content_hash: str, fingerprint: str) -> str:
    return f"{content_hash[:40]}-{fingerprint[:16]}-v{PIPELINE_VERSION}.cache"


def cached_analysis(document: Document) -> Analysis:
    from tui.analysis.gazetteer import default_gazetteer
    from tui.analysis.pipeline import analyse

    gazetteer = default_gazetteer()
    path = cache_path(document, gazetteer.fingerprint)
    loaded = _load(path, document, gazetteer.fingerprint)
    if loaded is not None:
        return loaded
    analysis = analyse(document, gazetteer)
    _store(path, analysis, analysis_key(document), gazetteer.fingerprint)
    return analysis


def _compact(analysis: Analysis) -> tuple[Any, ...]:
    return (
        FORMAT,
        [(a.id, a.name, a.kind, [(m.start, m.end, m.resolved) for m in a.mentions]) for a in analysis.actors],
        [(i.id, i.label, i.parent, [(m.start, m.end) for m in i.mentions]) for i in analysis.issues],
        [
            (p.holder, p.target, p.stance, p.cue, p.cue_start, p.cue_end, p.sentence_start, p.sentence_end,
             list(p.issues), p.rule, list(p.trace), p.holder_person, p.confidence)
            for p in analysis.positions
        ],
        [(p.name, p.actor, [(m.start, m.end) for m in p.mentions]) for p in analysis.people],
    )


def _load(path: Path, document: Document, fingerprint: str) -> Analysis | None:
    with collector_paused():  # tens of thousands of small objects, none cyclic
        return _read(path, document, fingerprint)


def _read(path: Path, document: Document, fingerprint: str) -> Analysis | None:
    try:
        body = open_envelope(path.read_bytes(), analysis_key(document), fingerprint)
        if body is None:
            return None
        return _from_compact(marshal.loads(body), document.text)
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def _from_compact(data: Any, text: str) -> Analysis | None:
    try:
        tag, actors, issues, positions, people = data
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
        for p in positions:
            if len(p) != 13 or not all(type(v) is int and 0 <= v <= length for v in p[4:8]):
                return None
        for _, _, mentions in people:
            for start, end in mentions:
                if not (0 <= start < end <= length):
                    return None
        return Analysis(
            [Actor(i, n, k, [Mention(s, e, text[s:e], r) for s, e, r in ms]) for i, n, k, ms in actors],
            [Issue(i, label, parent, [Mention(s, e, text[s:e]) for s, e in ms]) for i, label, parent, ms in issues],
            [Position(*p) for p in positions],
            [Person(name, actor, [Mention(s, e, text[s:e]) for s, e in ms]) for name, actor, ms in people],
        )
    except (ValueError, TypeError, KeyError):
        return None


def _store(path: Path, analysis: Analysis, content_hash: str, fingerprint: str) -> None:
    _store_bytes(path, envelope(content_hash, fingerprint, marshal.dumps(_compact(analysis))))


def _store_bytes(path: Path, data: bytes) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower next time
        write_atomically(path, data)


# Many documents: cache hits read here, the rest analysed in worker processes ----------
POOL_MIN = 64  # fewer documents to analyse than this: not worth starting processes
CHUNK = 16  # documents per task sent to a worker process

Result = tuple[Document, "Analysis | None", "str | None"]


def cached_analyses(
    documents: Iterable[Document], should_stop: Callable[[], bool] | None = None, workers: int | None = None
) -> Iterator[Result]:
    """``(document, analysis, None)`` or ``(document, None, error)`` for each document, in order.

    Cache hits are read in the calling thread. The others are analysed in
    worker processes (``spawn``: the pipeline is pure Python, so threads
    would hold the caller's interpreter lock for the whole corpus), which
    also write the cache entries; the results come back as the compact
    tuples of the cache and are turned into ``Analysis`` objects here. When
    processes can not be used, the rest is analysed in this thread.
    ``should_stop()`` is asked between documents.
    """
    from tui.analysis.gazetteer import default_gazetteer

    stop = should_stop or (lambda: False)
    gazetteer = default_gazetteer()
    fingerprint = gazetteer.fingerprint
    missing: list[Document] = []
    for document in documents:
        if stop():
            return
        loaded = _load(cache_path(document, fingerprint), document, fingerprint)
        if loaded is not None:
            yield document, loaded, None
        else:
            missing.append(document)
    done = 0
    if len(missing) >= POOL_MIN:
        try:
            for result in _in_processes(missing, fingerprint, stop, workers):
                done += 1
                yield result
            return
        except _PoolFailed:
            pass
    for document in missing[done:]:
        if stop():
            return
        try:
            yield document, cached_analysis(document), None
        except Exception as error:  # a bad dictionary overlay must not stop the rest
            yield document, None, f"{type(error).__name__}: {error}"


class _PoolFailed(Exception):
    pass


def _in_processes(
    documents: list[Document], fingerprint: str, stop: Callable[[], bool], workers: int | None
) -> Iterator[Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # one core stays with the app (its event loop and turning results into objects)
    workers = workers or max(1, min((os.cpu_count() or 2) - 1, 8))
    folder = str(analysis_cache_dir())
    chunks = [documents[i : i + CHUNK] for i in range(0, len(documents), CHUNK)]
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, ImportError) as error:
        raise _PoolFailed(str(error)) from error
    pending: deque[tuple[list[Document], Future[list[tuple[bool, object]]]]] = deque()
    upcoming = iter(chunks)
    try:
        for chunk in upcoming:
            payload = [
                (d.text, [(b.start, b.end, b.kind, b.level) for b in d.blocks], analysis_key(d), _meta(d))
                for d in chunk
            ]
            pending.append((chunk, pool.submit(_analyse_chunk, fingerprint, folder, payload)))
            if len(pending) < 3 * workers:
                continue
            yield from _collect(pending.popleft(), stop)
        while pending:
            yield from _collect(pending.popleft(), stop)
    except _Stopped:
        return
    except _PoolFailed:
        raise
    except Exception as error:  # the pool broke (a worker died, could not start, ...)
        raise _PoolFailed(str(error)) from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # waits for at most one chunk per worker


def _meta(document: Document) -> tuple[str, str, str, tuple[str, ...], str]:
    meta = document.meta
    return (meta.title, meta.date, meta.source, tuple(meta.tags), meta.speaker)


class _Stopped(Exception):
    pass


def _collect(
    item: tuple[list[Document], Future[list[tuple[bool, object]]]], stop: Callable[[], bool]
) -> Iterator[Result]:
    chunk, future = item
    results = future.result()
    for document, (ok, value) in zip(chunk, results):
        if stop():
            raise _Stopped
        if not ok:
            yield document, None, str(value)
            continue
        assert isinstance(value, bytes)
        analysis = _from_compact(marshal.loads(value), document.text)
        if analysis is None:
            raise _PoolFailed("a worker returned an unreadable analysis")
        yield document, analysis, None


def _analyse_chunk(fingerprint: str, folder: str, items: list[Any]) -> list[tuple[bool, object]]:
    """In a worker process: analyse, store in the cache, return the compact bytes (or the error)."""
    from tui.analysis.gazetteer import default_gazetteer
    from tui.analysis.pipeline import analyse
    from tui.model.document import Block, Metadata

    gazetteer = default_gazetteer()
    if gazetteer.fingerprint != fingerprint:
        raise RuntimeError("the dictionaries changed while analysing")
    out: list[tuple[bool, object]] = []
    for text, blocks, key, meta in items:
        try:
            document = Document(Path("."), text, [Block(*b) for b in blocks], Metadata(*meta))
            data = marshal.dumps(_compact(analyse(document, gazetteer)))
        except Exception as error:
            out.append((False, f"{type(error).__name__}: {error}"))
            continue
        _store_bytes(Path(folder) / _file_name(key, fingerprint), envelope(key, fingerprint, data))
        out.append((True, data))
    return out
