"""The reading room over SSH on loopback: sessions at once, memory per session, keystroke latency, bytes per page.

Starts ``briefing serve --port 0`` with a fresh host key and one generated key
per analyst, and drives it with asyncssh as the client (80x24, TERM=xterm).
Everything is bounded: at most 10 sessions, fixed key counts, timeouts on
every wait; the server is stopped with SIGTERM at the end.
"""

from __future__ import annotations

import asyncio
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh

Row = tuple[str, str, str, str]
BRIEFING = Path(sys.executable).with_name("briefing")
DOWN, UP, PAGE_DOWN = b"\x1b[B", b"\x1b[A", b"\x1b[6~"
READY_TEXT = b"filter documents"


class Screen(asyncssh.SSHClientSession):
    """Counts what the server sends and wakes waiters on every chunk."""

    def __init__(self) -> None:
        self.received = 0
        self.text = bytearray()
        self.last = time.perf_counter()
        self.arrived = asyncio.Event()

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.received += len(data)
        if len(self.text) < 1 << 20:
            self.text += data
        self.last = time.perf_counter()
        self.arrived.set()

    async def quiet(self, settle: float = 0.5, limit: float = 20.0) -> None:
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            wait = self.last + settle - time.perf_counter()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def answer(self, channel: asyncssh.SSHClientChannel, key: bytes, settle: float,
                     limit: float = 10.0) -> int:
        """Send ``key``, wait for the first byte of the answer, then for ``settle`` seconds of quiet;
        the bytes received."""
        before = self.received
        self.arrived.clear()
        channel.write(key)
        try:
            await asyncio.wait_for(self.arrived.wait(), timeout=limit)
        except TimeoutError:
            return 0
        await self.quiet(settle, limit)
        return self.received - before

    async def ready(self, limit: float = 30.0) -> None:
        deadline = time.perf_counter() + limit
        while READY_TEXT not in self.text and time.perf_counter() < deadline:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout=deadline - time.perf_counter())
            except TimeoutError:
                break


class Room:
    def __init__(self, folder: Path, analysts: int) -> None:
        self.folder = folder
        self.keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(analysts)]
        lines = [f"{key.export_public_key().decode().strip()} analyst{number}" for number, key in enumerate(self.keys)]
        (folder / "authorized_keys").write_text("\n".join(lines) + "\n")
        self.log = folder / "serve.log"
        self.process = subprocess.Popen(
            [str(BRIEFING), "--data-dir", str(folder / "home"), "serve", "--port", "0", "--log", str(self.log),
             "--authorized-keys", str(folder / "authorized_keys"), "--host-key", str(folder / "host_key")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            found = re.search(r"listening address=127\.0\.0\.1:(\d+)", self._log())
            if found:
                self.port = int(found.group(1))
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("the server did not start")

    def _log(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def reader_pids(self) -> list[int]:
        """The readers still running (their pids are in the log)."""
        started = [int(pid) for pid in re.findall(r"session-start [^\n]*pid=(\d+)", self._log())]
        return [pid for pid in started if Path(f"/proc/{pid}").exists()]

    async def open(self, analyst: int) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientChannel, Screen]:
        connection = await asyncssh.connect("127.0.0.1", self.port, username="analyst", known_hosts=None,
                                            client_keys=[self.keys[analyst]], agent_path=None, config=None)
        channel, screen = await connection.create_session(Screen, term_type="xterm", term_size=(80, 24),
                                                          encoding=None)
        return connection, channel, screen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def group_memory(pid: int) -> tuple[float, float]:
    """RSS and PSS in MB of every process in ``pid``'s process group (the reader and its workers)."""
    rss = pss = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            pgrp = int(stat.rsplit(")", 1)[1].split()[2])
            if pgrp != pid:
                continue
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


def process_rss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def _latency(channel: asyncssh.SSHClientChannel, screen: Screen, keys: int) -> list[float]:
    """Milliseconds from a key sent to the first byte of the screen's answer (Down/Up in the list)."""
    times = []
    for number in range(keys):
        await screen.quiet(0.25, limit=5)
        screen.arrived.clear()
        started = time.perf_counter()
        channel.write(DOWN if number % 4 < 2 else UP)
        try:
            await asyncio.wait_for(screen.arrived.wait(), timeout=5)
        except TimeoutError:
            continue
        times.append((time.perf_counter() - started) * 1000)
    return times


async def _bytes_per_page(channel: asyncssh.SSHClientChannel, screen: Screen, pages: int) -> float:
    # Open the highlighted briefing (the reader then has the focus) and let its analysis finish.
    await screen.answer(channel, b"\r", settle=1.5, limit=20)
    counts = [await screen.answer(channel, PAGE_DOWN, settle=0.6) for _ in range(pages)]
    return sum(counts) / len(counts)


async def _measure(room: Room, counts: list[int], keys: int) -> dict:
    results: dict = {"ready": {}, "latency": {}}
    # Warm the shared cache once (the first reader parses and analyses the corpus).
    connection, channel, screen = await room.open(0)
    await screen.ready()
    await screen.quiet(1.0)
    results["latency"][1] = await _latency(channel, screen, keys)
    results["page"] = await _bytes_per_page(channel, screen, 5)
    channel.write(b"q")
    await asyncio.wait_for(channel.wait_closed(), timeout=15)
    connection.close()

    first = 1
    for count in counts:
        started = time.perf_counter()
        # Analysts who have not read yet: each starts on the document list, as the first did.
        sessions = await asyncio.gather(*(room.open(number) for number in range(first, first + count)))
        first += count
        await asyncio.gather(*(screen.ready() for _, _, screen in sessions))
        results["ready"][count] = time.perf_counter() - started
        await asyncio.gather(*(screen.quiet(1.0) for _, _, screen in sessions))
        if count == max(counts):
            memory = [group_memory(pid) for pid in room.reader_pids()]
            results["rss"] = statistics.mean(rss for rss, _ in memory)
            results["pss"] = statistics.mean(pss for _, pss in memory)
            results["sessions_measured"] = len(memory)
            results["server_rss"] = process_rss(room.process.pid)
            _, channel, screen = sessions[0]
            results["latency"][count] = await _latency(channel, screen, keys)
        # Hang up (the list's filter has the focus, where 'q' is a letter): the server ends the readers.
        for connection, _, _ in sessions:
            connection.close()
        deadline = time.monotonic() + 15
        while room.reader_pids() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
    return results


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


def run(quick: bool = False) -> list[Row]:
    if not BRIEFING.exists():
        return [("serve", "SSH reading room", "skipped: briefing is not installed", "-")]
    counts = [1, 3] if quick else [1, 5, 10]
    keys = 10 if quick else 30
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        room = Room(Path(folder), 1 + sum(counts))
        try:
            results = asyncio.run(_measure(room, counts, keys))
        finally:
            room.stop()
    top = max(counts)
    latency = " / ".join(
        f"{statistics.median(values):.0f}, {_percentile(values, 0.95):.0f}"
        for values in (results["latency"][1], results["latency"][top]))
    return [
        ("serve", f"sessions at once {' / '.join(map(str, counts))}: every reader shown",
         " / ".join(f"{results['ready'][count]:.1f} s" for count in counts), "-"),
        ("serve", f"memory per session, RSS / PSS of its processes ({results['sessions_measured']} open)",
         f"{results['rss']:.0f} MB / {results['pss']:.0f} MB", "-"),
        ("serve", f"server process RSS with {top} sessions", f"{results['server_rss']:.0f} MB", "-"),
        ("serve", f"keystroke to screen through SSH, median, p95 ms (1 / {top} sessions open)", latency,
         "<= 50 ms median"),
        ("serve", "bytes per page down through SSH at 80x24", f"{results['page'] / 1024:.1f} KB", "<= 8 KB"),
    ]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
