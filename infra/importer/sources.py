"""What kind of file arrived: its size, its first bytes, its name; and how text is decoded."""

from __future__ import annotations

import codecs
from enum import StrEnum
from pathlib import PurePath

from infra.importer.limits import MAX_BYTES, Refused

__all__ = ["MAX_BYTES", "Kind", "Refused", "decode", "sniff", "too_large"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003) and encrypted workbooks


class Kind(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    YAML = "yaml"


def too_large(size: int) -> Refused:
    mb = size / 1024 / 1024
    return Refused(
        "too_large",
        f"文件过大（{mb:.1f} MB），上限为 10 MB；请拆分后再导入",
        f"the file is {mb:.1f} MB; the limit is 10 MB, split it and import the parts",
    )


def sniff(data: bytes, filename: str) -> Kind:
    """The reader for `data`, from its magic bytes checked against its name."""
    if not data.strip():
        raise Refused("empty_file", "文件为空", "the file is empty")
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(_OLE):
        raise Refused(
            "old_excel",
            "这是旧版 Excel（.xls）或加密的工作簿；请另存为 .xlsx 后再导入",
            "this is an old Excel .xls or an encrypted workbook; save it as .xlsx and import that",
        )
    if suffix in (".xlsx", ".xlsm"):
        if not data.startswith(_ZIP):
            raise Refused(
                "not_a_spreadsheet",
                f"文件名为 {suffix}，但内容不是 Excel 工作簿",
                f"the file is named {suffix} but is not an Excel workbook",
            )
        return Kind.XLSX
    if data.startswith(_ZIP):
        if suffix in ("", ".zip"):
            return Kind.XLSX
        raise Refused(
            "not_a_spreadsheet",
            f"文件名为 {suffix}，但内容是压缩包或 Excel 工作簿；请使用 .xlsx 扩展名",
            f"the file is named {suffix} but holds a zip or Excel workbook; name it .xlsx",
        )
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Refused("not_a_spreadsheet", "无法识别的二进制文件", "an unreadable binary file")
    if suffix in (".yaml", ".yml", ".json"):
        return Kind.YAML
    if suffix in (".csv", ".txt", ".tsv"):
        return Kind.CSV
    if suffix == "" and decode(data)[0].lstrip().startswith(("campaigns:", "{")):
        return Kind.YAML
    if suffix == "":
        return Kind.CSV
    raise Refused(
        "unsupported_type",
        f"不支持的文件类型 {suffix}；请使用 .xlsx、.csv 或 .yaml",
        f"unsupported file type {suffix}; use .xlsx, .csv or .yaml",
    )


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: a BOM decides; else UTF-8 if it decodes, else GB18030."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding), f"{encoding} (BOM)"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise Refused(
        "unreadable_text",
        "无法识别文件编码（支持 UTF-8 与 GB18030）",
        "cannot tell the file's encoding (UTF-8 and GB18030 are read)",
    )


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise Refused(
            "unreadable_text",
            f"文件标明为 {encoding}，但内容无法按此解码",
            f"the file is marked {encoding} but does not decode as such",
        ) from None
