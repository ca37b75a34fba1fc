"""Dependency aliases used by the routes. Who may call a route is declared with api/access.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.auth import User
from api.errors import ApiError
from api.identity import TOKEN_PREFIX, check_csrf, user_of_session, user_of_token
from api.services import Services

bearer = HTTPBearer(auto_error=False, description="A token from the users file (dev: demo-*)")


def services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services)]


def server_now(request: Request) -> datetime:
    """The server clock; commands pass it to the domain as `now`. A process that keeps its own
    clock (the tests' time-skipping server, the benchmarks' portfolio `now`) sets
    `app.state.clock`, not a dependency override: any override makes FastAPI analyse every
    route's dependencies again on every request, so the app would not run as in production."""
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now(UTC)


Now = Annotated[datetime, Depends(server_now)]


def json_answer(body: bytes) -> Response:
    """JSON rendered beforehand (api/presenters/reads.py); the route declares its model for the
    OpenAPI document, and the bytes skip a second validation of what was built from it."""
    return Response(body, media_type="application/json")


async def current_user(
    request: Request,
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    now: Now,
) -> User:
    """The bearer token's user; on pages (outside /api) also the session cookie's, whose
    state-changing requests must then carry the session's CSRF token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        if not request.url.path.startswith("/api"):
            user = await run_in_threadpool(user_of_session, svc, request, now)
            if user is not None:
                request.state.page_user = user
                await check_csrf(request)
                return user
        raise ApiError(
            401, ["header", "authorization"], "a bearer token is required", "unauthorized"
        )
    token = credentials.credentials
    user = svc.directory.resolve(token)
    if user is None and token.startswith(TOKEN_PREFIX):
        user = await run_in_threadpool(user_of_token, svc, token)
    if user is None:
        raise ApiError(401, ["header", "authorization"], "unknown or expired token", "unauthorized")
    request.state.page_user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]
