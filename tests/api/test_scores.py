"""Year-end scores through the API: the evaluator's qualitative score recorded as a fact, the
year scored under a shipped rubric and beside the other with the parts that differ."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, EVALUATOR, LEAD, lead


def test_a_year_is_scored_under_two_rubrics_with_the_qualitative_score_it_was_given(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid = launched["id"]
    year = int(api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"][:4])
    given = {"year": year, "score": 80, "reason": "推进有力，台账清楚"}
    url = f"/api/campaigns/{cid}/qualitative"
    assert api.post(url, json=given, headers=COORDINATOR).status_code == 403
    recorded = api.post(url, json=given, headers=EVALUATOR)
    assert recorded.status_code == 200, recorded.text

    params = {"year": year, "rubric": "balanced", "compare": "results-first"}
    answer = api.get("/api/scores", params=params, headers=EVALUATOR)
    assert answer.status_code == 200, answer.text
    [row] = answer.json()["campaigns"]
    parts = {p["name"]: p for p in row["score"]["parts"]}
    assert parts["qualitative"]["points"] == 12.0  # 80/100 of 15
    assert "推进有力" in parts["qualitative"]["reason"]
    assert row["score"]["rank"] == 1 and row["compared"]["rubric"] == "results-first"
    # Nothing reported yet: the parts both rubrics give in full (no supervision, no follow-up
    # due) differ by their weights; those both give nothing, not at all.
    assert {d["part"] for d in row["differences"]} == {"supervision", "follow_ups"}
    assert all(d["first"]["points"] != d["second"]["points"] for d in row["differences"])
    before = api.get("/api/scores", params={"year": year - 1}, headers=EVALUATOR)
    assert before.json()["campaigns"] == []  # it did not run the year before it started
    names = {r["name"] for r in api.get("/api/rubrics", headers=COORDINATOR).json()}
    assert names == {"balanced", "results-first"}

    mine = api.get("/api/scores", params={"year": year, "unit": LEAD}, headers=COORDINATOR)
    [part] = mine.json()["campaigns"]
    assert {p["name"]: p for p in part["score"]["parts"]}["qualitative"]["points"] == 0.0


def test_scores_refuse_a_rubric_or_a_score_that_is_not_there(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid = launched["id"]
    unknown = api.get("/api/scores", params={"year": 2093, "rubric": "lenient"}, headers=EVALUATOR)
    assert unknown.status_code == 404 and unknown.json()["detail"][0]["loc"][-1] == "rubric"
    assert api.get("/api/scores", params={"year": 2093}, headers=lead()).status_code == 403
    url = f"/api/campaigns/{cid}/qualitative"
    for body, loc in (
        ({"year": 2093, "score": 101, "reason": "x"}, ["body", "score"]),
        ({"year": 2093, "score": "NaN", "reason": "x"}, ["body", "score"]),
        ({"year": 2093, "score": 70, "reason": ""}, ["body", "reason"]),
        ({"year": 2071, "score": 70, "reason": "x"}, ["body", "year"]),
    ):
        refused = api.post(url, json=body, headers=EVALUATOR)
        assert refused.status_code in (409, 422), refused.text
        assert refused.json()["detail"][0]["loc"] == loc, refused.text
