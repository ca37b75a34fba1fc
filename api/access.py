"""Who may call each route: one `Rule` per route, declared where the route is defined.

An API route declares its rule with `dependencies=[allow(RULE)]`; that dependency both enforces
the rule and marks the route, so `undeclared(app)` can find every route of the application that
has none (or more than one). Routes the framework adds itself (/openapi.json, /docs, /redoc) or
plain Starlette routes and mounts are marked with `declare(app, RULE, *paths)`.

A rule names the roles that may call whatever the resource, and the roles that may call only for
a resource of their own unit (`Scope`). What a caller then sees of other units' tasks is not the
rule's business: api/presenters/visibility.py reduces the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

try:
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI before included routers were resolved lazily
    iter_route_contexts = None  # type: ignore[assignment]

from api.auth import Role, User, same_unit
from api.deps import CurrentUser, ServicesDep
from api.errors import ApiError
from api.services import Services
from api.timing import timed
from domain.errors import DomainError
from domain.task import Task

MARK = "access_rule"


class Scope(StrEnum):
    """How a unit-scoped role relates to the resource a route names by its path."""

    TASK_LEAD = "the caller's unit leads the task {task_id}"
    TASK_SUPPORT = "the caller's unit supports the task {task_id}"
    TASK_UNIT = "the caller's unit leads or supports the task {task_id}"
    FOLLOW_UP_UNIT = "the caller's unit owes the follow-up {meeting_id}/{code}"
    INBOX_UNIT = "the inbox {unit} is the caller's unit's"


@dataclass(frozen=True)
class Rule:
    name: str
    zh: str
    roles: frozenset[Role] = frozenset()
    scoped: tuple[tuple[Role, Scope], ...] = ()
    public: bool = False

    def scope_for(self, role: Role) -> Scope | None:
        return next((scope for r, scope in self.scoped if r is role), None)

    def allows(self, role: Role | None, related: bool = False) -> bool:
        """Whether a caller of `role` (None: no token) may call; `related`: the caller's unit
        stands to the route's resource as the role's scope asks."""
        if self.public:
            return True
        if role is None:
            return False
        return role in self.roles or (self.scope_for(role) is not None and related)


EVERYONE = frozenset(Role)
# Roles that read every unit's inbox; the leader (分管领导) reads what an evaluator reads.
READERS = frozenset({Role.COORDINATOR, Role.EVALUATOR, Role.LEADER, Role.ADMIN})

PUBLIC = Rule("anyone, without a token", "任何人（无需令牌）", public=True)
SIGNED_IN = Rule("a signed-in user", "已登录用户", EVERYONE)
COORDINATOR = Rule("a coordinator", "专班", frozenset({Role.COORDINATOR}))
EVALUATOR = Rule("an evaluator", "评估组", frozenset({Role.EVALUATOR}))
ADMIN_OR_COORDINATOR = Rule(
    "an admin or a coordinator", "管理员或专班", frozenset({Role.ADMIN, Role.COORDINATOR})
)
LEAD_UNIT = Rule("a lead unit", "牵头单位", frozenset({Role.LEAD_UNIT}))
ADMIN = Rule("an admin", "管理员", frozenset({Role.ADMIN}))
UNIT_MEMBER = Rule(
    "a lead or supporting unit",
    "牵头单位或配合单位",
    frozenset({Role.LEAD_UNIT, Role.SUPPORTING_UNIT}),
)
TASK_LEAD = Rule(
    "a lead unit of the task", "该任务的牵头单位", scoped=((Role.LEAD_UNIT, Scope.TASK_LEAD),)
)
COORDINATOR_OR_TASK_LEAD = Rule(
    "a coordinator or a lead unit of the task",
    "专班或该任务的牵头单位",
    frozenset({Role.COORDINATOR}),
    ((Role.LEAD_UNIT, Scope.TASK_LEAD),),
)
TASK_SUPPORTER = Rule(
    "a supporting unit of the task",
    "该任务的配合单位",
    scoped=((Role.LEAD_UNIT, Scope.TASK_SUPPORT), (Role.SUPPORTING_UNIT, Scope.TASK_SUPPORT)),
)
TASK_READERS = Rule(
    "the task's own units, the task force, an evaluator or an admin",
    "该任务的牵头或配合单位、专班、评估组或管理员",
    READERS,
    ((Role.LEAD_UNIT, Scope.TASK_UNIT), (Role.SUPPORTING_UNIT, Scope.TASK_UNIT)),
)
COORDINATOR_OR_EVALUATOR = Rule(
    "a coordinator or an evaluator", "专班或评估组", frozenset({Role.COORDINATOR, Role.EVALUATOR})
)
TASK_FORCE_READERS = Rule(
    "the task force, an evaluator, a leader or an admin", "专班、评估组、分管领导或管理员", READERS
)
COORDINATOR_OR_FOLLOW_UP_UNIT = Rule(
    "a coordinator or the unit that owes the follow-up",
    "专班或承办单位",
    frozenset({Role.COORDINATOR}),
    ((Role.LEAD_UNIT, Scope.FOLLOW_UP_UNIT), (Role.SUPPORTING_UNIT, Scope.FOLLOW_UP_UNIT)),
)
READER_OR_TASK_LEAD = Rule(
    "a coordinator, an evaluator, an admin or a lead unit of the task",
    "专班、评估组、管理员或该任务的牵头单位",
    READERS,
    ((Role.LEAD_UNIT, Scope.TASK_LEAD),),
)
# The dashboards across units: a lead unit gets its own tasks' rows only (dashboards/read.py).
READER_OR_LEAD_UNIT = Rule(
    "a coordinator, an evaluator, an admin, or a lead unit (its own tasks only)",
    "专班、评估组、管理员或牵头单位（仅限本单位任务）",
    READERS | {Role.LEAD_UNIT},
)
INBOX_OWNER = Rule(
    "the inbox's own unit, the task force, an evaluator, a leader or an admin",
    "本单位、专班、评估组、分管领导或管理员",
    READERS,
    ((Role.LEAD_UNIT, Scope.INBOX_UNIT), (Role.SUPPORTING_UNIT, Scope.INBOX_UNIT)),
)


def _forbidden(loc: list[str | int], zh: str, en: str) -> ApiError:
    return ApiError(403, loc, f"{zh} / {en}", "forbidden")


def _task_units(
    user: User, request: Request, svc: Services, units: Callable[[Task], tuple[str, ...]]
) -> Task:
    try:
        task_id = UUID(str(request.path_params["task_id"]))
    except ValueError:
        raise ApiError(404, ["path", "task_id"], "no such task", "not_found") from None
    # From the store, not the read model: another process may have stored the task (or moved
    # it to another lead unit, or given the unit a new alias) before this process's projection
    # applied it. The route handler reads the same task (`checked_task`): one read per request.
    task = svc.store.task(task_id, read_only=True)
    request.state.checked_task = task
    names = svc.store.unit_registry().names()
    if not names.covers(units(task), user.unit):
        zh, en = _ROLES_OF[units]
        raise _forbidden(
            ["path", "task_id"],
            f"{user.unit}不是任务{task.number}的{zh}",
            f"{user.unit} is not {en} of task {task.number}",
        )
    return task


def _leads(task: Task) -> tuple[str, ...]:
    return task.lead_units


def _supporters(task: Task) -> tuple[str, ...]:
    return task.supporting_units


def _own(task: Task) -> tuple[str, ...]:
    return (*task.lead_units, *task.supporting_units)


def _task_lead(user: User, request: Request, svc: Services) -> None:
    _task_units(user, request, svc, _leads)


def _task_support(user: User, request: Request, svc: Services) -> None:
    _task_units(user, request, svc, _supporters)


def _task_unit(user: User, request: Request, svc: Services) -> None:
    _task_units(user, request, svc, _own)


def _follow_up_unit(user: User, request: Request, svc: Services) -> None:
    code = str(request.path_params["code"])
    try:
        meeting = svc.store.meeting(UUID(str(request.path_params["meeting_id"])), read_only=True)
        owed = meeting.follow_up(code)
    except (ValueError, DomainError):
        raise ApiError(404, ["path", "code"], "no such follow-up", "not_found") from None
    if not svc.store.unit_registry().names().covers([owed.unit], user.unit):
        raise _forbidden(
            ["path", "code"],
            f"督办事项{meeting.number}.{code}由{owed.unit}承办，不是{user.unit}",
            f"follow-up {meeting.number}.{code} is owed by {owed.unit}, not {user.unit}",
        )


_ROLES_OF = {
    _leads: ("牵头单位", "a lead unit"),
    _supporters: ("配合单位", "a supporting unit"),
    _own: ("牵头或配合单位", "a lead or supporting unit"),
}


def checked_task(request: Request, task_id: UUID) -> Task | None:
    """The task the access check read for this request, if it read one (to read only)."""
    task = getattr(request.state, "checked_task", None)
    return task if task is not None and task.id == task_id else None


def _inbox_unit(user: User, request: Request, svc: Services) -> None:
    with svc.readmodel.read() as queries:
        names = queries.unit_names()
    if not same_unit(user, str(request.path_params["unit"]), names):
        raise _forbidden(
            ["path", "unit"], "只能查看本单位的待办", f"{user.unit} may read its own inbox only"
        )


CHECKS: dict[Scope, Callable[[User, Request, Services], None]] = {
    Scope.TASK_LEAD: _task_lead,
    Scope.TASK_SUPPORT: _task_support,
    Scope.TASK_UNIT: _task_unit,
    Scope.FOLLOW_UP_UNIT: _follow_up_unit,
    Scope.INBOX_UNIT: _inbox_unit,
}


def allow(rule: Rule) -> Any:
    """The route dependency that enforces `rule` and marks the route as declaring it."""
    if rule.public:

        def check_public() -> None:
            """Nothing to check: the route is public by declaration."""

        check: Callable[..., None] = check_public
    else:

        def check_user(request: Request, user: CurrentUser, svc: ServicesDep) -> None:
            if user.role in rule.roles:
                return
            scope = rule.scope_for(user.role)
            if scope is None:
                raise _forbidden(
                    ["header", "authorization"],
                    f"此操作仅限{rule.zh}",
                    f"only {rule.name} may do this; you are {user.role.value} of {user.unit}",
                )
            with timed("access"):
                CHECKS[scope](user, request, svc)

        check = check_user
    setattr(check, MARK, rule)
    return Depends(check)


def declare(app: FastAPI, rule: Rule, *paths: str) -> None:
    """Mark the routes at `paths` that are not API routes (the framework's own, static mounts)."""
    for path in paths:
        found = [r for r in app.routes if isinstance(r, Route | Mount) and r.path == path]
        if not found or any(isinstance(r, APIRoute) for r in found):
            raise ValueError(f"{path}: no plain route here; an API route declares with allow()")
        for route in found:
            setattr(route, MARK, rule)


def routes_of(app: FastAPI) -> list[Any]:
    """Every route `app` serves, routers included (newer FastAPI keeps included routers as one
    entry each and resolves their routes lazily; older versions copy them into `app.routes`)."""
    if iter_route_contexts is None:
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def _marks(dependant: Dependant) -> Iterator[Rule]:
    rule = getattr(dependant.call, MARK, None)
    if isinstance(rule, Rule):
        yield rule
    for sub in dependant.dependencies:
        yield from _marks(sub)


def rules_of(route: Any) -> list[Rule]:
    """Every rule declared on `route` (one entry of `routes_of`): one, when declared properly."""
    dependant = getattr(route, "dependant", None)
    if isinstance(dependant, Dependant):
        return list(_marks(dependant))
    rule = getattr(getattr(route, "original_route", route), MARK, None)
    return [rule] if isinstance(rule, Rule) else []


def describe(route: Any) -> str:
    methods = sorted(getattr(route, "methods", None) or {"*"})
    return f"{','.join(methods)} {getattr(route, 'path', route)}"


def undeclared(app: FastAPI) -> list[str]:
    """Every route of `app` that does not declare exactly one access rule, and why."""
    problems = []
    for route in routes_of(app):
        count = len(rules_of(route))
        if count != 1:
            problems.append(f"{describe(route)}: {count} access rules, not one")
    return problems
