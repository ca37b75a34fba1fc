"""Dependency aliases used by the routes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Role, User
from api.errors import ApiError
from api.services import Services
from domain.units import UnitNames
from infra.readmodel import Queries

bearer = HTTPBearer(auto_error=False, description="A token from the users file (dev: demo-*)")


def services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services)]


def server_now() -> datetime:
    """The server clock; commands pass it to the domain as `now` (tests override it)."""
    return datetime.now(UTC)


Now = Annotated[datetime, Depends(server_now)]


def read_model(svc: ServicesDep) -> Iterator[Queries]:
    """One consistent read transaction on the read model for the whole request."""
    with svc.readmodel.read() as queries:
        yield queries


ReadDep = Annotated[Queries, Depends(read_model)]


def unit_names(svc: ServicesDep) -> UnitNames:
    """The units registry as the read model has it, read in a short transaction of its own."""
    with svc.readmodel.read() as queries:
        return queries.unit_names()


UnitNamesDep = Annotated[UnitNames, Depends(unit_names)]


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


def require(*roles: Role) -> Callable[[User], User]:
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            allowed = " or ".join(r.value for r in roles)
            msg = f"only a {allowed} may do this; you are {user.role.value} of {user.unit}"
            raise ApiError(403, ["header", "authorization"], msg, "forbidden")
        return user

    return check


Coordinator = Annotated[User, Depends(require(Role.COORDINATOR))]
Evaluator = Annotated[User, Depends(require(Role.EVALUATOR))]
LeadUnit = Annotated[User, Depends(require(Role.LEAD_UNIT))]
CoordinatorOrLeadUnit = Annotated[User, Depends(require(Role.COORDINATOR, Role.LEAD_UNIT))]
AdminOrCoordinator = Annotated[User, Depends(require(Role.ADMIN, Role.COORDINATOR))]
