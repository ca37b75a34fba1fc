"""Unit groups (e.g. 各镇、街道): a task led by a group is led by each of its members."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.access import ADMIN_OR_COORDINATOR, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.schemas.common import REFUSALS, CommandOut
from api.schemas.units import GroupIn, MembersIn
from domain.commands import DefineUnitGroup, SetGroupMembers

router = APIRouter(prefix="/unit-groups", tags=["units"], responses=REFUSALS)


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[allow(ADMIN_OR_COORDINATOR)])
async def define_group(
    body: GroupIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Define a group of registered units."""
    command = DefineUnitGroup(body.name, tuple(body.members), actor=user.actor, now=now)
    outcome = await in_thread(svc.store.define_unit_group, command)
    return await finish(svc, response, outcome.position)


@router.put("/{name}/members", dependencies=[allow(ADMIN_OR_COORDINATOR)])
async def set_group_members(
    name: str,
    body: MembersIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Replace a group's member units."""
    command = SetGroupMembers(name, tuple(body.members), actor=user.actor, now=now)
    outcome = await in_thread(svc.store.set_group_members, command)
    return await finish(svc, response, outcome.position, changed=outcome.changed)
