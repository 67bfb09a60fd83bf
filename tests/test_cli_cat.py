"""``briefing cat`` prints the canonical text; problems go to stderr, naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.loaders import load_document


def test_cat_prints_exactly_the_canonical_text(tmp_path: Path, capsysbinary: pytest.CaptureFixture) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Ti\x1btle\n\nSay **“hi”** to the U.S.\n", encoding="utf-8")
    assert main(["cat", str(path)]) == 0
    out = capsysbinary.readouterr().out
    assert out == load_document(path).text.encode("utf-8")
    assert b"\x1b" not in out


def test_bad_files_are_named_on_stderr_and_good_ones_still_print(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good title\n\nGood body.\n")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01binary")
    missing = tmp_path / "missing.md"
    assert main(["cat", str(binary), str(good), str(missing)]) == 1
    captured = capsys.readouterr()
    assert "Good body." in captured.out
    assert f"briefing: error: {binary}: looks like a binary file" in captured.err
    assert f"briefing: error: {missing}: no such file or folder" in captured.err
    assert "Traceback" not in captured.err


def test_warnings_do_not_fail_the_command(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Title\n\ncaf\xe9\n")
    assert main(["cat", str(path)]) == 0
    captured = capsys.readouterr()
    assert "caf\ufffd" in captured.out
    assert f"briefing: warning: {path}: not valid UTF-8" in captured.err


def test_cat_as_a_subprocess_never_shows_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    (tmp_path / "deep.md").write_text("> " * 1000 + "deep\n")
    (tmp_path / "ok.txt").write_bytes(b"Title\r\n\r\nBody \x1b[2J text.\r\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "cat", str(tmp_path)], capture_output=True, timeout=60
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"loop.md: symbolic link loop" in result.stderr
    assert b"deep.md: nested too deeply" in result.stderr
    assert b"Body \xe2\x90\x9b[2J text." in result.stdout  # ESC shown as U+241B
    assert b"deep" in result.stdout
