"""Indicators suggested for the tasks a table gives none (domain/suggest.py reads the task
text), listed in the dry-run report for the coordinator to accept, edit or drop. Suggestions
are never stored by themselves: an accepted one goes in as an indicator of the plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.application import CampaignSpec
from domain.suggest import suggest
from infra.planfile import indicator_data


def suggestions(campaigns: Sequence[CampaignSpec], year: int) -> list[dict[str, Any]]:
    """One entry per task without indicators whose text states a target or a deadline."""
    found = []
    for campaign in campaigns:
        for task in campaign.tasks:
            if task.indicators:
                continue
            read = suggest(task.title, year)
            if not read.indicators and read.deadline is None:
                continue
            indicators = [
                {**indicator_data(s.indicator(f"s{n}", year)), "at_least": s.at_least,
                 "source": s.source}
                for n, s in enumerate(read.indicators, 1)
            ]  # fmt: skip
            found.append(
                {
                    "campaign": campaign.code,
                    "task": task.number,
                    "indicators": indicators,
                    "deadline": read.deadline.isoformat() if read.deadline else None,
                }
            )
    return found
