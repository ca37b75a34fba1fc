"""POST /api/imports?dry_run=true answers the indicators suggested from task texts, and an
import stores none of them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR
from tests.unit.test_import_suggestions import TABLE

QUERY = "filename=plan.csv&year=2026&start_period=2026-02&task_force=精细化专项行动专班"


def test_the_dry_run_answers_suggestions_and_the_import_stores_none(
    api: TestClient, app: Xiuhua
) -> None:
    checked = api.post(f"/api/imports?dry_run=true&{QUERY}", content=TABLE.encode(),
                       headers=COORDINATOR)  # fmt: skip
    assert checked.status_code == 200, checked.text
    found = {s["task"]: s for s in checked.json()["suggestions"]}
    assert sorted(found) == ["1", "2", "4"]
    rate = found["2"]["indicators"][0]
    assert (rate["shape"], float(rate["target"]), float(rate["case_load"])) == ("rate", 90, 619)
    assert rate["source"] == "619件信访投诉化解率达到90%以上"

    stored = api.post(f"/api/imports?{QUERY}", content=TABLE.encode(), headers=COORDINATOR)
    assert stored.status_code == 201, stored.text
    assert stored.json()["suggestions"] == []
    (cid,) = stored.json()["campaign_ids"]
    detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    assert [t["indicators"] for t in detail["tasks"]] == [[], [], [], []]
