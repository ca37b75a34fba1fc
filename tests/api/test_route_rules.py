"""Every route of the real application declares exactly one access rule, and the check that says
so catches a route without one: added undeclared, or with its rule taken away."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from api.access import (
    COORDINATOR,
    PUBLIC,
    SIGNED_IN,
    TASK_LEAD,
    Scope,
    allow,
    declare,
    routes_of,
    rules_of,
    undeclared,
)
from api.app import create_app
from api.auth import Role
from api.deps import CurrentUser
from api.routes import campaigns
from infra.settings import Settings

FRAMEWORK = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


@pytest.fixture
def application(monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The real application (its lifespan, and so any store, never starts here)."""
    monkeypatch.delenv("XIUHUA_USERS_FILE", raising=False)
    return create_app(Settings(environment="dev"))


def paths(app: FastAPI) -> set[str]:
    return {getattr(route, "path", "") for route in routes_of(app)}


def test_every_route_of_the_application_declares_exactly_one_access_rule(
    application: FastAPI,
) -> None:
    assert undeclared(application) == []
    assert paths(application) >= FRAMEWORK
    hidden = [r for r in routes_of(application) if not getattr(r, "include_in_schema", False)]
    assert {getattr(r, "path", "") for r in hidden} >= FRAMEWORK
    api_routes = [r for r in routes_of(application) if getattr(r, "dependant", None)]
    assert len(api_routes) >= 25


# The pages' way in and their assets: the sign-in form and the style sheet and plotly.js.
PAGES_PUBLIC = {"/signin", "/static/style.css", "/static/plotly.min.js", "/static/dashboards.js"}


def test_the_public_routes_are_the_index_the_health_counts_the_api_documents_and_sign_in_only(
    application: FastAPI,
) -> None:
    public = {r.path for r in routes_of(application) if rules_of(r) == [PUBLIC]}
    assert public == FRAMEWORK | {"/api", "/api/health"} | PAGES_PUBLIC


def test_a_route_added_without_a_rule_is_caught_whether_listed_or_hidden(
    application: FastAPI,
) -> None:
    def unguarded(user: CurrentUser) -> str:
        return user.name

    def plain(request: Request) -> PlainTextResponse:
        return PlainTextResponse("hi")

    application.add_api_route("/api/listed", unguarded)
    application.add_api_route("/api/hidden", unguarded, include_in_schema=False)
    application.add_route("/plain", plain)
    found = undeclared(application)
    assert found == [
        "GET /api/listed: 0 access rules, not one",
        "GET /api/hidden: 0 access rules, not one",
        "GET,HEAD /plain: 0 access rules, not one",
    ]


def test_a_route_whose_rule_is_removed_is_caught(application: FastAPI) -> None:
    """As if `dependencies=[allow(...)]` were deleted from GET /api/campaigns/{id}/events: the
    handler alone (its `user: CurrentUser`) declares nothing."""
    path = "/api/campaigns/{campaign_id}/events"
    declared = [r for r in routes_of(application) if r.path == path]
    assert [rules_of(r) for r in declared] == [[SIGNED_IN]]
    application.add_api_route(path, campaigns.campaign_events, methods=["GET"])
    assert undeclared(application) == [f"GET {path}: 0 access rules, not one"]


def test_a_route_with_two_rules_is_caught(application: FastAPI) -> None:
    router = APIRouter(dependencies=[allow(COORDINATOR)])

    @router.post("/api/twice", dependencies=[allow(SIGNED_IN)])
    def twice() -> None:
        """Two rules: which one holds is anyone's guess."""

    application.include_router(router)
    assert undeclared(application) == ["POST /api/twice: 2 access rules, not one"]


def test_only_a_plain_route_that_is_there_can_be_declared_by_path(
    application: FastAPI,
) -> None:
    with pytest.raises(ValueError, match="/nowhere"):
        declare(application, PUBLIC, "/nowhere")
    with pytest.raises(ValueError, match="allow"):
        declare(application, PUBLIC, "/api/campaigns")


def test_a_rule_says_who_may_call_and_a_scoped_role_needs_its_relation() -> None:
    assert PUBLIC.allows(None)
    assert not SIGNED_IN.allows(None)
    assert all(SIGNED_IN.allows(role) for role in Role)
    assert COORDINATOR.allows(Role.COORDINATOR)
    assert not COORDINATOR.allows(Role.LEAD_UNIT, related=True)
    assert TASK_LEAD.scope_for(Role.LEAD_UNIT) is Scope.TASK_LEAD
    assert TASK_LEAD.allows(Role.LEAD_UNIT, related=True)
    assert not TASK_LEAD.allows(Role.LEAD_UNIT, related=False)
    assert not TASK_LEAD.allows(Role.SUPPORTING_UNIT, related=True)
    assert not TASK_LEAD.allows(Role.COORDINATOR)


def test_the_leader_reads_what_an_evaluator_reads_and_calls_no_command(
    application: FastAPI,
) -> None:
    for route in routes_of(application):
        (rule,) = rules_of(route)
        methods = set(getattr(route, "methods", None) or {"GET"})
        if methods <= {"GET", "HEAD"} and route.path.startswith("/api"):
            assert rule.allows(Role.LEADER) == rule.allows(Role.EVALUATOR), route.path
        elif not methods <= {"GET", "HEAD"}:
            assert not rule.allows(Role.LEADER) or rule in (PUBLIC, SIGNED_IN), route.path
