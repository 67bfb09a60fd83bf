"""The SSH server: public keys only, one reader process per session on its own pseudo-terminal.

Design: every session runs the normal ``briefing`` reader as a child process
(``python -m tui.serve.child``) in a new session whose controlling terminal is a
fresh pty. The server only moves bytes between the SSH channel and the pty
master, sets the pty's size on window-change (the kernel then sends SIGWINCH),
and ends the child with SIGHUP (the reader saves its state and restores the
terminal), then SIGKILL for its whole process group after a grace period. A
crash or a leak in one reader cannot touch another analyst's session or the
server, and memory is given back when the session ends.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import re
import signal
import struct
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from tui.serve.hostkey import HostKeyError, load_or_create
from tui.serve.keys import AuthorizedKey, KeyRing
from tui.serve.limits import (
    DEFAULT_AUTH_WINDOW,
    DEFAULT_MAX_AUTH_FAILURES,
    DEFAULT_MAX_PER_KEY,
    DEFAULT_MAX_SESSIONS,
    FailureLimiter,
    SessionLimits,
)
from tui.serve.log import ServerLog, clean

DEFAULT_PORT = 2222
DEFAULT_IDLE_TIMEOUT = 1800.0
LOGIN_TIMEOUT = 30.0
HANGUP_GRACE = 3.0  # seconds a reader has to save and restore the terminal after SIGHUP
EXTRA_CONNECTIONS = 16  # connections beyond max_sessions (signing in, or between sessions)
INPUT_BUFFER_LIMIT = 1 << 20
EARLY_INPUT_LIMIT = 4096
BANNER = "briefing reading room: sign in with your registered SSH key (no passwords).\r\n"
# Leave the alternate screen, show the cursor, stop mouse reports and bracketed paste.
TERMINAL_RESET = b"\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[0m"
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
PASSED_THROUGH = ("BRIEFING_MAX_FILE_MB", "TZ")  # from the server's environment to every reader


@dataclass
class Settings:
    authorized_keys: Path
    host_key: Path
    room: Path  # the analysts' folders are room/users/<name>/
    paths: list[Path] = field(default_factory=list)
    listen: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    cache: Path | None = None  # one cache shared by every reader (content-addressed)
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_key: int = DEFAULT_MAX_PER_KEY
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT  # seconds without a key press; 0: never
    max_auth_failures: int = DEFAULT_MAX_AUTH_FAILURES
    auth_window: float = DEFAULT_AUTH_WINDOW
    login_timeout: float = LOGIN_TIMEOUT
    grace: float = HANGUP_GRACE

    def reader_command(self) -> list[str]:
        # -I: no PYTHONPATH or user site, and the analyst's folder (the reader's working
        # directory, where exports land) never comes first on sys.path.
        return [sys.executable, "-I", "-m", "tui.serve.child", "read", *(str(path) for path in self.paths)]


def terminal_type(value: str | None) -> str:
    """The client's TERM when it is a plain terminfo name, else ``xterm``."""
    return value if value and _TERM.fullmatch(value) else "xterm"


def reader_environment(name: str, home: Path, term: str | None, no_color: bool, ssh_connection: str,
                       environ: dict[str, str] | None = None) -> dict[str, str]:
    """The reader's whole environment: nothing of the server's leaks but PATH and a few settings."""
    environ = os.environ if environ is None else environ
    env = {
        "PATH": environ.get("PATH", os.defpath),
        "HOME": str(home),
        "USER": name,
        "LOGNAME": name,  # annotations name their author after the login
        "BRIEFING_HOME": str(home),
        "BRIEFING_USER": name,
        "TERM": terminal_type(term),
        "LANG": "C.UTF-8",
        "SSH_CONNECTION": ssh_connection,  # the reader's SSH defaults: no animations
    }
    if no_color:
        env["NO_COLOR"] = "1"
    for variable in PASSED_THROUGH:
        if environ.get(variable):
            env[variable] = environ[variable]
    return env


def _window(width: int, height: int, pixwidth: int = 0, pixheight: int = 0) -> bytes:
    clamp = lambda value, low, high: max(low, min(high, value))  # noqa: E731
    return struct.pack("HHHH", clamp(height or 24, 1, 1000), clamp(width or 80, 1, 1000),
                       clamp(pixwidth, 0, 65535), clamp(pixheight, 0, 65535))


def _address(extra: object) -> tuple[str, int]:
    if isinstance(extra, tuple) and len(extra) >= 2:
        host = str(extra[0])
        if host.startswith("::ffff:") and "." in host:
            host = host[7:]
        return host, int(extra[1])
    return "?", 0


class Room:
    """What the sessions share: keys, limits, the log and the list of open sessions."""

    def __init__(self, settings: Settings, log: ServerLog) -> None:
        self.settings = settings
        self.log = log
        self.keys = KeyRing(settings.authorized_keys)
        self.limiter = FailureLimiter(settings.max_auth_failures, settings.auth_window)
        self.limits = SessionLimits(settings.max_sessions, settings.max_per_key)
        self.sessions: set[ReaderSession] = set()
        self.connections: set[Connection] = set()
        self.closing = False
        self._next_id = 0

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def reload_keys(self) -> None:
        try:
            changed = self.keys.load()
        except OSError as error:
            self.log.event("keys-unreadable", file=self.keys.path, error=error.strerror or error)
            return
        if changed:
            for problem in self.keys.problems:
                self.log.event("keys-problem", file=self.keys.path, problem=problem)
            self.log.event("keys-loaded", file=self.keys.path, keys=len(self.keys.keys),
                           analysts=",".join(self.keys.names) or "-")

    def user_home(self, name: str) -> Path:
        home = self.settings.room / "users" / name
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        cache = home / "cache"
        if self.settings.cache is not None and not cache.exists() and not cache.is_symlink():
            self.settings.cache.mkdir(parents=True, exist_ok=True)
            try:
                cache.symlink_to(self.settings.cache, target_is_directory=True)
            except OSError:
                pass  # the reader then keeps its own cache
        return home

    def sweep_idle(self) -> None:
        timeout = self.settings.idle_timeout
        if timeout <= 0:
            return
        now = time.monotonic()
        for session in list(self.sessions):
            if now - session.last_input >= timeout:
                minutes = timeout / 60
                shown = f"{minutes:g} minute{'s' if minutes != 1 else ''}" if timeout >= 60 else f"{timeout:g} s"
                session.hangup("idle", f"closed after {shown} without a key press")

    async def shutdown(self) -> None:
        self.closing = True
        sessions = list(self.sessions)
        for session in sessions:
            session.hangup("shutdown", "the reading room is shutting down; your notes and places are saved")
        waits = [session.done.wait() for session in sessions]
        if waits:
            await asyncio.wait([asyncio.ensure_future(wait) for wait in waits], timeout=self.settings.grace + 3)
        # Clients leave by themselves once their session has said goodbye (closing them at
        # once could drop that last message); those still there after a moment are closed.
        for grace in (2.0, 1.0):
            connections = [connection for connection in self.connections if connection.conn is not None]
            if not connections:
                break
            if grace < 2.0:
                for connection in connections:
                    connection.close()
            await asyncio.wait([asyncio.ensure_future(connection.conn.wait_closed()) for connection in connections],
                               timeout=grace)


class Connection(asyncssh.SSHServer):
    """One SSH connection: who it is, from where, and what it asks for."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self.id = room.next_id()
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address, self.port = "?", 0
        self.username = ""
        self.candidate: AuthorizedKey | None = None
        self.identity: AuthorizedKey | None = None
        self.opened = time.monotonic()
        self.blocked = False
        self.refused = False
        self.tried_keys = 0

    # Connection life ---------------------------------------------------------
    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.address, self.port = _address(conn.get_extra_info("peername"))
        self.room.connections.add(self)
        self.room.log.event("connect", id=self.id, client=f"{self.address}:{self.port}")
        limit = self.room.settings.max_sessions + EXTRA_CONNECTIONS
        if self.room.closing or len(self.room.connections) > limit:
            self.refused = True
            self.room.log.event("refused", id=self.id, client=self.address,
                                reason="shutting down" if self.room.closing else f"more than {limit} connections")
            asyncio.get_running_loop().call_soon(conn.abort)

    def connection_lost(self, exc: Exception | None) -> None:
        self.room.connections.discard(self)
        seconds = f"{time.monotonic() - self.opened:.1f}"
        if self.identity is None:
            if not self.refused:  # turned away for the room's sake is no failed sign-in
                self.room.limiter.record_failure(self.address)
            self.room.log.event("auth-failed" if not self.refused else "closed", id=self.id,
                                client=f"{self.address}:{self.port}",
                                user=self.username or None, keys_tried=self.tried_keys, seconds=seconds,
                                error=str(exc) if exc else None)
        else:
            self.room.log.event("disconnect", id=self.id, who=self.identity.name,
                                client=f"{self.address}:{self.port}", seconds=seconds)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    # Authentication: public keys only ---------------------------------------
    def begin_auth(self, username: str) -> bool:
        self.username = username
        assert self.conn is not None
        wait = self.room.limiter.blocked_for(self.address)
        try:
            if wait > 0:
                self.blocked = True
                self.conn.send_auth_banner(f"briefing reading room: too many failed sign-ins from your address; "
                                           f"try again in {int(wait // 60) + 1} minutes.\r\n")
                self.room.log.event("blocked", id=self.id, client=self.address, seconds_left=f"{wait:.0f}")
            else:
                self.conn.send_auth_banner(BANNER)
        except OSError:
            pass
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if self.blocked:
            return False
        self.tried_keys += 1
        self.room.reload_keys()
        entry = self.room.keys.find(key)
        if entry is not None and entry.allows(self.address):
            self.candidate = entry
            return True
        reason = "not authorized" if entry is None else "not from this address (from=)"
        self.room.log.event("key-refused", id=self.id, client=self.address, key=key.get_fingerprint(),
                            reason=reason)
        return False

    def auth_completed(self) -> None:
        self.identity = self.candidate
        assert self.identity is not None
        self.room.log.event("auth-ok", id=self.id, who=self.identity.name, client=f"{self.address}:{self.port}",
                            key=self.identity.fingerprint, user=self.username)

    # Sessions and everything else -------------------------------------------
    def session_requested(self) -> ReaderSession | bool:
        if self.identity is None:
            return False
        return ReaderSession(self.room, self)

    def _refuse(self, what: str, **fields: object) -> None:
        self.room.log.event("refused", id=self.id, who=self.identity.name if self.identity else None,
                            client=self.address, request=what, **fields)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        self._refuse("port-forward", to=f"{dest_host}:{dest_port}")
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                        "port forwarding is disabled in the briefing reading room")

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refuse("remote-forward", listen=f"{listen_host}:{listen_port}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refuse("unix-forward", to=dest_path)
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                        "forwarding is disabled in the briefing reading room")

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refuse("unix-remote-forward", listen=listen_path)
        return False


class ReaderSession(asyncssh.SSHServerSession):
    """One session: checks the request, runs a reader child on a pty, moves the bytes."""

    def __init__(self, room: Room, connection: Connection) -> None:
        self.room = room
        self.connection = connection
        self.identity = connection.identity
        assert self.identity is not None
        self.id = room.next_id()
        self.chan: asyncssh.SSHServerChannel | None = None
        self.term_type: str | None = None
        self.term_size = (0, 0, 0, 0)
        self.kind = "shell"
        self.request = ""
        self.master = -1
        self.process: asyncio.subprocess.Process | None = None
        self.started = time.monotonic()
        self.last_input = time.monotonic()
        self.done = asyncio.Event()
        self.end_reason: str | None = None
        self.end_message: str | None = None
        self.client_gone = False
        self._slot = False
        self._reading = False
        self._output_done = asyncio.Event()
        self._pending = bytearray()
        self._input_paused = False
        self._kill_timer: asyncio.TimerHandle | None = None

    # Requests ---------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object) -> bool:
        self.term_type = term_type
        self.term_size = term_size
        return True

    def shell_requested(self) -> bool:
        self.kind = "shell"
        return True

    def exec_requested(self, command: str) -> bool:
        self.kind, self.request = "exec", command
        return True  # accepted only to say why it is refused, then closed

    def subsystem_requested(self, subsystem: str) -> bool:
        self.kind, self.request = "subsystem", subsystem
        return True

    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self._run())

    # Bytes from the client ----------------------------------------------------
    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_input = time.monotonic()
        if self.end_reason is not None:
            return
        if self.master < 0:  # typed before the reader started: kept (a little) for it
            if len(self._pending) < EARLY_INPUT_LIMIT:
                self._pending += data
            return
        self._pending += data
        self._flush_input()

    def _flush_input(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending and self.master >= 0:
            try:
                written = os.write(self.master, self._pending)
            except BlockingIOError:
                loop.add_writer(self.master, self._flush_input)
                if len(self._pending) > INPUT_BUFFER_LIMIT and not self._input_paused and self.chan:
                    self._input_paused = True
                    self.chan.pause_reading()
                return
            except OSError:
                self._pending.clear()
                break
            del self._pending[:written]
        if self.master >= 0:
            loop.remove_writer(self.master)
        if self._input_paused and self.chan:
            self._input_paused = False
            self.chan.resume_reading()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.term_size = (width, height, pixwidth, pixheight)
        if self.master >= 0:
            try:  # the kernel sends SIGWINCH to the reader, the terminal's foreground process
                fcntl.ioctl(self.master, termios.TIOCSWINSZ, _window(width, height, pixwidth, pixheight))
            except OSError:
                pass

    def eof_received(self) -> bool:
        self.hangup("client-eof", None)
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        self.client_gone = True
        self.hangup("client-gone", None)

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # signals are not passed on: the reader has its own keys

    # Bytes from the reader ----------------------------------------------------
    def pause_writing(self) -> None:
        self._stop_reading()

    def resume_writing(self) -> None:
        self._start_reading()

    def _start_reading(self) -> None:
        if self.master >= 0 and not self._reading and not self._output_done.is_set():
            asyncio.get_running_loop().add_reader(self.master, self._on_output)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._reading:
            asyncio.get_running_loop().remove_reader(self.master)
            self._reading = False

    def _on_output(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: every process let go of the terminal
            data = b""
        if not data:
            self._stop_reading()
            self._output_done.set()
            return
        if not self.client_gone:  # once the client has gone, output is read and dropped
            self._send(data)

    def _send(self, data: bytes, stderr: bool = False) -> None:
        if self.chan is None or self.client_gone:
            return
        try:
            if stderr:
                self.chan.write_stderr(data)
            else:
                self.chan.write(data)
        except (OSError, asyncssh.Error):
            self.client_gone = True

    def _finish(self, status: int) -> None:
        if self.chan is not None and not self.client_gone:
            try:
                self.chan.exit(status)
            except (OSError, asyncssh.Error):
                pass
        self.done.set()

    # The session ---------------------------------------------------------------
    def _refuse(self, message: str, what: str, **fields: object) -> None:
        self.connection._refuse(what, **fields)
        self._send(f"briefing: {message}\r\n".encode(), stderr=True)
        self._finish(1)

    async def _run(self) -> None:
        try:
            await self._serve()
        except Exception as error:  # never let one session take the server down
            self.room.log.event("session-error", id=self.id, who=self.identity.name, error=repr(error))
            self._send(TERMINAL_RESET + b"\r\nbriefing: the session failed on the server; please reconnect.\r\n")
            self._finish(1)
        finally:
            self._cleanup()

    async def _serve(self) -> None:
        identity = self.identity
        if self.kind == "exec":
            self._refuse(f"this reading room runs no commands (asked for {clean(self.request, 60)!r}); "
                         "connect without a command to read", "exec", command=self.request)
            return
        if self.kind == "subsystem":
            self._refuse(f"no subsystems here ({clean(self.request, 40)!r}): no SFTP or file transfer",
                         "subsystem", name=self.request)
            return
        if self.term_type is None:
            self._refuse("the reader needs a terminal: connect with 'ssh -t'", "shell-without-pty")
            return
        if self.room.closing:
            self._refuse("the reading room is shutting down", "session", reason="shutting down")
            return
        refusal = self.room.limits.acquire(identity.fingerprint)
        if refusal is not None:
            self._refuse(refusal, "session", reason=refusal)
            return
        self._slot = True
        self.room.sessions.add(self)
        await self._spawn()
        assert self.process is not None
        status = await self.process.wait()
        try:  # what the reader wrote last (restoring the terminal) reaches the client
            await asyncio.wait_for(self._output_done.wait(), timeout=1.0)
        except TimeoutError:
            pass
        self._kill_group()
        seconds = f"{time.monotonic() - self.started:.1f}"
        crashed = self.end_reason is None and status != 0
        if crashed:
            self.end_reason = "crashed"
            how = f"signal {-status}" if status < 0 else f"exit status {status}"
            self.end_message = (f"the reader stopped unexpectedly ({how}); your annotations are saved. "
                                "Reconnect to start a new session")
        if self.end_message is not None:
            self._send(TERMINAL_RESET + f"\r\nbriefing: {self.end_message}.\r\n".encode())
        self.room.log.event("session-end", id=self.id, who=identity.name,
                            client=f"{self.connection.address}:{self.connection.port}", seconds=seconds,
                            status=status, reason=self.end_reason or "quit")
        self._finish(0 if status == 0 and not crashed else 1)

    async def _spawn(self) -> None:
        identity = self.identity
        connection = self.connection
        home = self.room.user_home(identity.name)
        local, local_port = _address(connection.conn.get_extra_info("sockname") if connection.conn else None)
        client_env = self.chan.get_environment() if self.chan is not None else {}
        env = reader_environment(identity.name, home, self.term_type, bool(client_env.get("NO_COLOR")),
                                 f"{connection.address} {connection.port} {local} {local_port}")
        master, slave = os.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, _window(*self.term_size))
            os.set_blocking(master, False)
            self.process = await asyncio.create_subprocess_exec(
                *self.room.settings.reader_command(), stdin=slave, stdout=slave, stderr=slave,
                cwd=home, env=env, start_new_session=True, close_fds=True)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.master = master
        self._start_reading()
        width, height = self.term_size[:2]
        self.room.log.event("session-start", id=self.id, conn=connection.id, who=identity.name,
                            client=f"{connection.address}:{connection.port}", term=env["TERM"],
                            size=f"{width}x{height}", no_color="yes" if "NO_COLOR" in env else None,
                            pid=self.process.pid)
        if self._pending:
            self._flush_input()

    def hangup(self, reason: str, message: str | None) -> None:
        """End the reader: SIGHUP now (it saves and restores the terminal), SIGKILL after the grace."""
        if self.end_reason is None:
            self.end_reason = reason
            self.end_message = message
        if self.process is None or self.process.returncode is not None:
            if self.process is None and self.chan is not None and not self.done.is_set() and message:
                self._send(f"\r\nbriefing: {message}.\r\n".encode())
            return
        self._signal_group(signal.SIGHUP)
        if self._kill_timer is None:
            self._kill_timer = asyncio.get_running_loop().call_later(self.room.settings.grace, self._kill_group)

    def _signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def _kill_group(self) -> None:
        self._signal_group(signal.SIGKILL)

    def _cleanup(self) -> None:
        if self._kill_timer is not None:
            self._kill_timer.cancel()
        if self.master >= 0:
            loop = asyncio.get_running_loop()
            self._stop_reading()
            loop.remove_writer(self.master)
            os.close(self.master)
            self.master = -1
        if self._slot:
            self._slot = False
            self.room.limits.release(self.identity.fingerprint)
        self.room.sessions.discard(self)
        self.done.set()


# Running the server -------------------------------------------------------------
def _quiet_asyncssh() -> None:
    """asyncssh logs what clients send as it is: the room's own log says it, made safe."""
    logger = logging.getLogger("asyncssh")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False


async def start(settings: Settings, log: ServerLog) -> tuple[Room, asyncssh.SSHAcceptor, asyncssh.SSHKey, bool]:
    """Load keys, listen; raises HostKeyError or OSError with a message for the administrator."""
    _quiet_asyncssh()
    host_key, created = load_or_create(settings.host_key)
    room = Room(settings, log)
    try:
        room.keys.load()
    except OSError as error:
        raise OSError(f"cannot read the authorized-keys file {settings.authorized_keys}: "
                      f"{error.strerror or error}") from None
    for problem in room.keys.problems:
        log.event("keys-problem", file=settings.authorized_keys, problem=problem)
    settings.room.mkdir(parents=True, exist_ok=True)
    acceptor = await asyncssh.create_server(
        lambda: Connection(room), settings.listen, settings.port,
        server_host_keys=[host_key], encoding=None, line_editor=False, allow_pty=True,
        agent_forwarding=False, x11_forwarding=False, allow_scp=False, sftp_factory=None,
        public_key_auth=True, password_auth=False, kbdint_auth=False, host_based_auth=False,
        gss_host=None, gss_kex=False, gss_auth=False, rdns_lookup=False,
        login_timeout=settings.login_timeout, keepalive_interval=60, keepalive_count_max=3,
        server_version="briefing", reuse_address=True)
    return room, acceptor, host_key, created


async def serve(settings: Settings, log: ServerLog, ready: asyncio.Event | None = None) -> int:
    try:
        room, acceptor, host_key, created = await start(settings, log)
    except (HostKeyError, OSError) as error:
        print(f"briefing serve: error: {clean(error, 400)}", file=sys.stderr)
        return 2
    port = acceptor.get_port()
    fingerprint = host_key.get_fingerprint()
    log.event("listening", address=f"{settings.listen}:{port}", host_key=fingerprint,
              host_key_file=settings.host_key, new_host_key="yes" if created else None,
              analysts=",".join(room.keys.names) or "-", room=settings.room)
    if log.stream is not sys.stderr:
        print(f"briefing serve: host key {fingerprint} ({'new' if created else 'from'} {settings.host_key})",
              file=sys.stderr)
        print(f"briefing serve: listening on {settings.listen}:{port}", file=sys.stderr, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    stop_signal: list[int] = []

    def request_stop(signum: int) -> None:
        stop_signal.append(signum)
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(signum, request_stop, signum)
    if ready is not None:
        ready.set()
    sweeper = loop.create_task(_sweep(room))
    try:
        await stop.wait()
    finally:
        sweeper.cancel()
        name = signal.Signals(stop_signal[0]).name if stop_signal else "stop"
        log.event("shutdown", signal=name, sessions=len(room.sessions))
        acceptor.close()
        await room.shutdown()
        await acceptor.wait_closed()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.remove_signal_handler(signum)
        log.event("stopped")
    return 0


async def _sweep(room: Room) -> None:
    timeout = room.settings.idle_timeout
    if timeout <= 0:
        return
    interval = max(0.2, min(30.0, timeout / 4))
    while True:
        await asyncio.sleep(interval)
        room.sweep_idle()


def run(settings: Settings, log: ServerLog) -> int:
    return asyncio.run(serve(settings, log))
