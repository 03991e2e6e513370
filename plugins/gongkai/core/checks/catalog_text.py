"""Public catalog text must be Chinese: working notes in English never reach a page, open data or an export
(no MkDocs imports).

Every field of a catalog row that the public sees (on the catalog page, in the open-data CSV/JSON and in the
Excel export: 序号 … 公开渠道和载体, 特定群众说明, 备注), the catalog title and every reason of a unit's
adjustment (shown as 目录调整说明) is scanned for *running English text*: three or more Latin words in a row
with at least one lower-case word, e.g. "row 7 is cut off in the captured copy". Web addresses, e-mail
addresses, abbreviations (GB/T 9704, ICP, PDF) and single words (App, Wi-Fi) pass. Such text is a working
note: it belongs in the row's `internal_note` (never published) or in a YAML comment.

`gongkai check` and the build run `catalog_text_problems` through checks.content.run_checks;
`gongkai catalog import` runs `row_text_problems` on what it is about to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base.problems import Problem
from ..model.entities import CatalogRow
from ..sources.channels import URL_RE
from ..sources.registry import PUBLIC_ROW_FIELDS, row_fields

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*"
_RUN_RE = re.compile(rf"{_WORD}(?:[\s,.;:!?()\"'/0-9–-]+{_WORD})+(?:\s+\d+\b)?")
_WORD_RE = re.compile(_WORD)
MIN_WORDS = 3
_LABELS = {name: spec.label for name, spec in row_fields().items()}


def running_english(text: str) -> str | None:
    """The first run of English prose in `text` (3+ words, one of them lower-case), or None."""
    text = _EMAIL_RE.sub(" ", URL_RE.sub(" ", text))
    for run in _RUN_RE.finditer(text):
        words = [w for w in _WORD_RE.findall(run.group(0)) if len(w) >= 2]
        if len(words) >= MIN_WORDS and any(w.islower() for w in words):
            return run.group(0).strip()
    return None


def _texts(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


ROW_FIX = "把工作说明移到该事项的 internal_note 字段（不公开）或 YAML 注释中；公开栏目只写中文"
REASON_FIX = "理由在目录页的“目录调整说明”中公开：用中文写明理由，工作说明写在 YAML 注释中"


def _problem(path: str, line: int | None, field: str, label: str, found: str, fix: str = ROW_FIX) -> Problem:
    shown = found if len(found) <= 60 else found[:57] + "…"
    return Problem(
        path,
        line,
        "CAT-PUBLIC-ENGLISH",
        f"{label}含有英文说明文字“{shown}”，会出现在公开的目录页面、开放数据和导出的表格中",
        fix,
        field,
    )


def row_text_problems(row: CatalogRow, path: str, prefix: str = "") -> list[Problem]:
    """The public fields of one row that hold running English text."""
    problems = []
    for field in PUBLIC_ROW_FIELDS:
        for text in _texts(getattr(row, field)):
            found = running_english(text)
            if found:
                line = row.lines.get(field, row.lines.get("id"))
                problems.append(_problem(path, line, f"{prefix}{field}", f"事项 {row.id} 的{_LABELS[field]}", found))
                break
    return problems


def catalog_text_problems(registry) -> list[Problem]:
    """CAT-PUBLIC-ENGLISH for every public catalog field of the registry (standard catalogs and unit files)."""
    problems: list[Problem] = []
    for domain in registry.domains.values():
        catalog = domain.catalog
        if catalog is None:
            continue
        found = running_english(catalog.title)
        if found:
            problems.append(_problem(catalog.path, 2, "title", "目录名称", found))
        for row in catalog.rows:
            problems += row_text_problems(row, catalog.path)
    catalogs = getattr(registry, "catalogs", None)
    for file in catalogs.files.values() if catalogs is not None else ():
        for change in file.changes:
            found = running_english(change.reason)
            if found:
                label = f"{change.label}事项 {change.row_id} 的理由" if change.row_id else f"{change.label}的理由"
                problems.append(_problem(file.path, change.line, "reason", label, found, REASON_FIX))
            if change.kind == "add":
                problems += row_text_problems(file.added[change.row_id], file.path)
            elif change.kind == "override":
                for text in _texts(change.value):
                    found = running_english(text)
                    if found:
                        label = f"调整后的{_LABELS.get(change.field, change.field)}"
                        problems.append(_problem(file.path, change.line, "value", label, found))
    return problems
