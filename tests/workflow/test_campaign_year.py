"""A whole campaign year on the time-skipping server with the real worker and store: the
calendar's facts land in the store in the order the year's script makes them happen."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.application import Xiuhua
from domain.campaign import Phase
from domain.values import Decision
from tests.unit.builders import LEAD_UNIT
from tests.workflow.stack import running
from tests.workflow.year_script import decide, launch, past_year_end, play
from workflows.campaign import CampaignWorkflow
from workflows.messages import CampaignResult
from workflows.starter import pending, workflow_id


def facts(app: Xiuhua, originator_id: UUID) -> list[tuple[str, str]]:
    """Each stored event's name with the period (or supervision) it is about, in store order."""
    return [
        (type(e).__name__, getattr(e, "period", None) or getattr(e, "supervision_id", ""))
        for e in app.repository.event_store.get(originator_id)
    ]


def events(app: Xiuhua, originator_id: UUID, name: str) -> list[Any]:
    return [e for e in app.repository.event_store.get(originator_id) if type(e).__name__ == name]


def task_one_year(year: int) -> list[tuple[str, str]]:
    """Task 1's facts for the year, as tests/workflow/year_script.py plays it."""

    def p(month: int) -> str:
        return f"{year}-{month:02d}"

    def in_next_month(month: int) -> list[tuple[str, str]]:
        """Reported on the 1st of the next month, just after that month opened."""
        return [
            ("PeriodOpened", p(month + 1)),
            ("ReportSubmitted", p(month)),
            ("ReportAccepted", p(month)),
        ]

    return [
        ("Planned", ""),
        ("PeriodOpened", p(1)),
        ("PeriodOpened", p(2)),
        ("ReminderSent", p(1)),
        ("ReminderSent", p(1)),
        ("ReportSubmitted", p(1)),
        ("ReportAccepted", p(1)),
        *in_next_month(2),
        ("PeriodOpened", p(4)),
        ("ReminderSent", p(3)),
        ("ReminderSent", p(3)),
        ("ReportOverdue", p(3)),
        ("ReportSubmitted", p(3)),
        ("ReportAccepted", p(3)),
        ("PeriodOpened", p(5)),
        ("ReportSubmitted", p(4)),
        ("ReportReturned", p(4)),
        ("ReportSubmitted", p(4)),
        ("ReportAccepted", p(4)),
        ("PeriodOpened", p(6)),
        ("ReminderSent", p(5)),
        ("ReminderSent", p(5)),
        ("ReportOverdue", p(5)),
        ("SupervisionOpened", f"{p(5)}:repeated"),
        ("ReportSubmitted", p(5)),
        ("SupervisionClosed", f"{p(5)}:repeated"),
        ("ReportAccepted", p(5)),
        *[fact for month in range(6, 12) for fact in in_next_month(month)],
        ("ReportSubmitted", p(12)),
        ("ReportAccepted", p(12)),
    ]


def task_two_june(year: int) -> list[tuple[str, str]]:
    """Task 2's facts about its missing June report and the supervision it caused."""
    june = f"{year}-06"
    return [
        ("PeriodOpened", june),
        ("ReminderSent", june),
        ("ReminderSent", june),
        ("ReportOverdue", june),
        ("SupervisionOpened", f"{june}:late"),
        ("ReportSubmitted", june),
        ("SupervisionClosed", f"{june}:late"),
        ("ReportAccepted", june),
    ]


def assert_the_year_happened(app: Xiuhua, task_one: UUID, task_two: UUID, year: int) -> None:
    assert facts(app, task_one)[: len(task_one_year(year))] == task_one_year(year)
    june = [f for f in facts(app, task_two) if f[1].startswith(f"{year}-06")]
    assert june == task_two_june(year)
    assert [e.period for e in events(app, task_one, "ReportSubmitted") if e.late] == [
        f"{year}-03",
        f"{year}-05",
    ]
    assert [e.period for e in events(app, task_two, "ReportSubmitted") if e.late] == [f"{year}-06"]
    [reminder, *_] = events(app, task_one, "ReminderSent")
    assert tuple(reminder.units) == (LEAD_UNIT,)
    assert [list(e.periods) for e in events(app, task_two, "SupervisionOpened")] == [[f"{year}-06"]]


def test_a_year_continued_by_the_evaluator_runs_on_into_the_next_year(app: Xiuhua):
    async def scenario() -> None:
        async with running(app) as stack:
            campaign = await launch(stack)
            await play(stack, campaign)
            await past_year_end(stack, campaign)

            waiting = await pending(stack.client, campaign.id)
            assert (waiting.year, waiting.stage) == (campaign.year, "awaiting_assessment")
            assert app.campaign(campaign.id).phase is Phase.ASSESSING

            await decide(stack, campaign, Decision.CONTINUE)
            await stack.advance_to(await stack.now() + timedelta(hours=1))

            next_year = await pending(stack.client, campaign.id)
            assert (next_year.year, next_year.stage) == (campaign.year + 1, "waiting")
            assert next_year.next_action is not None
            assert next_year.next_action.period == f"{campaign.year + 1}-02"

        year, (one, two) = campaign.year, campaign.tasks.values()
        assert facts(app, one) == [*task_one_year(year), ("PeriodOpened", f"{year + 1}-01")]
        assert_the_year_happened(app, one, two, year)
        assert [name for name, _ in facts(app, campaign.id)] == [
            "Defined",
            "Launched",
            "AssessmentOpened",
            "YearAssessed",
            "Continued",
        ]
        assert (app.campaign(campaign.id).year, app.campaign(campaign.id).phase) == (
            year + 1,
            Phase.RUNNING,
        )

    asyncio.run(scenario())


def test_a_year_concluded_by_the_evaluator_completes_the_workflow(app: Xiuhua):
    async def scenario() -> None:
        async with running(app) as stack:
            campaign = await launch(stack)
            await play(stack, campaign)
            await past_year_end(stack, campaign)
            await decide(stack, campaign, Decision.CONCLUDE)

            run = stack.client.get_workflow_handle_for(
                CampaignWorkflow.run, workflow_id(campaign.id)
            )
            result = await run.result()

        assert result == CampaignResult(str(campaign.id), campaign.year, "conclude")
        one, two = campaign.tasks.values()
        assert facts(app, one) == task_one_year(campaign.year)
        assert_the_year_happened(app, one, two, campaign.year)
        assert [name for name, _ in facts(app, campaign.id)][-3:] == [
            "AssessmentOpened",
            "YearAssessed",
            "Concluded",
        ]
        assert app.campaign(campaign.id).phase is Phase.CONCLUDED

    asyncio.run(scenario())
