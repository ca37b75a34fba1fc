"""The YAML plan format: the JSON campaign shape of `infra.planfile`, written as YAML (a JSON
file in that shape reads too). Fields a table cannot carry (milestones, a monthly plan, the
reporting policy) are written here.

    campaigns:
      - code: songjiang-zhongshan-1        # optional: <file name>-<n>
        name: 全面建设“五宜”中山
        task_force: 精细化专项行动专班        # optional: --task-force
        year: 2026                           # optional: --year
        start_period: 2026-01                # optional: --start-period
        policy: {due_day: 5, reminder_days: [3, 1], escalate_after_days: 10,
                 escalate_after_overdue: 2}  # optional; these are the defaults
        tasks:
          - number: "1"
            title: 深化“美丽家园”建设
            lead_units: [城建中心, 自治办]      # or one string: 城建中心、自治办
            supporting_units: [各镇、街道]      # optional
            indicators:                      # optional
              - code: i1
                name: 电动自行车充电设施覆盖率
                unit: "%"
                baseline: 40                 # optional, 0
                target: 100
                attribute: binding           # binding (约束性) | expected (预期性, default)
                deadline: 2026-12-31
                direction: up                # up (default) | down
                shape: rate                  # count (default) | rate | checklist |
                                             # recurring | reduce | milestones
                case_load: 619               # optional: the cases a rate is over
                method: 已建小区数 / 小区总数   # optional: 统计方法
                plan: [{period: 2026-06, value: 60}]  # optional monthly plan
            milestones: [{code: m1, name: 完成方案, due: 2026-03-31}]  # optional
"""

from __future__ import annotations

from typing import Any

import yaml

from domain.application import CampaignSpec
from domain.errors import InvalidInput
from infra.importer.drafts import Reading, code_stem
from infra.importer.problems import At
from infra.importer.unitcells import split_units
from infra.importer.vocab import ATTRIBUTES
from infra.importer.yamlscan import Loader, check_yaml
from infra.planfile import campaign_data, campaign_spec


def read_yaml(text: str, reading: Reading) -> list[CampaignSpec]:
    """Every campaign of the plan; problems point at the field (campaigns[0].tasks[2].…)."""
    out, sheet = reading.problems, reading.options.filename
    check_yaml(text, sheet)
    try:
        data = yaml.load(text, Loader=Loader)  # a safe loader; anchors were refused above
    except (ValueError, OverflowError):  # int() of 4,300 digits and more
        out.error("unreadable_yaml", "YAML 中有无法读取的数", "the YAML holds an unreadable number")
        return []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else ""
        line_en = f" at line {mark.line + 1}" if mark else ""
        out.error(
            "unreadable_yaml",
            f"YAML 格式错误{line}",
            f"the YAML cannot be read{line_en}",
            At(sheet),
        )
        return []
    campaigns = data.get("campaigns") if isinstance(data, dict) else None
    if not isinstance(campaigns, list) or not campaigns:
        out.error(
            "not_a_plan",
            "文件中没有 campaigns 列表",
            "the file has no list under 'campaigns'",
            At(sheet, field="campaigns"),
        )
        return []
    specs = []
    for n, item in enumerate(campaigns):
        spec = _campaign(item, n, reading)
        if spec is not None:
            specs.append(spec)
    return specs


def _campaign(item: Any, n: int, reading: Reading) -> CampaignSpec | None:
    where, options = f"campaigns[{n}]", reading.options
    at = At(options.filename, field=where)
    if not isinstance(item, dict):
        reading.problems.error(
            "not_a_plan", "应为一个专项行动", "must be a campaign (a mapping)", at
        )
        return None
    data = {
        "code": f"{code_stem(options.filename)}-{n + 1}",
        "task_force": options.task_force,
        "year": options.year,
        "start_period": options.start_period,
        **item,
    }
    try:
        data["tasks"] = [_task(t, reading) for t in data.get("tasks") or ()]
        spec = campaign_spec(data)
        return spec if _check_tasks(spec, where, reading) else None
    except InvalidInput as error:
        path, zh, en = f"{where}.{error.field}", error.message, error.message
    except KeyError as error:
        path, zh, en = where, f"缺少字段 {error}", f"the field {error} is missing"
    except (TypeError, ValueError, AttributeError) as error:
        path, zh, en = where, f"无法读取（{error}）", f"cannot be read ({error})"
    reading.problems.error("bad_field", zh, en, At(options.filename, field=path))
    return None


def _check_tasks(spec: CampaignSpec, where: str, reading: Reading) -> bool:
    """What a table reader checks per cell: a lead unit for each task, numbers unique."""
    seen: set[str] = set()
    ok = True
    for k, task in enumerate(spec.tasks):
        at = At(reading.options.filename, field=f"{where}.tasks[{k}]")
        if not task.lead_units:
            ok = False
            reading.problems.error(
                "no_lead_unit",
                f"任务 {task.number} 没有牵头单位",
                f"task {task.number} has no lead unit",
                At(at.sheet, field=f"{at.field}.lead_units"),
            )
        if task.number in seen:
            ok = False
            reading.problems.error(
                "duplicate_number",
                f"序号 {task.number} 在专项行动「{spec.name}」中重复",
                f"task number {task.number} appears twice in campaign '{spec.name}'",
                At(at.sheet, field=f"{at.field}.number"),
            )
        seen.add(task.number)
    return ok


def _task(data: Any, reading: Reading) -> dict[str, Any]:
    """The task with its units split, normalized and resolved through the registry."""
    task = dict(data)
    for key in ("lead_units", "supporting_units"):
        value = task.get(key) or []
        texts = [value] if isinstance(value, str) else [str(v) for v in value]
        names = [n for text in texts for n in split_units(text, reading.units.registry)]
        task[key] = list(dict.fromkeys(reading.units.name(n) for n in names))
    task["indicators"] = [_indicator(i) for i in task.get("indicators") or ()]
    return task


def _indicator(data: Any) -> dict[str, Any]:
    indicator = dict(data)
    word = str(indicator.get("attribute", ""))
    if word in ATTRIBUTES:
        indicator["attribute"] = ATTRIBUTES[word].value
    return indicator


def dump_yaml(specs: list[CampaignSpec]) -> str:
    """The plan as YAML in this format; `read_yaml` reads it back to equal specs."""
    data = {"campaigns": [campaign_data(s) for s in specs]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
