"""A YAML plan checked event by event before anything is built from it: no anchors and no
aliases (a plan never needs them, and they are how a 433-byte file becomes a gigabyte), a
bounded number of nodes and depth, and no scalar longer than a spreadsheet cell may be. The
events stream from libyaml when it is there, so a bomb is refused at its first anchor."""

from __future__ import annotations

from typing import Any

import yaml

from infra.importer.limits import MAX_CELL_CHARS, MAX_YAML_DEPTH, MAX_YAML_NODES, Refused
from infra.importer.problems import At

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, *_OPEN)


def check_yaml(text: str, source: str) -> None:
    """Refuse (`Refused`, at the line) a document over a limit; YAML errors are left to the
    loader, which says them with their line."""
    nodes = depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            nodes += isinstance(event, _NODES)
            depth += isinstance(event, _OPEN) - isinstance(event, _CLOSE)
            problem = _problem(event, nodes, depth)
            if problem is not None:
                raise _refused(*problem, event, source)
    except yaml.YAMLError:
        return


def _problem(event: yaml.Event, nodes: int, depth: int) -> tuple[str, str, str] | None:
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return (
            "yaml_alias",
            "使用了锚点或别名（& 与 *）；计划文件中不允许，请写出完整内容",
            "uses an anchor or an alias (& and *), which plans may not; write it out",
        )
    if nodes > MAX_YAML_NODES:
        return (
            "too_many_cells",
            f"节点超过 {MAX_YAML_NODES} 个",
            f"holds more than {MAX_YAML_NODES} values",
        )
    if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_CELL_CHARS:
        return (
            "cell_too_long",
            f"有值超过 {MAX_CELL_CHARS} 个字符",
            f"has a value of more than {MAX_CELL_CHARS} characters",
        )
    if depth > MAX_YAML_DEPTH:
        deep = f"nests deeper than {MAX_YAML_DEPTH} levels"
        return "too_deep", f"嵌套超过 {MAX_YAML_DEPTH} 层", deep
    return None


def _refused(kind: str, zh: str, en: str, event: yaml.Event, source: str) -> Refused:
    mark = event.start_mark
    line = mark.line + 1 if mark is not None else None
    return Refused(
        kind,
        f"YAML 第 {line} 行{zh}" if line else f"YAML {zh}",
        f"the YAML {en}" + (f" (line {line})" if line else ""),
        At(source, line),
    )
