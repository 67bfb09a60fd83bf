"""The reading room's parts without a network: keys, names, limits, the log, the host key."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import asyncssh
import pytest

from tui.serve.hostkey import HostKeyError, load_or_create
from tui.serve.keys import KeyRing, address_matches, parse_authorized_keys, safe_name, split_options
from tui.serve.limits import FailureLimiter, SessionLimits
from tui.serve.log import ServerLog, clean
from tui.serve.server import reader_environment, terminal_type


@pytest.fixture(scope="module")
def public_keys() -> list[str]:
    return [asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().split(" comment")[0].strip()
            for _ in range(4)]


def _key(line: str) -> str:
    """The 'type base64' of an exported public key (its comment dropped)."""
    return " ".join(line.split()[:2])


# Names -------------------------------------------------------------------------
@pytest.mark.parametrize("raw, name", [
    ("ann", "ann"),
    ("ann@laptop", "ann"),
    ("Ann Smith", "ann-smith"),
    ("  Zoë  ", "zoe"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", None),
    (".hidden", "hidden"),
    ("a\x1b]0;pwned\x07b", "a-0-pwned-b"),
    ("x" * 80, "x" * 32),
    ("日本", None),
    ("", None),
    ("bob--smith__jr", "bob-smith_jr"),
])
def test_safe_name(raw: str, name: str | None) -> None:
    assert safe_name(raw) == name
    if name is not None:
        assert name == os.path.basename(name) and not name.startswith(".")


def test_split_options_keeps_commas_inside_quotes() -> None:
    assert split_options('restrict,environment="BRIEFING_USER=ann",from="10.0.0.1,127.0.0.1"') == [
        "restrict", 'environment="BRIEFING_USER=ann"', 'from="10.0.0.1,127.0.0.1"']
    with pytest.raises(ValueError):
        split_options('from="127.0.0.1')


# The authorized-keys file ------------------------------------------------------------
def test_names_from_option_and_comment(public_keys: list[str]) -> None:
    a, b, c, d = (_key(key) for key in public_keys)
    text = "\n".join([
        "# the reading room",
        f"{a} ann@laptop",
        f'environment="BRIEFING_USER=Bob Smith",restrict {b} bob@old-name',
        f"{c}",
        f'no-port-forwarding,from="127.0.0.1,::1" {d} Carla',
        "",
    ])
    keys, problems = parse_authorized_keys(text)
    assert [(entry.name, entry.line) for entry in keys] == [("ann", 2), ("bob-smith", 3), ("carla", 5)]
    assert problems == ['line 4: no analyst name: add environment="BRIEFING_USER=name" or a comment naming them; '
                        'skipped']
    assert keys[2].from_patterns == ("127.0.0.1", "::1")
    assert keys[0].fingerprint.startswith("SHA256:")


def test_unsupported_options_bad_keys_and_duplicates_are_skipped(public_keys: list[str]) -> None:
    a, b, _, _ = (_key(key) for key in public_keys)
    text = "\n".join([
        f'command="/bin/sh" {a} ann',
        f"no-pty {b} bob",
        "ssh-ed25519 AAAAnotakey ann",
        "ssh-unknown AAAA ann",
        f"{b} bob",
        f"{b} bob-again",
    ])
    keys, problems = parse_authorized_keys(text)
    assert [entry.name for entry in keys] == ["bob"]
    assert [problem.split(":")[0] for problem in problems] == ["line 1", "line 2", "line 3", "line 4", "line 6"]
    assert "'command' is not supported" in problems[0]
    assert "same key as line 5" in problems[4]


def test_from_patterns() -> None:
    assert address_matches("127.0.0.1", ("127.0.0.*",))
    assert address_matches("10.1.2.3", ("10.0.0.0/8",))
    assert address_matches("::ffff:127.0.0.1", ("127.0.0.1",))
    assert not address_matches("127.0.0.1", ("!127.0.0.1", "*"))
    assert not address_matches("192.0.2.1", ("127.0.0.1", "::1"))
    assert address_matches("::1", ("127.0.0.1", "::1"))


def test_key_ring_reads_the_file_again_when_it_changes(tmp_path: Path, public_keys: list[str]) -> None:
    a, b, _, _ = (_key(key) for key in public_keys)
    path = tmp_path / "authorized_keys"
    path.write_text(f"{a} ann\n")
    ring = KeyRing(path)
    assert ring.load() and ring.names == ["ann"]
    assert not ring.load()  # unchanged: not read again
    path.write_text(f"{a} ann\n{b} bob\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert ring.load() and ring.names == ["ann", "bob"]
    assert ring.find(asyncssh.import_public_key(b)).name == "bob"
    assert ring.find(asyncssh.generate_private_key("ssh-ed25519").convert_to_public()) is None


# Limits ---------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failure_limiter_blocks_an_address_for_the_rest_of_the_window() -> None:
    clock = Clock()
    limiter = FailureLimiter(max_failures=3, window=60, clock=clock)
    for _ in range(2):
        limiter.record_failure("192.0.2.1")
        clock.now += 1
    assert limiter.blocked_for("192.0.2.1") == 0
    limiter.record_failure("192.0.2.1")
    assert limiter.blocked_for("192.0.2.1") == pytest.approx(58)
    assert limiter.blocked_for("192.0.2.2") == 0  # other addresses are not touched
    clock.now += 58
    assert limiter.blocked_for("192.0.2.1") == 0  # the oldest failure left the window
    clock.now += 60
    assert limiter.blocked_for("192.0.2.1") == 0 and len(limiter) == 0  # forgotten


def test_failure_limiter_memory_is_bounded_and_zero_disables() -> None:
    limiter = FailureLimiter(max_failures=1, window=60, clock=Clock(), max_addresses=100)
    for number in range(1000):
        limiter.record_failure(f"10.0.{number // 256}.{number % 256}")
    assert len(limiter) == 100
    assert limiter.blocked_for("10.0.3.231") > 0 and limiter.blocked_for("10.0.0.0") == 0
    off = FailureLimiter(max_failures=0)
    off.record_failure("192.0.2.1")
    assert off.blocked_for("192.0.2.1") == 0


def test_session_limits_per_key_and_in_total() -> None:
    limits = SessionLimits(total=3, per_key=2)
    assert limits.acquire("ann") is None and limits.acquire("ann") is None
    assert "2 sessions open" in limits.acquire("ann")
    assert limits.acquire("bob") is None
    assert "full (3 sessions" in limits.acquire("carla")
    limits.release("ann")
    assert limits.count() == 2 and limits.count("ann") == 1
    assert limits.acquire("carla") is None
    limits.release("nobody")  # releasing what was not taken changes nothing
    assert limits.count() == 3


# The log and the reader's environment ----------------------------------------------------
def test_log_lines_show_control_characters_and_cannot_be_forged() -> None:
    stream = io.StringIO()
    line = ServerLog(stream).event("auth-failed", user="eve\nFAKE auth-ok who=root\x1b[2J", client="127.0.0.1")
    assert stream.getvalue() == line + "\n" and "\n" not in line and "\x1b" not in line
    assert 'user="eve␊FAKE auth-ok who=root␛[2J"' in line
    assert clean("x" * 500).endswith("…") and len(clean("x" * 500)) == 200


def test_reader_environment_is_built_from_nothing(tmp_path: Path) -> None:
    server_env = {"PATH": "/usr/bin", "AWS_SECRET_ACCESS_KEY": "x", "BRIEFING_HOME": "/srv", "TZ": "UTC"}
    env = reader_environment("ann", tmp_path, "xterm-256color", True, "127.0.0.1 5 127.0.0.1 2222", server_env)
    assert env == {"PATH": "/usr/bin", "HOME": str(tmp_path), "USER": "ann", "LOGNAME": "ann",
                   "BRIEFING_HOME": str(tmp_path), "BRIEFING_USER": "ann", "TERM": "xterm-256color",
                   "LANG": "C.UTF-8", "SSH_CONNECTION": "127.0.0.1 5 127.0.0.1 2222", "NO_COLOR": "1", "TZ": "UTC"}
    assert terminal_type("xterm;rm -rf /") == "xterm" and terminal_type(None) == "xterm"
    assert terminal_type("screen.xterm-256color") == "screen.xterm-256color"


# The host key ---------------------------------------------------------------------
def test_host_key_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "host_key"
    key, created = load_or_create(path)
    assert created and stat.S_IMODE(path.stat().st_mode) == 0o600
    again, created_again = load_or_create(path)
    assert not created_again and again.get_fingerprint() == key.get_fingerprint()
    path.chmod(0o644)
    with pytest.raises(HostKeyError, match="chmod 600"):
        load_or_create(path)
    path.chmod(0o600)
    path.write_text("not a key")
    with pytest.raises(HostKeyError, match="not a usable private key"):
        load_or_create(path)


# The command line -------------------------------------------------------------------
def test_serve_reports_what_stops_it_from_starting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    base = ["--data-dir", str(tmp_path / "home"), "serve", "--port", "0", "--host-key", str(tmp_path / "host_key")]
    assert main([*base, "--authorized-keys", str(tmp_path / "missing")]) == 2
    error = capsys.readouterr().err
    assert "cannot read the authorized-keys file" in error and "missing" in error
    assert stat.S_IMODE((tmp_path / "host_key").stat().st_mode) == 0o600  # made on the way

    (tmp_path / "host_key").chmod(0o640)
    (tmp_path / "keys").write_text("")
    assert main([*base, "--authorized-keys", str(tmp_path / "keys")]) == 2
    assert "chmod 600" in capsys.readouterr().err

    assert main([*base, "--authorized-keys", str(tmp_path / "keys"), str(tmp_path / "no-such-folder")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_the_reader_runs_isolated_from_the_analysts_folder(tmp_path: Path) -> None:
    from tui.serve.server import Settings

    settings = Settings(authorized_keys=tmp_path / "k", host_key=tmp_path / "h", room=tmp_path,
                        paths=[tmp_path / "briefings"])
    command = settings.reader_command()
    assert command[1:4] == ["-I", "-m", "tui.serve.child"] and command[-2:] == ["read", str(tmp_path / "briefings")]
