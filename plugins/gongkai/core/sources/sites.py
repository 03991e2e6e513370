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
The file is checked with the other registries (core/registry.py): an unknown unit, a unit that cannot
have a site, a county-level unit or city without an entry, a duplicate or a URL that is not http(s)
is an error naming the file, line and field.

A site is built from the same content with `site_corpus` (only its units' items, pages and files) and
`SiteBuild.foreign_url`, which turns a site-root path of another site's unit (``county/tunxi/…``) into
an absolute link to that site; the other sites' hosts count as the site's own in the release gate.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from typing import Callable, Optional
from urllib.parse import urlsplit

from ..base import fields
from ..base.frontmatter import read_data_file
from ..checks.markdown import _CODE_SPAN_RE, code_free_lines
from ..model.entities import LEVELS, Unit
from ..base.problems import ContentError, Problem, errors_only
from ..base.records import Field, read_record
from .furniture import SiteInfo, site_info

SITES_FILE = "sites.yml"
SITE_LEVELS = ("city", "county")  # units that can have a site of their own
# 网站底部必备信息 a county-level site takes from the city's mkdocs.yml `site:` unless sites.yml says otherwise
# (集约化平台: one ICP filing, police filing and interaction channel for the whole platform)
INHERITED = ("organizer", "icp", "police", "badge_url", "jiucuo_url", "interaction_name", "interaction_url", "apply_url")


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
    with open(path, "rb") as fh:
        data, lines, problems = read_data_file(fh.read(), rel)
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


@dataclasses.dataclass
class SiteBuild:
    """One site of the cluster as the build sees it."""
    cluster: Cluster
    site: Site
    units: frozenset[str]  # ids of the units published on it
    info: SiteInfo  # its 网站底部必备信息
    site_name: str

    @property
    def base_url(self) -> str:
        return self.site.base_url

    def foreign_url(self, path: str) -> Optional[str]:
        """The absolute URL of a site-root path (``county/tunxi/…``) that belongs to another site, else None."""
        parts = path.split("/", 2)
        if len(parts) < 2 or parts[0] not in LEVELS:
            return None
        unit = self.cluster.units.get(parts[1])
        if unit is None or unit.id in self.units:
            return None
        return self.cluster.site_of(unit).base_url + path


def site_build(cluster: Optional[Cluster], unit_id: str, base_furniture: dict, base_site_name: str) -> SiteBuild:
    """The site `gongkai build --unit unit_id` makes; ValueError for a bad unit, ContentError for bad furniture."""
    if cluster is None:
        raise ValueError(f"unit：生成站群网站（--unit {unit_id}）需要 catalogs/{SITES_FILE}，写明各网站的网址（见 docs/cluster.md）")
    try:
        site = cluster.choose(unit_id)
    except ValueError as exc:
        raise ValueError(f"unit：{exc}") from None
    portal = _is_portal(site, base_furniture)
    raw = dict(base_furniture) if portal else _derived_furniture(site, base_furniture)
    raw.update(dict(site.furniture))
    try:
        info = site_info(raw, cluster.path)
    except ContentError as exc:
        raise ContentError([dataclasses.replace(
            p, line=site.line, code="SITES-FURNITURE", message=f"{site.unit.short}网站的{p.message}",
            fix=f"在 {cluster.path} 本条的 site: 下填写 {p.field.removeprefix('site.')}（未写的项取自 units.yml 中本单位的 contact 和 mkdocs.yml 的 site:）",
            field=f"{site.key}.{p.field}") for p in exc.problems])
    info = dataclasses.replace(info, cluster_hosts=cluster.hosts())
    default_name = base_site_name if portal else f"{info.name}信息公开"
    return SiteBuild(cluster, site, cluster.members(site), info, site.site_name or default_name)


def _is_portal(site: Site, base: dict) -> bool:
    """mkdocs.yml's `site:` (and site_name) describe the city portal: a city whose 网站标识码 is that of `site:`
    (or that has none). Any other site, a second city's included, takes its own from units.yml."""
    unit = site.unit
    return unit.parent is None and unit.site_id_code in (None, base.get("id_code"))


def _derived_furniture(site: Site, base: dict) -> dict:
    """A site's `site:` from units.yml (name, code, contact) and the platform-wide items of mkdocs.yml (INHERITED)."""
    unit, contact = site.unit, site.unit.contact
    raw = {k: base.get(k) for k in INHERITED}
    raw.update(name=unit.name, domain=site.host, id_code=unit.site_id_code or "",
               host=contact.get("office") or f"{unit.name}办公室", phone=contact.get("phone") or "",
               email=contact.get("email"), address=contact.get("address"))
    city_code = base.get("id_code")
    if raw.get("jiucuo_url") and city_code and unit.site_id_code:  # 找错 links carry the site's own code
        raw["jiucuo_url"] = re.sub(rf"(site_code=){re.escape(city_code)}\b", rf"\g<1>{unit.site_id_code}", raw["jiucuo_url"])
    return raw


# --- the content of one site -------------------------------------------------------------------------------

def owned_by(src_uri: str, units: frozenset[str]) -> bool:
    """Whether a file under the content dir belongs to the site: files outside <level>/<unit>/ always do."""
    parts = src_uri.split("/", 2)
    return len(parts) < 3 or parts[0] not in LEVELS or parts[1] in units


def site_corpus(corpus, units: frozenset[str]):
    """The corpus of one site: its units' items and pages; every other unit's files are withheld from the build.

    The registry keeps every unit (links, checks) but `units_in_order` walks only the site's."""
    registry = dataclasses.replace(corpus.registry, site_units=units)
    items = {k: i for k, i in corpus.items.items() if i.publisher.id in units}
    attachments = {a.src_uri for i in items.values() for a in i.attachments}  # may sit in another unit's folder
    foreign = {uri for uri in list(corpus.sources) + corpus.other_files if not owned_by(uri, units)} - attachments
    return dataclasses.replace(
        corpus, registry=registry, items=items, attachment_uris=attachments,
        pages={uri: p for uri, p in corpus.pages.items() if owned_by(uri, units)},
        scheduled={k: i for k, i in corpus.scheduled.items() if i.publisher.id in units},
        withheld_uris=corpus.withheld_uris | foreign)


_LINK_RE = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_REF_RE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)([^\s>]+)")


def absolute_links(body: str, src_uri: str, foreign_url: Callable[[str], Optional[str]]) -> str:
    """Rewrite a Markdown body's relative links to another site's items or files as absolute links to that site.

    Only inline links and reference definitions outside code are rewritten (the forms MkDocs resolves)."""
    if "](" not in body and "]:" not in body:
        return body
    from ..site.views import src_uri_to_url

    folder = posixpath.dirname(src_uri)

    def absolute(target: str) -> Optional[str]:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^/|^#", target):
            return None
        path, hash_, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(folder, path))
        url = foreign_url(src_uri_to_url(resolved) if resolved.endswith(".md") else resolved)
        return url + hash_ + fragment if url else None

    def sub(m: re.Match) -> str:
        url = absolute(m.group(2))
        return m.group(1) + url if url else m.group(0)

    lines = body.split("\n")
    for offset, clean in code_free_lines(body):  # fenced code and comments are skipped
        line = lines[offset]
        if "](" in clean:  # rewrite between code spans only
            spans = [(m.start(), m.end()) for m in _CODE_SPAN_RE.finditer(line)] + [(len(line), len(line))]
            parts, at = [], 0
            for start, end in spans:
                parts += [_LINK_RE.sub(sub, line[at:start]), line[start:end]]
                at = end
            line = "".join(parts)
        if "]:" in clean:
            line = _REF_RE.sub(sub, line)
        lines[offset] = line
    return "\n".join(lines)
