"""Catalog inheritance: the effective 公开事项目录 of every unit × domain (no MkDocs imports).

`catalogs/standard/<domain>.yml` is the city-wide standard catalog (compiled by the city department in
charge). A unit may adjust it in `catalogs/units/<unit-id>/<domain>.yml`:

* ``inherits:`` ``standard`` or an ancestor unit's id (default: the parent unit, up to the standard);
* ``drop: [{row, reason}]`` — rows outside the unit's powers;
* ``add: [{<full row>, reason, after?}]`` — local rows;
* ``override: [{row, field, value, reason}]`` — change one cell (time_limit, subject, channels …);
* ``not_applicable: {reason}`` — 未涉及领域说明: the unit publishes this explanation instead of a catalog.

Every change needs a reason. Changes are inherited downwards: a county's drop also removes the row from
its townships. A department may restrict the domains it handles in ``catalogs/units/<dept>/scope.yml``
(``domains: [...]``, ``reason``); by default a department inherits its government's catalog in every domain.

Which rows a unit publishes follows its level (the row's 公开层级):

=========== ======================================================
city        rows whose levels include 市级
county      rows with 县级
township    rows with 乡级 or 村级 (the township compiles the 乡、村级 items)
village     rows with 村级
department  as its parent government (county department → 县级 …)
=========== ======================================================
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

from ..base import fields
from ..base.frontmatter import read_data_path
from ..base.problems import ERROR, Problem, errors_only
from ..base.records import Field, read_record
from ..base.timelimits import UnparsedTimeLimit, parse_time_limit
from ..model.entities import Catalog, CatalogRow, Domain, Unit

UNITS_DIR = "units"
SCOPE_FILE = "scope.yml"
LEVEL_FILTER = {"city": ("市级",), "county": ("县级",), "township": ("乡级", "村级"), "village": ("村级",)}
STANDARD = "standard"


def _list(value):
    if not isinstance(value, list):
        return None, ("应为列表", "每项以 - 开头")
    return value, None


def _mapping(value):
    if not isinstance(value, dict):
        return None, ("应为“字段: 值”的组合", "写成 not_applicable: 换行缩进 reason: 说明")
    return value, None


_REASON = Field(fields.text, True, "理由（每项调整都必须写明理由）")

UNIT_FILE_FIELDS = {
    "inherits": Field(fields.slug, False, "继承自"),
    "drop": Field(_list, False, "删除的事项"),
    "add": Field(_list, False, "增加的事项"),
    "override": Field(_list, False, "调整的事项"),
    "not_applicable": Field(_mapping, False, "未涉及领域说明"),
}
DROP_FIELDS = {"row": Field(fields.slug, True, "事项标识"), "reason": _REASON}
NA_FIELDS = {"reason": Field(fields.text, True, "未涉及的说明")}
SCOPE_FIELDS = {"domains": Field(fields.word_list, True, "承担的领域"), "reason": _REASON}


def _override_fields(row_fields: dict) -> dict:
    return {
        "row": Field(fields.slug, True, "事项标识"),
        "field": Field(fields.choice([k for k in row_fields if k != "id"]), True, "调整的栏目"),
        "value": Field(lambda v: (v, None), True, "新的值"),
        "reason": _REASON,
    }


@dataclasses.dataclass
class Change:
    """One adjustment a unit made to its inherited catalog, with the reason it must give."""

    unit: Unit
    kind: str  # drop | add | override | not_applicable
    reason: str
    path: str
    line: int | None
    row_id: str | None = None
    field: str | None = None
    value: Any = None
    after: str | None = None  # add: insert after this row
    field_label: str | None = None  # override: the column's Chinese name (公开主体, not subject)
    row_title: str | None = None  # the row's 事项 (一级 › 二级 › 三级), set when the chain of catalogs is resolved

    @property
    def label(self) -> str:
        return {"drop": "删除", "add": "增加", "override": "调整", "not_applicable": "未涉及"}[self.kind]

    @property
    def summary(self) -> str:
        """调整（公开主体）: what the page's 目录调整说明 shows in its 调整 column (never the field's English id)."""
        return f"{self.label}（{self.field_label or self.field}）" if self.field else self.label


@dataclasses.dataclass
class UnitFile:
    unit: Unit
    domain: Domain
    path: str
    inherits: str | None  # "standard", an ancestor id, or None (= the parent)
    inherits_line: int | None
    changes: list[Change]
    added: dict[str, CatalogRow]  # row id -> the row as written

    @property
    def not_applicable(self) -> Change | None:
        return next((c for c in self.changes if c.kind == "not_applicable"), None)


@dataclasses.dataclass
class Scope:
    unit: Unit
    domains: list[str]
    reason: str
    path: str


@dataclasses.dataclass
class _Full:
    """A catalog before the level filter: what a unit passes down to the units below it."""

    rows: list[CatalogRow]
    levels: list[str]
    changes: list[Change]
    origin: dict[str, str]  # row id -> 标准目录 / 岩寺镇增加
    overridden: dict[str, list[Change]]
    not_applicable: Change | None = None


@dataclasses.dataclass
class EffectiveCatalog:
    unit: Unit
    domain: Domain
    title: str
    levels: list[str]  # the 公开层级 columns of the table
    rows: list[CatalogRow]
    changes: list[Change]  # every adjustment along the chain, from the standard down to this unit
    origin: dict[str, str]
    overridden: dict[str, list[Change]]
    not_applicable: Change | None = None  # this unit's (or an ancestor's) 未涉及 explanation
    out_of_scope: Scope | None = None  # a department that does not handle this domain

    @property
    def applicable(self) -> bool:
        return self.not_applicable is None and self.out_of_scope is None

    @property
    def l1_spans(self) -> list[int]:
        """Rowspan of the 一级事项 cell of each row: the group size on its first row, 0 on the others."""
        spans = [0] * len(self.rows)
        start = 0
        for i in range(1, len(self.rows) + 1):
            if i == len(self.rows) or self.rows[i].item_l1 != self.rows[start].item_l1:
                spans[start] = i - start
                start = i
        return spans

    @property
    def has_l3(self) -> bool:
        return any(r.item_l3 for r in self.rows)

    def as_catalog(self) -> Catalog:
        """The effective catalog as a plain Catalog (for export)."""
        return Catalog(self.domain.id, self.title, self.unit.id, list(self.levels), list(self.rows), "")


def level_filter(unit: Unit) -> tuple[str, ...]:
    while unit.level == "department" and unit.parent is not None:
        unit = unit.parent
    return LEVEL_FILTER.get(unit.level, ())


class CatalogSet:
    """Resolves the effective catalog of every unit × domain; built once by `load_unit_catalogs`."""

    def __init__(
        self,
        units: dict[str, Unit],
        domains: dict[str, Domain],
        files: dict[tuple[str, str], UnitFile],
        scopes: dict[str, Scope],
    ):
        self.units = units
        self.domains = domains
        self.files = files
        self.scopes = scopes
        self.problems: list[Problem] = []
        self._full_cache: dict[tuple[str, str], _Full] = {}
        self._effective_cache: dict[tuple[str, str], EffectiveCatalog] = {}

    # -- resolution ---------------------------------------------------------------------------------

    def _standard(self, domain: Domain) -> _Full:
        catalog = domain.catalog
        if catalog is None:
            return _Full([], [], [], {}, {})
        return _Full(list(catalog.rows), list(catalog.levels), [], {r.id: "标准目录" for r in catalog.rows}, {})

    def full(self, unit: Unit | None, domain: Domain) -> _Full:
        """The unit's catalog before its level filter (what the units below inherit)."""
        if unit is None:
            return self._standard(domain)
        key = (unit.id, domain.id)
        if key in self._full_cache:
            return self._full_cache[key]
        file = self.files.get(key)
        if file is not None and file.inherits == STANDARD:
            base = self._standard(domain)
        elif file is not None and file.inherits:
            base = self.full(self.units[file.inherits], domain)
        else:
            base = self.full(unit.parent, domain)
        result = self._apply(file, base, domain) if file is not None else base
        self._full_cache[key] = result
        return result

    def _apply(self, file: UnitFile, base: _Full, domain: Domain) -> _Full:
        na = file.not_applicable
        if na is not None:
            return _Full([], list(base.levels), base.changes + [na], {}, {}, na)
        if base.not_applicable is not None:
            self._problem(
                file.path,
                file.inherits_line,
                "CAT-UNIT-INHERITS-NA",
                f"上级单位{base.not_applicable.unit.short}在{domain.name}领域未涉及，本文件的调整无处继承",
                "如本单位确有该领域事项，写 inherits: standard 从全市标准目录继承",
            )
            return base
        rows = list(base.rows)
        origin, overridden = dict(base.origin), {k: list(v) for k, v in base.overridden.items()}
        levels = list(base.levels)
        ids = {r.id for r in rows}
        for change in file.changes:
            if change.kind == "drop":
                if change.row_id not in ids:
                    self._unknown_row(file, change, rows)
                    continue
                change.row_title = next(r.label for r in rows if r.id == change.row_id)
                rows = [r for r in rows if r.id != change.row_id]
                ids.discard(change.row_id)
            elif change.kind == "add":
                row = file.added[change.row_id]
                if change.row_id in ids:
                    self._problem(
                        file.path,
                        change.line,
                        "CAT-UNIT-DUP-ROW",
                        f"增加的事项标识 {change.row_id} 与继承的目录重复",
                        "给本地事项另起一个标识（例如加单位前缀）",
                        "id",
                    )
                    continue
                rows.insert(self._insert_at(rows, row, change, file), row)
                change.row_title = row.label
                ids.add(row.id)
                origin[row.id] = f"{file.unit.short}增加"
                levels += [lv for lv in row.levels if lv not in levels]
            elif change.kind == "override":
                i = next((i for i, r in enumerate(rows) if r.id == change.row_id), None)
                if i is None:
                    self._unknown_row(file, change, rows)
                    continue
                change.row_title = rows[i].label
                rows[i] = dataclasses.replace(rows[i], **{change.field: change.value})
                overridden.setdefault(change.row_id, []).append(change)
                if change.field == "levels":
                    levels += [lv for lv in change.value if lv not in levels]
        order = {lv: i for i, lv in enumerate(("市级", "县级", "乡级", "村级"))}
        levels.sort(key=order.get)
        return _Full(rows, levels, base.changes + file.changes, origin, overridden)

    def _insert_at(self, rows: list[CatalogRow], row: CatalogRow, change: Change, file: UnitFile) -> int:
        if change.after:
            i = next((i for i, r in enumerate(rows) if r.id == change.after), None)
            if i is None:
                self._problem(
                    file.path,
                    change.line,
                    "CAT-UNIT-BAD-AFTER",
                    f"after: {change.after} 不是继承目录中的事项",
                    "填写要插在其后的事项标识，或删除 after（默认排在同一一级事项的最后）",
                    "after",
                )
                return len(rows)
            return i + 1
        last = max((i for i, r in enumerate(rows) if r.item_l1 == row.item_l1), default=None)
        return len(rows) if last is None else last + 1

    def _unknown_row(self, file: UnitFile, change: Change, rows: list[CatalogRow]) -> None:
        ids = [r.id for r in rows]
        self._problem(
            file.path,
            change.line,
            "CAT-UNIT-UNKNOWN-ROW",
            f"{file.domain.name}领域继承的目录中没有事项“{change.row_id}”（可能已被上级删除）",
            "可选：" + ("、".join(ids[:15]) + (" 等" if len(ids) > 15 else "") if ids else "（目录为空）"),
            "row",
        )

    def _problem(self, path, line, code, message, fix, field=None):
        problem = Problem(path, line, code, message, fix, field)
        if problem not in self.problems:
            self.problems.append(problem)

    def effective(self, unit: Unit, domain: Domain) -> EffectiveCatalog:
        key = (unit.id, domain.id)
        cached = self._effective_cache.get(key)
        if cached is not None:
            return cached
        full = self.full(unit, domain)
        title = f"{unit.short}{domain.name}领域基层政务公开事项目录"
        scope = self.scopes.get(unit.id)
        keep = set(level_filter(unit))
        rows = [r for r in full.rows if keep & set(r.levels)]
        result = EffectiveCatalog(
            unit,
            domain,
            title,
            [lv for lv in full.levels],
            rows,
            full.changes,
            full.origin,
            full.overridden,
            full.not_applicable,
            scope if scope is not None and domain.id not in scope.domains else None,
        )
        if not result.applicable:
            result.rows = []
        self._effective_cache[key] = result
        return result

    def row_for(self, unit: Unit, domain: Domain, row_id: str) -> CatalogRow | None:
        """The row an item of `unit` files under: any row of the unit's inherited catalog (before the level
        filter, so a village may file under a township row), with the unit chain's overrides applied."""
        return next((r for r in self.full(unit, domain).rows if r.id == row_id), None)

    def row_ids(self, unit: Unit, domain: Domain) -> list[str]:
        return [r.id for r in self.full(unit, domain).rows]

    def all_rows(self):
        """(path, line, field, text) of every time limit written in a catalog file, for validation."""
        for domain in self.domains.values():
            if domain.catalog is not None:
                for row in domain.catalog.rows:
                    yield domain.catalog.path, row.lines.get("time_limit"), "time_limit", row.time_limit
        for file in self.files.values():
            for change in file.changes:
                if change.kind == "add":
                    row = file.added[change.row_id]
                    yield file.path, row.lines.get("time_limit", change.line), "time_limit", row.time_limit
                elif change.kind == "override" and change.field == "time_limit":
                    yield file.path, change.line, "value", change.value


# -- loading ------------------------------------------------------------------------------------------


def _read_file(path: str, rel: str):
    return read_data_path(path, rel)


def _load_unit_file(
    abs_path: str, rel: str, unit: Unit, domain: Domain, units: dict[str, Unit], row_fields: dict
) -> tuple[UnitFile | None, list[Problem]]:
    data, lines, problems = _read_file(abs_path, rel)
    if data is None:
        return None, problems
    head, problems = read_record(data, lines, "", UNIT_FILE_FIELDS, rel, 1, "CAT-UNIT")
    if errors_only(problems):
        return None, problems
    inherits = head.get("inherits")
    if inherits and inherits != STANDARD and inherits not in {a.id for a in unit.ancestors}:
        problems.append(
            Problem(
                rel,
                lines.get("inherits"),
                "CAT-UNIT-BAD-INHERITS",
                f"inherits: {inherits} 不是{unit.short}的上级单位",
                "写 standard（全市标准目录）或上级单位的 id："
                + "、".join(a.id for a in unit.ancestors)
                + "；不写则继承直接上级",
                "inherits",
            )
        )
    changes: list[Change] = []
    added: dict[str, CatalogRow] = {}
    if "not_applicable" in head:
        values, found = read_record(
            head["not_applicable"], lines, "not_applicable", NA_FIELDS, rel, lines.get("not_applicable"), "CAT-UNIT"
        )
        problems += found
        others = [k for k in ("drop", "add", "override") if k in head]
        if others:
            problems.append(
                Problem(
                    rel,
                    lines.get(others[0]),
                    "CAT-UNIT-NA-WITH-CHANGES",
                    f"已声明未涉及（not_applicable），不能再写 {'、'.join(others)}",
                    "二选一：删除 not_applicable，或删除其余调整",
                    others[0],
                )
            )
        if not found:
            changes.append(Change(unit, "not_applicable", values["reason"], rel, lines.get("not_applicable.reason")))
    for i, entry in enumerate(head.get("drop", [])):
        key = f"drop[{i}]"
        values, found = read_record(entry, lines, key, DROP_FIELDS, rel, lines.get(key, lines.get("drop")), "CAT-UNIT")
        problems += found
        if not errors_only(found):
            changes.append(Change(unit, "drop", values["reason"], rel, lines.get(f"{key}.row"), row_id=values["row"]))
    add_fields = {**row_fields, "reason": _REASON, "after": Field(fields.slug, False, "排在某事项之后")}
    for i, entry in enumerate(head.get("add", [])):
        key = f"add[{i}]"
        values, found = read_record(entry, lines, key, add_fields, rel, lines.get(key, lines.get("add")), "CAT-UNIT")
        problems += found
        if errors_only(found):
            continue
        reason, after = values.pop("reason"), values.pop("after", None)
        values["lines"] = {k[len(key) + 1 :]: v for k, v in lines.items() if k.startswith(key + ".")}
        row = CatalogRow(**values)
        problems += link_problems(row, rel)
        if row.id in added:
            problems.append(
                Problem(
                    rel,
                    lines.get(f"{key}.id"),
                    "CAT-UNIT-DUP-ROW",
                    f"增加的事项标识 {row.id} 重复",
                    "每个事项使用不同的 id",
                    "id",
                )
            )
            continue
        added[row.id] = row
        changes.append(Change(unit, "add", reason, rel, lines.get(f"{key}.id"), row_id=row.id, after=after))
    override_fields = _override_fields(row_fields)
    for i, entry in enumerate(head.get("override", [])):
        key = f"override[{i}]"
        values, found = read_record(
            entry, lines, key, override_fields, rel, lines.get(key, lines.get("override")), "CAT-UNIT"
        )
        problems += found
        if errors_only(found):
            continue
        value, err = row_fields[values["field"]].reader(values["value"])
        if err:
            problems.append(
                Problem(
                    rel,
                    lines.get(f"{key}.value"),
                    "CAT-UNIT-BAD-VALUE",
                    f"{row_fields[values['field']].label}的新值{err[0]}",
                    err[1],
                    f"{key}.value",
                )
            )
            continue
        changes.append(
            Change(
                unit,
                "override",
                values["reason"],
                rel,
                lines.get(f"{key}.value"),
                row_id=values["row"],
                field=values["field"],
                value=value,
                field_label=row_fields[values["field"]].label,
            )
        )
    if not changes and not inherits:
        problems.append(
            Problem(
                rel,
                1,
                "CAT-UNIT-EMPTY",
                "文件中没有任何调整",
                "写 drop、add、override 或 not_applicable；没有调整时删除本文件（默认继承上级目录）",
            )
        )
    return UnitFile(unit, domain, rel, inherits, lines.get("inherits"), changes, added), problems


def _load_scope(abs_path: str, rel: str, unit: Unit, domains: dict[str, Domain]) -> tuple[Scope | None, list[Problem]]:
    data, lines, problems = _read_file(abs_path, rel)
    if data is None:
        return None, problems
    values, problems = read_record(data, lines, "", SCOPE_FIELDS, rel, 1, "CAT-SCOPE")
    if errors_only(problems):
        return None, problems
    if unit.level != "department":
        problems.append(
            Problem(
                rel,
                1,
                "CAT-SCOPE-LEVEL",
                f"{unit.short}不是部门，不能用 scope.yml 限定领域",
                "乡镇、县区对不涉及的领域逐个写 <领域>.yml，内容为 not_applicable: {reason: 说明}",
            )
        )
    bad = [d for d in values["domains"] if d not in domains]
    if bad:
        problems.append(
            Problem(
                rel,
                lines.get("domains"),
                "CAT-SCOPE-DOMAIN",
                f"领域“{'、'.join(bad)}”不在 catalogs/domains.yml 中",
                "填写领域 id，例如 shehui-jiuzhu",
                "domains",
            )
        )
    return Scope(unit, values["domains"], values["reason"], rel), problems


def link_problems(row: CatalogRow, path: str) -> list[Problem]:
    """CAT-LINK-CHANNEL for a web address given for a channel the row does not name."""
    return [
        Problem(
            path,
            row.lines.get("channel_links", row.lines.get("id")),
            "CAT-LINK-CHANNEL",
            f"事项 {row.id} 给渠道“{name}”写了网址，但 channels 中没有这个渠道",
            f"把“{name}”加入 channels，或删除它的网址",
            "channel_links",
        )
        for name in row.channel_links
        if name not in row.channels
    ]


def time_limit_problems(catalogs: CatalogSet) -> list[Problem]:
    """CAT-TIME-LIMIT-UNPARSED for every 公开时限 that the rule grammar cannot read (never guessed)."""
    problems = []
    for path, line, field, text in catalogs.all_rows():
        try:
            parse_time_limit(text)
        except UnparsedTimeLimit as exc:
            problems.append(
                Problem(
                    path,
                    line,
                    "CAT-TIME-LIMIT-UNPARSED",
                    f"公开时限“{text}”无法识别（无法理解“{exc}”），不能据此判断是否按时公开",
                    "改写为常见表述，例如“信息形成或者变更之日起20个工作日内”“批准后20日内”“及时公开”“按季度公开”"
                    "“公示7个工作日”；“同上”请写出完整内容（写法见 docs/catalogs.md）",
                    field,
                )
            )
    return problems


def load_unit_catalogs(
    catalogs_dir: str, rel_root: str, units: dict[str, Unit], domains: dict[str, Domain], row_fields: dict
) -> tuple[CatalogSet, list[Problem]]:
    """Read catalogs/units/*/*.yml, resolve every unit × domain once, and check every 公开时限."""
    problems: list[Problem] = []
    files: dict[tuple[str, str], UnitFile] = {}
    scopes: dict[str, Scope] = {}
    base = os.path.join(catalogs_dir, UNITS_DIR)
    for unit_dir in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        if unit_dir.startswith("."):
            continue
        rel_dir = f"{rel_root}/{UNITS_DIR}/{unit_dir}"
        unit = units.get(unit_dir)
        if unit is None or not os.path.isdir(os.path.join(base, unit_dir)):
            problems.append(
                Problem(
                    rel_dir,
                    None,
                    "CAT-UNIT-UNKNOWN",
                    f"目录名“{unit_dir}”不是 catalogs/units.yml 中的单位 id",
                    "把目录改名为单位 id，例如 catalogs/units/yansi/",
                )
            )
            continue
        for name in sorted(os.listdir(os.path.join(base, unit_dir))):
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}"
            abs_path = os.path.join(base, unit_dir, name)
            if name == SCOPE_FILE:
                scope, found = _load_scope(abs_path, rel, unit, domains)
                problems += found
                if scope is not None and not errors_only(found):
                    scopes[unit.id] = scope
                continue
            domain = domains.get(name[:-4]) if name.endswith(".yml") else None
            if domain is None:
                problems.append(
                    Problem(
                        rel,
                        None,
                        "CAT-UNIT-FILE",
                        f"“{name}”不是领域目录文件",
                        "文件名应为 <领域 id>.yml（见 catalogs/domains.yml）或 scope.yml",
                    )
                )
                continue
            file, found = _load_unit_file(abs_path, rel, unit, domain, units, row_fields)
            problems += found
            if file is not None and not errors_only(found):
                files[(unit.id, domain.id)] = file
    catalogs = CatalogSet(units, domains, files, scopes)
    if not errors_only(problems):
        for unit in units.values():  # resolve everything once: inheritance errors surface at load time
            for domain in domains.values():
                catalogs.effective(unit, domain)
        problems += catalogs.problems
        problems += time_limit_problems(catalogs)
    return catalogs, problems


def catalog_problems(registry) -> list[Problem]:
    """Every catalog problem of a loaded registry (for `gongkai check` and the build): unparsed time limits
    and inheritance problems. `load_registry` already raises on errors, so on a loaded registry this
    normally returns an empty list; it is cheap and safe to call again."""
    catalogs: CatalogSet | None = getattr(registry, "catalogs", None)
    if catalogs is None:
        return []
    return [p for p in catalogs.problems if p.severity == ERROR] + time_limit_problems(catalogs)
