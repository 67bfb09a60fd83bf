"""Pause Python's cyclic garbage collector around bursts of acyclic allocation."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing, indexing and analysing allocate many small objects that form no
    cycles; the collector would rescan them again and again and free nothing.
    Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
