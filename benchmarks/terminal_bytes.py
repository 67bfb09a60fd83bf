"""Count the bytes a program writes to an 80x24 terminal for one page down.

Runs the program in a pseudo-terminal (TERM=xterm, no COLORTERM), waits for
the screen to settle, presses PgDn several times and averages the output.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

PAGE_DOWN = b"\x1b[6~"


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def _drain(fd: int, settle: float, limit: float = 10.0) -> int:
    """Read until nothing arrives for ``settle`` seconds; return the byte count."""
    total = 0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], settle)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        total += len(chunk)
    return total


def measure(argv: list[str], keys_before: bytes = b"", pages: int = 5, settle: float = 0.6) -> float:
    env = {k: v for k, v in os.environ.items() if k != "COLORTERM"}
    env.update(TERM="xterm", TEXTUAL_ANIMATIONS="none", LANG="C.UTF-8")
    pid, fd = _spawn(argv, env)
    try:
        _drain(fd, settle=1.5, limit=20)
        if keys_before:
            os.write(fd, keys_before)
            _drain(fd, settle=settle)
        counts = []
        for _ in range(pages):
            os.write(fd, PAGE_DOWN)
            counts.append(_drain(fd, settle=settle))
        return sum(counts) / len(counts)
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)


def bytes_per_page(document: Path) -> dict[str, str]:
    results: dict[str, str] = {}
    briefing = Path(sys.executable).with_name("briefing")
    if briefing.exists():
        # Enter opens the document; the reader then has the focus.
        value = measure([str(briefing), str(document)], keys_before=b"\r")
        results["briefing"] = f"{value / 1024:.1f} KB"
    less = shutil.which("less")
    if less:
        results["less"] = f"{measure([less, str(document)]) / 1024:.1f} KB"
    else:
        results["less"] = "not installed"
    return results
