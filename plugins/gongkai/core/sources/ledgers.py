"""政府信息公开工作年度报告 (年报): ledgers, the three tables of 国办公开办函〔2021〕30号, checks (no MkDocs imports).

Staff keep, per unit and year, a folder ``catalogs/ledgers/<unit>/<year>/`` with

* ``requests.yml`` — the 依申请公开 登记台账: one record per request (received date, applicant type, outcome,
  closing date, carried-over flag);
* ``reviews.yml`` — 行政复议 / 行政诉讼 records (kind and result);
* ``figures.yml`` — declared figures: 行政许可, 行政处罚, 行政强制 decision counts and the 行政事业性收费 amount;
* ``narrative.md`` — the written sections 一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项, with the
  report's 发布日期 in its front matter.

From these and the unit's items this module builds the three tables exactly as laid out in domain.md §6
(header rows with their rowspans and colspans included), checks the consistency rule of table B
(一 + 二 = 三（七）总计 + 四, per applicant column) and reports every problem with file, line and field.
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
FILES = ("requests.yml", "reviews.yml", "figures.yml", "narrative.md")

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
    requests: list[Request]
    reviews: list[Review]
    figures: Figures
    narrative: Narrative

    @property
    def requests_path(self) -> str:
        return f"{self.dir}/requests.yml"


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
FIGURE_FIELDS = {
    "licensing": Field(_nonneg_int, True, "行政许可本年处理决定数量"),
    "penalties": Field(_nonneg_int, True, "行政处罚本年处理决定数量"),
    "enforcement": Field(_nonneg_int, True, "行政强制本年处理决定数量"),
    "fees": Field(_amount, True, "行政事业性收费本年收费金额（万元）"),
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
    return Figures(**values), problems


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
    missing = [name for name in FILES if not os.path.isfile(os.path.join(abs_dir, name))]
    for name in missing:
        problems.append(
            Problem(
                f"{rel_dir}/{name}",
                None,
                "NB-FILE-MISSING",
                f"{unit.short}{year}年年报缺少文件 {name}",
                "按 docs/report.md 的格式建立该文件（没有记录的台账写 requests: [] 或 reviews: []）",
            )
        )
    if missing:
        return None, problems
    requests, found = _read_requests(os.path.join(abs_dir, "requests.yml"), f"{rel_dir}/requests.yml", year)
    problems += found
    reviews, found = _read_reviews(os.path.join(abs_dir, "reviews.yml"), f"{rel_dir}/reviews.yml")
    problems += found
    figures, found = _read_figures(os.path.join(abs_dir, "figures.yml"), f"{rel_dir}/figures.yml")
    problems += found
    narrative, found = _read_narrative(os.path.join(abs_dir, "narrative.md"), f"{rel_dir}/narrative.md")
    problems += found
    if figures is None or narrative is None:
        return None, problems
    ledger = Ledger(unit, year, rel_dir, requests, reviews, figures, narrative)
    problems += balance_problems(ledger)
    return ledger, problems


# -- the tables -----------------------------------------------------------------------------------------------


def table_b_counts(ledger: Ledger) -> dict[str, list[int]]:
    """Row key -> 7 numbers (6 applicant columns + 总计), counted from the records as written."""
    counts = {key: [0] * 7 for key, _, _, _ in B_ROWS}
    year_end = dt.date(ledger.year, 12, 31)
    for r in ledger.requests:
        col = APPLICANTS.index(r.applicant)
        if r.carried_over:
            counts["2"][col] += 1
        elif r.received.year == ledger.year:
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


def balance_problems(ledger: Ledger, counts: dict[str, list[int]] | None = None) -> list[Problem]:
    """The consistency rule of table B: 一 + 二 = 三（七）总计 + 四, for every column."""
    counts = counts or table_b_counts(ledger)
    problems = []
    for col, name in enumerate(B_COLUMNS):
        new, carried, total, forward = counts["1"][col], counts["2"][col], counts["3.7"][col], counts["4"][col]
        if new + carried != total + forward:
            problems.append(
                Problem(
                    ledger.requests_path,
                    None,
                    "NB-TABLE-B-BALANCE",
                    f"表三“{name}”列勾稽关系不成立："
                    f"第一项（本年新收）{new} + 第二项（上年结转）{carried} = {new + carried}，"
                    f"而第三项（七）总计 {total} + 第四项（结转下年度继续办理）{forward} = {total + forward}",
                    "核对台账：每件申请必须在左边（本年新收或上年结转）和右边（办理结果或结转下年度）各计一次",
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
                    ledger.requests_path,
                    None,
                    "NB-CARRY-OVER",
                    f"表三“{name}”列第二项（上年结转）为 {now['2'][col]}，"
                    f"而 {previous.year} 年报第四项（结转下年度继续办理）为 "
                    f"{before['4'][col]}",
                    f"核对 {previous.requests_path} 中未办结的申请与本年标 carried_over: true 的申请",
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


def table_c_counts(ledger: Ledger) -> list[int]:
    """15 numbers: 行政复议 (5), 未经复议直接起诉 (5), 复议后起诉 (5); each block ends with its 总计."""
    cells = []
    for kind in REVIEW_KINDS:
        block = [sum(1 for r in ledger.reviews if r.kind == kind and r.result == res) for res in RESULTS]
        cells += block + [sum(block)]
    return cells


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
        }


def annual_report(ledger: Ledger, items: list[Item], classify, rulemaking_levels) -> AnnualReport:
    rulemaking = ledger.unit.level in rulemaking_levels
    counts_a = table_a_counts(ledger.unit, ledger.year, items, classify)
    if not rulemaking:
        counts_a["规章"] = ["/"] * 3
    counts_b = table_b_counts(ledger)
    counts_c = table_c_counts(ledger)
    n = ledger.narrative
    title = n.title or f"{ledger.unit.name}{ledger.year}年政府信息公开工作年度报告"
    ta, tb, tc = table_a(ledger, counts_a, rulemaking), table_b(counts_b), table_c(counts_c)
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


def load_annual_reports(
    catalogs_dir: str, project_root: str, corpus, classify, rulemaking_levels
) -> dict[tuple[str, int], AnnualReport]:
    """Every unit's 年报, built from its ledgers and items; raise ContentError on any ledger error."""
    ledgers, problems = load_ledgers(catalogs_dir, project_root, corpus.registry.units)
    if errors_only(problems):
        raise ContentError(problems)
    items = list(corpus.items.values())
    return {key: annual_report(ledger, items, classify, rulemaking_levels) for key, ledger in ledgers.items()}


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
