"""Catalogs ⇄ Excel in the official layout (no MkDocs imports; openpyxl).

Export writes what staff receive and print: a title row, the two-row header (序号 | 公开事项: 一级事项,
二级事项 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象: 全社会, 特定群众 |
公开方式: 主动, 依申请 | 公开层级: 县级, 乡级 … | 备注 | 事项标识), 一级事项 cells merged over their rows, √
marks, channels as ■/□ lists with their web addresses. Each sheet is named after its domain (社会救助) and
prints on A4 landscape, one page wide, with the header rows repeated on every page. The last column 事项标识
(hidden) keeps the row ids, and a hidden sheet ``gongkai`` records domain, title and compiling unit, so that
export → import is lossless. Internal notes (`CatalogRow.internal_note`) are never exported.

Import reads the workbooks offices actually fill in and reports every problem of a sheet in one run, each
with its cell and fix:

* one- or two-row headers whose texts vary (公开对象 / 特定群体 / 特定对象, 公开方式 / 主动公开 / 依申请公开,
  公开层级 columns 县级 / 乡级 / 乡、村级 / 镇、村级 …), or a single 公开对象 / 公开方式 / 公开层级 column holding
  the words (全社会, 主动公开, 县级、乡级);
* merged cells (any merged cell counts for every cell it covers), √ / ✓ / ■ (ticked) and □ / ○ (not ticked),
  同上 (the cell above), blank separator rows, group-heading rows merged across the table, footnotes (注：…);
* free-text channel cells (core/sources/channels.py): several channels per cell, joined by 、，; "/" or line
  breaks, with web addresses, a site's own name for 政府网站; names outside the vocabulary are collected for
  the whole sheet and accepted as local channels only when the caller says so (``accept_local``);
* empty tick columns (公开对象, 公开方式, 公开层级): the defaults given by the caller (``--objects``, ``--modes``,
  ``--levels``) or the matching row of the standard catalog of the domain; every defaulted row is listed.

Row ids come from the 事项标识 column, else from an existing catalog file (same 一级/二级/三级事项), else from
the 序号 (``r01``, ``r13-1``) — deterministic, never pinyin.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ..base.problems import ERROR, INFO
from ..model.entities import Catalog, CatalogRow
from .channels import CHANNELS, ChannelReader

META_SHEET = "gongkai"
NATIONAL_CHANNELS = CHANNELS
TICKED = {"√", "✓", "✔", "■", "☑", "●", "是", "v", "V", "○√"}
UNTICKED = {"□", "○", "〇", "☐", "×", "否", "", "/", "－", "-", "—"}
SAME_AS_ABOVE = {"同上", "同上。", "同上述", "〃", "同上一行"}
LEVEL_ORDER = ["市级", "县级", "乡级", "村级"]
AUDIENCES = ["全社会", "特定群众"]
MODES = ["主动", "依申请"]


class ExcelFormatError(ValueError):
    """The workbook cannot be imported; the message lists every problem with its sheet, cell and fix."""


# -- export -------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_LINE_POINTS = 14.5  # one line of 10.5-pt (五号) text, as Excel and WPS lay it out
_FONT = Font(name="宋体", size=10.5)
_HEAD_FONT = Font(name="黑体", size=10.5)


def _spans(rows: list[CatalogRow]) -> list[int]:
    spans, start = [0] * len(rows), 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i].item_l1 != rows[start].item_l1:
            spans[start] = i - start
            start = i
    return spans


def _channels_cell(row: CatalogRow) -> str:
    def line(c: str) -> str:
        return f"■{c}" + (f" {row.channel_links[c]}" if c in row.channel_links else "")

    # boxes side by side, as most published catalogs print them: the cell wraps to its column width
    return "  ".join([line(c) for c in row.channels] + [f"□{c}" for c in NATIONAL_CHANNELS if c not in row.channels])


def _display_width(text: str) -> int:
    """Width in Excel character units: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _lines_needed(text: str, width: float) -> int:
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in str(text).split("\n"))


def write_sheet(ws, catalog: Catalog) -> None:
    """One catalog on one worksheet in the official layout, set up to print on A4 landscape."""
    l3 = any(r.item_l3 for r in catalog.rows)
    items = ["一级事项", "二级事项"] + (["三级事项"] if l3 else [])
    groups = [
        ("序号", None),
        ("公开事项", items),
        ("公开内容（要素）", None),
        ("公开依据", None),
        ("公开时限", None),
        ("公开主体", None),
        ("公开渠道和载体", None),
        ("公开对象", ["全社会", "特定群众"]),
        ("公开方式", ["主动", "依申请"]),
        ("公开层级", list(catalog.levels)),
        ("备注", None),
        ("事项标识", None),
    ]
    ncols = sum(len(sub) if sub else 1 for _, sub in groups)
    ws.cell(1, 1, catalog.title).font = Font(name="黑体", bold=True, size=16)
    ws.cell(1, 1).alignment = _CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols - 1)  # the id column is hidden
    ws.row_dimensions[1].height = 30
    col = 1
    for top, sub in groups:
        ws.cell(2, col, top)
        if sub:
            if len(sub) > 1:
                ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + len(sub) - 1)
            for j, name in enumerate(sub):
                ws.cell(3, col + j, name)
            col += len(sub)
        else:
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
            col += 1
    for r in (2, 3):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border, cell.fill = (
                Font(name="黑体", size=10.5),
                _CENTER,
                _BORDER,
                _HEAD_FILL,
            )
        ws.row_dimensions[r].height = 2 * _LINE_POINTS + 4
    widths = (
        [5, 11, 13] + ([13] if l3 else []) + [32, 28, 20, 16, 24, 5, 7, 5, 5] + [5] * len(catalog.levels) + [16, 14]
    )
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    spans = _spans(catalog.rows)
    merges = []
    for i, row in enumerate(catalog.rows):
        r = 4 + i
        values = (
            [row.seq, row.item_l1, row.item_l2]
            + ([row.item_l3 or ""] if l3 else [])
            + [
                row.content,
                row.basis,
                row.time_limit,
                row.subject,
                _channels_cell(row),
                "√" if row.audience == "全社会" else "",
                row.audience_text or ("√" if row.audience == "特定群众" else ""),
                "√" if row.mode == "主动" else "",
                "√" if row.mode == "依申请" else "",
            ]
        )
        values += ["√" if lv in row.levels else "" for lv in catalog.levels]
        values += [row.note or "", row.id]
        lines = 1
        for c, value in enumerate(values, 1):
            cell = ws.cell(r, c, value if value != "" else None)
            cell.border, cell.font = _BORDER, _FONT
            cell.alignment = _CENTER if value in ("√",) or c == 1 else _WRAP
            if c < len(values) and value and not (c == 2 and spans[i] > 1):
                lines = max(lines, _lines_needed(value, widths[c - 1]))
        ws.row_dimensions[r].height = lines * _LINE_POINTS + 4  # openpyxl cannot autofit: estimate from the text
        if spans[i] > 1:  # write the cell once; openpyxl blanks the covered ones
            merges.append((r, r + spans[i] - 1))
    for first, last in merges:
        for r in range(first + 1, last + 1):
            ws.cell(r, 2).value = None
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    ws.column_dimensions[get_column_letter(ncols)].hidden = True  # 事项标识: for lossless round trips
    ws.freeze_panes = "A4"
    _print_setup(ws, ncols - 1, 3 + len(catalog.rows))


def _print_setup(ws, last_col: int, last_row: int) -> None:
    """A4 landscape, every column on one page width, the two header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:3"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def export_workbook(
    catalogs: list[Catalog], path: str, unit_id: str | None = None, domain_names: dict[str, str] | None = None
) -> None:
    """Write the catalogs (one sheet each, named by domain: 社会救助) and the hidden metadata sheet to `path`."""
    wb = Workbook()
    wb.remove(wb.active)
    meta = []
    names = domain_names or {}
    for catalog in catalogs:
        name = _sheet_name(names.get(catalog.domain_id, catalog.domain_id), {m[0] for m in meta})
        write_sheet(wb.create_sheet(name), catalog)
        meta.append((name, catalog.domain_id, catalog.title, catalog.compiled_by, unit_id or ""))
    ws = wb.create_sheet(META_SHEET)
    ws.append(["工作表", "domain", "title", "compiled_by", "unit"])
    for m in meta:
        ws.append(list(m))
    ws.sheet_state = "hidden"
    wb.save(path)


def _sheet_name(base: str, taken: set[str]) -> str:
    base = re.sub(r"[\\/*?:\[\]：？]", "", base)[:31] or "目录"
    name, n = base, 2
    while name in taken or name == META_SHEET:
        name, n = f"{base[:28]}（{n}）", n + 1
    return name


# -- import: problems and results ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SheetProblem:
    """One problem of a workbook: the sheet, the cell (or column) and how to fix it."""

    sheet: str
    cell: str | None  # "H5", "第 O 列", or None for the whole sheet
    code: str
    message: str
    fix: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" + (f" {self.cell}" if self.cell else "")
        return f"{where}: {self.severity} {self.code}：{self.message}。修改：{self.fix}"


@dataclasses.dataclass(frozen=True)
class Defaulted:
    """A row whose empty tick columns took a default: which, the value and where it came from."""

    row: int  # worksheet row
    label: str  # 一级事项 › 二级事项
    field: str  # 公开对象 | 公开方式 | 公开层级
    value: str
    source: str  # "--objects" / "标准目录事项 dbsh-shxx"

    def __str__(self) -> str:
        return f"第 {self.row} 行（{self.label}）：{self.field}为空，按{self.source}填为“{self.value}”"


@dataclasses.dataclass
class ImportOptions:
    domain_id: str | None = None
    domain_names: dict[str, str] = dataclasses.field(default_factory=dict)  # id -> 社会救助
    levels: list[str] | None = None  # --levels: the 公开层级 of rows that tick none (and of a table without)
    audience: str | None = None  # --objects: 全社会 | 特定群众, for rows that tick neither
    mode: str | None = None  # --modes: 主动 | 依申请, for rows that tick neither
    standards: dict[str, Catalog] = dataclasses.field(default_factory=dict)  # domain id -> standard catalog
    existing: Catalog | None = None  # the catalog file being replaced: its row ids and internal notes
    compiled_by: str | None = None
    title: str | None = None
    local_channels: Sequence[str] = ()  # catalogs/channels.yml
    unit_names: Sequence[str] = ()  # names and short names of the registry's units (their sites are 政府网站)
    accept_local: bool = False  # channel names outside the vocabulary become local channels


@dataclasses.dataclass
class WorkbookImport:
    """The result of reading one sheet: the catalog (None when any error), and everything the import noticed."""

    path: str
    sheet: str
    catalog: Catalog | None
    problems: list[SheetProblem]
    defaulted: list[Defaulted]
    unknown_channels: dict[str, list[str]]  # name as written -> the cells that name it
    new_channels: list[str]  # unknown names accepted as local channels (accept_local)
    renamed: list[tuple[str, str, str]]  # (cell, as written, channel): variants and site names read as channels
    skipped: list[str]  # rows skipped on purpose (group headings, footnotes), as messages

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    def report(self) -> str:
        lines = [f"{self.path} " + str(p) for p in self.problems]
        errors = self.errors
        if errors:
            lines.append(f"共 {len(errors)} 个问题；未写入任何文件。")
        return "\n".join(lines)


# -- import: headers ------------------------------------------------------------------------------------


def _norm(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    return text.strip()


def _key(text: str) -> str:
    """Header text for matching: no spaces or line breaks, ASCII parentheses made full-width."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


ITEM_SUBS = {
    "一级事项": "item_l1",
    "一级目录": "item_l1",
    "二级事项": "item_l2",
    "二级目录": "item_l2",
    "三级事项": "item_l3",
    "三级目录": "item_l3",
}
SINGLE = {
    "序号": "seq",
    "公开内容（要素）": "content",
    "公开内容": "content",
    "公开内容要素": "content",
    "公开依据": "basis",
    "公开时限": "time_limit",
    "公开主体": "subject",
    "公开渠道和载体": "channels",
    "公开渠道及载体": "channels",
    "公开渠道": "channels",
    "公开载体": "channels",
    "公开渠道和方式": "channels",
    "备注": "note",
    "事项标识": "id",
    "公开对象": "audience",  # one column holding the word (全社会 / 特定群众)
    "公开方式": "mode",  # one column holding the word (主动公开 / 依申请公开)
    "公开层级": "level_text",  # one column holding the words (县级、乡级)
    **ITEM_SUBS,
}
AUDIENCE_SUBS = {
    "全社会": "audience_all",
    "特定群众": "audience_specific",
    "特定群体": "audience_specific",
    "特定对象": "audience_specific",
}
MODE_SUBS = {
    "主动": "mode_proactive",
    "主动公开": "mode_proactive",
    "依申请": "mode_on_request",
    "依申请公开": "mode_on_request",
}
LEVEL_SUBS = {
    "市级": ["市级"],
    "州级": ["市级"],
    "县级": ["县级"],
    "区级": ["县级"],
    "县（市、区）级": ["县级"],
    "县（区）级": ["县级"],
    "县（市）级": ["县级"],
    "乡级": ["乡级"],
    "镇级": ["乡级"],
    "乡镇级": ["乡级"],
    "镇（街）级": ["乡级"],
    "镇街级": ["乡级"],
    "乡（镇）级": ["乡级"],
    "街道级": ["乡级"],
    "乡镇（街道）级": ["乡级"],
    "村级": ["村级"],
    "村（居）级": ["村级"],
    "村（社区）级": ["村级"],
    "社区级": ["村级"],
    "乡、村级": ["乡级", "村级"],
    "镇、村级": ["乡级", "村级"],
    "乡村级": ["乡级", "村级"],
    "镇村级": ["乡级", "村级"],
    "乡（镇）、村级": ["乡级", "村级"],
}
GROUPS = {"公开事项": ITEM_SUBS, "公开对象": AUDIENCE_SUBS, "公开方式": MODE_SUBS}
REQUIRED = ["item_l1", "item_l2", "content", "basis", "time_limit", "subject", "channels"]
TEXT_FIELDS = {"content", "basis", "time_limit", "subject", "channels"}
LABELS = {
    "seq": "序号",
    "item_l1": "一级事项",
    "item_l2": "二级事项",
    "item_l3": "三级事项",
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience_all": "公开对象/全社会",
    "audience_specific": "公开对象/特定群众",
    "mode_proactive": "公开方式/主动",
    "mode_on_request": "公开方式/依申请",
    "audience": "公开对象",
    "mode": "公开方式",
    "level_text": "公开层级",
    "note": "备注",
    "id": "事项标识",
}
AUDIENCE_WORDS = {"全社会": "全社会", "社会公众": "全社会", "特定群众": "特定群众", "特定群体": "特定群众"}
MODE_WORDS = {"主动": "主动", "主动公开": "主动", "依申请": "依申请", "依申请公开": "依申请"}
NOTE_PREFIXES = (
    "注",
    "说明",
    "备注",
    "填表说明",
    "填报人",
    "审核人",
    "联系人",
    "联系电话",
    "填报单位",
    "填报时间",
    "制表",
)
KNOWN_HEADERS = (
    "序号、公开事项（一级事项、二级事项、三级事项）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、"
    "公开对象（全社会、特定群众/特定群体/特定对象）、公开方式（主动/主动公开、依申请/依申请公开）、"
    "公开层级（县级、乡级、村级、乡、村级、镇、村级 …）、备注、事项标识"
)


@dataclasses.dataclass
class Column:
    index: int  # 1-based
    field: str  # a LABELS key, or "level"
    levels: tuple[str, ...] = ()  # for "level" columns


class _Grid:
    """Cell values with merged ranges resolved: every cell of a merged range reads its top-left value."""

    def __init__(self, ws):
        self.ws = ws
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        self.width: dict[tuple[int, int], int] = {}  # top-left cell -> columns the range spans
        for rng in ws.merged_cells.ranges:
            self.width[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.origin[(r, c)] = (rng.min_row, rng.min_col)

    def get(self, r: int, c: int) -> str:
        r0, c0 = self.origin.get((r, c), (r, c))
        return _norm(self.ws.cell(r0, c0).value)

    def merged_with(self, r: int, c: int, other: tuple[int, int]) -> bool:
        return self.origin.get((r, c)) == self.origin.get(other) is not None

    def source(self, r: int, c: int) -> tuple[int, int]:
        return self.origin.get((r, c), (r, c))


def _ref(r: int, c: int) -> str:
    return f"{get_column_letter(c)}{r}"


def _ticked(value: str) -> bool:
    return _key(value) not in UNTICKED


def _mark_text(value: str) -> str | None:
    """Text written in a 特定群众 cell instead of a tick (e.g. 项目单位), or None for a plain mark."""
    v = _key(value)
    return None if v in TICKED or v in UNTICKED else value.strip()


def _row_id(seq: str, taken: set[str], index: int) -> str:
    m = re.fullmatch(r"(\d+)((?:[-.－—]\d+)*)", seq)
    base = f"r{int(m.group(1)):02d}" + re.sub(r"[.－—]", "-", m.group(2)) if m else f"r{index:02d}"
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    return rid


def _item_key(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "")).replace("(", "（").replace(")", "）")


class _SheetReader:
    """Reads one worksheet into catalog rows, collecting every problem instead of stopping at the first."""

    def __init__(self, ws, options: ImportOptions, standard: Catalog | None):
        self.ws, self.options, self.standard = ws, options, standard
        self.grid = _Grid(ws)
        self.sheet = ws.title
        self.problems: list[SheetProblem] = []
        self.defaulted: list[Defaulted] = []
        self.unknown: dict[str, list[str]] = {}
        self.renamed: list[tuple[str, str, str]] = []
        self.skipped: list[str] = []
        self.channels = ChannelReader(options.local_channels, options.unit_names)
        self.title = ""
        self.group = ""  # the 一级事项 of the row above

    def problem(self, cell: str | None, code: str, message: str, fix: str, severity: str = ERROR) -> None:
        self.problems.append(SheetProblem(self.sheet, cell, code, message, fix, severity))

    # -- header ---------------------------------------------------------------------------------------------

    def find_header(self) -> int | None:
        grid = self.grid
        for r in range(1, min(self.ws.max_row, 20) + 1):
            keys = {_key(grid.get(r, c)) for c in range(1, self.ws.max_column + 1)}
            if keys & {"公开事项", "一级事项"} and keys & {"公开时限", "公开依据", "公开内容（要素）", "公开内容"}:
                return r
        self.problem(
            None,
            "XLS-NO-HEADER",
            "前 20 行中找不到表头（应含“公开事项”或“一级事项”，以及“公开时限”“公开依据”等列）",
            "确认选对了工作表；表头写在表格开头，标题行之下",
        )
        return None

    def sub_header(self, header: int, sub_row: int) -> bool:
        """Whether the row under the header is a second header row (一级事项 / 全社会 / 主动 / 县级 …) rather than
        the first item of a table with a one-row header (whose 公开对象 column may also read 全社会)."""
        grid, known = self.grid, set(ITEM_SUBS) | set(AUDIENCE_SUBS) | set(MODE_SUBS) | set(LEVEL_SUBS)
        found = False
        for c in range(1, self.ws.max_column + 1):
            if grid.merged_with(sub_row, c, (header, c)):
                continue  # a header cell spanning both rows
            top, below = _key(grid.get(header, c)), _key(grid.get(sub_row, c))
            if SINGLE.get(top) in TEXT_FIELDS and below:
                return False  # 公开内容, 公开依据 … filled in: an item, not a header
            found = found or below in known
        return found

    def map_columns(self, header: int) -> tuple[list[Column], int]:
        grid, ws = self.grid, self.ws
        sub_row = header + 1
        two_rows = self.sub_header(header, sub_row)
        columns: list[Column] = []
        group = ""  # a group heading written in its first cell only (公开对象 | 空 …), not merged across its columns
        for c in range(1, ws.max_column + 1):
            top = _key(grid.get(header, c))
            sub = _key(grid.get(sub_row, c)) if two_rows and not grid.merged_with(sub_row, c, (header, c)) else ""
            if top:
                group = top if top in GROUPS or top == "公开层级" else ""
            elif sub and group:
                top = group
            if not top and not sub:
                continue
            field, levels = None, ()
            if top in GROUPS and sub in GROUPS[top]:
                field = GROUPS[top][sub]
            elif top == "公开层级" and sub in LEVEL_SUBS:
                field, levels = "level", tuple(LEVEL_SUBS[sub])
            elif not sub and top in SINGLE:
                field = SINGLE[top]
            elif not sub and top in AUDIENCE_SUBS:
                field = AUDIENCE_SUBS[top]
            elif not sub and top in MODE_SUBS:
                field = MODE_SUBS[top]
            elif sub in SINGLE and top in ("公开事项", ""):
                field = SINGLE[sub]
            if field is None:
                shown = top + (f" / {sub}" if sub else "")
                self.problem(
                    f"第 {get_column_letter(c)} 列",
                    "XLS-HEADER-UNKNOWN",
                    f"表头“{shown}”无法识别",
                    f"可识别的表头：{KNOWN_HEADERS}；请改写该列表头，或删除该列",
                )
                continue
            if field != "level" and any(col.field == field for col in columns):
                self.problem(
                    f"第 {get_column_letter(c)} 列",
                    "XLS-HEADER-DUP",
                    f"“{LABELS[field]}”列重复出现",
                    "删除多余的一列，或改正它的表头",
                )
                continue
            columns.append(Column(c, field, levels))
        present = {col.field for col in columns}
        missing = [LABELS[f] for f in REQUIRED if f not in present]
        if missing:
            self.problem(
                None,
                "XLS-COLUMN-MISSING",
                f"缺少必需的列：{'、'.join(missing)}",
                "补上这些列（表头文字见 docs/catalogs.md 第 6 节），每个事项都要填写",
            )
        return columns, (sub_row + 1 if two_rows else header + 1)

    # -- rows -------------------------------------------------------------------------------------------------

    def skip_reason(self, r: int, raw: dict[int, str], columns: list[Column]) -> str | None:
        """Why row r is not an item: a group heading merged across the table, or a footnote."""
        filled = [c for c, v in raw.items() if v]
        origins = {self.grid.source(r, c) for c in filled}
        text = raw[filled[0]]
        if len(origins) == 1 and len(filled) >= 3 and self.grid.width.get(next(iter(origins)), 1) >= 3:
            return f"第 {r} 行是横跨全表的分组标题“{text}”，已跳过"
        if len(filled) == 1 and text.startswith(NOTE_PREFIXES):
            return f"第 {r} 行是表注“{text[:30]}”，已跳过"
        return None

    def standard_row(self, values: dict[str, str]) -> CatalogRow | None:
        if self.standard is None:
            return None
        l1, l2, l3 = (
            _item_key(values.get("item_l1")),
            _item_key(values.get("item_l2")),
            _item_key(values.get("item_l3")),
        )
        rows = self.standard.rows
        for match in (
            lambda s: (_item_key(s.item_l1), _item_key(s.item_l2), _item_key(s.item_l3)) == (l1, l2, l3),
            lambda s: (_item_key(s.item_l1), _item_key(s.item_l2)) == (l1, l2),
        ):
            found = [s for s in rows if match(s)]
            if len(found) == 1:
                return found[0]
        by_l2 = [s for s in rows if _item_key(s.item_l2) == l2]
        return by_l2[0] if len(by_l2) == 1 else None

    def read(self) -> tuple[list[CatalogRow], list[str]]:
        header = self.find_header()
        if header is None:
            return [], []
        grid, ws = self.grid, self.ws
        columns, first = self.map_columns(header)
        by_field = {col.field: col for col in columns}
        self.title = next(
            (grid.get(r, c) for r in range(1, header) for c in range(1, ws.max_column + 1) if grid.get(r, c)), ""
        )
        level_cols = [col for col in columns if col.field == "level"]
        options = self.options
        if level_cols:
            catalog_levels = sorted({lv for col in level_cols for lv in col.levels}, key=LEVEL_ORDER.index)
        elif options.levels:
            catalog_levels = list(options.levels)
        elif "level_text" in by_field:
            catalog_levels = []  # from the words in the column
        elif self.standard is not None:
            catalog_levels = list(self.standard.levels)
        else:
            catalog_levels = []
            self.problem(
                None,
                "XLS-NO-LEVELS",
                "表格没有公开层级列，本领域也没有标准目录可以参照",
                "用 --levels 指定，例如 --levels 县级,乡级",
            )
        existing = options.existing
        by_key = {(r.item_l1, r.item_l2, r.item_l3): r.id for r in existing.rows} if existing else {}
        rows: list[CatalogRow] = []
        taken: set[str] = set()
        previous: dict[str, str] = {}
        for r in range(first, ws.max_row + 1):
            raw = {col.index: grid.get(r, col.index) for col in columns}
            if not any(raw.values()):
                continue  # blank separator row
            reason = self.skip_reason(r, raw, columns)
            if reason:
                self.skipped.append(reason)
                continue
            row = self.read_row(r, raw, columns, by_field, previous, catalog_levels, level_cols)
            if row is None:
                continue
            seq = row["seq"] or str(len(rows) + 1)
            rid = row["id"] or by_key.get((row["item_l1"], row["item_l2"], row["item_l3"]))
            if not rid or rid in taken:
                rid = _row_id(seq, taken | set(by_key.values()), len(rows) + 1)
            taken.add(rid)
            kept = existing.row(rid) if existing else None
            rows.append(
                CatalogRow(
                    id=rid,
                    seq=seq,
                    item_l1=row["item_l1"],
                    item_l2=row["item_l2"],
                    content=row["content"],
                    basis=row["basis"],
                    time_limit=row["time_limit"],
                    subject=row["subject"],
                    channels=row["channels"],
                    audience=row["audience"],
                    mode=row["mode"],
                    levels=row["levels"],
                    item_l3=row["item_l3"],
                    audience_text=row["audience_text"],
                    note=row["note"],
                    channel_links=row["links"],
                    internal_note=kept.internal_note if kept is not None else None,
                )
            )
        if "level_text" in by_field and not level_cols and not options.levels:
            catalog_levels = [lv for lv in LEVEL_ORDER if any(lv in row.levels for row in rows)]
        if not rows and not self.errors():
            self.problem(None, "XLS-NO-ROWS", "表头下面没有事项", "确认选对了工作表")
        return rows, catalog_levels

    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    def read_row(self, r, raw, columns, by_field, previous, catalog_levels, level_cols) -> dict | None:
        values: dict[str, str] = {}
        ticked_levels: list[str] = []
        ok = True
        for col in columns:
            value = raw[col.index]
            key = f"level:{col.index}" if col.field == "level" else col.field
            if _key(value) in SAME_AS_ABOVE:
                if key not in previous:
                    self.problem(
                        _ref(r, col.index),
                        "XLS-SAME-AS-ABOVE",
                        "写着“同上”，但上面没有可沿用的内容",
                        "写出完整内容",
                    )
                    ok = False
                    continue
                value = previous[key]
            previous[key] = value
            if col.field == "level":
                if _ticked(value):
                    ticked_levels += [lv for lv in col.levels if lv not in ticked_levels]
            else:
                values[col.field] = value

        def cell(field: str) -> str:
            col = by_field.get(field)
            return _ref(r, col.index) if col else f"第 {r} 行"

        if "item_l1" in by_field and not values.get("item_l1") and self.group and values.get("item_l2"):
            # a group whose 一级事项 is written on its first row only (unmerged copies of published tables)
            values["item_l1"] = previous["item_l1"] = self.group
            label = f"{self.group} › {values['item_l2']}"
            self.defaulted.append(Defaulted(r, label, "一级事项", self.group, "上一行的分组"))
        self.group = values.get("item_l1") or self.group
        for field in REQUIRED:
            if field in by_field and not values.get(field):
                self.problem(
                    cell(field),
                    "XLS-CELL-EMPTY",
                    f"{LABELS[field]}为空",
                    "每个事项都要填写该栏，或写“同上”沿用上一事项",
                )
                ok = False
        label = " › ".join(v for v in (values.get("item_l1"), values.get("item_l2")) if v) or f"第 {r} 行"
        standard = self.standard_row(values)
        channels, links = self.read_channels(r, values.get("channels", ""), cell("channels"))
        audience, audience_text = self.read_audience(r, values, cell, label, standard)
        mode = self.read_mode(r, values, cell, label, standard)
        levels = self.read_levels(r, values, cell, label, standard, ticked_levels, catalog_levels, level_cols)
        if not ok or None in (channels, audience, mode, levels):
            return None
        return {
            "seq": values.get("seq", ""),
            "id": values.get("id", ""),
            "item_l1": values["item_l1"],
            "item_l2": values["item_l2"],
            "item_l3": values.get("item_l3") or None,
            "content": values["content"],
            "basis": values["basis"],
            "time_limit": values["time_limit"],
            "subject": values["subject"],
            "channels": channels,
            "links": links,
            "audience": audience,
            "audience_text": audience_text,
            "mode": mode,
            "levels": levels,
            "note": values.get("note") or None,
        }

    def read_channels(self, r: int, text: str, ref: str) -> tuple[list[str] | None, dict[str, str]]:
        if not text:
            return None, {}
        parsed = self.channels.read(text)
        for written, channel in parsed.renamed:
            self.renamed.append((ref, written, channel))
        for url in parsed.stray_urls:
            self.problem(
                ref,
                "XLS-CHANNEL-URL",
                f"网址 {url} 前面没有渠道名称",
                "把网址写在它所属的渠道后面，例如“政府网站 http://www.example.gov.cn/”",
            )
        names = list(parsed.channels)
        for name in parsed.unknown:
            self.unknown.setdefault(name, []).append(ref)
            if self.options.accept_local:
                names.append(name)
        if not names and not parsed.unknown:
            self.problem(
                ref,
                "XLS-CHANNEL-NONE",
                "没有勾选任何公开渠道",
                "■ 表示勾选，□ 表示未勾选；至少勾选一个渠道",
            )
            return None, {}
        return names, {k: v for k, v in parsed.links.items() if k in names}

    def _default(self, r, label, field, option, option_name, standard, from_standard, fix) -> str | list | None:
        if option:
            value = option
            source = f"命令行 {option_name}"
        elif standard is not None:
            value = from_standard(standard)
            source = f"标准目录事项 {standard.id}（{standard.label}）"
        else:
            self.problem(
                f"第 {r} 行",
                "XLS-TICK-EMPTY",
                f"{label}：{field}没有勾选，标准目录中也没有对应的事项可以参照",
                fix,
            )
            return None
        shown = "、".join(value) if isinstance(value, list) else value
        self.defaulted.append(Defaulted(r, label, field, shown, source))
        return value

    def read_audience(self, r, values, cell, label, standard) -> tuple[str | None, str | None]:
        if "audience" in values and values["audience"]:
            word = AUDIENCE_WORDS.get(_key(values["audience"]))
            if word is None:
                if _ticked(values["audience"]) and _mark_text(values["audience"]):
                    return "特定群众", values["audience"].strip()  # the group itself: 项目单位, 申请人
                self.problem(
                    cell("audience"),
                    "XLS-AUDIENCE",
                    f"公开对象“{values['audience']}”无法识别",
                    "写“全社会”或“特定群众”（特定群众可直接写对象，如“项目单位”）",
                )
                return None, None
            return word, None
        specific = values.get("audience_specific", "")
        if _ticked(values.get("audience_all", "")):
            return "全社会", _mark_text(specific) if specific else None
        if specific and _ticked(specific):
            return "特定群众", _mark_text(specific)
        value = self._default(
            r,
            label,
            "公开对象",
            self.options.audience,
            "--objects",
            standard,
            lambda s: s.audience,
            "勾选“全社会”或“特定群众”；整列都没有勾选时，用 --objects 全社会 指定",
        )
        text = standard.audience_text if value and standard is not None and not self.options.audience else None
        return value, text

    def read_mode(self, r, values, cell, label, standard) -> str | None:
        if "mode" in values and values["mode"]:
            word = MODE_WORDS.get(_key(values["mode"]))
            if word is None:
                self.problem(
                    cell("mode"),
                    "XLS-MODE",
                    f"公开方式“{values['mode']}”无法识别",
                    "写“主动公开”或“依申请公开”",
                )
            return word
        proactive, on_request = _ticked(values.get("mode_proactive", "")), _ticked(values.get("mode_on_request", ""))
        if proactive and on_request:
            self.problem(
                cell("mode_proactive"),
                "XLS-MODE-BOTH",
                f"{label}：同时勾选了主动和依申请，按主动公开导入",
                "如该事项只依申请公开，去掉“主动”一栏的勾",
                INFO,
            )
        if proactive:
            return "主动"
        if on_request:
            return "依申请"
        return self._default(
            r,
            label,
            "公开方式",
            self.options.mode,
            "--modes",
            standard,
            lambda s: s.mode,
            "勾选“主动”或“依申请”；整列都没有勾选时，用 --modes 主动 指定",
        )

    def read_levels(self, r, values, cell, label, standard, ticked, catalog_levels, level_cols) -> list[str] | None:
        if level_cols and ticked:
            return sorted(ticked, key=LEVEL_ORDER.index)
        if not level_cols and values.get("level_text"):
            found: list[str] = []
            for word in re.split(r"[、，,；;/\s]+", values["level_text"]):
                key = _key(word)
                if key in ("乡", "镇"):  # "县级、乡、村级" splits inside 乡、村级
                    key = "乡级"
                levels = LEVEL_SUBS.get(key) or LEVEL_SUBS.get(key + "级")
                if levels is None:
                    self.problem(
                        cell("level_text"),
                        "XLS-LEVEL-VALUE",
                        f"公开层级“{word}”无法识别",
                        "写 市级、县级、乡级、村级 中的一个或几个，用顿号隔开",
                    )
                    return None
                found += [lv for lv in levels if lv not in found]
            return sorted(found, key=LEVEL_ORDER.index)
        if not level_cols and self.options.levels:
            return list(self.options.levels)
        value = self._default(
            r,
            label,
            "公开层级",
            self.options.levels if level_cols else None,
            "--levels",
            standard,
            lambda s: [lv for lv in s.levels if not catalog_levels or lv in catalog_levels] or list(s.levels),
            "勾选公开层级；整列都没有勾选时，用 --levels 县级,乡级 指定",
        )
        return sorted(value, key=LEVEL_ORDER.index) if value else None


# -- import: workbooks ------------------------------------------------------------------------------------


def _meta(wb) -> dict[str, dict]:
    if META_SHEET not in wb.sheetnames:
        return {}
    ws = wb[META_SHEET]
    head = [_norm(c.value) for c in ws[1]]
    return {
        _norm(row[0]): dict(zip(head, (_norm(v) for v in row), strict=False))
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[0]
    }


def read_workbook(path: str, options: ImportOptions | None = None) -> WorkbookImport:
    """Read one catalog from `path` (the sheet of options.domain_id when the workbook holds several), with every
    problem of the sheet; `catalog` is None when any of them is an error."""
    options = options or ImportOptions()
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    result = WorkbookImport(name, "", None, [], [], {}, [], [], [])
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not .xlsx
        result.problems.append(
            SheetProblem(
                "—",
                None,
                "XLS-FILE",
                f"无法读取该文件（{exc}）",
                "只支持 .xlsx；.xls 和 .et 请先用 Excel 或 WPS 另存为 .xlsx",
            )
        )
        return result
    meta = _meta(wb)
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET and ws.sheet_state == "visible"]
    domain_id, names = options.domain_id, options.domain_names
    if domain_id:
        chosen = [
            ws
            for ws in sheets
            if meta.get(ws.title, {}).get("domain") == domain_id or ws.title in (domain_id, names.get(domain_id))
        ]
        ws = chosen[0] if chosen else (sheets[0] if len(sheets) == 1 else None)
    else:
        ws = sheets[0] if len(sheets) == 1 else None
    if ws is None:
        listed = "、".join(s.title for s in sheets)
        result.problems.append(
            SheetProblem(
                "—",
                None,
                "XLS-SHEET",
                f"工作簿有 {len(sheets)} 个工作表（{listed}）"
                + (f"，没有领域 {domain_id}（{names.get(domain_id, domain_id)}）的工作表" if domain_id else ""),
                "用 --domain 指定要导入的领域（领域 id，例如 shehui-jiuzhu）；工作表名写领域名称，例如“社会救助”",
            )
        )
        return result
    result.sheet = ws.title
    info = meta.get(ws.title, {})
    by_title = next((d for d, n in names.items() if n == ws.title), None)
    domain = domain_id or info.get("domain") or by_title or (options.existing.domain_id if options.existing else None)
    reader = _SheetReader(ws, options, options.standards.get(domain) if domain else None)
    rows, levels = reader.read()
    result.problems += reader.problems
    result.defaulted, result.renamed, result.skipped = reader.defaulted, reader.renamed, reader.skipped
    result.unknown_channels = reader.unknown
    if reader.unknown and options.accept_local:
        result.new_channels = list(reader.unknown)
    elif reader.unknown:
        listed = "；".join(
            f"“{n}”（{'、'.join(cells[:5])}{' 等' if len(cells) > 5 else ''}）" for n, cells in reader.unknown.items()
        )
        result.problems.append(
            SheetProblem(
                ws.title,
                None,
                "XLS-CHANNEL-UNKNOWN",
                f"{len(reader.unknown)} 个公开渠道不在渠道清单中：{listed}",
                "确是本地平台或载体的，加 --accept-local 导入并写入 catalogs/channels.yml；"
                "否则改写为 13 项通用渠道之一（政府网站、政府公报、两微一端 …）",
            )
        )
    if not domain:
        result.problems.append(
            SheetProblem(
                ws.title,
                None,
                "XLS-DOMAIN",
                "无法确定领域",
                "用 --domain 指定，例如 --domain shehui-jiuzhu",
            )
        )
    if result.errors:
        return result
    existing = options.existing
    result.catalog = Catalog(
        domain,
        options.title or info.get("title") or reader.title or (existing.title if existing else ""),
        options.compiled_by or info.get("compiled_by") or (existing.compiled_by if existing else ""),
        [lv for lv in LEVEL_ORDER if lv in set(levels)],
        rows,
        path,
    )
    return result


def import_workbook(
    path: str,
    domain_id: str | None = None,
    domain_names: dict[str, str] | None = None,
    levels_default: list[str] | None = None,
    existing: Catalog | None = None,
    compiled_by: str | None = None,
    title: str | None = None,
    local_channels: Sequence[str] = (),
) -> Catalog:
    """Read one catalog from `path`; raise ExcelFormatError listing every problem (sheet, cell, fix)."""
    result = read_workbook(
        path,
        ImportOptions(
            domain_id=domain_id,
            domain_names=domain_names or {},
            levels=levels_default,
            existing=existing,
            compiled_by=compiled_by,
            title=title,
            local_channels=local_channels,
        ),
    )
    if result.catalog is None:
        raise ExcelFormatError(result.report())
    return result.catalog


# -- YAML ---------------------------------------------------------------------------------------------

ROW_KEYS = [
    "id",
    "seq",
    "item_l1",
    "item_l2",
    "item_l3",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "audience_text",
    "mode",
    "levels",
    "note",
    "channel_links",
    "internal_note",
]


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style='"' if value[:1].isdigit() or "\n" in value else None
    )


def _dict(dumper, value):
    flow = all(isinstance(v, str) for v in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


def _list(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=all(isinstance(v, str) for v in value))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def catalog_yaml(catalog: Catalog, source: str = "") -> str:
    """The catalog file text (catalogs/standard/<domain>.yml format), readable by the strict loader."""
    head = {
        "domain": catalog.domain_id,
        "title": catalog.title,
        "compiled_by": catalog.compiled_by,
        "levels": list(catalog.levels),
    }
    rows = [{k: getattr(r, k) for k in ROW_KEYS if getattr(r, k) not in (None, "", {})} for r in catalog.rows]
    body = yaml.dump(head, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000)
    body += yaml.dump(
        {"rows": rows}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False
    )
    comment = f"# {catalog.title}" + (f"（由 gongkai catalog import 从 {source} 导入）" if source else "") + "\n"
    return comment + body
