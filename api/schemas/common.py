"""Shapes shared by every area."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from domain.values import MAX_TEXT

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Short = Annotated[str, Field(max_length=200)]


class CommandOut(BaseModel):
    """What a command wrote. With `warning` set (HTTP 202) the fact is stored but a follow-up
    (telling the workflow, or the read model catching up) did not happen yet."""

    position: int | None = Field(description="notification id of the last event written")
    changed: bool = True
    warning: str | None = None


class CreatedOut(CommandOut):
    id: UUID


class ErrorItem(BaseModel):
    loc: list[str | int] = Field(description='where: ["body", "period"], ["path", "task_id"]')
    msg: str
    type: str


class ErrorOut(BaseModel):
    """Every refusal, shaped like pydantic's validation errors."""

    detail: list[ErrorItem]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


REFUSALS: dict[int | str, dict[str, Any]] = {
    401: _error("no bearer token, or an unknown one"),
    403: _error("the caller's role or unit may not do this"),
    404: _error("the campaign, task or workflow does not exist"),
    409: _error("contradicts what already happened (e.g. a report already accepted)"),
}
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"model": CommandOut, "description": "stored, with a warning (e.g. Temporal is down)"}
}
