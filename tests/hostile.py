"""Helpers for the hostile-input tests: run the installed ``briefing`` under limits and
check that what it printed or wrote cannot drive a terminal."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

BRIEFING = Path(sys.executable).with_name("briefing")

# Characters no output surface may carry: a terminal interprets them, or they
# reorder or hide text.
BIDI = {chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
FORBIDDEN = (
    {chr(c) for c in range(0x20) if chr(c) not in "\n\t"}
    | {"\x7f"}
    | {chr(c) for c in range(0x80, 0xA0)}
    | BIDI
    | {"\u2028", "\u2029"}
)


def offending(text: str) -> list[str]:
    """Every forbidden character of ``text`` (as U+XXXX), or lone surrogates."""
    found = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN or 0xD800 <= ord(c) <= 0xDFFF})
    return found


def assert_inert(data: bytes | str, where: str) -> str:
    """``data`` is valid UTF-8 holding no ESC, C0 (but newline and tab), DEL, C1 or bidi control."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            context = data[error.start - 20 : error.start + 20]
            raise AssertionError(f"{where}: not UTF-8 at byte {error.start}: {context!r}") from None
    else:
        text = data
    bad = offending(text)
    assert not bad, f"{where}: {', '.join(bad)} in output: {text[:300]!r}"
    return text


def limited(seconds: int = 60, memory_mb: int = 2048):
    """A preexec function: CPU seconds and address space of the child are capped."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    return apply


def briefing(*args, home: Path, env: dict | None = None, seconds: int = 60, memory_mb: int = 2048,
             stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``briefing`` with ``args`` (str or bytes) and a private home."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
                   "BRIEFING_HOME": str(home), "TEXTUAL_ANIMATIONS": "none"}
    environment.update(env or {})
    return subprocess.run(
        [os.fsencode(BRIEFING), *(a if isinstance(a, bytes) else os.fsencode(str(a)) for a in args)],
        input=stdin, capture_output=True, env=environment, timeout=seconds * 3,
        preexec_fn=limited(seconds, memory_mb), cwd=cwd,
    )
