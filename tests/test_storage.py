"""Atomic writes: the old file or the new one, never half of either, and no litter."""

from pathlib import Path

import pytest

from tui.storage import write_atomically


def test_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "state.json"
    write_atomically(target, b"old")
    write_atomically(target, (b"n", b"ew"), durable=True)
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "index.bin"
    write_atomically(target, b"complete")

    def chunks():
        yield b"half"
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_atomically(target, chunks())
    assert target.read_bytes() == b"complete"
    assert [p.name for p in tmp_path.iterdir()] == ["index.bin"]
