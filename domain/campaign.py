"""The special campaign (专项行动) aggregate: its definition, launch and its years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.audit import FROM_EVENT, Audited, audited
from domain.errors import Conflict, InvalidInput
from domain.snapshots import StateSnapshot
from domain.values import Actor, Decision, Period, ReportingPolicy


def campaign_id(code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"/campaigns/{code}")


class Phase(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    ASSESSING = "assessing"
    CONCLUDED = "concluded"


@dataclass(frozen=True)
class Assessment:
    year: int
    score: Decimal
    rating: str
    decision: Decision
    rationale: str


class Campaign(Aggregate):
    """Every event carries `actor` (who) and `on` (the business date it is about)."""

    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    Snapshot = StateSnapshot

    @staticmethod
    def create_id(code: str, **_: Any) -> UUID:
        return campaign_id(code)

    @event("Defined")
    def __init__(
        self,
        code: str,
        name: str,
        task_force: str,
        year: int,
        start_period: str,
        policy: ReportingPolicy,
        task_ids: tuple[UUID, ...],
        actor: Actor,
        on: date,
    ) -> None:
        self.code = code
        self.name = name
        self.task_force = task_force
        self.start_period = start_period
        self.policy = policy
        self.task_ids = list(task_ids)
        self.year = year
        self.phase = Phase.DRAFT
        self.launched_on: date | None = None
        self.year_opened_on: dict[int, date] = {}
        self.assessments: dict[int, Assessment] = {}

    def periods(self) -> list[Period]:
        """Every reporting period from the start to the end of the current year; while the year
        is being assessed, the next year's too, so units go on reporting until the decision."""
        last = self.year + 1 if self.phase is Phase.ASSESSING else self.year
        return Period.parse(self.start_period).range_to(Period(last, 12))

    def year_periods(self, year: int) -> list[Period]:
        return [p for p in self.periods() if p.year == year]

    def check_period(self, period: str, today: date) -> Period:
        parsed = Period.parse(period)
        periods = self.periods()
        if parsed not in periods:
            raise InvalidInput(
                "period", f"{period} is outside the campaign ({self.start_period} to {periods[-1]})"
            )
        if parsed.first_day() > today:
            raise InvalidInput("period", f"{period} has not begun yet")
        return parsed

    def could_report_by(self, period: str, due_on: date) -> bool:
        """Whether units could have reported `period` by `due_on`: not if its year was launched
        or continued only after that date, so no report is ever overdue before it was asked for."""
        opened = self.year_opened_on.get(int(period[:4]))
        return opened is not None and opened <= due_on

    @event("TaskAdded")
    def _add_task(self, task_id: UUID) -> None:
        self.task_ids.append(task_id)

    @audited
    def add_task(self, task_id: UUID, actor: Actor, on: date) -> None:
        if task_id in self.task_ids:
            raise Conflict("number", "the campaign already has a task with this number")
        self._add_task(task_id)

    @event("Launched")
    def _launch(self, on: date = FROM_EVENT) -> None:
        self.phase = Phase.RUNNING
        self.launched_on = on
        self.year_opened_on[self.year] = on

    @audited
    def launch(self, actor: Actor, on: date) -> None:
        if self.phase is not Phase.DRAFT:
            raise Conflict("campaign", f"the campaign is already {self.phase.value}")
        if not self.task_ids:
            raise InvalidInput("tasks", "a campaign needs at least one task to launch")
        self._launch()

    @event("AssessmentOpened")
    def _open_assessment(self, year: int) -> None:
        self.phase = Phase.ASSESSING

    @audited
    def open_assessment(self, year: int, actor: Actor, on: date) -> bool:
        if self.phase is not Phase.RUNNING or year != self.year:
            return False
        self._open_assessment(year)
        return True

    @event("YearAssessed")
    def _assess(
        self,
        year: int,
        score: Decimal,
        rating: str,
        decision: Decision,
        rationale: str,
    ) -> None:
        self.assessments[year] = Assessment(year, score, rating, Decision(decision), rationale)

    @audited
    def assess(
        self,
        year: int,
        score: Decimal,
        rating: str,
        decision: Decision,
        rationale: str,
        actor: Actor,
        on: date,
    ) -> None:
        if self.phase is not Phase.ASSESSING or year != self.year:
            raise Conflict("year", f"no assessment is open for {year} (campaign is {self.phase})")
        if year in self.assessments:
            raise Conflict("year", f"{year} was already assessed")
        if not Decimal(0) <= score <= Decimal(100):
            raise InvalidInput("score", "must be between 0 and 100")
        if not rating:
            raise InvalidInput("rating", "must not be empty")
        if not rationale:
            raise InvalidInput("rationale", "the decision must give its reasons")
        self._assess(year, score, rating, decision, rationale)

    @event("QualitativeScored")
    def _qualify(self, year: int, score: Decimal, reason: str) -> None:
        """The evaluator's own score is a rubric's input, not the campaign's state."""

    @audited
    def qualify(self, year: int, score: Decimal, reason: str, actor: Actor, on: date) -> None:
        """The evaluator's qualitative score of a year (0-100), with its written reason; a later
        one for the same year stands in for it."""
        if self.phase is Phase.DRAFT or year not in self.year_opened_on:
            raise Conflict("year", f"the campaign did not run in {year}")
        if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
            raise InvalidInput("score", "must be between 0 and 100")
        if not reason:
            raise InvalidInput("reason", "a qualitative score must give its reason")
        self._qualify(year, score, reason)

    @event("Continued")
    def _continue(self, from_year: int, into_year: int, on: date = FROM_EVENT) -> None:
        self.year = into_year
        self.phase = Phase.RUNNING
        self.year_opened_on[into_year] = on

    @event("Concluded")
    def _conclude(self, year: int, reason: str) -> None:
        self.phase = Phase.CONCLUDED

    @audited
    def apply_decision(self, year: int, actor: Actor, on: date) -> Decision | None:
        """Carry out the evaluator's decision for `year`; None if it was already carried out."""
        assessment = self.assessments.get(year)
        if assessment is None:
            raise Conflict("year", f"{year} has not been assessed")
        if self.phase is not Phase.ASSESSING or self.year != year:
            return None
        if assessment.decision is Decision.CONTINUE:
            self._continue(year, year + 1)
        else:
            self._conclude(year, assessment.rationale)
        return assessment.decision
