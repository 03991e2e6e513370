"""The site's URL scheme, in one place (no MkDocs imports).

Every URL is relative to the site root and ends with a slash (directory URLs: ``county/huizhou/`` is served
from ``county/huizhou/index.html``); files keep their name. docs/content-model.md documents the scheme for
staff. A generated page is planned under the Markdown path the engine renders it from (`page_src`).

The scheme sits in the model layer because the entities (a unit's, a domain's, an item's URL), the sources
(the 年报 of a ledger, a 专题专栏) and the site planner all need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from .entities import Domain, Unit

HOME = ""
UNITS = "units/"  # 政府信息公开: every unit as a tree
DOMAINS = "domains/"  # 重点领域
YEARS = "years/"  # 按年份浏览
SEARCH = "search/"
SITEMAP = "sitemap/"
COLUMNS = "zhuanti/"  # 专题专栏
FEED_FILE = "feed.xml"  # Atom feed beside a list's first page
ITEMS_JSON = "opendata/items.json"
CATALOGS_JSON = "opendata/catalogs.json"

PLATFORM = "zfxxgk"  # a unit's 政府信息公开 platform
CATALOG = "catalog"  # a unit's 公开事项目录
YIBENTONG = "yibentong"  # a government's 办事一本通
ANNUAL_REPORTS = "zfxxgknb"  # the platform's 政府信息公开年报 column
ACTIVE = "fdzdgknr"  # the platform's 法定主动公开内容 column


# --- pages of the content model ---------------------------------------------------------------------------


def unit(u: Unit) -> str:
    return f"{u.level}/{u.id}/"


def domain(d: Domain) -> str:
    return f"{DOMAINS}{d.id}/"


def year(y: int) -> str:
    return f"{YEARS}{y}/"


def item(item_id: str) -> str:
    """An item's page: its content path without .md (``county/huizhou/shehui-jiuzhu/2024/dibao/``)."""
    return f"{item_id}/"


def unit_domain(u: Unit, d: Domain) -> str:
    """A unit's items of one domain."""
    return f"{unit(u)}{d.id}/"


# --- a unit's 政府信息公开 platform, catalogs and 一本通 -----------------------------------------------------


def platform(u: Unit, section: str = "") -> str:
    """The platform's front page, or one of its sections (``zfxxgkzn``, ``fdzdgknr/zcwj`` …)."""
    return f"{unit(u)}{PLATFORM}/" + (f"{section}/" if section else "")


def platform_page_src(u: Unit, slug: str) -> str:
    """Where staff write the text of a platform section by hand (content/<level>/<unit>/zfxxgk/<slug>.md)."""
    return f"{unit(u)}{PLATFORM}/{slug}.md"


def annual_reports(u: Unit) -> str:
    return platform(u, ANNUAL_REPORTS)


def annual_report(u: Unit, y: int) -> str:
    return f"{annual_reports(u)}{y}/"


def catalog(u: Unit, d: Domain | None = None) -> str:
    """A unit's catalog overview, or its catalog of one domain."""
    return f"{unit(u)}{CATALOG}/" + (f"{d.id}/" if d is not None else "")


def catalog_row(u: Unit, d: Domain, row_id: str) -> str:
    return f"{catalog(u, d)}#row-{row_id}"


def catalog_data(u: Unit, d: Domain, ext: str) -> str:
    """The catalog as open data beside its overview: ``<unit>/catalog/<domain>.csv`` or ``.json``."""
    return f"{catalog(u)}{d.id}.{ext}"


def yibentong(u: Unit) -> str:
    return f"{unit(u)}{YIBENTONG}/"


def yibentong_pdf(u: Unit) -> str:
    return f"{yibentong(u)}{u.id}-banshi-yibentong.pdf"


def column(column_id: str) -> str:
    return f"{COLUMNS}{column_id}/"


def feed(page: str) -> str:
    """The Atom feed of a list whose first page is at `page`."""
    return f"{page}{FEED_FILE}"


def level(level_id: str) -> str:
    """The kiosk's tiles of one level's units (``county/``)."""
    return f"{level_id}/"


# --- URLs and the Markdown paths the engine renders them from ----------------------------------------------


def page_src(url: str) -> str:
    """The Markdown path a generated page is planned under: ``units/`` -> ``units/index.md``."""
    return f"{url}index.md"


def list_page_src(first: str, n: int) -> str:
    """Page n of a paginated list whose first page is at `first`: ``…/`` then ``…/page/2/``."""
    return page_src(first) if n == 1 else f"{first}page/{n}.md"


def src_uri_to_url(src_uri: str) -> str:
    """The URL a Markdown file is rendered at (MkDocs' directory URLs)."""
    stem = src_uri[:-3]
    if stem == "index":
        return HOME
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def page_file(url: str) -> str:
    """The HTML file of a page URL, relative to the site directory."""
    return f"{url}index.html"
