"""Time, in one place: China's date, and the one as-of date a build or check is judged at (no MkDocs imports).

A static site is judged on the day it is built, so "now" is one explicit as-of date for the whole build
(`as_of_date`): the `as_of` plugin option (tests), else $GONGKAI_AS_OF, else SOURCE_DATE_EPOCH, else today in
China time. It decides what is 公示中, which scheduled items are due, what counts as a future date and the
catalog coverage. `gongkai build` defaults SOURCE_DATE_EPOCH to the last commit (reproducible build times)
and then sets GONGKAI_AS_OF to today, so a nightly rebuild with no new commit still ends 公示 periods and
releases scheduled items; a caller who sets SOURCE_DATE_EPOCH gets that day as the as-of date too.

Every other "today" in gongkai (an ID number's birth date is in the past, the date `gongkai new` writes) is
`today()`: the date in China, whatever the machine's time zone.
"""

from __future__ import annotations

import datetime as dt
import os
import re

CHINA_TZ = dt.timezone(dt.timedelta(hours=8))
AS_OF_ENV = "GONGKAI_AS_OF"


def as_of_date(option: str | None = None) -> dt.date:
    """The as-of date: `option` (YYYY-MM-DD), else $GONGKAI_AS_OF, else SOURCE_DATE_EPOCH, else today (UTC+8)."""
    for value, source in (
        (option, "mkdocs.yml 的 gongkai 插件选项 as_of"),
        (os.environ.get(AS_OF_ENV), f"环境变量 {AS_OF_ENV}"),
    ):
        if value:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                try:
                    return dt.date.fromisoformat(value.strip())
                except ValueError:
                    pass  # 2024-02-30
            raise ValueError(f"{source} 应写成真实存在的日期 YYYY-MM-DD，而不是“{value}”")
    return today(os.environ.get("SOURCE_DATE_EPOCH", ""))


def today(epoch: str = "") -> dt.date:
    """The date in China at `epoch` (seconds, as in SOURCE_DATE_EPOCH), or now."""
    now = dt.datetime.fromtimestamp(int(epoch), CHINA_TZ) if epoch.isdigit() else dt.datetime.now(CHINA_TZ)
    return now.date()


def now() -> dt.datetime:
    """The time in China now, naive (as 发布日期 and commit times are compared): when an uncommitted edit is made."""
    return dt.datetime.now(CHINA_TZ).replace(tzinfo=None)
