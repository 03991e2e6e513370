"""索引号 (index number) format: the ONE place that knows it (no MkDocs imports).

The default is the Anhui form ``{uscc}/{yyyymm}-{seq:05d}``, e.g. ``1134100424042083XR/202403-00012``:
the publisher's 统一社会信用代码, the year and month of publication, and a sequence number that
runs across all of that publisher's items. A site may configure another form through the plugin
option ``index_no_format``; the validator (corpus.py), ``gongkai new`` and the docs all read it from
here, so they cannot drift apart.

Placeholders: ``{uscc}`` (required), ``{seq}`` or ``{seq:0Nd}`` (required), ``{yyyymm}``,
``{yyyy}``, ``{mm}``. Everything else is literal text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string

DEFAULT_FORMAT = "{uscc}/{yyyymm}-{seq:05d}"

_PLACEHOLDERS = {"uscc", "yyyymm", "yyyy", "mm", "seq"}
_LABELS = {"uscc": "发布机构统一社会信用代码", "yyyymm": "年月", "yyyy": "年份", "mm": "月份"}


class IndexNoFormatError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class IndexNo:
    uscc: str
    seq: int
    year: int | None
    month: int | None


@dataclasses.dataclass(frozen=True)
class IndexNoFormat:
    fmt: str
    regex: re.Pattern
    description: str  # e.g. 发布机构统一社会信用代码/年月-5位序号

    def parse(self, value: str) -> IndexNo | None:
        m = self.regex.match(value)
        if not m:
            return None
        g = m.groupdict()
        year = int(g["yyyy"]) if g.get("yyyy") else None
        month = int(g["mm"]) if g.get("mm") else None
        return IndexNo(g["uscc"], int(g["seq"]), year, month)

    def format(self, uscc: str, day: dt.date, seq: int) -> str:
        return self.fmt.format(uscc=uscc, yyyymm=f"{day:%Y%m}", yyyy=f"{day:%Y}", mm=f"{day:%m}", seq=seq)

    def example(self, uscc: str) -> str:
        return self.format(uscc, dt.date(2024, 3, 1), 12)


_CACHE: dict[str, IndexNoFormat] = {}


def index_no_format(fmt: str = DEFAULT_FORMAT) -> IndexNoFormat:
    """Compile a format string; raise IndexNoFormatError (Chinese message) when it is unusable."""
    if fmt in _CACHE:
        return _CACHE[fmt]
    pattern, description, seen = "^", "", set()
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise IndexNoFormatError(f"索引号格式“{fmt}”无法解析：{exc}") from None
    for literal, name, spec, conv in parsed:
        pattern += re.escape(literal)
        description += literal
        if name is None:
            continue
        if name not in _PLACEHOLDERS or conv:
            raise IndexNoFormatError(
                f"索引号格式“{fmt}”中的 {{{name}}} 不可用；可用 {{uscc}}、{{yyyymm}}、{{yyyy}}、{{mm}}、{{seq:05d}}"
            )
        if name in seen:
            raise IndexNoFormatError(f"索引号格式“{fmt}”中 {{{name}}} 出现了两次")
        seen.add(name)
        if name == "seq":
            m = re.fullmatch(r"0?(\d*)d?", spec or "")
            if not m:
                raise IndexNoFormatError(f"索引号格式“{fmt}”中序号的写法 {{seq:{spec}}} 不可用，例如写 {{seq:05d}}")
            width = int(m.group(1)) if m.group(1) else 0
            pattern += rf"(?P<seq>\d{{{width}}})" if width else r"(?P<seq>\d+)"
            description += f"{width}位序号" if width else "序号"
        elif spec:
            raise IndexNoFormatError(f"索引号格式“{fmt}”中 {{{name}}} 不能带格式说明")
        else:
            pattern += {
                "uscc": r"(?P<uscc>[0-9A-Z]{18})",
                "yyyymm": r"(?P<yyyy>\d{4})(?P<mm>\d{2})",
                "yyyy": r"(?P<yyyy>\d{4})",
                "mm": r"(?P<mm>\d{2})",
            }[name]
            description += _LABELS[name]
    if not {"uscc", "seq"} <= seen:
        raise IndexNoFormatError(f"索引号格式“{fmt}”必须包含 {{uscc}} 和 {{seq}}")
    if "yyyymm" in seen and seen & {"yyyy", "mm"}:
        raise IndexNoFormatError(f"索引号格式“{fmt}”不能同时使用 {{yyyymm}} 和 {{yyyy}}/{{mm}}")
    compiled = IndexNoFormat(fmt, re.compile(pattern + "$"), description)
    _CACHE[fmt] = compiled
    return compiled
