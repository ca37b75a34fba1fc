"""The report form's draft (草稿) and its evidence files as the page keeps them.

A page draft holds every field exactly as typed (a half-typed figure included), the milestones
ticked and the files attached so far; it also writes the figures that parse where the JSON API's
draft keeps them, so either side reads the other's draft. Only size bounds are checked: a draft
may be half filled, and the report is checked when it is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from starlette.datastructures import UploadFile

from api.schemas.campaigns import IndicatorOut
from api.web.forms import too_long
from api.web.lead import field_name, parse_figure
from domain.calendar import SHANGHAI
from domain.values import MAX_EVIDENCE, MAX_TEXT, Evidence, text_problem
from domain.views import PeriodRow
from infra.work.drafts import Draft, draft_evidence, starting_files
from infra.work.evidence import IMAGES, MAX_BYTES, EvidenceStore, Refused

TEXTS = ("progress", "problems", "next_steps")
MAX_FIGURE_TEXT = 200
MAX_NAME = 200
FILE_FIELD = "evidence_file"
# The form's own fields besides the files: one big file and every text field at their bounds.
UPLOAD_LIMIT = MAX_BYTES + 1024 * 1024


@dataclass(frozen=True)
class Attached:
    """A file attached to the period's report (in the draft, or in a submitted version)."""

    hash: str
    name: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGES

    @classmethod
    def of(cls, item: Evidence) -> Attached:
        return cls(item.hash, item.name, item.content_type, item.size)

    def as_evidence(self) -> Evidence:
        return Evidence(self.hash, self.name, self.content_type, self.size)


def figure_names(indicators: list[IndicatorOut]) -> list[str]:
    return [field_name(i) for i in indicators if i.shape != "milestones"]


def bounds(values: dict[str, str], indicators: list[IndicatorOut]) -> dict[str, str]:
    """The only checks a draft passes: no field longer than it may ever be."""
    errors = {}
    for name in TEXTS:
        if len(values.get(name, "")) > MAX_TEXT:
            errors[name] = too_long(MAX_TEXT)
    for name in figure_names(indicators):
        if len(values.get(name, "")) > MAX_FIGURE_TEXT:
            errors[name] = too_long(MAX_FIGURE_TEXT)
    return errors


def draft_body(
    values: dict[str, str],
    indicators: list[IndicatorOut],
    ticked: list[str],
    attached: list[Attached],
) -> dict[str, Any]:
    fields = {n: values[n] for n in figure_names(indicators) if values.get(n, "").strip()}
    numbers: dict[str, dict[str, float]] = {"actuals": {}, "resolved": {}}
    for name, text in fields.items():
        value, problem = parse_figure(text)
        if value is not None and problem is None:
            kind, _, code = name.partition(".")
            numbers[kind][code] = float(value)
    return {
        **numbers,
        **{name: values.get(name, "") for name in TEXTS},
        "fields": fields,
        "milestones": ticked,
        "evidence": [a.__dict__ for a in attached],
    }


def with_attached(draft: Draft | None, attached: list[Attached]) -> dict[str, Any]:
    """The draft as it was, its files replaced: a refused form keeps the files it brought."""
    body = dict(draft.body) if draft else {}
    body["evidence"] = [a.__dict__ for a in attached]
    return body


def draft_values(body: dict[str, Any]) -> dict[str, str]:
    """The form's fields from a draft, whether the page or the JSON API saved it."""
    values = {name: str(body.get(name) or "") for name in TEXTS}
    for kind in ("actuals", "resolved"):
        for code, number in (body.get(kind) or {}).items():
            values[f"{kind}.{code}"] = f"{Decimal(str(number)).normalize():f}"
    values.update({k: str(v) for k, v in (body.get("fields") or {}).items()})
    return values


def draft_ticked(body: dict[str, Any]) -> list[str]:
    return [str(code) for code in body.get("milestones") or []]


def draft_attached(body: dict[str, Any]) -> list[Attached]:
    return [Attached.of(e) for e in draft_evidence(body) or ()]


def form_files(draft: Draft | None, row: PeriodRow | None) -> list[Attached]:
    """The files the form shows attached: the draft's, or after a return the returned
    version's (infra/work/drafts.py says which)."""
    return [Attached.of(e) for e in starting_files(draft, row)]


def file_name(raw: str | None) -> str:
    """The name the browser sent, as the report may carry it: no path, no control character,
    at most 200 characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if text_problem(ch, False) is None).strip()
    return name[:MAX_NAME] or "file"


@dataclass(frozen=True)
class FileRefusal:
    name: str
    message: str  # bilingual, as the store refuses


async def read_uploads(
    store: EvidenceStore, uploads: list[UploadFile], unit: str, run: Any
) -> tuple[list[Attached], list[FileRefusal]]:
    """Keep each file chosen (by its bytes' type and size) as sent by `unit`; say why each
    refused one is."""
    kept, refused = [], []
    for upload in uploads:
        if not upload.filename and not upload.size:
            continue  # the browser's "no file chosen"
        name = file_name(upload.filename)
        data = await upload.read(MAX_BYTES + 1)
        try:
            if len(data) > MAX_BYTES:  # not read further: the store would refuse the whole
                raise Refused("文件超过 10 MB / the file is larger than 10 MB")
            stored = await run(store.put, data, unit)
        except Refused as why:
            refused.append(FileRefusal(name, str(why)))
            continue
        kept.append(Attached(stored.hash, name, stored.content_type, stored.size))
    return kept, refused


def merged(
    attached: list[Attached], new: list[Attached], dropped: set[str]
) -> tuple[list[Attached], bool]:
    """The files after this request: those kept, less the dropped, plus the new ones (a file
    attached twice is there once); True when some had to be left out past the limit."""
    result: list[Attached] = []
    for item in [*attached, *new]:
        if item.hash in dropped or any(r.hash == item.hash for r in result):
            continue
        result.append(item)
    return result[:MAX_EVIDENCE], len(result) > MAX_EVIDENCE


def saved_when(draft: Draft | None) -> tuple[date, str] | None:
    """The day and the hour a draft was saved, in Shanghai."""
    if draft is None:
        return None
    local = draft.saved_at.astimezone(SHANGHAI)
    return local.date(), local.strftime("%H:%M")
