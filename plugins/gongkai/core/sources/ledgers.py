"""政府信息公开工作年度报告 (年报): ledgers, the three tables of 国办公开办函〔2021〕30号, checks (no MkDocs imports).

Staff keep, per unit and year, a folder ``catalogs/ledgers/<unit>/<year>/`` with

* ``narrative.md`` — the written sections 一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项, with the
  report's 发布日期 in its front matter;
* ``figures.yml`` — declared figures: 行政许可, 行政处罚, 行政强制 decision counts and the 行政事业性收费 amount, and,
  where the documents are not on the site, the 规章 / 行政规范性文件 numbers of 表二 第（一）项;
* the 依申请公开 figures of 表三, as offices keep them: ``requests.yml`` — the 登记台账, one record per request
  (received date, applicant type, outcome, closing date, carried-over flag; `gongkai nianbao import` reads it
  from the office's Excel register) — and/or ``totals.yml`` ``requests:`` — the counts of the published table,
  row by row and per applicant type;
* the 表四 figures: ``reviews.yml`` — 行政复议 / 行政诉讼 records (kind and result) — and/or ``totals.yml``
  ``reviews:`` — the 15 counts.

From these and the unit's items this module builds the three tables in the layout of 国办公开办函〔2021〕30号
(header rows with their rowspans and colspans included), records where each block of cells comes from
(records, entered totals or the site's documents), checks the consistency rules — 表三 一 + 二 = 三（七）总计 + 四
per applicant column, 表四 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 — and, where an office keeps both, that
its entered totals agree with its records; every problem names the file, line and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from decimal import Decimal, InvalidOperation

from ..base import fields
from ..base.frontmatter import read_data_path, read_markdown_path
from ..base.problems import ContentError, Problem, errors_only
from ..base.records import Field, read_record
from ..model import urls
from ..model.entities import Item, Unit

LEDGERS_DIR = "ledgers"
FILES = ("requests.yml", "reviews.yml", "totals.yml", "figures.yml", "narrative.md")
REQUIRED_FILES = ("figures.yml", "narrative.md")  # 表三 and 表四 come from records or from totals.yml
FROM_RECORDS, FROM_TOTALS, FROM_ITEMS, ENTERED = "登记台账", "录入合计数", "网站公开信息", "录入数字"

# -- table B (三、收到和处理政府信息公开申请情况) -----------------------------------------------------------

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
B_COLUMNS = APPLICANTS + ["总计"]
B_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# (key, level 1, level 2, level 3); a level-1/level-2 label of None continues the group above.
_L1_THREE = "三、本年度办理结果"
B_ROWS: list[tuple[str, str, str | None, str | None]] = [
    ("1", "一、本年新收政府信息公开申请数量", None, None),
    ("2", "二、上年结转政府信息公开申请数量", None, None),
    ("3.1", _L1_THREE, "（一）予以公开", None),
    ("3.2", _L1_THREE, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("3.3.1", _L1_THREE, "（三）不予公开", "1.属于国家秘密"),
    ("3.3.2", _L1_THREE, "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("3.3.3", _L1_THREE, "（三）不予公开", "3.危及“三安全一稳定”"),
    ("3.3.4", _L1_THREE, "（三）不予公开", "4.保护第三方合法权益"),
    ("3.3.5", _L1_THREE, "（三）不予公开", "5.属于三类内部事务信息"),
    ("3.3.6", _L1_THREE, "（三）不予公开", "6.属于四类过程性信息"),
    ("3.3.7", _L1_THREE, "（三）不予公开", "7.属于行政执法案卷"),
    ("3.3.8", _L1_THREE, "（三）不予公开", "8.属于行政查询事项"),
    ("3.4.1", _L1_THREE, "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("3.4.2", _L1_THREE, "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("3.4.3", _L1_THREE, "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("3.5.1", _L1_THREE, "（五）不予处理", "1.信访举报投诉类申请"),
    ("3.5.2", _L1_THREE, "（五）不予处理", "2.重复申请"),
    ("3.5.3", _L1_THREE, "（五）不予处理", "3.要求提供公开出版物"),
    ("3.5.4", _L1_THREE, "（五）不予处理", "4.无正当理由大量反复申请"),
    ("3.5.5", _L1_THREE, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("3.6.1", _L1_THREE, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("3.6.2", _L1_THREE, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("3.6.3", _L1_THREE, "（六）其他处理", "3.其他"),
    ("3.7", _L1_THREE, "（七）总计", None),
    ("4", "四、结转下年度继续办理", None, None),
]
B_LABELS = {key: (l3 or l2 or l1) for key, l1, l2, l3 in B_ROWS}


def _outcome_name(key: str) -> str:
    """The outcome as staff write it in requests.yml: the row label without its numbering."""
    label = B_LABELS[key]
    label = re.sub(r"^(?:\d+\.|（[一二三四五六七]）)", "", label)
    return re.sub(r"（区分处理的.*）$", "", label)


OUTCOMES = {_outcome_name(k): k for k, _, _, _ in B_ROWS if k.startswith("3.") and k != "3.7"}

# -- table C (四、政府信息公开行政复议、行政诉讼情况) --------------------------------------------------------

RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结"]
REVIEW_KINDS = {"行政复议": "行政复议", "直接起诉": "未经复议直接起诉", "复议后起诉": "复议后起诉"}


def _quotes(text: str) -> str:
    return text.replace('"', "“", 1).replace('"', "”", 1) if text.count('"') == 2 else text


# -- the table model (rendered by templates/gongkai/partials/nianbao.html) ------------------------------------


@dataclasses.dataclass
class Cell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    scope: str | None = None  # col | row | colgroup | rowgroup (for header cells)
    numeric: bool = False


@dataclasses.dataclass
class Table:
    id: str  # table-a | table-b | table-c
    caption: str
    head: list[list[Cell]]
    body: list[list[Cell]]
    sources: list[str] = dataclasses.field(default_factory=list)  # where its cells come from, for staff


def _h(text, rowspan=1, colspan=1, scope="col") -> Cell:
    return Cell(text, True, rowspan, colspan, scope)


def _n(value, colspan=1) -> Cell:
    return Cell(str(value), False, 1, colspan, None, True)


# -- ledgers --------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Request:
    id: str
    received: dt.date
    applicant: str
    outcome_key: str | None  # a key of B_ROWS (3.x), None while the request is open
    closed: dt.date | None
    carried_over: bool
    extended: bool  # 延长答复期限 approved (条例 第三十三条)
    excluded_workdays: int  # 征求第三方意见等不计入答复期限的工作日
    line: int | None


@dataclasses.dataclass
class Review:
    id: str
    kind: str  # 行政复议 | 直接起诉 | 复议后起诉
    result: str
    line: int | None


@dataclasses.dataclass
class Figures:
    licensing: int
    penalties: int
    enforcement: int
    fees: str  # 万元, as written (a decimal)
    # 表二 第（一）项 entered as numbers [本年制发, 本年废止, 现行有效] where the documents are not on the site
    regulations: list[int] | None = None
    normative: list[int] | None = None
    lines: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)
    path: str = ""


@dataclasses.dataclass
class Totals:
    """totals.yml: the counts of 表三 (row key of B_ROWS -> 7 numbers) and 表四 (15 numbers) as published."""

    path: str
    requests: dict[str, list[int]] | None
    reviews: list[int] | None
    lines: dict[str, int]


@dataclasses.dataclass
class Narrative:
    title: str | None
    published: dt.date | None
    sections: dict[str, str]  # 一 | 五 | 六 -> Markdown body
    headings: dict[str, str]  # 一 | 五 | 六 -> heading text as written
    path: str


@dataclasses.dataclass
class Ledger:
    unit: Unit
    year: int
    dir: str  # relative to the project root
    requests: list[Request] | None  # requests.yml, when the office keeps one
    reviews: list[Review] | None  # reviews.yml, when the office keeps one
    figures: Figures
    narrative: Narrative
    totals: Totals | None = None  # totals.yml, when the office enters the counts

    @property
    def requests_path(self) -> str:
        return f"{self.dir}/requests.yml"

    @property
    def table_b_path(self) -> str:
        """The file the figures of 表三 are published from."""
        return self.totals.path if self.totals and self.totals.requests is not None else self.requests_path

    @property
    def table_c_path(self) -> str:
        return self.totals.path if self.totals and self.totals.reviews is not None else f"{self.dir}/reviews.yml"


def _nonneg_int(value):
    v, err = fields.text(value)
    if err:
        return None, err
    if not v.isdigit():
        return None, (f"“{v}”不是非负整数", "写阿拉伯数字，例如 12；没有就写 0")
    return int(v), None


def _amount(value):
    v, err = fields.text(value)
    if err:
        return None, err
    try:
        d = Decimal(v)
    except InvalidOperation:
        d = None
    if d is None or d < 0 or not re.fullmatch(r"\d+(\.\d{1,4})?", v):
        return None, (f"“{v}”不是金额（万元）", "写成数字，最多 4 位小数，例如 12.35；没有就写 0")
    return v, None


def _outcome(value):
    v, err = fields.text(value)
    if err:
        return None, err
    key = OUTCOMES.get(_quotes(v))
    if key is None:
        return None, (f"“{v}”不是表三的办理结果", "可选：" + "、".join(OUTCOMES))
    return key, None


REQUEST_FIELDS = {
    "id": Field(fields.text, True, "编号"),
    "received": Field(fields.date, True, "收到申请日期"),
    "applicant": Field(fields.choice(APPLICANTS), True, "申请人类型"),
    "outcome": Field(_outcome, False, "办理结果"),
    "closed": Field(fields.date, False, "办结日期"),
    "carried_over": Field(fields.boolean, False, "上年结转"),
    "extended": Field(fields.boolean, False, "延期答复"),
    "excluded_workdays": Field(_nonneg_int, False, "不计入期限的工作日"),
    "note": Field(fields.text, False, "备注"),
}
REVIEW_FIELDS = {
    "id": Field(fields.text, True, "编号"),
    "kind": Field(fields.choice(list(REVIEW_KINDS)), True, "类别"),
    "result": Field(fields.choice(RESULTS), True, "结果"),
    "filed": Field(fields.date, False, "收到日期"),
    "note": Field(fields.text, False, "备注"),
}


def _counts(n: int, names: str):
    """A reader of a list of n non-negative integers (the cells of one row of a published table)."""

    def read(value):
        if not isinstance(value, list) or len(value) != n:
            return None, (f"应为 {n} 个数字的列表", f"按表格顺序写 {names}，例如 [{', '.join(['0'] * n)}]")
        numbers = []
        for v in value:
            number, err = _nonneg_int(v)
            if err:
                return None, err
            numbers.append(number)
        return numbers, None

    return read


DOC_COUNTS = "本年制发件数、本年废止件数、现行有效件数"
FIGURE_FIELDS = {
    "licensing": Field(_nonneg_int, True, "行政许可本年处理决定数量"),
    "penalties": Field(_nonneg_int, True, "行政处罚本年处理决定数量"),
    "enforcement": Field(_nonneg_int, True, "行政强制本年处理决定数量"),
    "fees": Field(_amount, True, "行政事业性收费本年收费金额（万元）"),
    "regulations": Field(_counts(3, DOC_COUNTS), False, "规章（本年制发、本年废止、现行有效）"),
    "normative_documents": Field(_counts(3, DOC_COUNTS), False, "行政规范性文件（本年制发、本年废止、现行有效）"),
}
NARRATIVE_FIELDS = {
    "title": Field(fields.text, False, "标题"),
    "published": Field(fields.date, False, "发布日期"),
}
NARRATIVE_SECTIONS = {"一": "总体情况", "五": "存在的主要问题及改进情况", "六": "其他需要报告的事项"}
GENERATED_SECTIONS = {
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
}
_HEADING_RE = re.compile(r"^##\s+(.+?)\s*$")
_SKIP = "skip"  # the text under a heading already reported
_UNSAFE_RE = re.compile(r"<\s*script|\son[a-z]+\s*=|javascript:", re.I)


def _read_yaml(abs_path: str, rel: str, key: str):
    data, lines, problems = read_data_path(abs_path, rel)
    if data is None:
        return None, lines, problems
    if key not in data or set(data) - {key}:
        problems.append(
            Problem(
                rel,
                1,
                "NB-FILE-SHAPE",
                f"文件应只有一个字段 {key}:（列表）",
                f"写成 {key}: 换行后每条记录以 - 开头；没有记录就写 {key}: []",
                key,
            )
        )
        return None, lines, problems
    value = data[key]
    if value == "[]":
        value = []
    if not isinstance(value, list):
        problems.append(
            Problem(
                rel, lines.get(key, 1), "NB-FILE-SHAPE", f"{key} 应为列表", "每条记录以 - 开头；没有记录就写 []", key
            )
        )
        return None, lines, problems
    return value, lines, problems


def _read_requests(abs_path: str, rel: str, year: int) -> tuple[list[Request], list[Problem]]:
    records, lines, problems = _read_yaml(abs_path, rel, "requests")
    result: list[Request] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(records or []):
        prefix = f"requests[{i}]"
        line = lines.get(f"{prefix}.id", lines.get("requests"))
        values, found = read_record(raw, lines, prefix, REQUEST_FIELDS, rel, line, "NB-REQUEST")
        problems += found
        if errors_only(found):
            continue

        def err(field, code, message, fix):
            problems.append(
                Problem(
                    rel,
                    lines.get(f"{prefix}.{field}", line),
                    code,
                    f"申请 {values['id']}：{message}",
                    fix,
                    f"{prefix}.{field}",
                )
            )

        if values["id"] in seen:
            err("id", "NB-REQUEST-DUP", f"编号与第 {seen[values['id']]} 条重复", "每条申请使用唯一编号")
        seen.setdefault(values["id"], i + 1)
        received, closed = values["received"], values.get("closed")
        carried = values.get("carried_over", False)
        if received.year > year:
            err(
                "received",
                "NB-REQUEST-YEAR",
                f"收到日期 {received} 不在 {year} 年度及以前",
                f"移到 {received.year} 年的台账",
            )
        elif carried and received.year == year:
            err(
                "carried_over",
                "NB-REQUEST-CARRIED",
                f"本年 {received} 收到的申请不是上年结转",
                "删除 carried_over: true（上年结转只用于上一年度收到、跨年办理的申请）",
            )
        elif not carried and received.year < year:
            err(
                "carried_over",
                "NB-REQUEST-CARRIED",
                f"{received.year} 年收到的申请未标明上年结转",
                "添加一行 carried_over: true；否则表三第二项（上年结转）少计",
            )
        if closed is not None and closed < received:
            err("closed", "NB-REQUEST-DATES", f"办结日期 {closed} 早于收到日期 {received}", "核对两个日期")
        if closed is not None and closed.year < year:
            err("closed", "NB-REQUEST-YEAR", f"已于 {closed} 办结，不属于 {year} 年度", f"从 {year} 年台账中删除")
        if closed is not None and closed.year == year and "outcome" not in values:
            err(
                "outcome",
                "NB-REQUEST-OUTCOME",
                "已办结但没有填写办理结果",
                "添加 outcome:（可选：" + "、".join(OUTCOMES) + "）",
            )
        if "outcome" in values and closed is None:
            err(
                "closed",
                "NB-REQUEST-OUTCOME",
                "填写了办理结果但没有办结日期",
                "添加 closed: YYYY-MM-DD；尚未办结则删除 outcome",
            )
        result.append(
            Request(
                values["id"],
                received,
                values["applicant"],
                values.get("outcome"),
                closed,
                carried,
                values.get("extended", False),
                values.get("excluded_workdays", 0),
                line,
            )
        )
    return result, problems


def _read_reviews(abs_path: str, rel: str) -> tuple[list[Review], list[Problem]]:
    records, lines, problems = _read_yaml(abs_path, rel, "reviews")
    result = []
    for i, raw in enumerate(records or []):
        prefix = f"reviews[{i}]"
        line = lines.get(f"{prefix}.id", lines.get("reviews"))
        values, found = read_record(raw, lines, prefix, REVIEW_FIELDS, rel, line, "NB-REVIEW")
        problems += found
        if not errors_only(found):
            result.append(Review(values["id"], values["kind"], values["result"], line))
    return result, problems


def _read_figures(abs_path: str, rel: str) -> tuple[Figures | None, list[Problem]]:
    data, lines, problems = read_data_path(abs_path, rel)
    if data is None:
        return None, problems
    values, found = read_record(data, lines, "", FIGURE_FIELDS, rel, 1, "NB-FIGURES")
    problems += found
    if errors_only(found):
        return None, problems
    normative = values.pop("normative_documents", None)
    return Figures(**values, normative=normative, lines=lines, path=rel), problems


# -- totals.yml: the counts of 表三 and 表四 as an office publishes them -------------------------------------------

_B_ALIASES = {
    "本年新收政府信息公开申请数量": "1",
    "本年新收": "1",
    "上年结转政府信息公开申请数量": "2",
    "上年结转": "2",
    "总计": "3.7",
    "结转下年度继续办理": "4",
    "结转下年度": "4",
}
C_BLOCKS = {"行政复议": 0, "未经复议直接起诉": 1, "直接起诉": 1, "复议后起诉": 2}
B_ROW_NAMES = "本年新收、上年结转、" + "、".join(OUTCOMES) + "、总计、结转下年度继续办理"


def b_row_key(label: str) -> str | None:
    """The B_ROWS key of a 表三 row as staff write it: 予以公开, （一）予以公开, 1.属于国家秘密, 本年新收 …"""
    text = _quotes(re.sub(r"\s+", "", label))
    text = re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d+[.．、])", "", text)
    text = re.sub(r"（区分处理的.*）$", "", text)
    return _B_ALIASES.get(text) or OUTCOMES.get(text)


def _read_totals(abs_path: str, rel: str) -> tuple[Totals | None, list[Problem]]:
    data, lines, problems = read_data_path(abs_path, rel)
    if data is None:
        return None, problems
    unknown = set(data) - {"requests", "reviews"}
    if unknown or not data:
        problems.append(
            Problem(
                rel,
                1,
                "NB-TOTALS-SHAPE",
                "文件应有 requests:（表三）和/或 reviews:（表四）"
                + (f"，而不是 {'、'.join(sorted(unknown))}" if unknown else ""),
                "按 docs/report.md 第 5.2 节的格式录入",
            )
        )
        return None, problems
    requests = _read_b_totals(data["requests"], lines, rel, problems) if "requests" in data else None
    reviews = _read_c_totals(data["reviews"], lines, rel, problems) if "reviews" in data else None
    if errors_only(problems):
        return None, problems
    return Totals(rel, requests, reviews, lines), problems


def _read_b_totals(value, lines: dict, rel: str, problems: list[Problem]) -> dict[str, list[int]] | None:
    if not isinstance(value, dict):
        problems.append(
            Problem(
                rel, lines.get("requests"), "NB-TOTALS-SHAPE", "requests 应为“行名: [数字…]”的组合", "按表三逐行录入"
            )
        )
        return None
    counts = {key: [0] * 7 for key, _, _, _ in B_ROWS}
    given: dict[str, str] = {}
    names = "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他（可再加总计）"
    for label, cells in value.items():
        field, line = f"requests.{label}", lines.get(f"requests.{label}", lines.get("requests"))
        key = b_row_key(str(label))
        if key is None:
            problems.append(
                Problem(rel, line, "NB-TOTALS-ROW", f"“{label}”不是表三的行", f"可写：{B_ROW_NAMES}", field)
            )
            continue
        if key in given:
            problems.append(
                Problem(rel, line, "NB-TOTALS-ROW", f"“{label}”与“{given[key]}”是同一行", "每行只写一次", field)
            )
            continue
        given[key] = str(label)
        numbers, err = (
            _counts(7, names)(cells) if isinstance(cells, list) and len(cells) == 7 else _counts(6, names)(cells)
        )
        if err:
            problems.append(Problem(rel, line, "NB-TOTALS-VALUE", f"表三“{label}”{err[0]}", err[1], field))
            continue
        if len(numbers) == 7 and numbers[6] != sum(numbers[:6]):
            problems.append(
                Problem(
                    rel,
                    line,
                    "NB-TOTALS-SUM",
                    f"表三“{label}”的总计 {numbers[6]} 不等于六类申请人之和 {sum(numbers[:6])}",
                    "核对各列数字；总计也可以不写，由系统相加",
                    field,
                )
            )
            continue
        counts[key] = numbers[:6] + [sum(numbers[:6])]
    outcome_sum = [
        sum(counts[k][col] for k, _, _, _ in B_ROWS if k.startswith("3.") and k != "3.7") for col in range(7)
    ]
    if "3.7" in given and counts["3.7"] != outcome_sum:
        label = given["3.7"]
        problems.append(
            Problem(
                rel,
                lines.get(f"requests.{label}"),
                "NB-TOTALS-SUM",
                f"表三“（七）总计”{counts['3.7'][:6]} 不等于各项办理结果之和 {outcome_sum[:6]}",
                "核对（一）至（六）各行；（七）总计也可以不写，由系统相加",
                f"requests.{label}",
            )
        )
    counts["3.7"] = outcome_sum
    return counts


def _read_c_totals(value, lines: dict, rel: str, problems: list[Problem]) -> list[int] | None:
    if not isinstance(value, dict):
        problems.append(
            Problem(rel, lines.get("reviews"), "NB-TOTALS-SHAPE", "reviews 应为“类别: [数字…]”的组合", "按表四逐项录入")
        )
        return None
    cells = [0] * 15
    names = "结果维持、结果纠正、其他结果、尚未审结（可再加总计）"
    for label, row in value.items():
        field, line = f"reviews.{label}", lines.get(f"reviews.{label}", lines.get("reviews"))
        block = C_BLOCKS.get(re.sub(r"\s+", "", str(label)))
        if block is None:
            problems.append(
                Problem(
                    rel,
                    line,
                    "NB-TOTALS-ROW",
                    f"“{label}”不是表四的类别",
                    "可写：行政复议、未经复议直接起诉、复议后起诉",
                    field,
                )
            )
            continue
        numbers, err = _counts(5, names)(row) if isinstance(row, list) and len(row) == 5 else _counts(4, names)(row)
        if err:
            problems.append(Problem(rel, line, "NB-TOTALS-VALUE", f"表四“{label}”{err[0]}", err[1], field))
            continue
        if len(numbers) == 5 and numbers[4] != sum(numbers[:4]):
            parts = " + ".join(f"{name} {n}" for name, n in zip(RESULTS, numbers[:4], strict=True))
            problems.append(
                Problem(
                    rel,
                    line,
                    "NB-TABLE-C-BALANCE",
                    f"表四“{label}”的总计 {numbers[4]} 不等于 {parts} = {sum(numbers[:4])}",
                    "核对四种结果的数字；总计也可以不写，由系统相加",
                    field,
                )
            )
            continue
        cells[block * 5 : block * 5 + 5] = numbers[:4] + [sum(numbers[:4])]
    return cells


def _read_narrative(abs_path: str, rel: str) -> tuple[Narrative | None, list[Problem]]:
    fm, problems = read_markdown_path(abs_path, rel)
    if fm is None:
        return None, problems
    values, problems = read_record(fm.data, fm.lines, "", NARRATIVE_FIELDS, rel, 1, "NB-NARRATIVE")
    sections: dict[str, list[str]] = {}
    headings: dict[str, str] = {}
    current = None
    for offset, text in enumerate(fm.body.split("\n")):
        line = fm.body_line + offset
        if _UNSAFE_RE.search(text):
            problems.append(
                Problem(
                    rel,
                    line,
                    "NB-NARRATIVE-SCRIPT",
                    "年报正文含有脚本或事件属性",
                    "删除 <script>、on…= 和 javascript: 链接",
                )
            )
        m = _HEADING_RE.match(text)
        if m:
            number = m.group(1).split("、", 1)[0]
            if number in GENERATED_SECTIONS:
                problems.append(
                    Problem(
                        rel,
                        line,
                        "NB-NARRATIVE-GENERATED",
                        f"第{number}部分（{GENERATED_SECTIONS[number]}）由台账和公开信息自动生成，不能手写",
                        "删除这一节；数字在 requests.yml、reviews.yml、figures.yml 中登记",
                    )
                )
                current = _SKIP
                continue
            if number not in NARRATIVE_SECTIONS:
                problems.append(
                    Problem(
                        rel,
                        line,
                        "NB-NARRATIVE-HEADING",
                        f"二级标题“{m.group(1)}”不是年报的固定部分",
                        "二级标题只能是 ## 一、总体情况、## 五、存在的主要问题及改进情况、## 六、其他需要报告的事项；"
                        "其下可用 ### 三级标题",
                    )
                )
                current = _SKIP
                continue
            if number in sections:
                problems.append(Problem(rel, line, "NB-NARRATIVE-HEADING", f"第{number}部分重复", "每部分只写一次"))
            if sections and list(NARRATIVE_SECTIONS).index(number) < list(NARRATIVE_SECTIONS).index(list(sections)[-1]):
                problems.append(
                    Problem(
                        rel,
                        line,
                        "NB-NARRATIVE-ORDER",
                        f"第{number}部分的位置不对",
                        "按 一、五、六 的顺序书写（二、三、四 由系统生成并插在中间）",
                    )
                )
            current = number
            sections[number] = []
            headings[number] = m.group(1)
            continue
        if current is _SKIP:
            continue
        if current is not None:
            sections[current].append(text)
        elif text.strip() and not text.startswith("# "):
            problems.append(
                Problem(
                    rel, line, "NB-NARRATIVE-ORPHAN", "正文出现在第一个二级标题之前", "把内容移到 ## 一、总体情况 之下"
                )
            )
    for number, name in NARRATIVE_SECTIONS.items():
        if number not in sections:
            problems.append(
                Problem(
                    rel,
                    None,
                    "NB-NARRATIVE-MISSING",
                    f"缺少第{number}部分（{name}）",
                    f"添加二级标题 ## {number}、{name} 及其内容",
                )
            )
        elif not "\n".join(sections[number]).strip():
            problems.append(
                Problem(
                    rel, None, "NB-NARRATIVE-EMPTY", f"第{number}部分（{name}）没有内容", "填写该部分；确实没有的写“无”"
                )
            )
    if errors_only(problems):
        return None, problems
    return Narrative(
        values.get("title"),
        values.get("published"),
        {k: "\n".join(v).strip() + "\n" for k, v in sections.items()},
        headings,
        rel,
    ), problems


def problems_with_requests(
    catalogs_dir: str, project_root: str, units: dict[str, Unit], unit: Unit, year: int, text: str
) -> list[Problem]:
    """The ledger problems there would be if `text` were the requests.yml of `unit`'s `year`: every ledger is
    read from a scratch copy (totals.yml, last year's carry-over and the records' own checks included)."""
    import shutil
    import tempfile

    rel_root = os.path.relpath(catalogs_dir, project_root)
    with tempfile.TemporaryDirectory(prefix="gongkai-ledger-") as scratch:
        copy = os.path.join(scratch, rel_root)
        source = os.path.join(catalogs_dir, LEDGERS_DIR)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(copy, LEDGERS_DIR))
        folder = os.path.join(copy, LEDGERS_DIR, unit.id, str(year))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "requests.yml"), "w", encoding="utf-8") as fh:
            fh.write(text)
        return load_ledgers(copy, scratch, units)[1]


def load_ledgers(
    catalogs_dir: str, project_root: str, units: dict[str, Unit]
) -> tuple[dict[tuple[str, int], Ledger], list[Problem]]:
    """Every ledger folder catalogs/ledgers/<unit>/<year>/, read and cross-checked; problems for each fault."""
    base = os.path.join(catalogs_dir, LEDGERS_DIR)
    rel_base = os.path.relpath(base, project_root).replace(os.sep, "/")
    ledgers: dict[tuple[str, int], Ledger] = {}
    problems: list[Problem] = []
    if not os.path.isdir(base):
        return ledgers, problems
    for unit_id in sorted(os.listdir(base)):
        if unit_id.startswith("."):
            continue
        unit = units.get(unit_id)
        if unit is None:
            problems.append(
                Problem(
                    f"{rel_base}/{unit_id}",
                    None,
                    "NB-UNKNOWN-UNIT",
                    f"目录名“{unit_id}”不是 catalogs/units.yml 中的单位 id",
                    "把目录改名为单位 id",
                )
            )
            continue
        for year_dir in sorted(os.listdir(os.path.join(base, unit_id))):
            if year_dir.startswith("."):
                continue
            rel_dir = f"{rel_base}/{unit_id}/{year_dir}"
            if not re.fullmatch(r"20\d{2}", year_dir):
                problems.append(
                    Problem(rel_dir, None, "NB-YEAR-DIR", f"“{year_dir}”不是年份目录", "目录名写四位年份，例如 2025")
                )
                continue
            ledger, found = load_ledger(os.path.join(base, unit_id, year_dir), rel_dir, unit, int(year_dir))
            problems += found
            if ledger is not None:
                ledgers[(unit.id, ledger.year)] = ledger
    for (unit_id, year), ledger in sorted(ledgers.items()):
        previous = ledgers.get((unit_id, year - 1))
        if previous is not None:
            problems += carry_over_problems(previous, ledger)
    return ledgers, problems


def load_ledger(abs_dir: str, rel_dir: str, unit: Unit, year: int) -> tuple[Ledger | None, list[Problem]]:
    problems: list[Problem] = []
    present = {name for name in FILES if os.path.isfile(os.path.join(abs_dir, name))}
    for name in REQUIRED_FILES:
        if name not in present:
            problems.append(
                Problem(
                    f"{rel_dir}/{name}",
                    None,
                    "NB-FILE-MISSING",
                    f"{unit.short}{year}年年报缺少文件 {name}",
                    "按 docs/report.md 第 5 节的格式建立该文件",
                )
            )
    totals = None
    if "totals.yml" in present:
        totals, found = _read_totals(os.path.join(abs_dir, "totals.yml"), f"{rel_dir}/totals.yml")
        problems += found
    for name, key, what in (("requests.yml", "requests", "表三"), ("reviews.yml", "reviews", "表四")):
        if "totals.yml" in present and totals is None:
            break  # totals.yml has errors of its own (reported above): which tables it covers is unknown
        if name not in present and not (totals is not None and getattr(totals, key) is not None):
            problems.append(
                Problem(
                    f"{rel_dir}/{name}",
                    None,
                    "NB-FILE-MISSING",
                    f"{unit.short}{year}年年报没有{what}的数字：既没有 {name}，totals.yml 中也没有 {key}:",
                    f"逐件登记在 {name} 中（没有就写 {key}: []"
                    + ("；Excel 登记台账可用 gongkai nianbao import 导入" if key == "requests" else "")
                    + f"），或在 totals.yml 的 {key}: 下录入{what}的合计数",
                )
            )
    if errors_only(problems):
        return None, problems
    requests = reviews = None
    if "requests.yml" in present:
        requests, found = _read_requests(os.path.join(abs_dir, "requests.yml"), f"{rel_dir}/requests.yml", year)
        problems += found
    if "reviews.yml" in present:
        reviews, found = _read_reviews(os.path.join(abs_dir, "reviews.yml"), f"{rel_dir}/reviews.yml")
        problems += found
    figures, found = _read_figures(os.path.join(abs_dir, "figures.yml"), f"{rel_dir}/figures.yml")
    problems += found
    narrative, found = _read_narrative(os.path.join(abs_dir, "narrative.md"), f"{rel_dir}/narrative.md")
    problems += found
    if figures is None or narrative is None:
        return None, problems
    ledger = Ledger(unit, year, rel_dir, requests, reviews, figures, narrative, totals)
    problems += balance_problems(ledger)
    problems += totals_problems(ledger)
    return ledger, problems


# -- the tables -----------------------------------------------------------------------------------------------


def records_b_counts(year: int, requests: list[Request]) -> dict[str, list[int]]:
    """Row key -> 7 numbers (6 applicant columns + 总计), counted from the request records as written."""
    counts = {key: [0] * 7 for key, _, _, _ in B_ROWS}
    year_end = dt.date(year, 12, 31)
    for r in requests:
        col = APPLICANTS.index(r.applicant)
        if r.carried_over:
            counts["2"][col] += 1
        elif r.received.year == year:
            counts["1"][col] += 1
        if r.closed is not None and r.closed <= year_end and r.outcome_key:
            counts[r.outcome_key][col] += 1
        elif r.closed is None or r.closed > year_end:
            counts["4"][col] += 1
    for key, _, _, _ in B_ROWS:
        if key.startswith("3.") and key != "3.7":
            counts["3.7"] = [a + b for a, b in zip(counts["3.7"], counts[key], strict=True)]
    for row in counts.values():
        row[6] = sum(row[:6])
    return counts


def table_b_counts(ledger: Ledger) -> dict[str, list[int]]:
    """表三 as published: the entered totals when the office gives them, else counted from its records."""
    if ledger.totals is not None and ledger.totals.requests is not None:
        return {key: list(row) for key, row in ledger.totals.requests.items()}
    return records_b_counts(ledger.year, ledger.requests or [])


def balance_problems(ledger: Ledger, counts: dict[str, list[int]] | None = None) -> list[Problem]:
    """The consistency rule of table B: 一 + 二 = 三（七）总计 + 四, for every column."""
    counts = counts or table_b_counts(ledger)
    problems = []
    for col, name in enumerate(B_COLUMNS):
        new, carried, total, forward = counts["1"][col], counts["2"][col], counts["3.7"][col], counts["4"][col]
        if new + carried != total + forward:
            problems.append(
                Problem(
                    ledger.table_b_path,
                    None,
                    "NB-TABLE-B-BALANCE",
                    f"表三“{name}”列勾稽关系不成立："
                    f"第一项（本年新收）{new} + 第二项（上年结转）{carried} = {new + carried}，"
                    f"而第三项（七）总计 {total} + 第四项（结转下年度继续办理）{forward} = {total + forward}",
                    "核对台账：每件申请必须在左边（本年新收或上年结转）和右边（办理结果或结转下年度）各计一次"
                    if ledger.table_b_path == ledger.requests_path
                    else "核对录入的合计数：左边（本年新收、上年结转）之和必须等于右边（办理结果总计、结转下年度）之和",
                    f"“{name}”列",
                )
            )
    return problems


def carry_over_problems(previous: Ledger, ledger: Ledger) -> list[Problem]:
    """二、上年结转 of a year must equal 四、结转下年度继续办理 of the year before, per column."""
    before, now = table_b_counts(previous), table_b_counts(ledger)
    problems = []
    for col, name in enumerate(B_COLUMNS[:6]):
        if before["4"][col] != now["2"][col]:
            problems.append(
                Problem(
                    ledger.table_b_path,
                    None,
                    "NB-CARRY-OVER",
                    f"表三“{name}”列第二项（上年结转）为 {now['2'][col]}，"
                    f"而 {previous.year} 年报第四项（结转下年度继续办理）为 "
                    f"{before['4'][col]}",
                    f"核对 {previous.table_b_path} 的第四项与本年的第二项（上年结转）",
                    f"“{name}”列",
                )
            )
    return problems


def table_a_counts(ledger_unit: Unit, year: int, items: list[Item], classify) -> dict[str, list[int]]:
    """规章 / 行政规范性文件 -> [本年制发, 本年废止, 现行有效] from the unit's own items."""
    year_end = dt.date(year, 12, 31)
    counts = {"规章": [0, 0, 0], "行政规范性文件": [0, 0, 0]}
    for item in items:
        if item.publisher is not ledger_unit:
            continue
        cls = classify(item)
        if cls not in counts:
            continue
        row = counts[cls]
        if item.written.year == year:
            row[0] += 1
        if item.repealed is not None and item.repealed.year == year:
            row[1] += 1
        ended = [d for d in (item.repealed, item.expired) if d is not None and d <= year_end]
        if item.written <= year_end and not ended:
            row[2] += 1
    return counts


def records_c_counts(reviews: list[Review]) -> list[int]:
    cells = []
    for kind in REVIEW_KINDS:
        block = [sum(1 for r in reviews if r.kind == kind and r.result == res) for res in RESULTS]
        cells += block + [sum(block)]
    return cells


def table_c_counts(ledger: Ledger) -> list[int]:
    """15 numbers: 行政复议 (5), 未经复议直接起诉 (5), 复议后起诉 (5); each block ends with its 总计."""
    if ledger.totals is not None and ledger.totals.reviews is not None:
        return list(ledger.totals.reviews)
    return records_c_counts(ledger.reviews or [])


def totals_problems(ledger: Ledger) -> list[Problem]:
    """NB-TOTALS-MISMATCH where an office keeps both records and entered totals of one table and they differ."""
    totals, problems = ledger.totals, []
    if totals is None:
        return problems
    if totals.requests is not None and ledger.requests is not None:
        records = records_b_counts(ledger.year, ledger.requests)
        for key, _, _, _ in B_ROWS:
            diff = [
                f"{name} 录入 {totals.requests[key][col]}、台账 {records[key][col]}"
                for col, name in enumerate(APPLICANTS)
                if totals.requests[key][col] != records[key][col]
            ]
            if diff:
                problems.append(
                    Problem(
                        totals.path,
                        _row_line(totals, "requests", key),
                        "NB-TOTALS-MISMATCH",
                        f"表三“{B_LABELS[key]}”录入的合计数与 {ledger.requests_path} 登记的申请不一致："
                        + "；".join(diff),
                        "核对两处：台账应逐件登记本年度的申请；只有合计数的，删除 requests.yml，只保留 totals.yml",
                        "requests",
                    )
                )
    if totals.reviews is not None and ledger.reviews is not None:
        records = records_c_counts(ledger.reviews)
        kinds = list(REVIEW_KINDS.values())
        for block, kind in enumerate(kinds):
            entered, counted = totals.reviews[block * 5 : block * 5 + 4], records[block * 5 : block * 5 + 4]
            diff = [
                f"{name} 录入 {a}、登记 {b}" for name, a, b in zip(RESULTS, entered, counted, strict=True) if a != b
            ]
            if diff:
                problems.append(
                    Problem(
                        totals.path,
                        lines_of(totals, "reviews", kind),
                        "NB-TOTALS-MISMATCH",
                        f"表四“{kind}”录入的合计数与 {ledger.dir}/reviews.yml 的登记不一致：{'；'.join(diff)}",
                        "核对两处；只有合计数的，删除 reviews.yml，只保留 totals.yml",
                        "reviews",
                    )
                )
    return problems


def _row_line(totals: Totals, table: str, key: str) -> int | None:
    for name, line in totals.lines.items():
        if name.startswith(f"{table}.") and b_row_key(name[len(table) + 1 :]) == key:
            return line
    return totals.lines.get(table)


def lines_of(totals: Totals, table: str, kind: str) -> int | None:
    for name, line in totals.lines.items():
        label = name[len(table) + 1 :]
        if name.startswith(f"{table}.") and REVIEW_KINDS.get(label, label) == kind:
            return line
    return totals.lines.get(table)


def table_a(ledger: Ledger, counts: dict[str, list[int]], rulemaking: bool) -> Table:
    f = ledger.figures

    def block(title: str, label: str, rows: list[tuple[str, object]]) -> list[list[Cell]]:
        return [[_h(title, colspan=4, scope="colgroup")], [_h("信息内容"), _h(label, colspan=3, scope="colgroup")]] + [
            [_h(name, scope="row"), _n(value, colspan=3)] for name, value in rows
        ]

    first = [
        [_h("第二十条第（一）项", colspan=4, scope="colgroup")],
        [_h("信息内容"), _h("本年制发件数"), _h("本年废止件数"), _h("现行有效件数")],
    ]
    for name in ("规章", "行政规范性文件"):
        values = counts[name] if (rulemaking or name != "规章") else ["/"] * 3
        first.append([_h(name, scope="row")] + [_n(v) for v in values])
    body = (
        first
        + block("第二十条第（五）项", "本年处理决定数量", [("行政许可", f.licensing)])
        + block("第二十条第（六）项", "本年处理决定数量", [("行政处罚", f.penalties), ("行政强制", f.enforcement)])
        + block("第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", f.fees)])
    )
    return Table("table-a", "主动公开政府信息情况", [], body)


def table_b(counts: dict[str, list[int]]) -> Table:
    head = [
        [_h(B_NOTE, rowspan=3, colspan=3, scope=None), _h("申请人情况", colspan=7, scope="colgroup")],
        [_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5, scope="colgroup"), _h("总计", rowspan=2)],
        [_h(name) for name in APPLICANTS[1:]],
    ]
    body = []
    l1_rows = sum(1 for k, l1, _, _ in B_ROWS if l1 == _L1_THREE)
    l2_rows: dict[str, int] = {}
    for _, l1, l2, _ in B_ROWS:
        if l1 == _L1_THREE:
            l2_rows[l2] = l2_rows.get(l2, 0) + 1
    seen_l1, seen_l2 = set(), set()
    for key, l1, l2, l3 in B_ROWS:
        row: list[Cell] = []
        if l2 is None:
            row.append(_h(l1, colspan=3, scope="row"))
        else:
            if l1 not in seen_l1:
                row.append(_h(l1, rowspan=l1_rows, scope="rowgroup"))
                seen_l1.add(l1)
            if l3 is None:
                row.append(_h(l2, colspan=2, scope="row"))
            else:
                if l2 not in seen_l2:
                    row.append(_h(l2, rowspan=l2_rows[l2], scope="rowgroup"))
                    seen_l2.add(l2)
                row.append(_h(l3, scope="row"))
        row += [_n(v) for v in counts[key]]
        body.append(row)
    return Table("table-b", "收到和处理政府信息公开申请情况", head, body)


def table_c(cells: list[int]) -> Table:
    head = [
        [_h("行政复议", colspan=5, scope="colgroup"), _h("行政诉讼", colspan=10, scope="colgroup")],
        [_h(name, rowspan=2) for name in RESULTS + ["总计"]]
        + [_h("未经复议直接起诉", colspan=5, scope="colgroup"), _h("复议后起诉", colspan=5, scope="colgroup")],
        [_h(name) for name in RESULTS + ["总计"]] * 2,
    ]
    return Table("table-c", "政府信息公开行政复议、行政诉讼情况", head, [[_n(v) for v in cells]])


@dataclasses.dataclass
class AnnualReport:
    """One unit's 年报 for one year, ready to render: sections 一…六 in the fixed order."""

    unit: Unit
    year: int
    title: str
    published: dt.date | None
    ledger: Ledger
    table_a: Table
    table_b: Table
    table_c: Table
    counts_a: dict[str, list]
    counts_b: dict[str, list[int]]
    counts_c: list[int]
    sections: list[tuple[str, str, object]]  # (number, heading, Markdown text | Table)

    @property
    def url(self) -> str:
        return urls.annual_report(self.unit, self.year)

    def as_dict(self) -> dict:
        return {
            "unit": self.unit.id,
            "year": self.year,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "table_a": {k: v for k, v in self.counts_a.items()}
            | {
                "行政许可": self.ledger.figures.licensing,
                "行政处罚": self.ledger.figures.penalties,
                "行政强制": self.ledger.figures.enforcement,
                "行政事业性收费（万元）": self.ledger.figures.fees,
            },
            "table_b": {B_LABELS[k]: v for k, v in self.counts_b.items()},
            "table_c": self.counts_c,
            "sources": {
                "table_a": self.table_a.sources,
                "table_b": self.table_b.sources,
                "table_c": self.table_c.sources,
            },
        }


def table_sources(ledger: Ledger, entered_a: set[str]) -> tuple[list[str], list[str], list[str]]:
    """Where the cells of each table come from, as staff read it on the dashboard."""
    f = ledger.figures
    docs = [
        f"{name}：录入数字（{f.path}）" if name in entered_a else f"{name}：由网站上文件类别为{name}的公开信息统计"
        for name in ("规章", "行政规范性文件")
    ]
    a = docs + [f"行政许可、行政处罚、行政强制、行政事业性收费：录入数字（{f.path}）"]
    t = ledger.totals
    if t is not None and t.requests is not None:
        b = [f"全部数字：录入合计数（{t.path}）"]
        if ledger.requests is not None:
            b.append(f"已与登记台账核对一致（{ledger.requests_path}，{len(ledger.requests)} 件）")
    else:
        b = [f"全部数字：由登记台账统计（{ledger.requests_path}，{len(ledger.requests or [])} 件申请）"]
    if t is not None and t.reviews is not None:
        c = [f"全部数字：录入合计数（{t.path}）"]
        if ledger.reviews is not None:
            c.append(f"已与行政复议、行政诉讼登记核对一致（{ledger.dir}/reviews.yml，{len(ledger.reviews)} 件）")
    else:
        c = [f"全部数字：由行政复议、行政诉讼登记统计（{ledger.dir}/reviews.yml，{len(ledger.reviews or [])} 件）"]
    return a, b, c


def annual_report(ledger: Ledger, items: list[Item], classify, rulemaking_levels) -> AnnualReport:
    rulemaking = ledger.unit.level in rulemaking_levels
    counts_a = table_a_counts(ledger.unit, ledger.year, items, classify)
    entered = {
        name: v for name, v in (("规章", ledger.figures.regulations), ("行政规范性文件", ledger.figures.normative)) if v
    }
    counts_a.update({name: list(v) for name, v in entered.items()})
    if not rulemaking:
        counts_a["规章"] = ["/"] * 3
    counts_b = table_b_counts(ledger)
    counts_c = table_c_counts(ledger)
    n = ledger.narrative
    title = n.title or f"{ledger.unit.name}{ledger.year}年政府信息公开工作年度报告"
    ta, tb, tc = table_a(ledger, counts_a, rulemaking), table_b(counts_b), table_c(counts_c)
    ta.sources, tb.sources, tc.sources = table_sources(ledger, set(entered))
    sections = [
        ("一", n.headings["一"], n.sections["一"]),
        ("二", "二、" + GENERATED_SECTIONS["二"], ta),
        ("三", "三、" + GENERATED_SECTIONS["三"], tb),
        ("四", "四、" + GENERATED_SECTIONS["四"], tc),
        ("五", n.headings["五"], n.sections["五"]),
        ("六", n.headings["六"], n.sections["六"]),
    ]
    return AnnualReport(
        ledger.unit, ledger.year, title, n.published, ledger, ta, tb, tc, counts_a, counts_b, counts_c, sections
    )


def entered_figures_problems(ledger: Ledger, items: list[Item], classify) -> list[Problem]:
    """NB-FIGURES-BELOW-ITEMS: entered 规章 / 行政规范性文件 numbers lower than the documents the site itself shows
    for the year (the entered figures must include them)."""
    f, problems = ledger.figures, []
    counted = table_a_counts(ledger.unit, ledger.year, items, classify)
    for name, field, entered in (
        ("规章", "regulations", f.regulations),
        ("行政规范性文件", "normative_documents", f.normative),
    ):
        if not entered:
            continue
        low = [
            f"{label} 录入 {a}、网站上有 {b}"
            for label, a, b in zip(("本年制发", "本年废止", "现行有效"), entered, counted[name], strict=True)
            if a < b
        ]
        if low:
            problems.append(
                Problem(
                    f.path,
                    f.lines.get(field, 1),
                    "NB-FIGURES-BELOW-ITEMS",
                    f"表二“{name}”录入的件数少于网站上已公开的{name}：{'；'.join(low)}",
                    f"录入数字应包括网站上的文件：改正 {field}，或核对条目的 doc_class",
                    field,
                )
            )
    return problems


def load_annual_reports(
    catalogs_dir: str, project_root: str, corpus, classify, rulemaking_levels
) -> dict[tuple[str, int], AnnualReport]:
    """Every unit's 年报, built from its ledgers and items; raise ContentError on any ledger error."""
    ledgers, problems = load_ledgers(catalogs_dir, project_root, corpus.registry.units)
    by_unit: dict[int, list[Item]] = {}  # 表二 counts a unit's own items: grouped once, not scanned per ledger
    for item in corpus.items.values():
        by_unit.setdefault(id(item.publisher), []).append(item)
    for ledger in ledgers.values():
        problems += entered_figures_problems(ledger, by_unit.get(id(ledger.unit), []), classify)
    if errors_only(problems):
        raise ContentError(problems)
    return {
        key: annual_report(ledger, by_unit.get(id(ledger.unit), []), classify, rulemaking_levels)
        for key, ledger in ledgers.items()
    }


def load_project_annual_reports(
    catalogs_dir: str, project_root: str, corpus, rules
) -> dict[tuple[str, int], AnnualReport]:
    """Every 年报 of the project; {} when it keeps no ledgers (catalogs/ledgers/). `rules`: the compliance rules
    (None without catalogs/compliance.yml, which ledgers need). Raises ContentError on any ledger problem."""
    if not os.path.isdir(os.path.join(catalogs_dir, LEDGERS_DIR)):
        return {}
    if rules is None:
        raise ContentError(
            [
                Problem(
                    os.path.relpath(os.path.join(catalogs_dir, "compliance.yml"), project_root).replace(os.sep, "/"),
                    None,
                    "RULES-MISSING",
                    "有年报台账（ledgers/）却没有合规规则文件：年报的表二要按其中的文件类别统计",
                    "从 gongkai 演示仓库复制 catalogs/compliance.yml 并按本地规定调整",
                )
            ]
        )
    return load_annual_reports(catalogs_dir, project_root, corpus, rules.document_class, rules.rulemaking_levels)
