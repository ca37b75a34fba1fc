"""Units: the registry of units, their aliases and groups; a unit's inbox."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.access import ADMIN_OR_COORDINATOR, INBOX_OWNER, SIGNED_IN, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep, json_answer
from api.presenters import reads
from api.schemas.common import REFUSALS, CommandOut
from api.schemas.monitoring import InboxOut
from api.schemas.units import AliasesIn, GroupOut, RegistryOut, UnitIn, UnitOut
from domain.commands import RegisterUnit, SetUnitAliases

router = APIRouter(prefix="/units", tags=["units"], responses=REFUSALS)


@router.get("", dependencies=[allow(SIGNED_IN)])
def list_units(svc: ServicesDep) -> RegistryOut:
    """Every registered unit with its aliases, and every unit group with its members."""
    with svc.readmodel.read() as queries:
        units, groups = queries.units(), queries.unit_groups()
    return RegistryOut(
        units=[UnitOut(name=u.name, aliases=list(u.aliases)) for u in units],
        groups=[GroupOut(name=g.name, members=list(g.members)) for g in groups],
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


@router.get("/{unit}/inbox", response_model=InboxOut, dependencies=[allow(INBOX_OWNER)])
def unit_inbox(unit: str, svc: ServicesDep) -> Response:
    """Due and overdue reports, reminders and open supervisions of the tasks the unit leads:
    under its own name, an alias of it, or a group it is a member of."""
    return json_answer(reads.unit_inbox(svc, unit))
