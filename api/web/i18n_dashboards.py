"""The strings of the dashboards page (看板) and the printable status summary, in Simplified
Chinese and English; api/web/i18n.py takes them in."""

from __future__ import annotations

DASHBOARDS: dict[str, tuple[str, str]] = {
    "dashboards": ("看板", "Dashboards"),
    "dashboards_on": ("截至{on}", "as of {on}"),
    "dash_choose": ("选择专项行动与任务", "Choose a campaign and a task"),
    "dash_indicator": ("指标", "Indicator"),
    "dash_show": ("显示", "Show"),
    "dash_burnup": ("指标进度（计划、实际与预测）", "Indicator burn-up (plan, actual, forecast)"),
    "dash_timeliness": ("按时报送率（晾晒）", "On-time reporting by lead unit (league table)"),
    "dash_delays": ("逾期情况（单位 × 月份）", "Delays by unit and month"),
    "dash_milestones": ("时间节点", "Milestone timeline"),
    "dash_download": (
        "下载为单个HTML文件（可离线打开）",
        "Download as one HTML file (opens offline)",
    ),
    "dash_data": ("图中数据", "The figure's data"),
    "dash_no_campaign": ("还没有可查看的专项行动。", "There is no campaign to show yet."),
    "dash_no_task": ("该专项行动中没有可查看的任务。", "This campaign has no task you may see."),
    "dash_no_indicator": (
        "该任务没有指标，因此没有进度图。",
        "The task has no indicator, so it has no burn-up.",
    ),
    "dash_no_rows": ("没有数据。", "No data."),
    "dash_bad_id": ("不是有效的编号", "not a valid id"),
    "dash_no_such_campaign": ("没有这个专项行动", "no such campaign"),
    "dash_no_such_task": ("没有这个任务", "no such task"),
    "dash_no_such_indicator": ("该任务没有这个指标", "the task has no such indicator"),
    "dash_not_your_task": (
        "{unit}不是任务{number}的牵头单位",
        "{unit} is not a lead unit of task {number}",
    ),
    "dash_burnup_link": ("进度图", "Burn-up"),
    "dash_print_hint": (
        "打印本页：使用浏览器的“打印”，可另存为PDF。",
        "To print this page, use the browser's Print; it can save a PDF.",
    ),
    "series.plan": ("计划进度", "plan"),
    "series.actual": ("实际完成", "actual"),
    "series.forecast": ("预测", "forecast"),
    "series.target": ("目标值", "target"),
    "milestone.done_on_time": ("按期完成", "done on time"),
    "milestone.done_late": ("逾期完成", "done late"),
    "milestone.overdue": ("逾期未完成", "overdue, not done"),
    "milestone.to_come": ("未到期", "not due yet"),
    "col.planned_on": ("计划日期", "planned date"),
    "col.done_on": ("完成日期", "date done"),
}
