"""Analysing many documents: worker processes give what the pipeline gives, and fill the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.analysis import cache
from tui.analysis.pipeline import analyse
from tui.model.corpus import load_corpus


def documents(seeds: Path):
    return load_corpus([seeds]).documents


def summary(analysis):
    return (
        [(a.id, [(m.start, m.end, m.text, m.resolved) for m in a.mentions]) for a in analysis.actors],
        [(i.id, i.parent, [(m.start, m.end) for m in i.mentions]) for i in analysis.issues],
        [(p.holder, p.target, p.stance, p.sentence_start, p.sentence_end, p.issues) for p in analysis.positions],
    )


def test_worker_processes_match_the_pipeline_and_fill_the_cache(seeds: Path, monkeypatch: pytest.MonkeyPatch):
    docs = documents(seeds)
    monkeypatch.setattr(cache, "POOL_MIN", 1)
    monkeypatch.setattr(cache, "CHUNK", 2)
    results = list(cache.cached_analyses(docs, workers=2))
    assert [r[0] for r in results] == docs
    for document, analysis, error in results:
        assert error is None
        assert summary(analysis) == summary(analyse(document))
    assert len(list(cache.analysis_cache_dir().glob("*.cache"))) == len({d.content_hash for d in docs})
    # the second time everything comes from the cache, without processes
    monkeypatch.setattr(cache, "_in_processes", None)
    again = list(cache.cached_analyses(docs))
    assert [summary(a) for _, a, _ in again] == [summary(a) for _, a, _ in results]


def test_without_processes_the_rest_is_analysed_here(seeds: Path, monkeypatch: pytest.MonkeyPatch):
    docs = documents(seeds)
    monkeypatch.setattr(cache, "POOL_MIN", 1)

    def broken(*args, **kwargs):
        raise cache._PoolFailed("no processes here")
        yield  # a generator, like the real one

    monkeypatch.setattr(cache, "_in_processes", broken)
    results = list(cache.cached_analyses(docs))
    assert [r[0] for r in results] == docs
    assert all(error is None for _, _, error in results)


def test_stopping_early(seeds: Path):
    docs = documents(seeds)
    assert list(cache.cached_analyses(docs, should_stop=lambda: True)) == []
