"""The dry-run report lists indicators read from the text of tasks a table gives none; a task
with indicator columns, or with nothing to read, gets none, and nothing suggested is stored."""

from __future__ import annotations

from infra.importer.reader import read_plan
from tests.unit.plan_tables import options, registry

TABLE = (
    "专项行动,序号,目标任务,牵头单位,配合单位\n"
    "停车资源优化,1,新增180个共享停车位，6月底前完成,区交通委,区城管执法局\n"
    "停车资源优化,2,619件信访投诉化解率达到90%以上,区信访办,\n"
    "停车资源优化,3,深化“美丽家园”建设,城建中心,\n"
    "停车资源优化,4,每月开展一次联合检查，整改率达到１００％,区城管执法局,\n"
)


def test_the_dry_run_report_suggests_indicators_read_from_the_task_text() -> None:
    report = read_plan(TABLE.encode(), options("plan.csv"), registry()).to_dict()
    assert report["ok"], report["errors"]
    assert report["counts"]["indicators"] == 0  # the suggestions are not part of the plan
    found = {s["task"]: s for s in report["suggestions"]}
    assert sorted(found) == ["1", "2", "4"]
    (spaces,) = found["1"]["indicators"]
    assert (spaces["shape"], spaces["name"], spaces["unit"], spaces["target"]) == (
        "count", "共享停车位", "个", 180,
    )  # fmt: skip
    assert spaces["deadline"] == "2026-06-30" and found["1"]["deadline"] == "2026-06-30"
    assert spaces["attribute"] == "expected" and spaces["source"] == "180个"
    (petitions,) = found["2"]["indicators"]
    assert (petitions["shape"], petitions["target"], petitions["case_load"]) == ("rate", 90, 619)
    assert petitions["at_least"] is True and petitions["deadline"] == "2026-12-31"
    shapes = [(i["shape"], i["target"]) for i in found["4"]["indicators"]]
    assert shapes == [("recurring", 12), ("rate", 100)]
    assert all(s["campaign"] == report["campaigns"][0]["code"] for s in found.values())


def test_a_task_with_indicator_columns_gets_no_suggestion() -> None:
    table = (
        "序号,目标任务,牵头单位,指标名称,单位,目标值\n"
        "1,新增180个共享停车位,区交通委,新增共享停车位,个,180\n"
    )
    report = read_plan(table.encode(), options("plan.csv"), registry()).to_dict()
    assert report["ok"], report["errors"]
    assert report["counts"]["indicators"] == 1 and report["suggestions"] == []
