"""The search index on disk, in the user's cache folder, keyed by content.

One file per corpus (named after the folders its documents live in). It
holds every document's key (content hash, title, date, block spans),
passages and words. On load:

* every key unchanged (same documents, same order) -> the stored index as is;
* some changed, added or removed -> only those are re-indexed, the words of
  the others are taken from the stored index, and the file is rewritten;
* unreadable, corrupt (checksums over the header and the body), from another
  format or machine -> rebuilt.

The file is a small header (JSON), the document table, the vocabulary and
raw arrays, never pickle: loading a cache file can not run code. The texts
are not stored: they are the documents' own, which their keys vouch for.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import tempfile
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path

from tui.collector import collector_paused
from tui.search.index import DocEntry, SearchIndex, _Builder, document_key

MAGIC = b"BRSRCHIX"
FORMAT = 5  # bump when the file layout, tokenizer or passage rules change
KEEP_FILES = 8
_ARRAYS = (
    ("doc_first", "I"),
    ("p_doc", "I"),
    ("p_start", "I"),
    ("p_end", "I"),
    ("p_flag", "B"),
    ("fwd_off", "I"),
    ("fwd", "I"),
    ("post_off", "I"),
    ("post", "I"),
    ("alpha", "I"),
)
_HEAD = struct.Struct("<8sIQI")  # magic, format, header length, CRC-32 of the header


class CacheError(Exception):
    """The cache file can not be trusted."""


def default_cache_dir() -> Path:
    from tui.paths import cache_dir

    return cache_dir() / "search"


def document_ids(documents: Sequence) -> list[str]:
    """``Document.id`` of each document (its resolved path), resolving each folder once."""
    folders: dict[str, str] = {}
    ids = []
    for document in documents:
        path = os.fspath(document.path)
        if os.path.islink(path):
            ids.append(document.id)
            continue
        folder, name = os.path.split(path)
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder or ".")
        ids.append(os.path.join(real, name))
    return ids


def cache_file(documents: Sequence, cache_dir: Path | None = None, ids: list[str] | None = None) -> Path:
    import hashlib

    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    roots = sorted({os.path.dirname(doc_id) for doc_id in (ids or document_ids(documents))})
    name = hashlib.sha256("\n".join(roots).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return folder / f"index-{name}.bin"


def load_or_build(documents: Sequence, cache_dir: Path | None = None) -> SearchIndex:
    """The index of ``documents``, from the cache when it is valid, re-indexing only what changed.

    The returned index has ``origin`` ("cache", "updated" or "built") and
    ``reindexed`` (how many documents were indexed from their text).
    """
    documents = list(documents)
    ids = document_ids(documents)
    path = cache_file(documents, cache_dir, ids)
    keys = [document_key(d) for d in documents]
    old: SearchIndex | None = None
    try:
        old = read_index(path)
    except FileNotFoundError:
        old = None
    except (CacheError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            UnicodeDecodeError, struct.error, RecursionError, MemoryError):
        old = None  # whatever is wrong with the file, it is rebuilt
    if old is not None and _same(old, documents, keys, ids):
        old.texts = [d.text for d in documents]
        old.origin = "cache"
        old.reindexed = 0
        return old
    index, reindexed = _assemble(documents, keys, old)
    index.origin = "updated" if old is not None else "built"
    index.reindexed = reindexed
    try:
        write_index(index, path)
    except OSError:
        pass  # a read-only cache folder only costs time
    return index


def _same(index: SearchIndex, documents: Sequence, keys: list[str], ids: list[str]) -> bool:
    if len(index.docs) != len(documents):
        return False
    for entry, document, key, doc_id in zip(index.docs, documents, keys, ids):
        if entry.key != key or entry.doc_id != doc_id or entry.path != str(document.path):
            return False
    return True


def _assemble(documents: Sequence, keys: list[str], old: SearchIndex | None) -> tuple[SearchIndex, int]:
    with collector_paused():
        return _assemble_paused(documents, keys, old)


def _assemble_paused(documents: Sequence, keys: list[str], old: SearchIndex | None) -> tuple[SearchIndex, int]:
    builder = _Builder()
    reusable = {entry.key: i for i, entry in enumerate(old.docs)} if old is not None else {}
    reindexed = 0
    for document, key in zip(documents, keys):
        doc = reusable.get(key)
        if doc is None:
            builder.add_document(document)
            reindexed += 1
            continue
        entry = DocEntry(document.id, str(document.path), document.title, document.meta.date or "", key)
        first, last = old.doc_first[doc], old.doc_first[doc + 1]
        spans = [(old.p_start[p], old.p_end[p], old.p_flag[p]) for p in range(first, last)]
        vocab, fwd, off = old.vocab, old.fwd, old.fwd_off
        word_lists = [[vocab[t] for t in fwd[off[p] : off[p + 1]]] for p in range(first, last)]
        builder.add(entry, document.text, spans, word_lists)
    return builder.finish(), reindexed


# The file ---------------------------------------------------------------------------
def write_index(index: SearchIndex, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    vocab_blob = "\n".join(index.vocab).encode("utf-8", "surrogatepass")
    arrays = [(name, code, getattr(index, name)) for name, code in _ARRAYS]
    fields = []
    for entry in index.docs:
        fields.extend((entry.doc_id, entry.path, entry.title, entry.date, entry.key))
    docs_blob = "\0".join(fields).encode("utf-8", "surrogatepass")
    parts = [docs_blob, vocab_blob, *(a.tobytes() for _, _, a in arrays)]
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    header = {
        "format": FORMAT,
        "byteorder": sys.byteorder,
        "itemsize": {code: array(code).itemsize for _, code in _ARRAYS},
        "docs": [len(index.docs), len(docs_blob)],
        "vocab": [len(index.vocab), len(vocab_blob)],
        "arrays": [[name, code, len(a)] for name, code, a in arrays],
        "crc": crc,
    }
    head = json.dumps(header, ensure_ascii=False).encode("utf-8", "surrogatepass")
    fd, tmp = tempfile.mkstemp(prefix=".index-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_HEAD.pack(MAGIC, FORMAT, len(head), zlib.crc32(head)))
            out.write(head)
            for part in parts:
                out.write(part)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _prune(path.parent)


def read_index(path: Path) -> SearchIndex:
    data = Path(path).read_bytes()
    if len(data) < _HEAD.size:
        raise CacheError("truncated")
    magic, fmt, head_len, head_crc = _HEAD.unpack_from(data)
    if magic != MAGIC or fmt != FORMAT:
        raise CacheError("not a search index of this version")
    head_end = _HEAD.size + head_len
    head = data[_HEAD.size : head_end]
    if head_end > len(data) or zlib.crc32(head) != head_crc:
        raise CacheError("header checksum mismatch")
    header = json.loads(head.decode("utf-8", "surrogatepass"))
    if not isinstance(header, dict):
        raise CacheError("the header is not an object")
    if header.get("format") != FORMAT or header.get("byteorder") != sys.byteorder:
        raise CacheError("written by another version or machine")
    for _, code in _ARRAYS:
        if header["itemsize"][code] != array(code).itemsize:
            raise CacheError("array sizes differ")
    view = memoryview(data)
    if zlib.crc32(view[head_end:]) != header["crc"]:
        raise CacheError("checksum mismatch")
    n_docs, docs_size = header["docs"]
    pos = head_end + docs_size
    fields = str(view[head_end:pos], "utf-8", "surrogatepass").split("\0") if n_docs else []
    if len(fields) != 5 * n_docs:
        raise CacheError("document table")
    docs = [DocEntry(*fields[i : i + 5]) for i in range(0, len(fields), 5)]
    n_vocab, vocab_size = header["vocab"]
    vocab = str(view[pos : pos + vocab_size], "utf-8", "surrogatepass").split("\n") if n_vocab else []
    pos += vocab_size
    if len(vocab) != n_vocab:
        raise CacheError("vocabulary size")
    loaded: dict[str, array] = {}
    for name, code, length in header["arrays"]:
        values = array(code)
        size = length * values.itemsize
        values.frombytes(view[pos : pos + size])
        if len(values) != length:
            raise CacheError("truncated array")
        pos += size
        loaded[name] = values
    if pos != len(data):
        raise CacheError("trailing bytes")
    view.release()
    _check(loaded, len(docs), len(vocab))
    # The texts are not stored: they are the documents' own, checked by their keys.
    return SearchIndex(docs, [""] * len(docs), vocab=vocab, **loaded)


def _check(a: dict[str, array], n_docs: int, n_vocab: int) -> None:
    passages = len(a["p_doc"])
    ok = (
        len(a["doc_first"]) == n_docs + 1
        and a["doc_first"][-1] == passages
        and len(a["p_start"]) == len(a["p_end"]) == len(a["p_flag"]) == passages
        and len(a["fwd_off"]) == passages + 1
        and a["fwd_off"][-1] == len(a["fwd"])
        and len(a["post_off"]) == n_vocab + 1
        and a["post_off"][-1] == len(a["post"])
        and len(a["fwd"]) == len(a["post"])
        and len(a["alpha"]) == n_vocab
    )
    if not ok:
        raise CacheError("inconsistent arrays")


def _prune(folder: Path) -> None:
    try:
        files = sorted(folder.glob("index-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_FILES:]:
            old.unlink()
    except OSError:
        pass
