"""The import pages' forms: the upload's options (year, start period, task force), and each
suggested indicator accepted as read, edited or dropped, checked field by field before the
one save. Field names: `ind-N-use`, `ind-N-name`, ... with N the suggestion's place in the
dry-run report (the same file and options give the same list)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from api.web.forms import note_problem
from api.web.lead import parse_figure
from domain.values import Attribute, Indicator, Shape

SHAPES = (Shape.COUNT, Shape.RATE, Shape.RECURRING, Shape.CHECKLIST)
PERCENT = (Shape.RATE, Shape.CHECKLIST)
USES = ("accept", "drop")
_PERIOD = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
SHORT = 200
UNIT = 20


@dataclass
class OptionsForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    year: int = 0
    start_period: str = ""
    task_force: str = ""


def read_options(values: dict[str, str]) -> OptionsForm:
    """Year 2000-2100 in ASCII digits; the start period YYYY-MM in that year; a task force."""
    form = OptionsForm(values)
    year_text = values.get("year", "").strip()
    if not _YEAR.fullmatch(year_text) or not 2000 <= int(year_text) <= 2100:
        form.errors["year"] = "imp_bad_year"
    else:
        form.year = int(year_text)
    period = values.get("start_period", "").strip()
    found = _PERIOD.fullmatch(period)
    if not found or not 1 <= int(found.group(2)) <= 12:
        form.errors["start_period"] = "imp_bad_period"
    elif form.year and int(found.group(1)) != form.year:
        form.errors["start_period"] = "imp_period_not_in_year"
    form.start_period = period
    task_force = values.get("task_force", "")
    if problem := note_problem(task_force, required=True, multiline=False, limit=SHORT):
        form.errors["task_force"] = problem
    form.task_force = task_force.strip()
    return form


@dataclass
class ChoicesForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    chosen: dict[tuple[str, str], tuple[Indicator, ...]] = field(default_factory=dict)
    general: str = ""


def suggested(suggestions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every suggested indicator, flat, each with its task's campaign and number."""
    return [
        {**indicator, "campaign": s["campaign"], "task": s["task"]}
        for s in suggestions
        for indicator in s["indicators"]
    ]


def initial_values(items: list[dict[str, Any]]) -> dict[str, str]:
    """The form as the dry run suggests it: every indicator accepted as read."""
    values: dict[str, str] = {}
    for n, item in enumerate(items):
        values |= {
            f"ind-{n}-use": "accept",
            f"ind-{n}-shape": item["shape"],
            f"ind-{n}-name": item["name"],
            f"ind-{n}-target": str(item["target"]),
            f"ind-{n}-unit": item["unit"],
            f"ind-{n}-case_load": str(item.get("case_load") or ""),
            f"ind-{n}-deadline": item["deadline"],
        }
    return values


def read_choices(items: list[dict[str, Any]], values: dict[str, str], year: int) -> ChoicesForm:
    """The indicators kept, by task; every field of a kept one checked (a dropped one is not)."""
    form = ChoicesForm(values)
    kept: dict[tuple[str, str], list[Indicator]] = {}
    for n, item in enumerate(items):
        use = values.get(f"ind-{n}-use", "")
        if use not in USES:
            form.errors[f"ind-{n}-use"] = "required"
            continue
        if use == "drop":
            continue
        indicator = _indicator(form, n, item["code"], year)
        if indicator is not None:
            kept.setdefault((item["campaign"], item["task"]), []).append(indicator)
    if not form.errors:
        form.chosen = {key: tuple(found) for key, found in kept.items()}
    return form


def _indicator(form: ChoicesForm, n: int, code: str, year: int) -> Indicator | None:
    def name(part: str) -> str:
        return f"ind-{n}-{part}"

    values, errors = form.values, form.errors
    shape_text = values.get(name("shape"), "")
    shape = next((s for s in SHAPES if s.value == shape_text), None)
    if shape is None:
        errors[name("shape")] = "required"
    title = values.get(name("name"), "")
    if problem := note_problem(title, required=True, multiline=False, limit=SHORT):
        errors[name("name")] = problem
    target = _figure(form, name("target"), required=True)
    if target is not None and shape in PERCENT and target > 100:
        errors[name("target")] = "imp_over_100"
    unit = values.get(name("unit"), "")
    if problem := note_problem(unit, required=shape not in PERCENT, multiline=False, limit=UNIT):
        errors[name("unit")] = problem
    case_load = _figure(form, name("case_load"), required=shape is Shape.CHECKLIST)
    if case_load is not None and case_load == 0:
        errors[name("case_load")] = "imp_not_positive"
    deadline = _deadline(values.get(name("deadline"), ""), year)
    if deadline is None:
        errors[name("deadline")] = "imp_bad_deadline"
    if any(key.startswith(f"ind-{n}-") for key in errors):
        return None
    assert shape is not None and target is not None and deadline is not None
    return Indicator(
        code=code,
        name=title.strip(),
        unit="%" if shape in PERCENT else unit.strip(),
        baseline=Decimal(0),
        target=target,
        attribute=Attribute.EXPECTED,
        deadline=deadline,
        shape=shape,
        case_load=case_load,
    )


def _figure(form: ChoicesForm, key: str, required: bool) -> Decimal | None:
    """A figure in ASCII digits, finite, in range, not negative; None when empty (or wrong)."""
    value, problem = parse_figure(form.values.get(key, ""))
    if value is None and problem is None:
        if required:
            form.errors[key] = "required"
        return None
    if problem is None and value is not None and value < 0:
        problem = "imp_negative"
    if problem is not None:
        form.errors[key] = problem
        return None
    return value


def _deadline(text: str, year: int) -> date | None:
    """A date YYYY-MM-DD within the plan year or the ten after it."""
    text = text.strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if year <= day.year <= year + 10 else None
