"""The command line says what it did: lint passes on what ships, an empty list says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def briefing(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "--data-dir", str(home), *args],
                          capture_output=True, text=True, cwd=REPO)


def test_dict_lint_passes_on_the_bundled_dictionaries(tmp_path: Path) -> None:
    result = briefing("dict", "lint", home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem" in result.stdout + result.stderr


def test_annotations_list_says_when_there_are_none(tmp_path: Path) -> None:
    result = briefing("annotations", "list", home=tmp_path / "home")
    assert result.returncode == 0
    assert result.stdout.strip() == "No annotations."
