"""The evaluator's year-end pages: the portfolio scored under two rubrics side by side (and each
lead unit's part), and per campaign the qualitative score with its reason and the decision
(延续 / 结束 / 新立) with the evidence it rests on, then what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import EVALUATOR, TASK_FORCE_READERS, allow
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters.reads import found
from api.presenters.scores import year_facts
from api.routes.yearend import year_end_report
from api.services import Services
from api.web.forms import note_problem
from api.web.i18n import STRINGS
from api.web.render import page
from api.web.year_end import (
    board,
    both,
    default_year,
    gate_words,
    read_links,
    read_score,
    read_year,
    rubric_choices,
    split_evidence,
    with_evidence,
)
from domain.application import business_day
from domain.campaign import Phase, campaign_id
from domain.commands import RecordAssessment, ScoreQualitatively
from domain.errors import Conflict, InvalidInput, NotFound
from domain.rubric import score
from domain.values import Decision
from domain.views import AssessmentRow, CampaignRow, PackRow, QualitativeRow, TaskRow
from infra import rubrics
from workflows.starter import Notice, NoticeKind

router = APIRouter(include_in_schema=False)
# The year-end report for the pages: the API's own route, which a signed-in browser (a session,
# no bearer token) cannot open under /api.
router.add_api_route(
    "/reports/year-end", year_end_report, methods=["GET"], dependencies=[allow(TASK_FORCE_READERS)]
)
Field = Annotated[str, Query(max_length=200)]
DONE = ("qualitative_done", "decision_done")


@router.get("/scores", dependencies=[allow(TASK_FORCE_READERS)])
async def scores_page(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    year: Field = "",
    rubric: Field = "balanced",
    compare: Field = "results-first",
) -> Response:
    """Every campaign of the year under two shipped rubrics, each rubric's score and rank, the
    parts, the binding gate, and why a rank moves; then each lead unit's part the same way."""
    fallback = await run_in_threadpool(default_year, svc, business_day(now))
    chosen, problem = read_year(year, fallback)
    errors = {"year": problem} if problem else {}
    names = [n for n, _ in rubric_choices()]
    if rubric not in names:
        errors["rubric"], rubric = "bad_rubric", "balanced"
    if compare and compare not in names:
        errors["compare"], compare = "bad_rubric", ""
    found_board = await run_in_threadpool(board, svc, chosen, rubric, compare or None)
    return page(
        request,
        "scores.html",
        user,
        status_code=422 if errors else 200,
        board=found_board,
        choices=rubric_choices(),
        titles=dict(rubric_choices()),
        gate_words=gate_words,
        values={"year": year or str(chosen), "rubric": rubric, "compare": compare},
        errors=errors,
    )


# -- one campaign: the qualitative score and the decision --------------------------------------
@dataclass(frozen=True)
class Standing:
    campaign: CampaignRow
    tasks: list[TaskRow]
    packs: list[PackRow]
    assessments: list[AssessmentRow]
    qualitative: QualitativeRow | None
    successors: dict[int, tuple[CampaignRow, list[TaskRow]] | None]
    scored: dict[str, tuple[str, Decimal]]  # rubric -> (rating, total)


def _standing(svc: Services, cid: UUID) -> Standing:
    with svc.readmodel.read() as queries:
        campaign = found(queries, cid)
        assessments = queries.assessments(cid)
        successors: dict[int, tuple[CampaignRow, list[TaskRow]] | None] = {}
        for a in assessments:
            draft = queries.campaign(campaign_id(f"{campaign.code}-{a.year + 1}"))
            if a.decision == Decision.PROPOSE.value and draft is not None:
                successors[a.year] = (draft, queries.tasks(draft.id))
        facts = year_facts(queries, campaign, campaign.year)
        tasks = queries.tasks(cid)
        packs = [p for p in queries.packs() if p.campaign_id in (None, cid)]
        given = queries.qualitative(cid, campaign.year)
    scored = {}
    for name in rubrics.names():
        found_score = score(facts, rubrics.shipped(name))
        scored[name] = (found_score.rating, found_score.total)
    return Standing(campaign, tasks, packs, assessments, given, successors, scored)


def refusal_of(standing: Standing) -> str | None:
    """Why no decision can be recorded now, in both languages, or None when one can."""
    campaign = standing.campaign
    if any(a.year == campaign.year for a in standing.assessments):
        return both("refuse.decided", year=campaign.year)
    if campaign.phase is not Phase.ASSESSING:
        zh, en = STRINGS[f"phase.{campaign.phase.value}"]
        key = "refuse.not_assessing"
        return f"{STRINGS[key][0].format(phase=zh)} / {STRINGS[key][1].format(phase=en)}"
    return None


async def _decision_page(
    request: Request,
    user: User,
    svc: Services,
    cid: UUID,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    general: str = "",
    done: str = "",
) -> Response:
    standing = await run_in_threadpool(_standing, svc, cid)
    return page(
        request,
        "decision.html",
        user,
        status_code=422 if errors or general else 200,
        s=standing,
        c=standing.campaign,
        refusal=refusal_of(standing),
        choices=rubric_choices(),
        decisions=[d.value for d in Decision],
        split_evidence=split_evidence,
        values=values or {},
        chosen=set((values or {}).get("chosen", "").split("\n")),
        errors=errors or {},
        general=general,
        done=done if done in DONE else "",
    )


@router.get("/campaigns/{campaign_id}/decision", dependencies=[allow(EVALUATOR)])
async def decision_page(
    request: Request, campaign_id: UUID, user: CurrentUser, svc: ServicesDep, done: str = ""
) -> Response:
    """The campaign's year: its score under each rubric, the qualitative score, the decision
    form while the year awaits one, and every decision made with what became of it."""
    return await _decision_page(request, user, svc, campaign_id, done=done)


def _not_run(error: Conflict | InvalidInput | NotFound, year: int) -> str:
    if isinstance(error, Conflict) and error.field == "year":
        return both("refuse.not_run", year=year)
    return error.message


@router.post("/campaigns/{campaign_id}/qualitative", dependencies=[allow(EVALUATOR)])
async def qualitative(
    request: Request, campaign_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Save the evaluator's qualitative score of the campaign's current year, with its reason."""
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    value, score_problem = read_score(values.get("q_score", ""))
    reason = values.get("q_reason", "")
    errors = {"q_score": score_problem} if score_problem else {}
    if problem := note_problem(reason):
        errors["q_reason"] = problem
    standing = await run_in_threadpool(_standing, svc, campaign_id)
    year = standing.campaign.year
    if errors or value is None:
        return await _decision_page(request, user, svc, campaign_id, values, errors)
    command = ScoreQualitatively(campaign_id, year, value, reason, actor=user.actor, now=now)
    try:
        outcome = await run_in_threadpool(svc.store.score_qualitatively, command)
    except (InvalidInput, Conflict, NotFound) as error:
        field = {"score": "q_score", "reason": "q_reason"}.get(error.field)
        if field:
            return await _decision_page(
                request, user, svc, campaign_id, values, {field: error.message}
            )
        general = _not_run(error, year)
        return await _decision_page(request, user, svc, campaign_id, values, general=general)
    await finish(svc, Response(), outcome.position)
    target = f"/campaigns/{campaign_id}/decision?done=qualitative_done"
    return RedirectResponse(target, status_code=303)


@router.post("/campaigns/{campaign_id}/decision", dependencies=[allow(EVALUATOR)])
async def record_decision(
    request: Request, campaign_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Record the year's decision with its rationale and evidence; the score and rating recorded
    are the chosen rubric's. The workflow then continues, concludes or drafts the new campaign."""
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    chosen = [v for v in raw.getlist("evidence") if isinstance(v, str)]
    values["chosen"] = "\n".join(chosen)
    standing = await run_in_threadpool(_standing, svc, campaign_id)
    errors: dict[str, str] = {}
    refused = refusal_of(standing)
    if refused is not None:
        return await _decision_page(request, user, svc, campaign_id, values, general=refused)
    decision = values.get("decision", "")
    if decision not in {d.value for d in Decision}:
        errors["decision"] = "required"
    rubric = values.get("rubric", "")
    if rubric not in standing.scored:
        errors["rubric"] = "bad_rubric"
    rationale = values.get("rationale", "")
    if problem := note_problem(rationale):
        errors["rationale"] = problem
    links, link_problem = read_links(chosen, values.get("links", "")[:20_000])
    if link_problem:
        errors["links"] = link_problem
    if errors:
        return await _decision_page(request, user, svc, campaign_id, values, errors)
    rating, total = standing.scored[rubric]
    year = standing.campaign.year
    command = RecordAssessment(
        campaign_id, year, total, rating, Decision(decision),
        with_evidence(rationale, links), actor=user.actor, now=now,
    )  # fmt: skip
    try:
        outcome = await run_in_threadpool(svc.store.record_assessment, command)
    except (InvalidInput, Conflict, NotFound) as error:
        field = {"rationale": "rationale", "score": "rubric"}.get(error.field)
        if field:
            errors = {field: error.message}
            return await _decision_page(request, user, svc, campaign_id, values, errors)
        # Decided (or moved on) between the page and the press: say so in the page's words.
        again = await run_in_threadpool(_standing, svc, campaign_id)
        said = refusal_of(again) or error.message
        return await _decision_page(request, user, svc, campaign_id, values, general=said)
    notice = Notice(NoticeKind.ASSESSMENT_DECIDED, str(campaign_id), year=year)
    await finish(svc, Response(), outcome.position, notice=notice)
    target = f"/campaigns/{campaign_id}/decision?done=decision_done"
    return RedirectResponse(target, status_code=303)
