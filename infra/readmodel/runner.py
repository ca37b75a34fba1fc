"""The catch-up runner: a thread that follows the store's notification log into the read model.

It resumes from the read model's tracked position and applies the log in pages
(`ReadModel.apply`, one transaction a page). It reads the next pages whenever it is woken: by
a poll every `poll_interval`, by a nudge after a local command, and on PostgreSQL by the store's
own NOTIFY on each write (it LISTENs on the recorder's channel, as the library's subscription
does, but reads pages itself rather than one notification at a time). A command that waits to
read its own write applies the missing pages in its own thread rather than wait for a hand-over.
Given `far`, a backlog longer than that at start is applied by a child process
(infra/readmodel/elsewhere.py) while the runner holds the page lock and watches the position.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from psycopg.sql import SQL, Identifier

from infra.ledger.chain import Finding
from infra.ledger.ledger import Tampered
from infra.readmodel import elsewhere
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
        batch_size: int = 1000,
        push: bool | None = None,
        far: int | None = None,
    ) -> None:
        self.app = app
        self.readmodel = readmodel
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.push = readmodel.dialect == "postgres" if push is None else push
        self.position = readmodel.position()
        self.processed = 0
        self.far = far
        self.applied_elsewhere = 0  # notifications a child process applied at start
        self.child: BaseProcess | None = None  # that process while it runs
        self._changed = threading.Condition()
        # One page at a time in this process: the runner's thread or a command's, never both.
        self._applying = threading.Lock()
        self._nudged = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        # A read model built before the ledger was kept: link what it already applied first,
        # so every page applied from here on is linked (or checked) in order.
        self.readmodel.link_behind(self.app.recorder.select_notifications, self.position)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="xiuhua-projection", daemon=True)
        self._thread.start()
        if self.push:
            self._listener = threading.Thread(
                target=self._listen, name="xiuhua-projection-listen", daemon=True
            )
            self._listener.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._nudged.set()
        for thread in (self._thread, self._listener):
            if thread is not None:
                thread.join(timeout)
        self._thread = self._listener = None

    def nudge(self) -> None:
        """Look at the log now rather than at the next poll."""
        self._nudged.set()

    def catch_up(self, upto: int | None = None) -> int:
        """Apply every notification recorded so far (or at least up to `upto`); returns how
        many were applied."""
        applied = 0
        while upto is None or self.position < upto:
            with self._applying:
                page = self.app.recorder.select_notifications(self.position + 1, self.batch_size)
                if page:
                    applied += self._apply(page)
            if len(page) < self.batch_size:
                self.readmodel.check_end(self.position, self._holds)
                break
        self.readmodel.forget()
        return applied

    def _holds(self, notification_id: int) -> bool:
        found = self.app.recorder.select_notifications(notification_id, 1)
        return bool(found) and found[0].id == notification_id

    def wait_for(self, position: int | None, timeout: float = 5.0) -> bool:
        """Block until the read model reflects notification `position`; False on timeout.

        The caller applies what is missing itself once no other page is being applied here;
        it gives up if that takes longer than `timeout` (a long catch-up at start)."""
        if position is None or self.position >= position:
            return True
        if not self._applying.acquire(timeout=timeout):
            return self.position >= position
        try:
            if self.position >= position:
                return True
            page = self.app.recorder.select_notifications(self.position + 1, self.batch_size)
            if page:
                self._apply(page)
        except Tampered:  # the log does not verify: the runner says so (health), once
            return False
        except Exception:  # the database away: the runner's thread retries; say "not yet"
            log.exception("read model could not apply up to %s", position)
            return False
        finally:
            self._applying.release()
        if self.position >= position:
            return True
        # Further behind than a page (another process wrote much): leave it to the runner.
        self.nudge()
        deadline = time.monotonic() + timeout
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

    def _catch_up_elsewhere(self) -> None:
        """A backlog longer than `far` applied by a child; on any failure the runner's own
        loop applies what is left (and says why, as before)."""
        if self.far is None or not elsewhere.reachable(self.app.env):
            return
        try:
            head = self.app.recorder.max_notification_id() or 0
        except Exception:  # the database away: the loop below retries
            return
        if head - self.position <= self.far:
            return
        started = self.position
        with self._applying:
            log.info("read model %s behind: a child process applies it", head - started)
            child = self.child = elsewhere.start(self.app, self.batch_size)
            try:
                while child.is_alive() and not self._stopping.is_set():
                    child.join(1.0)
                    self._moved_to(self.readmodel.position(), started)
            finally:
                if child.is_alive():
                    child.terminate()
                    child.join(10.0)
                self.child = None
                self.readmodel.forget()  # rows kept between pages: the child has changed them
                self._moved_to(self.readmodel.position(), started)
        if child.exitcode != 0:
            log.warning("the catch-up process ended with %s; the runner goes on", child.exitcode)

    def _moved_to(self, position: int, started: int) -> None:
        """The child has applied up to `position` (from `started`)."""
        with self._changed:
            # Counted before the position moves: whoever sees the position sees the count.
            self.applied_elsewhere = max(self.position, position) - started
            self.position = max(self.position, position)
            self._changed.notify_all()

    def _run(self) -> None:
        try:
            self._catch_up_elsewhere()
        except Exception:  # whatever is left, the loop below applies
            log.exception("the catch-up process failed; the runner applies the rest")
        pause = self.poll_interval
        refused: Finding | None = None
        while not self._stopping.is_set():
            try:
                self.catch_up()
                self._nudged.wait(self.poll_interval)
                self._nudged.clear()
                pause = self.poll_interval
            except Tampered as tampered:  # the log does not verify: apply nothing past it
                if tampered.finding != refused:
                    log.error("the event log does not verify, read model held: %s", tampered)
                    refused = tampered.finding
                self._nudged.wait(MAX_PAUSE)
                self._nudged.clear()
            except Exception:  # the database away: wait, then resume from the position
                log.exception("read model projection failed at position %s", self.position)
                # A nudge (a command waiting to read its own write) cuts the pause short.
                self._nudged.wait(pause)
                self._nudged.clear()
                pause = min(pause * 2, MAX_PAUSE)

    def _listen(self) -> None:
        """On PostgreSQL: nudge the runner whenever the store NOTIFYs a write."""
        recorder: Any = self.app.recorder
        channel = SQL("LISTEN {0}").format(Identifier(recorder.channel_name))
        pause = self.poll_interval
        while not self._stopping.is_set():
            try:
                with recorder.datastore.get_connection() as conn:
                    conn.execute(channel)
                    conn.commit()
                    pause = self.poll_interval
                    while not self._stopping.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            self.nudge()
            except Exception:  # the database away: polling goes on; listen again later
                log.warning("read model cannot LISTEN; polling only", exc_info=True)
                self._stopping.wait(pause)
                pause = min(pause * 2, MAX_PAUSE)
