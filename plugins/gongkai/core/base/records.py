"""Read one mapping against a field spec, collecting Problems with file lines (no MkDocs imports)."""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

from . import fields
from .problems import Problem


@dataclasses.dataclass(frozen=True)
class Field:
    reader: fields.Reader
    required: bool = False
    label: str = ""  # Chinese name shown in messages and suggestions


def suggest(key: str, spec: dict[str, Field]) -> str:
    """A "did you mean" hint, matching English keys and their Chinese labels."""
    by_label = {f.label: name for name, f in spec.items() if f.label}
    if key in by_label:
        return f"字段名请用英文 {by_label[key]}（{key}）"
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    if close:
        return f"是否应为 {close[0]}（{spec[close[0]].label or close[0]}）？"
    return "允许的字段：" + "、".join(spec)


def read_record(
    data: Any,
    lines: dict[str, int],
    prefix: str,
    spec: dict[str, Field],
    path: str,
    default_line: int | None,
    code_prefix: str,
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate `data` (a mapping) against `spec`; unknown keys and missing required ones are errors."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if not isinstance(data, dict):
        return values, [
            Problem(
                path,
                default_line,
                f"{code_prefix}-NOT-MAPPING",
                "应为“字段: 值”的组合",
                "按示例逐行写字段",
                field=prefix or None,
            )
        ]

    def key_path(key: str) -> str:
        return f"{prefix}.{key}" if prefix else key

    for key in data:
        if key not in spec:
            problems.append(
                Problem(
                    path,
                    lines.get(key_path(key), default_line),
                    f"{code_prefix}-UNKNOWN-FIELD",
                    f"未知字段“{key}”",
                    suggest(key, spec),
                    field=key_path(key),
                )
            )
    for name, f in spec.items():
        label = f"（{f.label}）" if f.label else ""
        if name not in data:
            if f.required:
                problems.append(
                    Problem(
                        path,
                        default_line,
                        f"{code_prefix}-MISSING-FIELD",
                        f"缺少必填字段{label}",
                        f"添加一行 {name}: …",
                        field=key_path(name),
                    )
                )
            continue
        value, err = f.reader(data[name])
        if err:
            problems.append(
                Problem(
                    path,
                    lines.get(key_path(name), default_line),
                    f"{code_prefix}-BAD-VALUE",
                    f"{f.label or name}{err[0]}",
                    err[1],
                    field=key_path(name),
                )
            )
        else:
            values[name] = value
    return values, problems
