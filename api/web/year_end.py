"""What the year-end pages show, from the same service code as the JSON API: the portfolio's
campaigns (and each lead unit's part of them) under two rubrics side by side, the reasons a rank
moves, and the links an evaluator may give as the evidence of a decision."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit
from uuid import UUID

from api.routes.scores import year_scores
from api.schemas.scores import CampaignScoreOut, ScoreOut
from api.services import Services
from api.web.i18n import STRINGS
from api.web.lead import parse_figure
from domain.campaign import Phase
from domain.rubric import PARTS
from infra import rubrics

MAX_LINKS = 20
# Where a decision's evidence may point: pages and read-only answers of this system.
EVIDENCE_PREFIXES = (
    "/tasks/",
    "/packs/",
    "/battle-map",
    "/campaigns/",
    "/reports/",
    "/changes",
    "/audit",
    "/dashboards",
    "/api/audit",
    "/api/changes",
    "/api/campaigns/",
    "/api/reports/",
    "/api/packs/",
    "/api/tasks/",
)
EVIDENCE_HEAD = "依据 / Evidence:"
_SAFE_LINK = re.compile(r"^/[A-Za-z0-9\-._~/?=&%:+,]*$")


@dataclass(frozen=True)
class Row:
    """One campaign (or one unit's part of it) under both rubrics."""

    campaign_id: UUID
    code: str
    name: str
    first: ScoreOut
    second: ScoreOut | None
    moves: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    unit: str | None = None

    @property
    def rank_differs(self) -> bool:
        return self.second is not None and self.second.rank != self.first.rank


@dataclass(frozen=True)
class Board:
    year: int
    rubric: str
    compare: str | None
    campaigns: list[Row]
    units: list[Row]


def gate_words(gate: str) -> dict[str, str] | None:
    """The rubric's gate (domain/rubric.py writes it in English) as its pieces: the indicators
    missed and the cap; None when the total was not capped."""
    found = re.fullmatch(r"binding indicators missed \((.*)\): at most (\S+)", gate)
    if not gate:
        return None
    if found is None:
        return {"missed": gate, "cap": ""}
    return {"missed": found[1], "cap": found[2]}


def rubric_choices() -> list[tuple[str, str]]:
    return [(name, rubrics.shipped(name).title) for name in rubrics.names()]


def read_year(text: str, default: int) -> tuple[int, str | None]:
    """(year, problem key): the year a person typed, or the default when empty."""
    text = text.strip()
    if not text:
        return default, None
    if not re.fullmatch(r"[0-9]{4}", text) or not 2000 <= int(text) <= 2100:
        return default, "bad_year"
    return int(text), None


def default_year(svc: Services, today: date) -> int:
    """The year under assessment if a campaign is at year end, else this year."""
    with svc.readmodel.read() as queries:
        assessing = [c.year for c in queries.campaigns() if c.phase is Phase.ASSESSING]
    return max(assessing) if assessing else today.year


def _row(found: CampaignScoreOut, unit: str | None = None) -> Row:
    moves = [
        (d.part, d.first.points, d.first.of, d.second.points, d.second.of)
        for d in found.differences
        if d.first.points != d.second.points
    ]
    order = {p: n for n, p in enumerate(PARTS)}
    moves.sort(key=lambda m: order.get(m[0], len(order)))
    return Row(found.campaign_id, found.code, found.name, found.score, found.compared, moves, unit)


def _rerank(rows: Sequence[Row]) -> list[Row]:
    """Each unit's part ranked among all the units' parts, under each rubric."""

    def ranks(pick: str) -> dict[int, int]:
        scored = [(i, getattr(r, pick)) for i, r in enumerate(rows) if getattr(r, pick)]
        ordered = sorted(scored, key=lambda x: (-x[1].total, x[0]))
        return {i: n for n, (i, _) in enumerate(ordered, start=1)}

    first, second = ranks("first"), ranks("second")
    out = []
    for i, r in enumerate(rows):
        two = r.second.model_copy(update={"rank": second[i]}) if r.second else None
        out.append(
            Row(
                r.campaign_id,
                r.code,
                r.name,
                r.first.model_copy(update={"rank": first[i]}),
                two,
                r.moves,
                r.unit,
            )  # fmt: skip
        )
    return sorted(out, key=lambda r: r.first.rank)


def board(svc: Services, year: int, rubric: str, compare: str | None) -> Board:
    """The campaigns of `year` under `rubric` (and `compare`), then each lead unit's part."""
    scored = year_scores(svc, year, rubric, compare, None)
    campaigns = [_row(c) for c in scored.campaigns]
    with svc.readmodel.read() as queries:
        ids = {c.campaign_id for c in campaigns}
        leads = sorted({u for c in ids for t in queries.tasks(c) for u in t.lead_units})
        led_by = {
            u: {t.campaign_id for t in queries.tasks_led_by(u) if t.campaign_id in ids}
            for u in leads
        }
    parts: list[Row] = []
    for unit in leads:
        for found in year_scores(svc, year, rubric, compare, unit).campaigns:
            if found.campaign_id in led_by[unit]:
                parts.append(_row(found, unit))
    return Board(year, rubric, compare, campaigns, _rerank(parts))


# -- the qualitative score and the decision's evidence ---------------------------------------
def read_score(text: str) -> tuple[Decimal | None, str | None]:
    """(score, problem): a score from 0 to 100 in ASCII digits, or why not."""
    value, problem = parse_figure(text)
    if problem:
        return None, problem
    if value is None:
        return None, "required"
    if not Decimal(0) <= value <= Decimal(100):
        return None, "out_of_range"
    return value, None


def evidence_link(text: str) -> str | None:
    """A pasted link as a path of this system (scheme and host dropped), or None if it is not
    one an evaluator may cite."""
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("", "http", "https"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith(EVIDENCE_PREFIXES) or not _SAFE_LINK.fullmatch(path):
        return None
    if ".." in path or "//" in path:
        return None
    return path


def read_links(chosen: Sequence[str], pasted: str) -> tuple[list[str], str | None]:
    """(links, problem): the evidence ticked and pasted, each once, in the order given."""
    links: list[str] = []
    for text in [*chosen, *pasted.splitlines()]:
        if not text.strip():
            continue
        link = evidence_link(text)
        if link is None:
            return [], both("bad_link", link=text.strip()[:80])
        if link not in links:
            links.append(link)
    if len(links) > MAX_LINKS:
        return [], both("too_many_links", n=MAX_LINKS)
    return links, None


def both(key: str, **values: object) -> str:
    """A message in both languages ("中文 / English"), as the domain writes its own."""
    zh, en = STRINGS[key]
    return f"{zh.format(**values)} / {en.format(**values)}"


def with_evidence(rationale: str, links: Sequence[str]) -> str:
    """The rationale as stored: the evaluator's words, then the evidence, one link a line."""
    if not links:
        return rationale
    return "\n".join([rationale.rstrip(), "", EVIDENCE_HEAD, *links])


def split_evidence(rationale: str) -> tuple[str, list[str]]:
    """The stored rationale back as (words, links); a line that is not a safe link stays text."""
    words, head, rest = rationale.partition(f"\n\n{EVIDENCE_HEAD}\n")
    if not head:
        return rationale, []
    links = [line for line in rest.splitlines() if evidence_link(line) == line]
    return words, links
