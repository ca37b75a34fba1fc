"""Rubrics (评分细则) as YAML files: the two shipped here (`names()`), or one an evaluator
writes. Read at the same border as a YAML plan: no anchors or aliases, bounded size, figures
that are finite; a rubric that does not add up is refused by field (domain/rubric.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from domain.errors import InvalidInput, NotFound
from domain.rubric import PARTS, Rubric
from infra.importer.limits import Refused
from infra.importer.yamlscan import Loader, check_yaml

SHIPPED = Path(__file__).parent
MAX_BYTES = 64 * 1024


def names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def shipped(name: str) -> Rubric:
    if name not in names():
        raise NotFound("rubric", f"no rubric {name!r}; shipped: {', '.join(names())}")
    return parse((SHIPPED / f"{name}.yaml").read_text(encoding="utf-8"), name)


def _number(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(field, "must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(field, "must be a number") from None
    if not number.is_finite():
        raise InvalidInput(field, "must be a finite number")
    return number


def parse(text: str, name: str) -> Rubric:
    if len(text.encode()) > MAX_BYTES:
        raise InvalidInput("rubric", f"at most {MAX_BYTES // 1024} KB")
    try:
        check_yaml(text, name)
        data = yaml.load(text, Loader=Loader)
    except Refused as refused:
        raise InvalidInput("rubric", f"{refused}") from None
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        raise InvalidInput("rubric", f"not readable YAML: {str(error)[:200]}") from None
    if not isinstance(data, dict):
        raise InvalidInput("rubric", "a rubric is a mapping of its fields")
    weights = data.get("weights")
    if not isinstance(weights, dict):
        raise InvalidInput("weights", f"a mapping of {', '.join(PARTS)} to points")
    ratings = data.get("ratings")
    if not isinstance(ratings, list) or not all(isinstance(r, dict) for r in ratings):
        raise InvalidInput("ratings", "a list of {from: score, rating: name}")
    return Rubric(
        name=name,
        title=str(data.get("title") or name),
        weights={str(k): _number(v, f"weights.{k}") for k, v in weights.items()},
        binding_gate=_number(data.get("binding_gate", 59), "binding_gate"),
        supervision_penalty=_number(data.get("supervision_penalty", 0.25), "supervision_penalty"),
        ratings=tuple(
            (_number(r.get("from"), f"ratings.{n}.from"), str(r.get("rating") or ""))
            for n, r in enumerate(ratings)
        ),
    )
