"""The report form's evidence files across a return (退回) and through the draft API, on SQLite and
PostgreSQL: after a return the form starts with the returned version's files attached (the
unit's own draft winning when it has set its files); the draft API keeps the draft's files when
a body leaves `evidence` out and sets them when it names them, but only files the unit sent
itself or the task's own: a forged hash or another unit's file is refused by its place."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from infra.work.evidence import digest
from tests.api.harness import COORDINATOR, OTHER, STRANGER, eventually, lead
from tests.api.page_world import browsers_fixture, form_of, value_of, world_fixture

FIXTURES = (world_fixture, browsers_fixture)  # the page world's fixtures, used by name

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 64
FILES = [("evidence_file", ("现场.png", PNG, "image/png")),
         ("evidence_file", ("台账.pdf", PDF, "application/pdf"))]  # fmt: skip


def report_row(api: TestClient, world: dict[str, Any]) -> dict[str, Any]:
    detail = api.get(f"/api/campaigns/{world['cid']}", headers=COORDINATOR).json()
    task = next(t for t in detail["tasks"] if t["id"] == world["task"])
    return next(p for p in task["periods"] if p["period"] == world["period"])


def submit_and_return(api: TestClient, world: dict[str, Any], wang: TestClient, url: str) -> str:
    """The unit submits with a photo and a PDF on the page; the task force returns it. The form
    page once it shows the return."""
    form = form_of(
        wang, url, period=world["period"], progress="首次报送", **{"actuals.spaces": "8"}
    )
    sent = wang.post(url, data={**form, "action": "submit"}, files=FILES, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    eventually(lambda: report_row(api, world)["evidence"])
    back = api.post(
        f"/api/tasks/{world['task']}/reports/{world['period']}/return",
        json={"reason": "照片不清晰"},
        headers=COORDINATOR,
    )
    assert back.status_code == 200, back.text

    def returned() -> str | None:
        html = wang.get(url).text
        return html if 'id="from-return"' in html else None

    return eventually(returned)


def test_after_a_return_the_form_starts_with_the_returned_files_and_resubmits_those_kept(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    html = submit_and_return(api, world, wang, url)
    png_url = f"/tasks/{tid}/report/files/{digest(PNG)}?period={period}"
    assert f'<img class="thumb" src="{png_url}" alt="现场.png"' in html
    assert "台账.pdf</a>" in html and "随被退回的版本报送过" in html
    assert f'name="drop" value="{digest(PDF)}"' in html and f'value="{digest(PNG)}"' in html
    assert wang.get(png_url).content == PNG
    assert "went with the returned version" in wang.get(f"{url}?lang=en").text
    # Nothing was saved for the unit by showing them: the draft API says the same files.
    draft = api.get(f"/api/tasks/{tid}/reports/{period}/draft", headers=lead()).json()
    assert (draft["saved_at"], [e["name"] for e in draft["evidence"]]) == (
        None,
        ["现场.png", "台账.pdf"],
    )

    # Resubmitting with the PDF dropped and nothing uploaded: the new version keeps the photo.
    form = form_of(wang, url, period=period, progress="重新报送", **{"actuals.spaces": "9"})
    again = wang.post(
        url, data={**form, "action": "submit", "drop": digest(PDF)}, follow_redirects=False
    )
    assert again.status_code == 303, again.text

    def second() -> dict[str, Any] | None:
        row = report_row(api, world)
        return row if row["revision"] == 2 and row["evidence"] else None

    row = eventually(second)
    assert [(e["hash"], e["name"]) for e in row["evidence"]] == [(digest(PNG), "现场.png")]


def test_after_a_return_the_units_own_draft_wins_over_the_returned_files(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    submit_and_return(api, world, wang, url)
    draft_api = f"/api/tasks/{tid}/reports/{period}/draft"

    # A page draft that dropped the PDF: the form shows the photo alone, as the unit left it.
    form = form_of(wang, url, period=period, progress="改稿")
    saved = wang.post(url, data={**form, "action": "draft", "drop": digest(PDF)})
    assert saved.status_code == 200, saved.text
    assert 'alt="现场.png"' in saved.text and "台账.pdf" not in saved.text
    assert 'id="from-return"' not in saved.text

    # The draft API may name the returned version's file again (it is the task's own) ...
    named = [{"hash": digest(PDF), "name": "台账（补）.pdf"}]
    put = api.put(draft_api, json={"progress": "改稿", "evidence": named}, headers=lead())
    assert put.status_code == 200, put.text
    assert [e["name"] for e in put.json()["evidence"]] == ["台账（补）.pdf"]
    assert "台账（补）.pdf</a>" in wang.get(url).text
    # ... or set none: the form then starts with none, not with the returned ones.
    assert api.put(draft_api, json={"evidence": []}, headers=lead()).status_code == 200
    empty = wang.get(url).text
    assert "尚未附文件" in empty and 'alt="现场.png"' not in empty
    # Discarded, the draft no longer speaks: the returned files are back.
    assert api.delete(draft_api, headers=lead()).status_code == 204
    assert 'id="from-return"' in wang.get(url).text


def test_a_draft_saved_through_the_api_keeps_the_pages_files_unless_it_names_its_own(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    draft_api = f"/api/tasks/{tid}/reports/{period}/draft"
    form = form_of(wang, url, period=period, progress="页面草稿")
    saved = wang.post(url, data={**form, "action": "draft", "milestone": "plan"}, files=FILES[:1])
    assert saved.status_code == 200 and 'alt="现场.png"' in saved.text

    # A body without `evidence`: the figures and texts are the API's, the files the page's.
    put = api.put(
        draft_api, json={"actuals": {"spaces": 15}, "progress": "接口保存"}, headers=lead()
    )
    assert put.status_code == 200, put.text
    assert [(e["hash"], e["name"]) for e in put.json()["evidence"]] == [(digest(PNG), "现场.png")]
    html = wang.get(url).text
    png_url = f"/tasks/{tid}/report/files/{digest(PNG)}?period={period}"
    assert f'<img class="thumb" src="{png_url}" alt="现场.png"' in html
    assert value_of(html, "actuals.spaces") == "15" and "接口保存</textarea>" in html
    assert 'value="plan" checked' in html  # the milestone ticked on the page is kept too
    assert 'id="from-return"' not in html
    assert wang.get(png_url).content == PNG

    # A body with `evidence` sets the files: a PDF the unit uploaded through the API.
    pdf = api.post(f"/api/tasks/{tid}/evidence", content=PDF, headers=lead()).json()["hash"]
    named = {"progress": "接口保存", "evidence": [{"hash": pdf, "name": "台账.pdf"}]}
    put = api.put(draft_api, json=named, headers=lead())
    assert put.status_code == 200, put.text
    assert [(e["name"], e["content_type"], e["size"]) for e in put.json()["evidence"]] == [
        ("台账.pdf", "application/pdf", len(PDF))
    ]
    html = wang.get(url).text
    assert "台账.pdf</a>" in html and 'alt="现场.png"' not in html
    assert api.get(draft_api, headers=lead()).json()["evidence"][0]["hash"] == pdf

    # Submitting the page then carries the API's file.
    form = form_of(wang, url, period=period, progress="报送", **{"actuals.spaces": "15"})
    assert (
        wang.post(url, data={**form, "action": "submit"}, follow_redirects=False).status_code == 303
    )
    row = eventually(lambda: report_row(api, world)["evidence"] or None)
    assert [e["name"] for e in row] == ["台账.pdf"]


def test_a_draft_or_report_naming_a_file_the_unit_did_not_send_is_refused_by_its_place(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    draft_api = f"/api/tasks/{tid}/reports/{period}/draft"
    detail = api.get(f"/api/campaigns/{world['cid']}", headers=COORDINATOR).json()
    theirs_task = next(t["id"] for t in detail["tasks"] if t["number"] == "2")
    # Another unit's file for its own task, and the co-lead unit's upload for this very task:
    # both stored, neither this unit's to point at (or to read through its draft).
    assert (
        api.post(
            f"/api/tasks/{theirs_task}/evidence", content=JPEG, headers=lead(OTHER)
        ).status_code
        == 201
    )
    assert (
        api.post(f"/api/tasks/{tid}/evidence", content=PDF, headers=lead(STRANGER)).status_code
        == 201
    )
    mine = api.post(f"/api/tasks/{tid}/evidence", content=PNG, headers=lead()).json()["hash"]
    assert api.put(draft_api, json={"progress": "原稿"}, headers=lead()).status_code == 200

    ok = {"hash": mine, "name": "现场.png"}
    for refs, n in (
        ([{"hash": digest(JPEG), "name": "别人的.jpg"}], 0),
        ([ok, {"hash": digest(PDF), "name": "同任务另一单位的.pdf"}], 1),
        ([{"hash": "0" * 64, "name": "伪造.png"}], 0),  # well formed, never uploaded
        ([ok, {"hash": "０" * 64, "name": "全角.png"}], 1),  # full-width digits
        ([{"hash": mine.upper(), "name": "大写.png"}], 0),
        ([{"hash": mine[:63], "name": "短.png"}], 0),
    ):
        refused = api.put(draft_api, json={"progress": "改", "evidence": refs}, headers=lead())
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == ["body", "evidence", n, "hash"], refs
        report = {"period": period, "progress": "报送", "evidence": refs}
        refused = api.post(f"/api/tasks/{tid}/reports", json=report, headers=lead())
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == ["body", "evidence", n, "hash"], refs

    kept = api.get(draft_api, headers=lead()).json()
    assert (kept["progress"], kept["evidence"]) == ("原稿", [])
    assert report_row(api, world)["state"] is None
    wang = browsers["wang"]
    for data in (JPEG, PDF):
        stolen = f"/tasks/{tid}/report/files/{digest(data)}?period={period}"
        assert wang.get(stolen).status_code == 404
    # The unit's own upload is taken, by the draft and by the report.
    assert api.put(draft_api, json={"evidence": [ok]}, headers=lead()).status_code == 200
    report = {"period": period, "progress": "报送", "evidence": [ok]}
    assert api.post(f"/api/tasks/{tid}/reports", json=report, headers=lead()).status_code == 200
