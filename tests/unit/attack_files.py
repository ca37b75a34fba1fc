"""Hostile plan files written at test time (issue 7): an .xlsx zipped by hand whose one cell
unzips to a gigabyte, with a directory that tells the truth or lies; the 433-byte YAML alias
bomb; and the other shapes the border must refuse quickly."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
MB = 1 << 20
GB = 1 << 30


@dataclass(frozen=True)
class Member:
    """A zip member as it is stored: raw deflate bytes, and the size and CRC of what they unzip
    to; `declared` is the size the directory says, when it lies."""

    name: str
    deflated: bytes
    size: int
    crc: int
    declared: int | None = None


def member(name: str, text: str | bytes) -> Member:
    data = text.encode() if isinstance(text, str) else text
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


def repeated(name: str, prefix: str, char: str, count: int, suffix: str) -> Member:
    """`prefix`, `count` times `char` (a multiple of 1 MiB), `suffix`, deflated in about a
    second: one megabyte is deflated after a full flush, which resets the compressor, so its
    bytes are the same every time and are repeated rather than compressed again."""
    assert count % MB == 0 and len(char.encode()) == 1
    chunk = char.encode() * MB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix.encode()) + packer.flush(zlib.Z_FULL_FLUSH)
    body = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix.encode()) + packer.flush()
    crc = zlib.crc32(prefix.encode())
    for _ in range(count // MB):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix.encode(), crc)
    size = len(prefix.encode()) + count + len(suffix.encode())
    return Member(name, head + body * (count // MB) + tail, size, crc)


def zip_by_hand(members: list[Member]) -> bytes:
    """A zip file (local headers, data, central directory, end record), written field by field
    so that a declared size can differ from the real one."""
    out, directory = bytearray(), bytearray()
    for m in members:
        name, size = m.name.encode(), m.size if m.declared is None else m.declared
        offset = len(out)
        fields = (20, 0x800, 8, 0, 0x21, m.crc, len(m.deflated), size, len(name), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + m.deflated
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset)
        directory += name
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def workbook_parts(sheet: Member, shared: Member | None = None) -> list[Member]:
    types = (
        f'<Types xmlns="{RELS.replace("relationships", "content-types")}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f"{SHARED_TYPE if shared else ''}</Types>"
    )
    root = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="任务分解表" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    strings = f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    book_rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
        f'Target="worksheets/sheet1.xml"/>{strings if shared else ""}</Relationships>'
    )
    parts = [
        member("[Content_Types].xml", types),
        member("_rels/.rels", root),
        member("xl/workbook.xml", book),
        member("xl/_rels/workbook.xml.rels", book_rels),
        sheet,
    ]
    return [*parts, shared] if shared else parts


def sheet_xml(rows: str, after: str = "") -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{after}</worksheet>'


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = (
    f'<row r="1">{inline("A1", "序号")}{inline("B1", "目标任务")}{inline("C1", "牵头单位")}</row>'
)


def task_row(r: int, title: str = "清理河道") -> str:
    cells = f'<c r="A{r}"><v>{r - 1}</v></c>{inline(f"B{r}", title)}{inline(f"C{r}", "区水务局")}'
    return f'<row r="{r}">{cells}</row>'


def huge_cell_xlsx(chars: int = GB, *, shared: bool = True, declared: int | None = None) -> bytes:
    """About 1 MB of .xlsx whose cell B2 (a task's text) unzips to `chars` times "A", held in
    sharedStrings.xml or inline in the sheet; `declared`: the size its directory claims."""
    if shared:
        sst = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'
        big = repeated("xl/sharedStrings.xml", sst, "A", chars, "</t></si></sst>")
        row2 = '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c></row>'
        sheet = member("xl/worksheets/sheet1.xml", sheet_xml(HEADER_ROW + row2))
        members = workbook_parts(sheet, _lie(big, declared))
    else:
        head, tail = sheet_xml(HEADER_ROW + '<row r="2">' + inline("B2", "\0")).split("\0")
        big = repeated("xl/worksheets/sheet1.xml", head, "A", chars, tail)
        members = workbook_parts(_lie(big, declared))
    return zip_by_hand(members)


def _lie(m: Member, declared: int | None) -> Member:
    return m if declared is None else Member(m.name, m.deflated, m.size, m.crc, declared)


def sheet_xlsx(rows: str, after: str = "") -> bytes:
    """A one-sheet workbook whose sheet XML is `rows` (inside <sheetData>) and `after`."""
    return zip_by_hand(workbook_parts(member("xl/worksheets/sheet1.xml", sheet_xml(rows, after))))


def many_rows_xlsx(rows: int = 100_000) -> bytes:
    return sheet_xlsx(HEADER_ROW + "".join(task_row(r) for r in range(2, rows + 2)))


def one_cell_xlsx(chars: int) -> bytes:
    """One task with a remark (备注, read but not imported) of `chars` times 字."""
    header = HEADER_ROW.replace("</row>", inline("D1", "备注") + "</row>")
    row = task_row(2).replace("</row>", inline("D2", "字" * chars) + "</row>")
    return sheet_xlsx(header + row)


def zip_not_xlsx() -> bytes:
    return zip_by_hand([member("readme.txt", "not a workbook"), member("data.csv", "a,b\n1,2\n")])


def entity_bomb_xlsx() -> bytes:
    """Billion laughs in a sheet's XML: an entity of ten entities of ten ... (a DTD)."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    doc = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>' + sheet_xml(
        HEADER_ROW + task_row(2, "&a9;")
    )
    return zip_by_hand(workbook_parts(member("xl/worksheets/sheet1.xml", doc)))


# The tester's file: 433 bytes; every 50 more bytes (one more level) multiplies it by ten.
YAML_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "campaigns: [*i]\n"
)


def big_cell_csv(chars: int = 10 * MB - 100) -> bytes:
    return ("序号,目标任务,牵头单位\n1," + "A" * chars + ",区水务局\n").encode()
