"""Document lifecycle at build time: 现行有效 and 公示中 / 公示期满 (no MkDocs imports).

A static site is judged on the day it is built, so "now" is an explicit as-of date: the `as_of` plugin
option (tests, reproducible rebuilds), else SOURCE_DATE_EPOCH, else today in China time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Optional

from .model import Item

CHINA_TZ = dt.timezone(dt.timedelta(hours=8))
NOT_CURRENT = ("失效", "废止")
PUBLICITY_RUNNING = "公示中"
PUBLICITY_ENDED = "公示期满"


def build_date(option: Optional[str] = None) -> dt.date:
    """The as-of date: `option` (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else today (UTC+8)."""
    if option:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", option.strip()):
            raise ValueError(f"as_of 应写成 YYYY-MM-DD，而不是“{option}”")
        return dt.date.fromisoformat(option.strip())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    now = dt.datetime.fromtimestamp(int(epoch), CHINA_TZ) if epoch.isdigit() else dt.datetime.now(CHINA_TZ)
    return now.date()


def is_current(item: Item) -> bool:
    """现行有效: not marked 失效 or 废止 (documents without 有效性 count as current)."""
    return item.validity not in NOT_CURRENT


def publicity_status(item: Item, as_of: dt.date) -> Optional[str]:
    """公示中 until and including the end date, 公示期满 after it; None for items without a 公示期."""
    if item.publicity_end is None:
        return None
    return PUBLICITY_RUNNING if as_of <= item.publicity_end else PUBLICITY_ENDED
