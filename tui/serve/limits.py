"""Limits of the reading room: failed sign-ins per address, sessions per key and in total.

Plain bookkeeping with an injectable clock, so the tests need no waiting.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

DEFAULT_MAX_SESSIONS = 20
DEFAULT_MAX_PER_KEY = 3
DEFAULT_MAX_AUTH_FAILURES = 10
DEFAULT_AUTH_WINDOW = 300.0
MAX_TRACKED_ADDRESSES = 10_000


class FailureLimiter:
    """At most ``max_failures`` failed sign-ins per address within ``window`` seconds.

    An address over the limit is blocked until its oldest failure in the window
    is older than the window (a sliding window: retrying while blocked keeps it
    blocked). Memory is bounded: at most ``max_addresses`` addresses, the least
    recently failing are forgotten first.
    """

    def __init__(self, max_failures: int = DEFAULT_MAX_AUTH_FAILURES, window: float = DEFAULT_AUTH_WINDOW,
                 clock: Callable[[], float] = time.monotonic, max_addresses: int = MAX_TRACKED_ADDRESSES) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_addresses = max_addresses
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def record_failure(self, address: str) -> None:
        if self.max_failures <= 0:
            return
        now = self.clock()
        times = self._failures.pop(address, None) or deque(maxlen=self.max_failures)
        times.append(now)
        self._failures[address] = times
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)

    def blocked_for(self, address: str) -> float:
        """Seconds until ``address`` may try again; 0 when it may now."""
        if self.max_failures <= 0:
            return 0.0
        times = self._failures.get(address)
        if not times:
            return 0.0
        now = self.clock()
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[address]
            return 0.0
        if len(times) < self.max_failures:
            return 0.0
        return self.window - (now - times[0])

    def __len__(self) -> int:
        return len(self._failures)


class SessionLimits:
    """Open reader sessions, at most ``per_key`` for one key and ``total`` in all."""

    def __init__(self, total: int = DEFAULT_MAX_SESSIONS, per_key: int = DEFAULT_MAX_PER_KEY) -> None:
        self.total = total
        self.per_key = per_key
        self._open: dict[str, int] = {}

    def acquire(self, key: str) -> str | None:
        """Take a place for ``key``; None when granted, else why not (for the analyst)."""
        if self.count() >= self.total:
            return f"the reading room is full ({self.total} sessions open); try again later"
        if self._open.get(key, 0) >= self.per_key:
            return (f"this key already has {self.per_key} session{'s' if self.per_key != 1 else ''} open "
                    f"(the limit per key); close one first")
        self._open[key] = self._open.get(key, 0) + 1
        return None

    def release(self, key: str) -> None:
        count = self._open.get(key, 0) - 1
        if count > 0:
            self._open[key] = count
        else:
            self._open.pop(key, None)

    def count(self, key: str | None = None) -> int:
        return sum(self._open.values()) if key is None else self._open.get(key, 0)
