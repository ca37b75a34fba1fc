"""Views of the past for the read endpoints: "as of business date D", "as known on K", or both.

One view is a read model of the past (infra/readmodel/past.py) wrapped as the services a read
presenter takes, with caches of its own, so every read answers of the past exactly as it
answers of today. The last few views are kept; a new one is built from the nearest checkpoint.
With both cuts, the facts dated by D that had been recorded by K: the log is read from its start
up to K (no checkpoint holds both cuts), which is slower and fine for an evaluator's question.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime

from api.presenters.cache import ReadCaches
from api.services import Services
from domain.calendar import SHANGHAI
from infra.readmodel import ReadModel, elsewhere
from infra.readmodel.past import Past

KEPT = 3  # views held at once (a district's year: a few MB each)


@dataclass(frozen=True)
class Cut:
    as_of: date | None = None
    known_on: datetime | None = None

    @property
    def day(self) -> date:
        """The business day the view judges statuses on."""
        if self.as_of is not None:
            return self.as_of
        assert self.known_on is not None
        return self.known_on.astimezone(SHANGHAI).date()

    def header(self) -> str:
        parts = []
        if self.as_of is not None:
            parts.append(f"as-of={self.as_of.isoformat()}")
        if self.known_on is not None:
            parts.append(f"known-on={self.known_on.isoformat()}")
        return "past; " + "; ".join(parts)


class PastViews:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.past = Past(services.store, far=elsewhere.FAR)
        self._views: OrderedDict[Cut, Services] = OrderedDict()
        self._built_at: dict[Cut, int | None] = {}  # the log's position each view was built at
        self._lock = threading.Lock()

    def view(self, cut: Cut) -> Services:
        """The services of the read model as `cut` saw it (built on first use, then kept until
        the log moves on): a view "as of D" takes in corrections recorded later, and one "as
        known on K" for a K not yet past (today's end) takes in what is recorded until then."""
        position = self._position()
        with self._lock:
            if cut in self._views and self._built_at.get(cut) == position:
                self._views.move_to_end(cut)
                return self._views[cut]
            if cut in self._views:
                self._views.pop(cut).readmodel.close()
            model = self._build(cut)
            view = replace(self.services, readmodel=model, caches=ReadCaches(), read_status=None)
            self._views[cut] = view
            self._built_at[cut] = position
            while len(self._views) > KEPT:
                old, dropped = self._views.popitem(last=False)
                self._built_at.pop(old, None)
                dropped.readmodel.close()
            return view

    def _position(self) -> int | None:
        return self.services.store.recorder.max_notification_id()

    def _build(self, cut: Cut) -> ReadModel:
        if cut.known_on is None:
            assert cut.as_of is not None
            return self.past.as_of(cut.as_of)
        if cut.as_of is None:
            return self.past.known_on(cut.known_on)
        return self.past.both(cut.as_of, cut.known_on)

    def close(self) -> None:
        with self._lock:
            for view in self._views.values():
                view.readmodel.close()
            self._views.clear()
            self._built_at.clear()
        self.past.close()
