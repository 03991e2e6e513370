"""What each page shows, as the templates see it (`gk` in the page context): one dataclass per page kind.

The planner (core/site/plan.py) makes one view per generated page; the engine renders it with `view.template`.
Fields are named and typed, so a template reads ``gk.unit``, ``gk.items`` or ``gk.coverage``; a field the view
does not have is Jinja's undefined (falsy), never another page kind's data. Every view has a title, a column
(栏目名: the ColumnName meta tag and the <title> 标题_栏目_站点名 of 政府网站发展指引) and breadcrumbs.

To add a page kind: a dataclass here (its `kind` and default template), its template under
templates/gongkai/, and the planner that makes it (ARCHITECTURE.md, "Adding a page kind").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Optional

from ..compliance.coverage import DomainCoverage
from ..model import urls
from ..model.entities import LEVELS, Domain, Item, Unit
from ..sources.catalogs import Change, EffectiveCatalog, Scope
from ..sources.columns import Column
from ..sources.corpus import Page
from ..sources.ledgers import AnnualReport

if TYPE_CHECKING:  # annotations only: yibentong.py builds its views from this module
    from .yibentong import Yibentong



def _list():
    return dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Crumb:
    title: str
    url: Optional[str]  # None for the current page


@dataclasses.dataclass(kw_only=True)
class PageView:
    """A page of the site: what every page kind has."""
    kind: ClassVar[str] = "page"
    template: str = "main.html"
    title: str
    column: str  # 栏目名, for ColumnName and the <title>
    column_type: str = "信息公开"  # ColumnType meta
    crumbs: list[Crumb] = _list()

    @property
    def lastmod(self) -> Optional[dt.date]:
        """The page's own date for the sitemap's <lastmod>: None (no lastmod) unless the page kind knows one."""
        return None

    @property
    def html_title(self) -> str:
        """栏目 before the site name (《政府网站发展指引》: page titles name the column and the site): list and overview pages show the column only."""
        return self.column


@dataclasses.dataclass(kw_only=True)
class HandwrittenView(PageView):
    """A page staff wrote under content/ that is not a disclosure item (its template from front matter)."""


@dataclasses.dataclass(kw_only=True)
class ItemView(PageView):
    """A disclosure item (公开信息): its 信息属性, body, attachments and links to its 解读 and catalog row."""
    kind: ClassVar[str] = "item"
    template: str = "gongkai/item.html"
    item: Item
    catalog_row_url: Optional[str] = None  # the catalog row it is filed under, on the nearest catalog page

    @property
    def lastmod(self) -> Optional[dt.date]:
        """Its last published change, else its 发布日期 (core/checks/changes.py)."""
        return self.item.last_modified.date()

    @property
    def html_title(self) -> str:
        return f"{self.title}_{self.column}"


@dataclasses.dataclass(kw_only=True)
class ListView(PageView):
    """One page of a paginated list of items: a unit × domain, a domain, a year, a platform or topical column."""
    kind: ClassVar[str] = "list"
    template: str = "gongkai/list.html"
    items: list[Item] = _list()  # this page's items, newest first
    page_no: int = 1
    page_urls: list[str] = _list()  # the URL of every page of the list
    unit: Optional[Unit] = None  # a unit's list: its items need no 发布机构 column
    domain: Optional[Domain] = None  # a domain's list: the lead names its ministry and guideline
    year: Optional[int] = None
    lead: Optional[str] = None  # one sentence under the heading, on the first page
    feed_url: Optional[str] = None  # the list's Atom feed

    @property
    def pages(self) -> int:
        return max(1, len(self.page_urls))

    @property
    def lastmod(self) -> Optional[dt.date]:
        """The newest date among the items it lists (a new or changed item changes the list)."""
        return max((i.last_modified.date() for i in self.items), default=None)


@dataclasses.dataclass
class VillageSummary:
    """A village on its township's page: its newest items and its catalog coverage (村（居）务公开)."""
    unit: Unit
    latest: list[Item]
    count: int
    counts: dict[str, int]  # coverage status -> rows


@dataclasses.dataclass(kw_only=True)
class UnitView(ListView):
    """A unit's page: its items, its domains, the units below it, its 一本通 and, for a township, its villages."""
    template: str = "gongkai/unit.html"
    unit: Unit
    domain_counts: list[tuple[Domain, int]] = _list()  # domains with items
    subunits: list[tuple[Unit, Optional[int]]] = _list()  # item count None: published on another site of the 站群
    yibentong: Optional[Yibentong] = None
    villages: list[VillageSummary] = _list()


@dataclasses.dataclass(kw_only=True)
class AnnualReportColumnView(ListView):
    """The platform's 政府信息公开年报 column: the generated reports, then 年报 staff published as items."""
    template: str = "gongkai/nianbao_list.html"
    annual_reports: list[AnnualReport] = _list()


@dataclasses.dataclass(kw_only=True)
class AnnualReportView(PageView):
    """One 政府信息公开工作年度报告, its tables computed from the ledgers."""
    kind: ClassVar[str] = "nianbao"
    template: str = "gongkai/nianbao.html"
    unit: Unit
    report: AnnualReport
    html: dict[str, str]  # section number -> narrative as HTML


@dataclasses.dataclass(kw_only=True)
class UnitsView(PageView):
    """政府信息公开: every unit as a tree."""
    kind: ClassVar[str] = "units"
    template: str = "gongkai/units.html"
    tree: list[tuple[Unit, int, int]]  # (unit, depth, item count), depth first


@dataclasses.dataclass(kw_only=True)
class DomainsView(PageView):
    """重点领域: every domain with its item count."""
    kind: ClassVar[str] = "domains"
    template: str = "gongkai/domains.html"
    domains: list[tuple[Domain, int]]


@dataclasses.dataclass(kw_only=True)
class YearsView(PageView):
    kind: ClassVar[str] = "years"
    template: str = "gongkai/years.html"
    years: list[tuple[int, int]]  # (year, item count), newest first


@dataclasses.dataclass(kw_only=True)
class SearchView(PageView):
    kind: ClassVar[str] = "search"
    template: str = "gongkai/search.html"


@dataclasses.dataclass(kw_only=True)
class SitemapView(PageView):
    """网站地图: the unit tree, the domains and the years."""
    kind: ClassVar[str] = "sitemap"
    template: str = "gongkai/sitemap.html"
    tree: list[tuple[Unit, int, int]]
    domains: list[Domain]
    years: list[int]


@dataclasses.dataclass(kw_only=True)
class HomeView(PageView):
    kind: ClassVar[str] = "home"
    template: str = "gongkai/home.html"
    latest: list[Item]
    domains: list[tuple[Domain, int]]
    counties: list[tuple[Unit, Optional[int]]]  # city and county-level units with their item counts
    columns: list[Column] = _list()  # 专题专栏
    feed_url: Optional[str] = None
    levels: list[tuple[str, str, int]] = _list()  # kiosk: (level, level name, units) tiles


@dataclasses.dataclass
class CatalogEntry:
    """One domain on a unit's catalog overview."""
    domain: Domain
    url: str
    rows: int
    counts: dict[str, int]  # coverage status -> rows
    items: int
    changes: int  # the unit's and its parents' adjustments of the standard catalog


@dataclasses.dataclass(kw_only=True)
class CatalogView(PageView):
    """A unit's 公开事项目录 of one domain in the official table layout, with each row's coverage."""
    kind: ClassVar[str] = "catalog"
    template: str = "gongkai/catalog.html"
    unit: Unit
    domain: Domain
    catalog: EffectiveCatalog
    coverage: DomainCoverage
    spans: list[int]  # 一级事项 row spans of the table (EffectiveCatalog.l1_spans)
    files: dict[str, str]  # "csv" / "json" -> open-data URL
    as_of: dt.date
    list_url: Optional[str]  # the unit's list of the domain's items (None: only other units' items, rolled up)
    shown: int  # newest items listed in a row


@dataclasses.dataclass(kw_only=True)
class CatalogIndexView(PageView):
    """A unit's catalog overview: every domain's coverage, the 未涉及领域说明 and the open data."""
    kind: ClassVar[str] = "catalog_index"
    template: str = "gongkai/catalog_index.html"
    unit: Unit
    entries: list[CatalogEntry]
    not_applicable: list[tuple[Domain, Change]]
    empty: list[Domain]  # domains whose catalog has no row at the unit's level
    scope: Optional[Scope]  # a department's domains
    totals: dict[str, int]
    as_of: dt.date
    opendata: str


@dataclasses.dataclass(kw_only=True)
class YibentongView(PageView):
    kind: ClassVar[str] = "yibentong"
    template: str = "gongkai/yibentong.html"
    unit: Unit
    book: Yibentong


@dataclasses.dataclass(kw_only=True)
class PlatformView(PageView):
    """A unit's 政府信息公开 platform: its five sections and the units below it."""
    template: str = "gongkai/zfxxgk.html"
    unit: Unit
    sections: list[tuple[str, str, str]]  # (title, URL, note)
    subtree: list[tuple[Unit, int]]  # (unit, depth below this one)
    item_count: int
    feed_url: Optional[str] = None


@dataclasses.dataclass(kw_only=True)
class PlatformTextView(PageView):
    """A platform section of text (指南, 制度, 依申请公开): generated, unless staff wrote it (`override`)."""
    template: str = "gongkai/zfxxgk_text.html"
    unit: Unit
    section: str  # zfxxgkzn | zfxxgkzd | ysqgk
    override: Optional[Page] = None


@dataclasses.dataclass(kw_only=True)
class ActiveDisclosureView(PageView):
    """法定主动公开内容: the platform's sub-columns and every domain's list and catalog."""
    template: str = "gongkai/fdzdgknr.html"
    unit: Unit
    domains: list[tuple[Domain, int, Optional[str], Optional[str]]]  # (domain, items, list URL, catalog URL)
    subcolumns: list[tuple[str, str, int]]  # (title, URL, items)
    catalog_index: Optional[str]


@dataclasses.dataclass(kw_only=True)
class ColumnsView(PageView):
    """专题专栏: every topical column with its item count."""
    template: str = "gongkai/columns.html"
    columns: list[tuple[Column, int]]


@dataclasses.dataclass(kw_only=True)
class KioskLevelView(PageView):
    """The kiosk's tiles of one level's units."""
    kind: ClassVar[str] = "kiosk_level"
    template: str = "gongkai/kiosk/level.html"
    level: str
    level_name: str
    units: list[tuple[Unit, int]]


@dataclasses.dataclass
class SitePlan:
    generated: dict[str, PageView]  # src_uri of the generated Markdown -> its view
    home: Optional[HomeView]
    data_files: dict[str, str] = dataclasses.field(default_factory=dict)  # open data (catalog CSV/JSON) -> text

    def views(self, cls: type) -> list:
        """The generated views of one page kind, in plan order."""
        return [v for v in self.generated.values() if isinstance(v, cls)]


def paginate(generated: dict[str, PageView], first: str, items: list[Item], page_size: int, make_view) -> None:
    """Add the list pages of `items` under `first` (page 1 at first/, then first/page/N/) to `generated`;
    make_view() returns a fresh ListView for each page."""
    chunks = [items[i:i + page_size] for i in range(0, len(items), page_size)] or [[]]
    page_urls = [urls.src_uri_to_url(urls.list_page_src(first, n)) for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):
        view = make_view()
        view.items, view.page_no, view.page_urls = chunk, n, page_urls
        if n > 1:
            view.crumbs = view.crumbs[:-1] + [Crumb(view.crumbs[-1].title, page_urls[0]), Crumb(f"第 {n} 页", None)]
        generated[urls.list_page_src(first, n)] = view


def home_crumb() -> Crumb:
    return Crumb("首页", urls.HOME)


def unit_crumbs(unit: Unit, link_last: bool = True) -> list[Crumb]:
    chain = [Crumb(u.short, u.url) for u in unit.ancestors] + [Crumb(unit.short, unit.url if link_last else None)]
    return [home_crumb(), Crumb("政府信息公开", urls.UNITS)] + chain


def section_key(src_uri: str) -> str:
    """Which top-level column a page belongs to: units (every unit and item page), domains, years, or its own folder."""
    first = src_uri.split("/", 1)[0]
    return "units" if first in LEVELS else first.removesuffix(".md")
