"""Shapes shared by every area, and the field types that refuse hostile input at the border.

Each refusal names the field (pydantic's `loc`) and says why in Chinese and English. The same
rules stand in the domain (domain/values.py), which the workflow, the importer and the CLI call.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from domain.errors import InvalidInput
from domain.values import MAX_TEXT, Period, number_problem, text_problem

PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def _text(multiline: bool) -> Callable[[str], str]:
    def checked(value: str) -> str:
        problem = text_problem(value, multiline)
        if problem:
            raise PydanticCustomError("text_refused", problem)
        return unicodedata.normalize("NFC", value)

    return checked


def _named(value: str) -> str:
    # str.strip() also strips the full-width space (U+3000) a Chinese keyboard types.
    if not value.strip():
        raise PydanticCustomError("blank", "不能为空白 / must not be blank")
    return value


def _period(value: str) -> str:
    try:
        return str(Period.parse(value))
    except InvalidInput as error:
        raise PydanticCustomError("period", error.message) from None


def _figure(value: Decimal) -> Decimal:
    problem = number_problem(value)
    if problem:
        raise PydanticCustomError("number_refused", problem)
    return value


# Long text (progress, reasons): line breaks and tabs allowed. Short text (names, codes): none.
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_text(True))]
Short = Annotated[str, Field(max_length=200), AfterValidator(_text(False))]
Name = Annotated[Short, AfterValidator(_named)]
PeriodText = Annotated[
    str,
    Field(max_length=7, examples=["2026-03"], json_schema_extra={"pattern": PERIOD_PATTERN}),
    AfterValidator(_period),
]
# A figure a person could mean: finite, |x| < 10^12, at most 4 decimals.
Number = Annotated[Decimal, Field(allow_inf_nan=False), AfterValidator(_figure)]


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
