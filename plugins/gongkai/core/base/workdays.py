"""Working days on the official Chinese calendar, with 调休 (no MkDocs imports).

A 工作日 is a day the State Council's holiday notice makes a working day: Monday
to Friday unless it is a public holiday, plus the weekend days shifted to work
(调休, e.g. Sunday 2025-09-28 and Saturday 2025-10-11 around National Day).
The calendar comes from the `chinesecalendar` package, which knows each year
only once the State Council has published its notice (usually in November of
the year before) and a new release of the package is out. Until then staff can
enter the notice themselves in catalogs/holidays.yml (`load_notices`); the
project's `HolidayCalendar` combines them with the package (the registry holds
it: `Registry.calendar`). For a year the package knows, the file must agree
with it. A date outside both raises CalendarRangeError naming the year
and the fix; there is no silent fallback to weekday arithmetic, which would
misjudge every deadline that spans a holiday.

Periods follow 民法典 第二百零一条: the day of the event is not counted, the
period starts the next day. "N个工作日内" ends on the N-th working day after
the event; "N日内" ends N calendar days after it, moved to the next working day
when that day is a holiday or rest day (第二百零三条).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

import chinese_calendar

from . import fields
from .frontmatter import read_data_path
from .problems import Problem, errors_only
from .records import Field, read_record

ONE_DAY = dt.timedelta(days=1)
NOTICES_FILE = "holidays.yml"


@dataclasses.dataclass(frozen=True)
class YearNotice:
    """One year's 节假日安排 as the State Council's notice gives it (catalogs/holidays.yml)."""

    year: int
    source: str  # the notice's title or 文号, for whoever checks the dates
    holidays: frozenset[dt.date]  # 放假 days (weekend days inside a holiday period may be listed too)
    workdays: frozenset[dt.date]  # weekend days made working days (调休上班)

    def is_workday(self, day: dt.date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


class CalendarRangeError(ValueError):
    """The official calendar of this year is not known to the installed chinesecalendar package."""

    def __init__(self, day: dt.date, entered_years=()):
        self.year = day.year
        version = _package_version()
        entered = "、".join(str(y) for y in sorted(entered_years))
        self.message = (
            f"法定节假日日历中没有 {day.year} 年的数据（chinesecalendar {version} 只包含 "
            f"{first_known_year()}–{package_last_year()} 年"
            + (f"，{NOTICES_FILE} 录入了 {entered} 年" if entered else "")
            + f"），无法按工作日计算 {day.isoformat()} 前后的公开时限"
        )
        self.fix = (
            f"国务院办公厅公布 {day.year} 年部分节假日安排的通知后，"
            f"在 catalogs/{NOTICES_FILE} 录入该年的放假和调休上班日期"
            f"（docs/catalogs.md“节假日”一节），或升级 chinesecalendar（pip install -U chinesecalendar，"
            f"并更新 requirements.txt 中的固定版本）；不会改用只看星期几的算法"
        )
        super().__init__(f"{self.message}。修改：{self.fix}")


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("chinesecalendar")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "?"


def package_last_year() -> int:
    return max(d.year for d in chinese_calendar.holidays)


def first_known_year() -> int:
    return min(d.year for d in chinese_calendar.holidays)


# -- catalogs/holidays.yml ----------------------------------------------------------------------------

_RANGE_RE = re.compile(r"^\s*(\S+)\s*(?:至|~|～)\s*(\S+)\s*$")
_LONGEST_PERIOD = 31  # days; the longest official period is 8 or 9 (Spring Festival, National Day)


def _dates(value) -> tuple[list[dt.date] | None, tuple[str, str] | None]:
    """A list of dates and periods ("2027-10-01 至 2027-10-07") -> the days, in order."""
    if not isinstance(value, list) or not value:
        return None, ("应为日期列表", "每行写一个日期或一段日期，例如 - 2027-01-01 或 - 2027-10-01 至 2027-10-07")
    days: list[dt.date] = []
    for i, entry in enumerate(value, 1):
        if not isinstance(entry, str):
            return None, (f"第 {i} 项不是日期", "写成 2027-01-01 或 2027-10-01 至 2027-10-07")
        period = _RANGE_RE.match(entry)
        ends = period.groups() if period else (entry, entry)
        first, err = fields.date(ends[0])
        last, err2 = fields.date(ends[1]) if not err else (None, None)
        if err or err2:
            what, fix = err or err2
            return None, (f"第 {i} 项{what}", fix)
        if last < first or (last - first).days >= _LONGEST_PERIOD:
            return None, (
                f"第 {i} 项“{entry}”不是一段有效的日期（起日应不晚于止日，且不超过 {_LONGEST_PERIOD} 天）",
                "写成 起始日期 至 结束日期，例如 2027-10-01 至 2027-10-07",
            )
        days += [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return days, None


def _year(value):
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value) and 2000 <= int(value) <= 2100:
        return int(value), None
    return None, ("应为四位年份", "例如 year: 2027")


NOTICE_FIELDS = {
    "year": Field(_year, True, "年份"),
    "source": Field(fields.text, True, "依据"),  # the notice's title or 文号
    "holidays": Field(_dates, True, "放假日期"),
    "workdays": Field(_dates, False, "调休上班日期"),
}


def load_notices(catalogs_dir: str, rel_root: str) -> tuple[dict[int, YearNotice], list[Problem]]:
    """Read catalogs/holidays.yml if the project has one; ({}, []) when it does not."""
    rel = f"{rel_root}/{NOTICES_FILE}"
    path = os.path.join(catalogs_dir, NOTICES_FILE)
    if not os.path.isfile(path):
        return {}, []
    data, lines, problems = read_data_path(path, rel)
    if data is None:
        return {}, problems
    entries = data.get("years") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        return {}, problems + [
            Problem(
                rel,
                1,
                "HOLIDAYS-NO-LIST",
                "文件应以 years: 开头，逐年列出节假日安排",
                "参照 docs/catalogs.md“节假日”一节写 years: 和 - year: … source: … holidays: …",
            )
        ]
    notices: dict[int, YearNotice] = {}
    for i, entry in enumerate(entries):
        key = f"years[{i}]"
        line = lines.get(f"{key}.year") or lines.get(key) or lines.get("years")
        values, found = read_record(entry, lines, key, NOTICE_FIELDS, rel, line, "HOLIDAYS")
        problems += found
        if errors_only(found):
            continue

        def bad(code: str, message: str, fix: str, field: str) -> None:
            problems.append(Problem(rel, lines.get(f"{key}.{field}", line), code, message, fix, f"{key}.{field}"))

        year, holidays, workdays = values["year"], values["holidays"], values.get("workdays", [])
        if year in notices:
            bad("HOLIDAYS-DUP-YEAR", f"{year} 年重复", "每年只写一条，删除重复的一条", "year")
            continue
        wrong = [d for d in holidays + workdays if d.year != year]
        if wrong:
            field = "holidays" if wrong[0] in holidays else "workdays"
            bad(
                "HOLIDAYS-WRONG-YEAR",
                f"{wrong[0].isoformat()} 不在 {year} 年",
                f"把它写到 year: {wrong[0].year} 的一条中，或改正日期",
                field,
            )
            continue
        weekday = [d for d in workdays if d.weekday() < 5]
        if weekday:
            bad(
                "HOLIDAYS-WORKDAY-WEEKDAY",
                f"调休上班日 {weekday[0].isoformat()} 是星期{'一二三四五'[weekday[0].weekday()]}，本来就上班",
                "workdays 只写通知中调为上班的星期六、星期日",
                "workdays",
            )
            continue
        both = sorted(set(holidays) & set(workdays))
        if both:
            bad("HOLIDAYS-BOTH", f"{both[0].isoformat()} 同时写在放假和调休上班中", "按通知保留其中一处", "workdays")
            continue
        notice = YearNotice(year, values["source"], frozenset(holidays), frozenset(workdays))
        differ = _differs_from_package(notice)
        if differ:
            shown = "、".join(
                f"{d.isoformat()}（通知录入为{'上班' if notice.is_workday(d) else '休息'}，"
                f"chinesecalendar 为{'上班' if chinese_calendar.is_workday(d) else '休息'}）"
                for d in differ[:3]
            )
            bad(
                "HOLIDAYS-CONFLICT",
                f"{year} 年与 chinesecalendar 中的官方安排不一致：{shown}"
                + (f" 等 {len(differ)} 天" if len(differ) > 3 else ""),
                f"核对国务院办公厅的通知后改正；chinesecalendar 已包含 {year} 年，也可以删除这一条",
                "year",
            )
            continue
        notices[year] = notice
    if errors_only(problems):
        return {}, problems
    return notices, problems


def _differs_from_package(notice: YearNotice) -> list[dt.date]:
    """Days of the notice's year on which it and chinesecalendar disagree ([] when the package lacks the year)."""
    day = dt.date(notice.year, 1, 1)
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return []
    differ = []
    while day.year == notice.year:
        if notice.is_workday(day) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += ONE_DAY
    return differ


@dataclasses.dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, cheap as a cache key
class HolidayCalendar:
    """The official calendar of working days: chinesecalendar, plus the years a project entered itself in
    catalogs/holidays.yml (`notices`, by year). Periods follow 民法典 第二百零一条 and 第二百零三条."""

    notices: tuple[YearNotice, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "_by_year", {n.year: n for n in self.notices})
        # chinesecalendar takes the max and min of its whole holiday table on every call (≈ 25 µs); a build asks
        # about the same few thousand days for every item's 公开时限, so each day is looked up once
        object.__setattr__(self, "_known", {})

    def is_workday(self, day: dt.date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._look_up(day)
        return known

    def _look_up(self, day: dt.date) -> bool:
        notice = self._by_year.get(day.year)
        if notice is not None:
            return notice.is_workday(day)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise CalendarRangeError(day, self._by_year) from None

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted); n == 0 gives start."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days `end` lies after `start` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """`start` + n days, moved on to the next working day when it falls on a holiday or rest day."""
        day = start + dt.timedelta(days=n)
        while not self.is_workday(day):
            day += ONE_DAY
        return day


OFFICIAL = HolidayCalendar()  # chinesecalendar alone, for code and tests that need no project's notices
is_workday = OFFICIAL.is_workday
add_working_days = OFFICIAL.add_working_days
working_days_between = OFFICIAL.working_days_between
add_calendar_days = OFFICIAL.add_calendar_days
