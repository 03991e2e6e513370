"""The site cluster (站群): one site per county-level unit plus the city portal (no MkDocs imports).

``catalogs/sites.yml`` gives the base URL of every site::

    sites:
      - unit: huangshan                      # the city portal: the city and the units under no county
        base_url: https://www.huangshan.gov.cn/
      - unit: tunxi                          # a county-level site: the county and every unit below it
        base_url: https://www.tunxi.gov.cn/
        site_name: 屯溪区人民政府信息公开      # optional (default: <unit name>信息公开)
        site:                                # optional: 网站底部必备信息 of this site (docs/cluster.md)
          icp: 皖ICP备05001235号

Every unit belongs to exactly one site: the nearest unit at or above it that has one, so a township,
its villages and the county's departments go with their county, and city departments with the portal.
The file is checked with the other registries (core/sources/registry.py): an unknown unit, a unit that cannot
have a site, a county-level unit or city without an entry, a duplicate or a URL that is not http(s)
is an error naming the file, line and field.

One site is built from it by core/site/cluster.py.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Optional
from urllib.parse import urlsplit

from ..base import fields
from ..base.frontmatter import read_data_path
from ..model.entities import LEVELS, Unit
from ..base.problems import ContentError, Problem, errors_only
from ..base.records import Field, read_record

SITES_FILE = "sites.yml"
SITE_LEVELS = ("city", "county")  # units that can have a site of their own


def _base_url(value):
    v, err = fields.text(value)
    if err:
        return None, err
    parts = urlsplit(v)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, (f"“{v}”不是以 http:// 或 https:// 开头的完整网址", "写成例如 https://www.tunxi.gov.cn/")
    if parts.query or parts.fragment:
        return None, (f"“{v}”带有查询参数或 # 片段", "只写网站的根地址，例如 https://www.tunxi.gov.cn/")
    return v if v.endswith("/") else v + "/", None


def _mapping(value):
    if not isinstance(value, dict):
        return None, ("应为字段组（icp、police 等）", "在 site: 下逐行缩进写“字段: 值”")
    return value, None


SITE_FIELDS = {
    "unit": Field(fields.slug, True, "单位"),
    "base_url": Field(_base_url, True, "网址"),
    "site_name": Field(fields.text, False, "网站名称"),
    "site": Field(_mapping, False, "网站底部必备信息"),
}
FURNITURE_LABELS = {"name": "网站名称", "domain": "网站域名", "id_code": "网站标识码", "host": "主办单位", "organizer": "承办单位",
                    "phone": "联系电话", "email": "电子邮箱", "address": "地址", "icp": "ICP备案编号", "police": "公安机关备案号",
                    "badge_url": "党政机关网站标识链接", "jiucuo_url": "我为政府网站找错链接", "interaction_name": "互动入口名称",
                    "interaction_url": "互动入口网址", "apply_url": "依申请公开网上渠道"}
FURNITURE_FIELDS = {name: Field(fields.text, False, label) for name, label in FURNITURE_LABELS.items()}


@dataclasses.dataclass(frozen=True)
class Site:
    unit: Unit  # the city or county-level unit the site belongs to
    base_url: str  # absolute, ending with /
    site_name: Optional[str] = None  # MkDocs site_name; None: the default
    furniture: tuple[tuple[str, str], ...] = ()  # `site:` overrides from sites.yml
    line: Optional[int] = None  # of its entry in sites.yml
    key: str = ""  # e.g. sites[2], for field names in messages

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""


@dataclasses.dataclass
class Cluster:
    path: str  # catalogs/sites.yml, relative to the project root
    sites: dict[str, Site]  # by unit id, in sites.yml order
    units: dict[str, Unit]  # the whole registry

    def site_of(self, unit: Unit) -> Site:
        """The site a unit is published on: the nearest unit at or above it that has a site."""
        u: Optional[Unit] = unit
        while u is not None:
            if u.id in self.sites:
                return self.sites[u.id]
            u = u.parent
        raise LookupError(f"单位 {unit.id} 不属于任何网站")  # excluded by load_cluster's checks

    def members(self, site: Site) -> frozenset[str]:
        return frozenset(u.id for u in self.units.values() if self.site_of(u) is site)

    def hosts(self) -> frozenset[str]:
        return frozenset(s.host for s in self.sites.values())

    def choose(self, unit_id: str) -> Site:
        """The site built by `--unit unit_id`; ValueError naming the choices otherwise."""
        if unit_id in self.sites:
            return self.sites[unit_id]
        choices = "、".join(f"{s.unit.id}（{s.unit.short}）" for s in self.sites.values())
        unit = self.units.get(unit_id)
        if unit is None:
            raise ValueError(f"单位“{unit_id}”不在 catalogs/units.yml 中。可选：{choices}")
        owner = self.site_of(unit)
        raise ValueError(f"{unit.short}（{unit.id}，{unit.level_name}）没有单独的网站，它的信息发布在{owner.unit.short}的网站上："
                         f"改用 --unit {owner.unit.id}。可选：{choices}")


def load_cluster(catalogs_dir: str, rel_root: str, units: dict[str, Unit]) -> tuple[Optional[Cluster], list[Problem]]:
    """Read catalogs/sites.yml if the project has one; (None, []) when it does not."""
    rel = f"{rel_root}/{SITES_FILE}"
    path = os.path.join(catalogs_dir, SITES_FILE)
    if not os.path.isfile(path):
        return None, []
    data, lines, problems = read_data_path(path, rel)
    if data is None:
        return None, problems
    entries = data.get("sites") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        return None, problems + [Problem(rel, 1, "SITES-NO-LIST", "文件应以 sites: 开头并列出各网站",
                                         "参照 docs/cluster.md 写 sites: 和 - unit: … base_url: …")]
    sites: dict[str, Site] = {}
    urls: dict[str, str] = {}
    named: set[str] = set()  # units with an entry, valid or not (a bad entry is not also "missing")
    for i, entry in enumerate(entries):
        key = f"sites[{i}]"
        line = lines.get(f"{key}.unit") or lines.get(key)
        values, found = read_record(entry, lines, key, SITE_FIELDS, rel, line, "SITES")
        if "site" in values:
            _, more = read_record(values["site"], lines, f"{key}.site", FURNITURE_FIELDS, rel, lines.get(f"{key}.site", line), "SITES")
            found += more
        problems += found
        if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
            named.add(entry["unit"].strip())
        if errors_only(found):
            continue

        def bad(code: str, message: str, fix: str, field: str = "unit") -> None:
            problems.append(Problem(rel, lines.get(f"{key}.{field}", line), code, message, fix, f"{key}.{field}"))

        unit = units.get(values["unit"])
        if unit is None:
            bad("SITES-UNKNOWN-UNIT", f"单位“{values['unit']}”不在 catalogs/units.yml 中",
                "填写 catalogs/units.yml 中市级或县级单位的 id")
            continue
        if unit.level not in SITE_LEVELS or (unit.level == "city" and unit.parent is not None):
            bad("SITES-LEVEL", f"{unit.short}是{unit.level_name}单位，不单独建站（只有市级门户和县级单位有网站）",
                "删除这一条：它的信息发布在所属县（区）或市级门户的网站上")
            continue
        if unit.id in sites:
            bad("SITES-DUP-UNIT", f"单位 {unit.id} 重复（第 {sites[unit.id].line} 行已有）", "每个单位只写一条")
            continue
        if values["base_url"] in urls:
            bad("SITES-DUP-URL", f"网址 {values['base_url']} 与 {urls[values['base_url']]} 的相同", "每个网站使用不同的网址",
                "base_url")
            continue
        urls[values["base_url"]] = unit.id
        furniture = tuple((k, v.strip()) for k, v in values.get("site", {}).items() if isinstance(v, str))
        sites[unit.id] = Site(unit, values["base_url"], values.get("site_name"), furniture, line, key)
    for unit in units.values():
        if unit.id not in named and (unit.level == "county" or unit.parent is None):
            kind = "县级单位" if unit.level == "county" else "市级单位"
            problems.append(Problem(rel, lines.get("sites"), "SITES-MISSING", f"{kind} {unit.id}（{unit.short}）没有网站地址",
                                    f"在 sites: 下加一条 - unit: {unit.id} 和 base_url: https://…/", "sites"))
    if errors_only(problems):
        return None, problems
    return Cluster(rel, sites, units), problems
