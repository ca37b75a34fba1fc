"""An .xlsx checked before openpyxl opens it, so a small file cannot make it build gigabytes.

The zip directory is checked first (parts, declared sizes); then every part is decompressed in
chunks and counted as it comes, since the directory can lie, and each XML part is fed to expat
as it is decompressed: no DTD (no entity expansion), and bounded elements, rows, cells, cell
text and shared strings. Nothing is kept but counts and the sheets' names, so the scan costs
the time of one decompression and a few MB whatever the file holds.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO
from xml.parsers import expat

from infra.importer.limits import (
    MAX_CELL_CHARS,
    MAX_CELL_ELEMENTS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MERGED_RANGES,
    MAX_PARTS,
    MAX_ROW_ELEMENTS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_UNZIPPED,
    MAX_XML_ELEMENTS,
    Refused,
    cell_too_long,
    too_far_right,
    too_many_cells,
    too_many_rows,
)

CHUNK = 64 * 1024
EXCEL_ROWS = 1_048_576
INNER_PER_CELL = 4  # elements inside a cell, on average at most: <v>, <f>, <is><t>, runs
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_R_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def check_workbook(data: bytes) -> None:
    """Refuse the workbook (`Refused`) if any part of it is over a limit; else return."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise _unreadable(f"{error}") from None
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        budget = Budget()
        for info in sorted(infos, key=_order):
            _scan_part(archive, info, budget)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
        raise Refused(
            "not_a_workbook",
            "这是一个压缩包，但不是 Excel 工作簿（缺少 [Content_Types].xml 或 workbook.xml）",
            "this is a zip file but not an Excel workbook "
            "(it has no [Content_Types].xml or workbook.xml)",
        )
    if len(infos) > MAX_PARTS:
        raise Refused(
            "too_large_unzipped",
            f"工作簿含有 {len(infos)} 个部件，上限为 {MAX_PARTS}",
            f"the workbook has {len(infos)} parts; at most {MAX_PARTS} are read",
        )
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNZIPPED:
        biggest = max(infos, key=lambda i: i.file_size)
        raise _unzipped(declared, biggest.filename)


def _order(info: zipfile.ZipInfo) -> tuple[int, str]:
    """The workbook and its relations first (for the sheets' names), then the shared strings
    (so a sheet's cell can be named when its string is too long), then the rest."""
    name = info.filename.lower()
    if name.endswith(("workbook.xml", "workbook.xml.rels")):
        return 0, name
    return (1 if "sharedstrings" in name else 2), name


@dataclass
class Budget:
    """What the whole workbook has used so far, and what its first parts told of the rest."""

    unzipped: int = 0
    cells: int = 0
    cell_elements: int = 0  # <c>
    inner: int = 0  # elements inside a <c>
    sheet_ids: dict[str, str] = field(default_factory=dict)  # r:id -> sheet name
    targets: dict[str, str] = field(default_factory=dict)  # r:id -> part path
    long_strings: dict[int, int] = field(default_factory=dict)  # shared string -> its length

    def sheet_name(self, part: str) -> str:
        for rid, target in self.targets.items():
            if target == part and rid in self.sheet_ids:
                return self.sheet_ids[rid]
        return part


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> None:
    part = Part(info.filename, budget)
    try:
        with archive.open(info) as stream:
            _feed(stream, part, budget)
    except expat.ExpatError as error:
        raise Refused(
            "unreadable_workbook",
            f"工作簿部件 {info.filename} 不是有效的 XML（{error}）",
            f"the workbook part {info.filename} is not well-formed XML ({error})",
        ) from None
    except zipfile.BadZipFile as error:  # the CRC at the end: the directory lied, or damage
        raise Refused(
            "unreadable_workbook",
            f"工作簿部件 {info.filename} 解压后与压缩包目录所记不符（已损坏或被篡改）",
            f"the workbook part {info.filename} does not unzip to what the zip's directory "
            f"says (damaged or forged: {error})",
        ) from None
    except (zlib.error, EOFError, OSError, RuntimeError) as error:
        raise _unreadable(f"{info.filename}: {error}") from None
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise _unreadable(f"{info.filename}: {error}") from None


def _feed(stream: IO[bytes], part: Part, budget: Budget) -> None:
    parser: expat.XMLParserType | None = None
    while chunk := stream.read(CHUNK):
        budget.unzipped += len(chunk)
        if budget.unzipped > MAX_UNZIPPED:
            raise _unzipped(budget.unzipped, part.name, counted=True)
        if parser is None and not part.binary:
            head = chunk.lstrip()  # whitespace alone decides nothing: it is fed to expat
            if head and not head.startswith(_XML_STARTS):
                part.binary = True  # an image; were it a part openpyxl parses, it would fail
            else:
                parser = part.parser()
        if parser is not None:
            parser.Parse(chunk, False)
    if parser is not None:
        parser.Parse(b"", True)


class Part:
    """One part's XML, counted element by element as expat reads it."""

    def __init__(self, name: str, budget: Budget) -> None:
        self.name, self.budget, self.binary = name, budget, False
        self.kind = ""  # worksheet, sst, or another root element
        self.elements = 0
        self.rows = 0  # <row> elements
        self.row = 0  # the current row, 1-based
        self.row_cells = 0
        self.valued_rows = 0
        self.last_valued_row = 0
        self.column = -1  # the current cell's column, 0-based
        self.cell_type = ""
        self.text: list[str] | None = None  # collecting a <v> or <t>'s text
        self.text_len = 0
        self.merges = 0
        self.in_data = False  # inside <sheetData>
        self.strings = 0  # <si> read so far

    def parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        return parser

    @property
    def sheet(self) -> str:
        return self.budget.sheet_name(self.name)

    def _doctype(self, *_: object) -> None:
        raise Refused(
            "unreadable_workbook",
            f"工作簿部件 {self.name} 含有 DTD 声明；Excel 文件中不应出现，拒绝读取",
            f"the workbook part {self.name} declares a DTD, which no Excel file does; refused",
        )

    def _entity(self, *_: object) -> None:
        self._doctype()

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if not self.kind:
            self.kind = local
        if self.kind == "worksheet":
            self._sheet_start(local, attrs)
        elif self.kind == "sst":
            self._sst_start(local)
        else:
            self._count()
            self._collect(local, attrs)

    def _end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local in ("v", "t"):
            self.text = None
        elif local == "c" and self.kind == "worksheet":
            self._cell_end()
        elif local == "sheetData":
            self.in_data = False
        elif local == "si" and self.kind == "sst":
            if self.text_len > MAX_CELL_CHARS:
                self.budget.long_strings[self.strings] = self.text_len
            self.strings += 1

    def _text(self, data: str) -> None:
        if self.text is None:
            return
        self.text_len += len(data)
        if self.kind == "sst":
            return  # counted; the cell that uses a long string is named when its sheet is read
        if self.text_len > MAX_CELL_CHARS:
            raise cell_too_long(self.sheet, self.row, max(self.column, 0), 0)
        self.text.append(data)

    def _count(self, limit: int = MAX_XML_ELEMENTS) -> None:
        self.elements += 1
        if self.elements > limit:
            raise Refused(
                "too_large_unzipped",
                f"工作簿部件 {self.name} 的 XML 元素超过 {limit} 个",
                f"the workbook part {self.name} holds more than {limit} XML elements",
            )

    def _collect(self, local: str, attrs: dict[str, str]) -> None:
        """The sheets' names (workbook.xml) and where each sheet is (its relations)."""
        if local == "sheet" and self.name.endswith("workbook.xml"):
            self.budget.sheet_ids[attrs.get(_R_ID, "")] = attrs.get("name", "")
        elif local == "Relationship" and self.name.endswith("workbook.xml.rels"):
            target = attrs.get("Target", "")
            folder = posixpath.dirname(posixpath.dirname(self.name))
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            self.budget.targets[attrs.get("Id", "")] = posixpath.normpath(path)

    def _sst_start(self, local: str) -> None:
        if local == "si":
            if self.strings >= MAX_SHARED_STRINGS:
                raise Refused(
                    "too_many_cells",
                    f"工作簿的共享字符串超过 {MAX_SHARED_STRINGS} 个",
                    f"the workbook holds more than {MAX_SHARED_STRINGS} shared strings",
                )
            self.text_len = 0
        elif local == "t":
            self.text = []
        self._count(limit=INNER_PER_CELL * MAX_SHARED_STRINGS)

    def _sheet_start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "sheetData":
            self.in_data = True
        if not self.in_data:
            self._count()
            if local == "mergeCell":
                self._merge()
        elif local == "row":
            self._row_start(attrs)
        elif local == "c":
            self._cell_start(attrs)
        else:  # inside a cell: <v>, <f>, <is>, <t>, rich-text runs
            if local in ("v", "t"):
                self.text = []
            self.budget.inner += 1
            if self.budget.inner > INNER_PER_CELL * MAX_CELL_ELEMENTS:
                self._too_many_cells()

    def _merge(self) -> None:
        self.merges += 1
        if self.merges > MAX_MERGED_RANGES:
            raise Refused(
                "too_many_cells",
                f"工作表「{self.sheet}」的合并单元格超过 {MAX_MERGED_RANGES} 处",
                f"sheet '{self.sheet}' has more than {MAX_MERGED_RANGES} merged ranges",
            )

    def _too_many_cells(self) -> None:
        raise Refused(
            "too_many_cells",
            f"工作簿的单元格（含空白格式单元格）超过 {MAX_CELL_ELEMENTS} 个",
            f"the workbook has more than {MAX_CELL_ELEMENTS} cells, blank formatted ones included",
        )

    def _row_start(self, attrs: dict[str, str]) -> None:
        self.rows += 1
        given = attrs.get("r", "")
        self.row = int(given) if given.isdigit() else self.row + 1
        if self.rows > EXCEL_ROWS or self.row > EXCEL_ROWS:
            raise too_many_rows(self.sheet)
        self.row_cells, self.column = 0, -1

    def _cell_start(self, attrs: dict[str, str]) -> None:
        self.budget.cell_elements += 1
        if self.budget.cell_elements > MAX_CELL_ELEMENTS:
            self._too_many_cells()
        self.row_cells += 1
        if self.row_cells > MAX_ROW_ELEMENTS:
            raise too_far_right(self.sheet, self.row, MAX_COLUMNS)
        ref = _REF.match(attrs.get("r", ""))
        self.column = _column(ref.group(1)) if ref else self.column + 1
        self.cell_type = attrs.get("t", "n")
        self.text_len = 0

    def _cell_end(self) -> None:
        if not self.text_len:
            return
        self.budget.cells += 1
        if self.budget.cells > MAX_CELLS:
            raise too_many_cells(self.sheet)
        if self.row != self.last_valued_row:
            self.valued_rows += 1
            self.last_valued_row = self.row
            if self.valued_rows > MAX_ROWS:
                raise too_many_rows(self.sheet)
        if self.column >= MAX_COLUMNS:
            raise too_far_right(self.sheet, self.row, self.column)
        if self.cell_type == "s":
            index = "".join(self.text or ())
            length = self.budget.long_strings.get(int(index)) if index.isdigit() else None
            if length:
                raise cell_too_long(self.sheet, self.row, self.column, length)


def _column(letters: str) -> int:
    """Excel letters -> 0-based column: A -> 0, AA -> 26."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number - 1


def _unzipped(size: int, part: str, counted: bool = False) -> Refused:
    mb, limit = size / 1024 / 1024, MAX_UNZIPPED // 1024 // 1024
    said = "解压时已超过" if counted else "解压后共"
    return Refused(
        "too_large_unzipped",
        f"工作簿{said} {mb:.0f} MB（最大的部件 {part}），解压后上限为 {limit} MB",
        f"the workbook {'reached' if counted else 'unzips to'} {mb:.0f} MB "
        f"(at the part {part}); the limit once unzipped is {limit} MB",
    )


def _unreadable(reason: str) -> Refused:
    return Refused(
        "unreadable_workbook",
        f"无法打开 Excel 工作簿（{reason}）",
        f"the Excel workbook cannot be opened ({reason})",
    )
