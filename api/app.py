"""The FastAPI application: `create_app(settings)` for the CLI, with store/temporal for tests."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool
from temporalio.client import Client

from api import errors, limits
from api.auth import load_directory
from api.routes import (
    assessments,
    calendar,
    campaigns,
    exports,
    imports,
    index,
    overdue,
    reports,
    tasks,
    unit_groups,
    units,
)
from api.services import Services, connect_temporal
from domain.application import Xiuhua
from infra.readmodel import ProjectionRunner, ReadModel
from infra.settings import Settings
from infra.store import open_store

log = logging.getLogger(__name__)
ROUTERS = (
    campaigns,
    calendar,
    assessments,
    reports,
    tasks,
    units,
    unit_groups,
    overdue,
    exports,
    imports,
)


def create_app(
    settings: Settings, *, store: Xiuhua | None = None, temporal: Client | None = None
) -> FastAPI:
    """The API. Without `store`/`temporal` the lifespan builds them from `settings` (and
    closes them on shutdown); either way it opens the read model and runs its projection."""
    directory = load_directory(settings.environment, os.environ.get("XIUHUA_USERS_FILE"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            events = store
            if events is None:
                events = open_store(settings)
                stack.callback(events.close)
            client = temporal if temporal is not None else await connect_temporal(settings)
            readmodel = await run_in_threadpool(ReadModel.for_app, events)
            stack.callback(readmodel.close)
            runner = ProjectionRunner(events, readmodel)
            runner.start()
            stack.callback(runner.stop)
            app.state.services = Services(settings, events, readmodel, runner, client, directory)
            log.info("read model at position %s; following the store", runner.position)
            yield

    app = FastAPI(
        title="Xiuhua 绣花",
        summary="Special-campaign tracker (专项行动): campaigns, monthly reports, supervision",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)
    limits.install(app)
    api = APIRouter(prefix="/api")
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(index.router)
    return app
