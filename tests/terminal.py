"""Drive the installed ``briefing`` in a real terminal (tmux) and read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

BRIEFING = Path(sys.executable).with_name("briefing")


def require_tmux() -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it from .ci/run)")
    if not BRIEFING.exists():
        pytest.skip(f"the briefing command is not installed next to {sys.executable}")


class Terminal:
    """One tmux session running one command at a fixed size."""

    def __init__(self, command: list[str], *, width: int = 80, height: int = 24, env: dict[str, str]) -> None:
        self.name = f"briefing-test-{uuid.uuid4().hex[:8]}"
        environment = " ".join(f"{key}={_quote(value)}" for key, value in env.items())
        shell_command = f"env -u COLORTERM {environment} {' '.join(_quote(part) for part in command)}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell_command],
            check=True,
        )
        subprocess.run(["tmux", "set-option", "-t", self.name, "remain-on-exit", "on"], check=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def title(self) -> str:
        return subprocess.run(
            ["tmux", "display", "-p", "-t", self.name, "#{pane_title}"], capture_output=True, text=True, check=True
        ).stdout.strip()

    def dead(self) -> bool:
        result = subprocess.run(
            ["tmux", "display", "-p", "-t", self.name, "#{pane_dead}"], capture_output=True, text=True
        )
        return result.stdout.strip() == "1"

    def keys(self, *keys: str, literal: bool = False) -> None:
        command = ["tmux", "send-keys", "-t", self.name]
        if literal:
            command.append("-l")
        subprocess.run([*command, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear on screen:\n{screen}")

    def wait_for_absence(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not go away:\n{screen}")

    def wait_until_dead(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.dead():
                return
            time.sleep(0.1)
        raise AssertionError(f"briefing did not exit:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def terminal_env(home: Path, **extra: str) -> dict[str, str]:
    env = {"TERM": "xterm", "BRIEFING_HOME": str(home), "TEXTUAL_ANIMATIONS": "none",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update(extra)
    return env
