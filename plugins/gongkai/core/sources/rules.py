"""Compliance thresholds: `catalogs/compliance.yml` read into typed rules (no MkDocs imports).

One file holds every threshold `gongkai report` applies, each with its legal source, so that a
province that tightens the national numbers edits data, not code. The file goes through the strict
YAML reader (every value is text, duplicate keys and unknown fields are errors) and every problem
names the file, line and field in Chinese. When the file is missing, the defaults below apply (they
are the values shipped in the demo's catalogs/compliance.yml).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import os
import re

from ..base import fields
from ..base.frontmatter import read_data_path
from ..base.problems import ContentError, Problem, errors_only
from ..base.records import Field, read_record
from ..base.timelimits import TimeRule, UnparsedTimeLimit, parse_time_limit
from ..model.entities import DOC_CLASSES, LEVELS, Item

RULES_FILE = "compliance.yml"
VETO, ERROR, WARNING, NOTE = "否决", "错误", "警告", "提示"
SEVERITIES = [VETO, ERROR, WARNING, NOTE]
SEVERITY_RANK = {VETO: 3, ERROR: 2, WARNING: 1, NOTE: 0}
_AGE_RE = re.compile(r"^(\d+)([dm])$")


@dataclasses.dataclass(frozen=True)
class Age:
    """A calendar age: N days or N months (months clamp to the month's end: 08-31 + 6m = 02-28)."""

    n: int
    unit: str  # d | m

    def after(self, day: dt.date) -> dt.date:
        if self.unit == "d":
            return day + dt.timedelta(days=self.n)
        month = day.month - 1 + self.n
        year, month = day.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    @property
    def text(self) -> str:
        return f"{self.n}天" if self.unit == "d" else f"{self.n}个月"


def _age(value):
    v, err = fields.text(value)
    if err:
        return None, err
    m = _AGE_RE.match(v)
    if not m or int(m.group(1)) == 0:
        return None, (f"“{v}”不是期限", "写成 14d（14天）或 6m（6个月）")
    return Age(int(m.group(1)), m.group(2)), None


def _positive_int(value):
    v, err = fields.text(value)
    if err:
        return None, err
    if not v.isdigit() or int(v) == 0:
        return None, (f"“{v}”不是正整数", "写一个正整数，例如 5")
    return int(v), None


def _month_day(value):
    v, err = fields.text(value)
    if err:
        return None, err
    m = re.fullmatch(r"(\d{2})-(\d{2})", v)
    if not m:
        return None, (f"“{v}”不是 MM-DD 格式的日期", "例如 01-31")
    try:
        dt.date(2001, int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None, (f"“{v}”不是真实存在的日期", "例如 01-31")
    return (int(m.group(1)), int(m.group(2))), None


def _levels(value):
    v, err = fields.word_list(value)
    if err:
        return None, err
    bad = [x for x in v if x not in LEVELS]
    if bad:
        return None, (f"“{'、'.join(bad)}”不是单位层级", "可选：" + "、".join(LEVELS))
    return v, None


def _time_limit(value):
    v, err = fields.text(value)
    if err:
        return None, err
    try:
        rule = parse_time_limit(v)
    except UnparsedTimeLimit:
        return None, (f"“{v}”无法识别为公开时限", "例如 信息形成或者变更之日起20个工作日内")
    if not rule.has_deadline:
        return None, (f"“{v}”没有可计算的期限", "写成“…之日起N个工作日内”或“…后N日内”")
    return rule, None


def _list(value):
    if not isinstance(value, list) or not value:
        return None, ("应为非空列表", "每项以 - 开头")
    return value, None


def _map(value):
    if not isinstance(value, dict):
        return None, ("应为“字段: 值”的组合", "参照 docs/report.md 中的示例缩进书写")
    return value, None


SEVERITY = fields.choice(SEVERITIES)
_NOT_A_SOURCE_RE = re.compile(r"[\w-]+\.(?:md|ya?ml|py|json)\b|§|\[unverified\]|\bC\d{2}\b", re.I)


def _source(value):
    """The legal or documentary source of a threshold, as staff read it: a law, a 文件 and its article."""
    v, err = fields.text(value)
    if err:
        return None, err
    found = _NOT_A_SOURCE_RE.search(v)
    if found:
        return None, (
            f"引用了“{found.group(0)}”：依据要写法规或文件本身",
            "写法规或文件的名称、文号和条款，例如 《中华人民共和国政府信息公开条例》第二十六条",
        )
    return v, None


SOURCE = Field(_source, True, "依据")

TOP_FIELDS = {
    "default_time_limit": Field(_map, True, "默认公开时限"),
    "columns": Field(_list, True, "栏目"),
    "veto": Field(_map, True, "单项否决"),
    "interpretation": Field(_map, True, "政策解读"),
    "annual_report": Field(_map, True, "年度报告"),
    "requests": Field(_map, True, "依申请公开"),
    "forecast": Field(_map, True, "预警"),
}
DEFAULT_LIMIT_FIELDS = {
    "text": Field(_time_limit, True, "公开时限"),
    "severity": Field(SEVERITY, True, "级别"),
    "source": SOURCE,
}
COLUMN_FIELDS = {
    "id": Field(fields.slug, True, "标识"),
    "name": Field(fields.text, True, "栏目名称"),
    "kind": Field(fields.choice(["动态要闻", "通知公告", "政策文件"]), True, "栏目类型"),
    "genres": Field(fields.word_list, False, "体裁"),
    "classes": Field(fields.word_list, False, "文件类别"),
    "max_age": Field(_age, True, "最长不更新期限"),
    "warn_age": Field(_age, False, "预警期限"),
    "levels": Field(_levels, True, "适用层级"),
    "severity": Field(SEVERITY, True, "级别"),
    "source": SOURCE,
}
COUNT_FIELDS = {
    "fail": Field(_positive_int, True, "否决数量"),
    "warn": Field(_positive_int, True, "预警数量"),
    "source": SOURCE,
}
VETO_FIELDS = {
    k: Field(_map, True, label)
    for k, label in (("stale_columns", "不更新栏目"), ("overdue_columns", "逾期事项"), ("blank_columns", "空白栏目"))
}
INTERPRETATION_FIELDS = {
    "classes": Field(fields.word_list, True, "需要解读的文件类别"),
    "max_working_days": Field(_positive_int, True, "解读最迟工作日"),
    "missing_severity": Field(SEVERITY, True, "缺少解读的级别"),
    "late_severity": Field(SEVERITY, True, "解读迟发的级别"),
    "source": SOURCE,
}
ANNUAL_FIELDS = {
    "deadlines": Field(_list, True, "各类单位的公布期限"),
    "rulemaking_levels": Field(_levels, True, "有规章制定权的层级"),
    "severity": Field(SEVERITY, True, "级别"),
}
DEADLINE_FIELDS = {
    "levels": Field(_levels, True, "适用层级"),
    "due": Field(_month_day, True, "公布期限"),
    "warn_from": Field(_month_day, True, "预警起始日"),
    "source": SOURCE,
}
REQUEST_FIELDS = {
    "answer_working_days": Field(_positive_int, True, "答复期限（工作日）"),
    "extension_working_days": Field(_positive_int, True, "延长期限（工作日）"),
    "severity": Field(SEVERITY, True, "级别"),
    "source": SOURCE,
}
FORECAST_FIELDS = {"horizon_days": Field(_positive_int, True, "预警天数")}


@dataclasses.dataclass(frozen=True)
class AnnualDeadline:
    """When a unit of these levels publishes its 年报 of the previous year, and the legal source."""

    levels: tuple[str, ...]
    due: tuple[int, int]  # (month, day) of the year after the report's year
    warn_from: tuple[int, int]
    source: str

    @property
    def due_text(self) -> str:
        return f"{self.due[0]}月{self.due[1]}日"


@dataclasses.dataclass(frozen=True)
class ColumnRule:
    id: str
    name: str
    kind: str  # 动态要闻 | 通知公告 | 政策文件
    genres: tuple[str, ...]
    classes: tuple[str, ...]
    max_age: Age
    warn_age: Age | None
    levels: tuple[str, ...]
    severity: str
    source: str


@dataclasses.dataclass(frozen=True)
class CountRule:
    fail: int
    warn: int
    source: str


@dataclasses.dataclass(frozen=True)
class Rules:
    path: str
    default_time_limit: TimeRule
    default_time_limit_severity: str
    default_time_limit_source: str
    columns: tuple[ColumnRule, ...]
    stale_columns: CountRule
    overdue_columns: CountRule
    blank_columns: CountRule
    interpretation_classes: tuple[str, ...]
    interpretation_days: int
    interpretation_missing_severity: str
    interpretation_late_severity: str
    interpretation_source: str
    annual_deadlines: tuple[AnnualDeadline, ...]
    rulemaking_levels: tuple[str, ...]
    annual_severity: str
    request_days: int
    request_extension_days: int
    request_severity: str
    request_source: str
    horizon_days: int

    @staticmethod
    def document_class(item: Item) -> str | None:
        """规章, 行政规范性文件 or None: the item's own `doc_class`, or its genre's (catalogs/genres.yml)."""
        return item.doc_class

    def annual_deadline(self, level: str) -> AnnualDeadline | None:
        """The 年报 deadline of a unit of `level`, or None when such units publish none (villages)."""
        return next((d for d in self.annual_deadlines if level in d.levels), None)

    def in_column(self, column: ColumnRule, item: Item) -> bool:
        return item.genre in column.genres or (bool(column.classes) and self.document_class(item) in column.classes)


def load_rules(catalogs_dir: str, project_root: str) -> Rules:
    """Read catalogs/compliance.yml; raise ContentError naming every problem (file, line, field)."""
    abs_path = os.path.join(catalogs_dir, RULES_FILE)
    rel = os.path.relpath(abs_path, project_root).replace(os.sep, "/")
    if not os.path.isfile(abs_path):
        raise ContentError(
            [
                Problem(
                    rel,
                    None,
                    "RULES-MISSING",
                    "找不到合规规则文件",
                    "从 gongkai 演示仓库复制 catalogs/compliance.yml 并按本地规定调整阈值",
                )
            ]
        )
    data, lines, problems = read_data_path(abs_path, rel)
    if data is None:
        raise ContentError(problems)
    rules, found = parse_rules(data, lines, rel)
    problems += found
    if errors_only(problems) or rules is None:
        raise ContentError(problems)
    return rules


def parse_rules(data: dict, lines: dict, path: str) -> tuple[Rules | None, list[Problem]]:
    top, problems = read_record(data, lines, "", TOP_FIELDS, path, 1, "RULES")
    if errors_only(problems):
        return None, problems

    def sub(key: str, spec: dict, value=None, prefix=None):
        values, found = read_record(
            top[key] if value is None else value, lines, prefix or key, spec, path, lines.get(prefix or key, 1), "RULES"
        )
        problems.extend(found)
        return values

    limit = sub("default_time_limit", DEFAULT_LIMIT_FIELDS)
    columns = [sub("columns", COLUMN_FIELDS, v, f"columns[{i}]") for i, v in enumerate(top["columns"])]
    veto = sub("veto", VETO_FIELDS)
    counts = {k: sub("veto", COUNT_FIELDS, v, f"veto.{k}") for k, v in veto.items()}
    interp = sub("interpretation", INTERPRETATION_FIELDS)
    annual = sub("annual_report", ANNUAL_FIELDS)
    deadlines = [
        sub("annual_report", DEADLINE_FIELDS, v, f"annual_report.deadlines[{i}]")
        for i, v in enumerate(annual.get("deadlines") or [])
    ]
    requests = sub("requests", REQUEST_FIELDS)
    forecast = sub("forecast", FORECAST_FIELDS)
    if errors_only(problems):
        return None, problems
    class_names = list(DOC_CLASSES)
    seen_levels: dict[str, int] = {}
    for i, deadline in enumerate(deadlines):
        for level in deadline.get("levels", []):
            if level in seen_levels:
                problems.append(
                    Problem(
                        path,
                        lines.get(f"annual_report.deadlines[{i}].levels"),
                        "RULES-DEADLINE-DUP",
                        f"层级 {level} 的年报公布期限写了两次（另见第 {seen_levels[level] + 1} 项）",
                        "每个层级只写在一项中",
                        f"annual_report.deadlines[{i}].levels",
                    )
                )
            seen_levels.setdefault(level, i)
        if deadline.get("warn_from") and deadline.get("due") and deadline["warn_from"] > deadline["due"]:
            problems.append(
                Problem(
                    path,
                    lines.get(f"annual_report.deadlines[{i}].warn_from"),
                    "RULES-WARN-FROM",
                    "预警起始日晚于公布期限",
                    "warn_from 写在 due 之前，例如 due: 03-31 时写 warn_from: 03-24",
                    f"annual_report.deadlines[{i}].warn_from",
                )
            )
    for i, col in enumerate(columns):
        if not col.get("genres") and not col.get("classes"):
            problems.append(
                Problem(
                    path,
                    lines.get(f"columns[{i}].id"),
                    "RULES-COLUMN-EMPTY",
                    f"栏目 {col['id']} 既没有 genres 也没有 classes",
                    "至少写一项 genres: [体裁] 或 classes: [文件类别]",
                    f"columns[{i}]",
                )
            )
        for name in col.get("classes", []):
            if name not in class_names:
                problems.append(
                    Problem(
                        path,
                        lines.get(f"columns[{i}].classes"),
                        "RULES-UNKNOWN-CLASS",
                        f"“{name}”不是文件类别",
                        "可选：" + "、".join(class_names),
                        f"columns[{i}].classes",
                    )
                )
        if col.get("warn_age") and col["warn_age"].after(dt.date(2001, 1, 1)) >= col["max_age"].after(
            dt.date(2001, 1, 1)
        ):
            problems.append(
                Problem(
                    path,
                    lines.get(f"columns[{i}].warn_age"),
                    "RULES-WARN-AGE",
                    f"栏目 {col['id']} 的预警期限 {col['warn_age'].text} 不短于否决期限 {col['max_age'].text}",
                    "预警期限应短于 max_age",
                    f"columns[{i}].warn_age",
                )
            )
    for name in interp["classes"]:
        if name not in class_names:
            problems.append(
                Problem(
                    path,
                    lines.get("interpretation.classes"),
                    "RULES-UNKNOWN-CLASS",
                    f"“{name}”不是文件类别",
                    "可选：" + "、".join(class_names),
                    "interpretation.classes",
                )
            )
    for key, count in counts.items():
        if count["warn"] > count["fail"]:
            problems.append(
                Problem(
                    path,
                    lines.get(f"veto.{key}.warn"),
                    "RULES-WARN-COUNT",
                    f"预警数量 {count['warn']} 大于否决数量 {count['fail']}",
                    "预警数量应不大于否决数量",
                    f"veto.{key}.warn",
                )
            )
    if errors_only(problems):
        return None, problems
    return Rules(
        path=path,
        default_time_limit=limit["text"],
        default_time_limit_severity=limit["severity"],
        default_time_limit_source=limit["source"],
        columns=tuple(
            ColumnRule(
                c["id"],
                c["name"],
                c["kind"],
                tuple(c.get("genres", [])),
                tuple(c.get("classes", [])),
                c["max_age"],
                c.get("warn_age"),
                tuple(c["levels"]),
                c["severity"],
                c["source"],
            )
            for c in columns
        ),
        stale_columns=CountRule(**counts["stale_columns"]),
        overdue_columns=CountRule(**counts["overdue_columns"]),
        blank_columns=CountRule(**counts["blank_columns"]),
        interpretation_classes=tuple(interp["classes"]),
        interpretation_days=interp["max_working_days"],
        interpretation_missing_severity=interp["missing_severity"],
        interpretation_late_severity=interp["late_severity"],
        interpretation_source=interp["source"],
        annual_deadlines=tuple(
            AnnualDeadline(tuple(d["levels"]), d["due"], d["warn_from"], d["source"]) for d in deadlines
        ),
        rulemaking_levels=tuple(annual["rulemaking_levels"]),
        annual_severity=annual["severity"],
        request_days=requests["answer_working_days"],
        request_extension_days=requests["extension_working_days"],
        request_severity=requests["severity"],
        request_source=requests["source"],
        horizon_days=forecast["horizon_days"],
    ), problems
