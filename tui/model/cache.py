"""Parsed documents cached on disk, so a large corpus opens without parsing again.

Entries live in ``cache_dir()/documents`` in a few shard files (a document
goes to the shard its resolved path hashes to). An entry is used only when
the file's resolved path, size and modification time (nanoseconds) are the
ones it was made from, and the shard was written by this format and loader
version; a plain-text file also depends on its folder (de-hyphenation reads
the folder's vocabulary), so its entry carries a signature of the folder's
documents. Anything else -- a checksum mismatch, a file from another
version, an entry that does not hold together -- is ignored and rebuilt.

A shard file is a small header, a CRC-32 and a ``marshal`` dump of a dict
``resolved path -> (size, mtime_ns, folder signature, payload)``, where the
payload is itself the ``marshal`` bytes of one document as plain tuples
(never pickle: loading a cache file can not run code). Keeping each payload
as bytes makes reading and writing a shard a few short calls instead of one
long one, and a shard is rewritten without encoding its documents again.
Files are written to a temporary file and renamed into place, so a
concurrent run never sees half a shard (the last writer wins; the other
run's new entries only cost time).

Nothing here knows about the screen.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import zlib
from pathlib import Path

from tui.model.document import BLOCK_KINDS, Block, Document, Metadata, Span
from tui.model.sanitize import sanitize, sanitize_document_fields
from tui.storage import write_atomically

# Bump when a loader's output changes (text, blocks, styles, metadata or problems).
# 2: metadata sanitised after decoding, plain-text fallback for runaway inputs; 3: the speaker;
# 4: Markdown list numbers, table cells, footnotes
LOADER_VERSION = 4
FORMAT = 2  # 2: each entry names its file, its text is checked against its content hash
SHARDS = 16
MAGIC = b"BRDOCCHE"
_HEAD = struct.Struct("<8sIII")  # magic, format, loader version, crc32 of the body
_TEXT_SUFFIXES = (".txt",)
_FOLDER_SUFFIXES = (".md", ".markdown", ".txt")


def documents_cache_dir() -> Path:
    from tui.paths import cache_dir

    return cache_dir() / "documents"


class DocumentCache:
    """Look documents up by file, remember new ones, write changed shards on ``save``.

    Not thread-safe: one loader uses one cache.
    """

    def __init__(self, folder: Path | None = None, shards: int = SHARDS) -> None:
        self.folder = Path(folder) if folder is not None else documents_cache_dir()
        self.shards = shards
        self._loaded: dict[int, dict] = {}
        self._dirty: set[int] = set()
        self._seen: set[str] = set()
        self._folders: dict[str, str] = {}
        self._real_folders: dict[str, str] = {}
        self.hits = 0
        self.misses = 0

    # Loading ------------------------------------------------------------------------
    def load(self, path: Path) -> Document:
        """The document at ``path``: from the cache when it is valid, else loaded (and kept).

        Raises what ``load_document`` raises.
        """
        from tui.loaders import load_document

        path = Path(path)
        try:
            stat = os.stat(path)
            key = self._key(path)
        except OSError:
            return load_document(path)  # it reports the reason
        extra = self._folder_signature(key) if _is_text(key) else ""
        document = self.get(path, key, stat, extra)
        if document is not None:
            self.hits += 1
            return document
        self.misses += 1
        document = load_document(path)
        self.put(key, stat, extra, document)
        return document

    def get(self, path: Path, key: str, stat: os.stat_result, extra: str = "") -> Document | None:
        self._seen.add(key)
        entry = self._shard(self._shard_of(key)).get(key)
        if entry is None:
            return None
        try:
            size, mtime_ns, signature, payload = entry
            if size != stat.st_size or mtime_ns != stat.st_mtime_ns or signature != extra:
                return None
            return _decode(path, marshal.loads(payload), key)
        except (ValueError, TypeError, EOFError, KeyError, IndexError):
            return None

    def put(self, key: str, stat: os.stat_result, extra: str, document: Document) -> None:
        payload = _encode(document, key)
        if payload is None:
            return
        number = self._shard_of(key)
        self._shard(number)[key] = (stat.st_size, stat.st_mtime_ns, extra, payload)
        self._dirty.add(number)

    # Saving -------------------------------------------------------------------------
    def save(self) -> None:
        """Write the shards that changed; entries of vanished files are dropped. Never raises OSError."""
        for number in sorted(self._dirty):
            entries = self._loaded[number]
            try:
                on_disk = _read_shard(self._shard_path(number))
            except (OSError, ValueError, TypeError, EOFError):
                on_disk = {}
            for key, entry in on_disk.items():  # a concurrent run's entries
                if key not in entries:
                    entries[key] = entry
            for key in [k for k in entries if k not in self._seen and not os.path.exists(k)]:
                del entries[key]
            try:
                _write_shard(self._shard_path(number), entries)
            except OSError:
                return  # a read-only cache folder only costs time
        self._dirty.clear()

    # Helpers ------------------------------------------------------------------------
    def _shard_path(self, number: int) -> Path:
        return self.folder / f"documents-{number:02d}.bin"

    def _shard_of(self, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % self.shards

    def _shard(self, number: int) -> dict:
        shard = self._loaded.get(number)
        if shard is None:
            try:
                shard = _read_shard(self._shard_path(number))
            except (OSError, ValueError, TypeError, EOFError):
                shard = {}
            self._loaded[number] = shard
        return shard

    def key(self, path: Path) -> str:
        """The resolved path, resolving each folder once (what ``Document.id`` gives)."""
        return self._key(path)

    def _key(self, path: Path) -> str:
        text = os.fspath(path)
        if os.path.islink(text):
            return os.path.realpath(text)
        folder, name = os.path.split(text)
        real = self._real_folders.get(folder)
        if real is None:
            real = self._real_folders[folder] = os.path.realpath(folder or ".")
        return os.path.join(real, name)

    def _folder_signature(self, key: str) -> str:
        folder = os.path.dirname(key)
        signature = self._folders.get(folder)
        if signature is None:
            signature = self._folders[folder] = folder_signature(folder)
        return signature


def folder_signature(folder: str) -> str:
    """Names, sizes and times of the documents of ``folder`` (what de-hyphenation reads)."""
    rows = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower().endswith(_FOLDER_SUFFIXES):
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    rows.append(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    except OSError:
        return "unreadable"
    rows.sort()
    return format(zlib.crc32("\n".join(rows).encode("utf-8", "surrogatepass")), "08x") + f"-{len(rows)}"


def _is_text(key: str) -> bool:
    return key.lower().endswith(_TEXT_SUFFIXES)


# One document as plain tuples ------------------------------------------------------
def _encode(document: Document, key: str) -> bytes | None:
    """The document's marshal bytes, or None when it holds something marshal should not carry."""
    meta = document.meta
    styles = []
    for span in document.styles:
        if span.data is not None and type(span.data) not in (str, int):
            return None
        styles.append((span.start, span.end, span.kind, span.data))
    record = (
        document.text,
        document.content_hash,
        [(b.start, b.end, b.kind, b.level) for b in document.blocks],
        (meta.title, meta.date, meta.source, tuple(meta.tags), meta.speaker),
        styles,
        list(document.problems),
        key,
    )
    try:
        return marshal.dumps(record)
    except ValueError:
        return None


def _decode(path: Path, record, key: str) -> Document | None:
    """The cached document, or None unless the entry is this file's and holds together:
    it names the file it was made from and its text has the content hash it claims."""
    text, content_hash, blocks, meta, styles, problems, made_for = record
    if type(text) is not str or type(content_hash) is not str or len(content_hash) != 64:
        return None
    if made_for != key:
        return None  # another file's entry (a swapped or copied shard)
    if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != content_hash:
        return None
    length = len(text)
    made_blocks = []
    for start, end, kind, level in blocks:
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= length
                and kind in BLOCK_KINDS and type(level) is int):
            return None
        made_blocks.append(Block(start, end, kind, level))
    made_styles = []
    for start, end, kind, data in styles:
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= length and type(kind) is str):
            return None
        made_styles.append(Span(start, end, kind, data))
    title, date, source, tags, speaker = meta
    if not all(type(v) is str for v in (title, date, source, speaker, *tags)):
        return None
    if not all(type(p) is str for p in problems):
        return None
    # A cache is no reason to trust text: the same sanitiser as at load (cheap when clean).
    document = Document(path, sanitize(text), made_blocks, Metadata(title, date, source, tuple(tags), speaker),
                        made_styles, list(problems))
    sanitize_document_fields(document)
    document.__dict__["content_hash"] = content_hash  # the cached_property, as computed at load
    return document


# Shard files -----------------------------------------------------------------------
def _read_shard(path: Path) -> dict:
    data = Path(path).read_bytes()
    if len(data) < _HEAD.size:
        raise ValueError("truncated")
    magic, fmt, version, crc = _HEAD.unpack_from(data)
    if magic != MAGIC or fmt != FORMAT or version != LOADER_VERSION:
        raise ValueError("another format or loader version")
    body = memoryview(data)[_HEAD.size :]
    if zlib.crc32(body) != crc:
        raise ValueError("checksum mismatch")
    entries = marshal.loads(body)
    if type(entries) is not dict:
        raise ValueError("not a shard")
    for key, entry in entries.items():
        if (type(key) is not str or type(entry) is not tuple or len(entry) != 4
                or type(entry[0]) is not int or type(entry[1]) is not int
                or type(entry[2]) is not str or type(entry[3]) is not bytes):
            raise ValueError("malformed entry")
    return entries


def _write_shard(path: Path, entries: dict) -> None:
    body = marshal.dumps(entries)
    header = _HEAD.pack(MAGIC, FORMAT, LOADER_VERSION, zlib.crc32(body))
    write_atomically(path, (header, body))
