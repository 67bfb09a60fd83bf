"""Write files so that a crash or a concurrent reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def replacing(path: Path, *, text: bool = False, durable: bool = False) -> Iterator[IO[Any]]:
    """A temporary file beside ``path`` that is renamed over it when the block ends without error.

    ``text`` opens it as UTF-8 text (unencodable characters replaced), else binary;
    ``durable`` flushes it to disk before the rename (exports and anything the user
    would miss; caches can do without). The temporary file never stays behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if text:
            file: IO[Any] = os.fdopen(handle, "w", encoding="utf-8", errors="replace", newline="")
        else:
            file = os.fdopen(handle, "wb")
        with file:
            yield file
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes | Iterable[bytes], *, durable: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``. Raises ``OSError``."""
    with replacing(path, durable=durable) as file:
        for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
            file.write(chunk)
