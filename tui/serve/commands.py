"""``briefing serve``: the reading room over SSH (see tui/serve/server.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.serve.limits import DEFAULT_MAX_AUTH_FAILURES, DEFAULT_MAX_PER_KEY, DEFAULT_MAX_SESSIONS

DEFAULT_PORT = 2222
DEFAULT_IDLE_MINUTES = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve", help="serve the reader over SSH to analysts with registered keys",
        description="An SSH server giving every analyst their own reader, signed in by public key only.")
    serve.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="files or folders every reader opens (default: the readers' own setting)")
    serve.add_argument("--listen", default="127.0.0.1", metavar="ADDRESS",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0: any free)")
    serve.add_argument("--authorized-keys", type=Path, metavar="FILE",
                       help="public keys that may sign in, one analyst each "
                            "(default: authorized_keys in the config folder)")
    serve.add_argument("--host-key", type=Path, metavar="FILE",
                       help="the server's private key, made on first start "
                            "(default: ssh_host_ed25519_key in the data folder)")
    serve.add_argument("--log", type=Path, metavar="FILE", help="append the log here (default: stderr)")
    serve.add_argument("--max-sessions", type=_positive, default=DEFAULT_MAX_SESSIONS, metavar="N",
                       help=f"sessions open at once in all (default: {DEFAULT_MAX_SESSIONS})")
    serve.add_argument("--max-sessions-per-key", type=_positive, default=DEFAULT_MAX_PER_KEY, metavar="N",
                       help=f"sessions open at once with one key (default: {DEFAULT_MAX_PER_KEY})")
    serve.add_argument("--idle-timeout", type=_minutes, default=DEFAULT_IDLE_MINUTES * 60.0, metavar="MINUTES",
                       help=f"close a session after this long without a key press "
                            f"(default: {DEFAULT_IDLE_MINUTES}; 0: never)")
    serve.add_argument("--max-auth-failures", type=_non_negative, default=DEFAULT_MAX_AUTH_FAILURES, metavar="N",
                       help=f"failed sign-ins from one address within 5 minutes before it must wait "
                            f"(default: {DEFAULT_MAX_AUTH_FAILURES}; 0: no limit)")
    serve.set_defaults(func=run_serve)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _minutes(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value * 60.0


def run_serve(args: argparse.Namespace) -> int:
    from tui import paths
    from tui.serve.log import ServerLog, clean
    from tui.serve.server import Settings, run

    if not 0 <= args.port <= 65535:
        print(f"briefing serve: error: --port {args.port} is not a port number", file=sys.stderr)
        return 2
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        print(f"briefing serve: error: no such file or folder: {clean(missing[0])}", file=sys.stderr)
        return 2
    settings = Settings(
        authorized_keys=(args.authorized_keys or paths.config_dir() / "authorized_keys").expanduser(),
        host_key=(args.host_key or paths.data_dir() / "ssh_host_ed25519_key").expanduser(),
        room=paths.data_dir(),
        cache=paths.cache_dir(),
        paths=[path.expanduser().resolve() for path in args.paths],
        listen=args.listen, port=args.port,
        max_sessions=args.max_sessions, max_per_key=args.max_sessions_per_key,
        idle_timeout=args.idle_timeout, max_auth_failures=args.max_auth_failures)
    if args.log is not None:
        try:
            args.log.parent.mkdir(parents=True, exist_ok=True)
            stream = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - open while serving
        except OSError as error:
            print(f"briefing serve: error: cannot open the log {clean(args.log)}: {error.strerror}",
                  file=sys.stderr)
            return 2
        with stream:
            return run(settings, ServerLog(stream))
    return run(settings, ServerLog(sys.stderr))
