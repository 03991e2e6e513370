"""Load the registries under catalogs/: units, domains, topics, genres, standard catalogs, local channels
(channels.yml), 站群 sites (sites.yml), 节假日安排 (holidays.yml, read by core/base/workdays.py).

No MkDocs imports. Every file goes through the strict YAML reader, and every
problem is reported with file and line; `load_registry` raises ContentError if
anything is wrong, so a build never starts on a broken registry.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from collections.abc import Sequence

from ..base import fields
from ..base.frontmatter import read_data_path
from ..base.identifiers import uscc_problem
from ..base.problems import ContentError, Problem, errors_only
from ..base.records import Field, read_record
from ..base.workdays import OFFICIAL, HolidayCalendar, load_notices
from ..model.entities import DOC_CLASSES, LEVELS, Catalog, CatalogRow, Domain, Unit
from .catalogs import CatalogSet, link_problems, load_unit_catalogs
from .channels import CHANNELS, CHANNELS_FILE, URL_RE, load_local_channels
from .sites import Cluster, load_cluster

CATALOG_LEVELS = ["市级", "县级", "乡级", "村级"]


def _uscc(value):
    v, err = fields.text(value)
    if err:
        return None, err
    problem = uscc_problem(v)
    if problem:
        return None, (f"“{v}”不是有效的统一社会信用代码：{problem}", "核对代码（GB 32100），不要手工改动校验位")
    return v, None


def _region(value):
    v, err = fields.text(value)
    if err or not re.fullmatch(r"\d{6}", v):
        return None, ("应为 6 位行政区划代码", "例如 341004")
    return v, None


def _site_id_code(value):
    v, err = fields.text(value)
    if err or not re.fullmatch(r"\d{10}|bm\d{8}", v):
        return None, ("应为 10 位网站标识码", "例如 3410040001（行政区划代码 + 4 位序号）")
    return v, None


def _contact(value):
    allowed = {"office", "address", "postcode", "phone", "fax", "hours", "email"}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        return None, ("应为字段组（office、address、phone 等）", "参照 catalogs/units.yml 中其他单位的写法")
    unknown = set(value) - allowed
    if unknown:
        return None, (f"含有未知项 {'、'.join(sorted(unknown))}", "可用：" + "、".join(sorted(allowed)))
    return dict(value), None


UNIT_FIELDS = {
    "id": Field(fields.slug, True, "标识"),
    "name": Field(fields.text, True, "名称"),
    "short": Field(fields.text, True, "简称"),
    "level": Field(fields.choice(list(LEVELS)), True, "层级"),
    "parent": Field(fields.slug, False, "上级单位"),
    "uscc": Field(_uscc, True, "统一社会信用代码"),
    "region": Field(_region, True, "行政区划代码"),
    "site_id_code": Field(_site_id_code, False, "网站标识码"),
    "contact": Field(_contact, False, "联系方式"),
}

DOMAIN_FIELDS = {
    "id": Field(fields.slug, True, "标识"),
    "name": Field(fields.text, True, "名称"),
    "ministry": Field(fields.text, True, "主管部委"),
    "guideline": Field(fields.text, False, "标准指引"),
    "catalog": Field(fields.text, True, "目录文件"),
    "topic": Field(fields.text, False, "主题分类"),
}


def channels_reader(local_channels: Sequence[str]) -> fields.Reader:
    """The reader of a row's `channels`: the national 13 and the local channels of catalogs/channels.yml."""
    allowed = CHANNELS + [c for c in local_channels if c not in CHANNELS]

    def read(value):
        items, err = fields.word_list(value)
        if err:
            return None, err
        bad = [c for c in items if c not in allowed]
        if bad:
            return None, (
                f"含有不在渠道清单中的“{'、'.join(bad)}”",
                "可选：" + "、".join(allowed) + f"；本地渠道先加入 catalogs/{CHANNELS_FILE}",
            )
        return items, None

    return read


def _channel_links(value):
    """{channel: URL} of a row: the web address a catalog gives for a channel (政府网站 http://…)."""
    if not isinstance(value, dict) or not value:
        return None, ("应为“渠道: 网址”的组合", "写成 channel_links: {政府网站: http://www.example.gov.cn/}")
    links = {}
    for name, url in value.items():
        if not isinstance(url, str) or not URL_RE.fullmatch(url.strip()):
            return None, (f"“{name}”的网址“{url}”不是网址", "写成 http:// 或 https:// 开头的完整网址")
        links[name] = url.strip()
    return links, None


def _catalog_levels(value):
    items, err = fields.text_list(value)
    if err:
        return None, err
    bad = [c for c in items if c not in CATALOG_LEVELS]
    if bad:
        return None, (f"含有未知层级“{'、'.join(bad)}”", "可选：" + "、".join(CATALOG_LEVELS))
    return items, None


def row_fields(local_channels: Sequence[str] = ()) -> dict[str, Field]:
    """The fields of a catalog row; `channels` accepts the national 13 and `local_channels`."""
    return {
        "id": Field(fields.slug, True, "事项标识"),
        "seq": Field(fields.text, True, "序号"),
        "item_l1": Field(fields.text, True, "一级事项"),
        "item_l2": Field(fields.text, True, "二级事项"),
        "item_l3": Field(fields.text, False, "三级事项"),
        "content": Field(fields.text, True, "公开内容"),
        "basis": Field(fields.text, True, "公开依据"),
        "time_limit": Field(fields.text, True, "公开时限"),
        "subject": Field(fields.text, True, "公开主体"),
        "channels": Field(channels_reader(local_channels), True, "公开渠道和载体"),
        "channel_links": Field(_channel_links, False, "渠道网址"),
        "audience": Field(fields.choice(["全社会", "特定群众"]), True, "公开对象"),
        "audience_text": Field(fields.text, False, "特定群众说明"),
        "mode": Field(fields.choice(["主动", "依申请"]), True, "公开方式"),
        "levels": Field(_catalog_levels, True, "公开层级"),
        "note": Field(fields.text, False, "备注"),
        # working notes (where a row was transcribed from, what was completed): never published or exported
        "internal_note": Field(fields.text, False, "内部说明（不公开）"),
    }


# the row fields the public sees (pages, open data, Excel export); `id` is public too, but it is an identifier
PUBLIC_ROW_FIELDS = (
    "seq",
    "item_l1",
    "item_l2",
    "item_l3",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience_text",
    "note",
)

CATALOG_FIELDS = {
    "domain": Field(fields.slug, True, "领域"),
    "title": Field(fields.text, True, "目录名称"),
    "compiled_by": Field(fields.slug, True, "编制单位"),
    "levels": Field(_catalog_levels, True, "公开层级"),
    "rows": Field(
        lambda v: (v, None) if isinstance(v, list) else (None, ("应为事项列表", "每个事项以 - id: 开头")), True, "事项"
    ),
}


@dataclasses.dataclass
class Registry:
    root: str  # the catalogs/ directory
    units: dict[str, Unit]
    domains: dict[str, Domain]
    topics: dict[str, list[str]]
    genres: dict[str, dict]  # genre -> {"policy": bool, "class": 规章 | 行政规范性文件 | None}
    catalogs: CatalogSet | None = None  # effective catalogs of every unit × domain (catalogs.py)
    cluster: Cluster | None = None  # the 站群 of catalogs/sites.yml, when the project has one (sites.py)
    site_units: frozenset[str] | None = None  # building one site of the 站群: its units; None: every unit
    calendar: HolidayCalendar = OFFICIAL  # working days: chinesecalendar and catalogs/holidays.yml
    local_channels: tuple[str, ...] = ()  # catalogs/channels.yml: channels besides the national 13

    @property
    def row_fields(self) -> dict[str, Field]:
        """The fields of a catalog row of this project (its local channels included)."""
        return row_fields(self.local_channels)

    def in_site(self, unit: Unit) -> bool:
        """Whether the site being built publishes `unit` (always, outside a 站群 build)."""
        return self.site_units is None or unit.id in self.site_units

    def topic_ok(self, topic: str) -> bool:
        first, _, second = topic.partition("\\")
        if first not in self.topics:
            return False
        return not second or second in self.topics[first]

    def policy_genres(self) -> set[str]:
        return {g for g, spec in self.genres.items() if spec.get("policy")}

    def genre_class(self, genre: str) -> str | None:
        """The 文件类别 every item of `genre` has (genres.yml `class:`), e.g. 规章 for 命令（令）."""
        return self.genres.get(genre, {}).get("class")

    def units_in_order(self) -> list[Unit]:
        """Depth-first from the city: parents before children, siblings in registry order (only the
        units of the site being built, in a 站群 build)."""
        order: list[Unit] = []

        def walk(unit: Unit) -> None:
            if self.in_site(unit):
                order.append(unit)
            for child in unit.children:
                walk(child)

        for unit in self.units.values():
            if unit.parent is None:
                walk(unit)
        return order


def _read(path: str, rel: str) -> tuple[dict | None, dict, list[Problem]]:
    try:
        return read_data_path(path, rel)
    except FileNotFoundError:
        return None, {}, [Problem(rel, None, "REG-MISSING-FILE", "文件不存在", "从项目模板复制该文件，或检查路径")]


def _load_list(data, lines, key, path, code, spec):
    records = []
    problems = []
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], [Problem(path, 1, f"{code}-NO-LIST", f"文件应以 {key}: 开头并列出条目", f"参照示例写 {key}:")]
    for i, entry in enumerate(entries):
        values, found = read_record(entry, lines, f"{key}[{i}]", spec, path, lines.get(f"{key}[{i}].id"), code)
        problems += found
        if not errors_only(found):
            values["_line"] = lines.get(f"{key}[{i}].id")
            values["_key"] = f"{key}[{i}]"
            records.append(values)
    return records, problems


def _load_units(root: str, rel_root: str) -> tuple[dict[str, Unit], list[Problem]]:
    rel = f"{rel_root}/units.yml"
    data, lines, problems = _read(os.path.join(root, "units.yml"), rel)
    if data is None:
        return {}, problems
    records, problems = _load_list(data, lines, "units", rel, "UNIT", UNIT_FIELDS)
    units: dict[str, Unit] = {}
    for r in records:
        if r["id"] in units:
            problems.append(
                Problem(rel, r["_line"], "UNIT-DUP-ID", f"单位标识 {r['id']} 重复", "每个单位使用不同的 id", "id")
            )
            continue
        units[r["id"]] = Unit(
            id=r["id"],
            name=r["name"],
            short=r["short"],
            level=r["level"],
            parent_id=r.get("parent"),
            uscc=r["uscc"],
            region=r["region"],
            site_id_code=r.get("site_id_code"),
            contact=r.get("contact", {}),
        )
    codes: dict[str, str] = {}
    for unit in units.values():
        if unit.uscc in codes:
            problems.append(
                Problem(
                    rel,
                    None,
                    "UNIT-DUP-USCC",
                    f"{unit.id} 与 {codes[unit.uscc]} 的统一社会信用代码相同",
                    "每个单位的代码必须不同",
                    "uscc",
                )
            )
        codes[unit.uscc] = unit.id
        if unit.parent_id is None:
            if unit.level != "city":
                problems.append(
                    Problem(
                        rel,
                        None,
                        "UNIT-NO-PARENT",
                        f"单位 {unit.id} 没有上级单位",
                        "填写 parent: 上级单位的 id",
                        "parent",
                    )
                )
            continue
        parent = units.get(unit.parent_id)
        if parent is None:
            problems.append(
                Problem(
                    rel,
                    None,
                    "UNIT-BAD-PARENT",
                    f"单位 {unit.id} 的上级 {unit.parent_id} 不存在",
                    "parent 必须是本文件中另一个单位的 id",
                    "parent",
                )
            )
            continue
        unit.parent = parent
        parent.children.append(unit)
    shorts = Counter(unit.short for unit in units.values())
    for unit in units.values():
        unit.distinct_name = unit.name if shorts[unit.short] > 1 else unit.short
    return units, problems


def _load_catalog(
    root: str, rel_root: str, domain: Domain, units: dict[str, Unit], fields_of_row: dict[str, Field]
) -> tuple[Catalog | None, list[Problem]]:
    rel = f"{rel_root}/{domain.catalog_file}"
    data, lines, problems = _read(os.path.join(root, domain.catalog_file), rel)
    if data is None:
        return None, problems
    head, problems = read_record(data, lines, "", CATALOG_FIELDS, rel, 1, "CAT")
    if errors_only(problems):
        return None, problems
    if head["domain"] != domain.id:
        problems.append(
            Problem(
                rel,
                lines.get("domain"),
                "CAT-WRONG-DOMAIN",
                f"目录文件属于领域 {domain.id}，但写的是 {head['domain']}",
                f"改为 domain: {domain.id}",
                "domain",
            )
        )
    if head["compiled_by"] not in units:
        problems.append(
            Problem(
                rel,
                lines.get("compiled_by"),
                "CAT-BAD-UNIT",
                f"编制单位 {head['compiled_by']} 不在 units.yml 中",
                "填写 catalogs/units.yml 中的单位 id",
                "compiled_by",
            )
        )
    records, found = _load_list(data, lines, "rows", rel, "CAT", fields_of_row)
    problems += found
    rows, seen = [], set()
    for r in records:
        if r["id"] in seen:
            problems.append(
                Problem(rel, r["_line"], "CAT-DUP-ROW", f"事项标识 {r['id']} 重复", "每个事项使用不同的 id", "id")
            )
            continue
        seen.add(r["id"])
        extra = [lv for lv in r["levels"] if lv not in head["levels"]]
        if extra:
            problems.append(
                Problem(
                    rel,
                    r["_line"],
                    "CAT-ROW-LEVEL",
                    f"事项 {r['id']} 的公开层级 {'、'.join(extra)} 不在目录的 levels 中",
                    "把层级加入文件开头的 levels，或从事项中删去",
                    "levels",
                )
            )
        r.pop("_line")
        key = r.pop("_key")
        r["lines"] = {k[len(key) + 1 :]: v for k, v in lines.items() if k.startswith(key + ".")}
        row = CatalogRow(**r)
        problems += link_problems(row, rel)
        rows.append(row)
    return Catalog(domain.id, head["title"], head["compiled_by"], head["levels"], rows, rel), problems


def _load_domains(
    root: str, rel_root: str, units: dict[str, Unit], fields_of_row: dict[str, Field]
) -> tuple[dict[str, Domain], list[Problem]]:
    rel = f"{rel_root}/domains.yml"
    data, lines, problems = _read(os.path.join(root, "domains.yml"), rel)
    if data is None:
        return {}, problems
    records, problems = _load_list(data, lines, "domains", rel, "DOMAIN", DOMAIN_FIELDS)
    domains: dict[str, Domain] = {}
    for r in records:
        if r["id"] in domains:
            problems.append(
                Problem(rel, r["_line"], "DOMAIN-DUP-ID", f"领域标识 {r['id']} 重复", "每个领域使用不同的 id", "id")
            )
            continue
        domain = Domain(
            id=r["id"],
            name=r["name"],
            ministry=r["ministry"],
            catalog_file=r["catalog"],
            topic=r.get("topic"),
            guideline=r.get("guideline"),
        )
        domain.catalog, found = _load_catalog(root, rel_root, domain, units, fields_of_row)
        problems += found
        domains[domain.id] = domain
    return domains, problems


def _load_topics(root: str, rel_root: str) -> tuple[dict[str, list[str]], list[Problem]]:
    rel = f"{rel_root}/topics.yml"
    data, lines, problems = _read(os.path.join(root, "topics.yml"), rel)
    if data is None:
        return {}, problems
    topics = data.get("topics")
    if not isinstance(topics, dict) or not all(isinstance(v, list) for v in topics.values()):
        return {}, [Problem(rel, 1, "TOPIC-FORMAT", "topics 应为“一级主题: [二级主题, …]”", "参照文件中的示例")]
    return topics, []


def _load_genres(root: str, rel_root: str) -> tuple[dict[str, dict], list[Problem]]:
    rel = f"{rel_root}/genres.yml"
    data, lines, problems = _read(os.path.join(root, "genres.yml"), rel)
    if data is None:
        return {}, problems
    genres = data.get("genres")
    if not isinstance(genres, dict):
        return {}, [Problem(rel, 1, "GENRE-FORMAT", "genres 应为“体裁: {policy: true}”的列表", "参照文件中的示例")]
    result = {}
    for name, spec in genres.items():
        spec = spec if isinstance(spec, dict) else {}
        line = lines.get(f"genres.{name}")
        unknown = set(spec) - {"policy", "class"}
        if unknown:
            problems.append(
                Problem(
                    rel,
                    line,
                    "GENRE-FORMAT",
                    f"体裁 {name} 有未知字段 {'、'.join(sorted(unknown))}",
                    "只能写 policy（true/false）和 class（规章 或 行政规范性文件）",
                    name,
                )
            )
            continue
        policy, err = fields.boolean(spec.get("policy", "false"))
        if err:
            problems.append(Problem(rel, line, "GENRE-FORMAT", f"体裁 {name} 的 policy {err[0]}", err[1], name))
            continue
        doc_class = spec.get("class")
        if doc_class is not None and doc_class not in DOC_CLASSES:
            problems.append(
                Problem(
                    rel,
                    line,
                    "GENRE-FORMAT",
                    f"体裁 {name} 的 class“{doc_class}”不是文件类别",
                    "可选：" + "、".join(DOC_CLASSES) + "；其他体裁不写 class",
                    name,
                )
            )
            continue
        result[name] = {"policy": policy, "class": doc_class}
    return result, problems


def problems_after_writing(catalogs_dir: str, project_root: str, files: dict[str, str]) -> list[Problem]:
    """The problems the registry would have if `files` (absolute path under catalogs_dir -> text) were written:
    the registry is loaded from a scratch copy, so nothing in the project is touched."""
    import shutil
    import tempfile

    rel_root = os.path.relpath(catalogs_dir, project_root)
    with tempfile.TemporaryDirectory(prefix="gongkai-check-") as scratch:
        copy = os.path.join(scratch, rel_root)
        shutil.copytree(catalogs_dir, copy)
        for path, text in files.items():
            target = os.path.join(copy, os.path.relpath(path, catalogs_dir))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)
        try:
            load_registry(copy, scratch)
        except ContentError as exc:
            return list(exc.problems)
    return []


def load_registry(catalogs_dir: str, project_root: str) -> Registry:
    """Load and cross-check every registry file; raise ContentError listing all problems."""
    rel_root = os.path.relpath(catalogs_dir, project_root).replace(os.sep, "/")
    units, problems = _load_units(catalogs_dir, rel_root)
    local_channels, found = load_local_channels(catalogs_dir, rel_root)
    problems += found
    fields_of_row = row_fields(local_channels)
    domains, found = _load_domains(catalogs_dir, rel_root, units, fields_of_row)
    problems += found
    topics, found = _load_topics(catalogs_dir, rel_root)
    problems += found
    genres, found = _load_genres(catalogs_dir, rel_root)
    problems += found
    notices, found = load_notices(catalogs_dir, rel_root)  # catalogs/holidays.yml, when present
    problems += found
    catalogs = cluster = None
    if not errors_only(problems):
        catalogs, found = load_unit_catalogs(catalogs_dir, rel_root, units, domains, fields_of_row)
        problems += found
        cluster, found = load_cluster(catalogs_dir, rel_root, units)
        problems += found
    if errors_only(problems):
        raise ContentError(problems)
    return Registry(
        catalogs_dir,
        units,
        domains,
        topics,
        genres,
        catalogs,
        cluster,
        calendar=HolidayCalendar(tuple(notices[y] for y in sorted(notices))),
        local_channels=tuple(local_channels),
    )
