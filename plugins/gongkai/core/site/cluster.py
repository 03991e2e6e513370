"""One site of the 站群 as a build sees it (no MkDocs imports): its units, furniture and links out.

A site is built from the same content with `site_corpus` (only its units' items, pages and files) and
`SiteBuild.foreign_url`, which turns a site-root path of another site's unit (``county/tunxi/…``) into
an absolute link to that site; the other sites' hosts count as the site's own in the release gate.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Callable, Optional

from ..base.problems import ContentError
from ..checks.markdown import CODE_SPAN_RE, code_free_lines
from ..model.entities import LEVELS
from ..sources.furniture import SiteInfo, site_info
from ..sources.sites import SITES_FILE, Cluster, Site
from ..model.urls import src_uri_to_url

# 网站底部必备信息 a county-level site takes from the city's mkdocs.yml `site:` unless sites.yml says otherwise
# (集约化平台: one ICP filing, police filing and interaction channel for the whole platform)
INHERITED = ("organizer", "icp", "police", "badge_url", "jiucuo_url", "interaction_name", "interaction_url", "apply_url")


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
            spans = [(m.start(), m.end()) for m in CODE_SPAN_RE.finditer(line)] + [(len(line), len(line))]
            parts, at = [], 0
            for start, end in spans:
                parts += [_LINK_RE.sub(sub, line[at:start]), line[start:end]]
                at = end
            line = "".join(parts)
        if "]:" in clean:
            line = _REF_RE.sub(sub, line)
        lines[offset] = line
    return "\n".join(lines)
