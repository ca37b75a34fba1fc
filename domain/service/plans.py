"""Defining campaigns and their tasks, alone or a whole imported plan at once; launching."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID

from domain.campaign import Campaign, Phase, campaign_id
from domain.commands import (
    AddTask,
    AmendTask,
    CampaignSpec,
    DefineCampaign,
    DefineCampaigns,
    LaunchCampaign,
    TaskSpec,
)
from domain.errors import Conflict, DomainError, InvalidInput
from domain.indicators import check_definition
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.task import Task
from domain.units import Kind, UnitRegistry
from domain.values import Actor, Indicator, Period, check_text


class PlanCommands(Store):
    # -- plan -----------------------------------------------------------------------------
    @retry_on_conflict
    def define_campaign(self, command: DefineCampaign) -> Outcome:
        """A draft campaign and its tasks; the outcome names the new campaign."""
        campaign, tasks = self._draft(command.spec, command.actor, business_day(command.now))
        return self._commit(campaign, *tasks, campaign_id=campaign.id)

    def _draft(self, spec: CampaignSpec, actor: Actor, on: date) -> tuple[Campaign, list[Task]]:
        """A campaign and its tasks, checked and built but not saved."""
        code = check_text("code", spec.code, required=True)
        if campaign_id(code) in self.repository:
            raise Conflict("code", f"a campaign with code '{code}' already exists")
        check_text("name", spec.name, required=True)
        start = spec.start_period
        if Period.parse(start, "start_period").year != spec.year:
            raise InvalidInput("start_period", f"must fall in the campaign year {spec.year}")
        if not spec.tasks:
            raise InvalidInput("tasks", "a campaign needs at least one task")
        numbers = [t.number.strip() for t in spec.tasks]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise InvalidInput("tasks", f"task number {duplicates[0]} appears twice")
        cid = campaign_id(code)
        tasks = [self._plan(cid, i, t, actor, on) for i, t in enumerate(spec.tasks)]
        campaign = Campaign(
            code=code,
            name=spec.name.strip(),
            task_force=spec.task_force.strip(),
            year=spec.year,
            start_period=start,
            policy=spec.policy,
            task_ids=tuple(t.id for t in tasks),
            actor=actor,
            on=on,
        )
        return campaign, tasks

    @retry_on_conflict
    def define_campaigns(self, command: DefineCampaigns) -> Outcome:
        """Define draft campaigns (not launched) and register the units and (empty) groups they
        name that the registry lacks: all checked first, then written in one `save`, so a
        refusal of any part stores nothing. The outcome names the campaigns, in order."""
        drafts = self.campaigns_to_define(command)
        ids = tuple(d.id for d in drafts if isinstance(d, Campaign))
        return self._commit(*drafts, campaign_ids=ids)

    def campaigns_to_define(self, command: DefineCampaigns) -> list[Campaign | Task | UnitRegistry]:
        """What `define_campaigns` would save, checked and built but not saved: a dry run.
        Lead and supporting units are written with their registered names (aliases resolved);
        a unit neither registered nor in `new_units`/`new_groups` is refused."""
        specs, new_units, new_groups = command.specs, command.new_units, command.new_groups
        actor, on = command.actor, business_day(command.now)
        if not specs:
            raise InvalidInput("campaigns", "there is no campaign to define")
        codes = [s.code.strip() for s in specs]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise InvalidInput("campaigns", f"campaign code '{duplicates[0]}' appears twice")
        registry = self.registry_for_change(actor, on)
        fresh = [u for u in new_units if registry.resolve(u).kind is Kind.UNKNOWN]
        for name in fresh:
            registry.register_unit(name, (), actor, on)
        groups = [g for g in new_groups if registry.resolve(g).kind is Kind.UNKNOWN]
        for name in groups:
            registry.define_group(name, (), actor, on)
        drafts: list[Campaign | Task | UnitRegistry] = [registry] if fresh or groups else []
        for n, spec in enumerate(specs):
            try:
                tasks = tuple(_registered(registry, k, t) for k, t in enumerate(spec.tasks))
                campaign, planned = self._draft(replace(spec, tasks=tasks), actor, on)
            except DomainError as error:
                raise type(error)(f"campaigns[{n}].{error.field}", error.message) from None
            drafts += [campaign, *planned]
        return drafts

    def _plan(self, cid: UUID, index: int, spec: TaskSpec, actor: Actor, on: date) -> Task:
        where = f"tasks[{index}]"
        check_text(f"{where}.number", spec.number, required=True)
        check_text(f"{where}.title", spec.title, required=True)
        lead = tuple(u.strip() for u in spec.lead_units if u.strip())
        if not lead:
            raise InvalidInput(f"{where}.lead_units", "a task needs at least one lead unit")
        _check_indicators(where, spec.indicators)
        return Task(
            campaign_id=cid,
            number=spec.number.strip(),
            title=spec.title.strip(),
            lead_units=lead,
            supporting_units=tuple(u.strip() for u in spec.supporting_units if u.strip()),
            indicators=tuple(spec.indicators),
            milestones=tuple(spec.milestones),
            actor=actor,
            on=on,
        )

    @retry_on_conflict
    def launch_campaign(self, command: LaunchCampaign) -> Outcome:
        """Launch; the outcome names the campaign and the year its calendar starts in."""
        campaign = self.campaign(command.campaign_id)
        campaign.launch(command.actor, business_day(command.now))
        return self._commit(campaign, campaign_id=campaign.id, year=campaign.year)

    @retry_on_conflict
    def amend_task(self, command: AmendTask) -> Outcome:
        """Amend the plan; the outcome names the task's campaign, whose workflow must hear."""
        task, spec, actor = self.task(command.task_id), command.spec, command.actor
        on = business_day(command.now)
        if spec.number != task.number:
            raise InvalidInput("number", "a task's number cannot change")
        planned = self._plan(task.campaign_id, 0, spec, actor, on)
        task.amend(
            planned.title,
            planned.lead_units,
            planned.supporting_units,
            planned.indicators,
            planned.milestones,
            check_text("reason", command.reason, required=True),
            actor,
            on,
        )
        return self._commit(task, campaign_id=task.campaign_id, task_id=task.id)

    @retry_on_conflict
    def add_task(self, command: AddTask) -> Outcome:
        """A new task in the campaign's plan; the outcome names it."""
        campaign = self.campaign(command.campaign_id)
        if campaign.phase is Phase.CONCLUDED:
            raise Conflict("campaign", "the campaign has concluded")
        on = business_day(command.now)
        task = self._plan(campaign.id, 0, command.spec, command.actor, on)
        campaign.add_task(task.id, command.actor, on)
        return self._commit(campaign, task, campaign_id=campaign.id, task_id=task.id)


def _registered(registry: UnitRegistry, index: int, task: TaskSpec) -> TaskSpec:
    """The task with its units as the registry names them; an unknown unit is refused."""

    def names(units: tuple[str, ...], key: str) -> tuple[str, ...]:
        found = []
        for unit in (u for u in units if u.strip()):
            resolved = registry.resolve(unit)
            if resolved.kind is Kind.UNKNOWN:
                msg = f"'{unit}' is not a registered unit or group, nor listed as new"
                raise InvalidInput(f"tasks[{index}].{key}", msg)
            found.append(resolved.name)
        return tuple(dict.fromkeys(found))

    return replace(
        task,
        lead_units=names(task.lead_units, "lead_units"),
        supporting_units=names(task.supporting_units, "supporting_units"),
    )


def _check_indicators(where: str, indicators: tuple[Indicator, ...]) -> None:
    codes = [i.code for i in indicators]
    for n, indicator in enumerate(indicators):
        at = f"{where}.indicators[{n}]"
        if not indicator.code or codes.count(indicator.code) > 1:
            raise InvalidInput(f"{at}.code", "must be present and unique within the task")
        check_text(f"{at}.name", indicator.name, required=True)
        if indicator.baseline < 0 or indicator.target < 0:
            raise InvalidInput(f"{at}.target", "baseline and target must not be negative")
        check_definition(indicator, at)
