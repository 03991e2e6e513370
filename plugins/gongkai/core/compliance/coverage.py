"""Coverage of the catalogs: is every row of every unit's catalog fed with items on time? (no MkDocs imports)

For each unit × domain × row of the unit's effective catalog: the items filed under the row (``catalog:``
in their front matter, by default attributed to their publisher), newest first, and a status:

* 已公开 — the latest item was published within the row's 公开时限, counted from its 成文日期
  (``written``); for a periodic rule: something was published in the period now due;
* 未公开 — nothing filed under the row yet;
* 逾期  — the latest item was published later than its rule allows (e.g. 20 working days after its
  成文日期, on the official calendar with 调休), or for a periodic rule nothing within the period now due.

Rules without a computable deadline (实时公开, 及时公开, 常年公开, 提前…通知) are 已公开 once an item exists.
Everything is computed once for the whole site (`compute_coverage`), linear in the number of items, and
reused by the catalog pages and reports. ``as_of`` is explicit: items published after it are ignored and
periodic rules are judged at that date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from ..base.problems import ContentError, Problem
from ..base.timelimits import TimeRule, parse_time_limit
from ..base.workdays import OFFICIAL, CalendarRangeError, HolidayCalendar
from ..model.entities import CatalogRow, Domain, Item, Unit
from ..sources.catalogs import EffectiveCatalog

PUBLISHED = "已公开"
MISSING = "未公开"
LATE = "逾期"
STATUSES = (PUBLISHED, MISSING, LATE)


@dataclasses.dataclass
class RowCoverage:
    row: CatalogRow
    rule: TimeRule
    items: list[Item]  # filed under the row, published on or before as_of, newest first
    status: str
    due: dt.date | None = None  # the latest item's deadline, or the periodic due date now judged
    note: str = ""  # why, in plain Chinese

    @property
    def latest(self) -> Item | None:
        return self.items[0] if self.items else None


@dataclasses.dataclass
class DomainCoverage:
    catalog: EffectiveCatalog
    rows: list[RowCoverage]

    @property
    def unit(self) -> Unit:
        return self.catalog.unit

    @property
    def domain(self) -> Domain:
        return self.catalog.domain

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.rows:
            counts[r.status] += 1
        return counts

    @property
    def item_count(self) -> int:
        return len({i.id for r in self.rows for i in r.items})


@dataclasses.dataclass
class Coverage:
    as_of: dt.date
    domains: dict[tuple[str, str], DomainCoverage]  # (unit id, domain id) -> coverage; applicable catalogs only

    def get(self, unit: Unit, domain: Domain) -> DomainCoverage | None:
        return self.domains.get((unit.id, domain.id))

    def of_unit(self, unit: Unit) -> list[DomainCoverage]:
        return [c for (u, _), c in self.domains.items() if u == unit.id]

    def unit_counts(self, unit: Unit) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for c in self.of_unit(unit):
            for k, v in c.counts.items():
                counts[k] += v
        return counts


def _period(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    first_month = day.month if period == "month" else (day.month - 1) // 3 * 3 + 1
    start = dt.date(day.year, first_month, 1)
    months = 1 if period == "month" else 3
    y, m = divmod(first_month - 1 + months, 12)
    return start, dt.date(day.year + y, m + 1, 1) - dt.timedelta(days=1)


def _due(start: dt.date, end: dt.date, rule: TimeRule) -> dt.date:
    if not rule.due_day:
        return end
    y, m = divmod(start.month - 1 + (rule.due_month or 1) - 1, 12)
    return min(dt.date(start.year + y, m + 1, 1) + dt.timedelta(days=rule.due_day - 1), end)


def _judge_periodic(rule: TimeRule, items: list[Item], as_of: dt.date) -> tuple[str, dt.date, str]:
    cur_start, cur_end = _period(as_of, rule.period)
    due = _due(cur_start, cur_end, rule)
    if as_of >= due:
        start = cur_start
    else:
        start, end = _period(cur_start - dt.timedelta(days=1), rule.period)
        due = _due(start, end, rule)
    dates = [i.published.date() for i in items]
    early = start < cur_start and any(d >= cur_start for d in dates)  # the current period already served
    if early or any(start <= d <= due for d in dates):
        return PUBLISHED, due, f"{start.isoformat()} 至 {due.isoformat()} 期间已公开"
    if not items:
        return MISSING, due, "尚无公开信息"
    return LATE, due, f"{start.isoformat()} 至 {due.isoformat()} 期间应公开而未公开（最近一次 {dates[0].isoformat()}）"


def _judge_deadline(rule: TimeRule, item: Item, calendar: HolidayCalendar) -> tuple[str, dt.date | None, str]:
    """Whether `item` was published within `rule`, counted from its 成文日期. Dates after the item's
    publication are only consulted when needed, so a recent item never needs next year's calendar."""
    written, published = item.written, item.published.date()
    lapsed = (published - written).days
    due: dt.date | None = None
    if rule.kind == "working_days_after_event":
        late = lapsed > rule.n and calendar.working_days_between(written, published) > rule.n
        try:
            due = calendar.add_working_days(written, rule.n)
        except CalendarRangeError:
            if late:
                raise
            due = None  # on time whatever next year's calendar says (n working days >= n days)
        limit = f"{rule.n}个工作日"
    else:
        late = lapsed > rule.n and published > calendar.add_calendar_days(written, rule.n)
        try:
            due = calendar.add_calendar_days(written, rule.n)
        except CalendarRangeError:
            if late:
                raise
            due = None
        limit = f"{rule.n}日"
    base = (
        f"成文 {written.isoformat()}，{limit}内"
        + (f"即 {due.isoformat()} 前" if due else "")
        + f"应公开，{published.isoformat()} 发布"
    )
    return (LATE, due, base + "，已逾期") if late else (PUBLISHED, due, base)


def judge_row(
    rule: TimeRule, items: list[Item], as_of: dt.date, calendar: HolidayCalendar = OFFICIAL
) -> tuple[str, dt.date | None, str]:
    """(status, due date, note) of one row given its items (newest first, none after as_of), on `calendar`."""
    if rule.kind == "periodic":
        return _judge_periodic(rule, items, as_of)
    if not items:
        return MISSING, None, "尚无公开信息"
    if rule.has_deadline:
        return _judge_deadline(rule, items[0], calendar)
    return PUBLISHED, None, f"{rule.summary}，最近一次 {items[0].published.date().isoformat()}"


VILLAGE_LEVEL = "村级"


def rollup(item: Item) -> tuple[str, ...]:
    """The unit ids an item counts for on the pages of a platform: its publisher; a village's township when the
    item is filed under a row whose 公开层级 includes 村级 (村务 is published through the township); a
    department's government (the government's catalog rows name its departments as 公开主体: 县民政局 …)."""
    unit, parent = item.publisher, item.publisher.parent
    if parent is None:
        return (unit.id,)
    if unit.level == "village" and parent.level == "township":
        row = item.catalog_row
        return (unit.id, parent.id) if row is not None and VILLAGE_LEVEL in row.levels else (unit.id,)
    if unit.level == "department" and parent.level != "department":
        return (unit.id, parent.id)
    return (unit.id,)


def compute_coverage(
    registry,
    items: Iterable[Item],
    as_of: dt.date,
    units: Iterable[Unit] | None = None,
    attribute: Callable[[Item], Iterable[str]] | None = None,
) -> Coverage:
    """Coverage of every applicable unit × domain catalog (or of `units` only).

    `attribute(item)` names the unit ids an item counts for (default: its publisher); the site and the
    compliance report pass `rollup`, which also credits a township with its villages' 村级 items and a
    government with its departments' items.
    """
    attribute = attribute or (lambda item: (item.publisher.id,))
    filed: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
    for item in items:
        if item.catalog_row is None or item.published.date() > as_of:
            continue
        for unit_id in attribute(item):
            filed[(unit_id, item.domain.id, item.catalog_row.id)].append(item)
    result: dict[tuple[str, str], DomainCoverage] = {}
    catalogs = registry.catalogs
    for unit in units if units is not None else registry.units_in_order():
        for domain in registry.domains.values():
            catalog = catalogs.effective(unit, domain)
            if not catalog.applicable or not catalog.rows:
                continue
            rows = []
            for row in catalog.rows:
                found = sorted(
                    filed.get((unit.id, domain.id, row.id), ()), key=lambda i: (i.published, i.id), reverse=True
                )
                rule = parse_time_limit(row.time_limit)
                try:
                    status, due, note = judge_row(rule, found, as_of, registry.calendar)
                except CalendarRangeError as exc:
                    item = found[0]
                    raise ContentError(
                        [
                            Problem(
                                item.path,
                                item.lines.get("published"),
                                "CAT-CALENDAR-RANGE",
                                exc.message,
                                exc.fix,
                                "published",
                            )
                        ]
                    ) from None
                rows.append(RowCoverage(row, rule, found, status, due, note))
            result[(unit.id, domain.id)] = DomainCoverage(catalog, rows)
    return Coverage(as_of, result)
