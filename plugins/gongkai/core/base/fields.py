"""Typed field readers shared by the item schema and the registry loaders (no MkDocs imports).

Every reader takes the raw value (a str, list or dict from the strict YAML
reader) and returns ``(value, None)`` or ``(None, (message, fix))``. Nothing is
coerced silently: a value that is not exactly of the expected form is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Reader = Callable[[Any], tuple[Any, tuple[str, str] | None]]

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def text(value: Any):
    if not isinstance(value, str):
        return None, ("应为一段文字，而不是列表或字段组", "把值写在同一行冒号后面")
    if not value.strip():
        return None, ("不能为空", "填写内容，或删除这一行（如果该字段不是必填）")
    return value.strip(), None


def _real_date(y: str, m: str, d: str, raw: str):
    try:
        return dt.date(int(y), int(m), int(d)), None
    except ValueError:
        return None, (f"“{raw}”不是真实存在的日期", "检查月份和日期（例如 2 月没有 30 日），格式为 YYYY-MM-DD")


def date(value: Any):
    if not isinstance(value, str):
        return None, ("应为日期 YYYY-MM-DD", "例如 2024-03-08")
    m = _DATE_RE.match(value.strip())
    if not m:
        return None, (f"“{value}”不是 YYYY-MM-DD 格式的日期", "写成四位年-两位月-两位日，例如 2024-03-08")
    return _real_date(*m.groups(), value.strip())


def datetime_(value: Any):
    """YYYY-MM-DD or YYYY-MM-DD HH:MM; returns ((datetime, has_time), None)."""
    if not isinstance(value, str):
        return None, ("应为日期 YYYY-MM-DD 或 YYYY-MM-DD HH:MM", "例如 2024-03-08 或 2024-03-08 09:30")
    raw = value.strip()
    m = _DATETIME_RE.match(raw)
    if m:
        day, err = _real_date(*m.groups()[:3], raw)
        if err:
            return None, err
        hh, mm = int(m.group(4)), int(m.group(5))
        if hh > 23 or mm > 59:
            return None, (f"“{raw}”中的时间不存在", "时间写成 00:00 到 23:59 之间的 HH:MM")
        return (dt.datetime(day.year, day.month, day.day, hh, mm), True), None
    d, err = date(raw)
    if err:
        return None, (
            f"“{raw}”不是 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 格式",
            "例如 2024-03-08 或 2024-03-08 09:30",
        ) if not _DATE_RE.match(raw) else err
    return (dt.datetime(d.year, d.month, d.day), False), None


_CJK_LIST_SEPARATORS = re.compile(r"\s*[，、]\s*")


def text_list(value: Any):
    """A list of texts (sentences may hold commas: 办理流程, 受理条件)."""
    if isinstance(value, str):
        return None, ("应为列表", f"写成列表，例如 [{', '.join(_CJK_LIST_SEPARATORS.split(value))}]")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None, ("应为文字列表", "写成 [词1, 词2]，每项都是一段文字")
    return [v.strip() for v in value], None


def word_list(value: Any):
    """A list of words or ids (关键词, 领域, 体裁): a Chinese comma or 顿号 inside an item is a mistake, because
    [低保，救助] is one item to YAML. It is never split silently, and never kept whole."""
    items, err = text_list(value)
    if err:
        return None, err
    joined = next((v for v in items if _CJK_LIST_SEPARATORS.search(v)), None)
    if joined is not None:
        parts = [p for v in items for p in _CJK_LIST_SEPARATORS.split(v) if p]
        return None, (
            f"“{joined}”中用了中文逗号或顿号，YAML 列表只认半角逗号，这几个词会被当成一项",
            f"改用半角逗号分隔：[{', '.join(parts)}]",
        )
    return items, None


def choice(options: list[str]) -> Reader:
    def read(value: Any):
        v, err = text(value)
        if err:
            return None, err
        if v not in options:
            return None, (f"“{v}”不是允许的值", "可选值：" + "、".join(options))
        return v, None

    return read


def boolean(value: Any):
    if value in ("true", "false"):
        return value == "true", None
    return None, (f"“{value}”不是 true 或 false", "写 true 或 false")


def slug(value: Any):
    v, err = text(value)
    if err:
        return None, err
    if not SLUG_RE.match(v):
        return None, (f"“{v}”不是合法的标识（只能用小写字母、数字和连字符）", "例如 dibao-shenhe")
    return v, None
