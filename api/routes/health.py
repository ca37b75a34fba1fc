"""Is the service well: the store, the read model and what it passed over, Temporal, the outbox."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.access import ADMIN_OR_COORDINATOR, PUBLIC, allow
from api.deps import ServicesDep
from api.readiness import CATCHING_UP, CURRENT
from api.schemas.common import ErrorOut
from api.services import Services

router = APIRouter(tags=["operations"])


class UnprojectedOut(BaseModel):
    position: int
    originator_id: str
    originator_version: int
    topic: str
    error: str


class HealthOut(BaseModel):
    status: str = Field(description="ok; degraded (working, with something to look at); down")
    store_position: int | None = Field(description="the last notification id in the store")
    read_model_position: int = Field(description="the last notification the read model applied")
    read_model: str = Field(
        description="current; catching-up: behind the store, so reads answer from part of it "
        "(every /api answer says the same in its X-Xiuhua-Read-Model header)"
    )
    unprojected: int = Field(
        description="stored events the read model could not apply (GET /api/health/unprojected)"
    )
    outbox: int = Field(description="notices kept for Temporal, not yet delivered")
    temporal: bool = Field(description="Temporal answered a health check just now")
    event_log: str = Field(
        "linked",
        description="linked: every event read so far matches its hash-chain link; refused at "
        "event N: the stored log does not verify there (`xiuhua verify` says how), and the read "
        "model holds before it",
    )


def _read_side(svc: Services) -> tuple[int | None, int, int]:
    store_position = svc.store.recorder.max_notification_id()
    with svc.readmodel.read() as queries:
        count, _ = queries.unprojected(limit=0)
    return store_position, count, svc.outbox.count()


async def _temporal_answers(svc: Services) -> bool:
    if svc.temporal is None:
        return False
    try:
        return await asyncio.wait_for(svc.temporal.service_client.check_health(), 2.0)
    except Exception:  # any failure means: not reachable now
        return False


DOWN = {503: {"model": ErrorOut, "description": "the database cannot be reached"}}


@router.get("/health", responses=DOWN, dependencies=[allow(PUBLIC)])
async def health(svc: ServicesDep) -> HealthOut:
    """Health for operators and load balancers: 200 while requests can be served, else 503.
    Counts only: it needs no token."""
    store_position, count, outbox = await run_in_threadpool(_read_side, svc)
    temporal = await _temporal_answers(svc)
    refused = svc.readmodel.refused
    degraded = count or outbox or not temporal or not svc.runner.running or refused
    position = svc.runner.position
    behind = store_position is not None and position < store_position
    return HealthOut(
        status="degraded" if degraded else "ok",
        store_position=store_position,
        read_model_position=position,
        read_model=CATCHING_UP if behind else CURRENT,
        unprojected=count,
        outbox=outbox,
        temporal=temporal,
        event_log=f"refused at event {refused.id}" if refused else "linked",
    )


@router.get("/health/unprojected", dependencies=[allow(ADMIN_OR_COORDINATOR)])
def unprojected(svc: ServicesDep) -> list[UnprojectedOut]:
    """The stored events the read model passed over, with why, for an operator to look into."""
    with svc.readmodel.read() as queries:
        _, rows = queries.unprojected(limit=1000)
    return [UnprojectedOut.model_validate(row) for row in rows]
