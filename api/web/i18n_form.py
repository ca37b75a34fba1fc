"""The strings of the report form's drafts and evidence files, in Simplified Chinese and
English; api/web/i18n.py takes them in."""

from __future__ import annotations

FORM: dict[str, tuple[str, str]] = {
    "save_draft": ("保存草稿", "Save draft"),
    "discard_draft": ("放弃草稿", "Discard the draft"),
    "draft_saved_at": ("草稿已保存于{on} {at}（{by}）。", "Draft saved on {on} at {at} ({by})."),
    "draft_from": (
        "以下内容来自本单位保存的草稿，尚未报送；仅本单位可见。",
        "The form below is your unit's saved draft, not yet submitted; only your unit sees it.",
    ),
    "draft_discarded": ("草稿已放弃。", "The draft was discarded."),
    "draft_hint": (
        "保存草稿不检查填写内容，仅本单位可见；报送后草稿自动清除。",
        "A draft is not checked and only your unit sees it; submitting clears it.",
    ),
    "attach_files": ("附佐证材料", "Attach evidence"),
    "attach_hint": (
        "照片（JPEG、PNG、WebP、GIF）、PDF、Excel 或 Word 文件，每个不超过 10 MB，每期最多 10 个；"
        "点击“保存草稿”或“报送”时上传。",
        "Photos (JPEG, PNG, WebP, GIF), PDF, Excel or Word files of at most 10 MB each, up to 10 "
        "a report; sent when you save the draft or submit.",
    ),
    "attached_files": ("已附佐证材料", "Attached evidence"),
    "files_from_return": (
        "以下文件随被退回的版本报送过，已附上，无需重新上传；不需要的请勾选移除。",
        "These files went with the returned version and are attached again, no need to upload "
        "them anew; tick those to remove.",
    ),
    "no_attached": ("尚未附文件。", "No file attached yet."),
    "drop_file": ("移除", "remove"),
    "file_refused": ("以下文件未能附上：", "These files were not attached:"),
    "too_many_files": ("每期报告最多附 10 个文件", "at most 10 files a report"),
    "doubts_banner": (
        "尚未报送：有数值与上次报送相差较大，请在相应指标下核对并确认。",
        "Not submitted yet: some figures differ a lot from the last report; check and confirm "
        "them by their fields.",
    ),
    "doubt.falls": (
        "本期{value}低于{period}报送的{last}。该指标为累计数，一般不会下降，请核对。",
        "{value} is below the {last} reported for {period}. The indicator is cumulative and "
        "does not usually fall: please check it.",
    ),
    "doubt.jumps": (
        "本期{value}与{period}报送的{last}相差超过{bound}个百分点，请核对。",
        "{value} differs from the {last} reported for {period} by more than {bound} "
        "percentage points: please check it.",
    ),
    "doubt_confirm": (
        "已核对，数值无误，按所填报送",
        "I have checked it: the figure is right, submit it as typed",
    ),
    "type.image/jpeg": ("照片 JPEG", "photo JPEG"),
    "type.image/png": ("照片 PNG", "photo PNG"),
    "type.image/webp": ("照片 WebP", "photo WebP"),
    "type.image/gif": ("图片 GIF", "picture GIF"),
    "type.application/pdf": ("PDF 文件", "PDF"),
    "type.application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "Excel 表格",
        "Excel workbook",
    ),
    "type.application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word 文档",
        "Word document",
    ),
}


def file_size(size: int, lang: str) -> str:
    """A file's size as people say it: 2.4 MB, 35 KB, 120 字节."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节" if lang == "zh" else f"{size} bytes"
