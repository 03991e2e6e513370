"""What pages the site has (no MkDocs imports): `plan_site` decides every generated page and its view.

The lists of each unit, unit × domain, domain and year (paginated); the units, domains and years overviews;
the search page and the HTML site map; the home page; then, from their own modules, every unit's catalog
pages and open data (catalogs.py), the 办事一本通 (yibentong.py) and the villages on their township's page
(villages.py). The platform, topical columns, feeds (platform.py), 年报 (nianbao.py) and kiosk pages (kiosk.py)
are added to the same plan by the pipeline. Item pages are not planned: their view is made when the engine
renders the item (`item_view`), so 20 000 items cost nothing here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Optional

from ..model import urls
from ..model.entities import Item, Unit
from ..sources.catalogs import CatalogSet
from ..sources.corpus import Corpus
from .catalogs import plan_catalog_pages, row_url
from .views import (
    Crumb,
    DomainsView,
    HomeView,
    ItemView,
    ListView,
    SearchView,
    SitemapView,
    SitePlan,
    UnitsView,
    UnitView,
    YearsView,
    home_crumb,
    paginate,
    unit_crumbs,
)
from .villages import attach_villages
from .yibentong import plan_yibentong_pages


def item_view(item: Item, catalogs: Optional[CatalogSet] = None) -> ItemView:
    crumbs = unit_crumbs(item.publisher) + [
        Crumb(item.domain.name, urls.unit_domain(item.publisher, item.domain)), Crumb("正文", None)]
    return ItemView(title=item.title, column=item.domain.name, crumbs=crumbs, item=item,
                    catalog_row_url=row_url(catalogs, item))


class _Planner:
    def __init__(self, corpus: Corpus, page_size: int, as_of: dt.date, base_url: str = "/"):
        self.corpus = corpus
        self.base_url = base_url
        self.page_size = page_size
        self.as_of = as_of
        self.generated: dict = {}

    def paginated(self, first: str, items: list[Item], make_view) -> None:
        paginate(self.generated, first, items, self.page_size, make_view)

    def plan(self) -> SitePlan:
        corpus, registry = self.corpus, self.corpus.registry
        by_unit = corpus.group(lambda i: i.publisher.id)
        by_unit_domain = corpus.group(lambda i: (i.publisher.id, i.domain.id))
        by_domain = corpus.group(lambda i: i.domain.id)
        by_year = corpus.group(lambda i: i.year)
        subtree_counts = self._subtree_counts(by_unit)

        for unit in registry.units_in_order():
            domain_counts = [(d, len(by_unit_domain.get((unit.id, d.id), []))) for d in registry.domains.values()]
            self.paginated(unit.url, by_unit.get(unit.id, []), lambda unit=unit, dc=domain_counts: UnitView(
                title=f"{unit.short}信息公开", column=f"{unit.short}信息公开", crumbs=unit_crumbs(unit, False),
                unit=unit, domain_counts=[x for x in dc if x[1]],
                subunits=[(c, self._count(c, subtree_counts)) for c in unit.children]))
            for domain in registry.domains.values():
                items = by_unit_domain.get((unit.id, domain.id))
                if not items:
                    continue
                self.paginated(urls.unit_domain(unit, domain), items, lambda unit=unit, domain=domain: ListView(
                    title=f"{unit.short} · {domain.name}", column=domain.name,
                    crumbs=unit_crumbs(unit) + [Crumb(domain.name, None)], unit=unit, domain=domain))
        for domain in registry.domains.values():
            self.paginated(domain.url, by_domain.get(domain.id, []), lambda domain=domain: ListView(
                title=f"{domain.name}领域", column=domain.name, column_type="重点领域",
                crumbs=[home_crumb(), Crumb("重点领域", urls.DOMAINS), Crumb(domain.name, None)], domain=domain))
        for year in sorted(by_year):
            self.paginated(urls.year(year), by_year[year], lambda year=year: ListView(
                title=f"{year}年发布", column=f"{year}年",
                crumbs=[home_crumb(), Crumb("按年份", urls.YEARS), Crumb(f"{year}年", None)], year=year))

        tree = self._tree(registry.units_in_order(), subtree_counts)
        self.generated[urls.page_src(urls.UNITS)] = UnitsView(
            title="政府信息公开", column="政府信息公开", crumbs=[home_crumb(), Crumb("政府信息公开", None)], tree=tree)
        self.generated[urls.page_src(urls.DOMAINS)] = DomainsView(
            title="重点领域", column="重点领域", crumbs=[home_crumb(), Crumb("重点领域", None)],
            domains=[(d, len(by_domain.get(d.id, []))) for d in registry.domains.values()])
        self.generated[urls.page_src(urls.YEARS)] = YearsView(
            title="按年份浏览", column="按年份浏览", crumbs=[home_crumb(), Crumb("按年份", None)],
            years=[(y, len(by_year[y])) for y in sorted(by_year, reverse=True)])
        self.generated["search.md"] = SearchView(
            title="站内搜索", column="站内搜索", column_type="搜索", crumbs=[home_crumb(), Crumb("站内搜索", None)])
        self.generated["sitemap.md"] = SitemapView(
            title="网站地图", column="网站地图", column_type="网站地图", crumbs=[home_crumb(), Crumb("网站地图", None)],
            tree=tree, domains=list(registry.domains.values()), years=sorted(by_year, reverse=True))
        home = HomeView(
            title="首页", column="首页", column_type="首页",
            latest=corpus.newest_first(corpus.items.values())[:12],
            domains=[(d, len(by_domain.get(d.id, []))) for d in registry.domains.values()],
            counties=[(u, self._count(u, subtree_counts)) for u in registry.units.values() if u.level in ("city", "county")])
        pages, data_files = plan_catalog_pages(corpus, self.as_of, self.base_url)  # catalog overview + unit × domain pages, open data
        self.generated.update(pages)
        plan_yibentong_pages(corpus, self.generated)  # 办事一本通 pages, linked from their unit pages
        attach_villages(self.generated, corpus, self.as_of)  # a township page lists its villages' items and coverage
        return SitePlan(self.generated, home, data_files)

    @staticmethod
    def _subtree_counts(by_unit: dict[str, list[Item]]) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for unit_id, items in by_unit.items():
            counts[unit_id] += len(items)
        return counts

    def _count(self, unit: Unit, counts: dict[str, int]) -> Optional[int]:
        """A unit's item count; None for a unit published on another site of the 站群 (linked, not counted)."""
        return counts[unit.id] if self.corpus.registry.in_site(unit) else None

    @staticmethod
    def _tree(units: list[Unit], counts: dict[str, int]) -> list[tuple[Unit, int, int]]:
        """(unit, depth, item count) in depth-first order."""
        return [(u, len(u.ancestors), counts[u.id]) for u in units]


def plan_site(corpus: Corpus, as_of: dt.date, page_size: int = 50, base_url: str = "/") -> SitePlan:
    """Every generated page of the site; `as_of`: the date catalog coverage is judged at; `base_url`: the site's
    canonical URL, which the open-data files' links start with (they are read off-site, like items.json)."""
    return _Planner(corpus, page_size, as_of, base_url).plan()
