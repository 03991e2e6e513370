"""The office's 依申请公开登记台账 in Excel → ``requests.yml`` of a 年报 ledger (no MkDocs imports; openpyxl).

Offices keep their register of information requests as a workbook, one row per request, with columns whose
names vary from office to office. Columns are mapped by their header text (a synonym list per field, first
matching header row within the first 10 rows):

=================== ===========================================================================================
编号 (id)            编号, 申请编号, 受理编号, 登记编号, 登记号, 流水号; without one, 序号 gives ``<year>-<序号>``
收到日期 (received)   收到申请日期, 收到日期, 申请日期, 受理日期, 登记日期, 申请时间, 收件日期
申请人类型            申请人类型, 申请人类别, 申请主体类型, 申请人性质, 申请人身份, 申请人分类
办理结果 (outcome)    办理结果, 答复结果, 处理结果, 答复类型, 答复情况, 办理结果类型, 答复方式
办结日期 (closed)     办结日期, 答复日期, 告知日期, 办理完成日期, 答复时间, 办结时间
延期答复 (extended)   是否延期, 延期答复, 延长答复期限, 是否延期答复
不计入期限的工作日     征求意见天数, 征求第三方意见工作日, 不计入期限的工作日, 扣除工作日
上年结转              上年结转, 是否上年结转
=================== ===========================================================================================

Dates may be Excel dates or text (2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日). Applicant types are read as
the six columns of 表三 (公民 and 个人 are 自然人, 企业 and 公司 商业企业, 律师事务所 法律服务机构 …); an outcome is
one of the 表三 rows, written plainly (予以公开) or with its group (不予公开（属于国家秘密）, 无法提供-本机关不掌握…).
A request received before the ledger's year is a 上年结转 request. Columns with the applicant's name, contact,
the request's content or remarks are never copied (personal information stays in the office's register);
every column that is not read is named in the result, so nothing is dropped unseen.

Every problem of the sheet is collected with its cell and fix; the records then go through the same checks as a
hand-written requests.yml (core/sources/ledgers.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..base.problems import ERROR, INFO
from .excel import SheetProblem
from .ledgers import APPLICANTS, OUTCOMES, Request, b_row_key

HEADERS = {
    "id": ("编号", "申请编号", "受理编号", "登记编号", "登记号", "流水号", "申请单号"),
    "seq": ("序号",),
    "received": (
        "收到申请日期",
        "收到日期",
        "申请日期",
        "受理日期",
        "登记日期",
        "申请时间",
        "收件日期",
        "收到申请时间",
    ),
    "applicant": ("申请人类型", "申请人类别", "申请主体类型", "申请人性质", "申请人身份", "申请人分类"),
    "outcome": ("办理结果", "答复结果", "处理结果", "答复类型", "答复情况", "办理结果类型", "答复方式"),
    "closed": ("办结日期", "答复日期", "告知日期", "办理完成日期", "答复时间", "办结时间"),
    "extended": ("是否延期", "延期答复", "延长答复期限", "是否延期答复"),
    "excluded_workdays": ("征求意见天数", "征求第三方意见工作日", "不计入期限的工作日", "扣除工作日"),
    "carried_over": ("上年结转", "是否上年结转"),
}
LABELS = {
    "id": "编号",
    "seq": "序号",
    "received": "收到日期",
    "applicant": "申请人类型",
    "outcome": "办理结果",
    "closed": "办结日期",
    "extended": "延期答复",
    "excluded_workdays": "不计入期限的工作日",
    "carried_over": "上年结转",
}
# personal information and free text (the request, remarks): never copied into the repository
PRIVATE = (
    "申请人",
    "姓名",
    "名称",
    "联系",
    "电话",
    "手机",
    "身份证",
    "证件",
    "地址",
    "邮箱",
    "邮编",
    "申请内容",
    "所需信息",
    "备注",
)
APPLICANT_WORDS = {
    "自然人": "自然人",
    "公民": "自然人",
    "个人": "自然人",
    "群众": "自然人",
    "商业企业": "商业企业",
    "企业": "商业企业",
    "公司": "商业企业",
    "科研机构": "科研机构",
    "科研院所": "科研机构",
    "社会公益组织": "社会公益组织",
    "公益组织": "社会公益组织",
    "法律服务机构": "法律服务机构",
    "律师事务所": "法律服务机构",
    "律所": "法律服务机构",
    "其他": "其他",
    "其他组织": "其他",
}
YES = {"是", "√", "✓", "有", "y", "Y", "yes", "true"}
NO = {"否", "", "无", "×", "n", "N", "no", "false", "—", "-", "/"}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


@dataclasses.dataclass
class RegisterImport:
    path: str
    sheet: str
    requests: list[Request]
    problems: list[SheetProblem]
    ignored: list[str]  # headers of columns not read (personal information, free text)

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    def report(self) -> str:
        lines = [f"{self.path} {p}" for p in self.problems]
        if self.errors:
            lines.append(f"共 {len(self.errors)} 个问题；未写入任何文件。")
        return "\n".join(lines)


def _key(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("(", "（").replace(")", "）")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def read_date(value) -> dt.date | None:
    """A date as offices type it, or None when it is not one (a number is not: its meaning is unknown)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE_RE.match(_text(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_outcome(text: str) -> str | None:
    """The 表三 row key of an outcome as written: 予以公开, 不予公开（属于国家秘密）, 无法提供-本机关不掌握…"""
    key = _key(text).strip("。")
    direct = b_row_key(key)
    if direct and direct.startswith("3."):
        return direct
    found = [name for name in OUTCOMES if name in key]
    found = [n for n in found if not any(n != other and n in other for other in found)]
    if len(found) == 1:
        return OUTCOMES[found[0]]
    if key in ("公开", "同意公开", "全部公开", "已公开"):
        return OUTCOMES["予以公开"]
    return None


class _RegisterReader:
    def __init__(self, ws, year: int):
        self.ws, self.year, self.sheet = ws, year, ws.title
        self.problems: list[SheetProblem] = []
        self.ignored: list[str] = []

    def problem(self, cell: str | None, code: str, message: str, fix: str, severity: str = ERROR) -> None:
        self.problems.append(SheetProblem(self.sheet, cell, code, message, fix, severity))

    def header(self) -> tuple[int, dict[str, int]] | None:
        for r in range(1, min(self.ws.max_row, 10) + 1):
            cells = {c: _key(self.ws.cell(r, c).value) for c in range(1, self.ws.max_column + 1)}
            columns = {field: c for field, names in HEADERS.items() for c, text in cells.items() if text in names}
            if {"received", "applicant"} <= set(columns):
                for c, text in cells.items():
                    if text and c not in columns.values():
                        private = any(word in text for word in PRIVATE)
                        self.ignored.append(
                            f"{get_column_letter(c)} 列“{text}”" + ("（个人信息，不导入）" if private else "")
                        )
                return r, columns
        self.problem(
            None,
            "REG-NO-HEADER",
            "前 10 行中找不到台账的表头（至少要有“收到申请日期”和“申请人类型”两列）",
            "确认选对了工作表；表头文字可用：" + "、".join(names[0] for names in HEADERS.values()),
        )
        return None

    def read(self) -> list[Request]:
        found = self.header()
        if found is None:
            return []
        head, columns = found
        for field in ("outcome", "closed"):
            if field not in columns:
                self.problem(
                    None,
                    "REG-COLUMN-MISSING",
                    f"台账没有“{LABELS[field]}”列",
                    f"补上该列（表头可写：{'、'.join(HEADERS[field])}）；尚未办结的申请留空",
                )
        requests, seen = [], {}
        for r in range(head + 1, self.ws.max_row + 1):
            values = {field: self.ws.cell(r, c).value for field, c in columns.items()}
            if not any(_text(v) for v in values.values()):
                continue  # a blank row
            request = self.read_row(r, values, columns)
            if request is None:
                continue
            if request.id in seen:
                self.problem(
                    self.ref(r, columns, "id"),
                    "REG-DUP-ID",
                    f"编号“{request.id}”与第 {seen[request.id]} 行重复",
                    "每件申请使用唯一编号",
                )
                continue
            seen[request.id] = r
            requests.append(request)
        if not requests and not self.problems:
            self.problem(
                None, "REG-NO-ROWS", "表头下面没有申请记录", f"确认选对了工作表；{self.year} 年没有申请时不必导入"
            )
        return requests

    @staticmethod
    def ref(r: int, columns: dict[str, int], field: str) -> str:
        return f"{get_column_letter(columns[field])}{r}" if field in columns else f"第 {r} 行"

    def read_row(self, r: int, values: dict, columns: dict[str, int]) -> Request | None:
        ok = True

        def bad(field: str, code: str, message: str, fix: str) -> None:
            nonlocal ok
            ok = False
            self.problem(self.ref(r, columns, field), code, message, fix)

        rid = _text(values.get("id"))
        if not rid:
            seq = _text(values.get("seq"))
            rid = f"{self.year}-{seq}" if seq else ""
        if not rid:
            bad("id", "REG-NO-ID", "没有编号", "填写申请编号（或序号）")
        received = read_date(values.get("received"))
        if received is None:
            bad(
                "received",
                "REG-BAD-DATE",
                f"收到日期“{_text(values.get('received'))}”不是日期",
                "写成 2025-03-05 或 2025年3月5日，或把单元格设为日期格式",
            )
        applicant = APPLICANT_WORDS.get(_key(values.get("applicant")))
        if applicant is None:
            written = _text(values.get("applicant"))
            bad(
                "applicant",
                "REG-APPLICANT",
                f"申请人类型“{written}”无法对应表三的申请人列"
                + ("（“法人或其他组织”须分到具体类别）" if "法人" in written else ""),
                "写 " + "、".join(APPLICANTS) + " 之一",
            )
        closed_text = _text(values.get("closed"))
        closed = read_date(values.get("closed")) if closed_text else None
        if closed_text and closed is None:
            bad("closed", "REG-BAD-DATE", f"办结日期“{closed_text}”不是日期", "写成 2025-03-20，或留空（尚未办结）")
        outcome_text = _text(values.get("outcome"))
        outcome = read_outcome(outcome_text) if outcome_text else None
        if outcome_text and outcome is None:
            bad(
                "outcome",
                "REG-OUTCOME",
                f"办理结果“{outcome_text}”无法对应表三的办理结果",
                "写表三的一种办理结果，例如 " + "、".join(list(OUTCOMES)[:6]) + " …（全部见 docs/report.md 第 5 节）",
            )
        extended = self.flag(r, columns, values, "extended", bad)
        carried = self.flag(r, columns, values, "carried_over", bad)
        excluded_text = _text(values.get("excluded_workdays"))
        excluded = int(excluded_text) if excluded_text.isdigit() else 0
        if excluded_text and not excluded_text.isdigit():
            bad("excluded_workdays", "REG-NUMBER", f"“{excluded_text}”不是工作日数", "写非负整数，例如 8；没有就留空")
        if not ok:
            return None
        carried_over = carried or received.year < self.year
        return Request(rid, received, applicant, outcome, closed, carried_over, extended, excluded, r)

    def flag(self, r, columns, values, field, bad) -> bool:
        text = _text(values.get(field))
        if text in YES:
            return True
        if text not in NO:
            bad(field, "REG-FLAG", f"{LABELS[field]}“{text}”应为“是”或“否”", "写“是”或“否”（留空表示否）")
        return False


def read_register(path: str, year: int, sheet: str | None = None) -> RegisterImport:
    """The requests of `year` in the office's register workbook at `path` (its first sheet, or `sheet`)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    result = RegisterImport(name, "", [], [], [])
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not .xlsx
        result.problems.append(
            SheetProblem(
                "—", None, "REG-FILE", f"无法读取该文件（{exc}）", "只支持 .xlsx；.xls 和 .et 请先另存为 .xlsx"
            )
        )
        return result
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    ws = next((w for w in visible if w.title == sheet), None) if sheet else (visible[0] if visible else None)
    if ws is None:
        listed = "、".join(w.title for w in visible)
        result.problems.append(
            SheetProblem(
                "—", None, "REG-SHEET", f"工作簿中没有工作表“{sheet}”（有：{listed}）", "用 --sheet 写出工作表名称"
            )
        )
        return result
    reader = _RegisterReader(ws, year)
    result.sheet = ws.title
    result.requests = reader.read()
    result.problems = reader.problems
    result.ignored = reader.ignored
    for request in result.requests:
        if request.received.year > year:
            result.problems.append(
                SheetProblem(
                    ws.title,
                    f"第 {request.line} 行",
                    "REG-OTHER-YEAR",
                    f"申请 {request.id} 于 {request.received} 收到，不属于 {year} 年度，未导入",
                    f"导入 {request.received.year} 年度台账时再导入",
                    INFO,
                )
            )
    result.requests = [r for r in result.requests if r.received.year <= year]
    return result


def _yaml(value: str) -> str:
    return (
        value if re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*", value) else json.dumps(value, ensure_ascii=False)
    )


def requests_yaml(requests: list[Request], source: str, unit_name: str, year: int) -> str:
    """requests.yml text for the records (outcome written as its 表三 name)."""
    names = {key: name for name, key in OUTCOMES.items()}
    lines = [
        f"# {unit_name} {year} 年依申请公开登记台账（由 gongkai nianbao import 从 {source} 导入；"
        "申请人个人信息未导入）",
        "requests:",
    ]
    for r in sorted(requests, key=lambda r: (r.received, r.id)):
        lines.append(f"  - id: {_yaml(r.id)}")
        lines.append(f"    received: {r.received.isoformat()}")
        lines.append(f"    applicant: {r.applicant}")
        if r.carried_over:
            lines.append("    carried_over: true")
        if r.outcome_key:
            lines.append(f"    outcome: {_yaml(names[r.outcome_key])}")
        if r.closed:
            lines.append(f"    closed: {r.closed.isoformat()}")
        if r.extended:
            lines.append("    extended: true")
        if r.excluded_workdays:
            lines.append(f'    excluded_workdays: "{r.excluded_workdays}"')
    if not requests:
        lines[-1] = "requests: []"
    return "\n".join(lines) + "\n"
