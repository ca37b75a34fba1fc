"""Units: the registry of units, their aliases and groups; a unit's inbox."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.access import ADMIN_OR_COORDINATOR, INBOX_OWNER, SIGNED_IN, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ReadDep, ServicesDep
from api.presenters.monitoring import inbox
from api.schemas.common import REFUSALS, CommandOut
from api.schemas.monitoring import InboxOut
from api.schemas.units import AliasesIn, GroupOut, RegistryOut, UnitIn, UnitOut
from domain.commands import RegisterUnit, SetUnitAliases

router = APIRouter(prefix="/units", tags=["units"], responses=REFUSALS)


@router.get("", dependencies=[allow(SIGNED_IN)])
def list_units(queries: ReadDep) -> RegistryOut:
    """Every registered unit with its aliases, and every unit group with its members."""
    return RegistryOut(
        units=[UnitOut(name=u.name, aliases=list(u.aliases)) for u in queries.units()],
        groups=[GroupOut(name=g.name, members=list(g.members)) for g in queries.unit_groups()],
    )


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[allow(ADMIN_OR_COORDINATOR)])
async def register_unit(
    body: UnitIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Register a unit with its aliases (简称、曾用名)."""
    command = RegisterUnit(body.name, tuple(body.aliases), actor=user.actor, now=now)
    outcome = await in_thread(svc.store.register_unit, command)
    return await finish(svc, response, outcome.position)


@router.put("/{name}/aliases", dependencies=[allow(ADMIN_OR_COORDINATOR)])
async def set_unit_aliases(
    name: str,
    body: AliasesIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Replace a registered unit's aliases."""
    command = SetUnitAliases(name, tuple(body.aliases), actor=user.actor, now=now)
    outcome = await in_thread(svc.store.set_unit_aliases, command)
    return await finish(svc, response, outcome.position, changed=outcome.changed)


@router.get("/{unit}/inbox", dependencies=[allow(INBOX_OWNER)])
def unit_inbox(unit: str, queries: ReadDep) -> InboxOut:
    """Due and overdue reports, reminders and open supervisions of the tasks the unit leads:
    under its own name, an alias of it, or a group it is a member of."""
    answers_to = queries.unit_names().names_for(unit)
    tasks = queries.tasks_led_by(answers_to)
    task_ids = {t.id for t in tasks}
    return inbox(
        unit,
        {c.id: c for c in queries.campaigns()},
        tasks,
        queries.periods_led_by(answers_to),
        queries.reminders_led_by(answers_to),
        [s for s in queries.open_supervisions() if s.task_id in task_ids],
    )
