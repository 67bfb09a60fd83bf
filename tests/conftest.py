"""Shared fixtures: every test runs with its own config, data and cache folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session", autouse=True)
def private_tmux(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The terminal tests' tmux server is this run's own: another tmux on the machine (or
    its last session closing) cannot take the server away in the middle of a test."""
    os.environ["TMUX_TMPDIR"] = str(tmp_path_factory.mktemp("tmux"))
    os.environ.pop("TMUX", None)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point BRIEFING_HOME at a fresh folder so no test touches the user's files."""
    home = tmp_path / "briefing-home"
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return home


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run only with SLOW=1 (``make test SLOW=1`` or ``SLOW=1 make test``)."""
    if os.environ.get("SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set SLOW=1 to run it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
