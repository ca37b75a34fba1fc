"""Long work on the log done by a process of its own, so the serving process never carries it:
a long catch-up of the read model here, the first walk of the past (infra/readmodel/past.py).

An API started on a read model far behind its store (a first start on an imported year, a
projection rebuilt after an upgrade) used to apply the whole backlog in its own runner thread:
the GIL shared with every request for as long as that took, and afterwards the process kept
the catch-up's high-water mark for good (Python's small-object arenas are given back only when
wholly empty, which a long catch-up leaves none of): 80 MiB more for a city's 234k events.

The child opens the same store and read model from the application's environment and applies
pages exactly as the runner would (one transaction a page, the position tracked in it), so a
child killed half-way leaves a read model the runner resumes from. Stores that live inside the
process (SQLite in memory) cannot be reached from another: their runner catches up itself.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Mapping
from multiprocessing.process import BaseProcess
from typing import Any

from eventsourcing.application import Application

from infra.readmodel.model import POSTGRES_MODULE, SQLITE_MODULE, ReadModel

log = logging.getLogger(__name__)
FAR = 20_000  # notifications behind: beyond this a child applies them (~2 s of work in-process)


def reachable(env: Mapping[str, str]) -> bool:
    """Whether another process can open the store and read model that `env` names."""
    module = env.get("PERSISTENCE_MODULE", "")
    if module == POSTGRES_MODULE:
        return True
    name = env.get("SQLITE_DBNAME", "")
    in_memory = name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name
    return module == SQLITE_MODULE and bool(name) and not in_memory


def spawn(name: str, target: Callable[..., None], *args: Any) -> BaseProcess:
    """A started child process running `target(*args)` (a module-level function)."""
    # spawn, not fork: the parent has threads (a forked pool connection would be shared).
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=target, args=args, name=name, daemon=True)
    child.start()
    return child


def start(app: Application[Any], batch_size: int) -> BaseProcess:
    """A child applying every notification `app`'s store holds to its read model."""
    return spawn("xiuhua-catch-up", _catch_up, type(app), dict(app.env), batch_size)


def _catch_up(app_type: type[Application[Any]], env: dict[str, str], batch_size: int) -> None:
    from infra.readmodel.runner import ProjectionRunner  # the runner imports this module

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = app_type(env=env)
    try:
        model = ReadModel.for_app(app)
        try:
            applied = ProjectionRunner(app, model, push=False, batch_size=batch_size).catch_up()
            log.info("catch-up process applied %s notifications", applied)
        finally:
            model.close()
    finally:
        app.close()
