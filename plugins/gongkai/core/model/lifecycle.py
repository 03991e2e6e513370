"""Document lifecycle at build time: 现行有效 and 公示中 / 公示期满 (no MkDocs imports).

Both are judged at the build's one as-of date (core/base/clock.py).
"""

from __future__ import annotations

import datetime as dt

from .entities import Item

NOT_CURRENT = ("失效", "废止")
PUBLICITY_RUNNING = "公示中"
PUBLICITY_ENDED = "公示期满"


def is_current(item: Item) -> bool:
    """现行有效: not marked 失效 or 废止 (documents without 有效性 count as current)."""
    return item.validity not in NOT_CURRENT


def publicity_status(item: Item, as_of: dt.date) -> str | None:
    """公示中 until and including the end date, 公示期满 after it; None for items without a 公示期."""
    if item.publicity_end is None:
        return None
    return PUBLICITY_RUNNING if as_of <= item.publicity_end else PUBLICITY_ENDED
