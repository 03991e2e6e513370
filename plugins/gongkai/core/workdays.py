"""Working days on the official Chinese calendar, with 调休 (no MkDocs imports).

A 工作日 is a day the State Council's holiday notice makes a working day: Monday
to Friday unless it is a public holiday, plus the weekend days shifted to work
(调休, e.g. Sunday 2025-09-28 and Saturday 2025-10-11 around National Day).
The calendar comes from the `chinesecalendar` package, which knows each year
only once the State Council has published its notice (usually in November of
the year before). A date outside its range raises CalendarRangeError naming the
year and the fix; there is no silent fallback to weekday arithmetic, which
would misjudge every deadline that spans a holiday.

Periods follow 民法典 第二百零一条: the day of the event is not counted, the
period starts the next day. "N个工作日内" ends on the N-th working day after
the event; "N日内" ends N calendar days after it, moved to the next working day
when that day is a holiday or rest day (第二百零三条).
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


class CalendarRangeError(ValueError):
    """The official calendar of this year is not known to the installed chinesecalendar package."""

    def __init__(self, day: dt.date):
        self.year = day.year
        version = _package_version()
        self.message = (f"法定节假日日历中没有 {day.year} 年的数据（chinesecalendar {version} 只包含 "
                        f"{first_known_year()}–{last_known_year()} 年），无法按工作日计算 {day.isoformat()} 前后的公开时限")
        self.fix = (f"国务院公布 {day.year} 年节假日安排后，升级 chinesecalendar（pip install -U chinesecalendar，"
                    f"并更新 requirements.txt 中的固定版本）；不会改用只看星期几的算法")
        super().__init__(f"{self.message}。修改：{self.fix}")


def _package_version() -> str:
    try:
        from importlib.metadata import version
        return version("chinesecalendar")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "?"


def last_known_year() -> int:
    return max(d.year for d in chinese_calendar.holidays)


def first_known_year() -> int:
    return min(d.year for d in chinese_calendar.holidays)


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarRangeError(day) from None


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself not counted); n == 0 gives start."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += ONE_DAY
        if is_workday(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days `end` lies after `start` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_workday(day):
            count += 1
    return count


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """`start` + n days, moved on to the next working day when it falls on a holiday or rest day."""
    day = start + dt.timedelta(days=n)
    while not is_workday(day):
        day += ONE_DAY
    return day
