"""The campaign workflow's own record is auditable: its runs export as Temporal history JSON
(`xiuhua export history`) and replay against the workflow code (`xiuhua check-histories`)."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path

from domain.application import Xiuhua
from domain.values import Decision
from tests.unit.builders import shanghai
from tests.workflow.stack import running
from tests.workflow.year_script import decide, launch, past_year_end
from workflows.histories import export_histories, replay_histories


def test_a_campaigns_runs_export_and_replay(app: Xiuhua, tmp_path: Path):
    async def scenario() -> list[Path]:
        async with running(app) as stack:
            campaign = await launch(stack)
            await stack.advance_to(shanghai(date(2093, 4, 10), 12))
            return await export_histories(stack.client, [campaign.id], tmp_path)

    written = asyncio.run(scenario())
    assert len(written) == 1 and written[0].name.startswith("campaign-")
    events = json.loads(written[0].read_text())["events"]
    assert len(events) > 20  # three months of calendar actions
    results = asyncio.run(replay_histories(written))
    assert [r.ok for r in results] == [True], results


def test_a_history_the_code_cannot_replay_is_named(tmp_path: Path):
    fixtures = Path(__file__).parent / "histories"
    source = sorted(fixtures.glob("*.json"))[0]
    broken = json.loads(source.read_text())
    # The first activity the workflow scheduled becomes one it never schedules.
    for event in broken["events"]:
        attributes = event.get("activityTaskScheduledEventAttributes")
        if attributes:
            attributes["activityType"]["name"] = "an_activity_that_never_was"
            break
    (tmp_path / "campaign-x_run.json").write_text(json.dumps(broken))
    [result] = asyncio.run(replay_histories([tmp_path / "campaign-x_run.json"]))
    assert not result.ok and result.error


def test_a_continued_year_exports_both_runs_and_both_replay(app: Xiuhua, tmp_path: Path):
    async def scenario() -> list[Path]:
        async with running(app) as stack:
            campaign = await launch(stack)
            await past_year_end(stack)
            await decide(stack, campaign, Decision.CONTINUE)
            await stack.advance_to(await stack.now() + timedelta(days=3))
            return await export_histories(stack.client, [campaign.id], tmp_path)

    written = asyncio.run(scenario())
    assert len(written) == 2  # the year that was continued, and the next one
    assert all(r.ok for r in asyncio.run(replay_histories(written)))
