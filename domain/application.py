"""The Xiuhua application: every command and query on campaigns, tasks and reports.

Commands take `now` from their caller (the API's clock or `workflow.now()`), never the wall
clock. A command that loses an optimistic-concurrency race is decided again on fresh state a
few times, then refused as a Conflict, so no write is silently dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import get_topic

from domain import transcodings
from domain.calendar import SHANGHAI, WorkCalendar
from domain.campaign import Campaign, Phase, campaign_id
from domain.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.holidays import HOLIDAY_BOOK_ID, HolidayBook
from domain.indicators import check_definition
from domain.task import Task, task_id
from domain.units import UNIT_REGISTRY_ID, Kind, UnitRegistry
from domain.values import (
    SYSTEM,
    Actor,
    Decision,
    Indicator,
    Milestone,
    Period,
    ReportingPolicy,
    check_text,
)

P = ParamSpec("P")
R = TypeVar("R")
RETRIES = 5


def business_day(now: datetime) -> date:
    """The date in Shanghai at instant `now`: the business date of what happens then."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(SHANGHAI).date()


def retry_on_conflict(command: Callable[P, R]) -> Callable[P, R]:
    """Decide again on fresh state when another writer got there first."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for _ in range(RETRIES):
            try:
                return command(*args, **kwargs)
            except IntegrityError:
                continue
        raise Conflict("version", "the record kept changing under this command; try again")

    return wrapper


@dataclass(frozen=True)
class TaskSpec:
    number: str
    title: str
    lead_units: tuple[str, ...]
    supporting_units: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class CampaignSpec:
    code: str
    name: str
    task_force: str
    year: int
    start_period: str
    tasks: tuple[TaskSpec, ...]
    policy: ReportingPolicy = field(default_factory=ReportingPolicy)


@dataclass(frozen=True)
class Outcome:
    """What a command wrote: whether it changed anything, and the last notification id."""

    changed: bool
    position: int | None = None


class Xiuhua(Application[UUID]):
    name = "xiuhua"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    # -- helpers --------------------------------------------------------------------------
    def _commit(self, *aggregates: Any) -> Outcome:
        recordings = self.save(*aggregates)
        if not recordings:
            return Outcome(False)
        return Outcome(True, max(r.notification.id for r in recordings))

    def campaign(self, cid: UUID) -> Campaign:
        try:
            return self.repository.get(cid)
        except AggregateNotFoundError:
            raise NotFound("campaign_id", f"no campaign {cid}") from None

    def task(self, tid: UUID) -> Task:
        try:
            return self.repository.get(tid)
        except AggregateNotFoundError:
            raise NotFound("task_id", f"no task {tid}") from None

    def tasks(self, cid: UUID) -> list[Task]:
        return [self.task(t) for t in self.campaign(cid).task_ids]

    def launched_campaigns(self) -> list[UUID]:
        """Ids of every campaign ever launched, from the notification log (no read model needed)."""
        topic = get_topic(Campaign.Launched)
        ids: list[UUID] = []
        start = 1
        while True:
            page = self.recorder.select_notifications(start, 500, topics=[topic])
            ids.extend(n.originator_id for n in page)
            if len(page) < 500:
                return ids
            start = page[-1].id + 1

    def work_calendar(self, base: WorkCalendar) -> WorkCalendar:
        """`base` (the package's official years) with every administrator-loaded year on top."""
        try:
            book: HolidayBook = self.repository.get(HOLIDAY_BOOK_ID)
        except AggregateNotFoundError:
            return base
        for arrangement in book.years.values():
            base = base.with_year(arrangement)
        return base

    # -- plan -----------------------------------------------------------------------------
    @retry_on_conflict
    def define_campaign(self, spec: CampaignSpec, actor: Actor, now: datetime) -> UUID:
        campaign, tasks = self._draft(spec, actor, business_day(now))
        self._commit(campaign, *tasks)
        return campaign.id

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
    def define_campaigns(
        self,
        specs: Sequence[CampaignSpec],
        new_units: Sequence[str],
        new_groups: Sequence[str],
        actor: Actor,
        now: datetime,
    ) -> list[UUID]:
        """Define draft campaigns (not launched) and register the units and (empty) groups they
        name that the registry lacks: all checked first, then written in one `save`, so a
        refusal of any part stores nothing."""
        drafts = self.draft_campaigns(specs, new_units, new_groups, actor, now)
        self.save(*drafts)
        return [d.id for d in drafts if isinstance(d, Campaign)]

    def draft_campaigns(
        self,
        specs: Sequence[CampaignSpec],
        new_units: Sequence[str],
        new_groups: Sequence[str],
        actor: Actor,
        now: datetime,
    ) -> list[Campaign | Task | UnitRegistry]:
        """What `define_campaigns` would save, checked and built but not saved: a dry run.
        Lead and supporting units are written with their registered names (aliases resolved);
        a unit neither registered nor in `new_units`/`new_groups` is refused."""
        on = business_day(now)
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
    def launch(self, cid: UUID, actor: Actor, now: datetime) -> Outcome:
        campaign = self.campaign(cid)
        campaign.launch(actor, business_day(now))
        return self._commit(campaign)

    @retry_on_conflict
    def amend_task(
        self, tid: UUID, spec: TaskSpec, reason: str, actor: Actor, now: datetime
    ) -> Outcome:
        task = self.task(tid)
        if spec.number != task.number:
            raise InvalidInput("number", "a task's number cannot change")
        planned = self._plan(task.campaign_id, 0, spec, actor, business_day(now))
        task.amend(
            planned.title,
            planned.lead_units,
            planned.supporting_units,
            planned.indicators,
            planned.milestones,
            check_text("reason", reason, required=True),
            actor,
            business_day(now),
        )
        return self._commit(task)

    @retry_on_conflict
    def add_task(self, cid: UUID, spec: TaskSpec, actor: Actor, now: datetime) -> UUID:
        campaign = self.campaign(cid)
        if campaign.phase is Phase.CONCLUDED:
            raise Conflict("campaign", "the campaign has concluded")
        task = self._plan(cid, 0, spec, actor, business_day(now))
        campaign.add_task(task.id, actor, business_day(now))
        self._commit(campaign, task)
        return task.id

    # -- reports --------------------------------------------------------------------------
    @retry_on_conflict
    def submit_report(
        self,
        tid: UUID,
        period: str,
        actuals: dict[str, Decimal],
        progress: str,
        problems: str,
        next_steps: str,
        actor: Actor,
        now: datetime,
    ) -> Outcome:
        task = self.task(tid)
        campaign = self.campaign(task.campaign_id)
        on = business_day(now)
        if campaign.phase is Phase.DRAFT:
            raise Conflict("campaign", "the campaign has not been launched")
        campaign.check_period(period, on)
        task.submit_report(
            period,
            actuals,
            check_text("progress", progress, required=True),
            check_text("problems", problems),
            check_text("next_steps", next_steps),
            actor,
            on,
        )
        return self._commit(task)

    @retry_on_conflict
    def return_report(
        self, tid: UUID, period: str, reason: str, actor: Actor, now: datetime
    ) -> Outcome:
        task = self.task(tid)
        task.return_report(
            period, check_text("reason", reason, required=True), actor, business_day(now)
        )
        return self._commit(task)

    @retry_on_conflict
    def accept_report(self, tid: UUID, period: str, actor: Actor, now: datetime) -> Outcome:
        task = self.task(tid)
        task.accept_report(period, actor, business_day(now))
        return self._commit(task)

    @retry_on_conflict
    def complete_milestone(
        self, tid: UUID, code: str, note: str, actor: Actor, now: datetime
    ) -> Outcome:
        task = self.task(tid)
        task.complete_milestone(code, check_text("note", note), actor, business_day(now))
        return self._commit(task)

    @retry_on_conflict
    def close_supervision(self, tid: UUID, reason: str, actor: Actor, now: datetime) -> Outcome:
        task = self.task(tid)
        task.close_supervision(
            check_text("reason", reason, required=True), actor, business_day(now)
        )
        return self._commit(task)

    # -- calendar facts (written by workflow activities; each is idempotent) -------------
    @retry_on_conflict
    def open_period(self, tid: UUID, period: str, due_on: date, basis: str, now: datetime) -> bool:
        task = self.task(tid)
        if not task.open_period(period, due_on, basis, SYSTEM, business_day(now)):
            return False
        return self._commit(task).changed

    @retry_on_conflict
    def remind(self, tid: UUID, period: str, due_on: date, now: datetime) -> bool:
        task = self.task(tid)
        if not task.remind(period, due_on, SYSTEM, business_day(now)):
            return False
        return self._commit(task).changed

    @retry_on_conflict
    def mark_overdue(self, tid: UUID, period: str, due_on: date, now: datetime) -> bool:
        """Mark the period overdue if no report stands; escalate a repeated delay."""
        task = self.task(tid)
        campaign = self.campaign(task.campaign_id)
        on = business_day(now)
        if not campaign.could_report_by(period, due_on):
            return False
        if not task.mark_overdue(period, due_on, SYSTEM, on):
            return False
        policy = campaign.policy
        year = int(period[:4])
        count = task.overdue_count(year)
        if count >= policy.escalate_after_overdue:
            task.open_supervision_for(
                f"{period}:repeated",
                tuple(task.missing_overdue()),
                f"{count} overdue reports in {year} (第{count}次逾期)",
                SYSTEM,
                on,
            )
        return self._commit(task).changed

    @retry_on_conflict
    def escalate_if_missing(self, tid: UUID, period: str, days: int, now: datetime) -> bool:
        """Open supervision when a report is still missing `days` after it fell due."""
        task = self.task(tid)
        if task.record(period).overdue_on is None or not task.is_awaiting(period):
            return False
        opened = task.open_supervision_for(
            f"{period}:late",
            tuple(task.missing_overdue()),
            f"report for {period} still missing {days} days after its due date",
            SYSTEM,
            business_day(now),
        )
        return opened and self._commit(task).changed

    @retry_on_conflict
    def close_supervision_if_resolved(self, tid: UUID, now: datetime) -> bool:
        """Close the open supervision once no overdue report is missing any more."""
        task = self.task(tid)
        if task.open_supervision is None or task.missing_overdue():
            return False
        task.close_supervision(
            "every overdue report has come in (逾期报告已全部补报)", SYSTEM, business_day(now)
        )
        return self._commit(task).changed

    # -- year end -------------------------------------------------------------------------
    @retry_on_conflict
    def open_assessment(self, cid: UUID, year: int, now: datetime) -> bool:
        campaign = self.campaign(cid)
        if not campaign.open_assessment(year, SYSTEM, business_day(now)):
            return False
        return self._commit(campaign).changed

    @retry_on_conflict
    def record_assessment(
        self,
        cid: UUID,
        year: int,
        score: Decimal,
        rating: str,
        decision: Decision,
        rationale: str,
        actor: Actor,
        now: datetime,
    ) -> Outcome:
        campaign = self.campaign(cid)
        campaign.assess(
            year,
            score,
            check_text("rating", rating, required=True),
            decision,
            check_text("rationale", rationale, required=True),
            actor,
            business_day(now),
        )
        return self._commit(campaign)

    def assessment_decision(self, cid: UUID, year: int) -> Decision | None:
        assessment = self.campaign(cid).assessments.get(year)
        return assessment.decision if assessment else None

    @retry_on_conflict
    def apply_decision(self, cid: UUID, year: int, now: datetime) -> Decision:
        """Continue into year+1 or conclude, once; returns the decision either way."""
        campaign = self.campaign(cid)
        if campaign.apply_decision(year, SYSTEM, business_day(now)) is not None:
            self._commit(campaign)
        return campaign.assessments[year].decision

    # -- units ----------------------------------------------------------------------------
    def unit_registry(self) -> UnitRegistry:
        """The registry, to read; an empty one (never saved) before anything is registered."""
        try:
            return self.repository.get(UNIT_REGISTRY_ID)
        except AggregateNotFoundError:
            return UnitRegistry(actor=SYSTEM, on=date.min)

    def registry_for_change(self, actor: Actor, on: date) -> UnitRegistry:
        """The registry to change and save; opened by `actor` on `on` if there is none yet."""
        try:
            return self.repository.get(UNIT_REGISTRY_ID)
        except AggregateNotFoundError:
            return UnitRegistry(actor=actor, on=on)

    def _change_registry(
        self, actor: Actor, now: datetime, change: Callable[[UnitRegistry, date], None]
    ) -> Outcome:
        on = business_day(now)
        registry = self.registry_for_change(actor, on)
        change(registry, on)
        return self._commit(registry)

    @retry_on_conflict
    def register_unit(
        self, name: str, aliases: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.register_unit(name, aliases, actor, on)
        )

    @retry_on_conflict
    def set_unit_aliases(
        self, name: str, aliases: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.set_aliases(name, aliases, actor, on)
        )

    @retry_on_conflict
    def define_unit_group(
        self, name: str, members: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.define_group(name, members, actor, on)
        )

    @retry_on_conflict
    def set_group_members(
        self, name: str, members: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.set_members(name, members, actor, on)
        )

    # -- holidays -------------------------------------------------------------------------
    @retry_on_conflict
    def load_holidays(
        self,
        year: int,
        holidays: tuple[date, ...],
        workdays: tuple[date, ...],
        source: str,
        actor: Actor,
        now: datetime,
    ) -> Outcome:
        on = business_day(now)
        try:
            book: HolidayBook = self.repository.get(HOLIDAY_BOOK_ID)
        except AggregateNotFoundError:
            book = HolidayBook(actor=actor, on=on)
        book.load_year(year, holidays, workdays, check_text("source", source), actor, on)
        return self._commit(book)


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


__all__ = ["CampaignSpec", "Outcome", "TaskSpec", "Xiuhua", "business_day", "task_id"]
