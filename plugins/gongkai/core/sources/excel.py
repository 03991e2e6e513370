"""Catalogs ⇄ Excel in the official layout (no MkDocs imports; openpyxl).

Export writes what staff receive and print: a title row, the two-row header (序号 | 公开事项: 一级事项,
二级事项 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象: 全社会, 特定群众 |
公开方式: 主动, 依申请 | 公开层级: 县级, 乡级 … | 备注 | 事项标识), 一级事项 cells merged over their rows, √
marks, channels as ■/□ lists. The last column 事项标识 (hidden) keeps the row ids, and a hidden sheet
``gongkai`` records domain, title and compiling unit, so that export → import is lossless.

Import reads the layouts found in practice: one- or two-row headers whose texts vary (公开对象 / 特定群体 /
特定对象, 公开方式 / 主动公开 / 依申请公开, 公开层级 columns 县级 / 乡级 / 乡、村级 / 镇、村级 …), merged cells
(any merged cell counts for every cell it covers), √ / ✓ / ■ (ticked) and □ / ○ (not ticked), 同上 (the
cell above), blank separator rows. A header it cannot map fails naming the column; so does a row missing a
required cell. Row ids come from the 事项标识 column, else from an existing catalog file (same 一级/二级/三级
事项), else from the 序号 (``r01``, ``r13-1``) — deterministic, never pinyin.
"""

from __future__ import annotations

import dataclasses
import re

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..model.entities import Catalog, CatalogRow
from .registry import CHANNELS, LOCAL_CHANNELS

META_SHEET = "gongkai"
NATIONAL_CHANNELS = [
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
]
TICKED = {"√", "✓", "✔", "■", "☑", "●", "是", "v", "V"}
UNTICKED = {"□", "○", "〇", "☐", "×", "否", ""}
SAME_AS_ABOVE = {"同上", "同上。", "同上述", "〃"}
LEVEL_ORDER = ["市级", "县级", "乡级", "村级"]


class ExcelFormatError(ValueError):
    """The workbook is not in a layout we can read; the message names the sheet, cell or column and the fix."""


# -- export -------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")


def _spans(rows: list[CatalogRow]) -> list[int]:
    spans, start = [0] * len(rows), 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i].item_l1 != rows[start].item_l1:
            spans[start] = i - start
            start = i
    return spans


def _channels_cell(channels: list[str]) -> str:
    lines = [f"■{c}" for c in channels] + [f"□{c}" for c in NATIONAL_CHANNELS if c not in channels]
    return "\n".join(lines)


def write_sheet(ws, catalog: Catalog) -> None:
    """One catalog on one worksheet in the official layout."""
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
    ws.cell(1, 1, catalog.title).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = _CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
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
            cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), _CENTER, _BORDER, _HEAD_FILL
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
                _channels_cell(row.channels),
                "√" if row.audience == "全社会" else "",
                row.audience_text or ("√" if row.audience == "特定群众" else ""),
                "√" if row.mode == "主动" else "",
                "√" if row.mode == "依申请" else "",
            ]
        )
        values += ["√" if lv in row.levels else "" for lv in catalog.levels]
        values += [row.note or "", row.id]
        for c, value in enumerate(values, 1):
            cell = ws.cell(r, c, value if value != "" else None)
            cell.border = _BORDER
            cell.alignment = _CENTER if value in ("√",) or c == 1 else _WRAP
        if spans[i] > 1:  # write the cell once; openpyxl blanks the covered ones
            merges.append((r, r + spans[i] - 1))
    for first, last in merges:
        for r in range(first + 1, last + 1):
            ws.cell(r, 2).value = None
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    widths = (
        [6, 12, 14] + ([14] if l3 else []) + [36, 30, 22, 18, 24, 6, 8, 6, 6] + [6] * len(catalog.levels) + [20, 14]
    )
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.column_dimensions[get_column_letter(ncols)].hidden = True  # 事项标识: for lossless round trips
    ws.freeze_panes = "A4"


def export_workbook(catalogs: list[Catalog], path: str, unit_id: str | None = None) -> None:
    """Write the catalogs (one sheet each, named by domain) and the hidden metadata sheet to `path`."""
    wb = Workbook()
    wb.remove(wb.active)
    meta = []
    for catalog in catalogs:
        name = _sheet_name(catalog, {m[0] for m in meta})
        write_sheet(wb.create_sheet(name), catalog)
        meta.append((name, catalog.domain_id, catalog.title, catalog.compiled_by, unit_id or ""))
    ws = wb.create_sheet(META_SHEET)
    ws.append(["工作表", "domain", "title", "compiled_by", "unit"])
    for m in meta:
        ws.append(list(m))
    ws.sheet_state = "hidden"
    wb.save(path)


def _sheet_name(catalog: Catalog, taken: set[str]) -> str:
    base = re.sub(r"[\\/*?:\[\]]", "", catalog.domain_id)[:31]
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:28]}-{n}", n + 1
    return name


# -- import -------------------------------------------------------------------------------------------


def _norm(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ")
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
    "备注": "note",
    "事项标识": "id",
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
CHANNEL_SYNONYMS = {
    "社区/村公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
    "村居/企事业单位公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "发布会、听证会": "发布会/听证会",
    "入户、现场": "入户/现场",
    "两微一端（微博、微信、客户端）": "两微一端",
}
REQUIRED = ["item_l1", "item_l2", "content", "basis", "time_limit", "subject", "channels"]
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
    "note": "备注",
    "id": "事项标识",
}


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
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.origin[(r, c)] = (rng.min_row, rng.min_col)

    def get(self, r: int, c: int) -> str:
        r0, c0 = self.origin.get((r, c), (r, c))
        return _norm(self.ws.cell(r0, c0).value)

    def merged_with(self, r: int, c: int, other: tuple[int, int]) -> bool:
        return self.origin.get((r, c)) == self.origin.get(other) is not None


def _ref(r: int, c: int) -> str:
    return f"{get_column_letter(c)}{r}"


def _find_header(grid: _Grid, sheet: str) -> int:
    for r in range(1, min(grid.ws.max_row, 20) + 1):
        keys = {_key(grid.get(r, c)) for c in range(1, grid.ws.max_column + 1)}
        if keys & {"公开事项", "一级事项"} and keys & {"公开时限", "公开依据", "公开内容（要素）", "公开内容"}:
            return r
    raise ExcelFormatError(f"工作表“{sheet}”的前 20 行中找不到表头（应含“公开事项”或“一级事项”以及“公开时限”等列）")


def _map_columns(grid: _Grid, header: int, sheet: str) -> tuple[list[Column], int]:
    ws = grid.ws
    sub_row = header + 1
    known_subs = set(ITEM_SUBS) | set(AUDIENCE_SUBS) | set(MODE_SUBS) | set(LEVEL_SUBS)
    two_rows = any(
        _key(grid.get(sub_row, c)) in known_subs and not grid.merged_with(sub_row, c, (header, c))
        for c in range(1, ws.max_column + 1)
    )
    columns: list[Column] = []
    for c in range(1, ws.max_column + 1):
        top = _key(grid.get(header, c))
        sub = _key(grid.get(sub_row, c)) if two_rows and not grid.merged_with(sub_row, c, (header, c)) else ""
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
            raise ExcelFormatError(
                f"工作表“{sheet}”第 {get_column_letter(c)} 列的表头“{shown}”无法识别。"
                "可识别的表头：序号、公开事项（一级事项、"
                "二级事项、三级事项）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象（全社会、特定群众/"
                "特定群体/特定对象）、公开方式（主动/主动公开、依申请/依申请公开）、"
                "公开层级（县级、乡级、村级、乡、村级、镇、村级 …）、"
                "备注、事项标识；请改写该列表头，或删除该列"
            )
        if field != "level" and any(col.field == field for col in columns):
            raise ExcelFormatError(f"工作表“{sheet}”第 {get_column_letter(c)} 列“{LABELS[field]}”重复出现")
        columns.append(Column(c, field, levels))
    present = {col.field for col in columns}
    missing = [LABELS[f] for f in REQUIRED if f not in present]
    if "audience_all" not in present and "audience_specific" not in present:
        missing.append("公开对象")
    if "mode_proactive" not in present and "mode_on_request" not in present:
        missing.append("公开方式")
    if missing:
        raise ExcelFormatError(f"工作表“{sheet}”缺少必需的列：{'、'.join(missing)}")
    return columns, (sub_row + 1 if two_rows else header + 1)


def _ticked(value: str) -> bool:
    return _key(value) not in UNTICKED


def _mark_text(value: str) -> str | None:
    """Text written in a 特定群众 cell instead of a tick (e.g. 项目单位), or None for a plain mark."""
    v = _key(value)
    return None if v in TICKED or v in UNTICKED else value.strip()


def _channels(value: str, ref: str) -> list[str]:
    allowed = CHANNELS + LOCAL_CHANNELS
    result = []
    for token in re.split(r"[\n\r、，,；;]+|\s{2,}", value):
        token = _key(token)
        if not token or token[0] in "□○☐":
            continue
        token = token.lstrip("■√✓✔☑●").strip()
        token = token.replace("(", "（").replace(")", "）")
        token = CHANNEL_SYNONYMS.get(token, token)
        if token not in allowed:
            raise ExcelFormatError(
                f"单元格 {ref} 的公开渠道“{token}”不在渠道清单中。可选："
                + "、".join(allowed)
                + "（本地渠道可先加入 plugins/gongkai/core/sources/registry.py 的 LOCAL_CHANNELS）"
            )
        if token not in result:
            result.append(token)
    return result


def _row_id(seq: str, taken: set[str], index: int) -> str:
    m = re.fullmatch(r"(\d+)((?:[-.－—]\d+)*)", seq)
    base = f"r{int(m.group(1)):02d}" + re.sub(r"[.－—]", "-", m.group(2)) if m else f"r{index:02d}"
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    return rid


def read_sheet(
    ws, levels_default: list[str] | None = None, existing: Catalog | None = None
) -> tuple[list[CatalogRow], list[str], str]:
    """(rows, catalog levels, title) of one worksheet; raises ExcelFormatError naming the cell or column."""
    grid = _Grid(ws)
    header = _find_header(grid, ws.title)
    columns, first = _map_columns(grid, header, ws.title)
    title = next((grid.get(r, c) for r in range(1, header) for c in range(1, ws.max_column + 1) if grid.get(r, c)), "")
    level_cols = [col for col in columns if col.field == "level"]
    catalog_levels = (
        sorted({lv for col in level_cols for lv in col.levels}, key=LEVEL_ORDER.index)
        if level_cols
        else list(levels_default or [])
    )
    if not catalog_levels:
        raise ExcelFormatError(f"工作表“{ws.title}”没有公开层级列：请用 --levels 指定，例如 --levels 县级,乡级")
    by_key = {(r.item_l1, r.item_l2, r.item_l3): r.id for r in existing.rows} if existing else {}
    rows: list[CatalogRow] = []
    taken: set[str] = set()
    previous: dict[str, str] = {}
    for r in range(first, ws.max_row + 1):
        raw = {col.index: grid.get(r, col.index) for col in columns}
        if not any(raw.values()):
            continue  # blank separator row
        values: dict[str, str] = {}
        levels: list[str] = []
        for col in columns:
            value = raw[col.index]
            if _key(value) in SAME_AS_ABOVE:
                key = f"level:{col.index}" if col.field == "level" else col.field
                if key not in previous:
                    raise ExcelFormatError(f"单元格 {_ref(r, col.index)} 写着“同上”，但上面没有可沿用的内容")
                value = previous[key]
            previous[f"level:{col.index}" if col.field == "level" else col.field] = value
            if col.field == "level":
                if _ticked(value):
                    levels += [lv for lv in col.levels if lv not in levels]
            else:
                values[col.field] = value
        for field in REQUIRED:
            if not values.get(field):
                cell = next(col.index for col in columns if col.field == field)
                raise ExcelFormatError(
                    f"单元格 {_ref(r, cell)}（{LABELS[field]}）为空：每个事项都要填写该栏，或写“同上”"
                )
        ref = lambda f: _ref(r, next(col.index for col in columns if col.field == f))  # noqa: E731
        channels = _channels(values["channels"], ref("channels"))
        if not channels:
            raise ExcelFormatError(f"单元格 {ref('channels')} 没有勾选任何公开渠道（■ 表示勾选，□ 表示未勾选）")
        specific = values.get("audience_specific", "")
        if _ticked(values.get("audience_all", "")):
            audience, audience_text = "全社会", _mark_text(specific) if specific else None
        elif specific and _ticked(specific):
            audience, audience_text = "特定群众", _mark_text(specific)
        else:
            raise ExcelFormatError(f"第 {r} 行没有勾选公开对象（全社会或特定群众）")
        if _ticked(values.get("mode_proactive", "")):
            mode = "主动"
        elif _ticked(values.get("mode_on_request", "")):
            mode = "依申请"
        else:
            raise ExcelFormatError(f"第 {r} 行没有勾选公开方式（主动或依申请）")
        if not level_cols:
            levels = list(catalog_levels)
        if not levels:
            raise ExcelFormatError(f"第 {r} 行没有勾选任何公开层级")
        levels.sort(key=LEVEL_ORDER.index)
        seq = values.get("seq") or str(len(rows) + 1)
        item_l3 = values.get("item_l3") or None
        rid = values.get("id") or by_key.get((values["item_l1"], values["item_l2"], item_l3))
        if not rid or rid in taken:
            rid = _row_id(seq, taken | set(by_key.values()), len(rows) + 1)
        taken.add(rid)
        rows.append(
            CatalogRow(
                id=rid,
                seq=seq,
                item_l1=values["item_l1"],
                item_l2=values["item_l2"],
                content=values["content"],
                basis=values["basis"],
                time_limit=values["time_limit"],
                subject=values["subject"],
                channels=channels,
                audience=audience,
                mode=mode,
                levels=levels,
                item_l3=item_l3,
                audience_text=audience_text,
                note=values.get("note") or None,
            )
        )
    if not rows:
        raise ExcelFormatError(f"工作表“{ws.title}”的表头下面没有事项")
    return rows, catalog_levels, title


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


def import_workbook(
    path: str,
    domain_id: str | None = None,
    domain_names: dict[str, str] | None = None,
    levels_default: list[str] | None = None,
    existing: Catalog | None = None,
    compiled_by: str | None = None,
    title: str | None = None,
) -> Catalog:
    """Read one catalog from `path` (the sheet of `domain_id` when the workbook holds several)."""
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not .xlsx
        raise ExcelFormatError(f"无法读取 {path}：{exc}（只支持 .xlsx；.xls 请先用 Excel/WPS 另存为 .xlsx）") from None
    meta = _meta(wb)
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET and ws.sheet_state == "visible"]
    names = domain_names or {}
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
        raise ExcelFormatError(
            f"工作簿有 {len(sheets)} 个工作表（{'、'.join(s.title for s in sheets)}），"
            + ("找不到领域 " + domain_id + " 的工作表" if domain_id else "请用 --domain 指定要导入的领域")
        )
    info = meta.get(ws.title, {})
    rows, levels, sheet_title = read_sheet(ws, levels_default, existing)
    domain = domain_id or info.get("domain") or (existing.domain_id if existing else None)
    if not domain:
        raise ExcelFormatError("无法确定领域：请用 --domain 指定，例如 --domain shehui-jiuzhu")
    unit_levels = [lv for lv in LEVEL_ORDER if lv in set(levels)]
    return Catalog(
        domain,
        title or info.get("title") or sheet_title or (existing.title if existing else ""),
        compiled_by or info.get("compiled_by") or (existing.compiled_by if existing else ""),
        unit_levels,
        rows,
        path,
    )


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
]


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style='"' if value[:1].isdigit() or "\n" in value else None
    )


def _list(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=all(isinstance(v, str) for v in value))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def catalog_yaml(catalog: Catalog, source: str = "") -> str:
    """The catalog file text (catalogs/standard/<domain>.yml format), readable by the strict loader."""
    head = {
        "domain": catalog.domain_id,
        "title": catalog.title,
        "compiled_by": catalog.compiled_by,
        "levels": list(catalog.levels),
    }
    rows = [{k: getattr(r, k) for k in ROW_KEYS if getattr(r, k) not in (None, "")} for r in catalog.rows]
    body = yaml.dump(head, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000)
    body += yaml.dump(
        {"rows": rows}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False
    )
    comment = f"# {catalog.title}" + (f"; imported from {source} by gongkai catalog import" if source else "") + "\n"
    return comment + body
