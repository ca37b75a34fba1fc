"""Evidence files (佐证材料): uploaded by a lead unit before it submits the report that points to
them, served back to whoever may read that task in full."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response

from api.access import TASK_LEAD, TASK_READERS, allow
from api.commands import in_thread
from api.deps import CurrentUser, ServicesDep
from api.errors import ApiError
from api.limits import own_limit
from api.schemas.common import REFUSALS
from api.schemas.reports import UploadOut
from infra.work.evidence import IMAGES, MAX_BYTES, Refused, Stored

router = APIRouter(prefix="/tasks/{task_id}/evidence", tags=["evidence"], responses=REFUSALS)
BODY = {
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "description": "the file itself, as the raw request body (at most 10 MB): a photo (JPEG, "
    "PNG, WebP, GIF), a PDF, an Excel workbook or a Word document",
    "required": True,
}
INLINE = IMAGES | {"application/pdf"}
Hash = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


@router.post(
    "",
    status_code=201,
    openapi_extra={"requestBody": BODY, **own_limit(MAX_BYTES)},
    dependencies=[allow(TASK_LEAD)],
)
async def upload_evidence(
    task_id: UUID, request: Request, user: CurrentUser, svc: ServicesDep
) -> UploadOut:
    """Keep a file for a report of the task to point to; answers its hash. The unit may then
    point its reports and drafts at it."""
    data = await request.body()
    try:
        stored = await in_thread(svc.evidence.put, data, user.unit)
    except Refused as refused:
        raise ApiError(422, ["body"], str(refused), "file_refused") from None
    return UploadOut(hash=stored.hash, content_type=stored.content_type, size=stored.size)


@router.get(
    "/{hash}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
    dependencies=[allow(TASK_READERS)],
)
def get_evidence(task_id: UUID, hash: Hash, svc: ServicesDep) -> Response:
    """A file a report of the task points to, for those who read the task in full."""
    with svc.readmodel.read() as queries:
        periods = queries.periods_of_tasks([task_id])
    named = [e.name for p in periods for e in p.evidence if e.hash == hash]
    if not named:
        raise ApiError(404, ["path", "hash"], "no such file of this task", "not_found")
    found = svc.evidence.get(hash)
    if found is None:
        raise ApiError(404, ["path", "hash"], "the file is no longer kept", "not_found")
    stored, data = found
    return file_answer(stored, data, named[-1])


def file_answer(stored: Stored, data: bytes, name: str) -> Response:
    """A kept file as served to a reader: never sniffed, never run, never framed."""
    disposition = "inline" if stored.content_type in INLINE else "attachment"
    return Response(
        data,
        media_type=stored.content_type,
        headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
            "Cache-Control": "private, max-age=86400, immutable",
        },
    )
