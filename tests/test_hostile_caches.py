"""Caches that lie: corrupted, swapped or malformed entries are never believed, only rebuilt."""

from __future__ import annotations

import json
import marshal
import shutil
import struct
import zlib
from pathlib import Path

from tui.loaders import load_document
from tui.model.cache import DocumentCache


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


CHINA = "# China\n\nChina criticised the tariffs on Monday. Beijing said the measures were illegal.\n"
RUSSIA = "# Russia\n\nRussia rejected the sanctions on Monday. Moscow said the measures were illegal.\n"


def test_a_swapped_analysis_entry_is_not_another_documents_actors(tmp_path: Path) -> None:
    from tui.analysis.cache import cache_path, cached_analysis
    from tui.analysis.gazetteer import default_gazetteer

    china = load_document(_write(tmp_path, "china.md", CHINA))
    russia = load_document(_write(tmp_path, "russia.md", RUSSIA))
    expected = {a.id for a in cached_analysis(china).actors}
    cached_analysis(russia)
    fingerprint = default_gazetteer().fingerprint
    shutil.copyfile(cache_path(russia, fingerprint), cache_path(china, fingerprint))
    assert {a.id for a in cached_analysis(china).actors} == expected
    # and one flipped byte anywhere in the file is noticed
    data = bytearray(cache_path(china, fingerprint).read_bytes())
    data[len(data) // 2] ^= 0x01
    cache_path(china, fingerprint).write_bytes(bytes(data))
    assert {a.id for a in cached_analysis(china).actors} == expected


def test_search_index_headers_that_lie_are_rebuilt(tmp_path: Path) -> None:
    from tui.model.corpus import load_corpus
    from tui.search import load_or_build
    from tui.search.cache import FORMAT, MAGIC, cache_file
    from tui.search.query import parse_query

    _write(tmp_path / "c", "a.md", CHINA)
    _write(tmp_path / "c", "b.md", RUSSIA)
    documents = load_corpus([tmp_path / "c"]).documents
    load_or_build(documents)
    path = cache_file(documents)
    good = path.read_bytes()
    head_len = struct.unpack_from("<8sIQI", good)[2]
    body = good[struct.calcsize("<8sIQI") + head_len :]
    for head in (b"[]", b"5", b'{"format": 5}', json.dumps({"format": FORMAT, "itemsize": []}).encode()):
        # a header with a valid checksum but nonsense inside
        path.write_bytes(struct.pack("<8sIQI", MAGIC, FORMAT, len(head), zlib.crc32(head)) + head + body)
        index = load_or_build(documents)
        assert index.origin == "built"
        assert {h.title for h in index.search(parse_query("Russia"))} == {"Russia"}
    # a header changed without fixing its checksum
    tampered = bytearray(good)
    tampered[struct.calcsize("<8sIQI") + 2] ^= 0x20
    path.write_bytes(bytes(tampered))
    assert load_or_build(documents).origin == "built"


def test_a_document_cache_entry_under_another_files_name_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    china = _write(folder, "china.md", CHINA)
    russia = _write(folder, "russia.md", RUSSIA)
    cache = DocumentCache(tmp_path / "cache", shards=1)
    cache.load(china)
    cache.load(russia)
    cache.save()
    shard = tmp_path / "cache" / "documents-00.bin"
    data = shard.read_bytes()
    header, body = data[:20], data[20:]
    entries = marshal.loads(body)
    china_key, russia_key = str(china.resolve()), str(russia.resolve())
    size, mtime, extra, _ = entries[china_key]
    entries[china_key] = (size, mtime, extra, entries[russia_key][3])  # Russia's document under China's name
    new_body = marshal.dumps(entries)
    shard.write_bytes(header[:16] + struct.pack("<I", zlib.crc32(new_body)) + new_body)
    fresh = DocumentCache(tmp_path / "cache", shards=1)
    assert fresh.load(china).title == "China"
    assert fresh.misses == 1
