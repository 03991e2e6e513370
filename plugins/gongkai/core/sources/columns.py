"""专题专栏: topical columns declared as queries in catalogs/columns.yml (no MkDocs imports).

A column lists the items that match *any* of its queries; inside one query every given condition must
hold, and a list condition holds when the item matches one of its values::

    columns:
      - id: huimin-huinong                     # URL: /zhuanti/huimin-huinong/
        title: 惠民惠农
        description: 涉农补贴发放和社会救助审核结果。
        queries:
          - domains: [shenong-butie, shehui-jiuzhu]
            genres: [公示, 名单]

Query conditions: ``domains`` (domain ids), ``catalog`` (standard-catalog row ids), ``units`` (unit ids;
``subunits: true`` adds every unit below them), ``keywords`` (in the title, keywords or summary),
``from`` / ``to`` (publication date, inclusive), ``genres``, ``current: true`` (现行有效 only).
The file is read with the strict YAML reader; every mistake is reported with file, line and a fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

from ..base import fields
from ..base.frontmatter import read_data_path
from ..base.problems import ContentError, Problem, errors_only
from ..base.records import Field, read_record
from ..model import urls
from ..model.entities import Item
from ..model.lifecycle import is_current
from .registry import Registry

COLUMNS_FILE = "columns.yml"


def _list(value):
    if not isinstance(value, list) or not value:
        return None, ("应为非空列表", "每项以 - 开头，例如 - domains: [shehui-jiuzhu]")
    return value, None


COLUMN_FIELDS = {
    "id": Field(fields.slug, True, "标识"),
    "title": Field(fields.text, True, "名称"),
    "description": Field(fields.text, False, "说明"),
    "queries": Field(_list, True, "查询条件"),
}

QUERY_FIELDS = {
    "domains": Field(fields.word_list, False, "领域"),
    "catalog": Field(fields.word_list, False, "目录事项"),
    "units": Field(fields.word_list, False, "发布机构"),
    "subunits": Field(fields.boolean, False, "含下级单位"),
    "keywords": Field(fields.word_list, False, "关键词"),
    "from": Field(fields.date, False, "起始日期"),
    "to": Field(fields.date, False, "截止日期"),
    "genres": Field(fields.word_list, False, "体裁"),
    "current": Field(fields.boolean, False, "仅现行有效"),
}


@dataclasses.dataclass(frozen=True)
class Query:
    domains: frozenset = frozenset()
    catalog: frozenset = frozenset()
    units: frozenset = frozenset()  # already expanded with sub-units when asked
    keywords: tuple = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    genres: frozenset = frozenset()
    current: bool = False

    def matches(self, item: Item) -> bool:
        if self.domains and item.domain.id not in self.domains:
            return False
        if self.catalog and (item.catalog_row is None or item.catalog_row.id not in self.catalog):
            return False
        if self.units and item.publisher.id not in self.units:
            return False
        if self.genres and item.genre not in self.genres:
            return False
        day = item.published.date()
        if (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
            return False
        if self.current and not is_current(item):
            return False
        if self.keywords:
            text = " ".join([item.title, item.summary or ""] + item.keywords)
            if not any(k in text for k in self.keywords):
                return False
        return True


@dataclasses.dataclass(frozen=True)
class Column:
    id: str
    title: str
    description: str | None
    queries: tuple[Query, ...]

    @property
    def url(self) -> str:
        return urls.column(self.id)

    def matches(self, item: Item) -> bool:
        return any(q.matches(item) for q in self.queries)


def _subtree(unit) -> list:
    found, stack = [], [unit]
    while stack:
        u = stack.pop()
        found.append(u.id)
        stack.extend(u.children)
    return found


def _first_line(lines: dict[str, int], key: str) -> int | None:
    """The line of the first field under `key` (list entries have no line of their own)."""
    found = [n for k, n in lines.items() if k.startswith(key + ".")]
    return min(found) if found else None


def _read_query(raw, lines, key, path, registry: Registry) -> tuple[Query | None, list[Problem]]:
    values, problems = read_record(raw, lines, key, QUERY_FIELDS, path, _first_line(lines, key), "COLUMN")
    if errors_only(problems):
        return None, problems

    def bad(name, message, fix):
        problems.append(
            Problem(
                path,
                lines.get(f"{key}.{name}", _first_line(lines, key)),
                "COLUMN-BAD-VALUE",
                message,
                fix,
                f"{key}.{name}",
            )
        )

    if not values:
        bad(
            "domains",
            "查询条件为空，会列出全部信息",
            "至少写一个条件：domains、catalog、units、keywords、from、to、genres 或 current",
        )

    def known(name, allowed, label, hint):
        wrong = [v for v in values.get(name, []) if v not in allowed]
        if wrong:
            bad(name, f"{label}“{'、'.join(wrong)}”不存在", hint)

    known(
        "domains",
        registry.domains,
        "领域",
        "领域 id 见 catalogs/domains.yml，例如 " + "、".join(list(registry.domains)[:4]),
    )
    known("units", registry.units, "单位", "单位 id 见 catalogs/units.yml")
    known("genres", registry.genres, "体裁", "可选：" + "、".join(registry.genres))
    rows = {r.id for d in registry.domains.values() if d.catalog for r in d.catalog.rows}
    known("catalog", rows, "目录事项", "填写 catalogs/standard/<领域>.yml 中 rows 的 id")
    if "subunits" in values and "units" not in values:
        bad("subunits", "subunits 只能与 units 一起使用", "添加 units: [单位 id]，或删除 subunits")
    if values.get("from") and values.get("to") and values["from"] > values["to"]:
        bad("to", f"截止日期 {values['to']} 早于起始日期 {values['from']}", "核对 from 和 to")
    if errors_only(problems):
        return None, problems
    units = set(values.get("units", []))
    if values.get("subunits"):
        units = {uid for u in units for uid in _subtree(registry.units[u])}
    return Query(
        frozenset(values.get("domains", [])),
        frozenset(values.get("catalog", [])),
        frozenset(units),
        tuple(values.get("keywords", [])),
        values.get("from"),
        values.get("to"),
        frozenset(values.get("genres", [])),
        bool(values.get("current")),
    ), problems


def load_columns(registry: Registry, project_root: str) -> list[Column]:
    """Read catalogs/columns.yml (optional: no file, no columns); raise ContentError listing every problem."""
    abs_path = os.path.join(registry.root, COLUMNS_FILE)
    if not os.path.isfile(abs_path):
        return []
    rel = os.path.relpath(abs_path, project_root).replace(os.sep, "/")
    data, lines, problems = read_data_path(abs_path, rel)
    if data is None:
        raise ContentError(problems)
    entries = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(entries, list) or set(data) != {"columns"}:
        raise ContentError(
            problems
            + [
                Problem(
                    rel,
                    1,
                    "COLUMN-NO-LIST",
                    "文件应只有 columns: 一项，下面列出各个专栏",
                    "参照 docs/public-site.md 中的示例",
                )
            ]
        )
    columns: list[Column] = []
    for i, entry in enumerate(entries):
        key = f"columns[{i}]"
        values, found = read_record(entry, lines, key, COLUMN_FIELDS, rel, lines.get(f"{key}.id"), "COLUMN")
        problems += found
        if errors_only(found):
            continue
        queries = []
        for j, raw in enumerate(values["queries"]):
            query, found = _read_query(raw, lines, f"{key}.queries[{j}]", rel, registry)
            problems += found
            if query is not None:
                queries.append(query)
        if any(c.id == values["id"] for c in columns):
            problems.append(
                Problem(
                    rel,
                    lines.get(f"{key}.id"),
                    "COLUMN-DUP-ID",
                    f"专栏标识 {values['id']} 重复",
                    "每个专栏使用不同的 id（它决定网址）",
                    f"{key}.id",
                )
            )
            continue
        columns.append(Column(values["id"], values["title"], values.get("description"), tuple(queries)))
    if errors_only(problems):
        raise ContentError(problems)
    return columns
