"""Year-end scoring (年度评估): each campaign's year (or a unit's part of it) under a rubric,
ranked, optionally beside a second rubric with the reasons that differ; and the evaluator's
qualitative score, which every rubric takes as one of its parts."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.access import EVALUATOR, TASK_FORCE_READERS, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters.scores import year_facts
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.scores import (
    CampaignScoreOut,
    DifferenceOut,
    PartOut,
    QualitativeIn,
    ScoreOut,
    ScoresOut,
)
from domain.commands import ScoreQualitatively
from domain.rubric import Part, Score, compare, score
from infra import rubrics

router = APIRouter(tags=["assessments"], responses=REFUSALS)
Name = Annotated[str, Query(pattern=r"^[a-z0-9-]{1,40}$", description="a shipped rubric")]


@router.post(
    "/campaigns/{campaign_id}/qualitative", responses=ACCEPTED, dependencies=[allow(EVALUATOR)]
)
async def score_qualitatively(
    campaign_id: UUID,
    body: QualitativeIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """The evaluator's own score of the campaign's year, with its reason (a later one for the
    same year stands in for it)."""
    command = ScoreQualitatively(
        campaign_id, body.year, body.score, body.reason, actor=user.actor, now=now
    )
    outcome = await in_thread(svc.store.score_qualitatively, command)
    return await finish(svc, response, outcome.position)


@router.get("/scores", response_model=ScoresOut, dependencies=[allow(TASK_FORCE_READERS)])
def year_scores(
    svc: ServicesDep,
    year: Annotated[int, Query(ge=2000, le=2100)],
    rubric: Name = "balanced",
    compare_with: Annotated[
        str | None, Query(alias="compare", pattern=r"^[a-z0-9-]{1,40}$")
    ] = None,
    unit: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> ScoresOut:
    """Every campaign that ran in `year` scored under `rubric` and ranked; with `compare`, beside
    a second rubric, each part that differs named with both reasons; with `unit`, only the
    tasks that unit leads. Shipped rubrics: GET /api/rubrics."""
    first = rubrics.shipped(rubric)
    second = rubrics.shipped(compare_with) if compare_with else None
    with svc.readmodel.read() as queries:
        names = queries.unit_names().names_for(unit) if unit else None
        campaigns = [c for c in queries.campaigns() if c.ran_in(year)]
        facts = {c.id: year_facts(queries, c, year, names) for c in campaigns}
    scored = {c.id: score(facts[c.id], first) for c in campaigns}
    pairs = {c.id: compare(facts[c.id], first, second) for c in campaigns} if second else {}
    ranks = _ranks(scored)
    second_ranks = _ranks({i: p.second for i, p in pairs.items()})
    out = []
    for c in sorted(campaigns, key=lambda c: ranks[c.id]):
        pair = pairs.get(c.id)
        out.append(
            CampaignScoreOut(
                campaign_id=c.id,
                code=c.code,
                name=c.name,
                score=_score(scored[c.id], ranks[c.id]),
                compared=_score(pair.second, second_ranks[c.id]) if pair else None,
                differences=[
                    DifferenceOut(part=d.part, first=_part(d.first), second=_part(d.second))
                    for d in (pair.differences if pair else ())
                ],
            )
        )
    return ScoresOut(year=year, unit=unit, rubric=rubric, compare=compare_with, campaigns=out)


@router.get("/rubrics", dependencies=[allow(TASK_FORCE_READERS)])
def list_rubrics() -> list[dict[str, object]]:
    """The shipped rubrics: their names, titles and weights."""
    return [
        {"name": r.name, "title": r.title, "weights": {k: float(v) for k, v in r.weights.items()}}
        for r in map(rubrics.shipped, rubrics.names())
    ]


def _ranks(scores: dict[UUID, Score]) -> dict[UUID, int]:
    ordered = sorted(scores, key=lambda i: (-scores[i].total, str(i)))
    return {i: n for n, i in enumerate(ordered, start=1)}


def _part(part: Part) -> PartOut:
    return PartOut(name=part.name, points=float(part.points), of=float(part.of), reason=part.reason)


def _score(found: Score, rank: int) -> ScoreOut:
    return ScoreOut(
        rubric=found.rubric,
        total=float(found.total),
        rating=found.rating,
        rank=rank,
        gate=found.gate,
        parts=[_part(p) for p in found.parts],
    )
