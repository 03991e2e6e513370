"""Compliance intelligence: what an inspector would find on a given date, and when it will get worse.

`compliance_report(corpus, registry, as_of, rules, annual_reports, unit=None)` judges every unit (or one
unit and the units below it) at an explicit `as_of` date and returns a `Report`:

* coverage of the unit's effective catalogs (已公开 / 未公开 / 逾期 per row, from core/compliance/coverage.py);
* late publications: 发布日期 later than the row's 公开时限 after 成文日期, in working days with 调休
  (items without a row, or whose row states no deadline, fall back to the default 公开时限 of
  catalogs/compliance.yml: 20 working days, 条例 第二十六条);
* stale columns (栏目不更新): the unit's 工作动态 / 通知公告 / 政策文件 columns, made of its items by genre or
  document class as compliance.yml defines them;
* blank columns (空白栏目): unit × domain columns of an applicable effective catalog with no item;
* 单项否决 counts, per unit over its platform (the unit and every unit below it except villages): stale,
  overdue (逾期 catalog rows) and blank columns against the thresholds;
* policies (规章, 行政规范性文件) without a 解读, and 解读 published later than N working days after the policy;
* the 年报 of the previous year missing (or late) after its deadline (31 March for a county-level or higher
  government, 31 January for a department, as compliance.yml sets for townships); 依申请公开 requests past
  their deadline;
* a forecast: the first date within the horizon on which each column or row trips a rule if nothing is
  published, and the date each 单项否决 count would be reached.

Everything is deterministic given `as_of`; nothing reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict

from ..base.timelimits import TimeRule, parse_time_limit
from ..base.workdays import CalendarRangeError, HolidayCalendar
from ..model.entities import Item, Unit
from ..sources.corpus import collect_corpus
from ..sources.rules import ERROR, NOTE, SEVERITY_RANK, VETO, WARNING, ColumnRule, Rules
from .coverage import LATE, MISSING, PUBLISHED, STATUSES, compute_coverage, judge_row, rollup

SCHEMA_VERSION = 2  # 2: rules[].basis (the document) instead of a check number; annual_reports[].sources
PASS = "通过"

# rule codes, their Chinese names and the document each rule applies (the thresholds and the exact clauses are
# in catalogs/compliance.yml and shown with every finding)
RULES = {
    "COVERAGE-OVERDUE": ("目录事项逾期", "《中华人民共和国政府信息公开条例》第二十六条；本单位公开事项目录的公开时限"),
    "LATE-PUBLICATION": ("超过公开时限发布", "《中华人民共和国政府信息公开条例》第二十六条"),
    "STALE-COLUMN": ("栏目不更新", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决第4项"),
    "BLANK-COLUMN": ("空白栏目", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决第4项"),
    "VETO-STALE": ("不更新栏目数量", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决第4项①"),
    "VETO-OVERDUE": ("逾期事项数量", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决第4项②"),
    "VETO-BLANK": ("空白栏目数量", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决第4项③"),
    "JIEDU-MISSING": ("政策文件缺少解读", "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）"),
    "JIEDU-LATE": ("解读晚于政策文件", "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）"),
    "NIANBAO-MISSING": ("年度报告未公布", "《中华人民共和国政府信息公开条例》第四十九条"),
    "NIANBAO-LATE": ("年度报告逾期公布", "《中华人民共和国政府信息公开条例》第四十九条"),
    "REQUEST-OVERDUE": ("依申请公开逾期答复", "《中华人民共和国政府信息公开条例》第三十三条"),
    "CALENDAR-RANGE": ("节假日日历缺少年份", "国务院办公厅关于当年部分节假日安排的通知"),
}


def display_name(unit: Unit) -> str:
    """The unit as staff and office heads read it: its short name, or its full name where two units share the
    short one (徽州区财政局, 屯溪区财政局 rather than two 区财政局)."""
    return unit.distinct_name or unit.short


@dataclasses.dataclass
class Finding:
    rule: str  # a key of RULES
    severity: str  # 否决 | 错误 | 警告 | 提示
    unit: str  # unit id
    subject: str  # what is concerned, e.g. 工作动态栏目, 社会救助 › 最低生活保障 › 审核审批
    message: str  # what is wrong, in Chinese
    source: str  # legal source of the threshold
    domain: str | None = None
    date: str | None = None  # the date the rule tripped (or the deadline), YYYY-MM-DD
    item: str | None = None  # item id
    path: str | None = None  # file to fix, relative to the project root

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Forecast:
    date: str  # YYYY-MM-DD: the first day the rule fails if nothing is published
    rule: str
    severity: str  # the severity it will have on that day
    unit: str
    subject: str
    message: str
    domain: str | None = None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ColumnState:
    id: str
    name: str
    kind: str
    latest: str | None  # 发布日期 of the newest item, YYYY-MM-DD
    items: int
    status: str  # 正常 | 预警 | 不更新
    stale_on: str | None  # the day it is (or was) stale
    warn_on: str | None


@dataclasses.dataclass
class UnitReport:
    unit: Unit
    coverage: list[dict]  # per domain: {domain, name, rows, 已公开, 未公开, 逾期, items}
    columns: list[ColumnState]
    blank: list[str]  # domain ids
    findings: list[Finding]
    forecast: list[Forecast]
    counts: dict[str, int]  # own counts: stale, overdue, blank, late, jiedu_missing, ...
    platform_counts: dict[str, int] = dataclasses.field(default_factory=dict)  # stale, overdue, blank over the platform
    annual_report: dict | None = None  # the 年报 due most recently: {year, due, status, url, published}

    @property
    def verdict(self) -> str:
        worst = max((SEVERITY_RANK[f.severity] for f in self.findings), default=-1)
        return next((s for s, r in SEVERITY_RANK.items() if r == worst and r > 0), PASS)

    def severity_counts(self) -> dict[str, int]:
        counts = {s: 0 for s in (VETO, ERROR, WARNING, NOTE)}
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def summary_line(self) -> str:
        c, p = self.severity_counts(), self.platform_counts
        cov = {k: sum(d[k] for d in self.coverage) for k in STATUSES}
        line = (
            f"{display_name(self.unit)}：{self.verdict}｜否决 {c[VETO]}、错误 {c[ERROR]}、警告 {c[WARNING]}｜"
            f"目录 已公开 {cov[PUBLISHED]}、未公开 {cov[MISSING]}、逾期 {cov[LATE]}｜"
            f"不更新栏目 {p.get('stale', 0)}、逾期事项 {p.get('overdue', 0)}、空白栏目 {p.get('blank', 0)}"
        )
        if self.forecast:
            first = self.forecast[0]
            line += f"｜最早预警 {first.date} {first.subject}"
        return line


@dataclasses.dataclass
class Report:
    as_of: dt.date
    rules: Rules
    units: list[UnitReport]
    history: dict | None = None

    def failed(self, level: str) -> bool:
        """Whether any finding reaches `level` (error: 否决 or 错误; warning: also 警告; never: False)."""
        if level == "never":
            return False
        floor = SEVERITY_RANK[ERROR] if level == "error" else SEVERITY_RANK[WARNING]
        return any(SEVERITY_RANK[f.severity] >= floor for u in self.units for f in u.findings)

    @property
    def findings(self) -> list[Finding]:
        return [f for u in self.units for f in u.findings]

    @property
    def forecasts(self) -> list[Forecast]:
        return sorted((f for u in self.units for f in u.forecast), key=lambda f: (f.date, f.unit, f.subject))

    def totals(self) -> dict:
        totals = {s: 0 for s in (VETO, ERROR, WARNING, NOTE)}
        for u in self.units:
            for k, v in u.severity_counts().items():
                totals[k] += v
        verdicts = defaultdict(int)
        for u in self.units:
            verdicts[u.verdict] += 1
        return {
            "units": len(self.units),
            "findings": totals,
            "verdicts": dict(verdicts),
            "forecasts": len(self.forecasts),
        }


# -- helpers ------------------------------------------------------------------------------------------------


def load_items(content_dir: str, registry, project_root: str, as_of: dt.date):
    """(corpus, problems): every valid item, with the problems of the others (the report still runs on a tree
    with a broken item)."""
    return collect_corpus(content_dir, registry, project_root, as_of=as_of)


@functools.lru_cache(maxsize=65536)
def _due(calendar: HolidayCalendar, start: dt.date, kind: str, n: int) -> dt.date:
    if kind == "working_days_after_event":
        return calendar.add_working_days(start, n)
    return calendar.add_calendar_days(start, n)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def platform_units(unit: Unit, own_sites: frozenset[str] = frozenset()) -> list[Unit]:
    """The units of `unit`'s website: the unit and every unit below it, except villages (村务 is published
    through the township) and units with a website of their own (a county of a 站群, catalogs/sites.yml):
    检查指标 are applied per website."""
    found = [unit]
    for child in unit.children:
        if child.level != "village" and child.id not in own_sites:
            found += platform_units(child, own_sites)
    return found


def _subtree(unit: Unit) -> list[Unit]:
    found = [unit]
    for child in unit.children:
        found += _subtree(child)
    return found


class _Judge:
    def __init__(self, corpus, registry, as_of: dt.date, rules: Rules, annual_reports: dict):
        self.corpus, self.registry, self.as_of, self.rules = corpus, registry, as_of, rules
        self.annual_reports = annual_reports
        self.horizon = as_of + dt.timedelta(days=rules.horizon_days)
        self.items = [i for i in corpus.items.values() if i.published.date() <= as_of]
        self.by_unit: dict[str, list[Item]] = defaultdict(list)
        for item in sorted(self.items, key=lambda i: (i.published, i.id), reverse=True):
            self.by_unit[item.publisher.id].append(item)
        self.calendar_notes: list[Finding] = []
        # items shown in a unit × domain column: its own, its departments' and its villages' 村级 ones (rollup)
        self.column_items: dict[tuple[str, str], int] = defaultdict(int)
        for item in self.items:
            for unit_id in rollup(item):
                self.column_items[(unit_id, item.domain.id)] += 1
        cluster = getattr(registry, "cluster", None)
        self.own_sites = frozenset(cluster.sites) if cluster is not None else frozenset()

    # -- late publication ----------------------------------------------------------------------------------

    def late_publications(self, unit: Unit) -> list[Finding]:
        found = []
        for item in self.by_unit.get(unit.id, []):
            rule, source = self._deadline_rule(item)
            if rule is None:
                continue
            published = item.published.date()
            if (published - item.written).days <= rule.n:  # n working days are at least n days
                continue
            try:
                due = _due(self.registry.calendar, item.written, rule.kind, rule.n)
            except CalendarRangeError as exc:
                found.append(self._calendar(unit, item, exc))
                continue
            if published > due:
                unit_text = "个工作日" if rule.kind == "working_days_after_event" else "日"
                found.append(
                    Finding(
                        "LATE-PUBLICATION",
                        self.rules.default_time_limit_severity,
                        unit.id,
                        item.title,
                        f"成文 {item.written}，应在 {rule.n}{unit_text}内即 {due} 前公开，"
                        f"{published} 才发布（{rule.text}）",
                        source,
                        item.domain.id,
                        due.isoformat(),
                        item.id,
                        item.path,
                    )
                )
        return found

    def _deadline_rule(self, item: Item) -> tuple[TimeRule | None, str]:
        if item.catalog_row is not None:
            rule = parse_time_limit(item.catalog_row.time_limit)
            if rule.has_deadline:
                return rule, f"{item.domain.name}领域目录“{item.catalog_row.label}”公开时限"
            if rule.kind != "working_days_after_event":
                return None, ""
        return self.rules.default_time_limit, self.rules.default_time_limit_source

    def _calendar(self, unit: Unit, item: Item | None, exc: CalendarRangeError) -> Finding:
        return Finding(
            "CALENDAR-RANGE",
            NOTE,
            unit.id,
            item.title if item else display_name(unit),
            exc.message,
            exc.fix,
            item.domain.id if item else None,
            None,
            item.id if item else None,
            item.path if item else None,
        )

    # -- columns ----------------------------------------------------------------------------------------------

    def columns(self, unit: Unit) -> tuple[list[ColumnState], list[Finding], list[Forecast]]:
        states, findings, forecasts = [], [], []
        items = self.by_unit.get(unit.id, [])
        for col in self.rules.columns:
            if unit.level not in col.levels:
                continue
            mine = [i for i in items if self.rules.in_column(col, i)]
            latest = mine[0].published.date() if mine else None
            state, finding, forecast = self._column_state(unit, col, latest, len(mine))
            states.append(state)
            findings += finding
            forecasts += forecast
        return states, findings, forecasts

    def _column_state(self, unit: Unit, col: ColumnRule, latest: dt.date | None, count: int):
        subject = f"{col.name}栏目"
        if latest is None:
            message = f"{col.name}栏目没有任何信息（未注明发布时间的视为不更新），应每{col.max_age.text}至少更新一次"
            state = ColumnState(col.id, col.name, col.kind, None, 0, "不更新", None, None)
            return state, [Finding("STALE-COLUMN", col.severity, unit.id, subject, message, col.source)], []
        stale_on = col.max_age.after(latest)
        warn_on = col.warn_age.after(latest) if col.warn_age else None
        if self.as_of >= stale_on:
            status = "不更新"
            findings = [
                Finding(
                    "STALE-COLUMN",
                    col.severity,
                    unit.id,
                    subject,
                    f"最近一次更新在 {latest}，已超过 {col.max_age.text}（自 {stale_on} 起计为不更新栏目）",
                    col.source,
                    None,
                    stale_on.isoformat(),
                )
            ]
            forecasts = []
        else:
            status = "预警" if warn_on and self.as_of >= warn_on else "正常"
            findings = (
                [
                    Finding(
                        "STALE-COLUMN",
                        WARNING,
                        unit.id,
                        subject,
                        f"最近一次更新在 {latest}，{stale_on} 起将计为不更新栏目（期限 {col.max_age.text}）",
                        col.source,
                        None,
                        stale_on.isoformat(),
                    )
                ]
                if status == "预警"
                else []
            )
            forecasts = (
                [
                    Forecast(
                        stale_on.isoformat(),
                        "STALE-COLUMN",
                        col.severity,
                        unit.id,
                        subject,
                        f"若不更新，{stale_on} 起{col.name}栏目计为不更新"
                        f"（最近一次 {latest}，期限 {col.max_age.text}）",
                    )
                ]
                if stale_on <= self.horizon
                else []
            )
        return (
            ColumnState(
                col.id, col.name, col.kind, latest.isoformat(), count, status, stale_on.isoformat(), _iso(warn_on)
            ),
            findings,
            forecasts,
        )

    # -- coverage, overdue rows and blank columns ----------------------------------------------------------------

    def coverage(self, unit: Unit, coverage) -> tuple[list[dict], list[str], list[Finding], list[Forecast]]:
        summary, blank, findings, forecasts = [], [], [], []
        for dc in coverage.of_unit(unit):
            counts = dc.counts
            summary.append(
                {"domain": dc.domain.id, "name": dc.domain.name, "rows": len(dc.rows), **counts, "items": dc.item_count}
            )
            own_items = self.column_items.get((unit.id, dc.domain.id), 0)
            if own_items == 0 and unit.level != "village":  # 村务 is published on the township's platform
                blank.append(dc.domain.id)
                findings.append(
                    Finding(
                        "BLANK-COLUMN",
                        ERROR,
                        unit.id,
                        f"{dc.domain.name}领域栏目",
                        f"{dc.domain.name}领域有 {len(dc.rows)} 个目录事项，但本单位没有发布任何信息",
                        self.rules.blank_columns.source,
                        dc.domain.id,
                    )
                )
            for rc in dc.rows:
                subject = f"{dc.domain.name} › {rc.row.label}"
                if rc.status == LATE:
                    latest = rc.latest
                    findings.append(
                        Finding(
                            "COVERAGE-OVERDUE",
                            ERROR,
                            unit.id,
                            subject,
                            rc.note,
                            f"{dc.domain.name}领域目录公开时限：{rc.row.time_limit}",
                            dc.domain.id,
                            _iso(rc.due),
                            latest.id if latest else None,
                            latest.path if latest else None,
                        )
                    )
                elif rc.rule.kind == "periodic":
                    trip = self._periodic_trip(rc)
                    if trip is not None:
                        forecasts.append(
                            Forecast(
                                trip.isoformat(),
                                "COVERAGE-OVERDUE",
                                ERROR,
                                unit.id,
                                subject,
                                f"若不公开，{trip} 起该事项逾期（{rc.row.time_limit}）",
                                dc.domain.id,
                            )
                        )
        return summary, blank, findings, forecasts

    def _periodic_trip(self, rc) -> dt.date | None:
        """The first day within the horizon on which coverage would judge the row 逾期 if nothing new is
        published (coverage's own judge_row, asked day by day: a periodic rule needs no calendar)."""
        day = self.as_of + dt.timedelta(days=1)
        while day <= self.horizon:
            if judge_row(rc.rule, rc.items, day)[0] == LATE:
                return day
            day += dt.timedelta(days=1)
        return None

    # -- 解读 ----------------------------------------------------------------------------------------------------

    def interpretations(self, unit: Unit) -> tuple[list[Finding], list[Forecast]]:
        findings, forecasts = [], []
        n = self.rules.interpretation_days
        for item in self.by_unit.get(unit.id, []):
            cls = self.rules.document_class(item)
            if cls not in self.rules.interpretation_classes or item.validity in ("失效", "废止"):
                continue
            published = item.published.date()
            try:
                due = self.registry.calendar.add_working_days(published, n)
            except CalendarRangeError as exc:
                findings.append(self._calendar(unit, item, exc))
                continue
            jiedu = [j for j in item.interpretations if j.published.date() <= self.as_of]
            if not jiedu:
                if self.as_of > due:
                    findings.append(
                        Finding(
                            "JIEDU-MISSING",
                            self.rules.interpretation_missing_severity,
                            unit.id,
                            item.title,
                            f"{cls}（{item.doc_no}）{published} 发布，至今没有解读（应在 {n} 个工作日内即 {due} 前）",
                            self.rules.interpretation_source,
                            item.domain.id,
                            due.isoformat(),
                            item.id,
                            item.path,
                        )
                    )
                else:
                    trip = due + dt.timedelta(days=1)
                    forecasts.append(
                        Forecast(
                            trip.isoformat(),
                            "JIEDU-MISSING",
                            self.rules.interpretation_missing_severity,
                            unit.id,
                            item.title,
                            f"{due} 前须发布解读，否则 {trip} 起计为缺少解读",
                            item.domain.id,
                        )
                    )
                continue
            first = min(j.published.date() for j in jiedu)
            if first > due:
                findings.append(
                    Finding(
                        "JIEDU-LATE",
                        self.rules.interpretation_late_severity,
                        unit.id,
                        item.title,
                        f"政策 {published} 发布，解读 {first} 才发布，晚于 {n} 个工作日（{due}）",
                        self.rules.interpretation_source,
                        item.domain.id,
                        due.isoformat(),
                        jiedu[0].id,
                        jiedu[0].path,
                    )
                )
        return findings, forecasts

    # -- 年报 and 依申请公开 ------------------------------------------------------------------------------------

    def annual(self, unit: Unit) -> tuple[dict | None, list[Finding], list[Forecast]]:
        rules = self.rules
        deadline = rules.annual_deadline(unit.level)
        if deadline is None:
            return None, [], []
        due_this = dt.date(self.as_of.year, *deadline.due)
        year = self.as_of.year - 1 if self.as_of > due_this else self.as_of.year - 2
        due = dt.date(year + 1, *deadline.due)
        report = self.annual_reports.get((unit.id, year))
        published = report.published if report is not None else None
        info = {
            "year": year,
            "due": due.isoformat(),
            "published": _iso(published),
            "url": report.url if report is not None and published and published <= self.as_of else None,
        }
        findings, forecasts = [], []
        subject = f"{year}年政府信息公开工作年度报告"
        if published is None or published > self.as_of:
            info["status"] = "未公布"
            findings.append(
                Finding(
                    "NIANBAO-MISSING",
                    rules.annual_severity,
                    unit.id,
                    subject,
                    f"应在 {due} 前公布 {year} 年度报告，至今未公布",
                    deadline.source,
                    None,
                    due.isoformat(),
                    None,
                    report.ledger.dir if report is not None else f"catalogs/ledgers/{unit.id}/{year}/",
                )
            )
        elif published > due:
            info["status"] = "逾期公布"
            findings.append(
                Finding(
                    "NIANBAO-LATE",
                    rules.annual_severity,
                    unit.id,
                    subject,
                    f"{published} 公布，晚于 {due}（{deadline.due_text}前）",
                    deadline.source,
                    None,
                    due.isoformat(),
                    None,
                    report.ledger.narrative.path,
                )
            )
        else:
            info["status"] = "已公布"
        # the next report: due on the same day of the year after
        next_year = year + 1
        next_due = dt.date(next_year + 1, *deadline.due)
        nxt = self.annual_reports.get((unit.id, next_year))
        if not (nxt and nxt.published and nxt.published <= self.as_of):
            warn_from = dt.date(next_year + 1, *deadline.warn_from)
            trip = next_due + dt.timedelta(days=1)
            if self.as_of >= warn_from:
                findings.append(
                    Finding(
                        "NIANBAO-MISSING",
                        WARNING,
                        unit.id,
                        f"{next_year}年政府信息公开工作年度报告",
                        f"须在 {next_due} 前公布",
                        deadline.source,
                        None,
                        next_due.isoformat(),
                    )
                )
            if trip <= self.horizon:
                forecasts.append(
                    Forecast(
                        trip.isoformat(),
                        "NIANBAO-MISSING",
                        rules.annual_severity,
                        unit.id,
                        f"{next_year}年政府信息公开工作年度报告",
                        f"{next_due} 前未公布则 {trip} 起计为未公布",
                    )
                )
        return info, findings, forecasts

    def requests(self, unit: Unit) -> tuple[list[Finding], list[Forecast]]:
        findings, forecasts = [], []
        rules = self.rules
        for (unit_id, _), report in sorted(self.annual_reports.items()):
            if unit_id != unit.id:
                continue
            for r in report.ledger.requests or []:  # entered totals carry no dates to judge
                if r.carried_over:
                    continue  # judged in the ledger of the year it was received
                limit = rules.request_days + (rules.request_extension_days if r.extended else 0) + r.excluded_workdays
                try:
                    due = self.registry.calendar.add_working_days(r.received, limit)
                except CalendarRangeError as exc:
                    if r.closed is None or (r.closed - r.received).days > limit:
                        findings.append(
                            Finding(
                                "CALENDAR-RANGE",
                                NOTE,
                                unit.id,
                                f"依申请公开 {r.id}",
                                exc.message,
                                exc.fix,
                                path=report.ledger.requests_path,
                            )
                        )
                    continue
                closed = r.closed if r.closed is not None and r.closed <= self.as_of else None
                extra = f"（含延期 {rules.request_extension_days} 个工作日）" if r.extended else ""
                extra += f"（另扣除 {r.excluded_workdays} 个不计入期限的工作日）" if r.excluded_workdays else ""
                if closed is not None and closed > due:
                    findings.append(
                        Finding(
                            "REQUEST-OVERDUE",
                            WARNING,
                            unit.id,
                            f"依申请公开 {r.id}",
                            f"{r.received} 收到，应在 {due} 前答复{extra}，{closed} 才办结",
                            rules.request_source,
                            None,
                            due.isoformat(),
                            None,
                            report.ledger.requests_path,
                        )
                    )
                elif closed is None and self.as_of > due:
                    findings.append(
                        Finding(
                            "REQUEST-OVERDUE",
                            rules.request_severity,
                            unit.id,
                            f"依申请公开 {r.id}",
                            f"{r.received} 收到，应在 {due} 前答复{extra}，至今未办结",
                            rules.request_source,
                            None,
                            due.isoformat(),
                            None,
                            report.ledger.requests_path,
                        )
                    )
                elif closed is None and due < self.horizon:
                    trip = due + dt.timedelta(days=1)
                    forecasts.append(
                        Forecast(
                            trip.isoformat(),
                            "REQUEST-OVERDUE",
                            rules.request_severity,
                            unit.id,
                            f"依申请公开 {r.id}",
                            f"{due} 前须答复{extra}，否则 {trip} 起逾期",
                        )
                    )
        return findings, forecasts

    # -- 单项否决 counts over the platform -------------------------------------------------------------------------

    def vetoes(self, unit_report: UnitReport, reports: dict[str, UnitReport]) -> None:
        if unit_report.unit.level == "village":
            return
        members = [reports[u.id] for u in platform_units(unit_report.unit, self.own_sites) if u.id in reports]
        stale_now = sum(1 for r in members for c in r.columns if c.status == "不更新")
        stale_future = sorted(f.date for r in members for f in r.forecast if f.rule == "STALE-COLUMN")
        overdue_now = sum(1 for r in members for f in r.findings if f.rule == "COVERAGE-OVERDUE")
        overdue_future = sorted(f.date for r in members for f in r.forecast if f.rule == "COVERAGE-OVERDUE")
        blank_now = sum(len(r.blank) for r in members)
        unit_report.platform_counts = {
            "stale": stale_now,
            "overdue": overdue_now,
            "blank": blank_now,
            "units": len(members),
        }
        unit = unit_report.unit
        scope = (
            f"{display_name(unit)}信息公开平台（含 {len(members) - 1} 个下级单位）"
            if len(members) > 1
            else f"{display_name(unit)}信息公开平台"
        )
        for code, _key, rule, now, future, what in (
            ("VETO-STALE", "stale", self.rules.stale_columns, stale_now, stale_future, "不更新栏目"),
            ("VETO-OVERDUE", "overdue", self.rules.overdue_columns, overdue_now, overdue_future, "逾期事项"),
            ("VETO-BLANK", "blank", self.rules.blank_columns, blank_now, [], "空白栏目"),
        ):
            if now >= rule.fail:
                unit_report.findings.append(
                    Finding(
                        code, VETO, unit.id, scope, f"{what} {now} 个，达到单项否决标准（≥{rule.fail}）", rule.source
                    )
                )
            elif now >= rule.warn:
                unit_report.findings.append(
                    Finding(
                        code,
                        WARNING,
                        unit.id,
                        scope,
                        f"{what} {now} 个，接近单项否决标准（≥{rule.fail}，预警 ≥{rule.warn}）",
                        rule.source,
                    )
                )
            if now < rule.fail and len(future) >= rule.fail - now:
                day = future[rule.fail - now - 1]
                unit_report.forecast.append(
                    Forecast(
                        day, code, VETO, unit.id, scope, f"若不更新，{day} 起{what}达到 {rule.fail} 个，触发单项否决"
                    )
                )
        unit_report.forecast.sort(key=lambda f: (f.date, f.rule, f.subject))


def compliance_report(
    corpus, registry, as_of: dt.date, rules: Rules, annual_reports: dict | None = None, unit: str | None = None
) -> Report:
    """Judge every unit (or `unit` and the units below it) at `as_of`; see the module docstring."""
    judge = _Judge(corpus, registry, as_of, rules, annual_reports or {})
    if unit is not None:
        root = registry.units[unit]
        units = _subtree(root)
        order = [u for u in registry.units_in_order() if u in units]
    else:
        order = registry.units_in_order()
    coverage = compute_coverage(registry, judge.items, as_of, units=order, attribute=rollup)
    reports: dict[str, UnitReport] = {}
    for u in order:
        findings, forecasts = [], []
        states, found, fc = judge.columns(u)
        findings += found
        forecasts += fc
        summary, blank, found, fc = judge.coverage(u, coverage)
        findings += found
        forecasts += fc
        findings += judge.late_publications(u)
        found, fc = judge.interpretations(u)
        findings += found
        forecasts += fc
        annual, found, fc = judge.annual(u)
        findings += found
        forecasts += fc
        found, fc = judge.requests(u)
        findings += found
        forecasts += fc
        counts = {
            "stale": sum(1 for c in states if c.status == "不更新"),
            "overdue": sum(1 for f in findings if f.rule == "COVERAGE-OVERDUE"),
            "blank": len(blank),
            "late": sum(1 for f in findings if f.rule == "LATE-PUBLICATION"),
            "jiedu_missing": sum(1 for f in findings if f.rule == "JIEDU-MISSING" and f.severity != WARNING),
            "jiedu_late": sum(1 for f in findings if f.rule == "JIEDU-LATE"),
            "requests_overdue": sum(1 for f in findings if f.rule == "REQUEST-OVERDUE"),
            "items": len(judge.by_unit.get(u.id, [])),
        }
        reports[u.id] = UnitReport(u, summary, states, blank, findings, forecasts, counts, annual_report=annual)
    # vetoes need every member's columns first; platform counts include units outside `order` only if judged
    for r in reports.values():
        judge.vetoes(r, reports)
    for r in reports.values():
        r.findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.rule, f.domain or "", f.subject))
    return Report(as_of, rules, list(reports.values()))
