"""What the read side keeps between requests: rendered answers under keys the database decides.

Every key holds the `touched` position (domain/views.py) of the rows the value was computed
from, the business day, and whatever else the value depends on (the caller's sight), so a value
is reused until the database says its rows moved; several API processes on one PostgreSQL each
keep their own cache and never need telling. Each cache is bounded by the bytes it holds and
forgets the least recently used first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
ENTRY_OVERHEAD = 200  # bytes an entry costs beyond its value: the key, the node, the tuple


class Cache(Generic[V]):
    """A thread-safe LRU map whose values are weighed in bytes (`put(key, value, size)`)."""

    def __init__(self, name: str, max_bytes: int) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> V:
        weight = size + ENTRY_OVERHEAD
        if weight > self.max_bytes:  # a value bigger than the cache is served, not kept
            return value
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._entries[key] = (value, weight)
            self.bytes += weight
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


class ReadCaches:
    """One application's caches (a process may serve several, as the tests do)."""

    def __init__(self) -> None:
        # 176 MiB in all, so an API process stays under 300 MiB. Both views of every task
        # of a city's portfolio fit in the pieces (2-4 KB each: 3,400 tasks take about 25 MB);
        # the answers hold the largest campaign (2.5 MB at 1,000 tasks) for many callers.
        self.pieces: Cache[Any] = Cache("task pieces", 48 * 2**20)
        self.summaries: Cache[bytes] = Cache("campaign summaries", 4 * 2**20)
        self.overdue: Cache[Any] = Cache("overdue items by task", 8 * 2**20)
        # One period's silent supporters at 0.3 KB a task: a city's 3,400 tasks take about 1 MB.
        self.silent: Cache[bytes] = Cache("silent supporters by task", 4 * 2**20)
        self.answers: Cache[bytes] = Cache("answers", 64 * 2**20)
        self.exports: Cache[tuple[bytes, str]] = Cache("status workbooks", 16 * 2**20)
        # A district plan is 40-100 KB in either format: dozens of campaigns' plans fit.
        self.plans: Cache[Any] = Cache("plan downloads", 4 * 2**20)
        # The battle map page's grid as HTML (api/web/battle_grid.py): 2 MB for a district's
        # whole grid, so the usual views of the day (whole, filtered, each language) fit; and
        # its cells, shared by all who are shown them (3.3 MB for a district's tasks in one
        # language as one sight shows them: the task force's and the units' views in Chinese
        # fit, with room for some English).
        self.pages: Cache[Any] = Cache("rendered page parts", 16 * 2**20)
        self.cells: Cache[Any] = Cache("battle map cells as HTML", 12 * 2**20)
