"""Refusals shaped like pydantic's: {"detail": [{"loc": [...], "msg": ..., "type": ...}]}."""

from __future__ import annotations

import logging
import re
import sqlite3

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from domain.errors import Conflict, DomainError, InvalidInput, NotFound
from infra.pgpool import DatabaseUnavailable

log = logging.getLogger(__name__)
Loc = list[str | int]

STATUS = {InvalidInput: 422, NotFound: 404, Conflict: 409}
KIND = {InvalidInput: "value_error", NotFound: "not_found", Conflict: "conflict"}
# Domain field names that stand for a path parameter of the route.
PATH_ALIASES = {"campaign": "campaign_id", "task": "task_id", "milestone": "code"}
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class ApiError(Exception):
    def __init__(self, status: int, loc: Loc, msg: str, kind: str) -> None:
        super().__init__(msg)
        self.status, self.loc, self.msg, self.kind = status, loc, msg, kind


def detail(loc: Loc, msg: str, kind: str) -> dict[str, list[dict[str, object]]]:
    return {"detail": [{"loc": loc, "msg": msg, "type": kind}]}


def field_loc(field: str, path_params: dict[str, str]) -> Loc:
    """'tasks[0].indicators[1].code' -> ['body', 'tasks', 0, 'indicators', 1, 'code']."""
    name = PATH_ALIASES.get(field, field)
    if name in path_params:
        return ["path", name]
    parts: Loc = [int(i) if i else n for n, i in _PART.findall(field)]
    return ["body", *parts]


def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    kind = type(exc)
    loc = field_loc(exc.field, dict(request.path_params))
    body = detail(loc, exc.message, KIND.get(kind, "domain_error"))
    return JSONResponse(body, status_code=STATUS.get(kind, 400))


def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(detail(exc.loc, exc.msg, exc.kind), exc.status, headers=headers)


def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc)
    msg = "this was changed or recorded by someone else meanwhile; reload and try again"
    return JSONResponse(detail(["body"], msg, "conflict"), status_code=409)


# Seconds a client is told to wait when the database is away: about one pool timeout.
RETRY_AFTER = 5
UNAVAILABLE = (
    "the database cannot be reached just now; nothing was changed, try again shortly "
    "(数据库暂时无法连接，未作任何更改，请稍后重试)"
)
# Raised by the store's pool (PoolTimeout, a refused or broken connection) and by SQLite (a
# locked or missing file): the request may succeed later, unchanged.
DATABASE_AWAY = (DatabaseUnavailable, OperationalError, InterfaceError, sqlite3.OperationalError)


def _database_away(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    headers = {"Retry-After": str(RETRY_AFTER)}
    return JSONResponse(
        detail(["server", "database"], UNAVAILABLE, "unavailable"), 503, headers=headers
    )


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    msg = "an unexpected error; it is logged (系统内部错误，已记录)"
    return JSONResponse(detail(["server"], msg, "internal_error"), status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    for kind in DATABASE_AWAY:
        app.add_exception_handler(kind, _database_away)
    app.add_exception_handler(Exception, _unexpected)
