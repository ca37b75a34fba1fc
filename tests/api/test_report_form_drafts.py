"""The report form's draft (草稿) and evidence files (佐证材料) through the page, on SQLite and
PostgreSQL: a draft is saved as typed and read back only by its own unit, a submitted report
clears it and carries its files; a file that cannot be evidence is refused next to the field,
in Chinese, with everything typed shown back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.work.evidence import MAX_BYTES, digest
from tests.api.harness import COORDINATOR, STRANGER, eventually, lead
from tests.api.page_world import browsers_fixture, form_of, value_of, world_fixture

FIXTURES = (world_fixture, browsers_fixture)  # the page world's fixtures, used by name

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def test_a_draft_is_saved_as_typed_read_back_by_its_unit_alone_and_cleared_on_submit(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    # Half typed: a figure that is not one yet, a required field left empty.
    typed = {"actuals.spaces": "12ab", "progress": "已排查三个小区", "period": period}
    saved = wang.post(
        url, data={**form_of(wang, url, **typed), "action": "draft", "milestone": "plan"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303, saved.text
    again = wang.get(saved.headers["location"])
    assert again.status_code == 200
    assert "草稿已保存于" in again.text and 'role="status"' in again.text
    assert value_of(again.text, "actuals.spaces") == "12ab"
    assert "已排查三个小区</textarea>" in again.text
    assert re.search(r'value="plan" checked', again.text)
    assert "放弃草稿" in again.text

    # The other lead unit of the same task, the task force and another unit see none of it.
    zhao = browsers["zhao"].get(url)
    assert zhao.status_code == 200 and "已排查三个小区" not in zhao.text
    assert "草稿已保存于" not in zhao.text and value_of(zhao.text, "actuals.spaces") == ""
    assert browsers["li"].get(url).status_code == 403
    assert browsers["chen"].get(url).status_code == 403
    task_page = browsers["chen"].get(f"/tasks/{tid}")
    assert task_page.status_code == 200 and "已排查三个小区" not in task_page.text
    draft_api = f"/api/tasks/{tid}/reports/{period}/draft"
    assert api.get(draft_api, headers=lead(STRANGER)).json()["saved_at"] is None
    # The JSON API reads the page's draft: the text as typed, the figure not (it is not one).
    mine = api.get(draft_api, headers=lead()).json()
    assert (mine["progress"], mine["actuals"]) == ("已排查三个小区", {})

    form = form_of(wang, url, period=period, progress="完成12个", **{"actuals.spaces": "12"})
    sent = wang.post(url, data={**form, "action": "submit"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    after = wang.get(f"{url}?period={period}")
    assert "草稿已保存于" not in after.text and "已排查三个小区" not in after.text
    assert api.get(draft_api, headers=lead()).json()["saved_at"] is None


def test_a_draft_is_discarded_and_a_draft_past_its_bounds_is_refused_by_field(
    world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    first = form_of(wang, url, period=period, progress="初稿")
    assert wang.post(url, data={**first, "action": "draft"}).status_code == 200
    long = form_of(wang, url, period=period, progress="长" * 2001, problems="问题仍在")
    refused = wang.post(url, data={**long, "action": "draft"})
    assert refused.status_code == 422
    assert 'id="err-progress"' in refused.text and "超过2000个字符" in refused.text
    assert "问题仍在</textarea>" in refused.text  # what was typed is shown back
    assert "初稿</textarea>" in wang.get(url).text  # and the saved draft is as it was

    gone = wang.post(url, data={**form_of(wang, url, period=period), "action": "discard"})
    assert gone.status_code == 200 and "草稿已放弃" in gone.text
    assert "初稿" not in gone.text and "草稿已保存于" not in gone.text

    nowhere = form_of(wang, url, period="2093-13", progress="x")
    assert wang.post(url, data={**nowhere, "action": "draft"}).status_code == 422


def test_files_are_attached_shown_back_and_carried_by_the_submitted_report(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    form = form_of(wang, url, period=period, progress="现场照片见附件")
    files = [("evidence_file", ("现场.png", PNG, "image/png")),
             ("evidence_file", ("台账.pdf", PDF, "application/pdf"))]  # fmt: skip
    saved = wang.post(url, data={**form, "action": "draft"}, files=files)
    assert saved.status_code == 200, saved.text
    png_url = f"/tasks/{tid}/report/files/{digest(PNG)}?period={period}"
    assert f'<img class="thumb" src="{png_url}" alt="现场.png"' in saved.text
    assert "台账.pdf</a>" in saved.text and "PDF 文件" in saved.text
    shown = wang.get(png_url)
    assert shown.status_code == 200 and shown.content == PNG
    assert shown.headers["x-content-type-options"] == "nosniff"
    # The draft's files are the unit's own until the report points to them.
    assert browsers["zhao"].get(png_url).status_code == 404
    assert browsers["li"].get(png_url).status_code == 403
    assert browsers["chen"].get(png_url).status_code == 403

    # Dropping one, then submitting: the report carries the other, and the draft is gone.
    form = form_of(wang, url, period=period, progress="现场照片见附件", **{"actuals.spaces": "8"})
    sent = wang.post(
        url, data={**form, "action": "submit", "drop": digest(PDF)}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text

    def reported() -> list[dict[str, Any]] | None:
        detail = api.get(f"/api/campaigns/{world['cid']}", headers=COORDINATOR).json()
        task = next(t for t in detail["tasks"] if t["id"] == tid)
        row = next(p for p in task["periods"] if p["period"] == period)
        return row["evidence"] or None

    evidence = eventually(reported)
    assert [(e["hash"], e["name"]) for e in evidence] == [(digest(PNG), "现场.png")]
    # No draft any more: the photo is served as the report's, the dropped file not at all.
    assert wang.get(png_url).content == PNG
    assert wang.get(f"/tasks/{tid}/report/files/{digest(PDF)}?period={period}").status_code == 404
    page = browsers["chen"].get(f"/tasks/{tid}")
    served = f"/tasks/{tid}/evidence/{digest(PNG)}"
    assert f'<img class="thumb" src="{served}" alt="现场.png"' in page.text
    assert browsers["chen"].get(served).content == PNG


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("图.svg", SVG, "只接受照片"),
        ("大.pdf", b"%PDF-" + b"0" * (MAX_BYTES - 4), "超过 10 MB"),  # one byte too many
        ("空.png", b"", "文件为空"),
    ],
)
def test_a_file_that_cannot_be_evidence_is_refused_beside_the_field_and_nothing_is_lost(
    world: dict[str, Any], browsers: dict[str, TestClient], name: str, data: bytes, said: str
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    form = form_of(wang, url, period=period, progress="附件被拒也不丢", **{"actuals.spaces": "7"})
    files = [("evidence_file", (name, data, "application/octet-stream")),
             ("evidence_file", ("好.png", PNG, "image/png"))]  # fmt: skip
    for action in ("draft", "submit"):
        refused = wang.post(url, data={**form, "action": action}, files=files)
        assert refused.status_code == 422, refused.text
        beside = re.search(
            r'<div class="error" id="err-evidence_file">(.*?)</div>', refused.text, re.S
        )
        assert beside and name in beside.group(1) and said in beside.group(1), refused.text
        assert "/ only" not in beside.group(1) and "the file" not in beside.group(1)
        assert 'aria-invalid="true" aria-describedby="err-evidence_file' in refused.text
        assert value_of(refused.text, "actuals.spaces") == "7"
        assert "附件被拒也不丢</textarea>" in refused.text
        assert 'alt="好.png"' in refused.text  # the file that could be kept is attached


def test_the_form_without_its_csrf_token_saves_nothing(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    for token in ("", "forged"):
        answer = wang.post(
            url,
            data={"csrf_token": token, "period": period, "progress": "伪造", "action": "draft"},
            files=[("evidence_file", ("a.png", PNG, "image/png"))],
        )
        assert answer.status_code == 403
    draft = api.get(f"/api/tasks/{tid}/reports/{period}/draft", headers=lead()).json()
    assert draft["saved_at"] is None


def test_a_body_past_the_forms_limit_is_refused_before_anything_is_kept(
    api: TestClient, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, period = world["task"], world["period"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    form = form_of(wang, url, period=period, progress="两个大文件")
    huge = b"%PDF-" + b"0" * (MAX_BYTES - 100)
    files = [("evidence_file", ("a.pdf", huge, "application/pdf")),
             ("evidence_file", ("b.pdf", huge + b"1", "application/pdf"))]  # fmt: skip
    answer = wang.post(url, data={**form, "action": "draft"}, files=files)
    assert answer.status_code == 413
    assert "提交的内容过大" in answer.text and "附件" in answer.text  # a page, not JSON
    draft = api.get(f"/api/tasks/{tid}/reports/{period}/draft", headers=lead()).json()
    assert draft["saved_at"] is None
