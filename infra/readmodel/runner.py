"""The catch-up runner: a thread that follows the store's notification log into the read model.

It resumes from the read model's tracked position. On SQLite it polls
`recorder.select_notifications` (the SQLite recorder cannot subscribe) and wakes early when
nudged after a local command; on PostgreSQL it catches up the same way, then follows the
library's LISTEN/NOTIFY subscription. Both paths apply events through `ReadModel.apply`, so
they share one projection.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification, Subscription

from infra.readmodel.model import ReadModel

log = logging.getLogger(__name__)
MAX_PAUSE = 5.0  # seconds between attempts while the database is away


class ProjectionRunner:
    def __init__(
        self,
        app: Application[Any],
        readmodel: ReadModel,
        *,
        poll_interval: float = 0.2,
        batch_size: int = 500,
        push: bool | None = None,
    ) -> None:
        self.app = app
        self.readmodel = readmodel
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.push = readmodel.dialect == "postgres" if push is None else push
        self.position = readmodel.position()
        self.processed = 0
        self._changed = threading.Condition()
        self._nudged = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._subscription: Subscription[Any] | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="xiuhua-projection", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._nudged.set()
        subscription = self._subscription
        if subscription is not None:
            subscription.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def nudge(self) -> None:
        """Look at the log now rather than at the next poll."""
        self._nudged.set()

    def catch_up(self) -> int:
        """Apply every notification recorded so far; returns how many were applied."""
        applied = 0
        while True:
            page = self.app.recorder.select_notifications(self.position + 1, self.batch_size)
            if page:
                applied += self._apply(page)
            if len(page) < self.batch_size:
                return applied

    def wait_for(self, position: int | None, timeout: float = 5.0) -> bool:
        """Block until the read model reflects notification `position`; False on timeout."""
        if position is None or self.position >= position:
            return True
        if not self.running:
            self.catch_up()
            return self.position >= position
        deadline = time.monotonic() + timeout
        self.nudge()
        with self._changed:
            while self.position < position:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def _apply(self, notifications: Sequence[Notification]) -> int:
        position, applied = self.readmodel.apply(notifications, self.app.mapper.to_domain_event)
        with self._changed:
            self.position = max(self.position, position)
            self.processed += applied
            self._changed.notify_all()
        return applied

    def _run(self) -> None:
        pause = self.poll_interval
        while not self._stopping.is_set():
            try:
                self.catch_up()
                if self.push:
                    self._follow()
                else:
                    self._nudged.wait(self.poll_interval)
                    self._nudged.clear()
                pause = self.poll_interval
            except Exception:  # the database away: wait, then resume from the position
                log.exception("read model projection failed at position %s", self.position)
                # A nudge (a command waiting to read its own write) cuts the pause short.
                self._nudged.wait(pause)
                self._nudged.clear()
                pause = min(pause * 2, MAX_PAUSE)

    def _follow(self) -> None:
        with self.app.recorder.subscribe(gt=self.position) as subscription:
            self._subscription = subscription
            try:
                if self._stopping.is_set():
                    return
                for notification in subscription:
                    self._apply([notification])
            finally:
                self._subscription = None
