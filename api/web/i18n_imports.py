"""The strings of the task force's import pages (upload, dry-run report, drafts), in
Simplified Chinese and English; api/web/i18n.py takes them in."""

from __future__ import annotations

IMPORTS: dict[str, tuple[str, str]] = {
    "imp_nav": ("导入", "Import"),
    "imp_title": ("导入任务分解表", "Import a task decomposition table"),
    "imp_intro": (
        "上传 .xlsx 或 .csv 格式的任务分解表（不超过 10 MB）。"
        "先检查，不保存；确认后再一次性保存为草稿。",
        "Upload a task decomposition table as .xlsx or .csv (at most 10 MB). It is checked first "
        "and nothing is stored; once you confirm, the drafts are stored all at once.",
    ),
    "imp_file": ("任务分解表文件", "Table file"),
    "imp_year": ("年度", "Year"),
    "imp_start_period": ("开始报送期（YYYY-MM）", "First reporting period (YYYY-MM)"),
    "imp_task_force": ("专班名称", "Task force"),
    "imp_check": ("上传并检查", "Upload and check"),
    "imp_no_file": ("请选择要上传的文件", "choose a file to upload"),
    "imp_bad_year": (
        "请填写 2000 至 2100 之间的年份（半角数字）",
        "a year 2000-2100 in ASCII digits",
    ),
    "imp_bad_period": ("请按 2026-03 的格式填写", "write it as 2026-03"),
    "imp_period_not_in_year": ("开始报送期须在所填年度内", "must fall in the year given"),
    "imp_report_title": ("检查结果：{name}", "Check report: {name}"),
    "imp_not_stored": (
        "仅为检查，尚未保存任何内容。",
        "This is a check only: nothing is stored yet.",
    ),
    "imp_counts": (
        "{campaigns} 个专项行动，{tasks} 项任务，{units} 个单位，{indicators} 个指标",
        "{campaigns} campaigns, {tasks} tasks, {units} units, {indicators} indicators",
    ),
    "imp_errors": ("错误（须修改文件后重新上传）", "Errors (fix the file and upload it again)"),
    "imp_warnings": ("提示", "Warnings"),
    "imp_cell": ("位置", "Cell"),
    "imp_sheet": ("工作表", "Sheet"),
    "imp_row": ("行", "Row"),
    "imp_column": ("列", "Column"),
    "imp_problem": ("问题", "Problem"),
    "imp_new_units": ("将新登记的单位", "Units to be registered"),
    "imp_new_groups": ("将新建的单位组", "Unit groups to be defined"),
    "imp_drafts_preview": ("将保存的草稿", "The drafts to store"),
    "imp_suggestions": ("从任务文字中识别的指标", "Indicators read from the task texts"),
    "imp_suggestions_note": (
        "以下任务在表中没有指标。请逐项采用、修改或不采用；只有采用的指标随草稿一起保存。",
        "These tasks have no indicator in the table. Accept, edit or drop each; only the "
        "accepted ones are stored with the drafts.",
    ),
    "imp_no_suggestions": ("没有需要确认的建议指标。", "No suggested indicator to confirm."),
    "imp_read_from": ("识别自：{text}", "read from: {text}"),
    "imp_use": ("处理", "Decision"),
    "imp_accept": ("采用（可修改）", "Accept (edited as shown)"),
    "imp_drop": ("不采用", "Drop"),
    "imp_shape": ("类型", "Shape"),
    "imp_name": ("指标名称", "Indicator name"),
    "imp_unit": ("单位（比率为 %）", "Unit (% for a rate)"),
    "imp_case_load": ("基数（件数，可空）", "Case load (may be empty)"),
    "imp_deadline": ("完成时限", "Deadline"),
    "imp_store": ("保存为草稿", "Store as drafts"),
    "imp_again": ("重新上传", "Upload another file"),
    "imp_over_100": ("比率不能超过 100", "a rate cannot exceed 100"),
    "imp_negative": ("不能为负数", "must not be negative"),
    "imp_not_positive": ("须大于 0", "must be more than 0"),
    "imp_bad_deadline": (
        "请按 2026-06-30 的格式填写计划年度起十年内的日期",
        "a date written 2026-06-30, in the plan year or the ten after it",
    ),
    "imp_drafts_title": ("草稿专项行动", "Draft campaigns"),
    "imp_no_drafts": ("目前没有草稿专项行动。", "No draft campaign now."),
    "imp_launch": ("启动", "Launch"),
    "imp_stored_done": (
        "已保存为草稿，请核对后启动。",
        "Stored as drafts; review and launch them.",
    ),
    "imp_launched_done": ("已启动。", "Launched."),
    "imp_lead": ("牵头单位", "Lead units"),
    "imp_supporting": ("配合单位", "Supporting units"),
    "imp_no_indicator": ("无指标", "no indicator"),
    "imp_due_by": ("{on}前", "by {on}"),
    "imp_case_of": ("（基数 {n}）", " (of {n})"),
    "imp_start": ("自{period}起报送", "reporting from {period}"),
}
