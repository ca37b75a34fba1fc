"""A campaign's plan as a download (YAML or the task decomposition table), kept per change.

The plan is what the store's aggregates say (amendments applied); it is kept in its own
cache under (campaign id, the campaign's `touched`, format). `touched` moves with every event
of the campaign or its tasks, an amendment or an added task among them, and is read before the
aggregates are, so a key is never newer than its plan. Like every read, the answer follows the
read model: a change the read model has not applied yet shows once it has (a command waits for
that before it answers).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from api.presenters.reads import found, kept
from api.services import Services
from domain.views import CampaignRow
from infra.export.plan import plan_data, plans_yaml
from infra.export.plan_table import plan_workbook
from infra.readmodel import Queries


@dataclass(frozen=True)
class PlanFile:
    content: bytes
    filename: str  # the real name
    fallback: str  # the ASCII name for old clients


def _yaml(plan: dict[str, Any]) -> PlanFile:
    content = plans_yaml([plan]).encode("utf-8")
    filename = f"{plan['code']}_{plan['name']}.yaml"
    return PlanFile(content, filename, f"plan_{plan['code']}.yaml")


def _xlsx(plan: dict[str, Any]) -> PlanFile:
    filename = f"{plan['code']}_{plan['name']}_任务分解表.xlsx"
    return PlanFile(plan_workbook([plan]), filename, f"plan_{plan['code']}.xlsx")


RENDERERS: dict[str, Callable[[dict[str, Any]], PlanFile]] = {"yaml": _yaml, "xlsx": _xlsx}


def plan_file(svc: Services, campaign_id: UUID, form: str) -> PlanFile:
    """The campaign's current plan in `form` ("yaml" or "xlsx")."""
    render = RENDERERS[form]

    def version(queries: Queries) -> tuple[Hashable, CampaignRow]:
        row = found(queries, campaign_id)
        return ("plan", row.id, row.touched, form), row

    def fetch(_: Queries, __: CampaignRow) -> None:
        return None  # the plan comes from the store, read after the transaction closed

    def compute(row: CampaignRow, _: None) -> tuple[PlanFile, int]:
        store = svc.store
        done = render(plan_data(store.campaign(row.id, read_only=True), store.tasks(row.id)))
        return done, len(done.content) + 2 * len(done.filename.encode())

    return kept(svc, svc.caches.plans, version, fetch, compute)
