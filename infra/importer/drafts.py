"""Campaigns and tasks as they are read, before they become domain specs: each remembers the
cell it came from, so later checks can point at it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from domain.application import CampaignSpec, TaskSpec
from domain.values import Indicator, Milestone
from infra.importer.grid import Cell
from infra.importer.problems import At, Problems
from infra.importer.unitcells import Units


@dataclass(frozen=True)
class Options:
    """What a table does not say: the campaign year, its first reporting period, the task force;
    and the file's name, from which campaign codes are made."""

    year: int
    start_period: str
    task_force: str = ""
    filename: str = "plan"


@dataclass
class DraftTask:
    number: str
    title: str
    lead_units: list[str]
    supporting_units: list[str]
    at: At  # the task's row
    origins: dict[str, Cell | None] = field(default_factory=dict)  # merged number/title cells
    indicators: list[Indicator] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    def spec(self) -> TaskSpec:
        return TaskSpec(
            number=self.number,
            title=self.title,
            lead_units=tuple(self.lead_units),
            supporting_units=tuple(self.supporting_units),
            indicators=tuple(self.indicators),
            milestones=tuple(self.milestones),
        )


@dataclass
class DraftCampaign:
    number: int | None  # as written (一, （二）); None when the table numbers none
    name: str
    at: At  # where it was first named
    tasks: list[DraftTask] = field(default_factory=list)
    code: str = ""

    def task_numbered(self, number: str) -> DraftTask | None:
        return next((t for t in self.tasks if t.number == number), None)

    def spec(self, options: Options) -> CampaignSpec:
        return CampaignSpec(
            code=self.code,
            name=self.name,
            task_force=options.task_force,
            year=options.year,
            start_period=options.start_period,
            tasks=tuple(t.spec() for t in self.tasks),
        )


@dataclass
class Reading:
    """Everything gathered while a file is read."""

    options: Options
    units: Units
    problems: Problems = field(default_factory=Problems)
    campaigns: list[DraftCampaign] = field(default_factory=list)

    def campaign(self, number: int | None, name: str, at: At) -> DraftCampaign:
        """The campaign of that name, named for the first time here if it is new."""
        for campaign in self.campaigns:
            if campaign.name == name:
                return campaign
        campaign = DraftCampaign(number, name, at)
        self.campaigns.append(campaign)
        return campaign


def code_stem(filename: str) -> str:
    """The part of a campaign code taken from the file name: 松江 任务表.xlsx -> 松江-任务表."""
    stem = unicodedata.normalize("NFKC", PurePath(filename).stem)
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.")
    return stem[:40].strip("-.") or "import"
