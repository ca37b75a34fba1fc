"""Dependency aliases used by the routes. Who may call a route is declared with api/access.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import User
from api.errors import ApiError
from api.services import Services

bearer = HTTPBearer(auto_error=False, description="A token from the users file (dev: demo-*)")


def services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services)]


def server_now() -> datetime:
    """The server clock; commands pass it to the domain as `now` (tests override it)."""
    return datetime.now(UTC)


Now = Annotated[datetime, Depends(server_now)]


def json_answer(body: bytes) -> Response:
    """JSON rendered beforehand (api/presenters/reads.py); the route declares its model for the
    OpenAPI document, and the bytes skip a second validation of what was built from it."""
    return Response(body, media_type="application/json")


def current_user(
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401, ["header", "authorization"], "a bearer token is required", "unauthorized"
        )
    user = svc.directory.resolve(credentials.credentials)
    if user is None:
        raise ApiError(401, ["header", "authorization"], "unknown or expired token", "unauthorized")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
