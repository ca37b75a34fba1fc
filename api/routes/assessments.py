"""Year-end assessment (年度评估): the evaluator scores the year and decides 延续 or 结束."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.access import EVALUATOR, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.reports import AssessmentIn
from domain.commands import RecordAssessment
from workflows.starter import Notice, NoticeKind

router = APIRouter(
    prefix="/campaigns/{campaign_id}/assessments", tags=["assessments"], responses=REFUSALS
)


@router.post("", responses=ACCEPTED, dependencies=[allow(EVALUATOR)])
async def record_assessment(
    campaign_id: UUID,
    body: AssessmentIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Record the year's score, rating and decision; the workflow then continues or ends."""
    command = RecordAssessment(
        campaign_id,
        body.year,
        body.score,
        body.rating,
        body.decision,
        body.rationale,
        actor=user.actor,
        now=now,
    )
    outcome = await in_thread(svc.store.record_assessment, command)
    notice = Notice(NoticeKind.ASSESSMENT_DECIDED, str(campaign_id), year=body.year)
    return await finish(svc, response, outcome.position, notice=notice)
