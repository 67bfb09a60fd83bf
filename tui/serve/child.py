"""The reader of one session, run by the server as ``python -m tui.serve.child ARGS``.

It starts in a new session (setsid) with the pseudo-terminal on 0, 1 and 2,
takes that terminal as its controlling terminal (so window changes send it
SIGWINCH and a hang-up sends SIGHUP), then runs the normal command line.
"""

from __future__ import annotations

import fcntl
import sys
import termios


def main(argv: list[str] | None = None) -> int:
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError:  # not a session leader or no terminal: the reader still runs
        pass
    from tui.cli import main as briefing

    return briefing(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
