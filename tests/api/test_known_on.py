"""Year-end proof: what the system showed at several moments of a run on the time-skipping
server (reports on time, late, missing, returned and corrected, supervision opened and closed)
is shown again exactly, long after, by the views "as known on" each moment."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, LEAD, OTHER, Temporal, eventually, lead
from tests.api.test_calendar import launch, skip_to

GRID = re.compile(r'<table id="grid".*?</table>', re.S)


def grid_page(api: TestClient, params: dict[str, str] | None = None) -> str:
    """The battle map page's grid, as the task force's browser got it."""
    answer = api.get("/battle-map", params=params, headers=COORDINATOR)
    assert answer.status_code == 200, answer.text
    found = GRID.search(answer.text)
    assert found is not None, answer.text
    return found.group(0)


def shown(api: TestClient, cid: str) -> dict[str, Any]:
    """Everything the moment's readers saw: the battle map (its page too), the campaign, two
    inboxes."""
    return {
        "battle map": api.get("/api/battle-map", headers=COORDINATOR).json(),
        "battle map page": grid_page(api),
        "campaign": api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json(),
        "portfolio": api.get("/api/campaigns", headers=COORDINATOR).json(),
        "lead inbox": api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json(),
        "other inbox": api.get(f"/api/units/{OTHER}/inbox", headers=lead(OTHER)).json(),
    }


def known_on(api: TestClient, cid: str, instant: datetime) -> dict[str, Any]:
    cut = {"known_on": instant.isoformat()}

    def past(path: str, headers: dict[str, str]) -> Any:
        answer = api.get(f"/api/past{path}", params=cut, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    return {
        "battle map": past("/battle-map", COORDINATOR),
        "battle map page": grid_page(api, cut),
        "campaign": past(f"/campaigns/{cid}", COORDINATOR),
        "portfolio": past("/campaigns", COORDINATOR),
        "lead inbox": past(f"/units/{LEAD}/inbox", lead()),
        "other inbox": past(f"/units/{OTHER}/inbox", lead(OTHER)),
    }


def test_what_was_shown_at_each_moment_is_shown_again_as_known_on_it(
    api: TestClient, temporal: Temporal
) -> None:
    detail = launch(api, temporal, escalate_after_overdue=1)
    cid, period = detail["id"], detail["start_period"]
    first, second = (t["id"] for t in detail["tasks"])
    due = date.fromisoformat(detail["tasks"][0]["periods"][0]["due_on"])
    moments: list[tuple[datetime, dict[str, Any]]] = []

    def settled() -> bool:
        """The workflow waits for its next action and the read model shows all it wrote: what
        a reader sees now is all that was recorded by now."""
        pending = api.get(f"/api/campaigns/{cid}/pending", headers=COORDINATOR).json()
        health = api.get("/api/health").json()
        idle = pending["stage"] == "waiting" and pending["queued_reports"] == 0
        return idle and health["read_model_position"] >= health["store_position"]

    def capture() -> None:
        eventually(settled)
        moments.append((temporal.now(), shown(api, cid)))
        # The test server's clock stands still between skips: the next command is a minute
        # later, as it would be, not at the very instant the moment was taken.
        temporal.sleep(1 / 1440)

    def report(task: str, spaces: int | None, unit: str = LEAD) -> None:
        actuals = {"spaces": spaces} if spaces is not None else {}
        body = {"period": period, "actuals": actuals, "progress": "按计划推进"}
        answer = api.post(f"/api/tasks/{task}/reports", json=body, headers=lead(unit))
        assert answer.status_code == 200, answer.text

    capture()  # launched, the month's periods open
    report(first, 40)
    capture()  # task 1 reported on time
    skip_to(temporal, due + timedelta(days=1))

    def overdue() -> bool:
        return bool(api.get("/api/overdue", headers=COORDINATOR).json())

    eventually(overdue)
    capture()  # task 2's report overdue, supervision opened
    url = f"/api/tasks/{first}/reports/{period}"
    returned = api.post(f"{url}/return", json={"reason": "数字与台账不符"}, headers=COORDINATOR)
    assert returned.status_code == 200
    capture()  # task 1's report returned
    skip_to(temporal, due + timedelta(days=3))
    report(first, 45)
    report(second, None, OTHER)
    capture()  # task 1 corrected, task 2 late

    assert len({repr(seen) for _, seen in moments}) == len(moments)  # each moment differs
    for instant, seen in moments:
        assert known_on(api, cid, instant) == seen, instant
