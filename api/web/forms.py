"""What the task force's and supporting units' forms share: a note's problem by field, and a
domain refusal turned into a message next to the field it names (or above the form)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form

from api.web.i18n_refusals import named
from domain.errors import DomainError
from domain.values import MAX_TEXT, text_problem

REPLACED = "\ufffd"
FormNote = Annotated[str, Form(max_length=MAX_TEXT)]
FormShort = Annotated[str, Form(max_length=200)]


def note_problem(
    text: str, required: bool = True, multiline: bool = True, limit: int = MAX_TEXT
) -> str | None:
    """A key of api/web/i18n.py or a bilingual message; None when the text can be stored."""
    if len(text) > limit:
        return too_long(limit)
    if REPLACED in text:
        # The form parser turns bytes that are not UTF-8 into U+FFFD: refused, not stored.
        return "not_utf8"
    if problem := text_problem(text, multiline):
        return problem
    if required and not text.strip():
        return "required"
    return None


def too_long(limit: int) -> str:
    return f"超过{limit}个字符 / longer than {limit} characters"


def refusal(error: DomainError, fields: dict[str, str]) -> tuple[dict[str, str], str]:
    """(errors by form field, general message): the domain's field mapped to the form's."""
    name = fields.get(error.field)
    if name is not None:
        return {name: error.message}, ""
    return {}, named(error)
