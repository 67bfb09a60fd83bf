"""``briefing serve`` end to end: the real OpenSSH client, in tmux, against the server on loopback.

Every wait is a bounded poll on the screen or the log; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import BRIEFING, Terminal, require_tmux, terminal_env

pytestmark = pytest.mark.terminal

LOOPBACK = "127.0.0.1"
READER = "q Quit"  # the reader's footer, whichever pane an analyst's remembered state opens


def require_ssh() -> None:
    require_tmux()
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (CI installs openssh-client from .ci/run)")


def poll(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Server:
    """``briefing serve --port 0`` in the background; its port is read from its log."""

    def __init__(self, root: Path, keys: dict[str, Path], *extra: str) -> None:
        self.root = root
        self.keys = keys
        self.home = root / "home"
        self.log = root / "serve.log"
        self.stderr = open(root / "serve.err", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(BRIEFING), "--data-dir", str(self.home), "serve", "--port", "0",
             "--authorized-keys", str(root / "authorized_keys"), "--host-key", str(root / "host_key"),
             "--log", str(self.log), *extra],
            stdout=subprocess.DEVNULL, stderr=self.stderr, stdin=subprocess.DEVNULL)
        line = poll(lambda: self.find(r"listening address=127\.0\.0\.1:(\d+)") or self._check_alive(), 20,
                    "the server to listen")
        self.port = int(line.group(1))

    def _check_alive(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"the server ended: {(self.root / 'serve.err').read_text()}")

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def find(self, pattern: str) -> re.Match | None:
        return re.search(pattern, self.text())

    def wait_log(self, pattern: str, timeout: float = 15) -> re.Match:
        return poll(lambda: self.find(pattern), timeout, f"{pattern!r} in the log:\n{self.text()}")

    def ssh_options(self, key: str | None, log_level: str = "ERROR") -> list[str]:
        options = ["-F", "/dev/null", "-p", str(self.port), "-o", "StrictHostKeyChecking=no",
                   "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                   "-o", f"LogLevel={log_level}", "-o", "ConnectTimeout=10"]
        if key is not None:
            options += ["-i", str(self.keys[key])]
        return options

    def ssh(self, *args: str, key: str | None = "ann", timeout: float = 20) -> subprocess.CompletedProcess:
        """A non-interactive ssh run (BatchMode: it never waits for a password); banners shown."""
        return subprocess.run(["ssh", *self.ssh_options(key, "INFO"), "-o", "BatchMode=yes", *args],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def terminal(self, key: str, *options: str, width: int = 80, height: int = 24, **env: str) -> Terminal:
        command = ["ssh", *self.ssh_options(key), *options, "-t", f"analyst@{LOOPBACK}"]
        return Terminal(command, width=width, height=height, env=terminal_env(self.root / "client", **env))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_ssh()
    folder = tmp_path_factory.mktemp("keys")
    made = {}
    for name, comment in (("ann", "ann@laptop"), ("bob", "bob"), ("eve", "eve")):
        path = folder / name
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True)
        made[name] = path
    return made


def _room(root: Path, keys: dict[str, Path]) -> None:
    """ann by her comment, bob by an option; eve's key is not listed."""
    root.mkdir(parents=True, exist_ok=True)
    ann = (keys["ann"].with_suffix(".pub")).read_text().strip()
    bob = (keys["bob"].with_suffix(".pub")).read_text().strip()
    (root / "authorized_keys").write_text(f'{ann}\nenvironment="BRIEFING_USER=Bob Smith" {bob}\n')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, keys: dict[str, Path]) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("room")
    _room(root, keys)
    running = Server(root, keys)
    yield running
    running.stop()


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def _first_line(terminal: Terminal) -> str:
    lines = terminal.screen().splitlines()
    return lines[0] if lines else ""


def test_two_analysts_each_get_their_own_reader_and_a_resize_reaches_the_app(
        server: Server, terminals: list[Terminal]) -> None:
    assert oct((server.root / "host_key").stat().st_mode & 0o777) == "0o600"
    ann = server.terminal("ann")
    terminals.append(ann)
    bob = server.terminal("bob", "-o", "SetEnv=NO_COLOR=1")
    terminals.append(bob)
    ann.wait_for("type to filter")
    bob.wait_for("type to filter")
    ann_start = server.wait_log(r"session-start .*who=ann .*term=xterm size=80x24[^\n]*")
    assert "no_color" not in ann_start.group(0)
    server.wait_log(r"session-start .*who=bob-smith .*no_color=yes")
    users = server.home / "data" / "users"
    assert sorted(path.name for path in users.iterdir()) == ["ann", "bob-smith"]

    # Typing in one session does not reach the other.
    chip = "chip-tool-export-controls.txt"  # a line of the document list
    ann.wait_for(chip)
    bob.wait_for(chip)
    ann.keys("steel", literal=True)
    ann.wait_for_absence(chip)  # ann's list is filtered, bob's is not
    assert chip in bob.screen()

    # The window grows: ssh sends window-change, the reader lays out 120 columns.
    poll(lambda: "Rar…" in _first_line(bob), 15, f"the first briefing's title cut at 80 columns:\n{bob.screen()}")
    subprocess.run(["tmux", "resize-window", "-t", bob.name, "-x", "120", "-y", "30"], check=True)
    poll(lambda: any(len(line.rstrip()) > 100 for line in bob.screen().splitlines()[1:]), 15,
         f"the reader to redraw at 120x30:\n{bob.screen()}")

    # Quitting ends the session; the reader saved its state in the analyst's own folder.
    bob.keys("q")
    bob.wait_until_dead()
    server.wait_log(r"session-end .*who=bob-smith .*status=0 reason=quit")
    assert (users / "bob-smith" / "data" / "state.json").exists()
    assert not (users / "ann" / "data" / "state.json").exists()


def test_refused_requests_get_a_clear_answer(server: Server) -> None:
    result = server.ssh(f"analyst@{LOOPBACK}", "ls")
    assert result.returncode == 1 and "runs no commands" in result.stderr and "'ls'" in result.stderr
    server.wait_log(r"refused .*who=ann .*request=exec command=ls")

    result = server.ssh("-T", f"analyst@{LOOPBACK}")
    assert result.returncode == 1 and "needs a terminal" in result.stderr

    result = server.ssh("-s", f"analyst@{LOOPBACK}", "sftp")
    assert result.returncode == 1 and "no subsystems here" in result.stderr

    result = server.ssh(f"analyst@{LOOPBACK}", key="eve")
    assert result.returncode == 255 and "Permission denied (publickey)" in result.stderr
    assert "sign in with your registered SSH key" in result.stderr  # the banner says how
    server.wait_log(r"key-refused .*reason=\"not authorized\"")

    result = server.ssh("-o", "PreferredAuthentications=password,keyboard-interactive",
                        "-o", "PubkeyAuthentication=no", f"analyst@{LOOPBACK}", key=None)
    assert result.returncode == 255 and "Permission denied (publickey)" in result.stderr
    server.wait_log(r"auth-failed .*keys_tried=0")

    result = server.ssh("-N", "-o", "ExitOnForwardFailure=yes", "-R", f"{LOOPBACK}:0:{LOOPBACK}:{server.port}",
                        f"analyst@{LOOPBACK}")
    assert result.returncode == 255 and "remote port forwarding failed" in result.stderr
    server.wait_log(r"refused .*request=remote-forward")


def test_a_local_port_forward_is_refused(server: Server, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a free loopback port for ssh to listen on
        probe.bind((LOOPBACK, 0))
        local_port = probe.getsockname()[1]
    errors = tmp_path / "ssh.err"
    with open(errors, "w") as stderr:
        client = subprocess.Popen(
            ["ssh", *server.ssh_options("ann", "INFO"), "-o", "BatchMode=yes", "-N", "-o", "ExitOnForwardFailure=yes",
             "-L", f"{LOOPBACK}:{local_port}:{LOOPBACK}:{server.port}", f"analyst@{LOOPBACK}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            def forwarded() -> bytes | None:
                try:
                    with socket.create_connection((LOOPBACK, local_port), timeout=5) as connection:
                        connection.settimeout(5)
                        return connection.recv(100) or b"closed"
                except OSError:
                    return None

            assert poll(forwarded, 15, "ssh's local forward to accept") == b"closed"  # no SSH banner came through
            server.wait_log(r"refused .*request=port-forward to=127\.0\.0\.1:\d+")
            poll(lambda: "administratively prohibited" in errors.read_text(), 10, "ssh to report the refusal")
        finally:
            client.kill()
            client.wait(timeout=10)


def test_a_lost_client_or_a_crashed_reader_leaves_the_others_running(
        server: Server, terminals: list[Terminal]) -> None:
    bob_sessions = r"session-start [^\n]*who=bob-smith [^\n]*pid=(\d+)"
    before = len(re.findall(bob_sessions, server.text()))
    ann = server.terminal("ann")
    terminals.append(ann)
    bob = server.terminal("bob")
    terminals.append(bob)
    ann.wait_for(READER)
    bob.wait_for(READER)
    pids = poll(lambda: re.findall(bob_sessions, server.text())[before:], 15, "bob's session in the log")
    bob_pid = int(pids[-1])

    # The client goes away without a word: its reader is hung up, the server carries on.
    ann.close()
    server.wait_log(r"session-end .*who=ann .*reason=client-gone")
    bob.keys("C-p")  # the command palette: the session still answers keys
    bob.wait_for("Search for commands")

    # A reader that dies tells its analyst; the server and a new session carry on.
    os.kill(bob_pid, signal.SIGKILL)
    bob.wait_for("stopped unexpectedly")
    server.wait_log(r"session-end .*who=bob-smith .*reason=crashed")
    again = server.terminal("ann")
    terminals.append(again)
    again.wait_for(READER)
    assert server.process.poll() is None


def test_limits_idle_timeout_and_failed_sign_ins(tmp_path: Path, keys: dict[str, Path],
                                                 terminals: list[Terminal]) -> None:
    _room(tmp_path, keys)
    server = Server(tmp_path, keys, "--max-sessions-per-key", "1", "--max-auth-failures", "2",
                    "--idle-timeout", "0.1")
    try:
        ann = server.terminal("ann")
        terminals.append(ann)
        ann.wait_for("type to filter")
        second = server.ssh("-tt", f"analyst@{LOOPBACK}")
        assert second.returncode == 1 and "already has 1 session open" in second.stderr + second.stdout

        # Six seconds without a key press end the session with a word to the analyst.
        ann.wait_for("without a key press", timeout=25)
        server.wait_log(r"session-end .*who=ann .*reason=idle")

        for _ in range(2):
            assert server.ssh(f"analyst@{LOOPBACK}", key="eve").returncode == 255
        server.wait_log(r"(?s)auth-failed.*auth-failed")
        blocked = server.ssh(f"analyst@{LOOPBACK}", "ls")
        assert blocked.returncode == 255 and "too many failed sign-ins" in blocked.stderr
        server.wait_log(r"blocked .*client=127\.0\.0\.1")
    finally:
        server.stop()


def test_sigterm_tells_the_analysts_and_stops_cleanly(tmp_path: Path, keys: dict[str, Path],
                                                       terminals: list[Terminal]) -> None:
    _room(tmp_path, keys)
    server = Server(tmp_path, keys)
    try:
        ann = server.terminal("ann")
        terminals.append(ann)
        ann.wait_for("type to filter")
        server.wait_log(r"session-start .*who=ann")
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=15) == 0
        ann.wait_for("shutting down")
        log = server.text()
        assert re.search(r"shutdown signal=SIGTERM sessions=1", log)
        assert re.search(r"session-end .*who=ann .*status=0 reason=shutdown", log)
        assert re.search(r"Z stopped$", log, re.MULTILINE)
        assert (server.home / "data" / "users" / "ann" / "data" / "state.json").exists()
    finally:
        server.stop()
