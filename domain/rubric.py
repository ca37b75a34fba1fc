"""Scoring a campaign's (or a unit's) year by a rubric (评分细则): pure, from the year's facts.

A rubric weighs five parts that add up to 100: indicator attainment, timeliness of reports,
supervision episodes (fewer is better), meeting follow-ups closed, and the evaluator's own
qualitative score with its reason. Binding (约束性) indicators are a gate: a year that misses
one scores at most the rubric's gate, whatever the rest. The same facts scored under two
rubrics give two answers whose every difference is named part by part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.errors import InvalidInput

PARTS = ("attainment", "timeliness", "supervision", "follow_ups", "qualitative")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rubric:
    name: str
    title: str
    weights: Mapping[str, Decimal]  # each part's points; they add up to 100
    binding_gate: Decimal  # the most a year scores that misses a binding indicator
    supervision_penalty: Decimal  # share of the supervision part lost per episode
    ratings: tuple[tuple[Decimal, str], ...]  # (from this score, this rating), highest first

    def __post_init__(self) -> None:
        if set(self.weights) != set(PARTS):
            raise InvalidInput("weights", f"give each of {', '.join(PARTS)}, and only those")
        for part, weight in self.weights.items():
            if not weight.is_finite() or weight < 0:
                raise InvalidInput(f"weights.{part}", "must be a number of points, 0 or more")
        if sum(self.weights.values()) != HUNDRED:
            raise InvalidInput("weights", f"add up to {sum(self.weights.values())}, not 100")
        if not self.binding_gate.is_finite() or not 0 <= self.binding_gate <= HUNDRED:
            raise InvalidInput("binding_gate", "must lie between 0 and 100")
        if not self.supervision_penalty.is_finite() or not 0 <= self.supervision_penalty <= 1:
            raise InvalidInput("supervision_penalty", "must be a share between 0 and 1")
        floors = [floor for floor, _ in self.ratings]
        if not floors or floors != sorted(floors, reverse=True) or floors[-1] != 0:
            raise InvalidInput("ratings", "from the highest score down to a last one from 0")

    def rating(self, total: Decimal) -> str:
        return next(label for floor, label in self.ratings if total >= floor)


@dataclass(frozen=True)
class Attained:
    """One indicator at year end."""

    task: str
    code: str
    binding: bool
    progress: Decimal | None  # share of the way to the target (None: nothing reported)
    reached: bool


@dataclass(frozen=True)
class YearFacts:
    """What a year of a campaign (or of a unit's tasks) holds, as the rubric reads it."""

    indicators: Sequence[Attained] = ()
    reports_due: int = 0
    reports_on_time: int = 0
    supervisions: int = 0
    follow_ups_due: int = 0
    follow_ups_closed: int = 0  # closed by their due date
    qualitative: Decimal | None = None  # 0-100, the evaluator's own score
    qualitative_reason: str = ""


@dataclass(frozen=True)
class Part:
    name: str
    points: Decimal
    of: Decimal
    reason: str


@dataclass(frozen=True)
class Score:
    rubric: str
    total: Decimal
    rating: str
    parts: tuple[Part, ...]
    gate: str = ""  # why the total was capped, if it was

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)


def _share(done: int, due: int) -> Decimal:
    return Decimal(1) if due == 0 else Decimal(done) / Decimal(due)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def score(facts: YearFacts, rubric: Rubric) -> Score:
    w = rubric.weights
    progress = [
        min(max(i.progress or Decimal(0), Decimal(0)), Decimal(1)) for i in facts.indicators
    ]
    attained = sum(progress, Decimal(0)) / len(progress) if progress else Decimal(1)
    reached = sum(1 for i in facts.indicators if i.reached)
    late = facts.reports_due - facts.reports_on_time
    kept = max(Decimal(0), 1 - rubric.supervision_penalty * facts.supervisions)
    qualitative = (facts.qualitative or Decimal(0)) / HUNDRED
    parts = (
        Part("attainment", _round(w["attainment"] * attained), w["attainment"],
             f"{reached}/{len(progress)}项指标达标，平均进度{_round(attained * HUNDRED)}% / "
             f"{reached}/{len(progress)} indicators reached; mean progress "
             f"{_round(attained * HUNDRED)}%" if progress else
             "无量化指标：此项给满分，完成情况由评估组的定性评分衡量 / no quantified indicator: "
             "the part is given in full, the evaluator's own score weighs what was done"),
        Part("timeliness", _round(w["timeliness"] * _share(facts.reports_on_time,
             facts.reports_due)), w["timeliness"],
             f"按时报送{facts.reports_on_time}/{facts.reports_due}份，逾期或未报{late}份 / "
             f"{facts.reports_on_time}/{facts.reports_due} reports on time, {late} late or "
             "missing"),
        Part("supervision", _round(w["supervision"] * kept), w["supervision"],
             f"督导{facts.supervisions}次，每次扣此项的{rubric.supervision_penalty:%} / "
             f"{facts.supervisions} supervision episodes, {rubric.supervision_penalty:%} of "
             "the part each"),
        Part("follow_ups", _round(w["follow_ups"] * _share(facts.follow_ups_closed,
             facts.follow_ups_due)), w["follow_ups"],
             f"会议督办事项按期办结{facts.follow_ups_closed}/{facts.follow_ups_due}项 / "
             f"{facts.follow_ups_closed}/{facts.follow_ups_due} meeting follow-ups closed by "
             "their due date"),
        Part("qualitative", _round(w["qualitative"] * qualitative), w["qualitative"],
             f"评估组定性评分{facts.qualitative}/100：{facts.qualitative_reason} / "
             f"evaluator: {facts.qualitative}/100, {facts.qualitative_reason}"
             if facts.qualitative is not None else
             "尚未给出定性评分 / no qualitative score recorded yet"),
    )  # fmt: skip
    total = sum((p.points for p in parts), Decimal(0))
    missed = [f"{i.task}/{i.code}" for i in facts.indicators if i.binding and not i.reached]
    gate = ""
    if missed and total > rubric.binding_gate:
        total = rubric.binding_gate
        gate = f"binding indicators missed ({', '.join(missed)}): at most {rubric.binding_gate}"
    return Score(rubric.name, _round(total), rubric.rating(total), parts, gate)


@dataclass(frozen=True)
class Difference:
    part: str
    first: Part
    second: Part


@dataclass(frozen=True)
class Comparison:
    first: Score
    second: Score
    differences: tuple[Difference, ...] = field(default=())


def compare(facts: YearFacts, first: Rubric, second: Rubric) -> Comparison:
    """The same year under two rubrics, and every part that scores differently."""
    a, b = score(facts, first), score(facts, second)
    differences = tuple(
        Difference(name, a.part(name), b.part(name))
        for name in PARTS
        if a.part(name).points != b.part(name).points or a.part(name).reason != b.part(name).reason
    )
    return Comparison(a, b, differences)
