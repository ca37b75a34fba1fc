"""What an import found: the draft campaigns, the counts, the units and groups the registry does
not know yet, and every problem; as JSON for the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.application import CampaignSpec
from infra.importer.drafts import Options
from infra.importer.problems import Problem
from infra.importer.suggestions import suggestions
from infra.planfile import indicator_data


@dataclass(frozen=True)
class Counts:
    campaigns: int
    tasks: int
    units: int  # distinct units named (lead and supporting), groups not counted
    indicators: int


@dataclass(frozen=True)
class ImportReport:
    source: str
    format: str  # xlsx, csv (gb18030), yaml, ...
    options: Options
    campaigns: tuple[CampaignSpec, ...]
    counts: Counts
    new_units: tuple[str, ...]  # not in the registry: registered when the drafts are stored
    new_groups: tuple[str, ...]  # groups (各镇、街道) not in the registry: defined, empty
    groups_to_fill: tuple[str, ...]  # groups named that have no members yet
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    stored: bool = False
    campaign_ids: tuple[UUID, ...] = ()
    position: int | None = None  # notification id of the last event stored

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "ok": self.ok,
            "stored": self.stored,
            "year": self.options.year,
            "start_period": self.options.start_period,
            "task_force": self.options.task_force,
            "counts": vars(self.counts),
            "campaigns": [_campaign(c) for c in self.campaigns],
            "new_units": list(self.new_units),
            "new_groups": list(self.new_groups),
            "groups_to_fill": list(self.groups_to_fill),
            "errors": [problem_dict(p) for p in self.errors],
            "warnings": [problem_dict(p) for p in self.warnings],
            "campaign_ids": [str(i) for i in self.campaign_ids],
            "position": self.position,
            # Read from the text of tasks the table gives no indicator; only before storing.
            "suggestions": [] if self.stored else suggestions(self.campaigns, self.options.year),
        }


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "kind": problem.kind,
        "cell": problem.cell,
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "field": problem.field or None,
        "zh": problem.zh,
        "en": problem.en,
    }


def _campaign(spec: CampaignSpec) -> dict[str, Any]:
    return {
        "code": spec.code,
        "name": spec.name,
        "tasks": [
            {
                "number": t.number,
                "title": t.title,
                "lead_units": list(t.lead_units),
                "supporting_units": list(t.supporting_units),
                "indicators": [indicator_data(i) for i in t.indicators],
            }
            for t in spec.tasks
        ],
    }
