"""The units registry: units with their aliases, groups with their member units."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import Short


class UnitIn(BaseModel):
    name: Short = Field(examples=["区城管执法局"])
    aliases: list[Short] = Field([], examples=[["城管执法局", "区城管局"]])


class AliasesIn(BaseModel):
    aliases: list[Short] = Field(description="the unit's aliases, replacing those it had")


class GroupIn(BaseModel):
    name: Short = Field(examples=["各镇、街道"])
    members: list[Short] = Field([], description="registered units (by name or alias)")


class MembersIn(BaseModel):
    members: list[Short] = Field(description="the group's member units, replacing those it had")


class UnitOut(BaseModel):
    name: str
    aliases: list[str]


class GroupOut(BaseModel):
    name: str
    members: list[str]


class RegistryOut(BaseModel):
    """Names are stored normalized: full-width forms folded, spaces removed."""

    units: list[UnitOut]
    groups: list[GroupOut]
