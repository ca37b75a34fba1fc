"""A campaign's plan as it stands in the store (amendments applied), back to the import format:
the infra/planfile.py dict shape, `{campaigns: [...]}`, written as YAML.

`infra.planfile.campaign_spec` reads each exported campaign back to the same `CampaignSpec`.
A campaign continued into a later year is exported as that year's plan: `year` is its current
year and `start_period` its first month in that year (a plan defines one campaign year).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import yaml
from eventsourcing.utils import get_topic

from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.campaign import Campaign, campaign_id
from domain.errors import NotFound
from domain.task import Task
from domain.values import Period
from infra.planfile import campaign_data

YAML = "application/yaml"
_PAGE = 500


def current_spec(campaign: Campaign, tasks: Sequence[Task]) -> CampaignSpec:
    """The campaign's plan as it stands, as the spec that would define it afresh."""
    start = max(Period.parse(campaign.start_period), Period(campaign.year, 1))
    return CampaignSpec(
        code=campaign.code,
        name=campaign.name,
        task_force=campaign.task_force,
        year=campaign.year,
        start_period=str(start),
        policy=campaign.policy,
        tasks=tuple(
            TaskSpec(
                number=t.number,
                title=t.title,
                lead_units=tuple(t.lead_units),
                supporting_units=tuple(t.supporting_units),
                indicators=tuple(t.indicators),
                milestones=tuple(t.milestones),
            )
            for t in tasks
        ),
    )


def plan_data(campaign: Campaign, tasks: Sequence[Task]) -> dict[str, Any]:
    """One campaign in the planfile shape, its tasks in the campaign's order."""
    return campaign_data(current_spec(campaign, tasks))


def defined_campaigns(app: Xiuhua) -> list[UUID]:
    """Ids of every campaign ever defined, launched or not, from the notification log."""
    topic = get_topic(Campaign.Defined)
    ids: list[UUID] = []
    start = 1
    while True:
        page = app.recorder.select_notifications(start, _PAGE, topics=[topic])
        ids.extend(n.originator_id for n in page)
        if len(page) < _PAGE:
            return ids
        start = page[-1].id + 1


def campaign_plans(app: Xiuhua, codes: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The plans of the campaigns with these codes, in that order; of every campaign by code
    when no code is given."""
    if codes:
        ids = [campaign_id(code) for code in codes]
        for code, cid in zip(codes, ids, strict=True):
            if cid not in app.repository:
                raise NotFound("campaign", f"no campaign with code '{code}'")
    else:
        ids = defined_campaigns(app)
    plans = [plan_data(app.campaign(cid), app.tasks(cid)) for cid in ids]
    return plans if codes else sorted(plans, key=lambda p: p["code"])


def plans_yaml(plans: Sequence[dict[str, Any]]) -> str:
    """The import file: `campaigns:` and each plan, in Chinese as written (not escaped)."""
    return yaml.safe_dump(
        {"campaigns": list(plans)}, allow_unicode=True, sort_keys=False, width=100
    )
