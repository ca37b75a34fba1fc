"""Evidence files (佐证材料): uploaded by the lead unit, kept once by their hash, pointed to by a
report, served back to those who read the task in full and to nobody else; a file that is not
a photo, PDF or Office file is refused by what its bytes are, whatever it is called."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fastapi.testclient import TestClient

from infra.work.evidence import DOCX, XLSX, digest, sniff
from tests.api.harness import COORDINATOR, OTHER, STRANGER, lead

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def test_a_files_type_is_read_from_its_bytes() -> None:
    assert sniff(PNG) == "image/png"
    assert sniff(PDF) == "application/pdf"
    assert sniff(office("xl/workbook.xml")) == XLSX
    assert sniff(office("word/document.xml")) == DOCX
    for hostile in (
        b"<svg onload=alert(1)>",
        b"<html><script>alert(1)</script>",
        b"PK\x03\x04 not a zip",
        office("other/part.xml"),
        b"MZ\x90\x00",
        b"",
    ):
        assert sniff(hostile) is None


def test_evidence_is_uploaded_pointed_to_and_served_to_its_readers_only(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()["start_period"]
    upload = f"/api/tasks/{tid}/evidence"
    first = api.post(upload, content=PNG, headers=lead())
    assert first.status_code == 201, first.text
    assert first.json() == {"hash": digest(PNG), "content_type": "image/png", "size": len(PNG)}
    assert api.post(upload, content=PNG, headers=lead()).json()["hash"] == digest(PNG)
    assert api.post(upload, content=PNG, headers=lead(OTHER)).status_code == 403
    pdf = api.post(upload, content=PDF, headers=lead()).json()["hash"]

    body = {
        "period": period,
        "actuals": {"spaces": 40},
        "progress": "新增40个",
        "evidence": [
            {"hash": digest(PNG), "name": "现场照片.png"},
            {"hash": pdf, "name": "台账.pdf"},
        ],
    }
    submitted = api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead())
    assert submitted.status_code == 200, submitted.text

    detail = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()
    [shown] = next(t for t in detail["tasks"] if t["id"] == tid)["periods"]
    assert [(e["name"], e["content_type"]) for e in shown["evidence"]] == [
        ("现场照片.png", "image/png"),
        ("台账.pdf", "application/pdf"),
    ]
    served = api.get(f"{upload}/{digest(PNG)}", headers=COORDINATOR)
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]
    assert "filename*=UTF-8''%E7%8E%B0" in served.headers["content-disposition"]
    assert api.get(f"{upload}/{pdf}", headers=lead()).status_code == 200
    # Another unit reads the task as the battle map publishes it: no files, not even by hash.
    assert api.get(f"{upload}/{pdf}", headers=lead(STRANGER)).status_code == 403
    [published] = next(
        t
        for t in api.get(f"/api/campaigns/{launched['id']}", headers=lead(STRANGER)).json()["tasks"]
        if t["id"] == tid
    )["periods"]
    assert published["evidence"] == []
    # A file never pointed to by this task's reports is not served through it.
    other = launched["tasks"]["2"]
    assert api.get(f"/api/tasks/{other}/evidence/{pdf}", headers=COORDINATOR).status_code == 404


def test_a_file_that_cannot_be_evidence_is_refused_and_a_report_cannot_point_to_nothing(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    upload = f"/api/tasks/{tid}/evidence"
    for bad in (b"<svg onload=alert(1)>", b"", b"MZ\x90\x00binary"):
        refused = api.post(upload, content=bad, headers=lead())
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == ["body"]
    too_big = api.post(upload, content=b"%PDF-" + b"0" * (10 * 1024 * 1024), headers=lead())
    assert too_big.status_code == 413
    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "progress": "x", "evidence": [{"hash": "0" * 64, "name": "无.pdf"}]}
    missing = api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead())
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "evidence", 0, "hash"]
    for ref in ({"hash": "ZZ", "name": "x"}, {"hash": "0" * 64, "name": ""}):
        wrong = api.post(
            f"/api/tasks/{tid}/reports", json={**body, "evidence": [ref]}, headers=lead()
        )
        assert wrong.status_code == 422, wrong.text
    assert api.get(f"/api/tasks/{tid}/evidence/{'a' * 64}", headers=COORDINATOR).status_code == 404
    assert api.get(f"/api/tasks/{tid}/evidence/not-a-hash", headers=COORDINATOR).status_code == 422
