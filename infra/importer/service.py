"""An import against the store: read the file, check what only the store knows (codes already
used), then store every draft campaign, unit and group at once, or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.application import Xiuhua
from domain.campaign import campaign_id
from domain.commands import DefineCampaigns
from domain.errors import DomainError
from domain.values import Actor
from infra.importer.accepted import Chosen, with_indicators
from infra.importer.drafts import Options
from infra.importer.problems import At, Level, Problem
from infra.importer.reader import read_plan
from infra.importer.report import ImportReport


def run_import(
    app: Xiuhua,
    data: bytes,
    options: Options,
    actor: Actor,
    now: datetime,
    dry_run: bool,
    size: int | None = None,
    chosen: Chosen | None = None,
) -> ImportReport:
    """The report; unless `dry_run` or it holds an error, the drafts are stored (not launched).
    `size`: the file's full size when `data` is only its first bytes. `chosen`: indicators the
    coordinator accepted for tasks the table gives none, stored with the drafts."""
    report = read_plan(data, options, app.unit_registry(), size)
    if report.ok and chosen:
        report = with_indicators(report, chosen)
    if report.ok:
        report = _refuse_taken_codes(app, report)
    if not report.ok:
        return report
    command = DefineCampaigns(
        tuple(report.campaigns),
        tuple(report.new_units),
        tuple(report.new_groups),
        actor=actor,
        now=now,
    )
    try:
        if dry_run:
            app.campaigns_to_define(command)
            return report
        outcome = app.define_campaigns(command)
    except DomainError as error:
        return _refused(report, error)
    return replace(
        report, stored=True, campaign_ids=outcome.campaign_ids, position=outcome.position
    )


def _refuse_taken_codes(app: Xiuhua, report: ImportReport) -> ImportReport:
    taken = [s for s in report.campaigns if campaign_id(s.code) in app.repository]
    problems = tuple(
        _problem(
            "code_exists",
            f"专项行动编号 {s.code}（「{s.name}」）已存在：此文件可能已导入过",
            f"a campaign with code {s.code} ('{s.name}') already exists: "
            "this file may have been imported before",
            At(report.source, field=f"campaigns[{report.campaigns.index(s)}].code"),
        )
        for s in taken
    )
    return replace(report, errors=report.errors + problems)


def _refused(report: ImportReport, error: DomainError) -> ImportReport:
    """A refusal by the domain's own checks, said in the report's terms."""
    problem = _problem(
        "refused",
        f"未能保存：{error.field}：{error.message}",
        f"not stored: {error.field}: {error.message}",
        At(report.source, field=error.field),
    )
    return replace(report, errors=(*report.errors, problem))


def _problem(kind: str, zh: str, en: str, at: At) -> Problem:
    return Problem(Level.ERROR, kind, zh, en, at.sheet, at.row, None, at.field)
