"""A whole campaign year on the time-skipping server with the real worker and store: every fact
the calendar and the people make lands in the store with the content and in the order written
out by hand in tests/workflow/expected_year.py."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import chinese_calendar

from domain.application import Xiuhua
from domain.campaign import Phase
from domain.holidays import HOLIDAY_BOOK_ID
from domain.values import Decision
from tests.unit.builders import COORDINATOR, EVALUATOR
from tests.workflow.expected_year import (
    d,
    opened,
    stored,
    task_one,
    task_two,
    year_end,
)
from tests.workflow.stack import running
from tests.workflow.year_script import (
    HOLIDAYS,
    SOURCE,
    WORKDAYS,
    YEAR,
    decide,
    launch,
    past_year_end,
    play,
    spec,
)
from workflows.campaign import CampaignWorkflow
from workflows.messages import CampaignResult
from workflows.starter import pending, workflow_id

RATIONALE = "约束性指标全部完成，督导问题已整改"


def test_the_arrangement_the_year_runs_on_is_the_state_councils_2026_one_on_2093():
    """2093 has 2026's calendar, so the official 2026 days carry over date for date."""
    assert date(YEAR, 1, 1).weekday() == date(2026, 1, 1).weekday() == 3
    official_off = {x for x in chinese_calendar.holidays if x.year == 2026}
    official_on = {x for x in chinese_calendar.workdays if x.year == 2026}
    assert {x.replace(year=YEAR) for x in official_off} == set(HOLIDAYS)
    assert {x.replace(year=YEAR) for x in official_on} == set(WORKDAYS)


def assert_the_holidays_were_loaded(app: Xiuhua) -> None:
    [book_opened, loaded] = stored(app, HOLIDAY_BOOK_ID)
    assert book_opened == ("Opened", {"actor": COORDINATOR, "on": d(12, 20, YEAR - 1)})
    assert loaded == (
        "YearLoaded",
        {
            "year": YEAR,
            "holidays": tuple(sorted(HOLIDAYS)),
            "workdays": tuple(sorted(WORKDAYS)),
            "source": SOURCE,
            "actor": COORDINATOR,
            "on": d(12, 20, YEAR - 1),
        },
    )


def assert_launched(app: Xiuhua, campaign_id, task_ids) -> None:  # type: ignore[no-untyped-def]
    launched_on = d(12, 20, YEAR - 1)
    plan = spec()
    assert stored(app, campaign_id)[:2] == [
        (
            "Defined",
            {
                "code": plan.code,
                "name": plan.name,
                "task_force": plan.task_force,
                "year": YEAR,
                "start_period": f"{YEAR}-01",
                "policy": plan.policy,
                "task_ids": tuple(task_ids),
                "actor": COORDINATOR,
                "on": launched_on,
            },
        ),
        ("Launched", {"actor": COORDINATOR, "on": launched_on}),
    ]


def test_a_year_continued_by_the_evaluator_runs_on_into_the_next_year(app: Xiuhua):
    async def scenario() -> None:
        async with running(app) as stack:
            campaign = await launch(stack)
            await play(stack, campaign)
            await past_year_end(stack)

            waiting = await pending(stack.client, campaign.id)
            assert (waiting.year, waiting.stage) == (YEAR, "awaiting_assessment")
            assert app.campaign(campaign.id).phase is Phase.ASSESSING

            await decide(stack, campaign, Decision.CONTINUE)
            await stack.advance_to(await stack.now() + timedelta(hours=1))

            next_year = await pending(stack.client, campaign.id)
            assert (next_year.year, next_year.stage) == (YEAR + 1, "waiting")
            assert next_year.next_action is not None
            assert next_year.next_action.period == f"{YEAR + 1}-02"
            assert next_year.reviews_done == 25

        one, two = campaign.tasks.values()
        # The next year opens at once, on the day of the decision; 2094 rests on weekends only.
        january_2094 = opened(
            f"{YEAR + 1}-01", d(2, 5, YEAR + 1), d(1, 16, YEAR + 1), basis="weekend_fallback"
        )
        assert stored(app, one) == [*task_one(campaign.id), january_2094]
        assert stored(app, two) == [*task_two(campaign.id), january_2094]
        assert_the_holidays_were_loaded(app)
        assert_launched(app, campaign.id, (one, two))
        assert stored(app, campaign.id)[2:] == year_end("continue", RATIONALE, EVALUATOR)
        assert (app.campaign(campaign.id).year, app.campaign(campaign.id).phase) == (
            YEAR + 1,
            Phase.RUNNING,
        )

    asyncio.run(scenario())


def test_a_year_concluded_by_the_evaluator_completes_the_workflow(app: Xiuhua):
    async def scenario() -> None:
        async with running(app) as stack:
            campaign = await launch(stack)
            await play(stack, campaign)
            await past_year_end(stack)
            await decide(stack, campaign, Decision.CONCLUDE)

            run = stack.client.get_workflow_handle_for(
                CampaignWorkflow.run, workflow_id(campaign.id)
            )
            result = await run.result()

        assert result == CampaignResult(str(campaign.id), YEAR, "conclude")
        one, two = campaign.tasks.values()
        assert stored(app, one) == task_one(campaign.id)
        assert stored(app, two) == task_two(campaign.id)
        assert stored(app, campaign.id)[2:] == year_end("conclude", RATIONALE, EVALUATOR)
        assert app.campaign(campaign.id).phase is Phase.CONCLUDED

    asyncio.run(scenario())
