"""The content model: units, domains, catalogs and disclosure items (no MkDocs imports)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from . import urls

LEVELS = {
    "city": "市级",
    "county": "县级",
    "township": "乡级",
    "village": "村级",
    "department": "部门",
}
# 文件类别 of 年报 表二 (第二十条第（一）项) and of the 解读 duty; an item is one only when it says so (its
# `doc_class`) or its genre does (catalogs/genres.yml `class:`), never guessed from a 文号
DOC_CLASSES = ("规章", "行政规范性文件")


@dataclasses.dataclass
class Unit:
    id: str
    name: str  # full name, e.g. 徽州区人民政府
    short: str  # display name, e.g. 徽州区
    level: str  # a key of LEVELS
    parent_id: str | None
    uscc: str  # 统一社会信用代码
    region: str  # 6-digit 行政区划代码
    site_id_code: str | None = None  # 网站标识码 (county-level and above)
    contact: dict = dataclasses.field(default_factory=dict)  # office, address, postcode, phone, fax, hours
    parent: Unit | None = None
    children: list[Unit] = dataclasses.field(default_factory=list)
    # `short`, or `name` where another unit has the same short name (two counties' 区财政局): the 发布机构
    # search facet and result lines, which show no context; set by the registry
    distinct_name: str = ""

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]

    @property
    def ancestors(self) -> list[Unit]:
        """From the root (city) down to the parent."""
        chain, unit = [], self.parent
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return list(reversed(chain))

    @property
    def url(self) -> str:
        return urls.unit(self)

    def __repr__(self) -> str:
        return f"Unit({self.id!r})"


@dataclasses.dataclass
class CatalogRow:
    id: str
    seq: str
    item_l1: str
    item_l2: str
    content: str
    basis: str
    time_limit: str
    subject: str
    channels: list[str]
    audience: str
    mode: str
    levels: list[str]
    item_l3: str | None = None
    audience_text: str | None = None
    note: str | None = None  # 备注: published with the row
    channel_links: dict[str, str] = dataclasses.field(default_factory=dict)  # channel -> its web address
    internal_note: str | None = None  # staff's working note (sources, what was completed): never published
    lines: dict[str, int] = dataclasses.field(default_factory=dict, repr=False, compare=False)  # field -> file line

    @property
    def label(self) -> str:
        parts = [self.item_l1, self.item_l2] + ([self.item_l3] if self.item_l3 else [])
        return " › ".join(parts)


@dataclasses.dataclass
class Catalog:
    domain_id: str
    title: str
    compiled_by: str
    levels: list[str]
    rows: list[CatalogRow]
    path: str

    def row(self, row_id: str) -> CatalogRow | None:
        return next((r for r in self.rows if r.id == row_id), None)


@dataclasses.dataclass
class Domain:
    id: str
    name: str
    ministry: str
    catalog_file: str  # relative to catalogs/
    topic: str | None = None
    guideline: str | None = None
    catalog: Catalog | None = None

    @property
    def url(self) -> str:
        return urls.domain(self)

    def __repr__(self) -> str:
        return f"Domain({self.id!r})"


@dataclasses.dataclass
class Attachment:
    file: str  # as written, relative to the item's folder
    title: str
    src_uri: str  # relative to the content dir, forward slashes
    size: int  # bytes

    @property
    def ext(self) -> str:
        return self.file.rsplit(".", 1)[-1].lower() if "." in self.file else ""


@dataclasses.dataclass(frozen=True)
class Change:
    """One published change of an item (更新记录): its day (China time) and the note staff gave (change_note)."""

    date: dt.date
    note: str | None = None


@dataclasses.dataclass
class Item:
    id: str  # content path without .md, e.g. county/huizhou/shehui-jiuzhu/2024/dibao
    src_uri: str  # path relative to the content dir
    path: str  # path relative to the project root (for messages)
    title: str
    index_no: str
    publisher: Unit
    written: dt.date
    published: dt.datetime
    published_has_time: bool
    domain: Domain
    genre: str
    topic: str
    body: str
    body_line: int
    doc_no: str | None = None
    catalog_row: CatalogRow | None = None
    validity: str | None = None
    expired: dt.date | None = None
    repealed: dt.date | None = None
    keywords: list[str] = dataclasses.field(default_factory=list)
    summary: str | None = None
    source: str | None = None
    attachments: list[Attachment] = dataclasses.field(default_factory=list)
    interprets_id: str | None = None
    interpretation_form: str | None = None
    publicity_end: dt.date | None = None
    guide: Any | None = None  # core.guides.Guide of a 办事指南 item
    doc_class: str | None = None  # 规章 | 行政规范性文件 (DOC_CLASSES), or None for every other document
    lines: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)  # field -> file line, for messages
    change_note: str | None = None  # change_note: 说明 (the latest change), or
    dated_notes: list[Change] = dataclasses.field(default_factory=list)  # change_note: [{date, note}, …]
    # resolved after every item is loaded
    interprets: Item | None = None
    interpretations: list[Item] = dataclasses.field(default_factory=list)
    # the change history (core/checks/changes.py, from git): published changes newest first, the last one's time
    changes: list[Change] = dataclasses.field(default_factory=list)
    updated: dt.datetime | None = None

    @property
    def last_modified(self) -> dt.datetime:
        """When the item last changed as published: its last change, else its 发布日期 (feeds, sitemap)."""
        return max(self.updated, self.published) if self.updated else self.published

    @property
    def url(self) -> str:
        return urls.item(self.id)

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def pub_date_text(self) -> str:
        """发布日期 for display: YYYY-MM-DD, plus HH:MM when the author gave a time."""
        fmt = "%Y-%m-%d %H:%M" if self.published_has_time else "%Y-%m-%d"
        return self.published.strftime(fmt)

    @property
    def content_source(self) -> str:
        return self.source or self.publisher.name

    def __repr__(self) -> str:
        return f"Item({self.id!r})"
