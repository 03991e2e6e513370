"""Problems found in content and data, and the error that carries them (no MkDocs imports).

Every message a member of staff sees has one shape::

    content/county/huizhou/x.md:3: 错误 FM-DUP-KEY 字段 title：字段重复（第 2 行已出现）。修改：删除多余的一行。

so that editors, `gongkai check` and CI logs all point at the same file, line and field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

ERROR = "错误"
WARNING = "警告"
INFO = "提示"  # reported, never fails anything (e.g. an exemption used, an item scheduled for later)


@dataclasses.dataclass(frozen=True)
class Problem:
    path: str  # path relative to the project root, with forward slashes
    line: int | None  # 1-based; None when the problem concerns the whole file
    code: str  # stable machine code, e.g. FM-DUP-KEY
    message: str  # what is wrong, in Chinese
    fix: str  # how to fix it, in Chinese
    field: str | None = None
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" 字段 {self.field}" if self.field else ""
        return f"{where}: {self.severity} {self.code}{field}：{self.message}。修改：{self.fix}"

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class ContentError(Exception):
    """Raised when content or registry data is invalid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.code))
        super().__init__(self.report())

    def report(self) -> str:
        errors = [p for p in self.problems if p.severity == ERROR]
        files = len({p.path for p in errors})
        lines = [str(p) for p in self.problems]
        lines.append(f"共 {len(errors)} 个错误，涉及 {files} 个文件；未生成任何页面。")
        return "\n".join(lines)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]
