"""The FastAPI application: `create_app(settings)` for the CLI, with store/temporal for tests."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute
from temporalio.client import Client

from api import access, errors, limits, web
from api.auth import load_directory
from api.past import PastViews
from api.readiness import ReadModelHeader, ReadModelStatus
from api.routes import (
    assessments,
    audit,
    battlemap,
    calendar,
    campaigns,
    changes,
    dashboards,
    evidence,
    exports,
    health,
    imports,
    index,
    meetings,
    overdue,
    packs,
    past,
    reports,
    reviews,
    scores,
    tasks,
    unit_groups,
    units,
    yearend,
)
from api.services import Services, connect_temporal
from api.timing import ServerTiming
from domain.application import Xiuhua
from infra.allocator import give_back_memory
from infra.outbox import Outbox, OutboxRelay
from infra.pgpool import fail_fast_store
from infra.readmodel import ProjectionRunner, ReadModel, elsewhere
from infra.sessions import Sessions
from infra.settings import Settings
from infra.store import open_store
from workflows.starter import deliver

log = logging.getLogger(__name__)
ROUTERS = (
    campaigns,
    battlemap,
    calendar,
    assessments,
    reports,
    tasks,
    evidence,
    units,
    unit_groups,
    overdue,
    past,
    reviews,
    audit,
    changes,
    scores,
    packs,
    yearend,
    meetings,
    exports,
    imports,
    health,
    dashboards,
)


def create_app(
    settings: Settings, *, store: Xiuhua | None = None, temporal: Client | None = None
) -> FastAPI:
    """The API. Without `store`/`temporal` the lifespan builds them from `settings` (and
    closes them on shutdown); either way it opens the read model and runs its projection."""
    directory = load_directory(settings.environment, os.environ.get("XIUHUA_USERS_FILE"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        give_back_memory()  # the process serves large answers for long: see infra/allocator.py
        async with AsyncExitStack() as stack:
            events = store
            if events is None:
                events = open_store(settings)
                stack.callback(events.close)
            fail_fast_store(events)
            client = temporal if temporal is not None else await connect_temporal(settings)
            readmodel = await run_in_threadpool(ReadModel.for_app, events)
            stack.callback(readmodel.close)
            runner = ProjectionRunner(events, readmodel, far=elsewhere.FAR)
            runner.start()
            stack.callback(runner.stop)
            outbox = await run_in_threadpool(Outbox, readmodel.backend)
            relay = OutboxRelay(outbox, lambda n: deliver(client, settings.task_queue, n))
            relaying = asyncio.create_task(relay.run(), name="xiuhua-outbox")
            stack.callback(relaying.cancel)
            status = ReadModelStatus(events.recorder.max_notification_id, lambda: runner.position)
            await run_in_threadpool(status.refresh)
            sessions = await run_in_threadpool(
                Sessions,
                readmodel.backend,
                timedelta(hours=settings.session_hours),
                timedelta(minutes=settings.session_idle_minutes),
            )
            app.state.services = Services(
                settings, events, readmodel, runner, client, directory, outbox, relay, status
            )
            app.state.past = PastViews(app.state.services)  # walked on first use
            stack.callback(app.state.past.close)
            app.state.services.sessions = sessions
            log.info("read model at position %s; following the store", runner.position)
            yield

    app = FastAPI(
        title="Xiuhua 绣花",
        summary="Special-campaign tracker (专项行动): campaigns, monthly reports, supervision",
        version="0.1.0",
        lifespan=lifespan,
    )
    # The framework's own routes: the OpenAPI document and its two viewers are public.
    access.declare(app, access.PUBLIC, "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")
    errors.install(app)
    limits.install(app)
    app.add_middleware(ReadModelHeader)
    app.add_middleware(ServerTiming)
    _include_routes(app)
    web.install(app)
    return app


# What including the routers adds to an app, kept from the first app this process builds.
# FastAPI builds an included router's routes (their dependencies and body models) when its app
# first routes a request: about half a second for these. Every app built here includes the
# same routers into an app router of the same (default) settings, so the entries are shared:
# a process that builds many apps (the test suite builds one per test) builds them once.
_INCLUDED: list[BaseRoute] = []


def _include_routes(app: FastAPI) -> None:
    if _INCLUDED:
        app.router.routes.extend(_INCLUDED)
        return
    before = len(app.router.routes)
    api = APIRouter(prefix="/api")
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(index.router)
    for module in web.ROUTERS:
        app.include_router(module.router)
    _INCLUDED.extend(app.router.routes[before:])
