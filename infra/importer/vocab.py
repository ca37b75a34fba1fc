"""The words plans use for an indicator's attribute (属性) and shape (类型), Chinese or English."""

from __future__ import annotations

from domain.values import Attribute, Shape
from infra.importer.numerals import fold

ATTRIBUTES = {
    "约束性": Attribute.BINDING,
    "约束": Attribute.BINDING,
    "binding": Attribute.BINDING,
    "预期性": Attribute.EXPECTED,
    "预期": Attribute.EXPECTED,
    "expected": Attribute.EXPECTED,
}
SHAPES = {
    Shape.COUNT: ("数量", "数量型", "总量", "count"),
    Shape.RATE: ("比率", "比例", "比率型", "率", "百分比", "rate"),
    Shape.CHECKLIST: ("销项", "销项管理", "清单", "清单销项", "checklist"),
    Shape.RECURRING: ("次数", "频次", "频次型", "recurring"),
    Shape.REDUCE: ("削减", "削减型", "下降", "压降", "reduce"),
    Shape.MILESTONES: ("里程碑", "节点", "定性", "时间节点", "milestones", "milestone"),
}
_SHAPE_WORDS = {word: shape for shape, words in SHAPES.items() for word in words}


def attribute(text: str) -> Attribute | None:
    """约束性/预期性 (or binding/expected); None for anything else."""
    return ATTRIBUTES.get(fold(text).lower().replace(" ", ""))


def shape(text: str) -> Shape | None:
    """数量/比率/销项/次数/削减/里程碑 or the English shape name; None for anything else."""
    return _SHAPE_WORDS.get(fold(text).lower().replace(" ", ""))
