"""The front door of the API: what is here and how to get in."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.access import PUBLIC, allow
from api.deps import ServicesDep

router = APIRouter(tags=["index"])


class CampaignLink(BaseModel):
    code: str
    name: str
    phase: str
    href: str


class IndexOut(BaseModel):
    service: str
    docs: str
    openapi: str
    auth: str
    endpoints: list[str]
    campaigns: list[CampaignLink]


ENDPOINTS = [
    "GET /api/campaigns",
    "GET /api/campaigns/{id}",
    "GET /api/campaigns/{id}/events",
    "GET /api/campaigns/{id}/pending",
    "GET /api/units",
    "GET /api/units/{unit}/inbox",
    "GET /api/overdue",
    "GET /api/exports/status.xlsx?period=YYYY-MM",
    "GET /api/campaigns/{id}/plan.yaml",
    "GET /api/campaigns/{id}/plan.xlsx",
    "GET /api/health",
]


@router.get("/api", dependencies=[allow(PUBLIC)])
def index(svc: ServicesDep) -> IndexOut:
    """What Xiuhua serves; in dev, the campaigns too (names only), so the demo is in sight."""
    dev = svc.settings.environment == "dev"
    campaigns = []
    if dev:
        with svc.readmodel.read() as queries:
            rows = queries.campaigns()
        campaigns = [
            CampaignLink(code=c.code, name=c.name, phase=c.phase, href=f"/api/campaigns/{c.id}")
            for c in rows
        ]
    return IndexOut(
        service="Xiuhua 绣花 special-campaign tracker",
        docs="/docs",
        openapi="/openapi.json",
        auth="Authorization: Bearer <token>"
        + (
            "  (dev: demo-coordinator, demo-evaluator, demo-admin, demo-lead:<unit>, "
            "demo-support:<unit>; the unit percent-encoded)"
            if dev
            else ""
        ),
        endpoints=ENDPOINTS,
        campaigns=campaigns,
    )
