"""What pages the site has and what each template is given (no MkDocs imports).

`plan_site(corpus, site, page_size)` decides every generated page (list pages
per unit, unit × domain, domain and year, with pagination; the units, domains
and years overviews; the search page and the HTML site map) and returns plain
view data that any engine can render. URLs are relative to the site root, with
a trailing slash (directory URLs).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any, Optional

from ..sources.corpus import Corpus
from ..model.entities import LEVELS, Item, Unit


@dataclasses.dataclass
class Crumb:
    title: str
    url: Optional[str]  # None for the current page


@dataclasses.dataclass
class View:
    """One page as the templates see it (as `gk` in the page context)."""
    kind: str  # item | list | units | domains | years | search | sitemap | home | page
    title: str
    column: str  # 栏目名 for ColumnName and the <title>
    column_type: str  # ColumnType meta
    crumbs: list[Crumb]
    template: str
    items: list[Item] = dataclasses.field(default_factory=list)
    item: Optional[Item] = None
    page_no: int = 1
    page_urls: list[str] = dataclasses.field(default_factory=list)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def html_title(self) -> str:
        """标题_栏目_站点名 (govweb.md §1.3); list pages: 栏目_站点名."""
        return "_".join(p for p in (self.title if self.kind == "item" else None, self.column) if p)

    @property
    def pages(self) -> int:
        return max(1, len(self.page_urls))


@dataclasses.dataclass
class SitePlan:
    generated: dict[str, View]  # src_uri of the generated Markdown -> its view
    home: Optional[View]
    data_files: dict[str, str] = dataclasses.field(default_factory=dict)  # open data (catalog CSV/JSON) -> text

    def url_of(self, src_uri: str) -> str:
        return src_uri_to_url(src_uri)


def src_uri_to_url(src_uri: str) -> str:
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def section_key(src_uri: str) -> str:
    """Which top-level column a page belongs to: units (every unit and item page), domains, years, or its own folder."""
    first = src_uri.split("/", 1)[0]
    return "units" if first in LEVELS else first.removesuffix(".md")


def _page_uri(base: str, n: int) -> str:
    return f"{base}index.md" if n == 1 else f"{base}page/{n}.md"


def paginate(generated: dict[str, View], base: str, items: list[Item], page_size: int, make_view) -> None:
    """Add the list pages of `items` under `base` (page 1 at base/, then base/page/N/) to `generated`;
    make_view() returns a fresh View for each page."""
    chunks = [items[i:i + page_size] for i in range(0, len(items), page_size)] or [[]]
    urls = [src_uri_to_url(_page_uri(base, n)) for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, 1):
        view = make_view()
        view.items, view.page_no, view.page_urls = chunk, n, urls
        if n > 1:
            view.crumbs = view.crumbs[:-1] + [Crumb(view.crumbs[-1].title, urls[0]), Crumb(f"第 {n} 页", None)]
        generated[_page_uri(base, n)] = view


def _home() -> Crumb:
    return Crumb("首页", "")


def unit_crumbs(unit: Unit, link_last: bool = True) -> list[Crumb]:
    chain = [Crumb(u.short, u.url) for u in unit.ancestors] + [Crumb(unit.short, unit.url if link_last else None)]
    return [_home(), Crumb("政府信息公开", "units/")] + chain


def item_view(item: Item, catalogs=None) -> View:
    crumbs = unit_crumbs(item.publisher) + [
        Crumb(item.domain.name, f"{item.publisher.url}{item.domain.id}/"), Crumb("正文", None)]
    from .catalogs import row_url  # builds on this module
    return View("item", item.title, item.domain.name, "信息公开", crumbs, "gongkai/item.html", item=item,
                extra={"catalog_row_url": row_url(catalogs, item)})


class _Planner:
    def __init__(self, corpus: Corpus, page_size: int, as_of=None):
        self.corpus = corpus
        self.page_size = page_size
        self.as_of = as_of
        self.generated: dict[str, View] = {}

    def paginated(self, base: str, items: list[Item], make_view) -> None:
        paginate(self.generated, base, items, self.page_size, make_view)

    def plan(self) -> SitePlan:
        corpus, registry = self.corpus, self.corpus.registry
        by_unit = corpus.group(lambda i: i.publisher.id)
        by_unit_domain = corpus.group(lambda i: (i.publisher.id, i.domain.id))
        by_domain = corpus.group(lambda i: i.domain.id)
        by_year = corpus.group(lambda i: i.year)
        subtree_counts = self._subtree_counts(by_unit)

        for unit in registry.units_in_order():
            domain_counts = [(d, len(by_unit_domain.get((unit.id, d.id), []))) for d in registry.domains.values()]
            self.paginated(unit.url, by_unit.get(unit.id, []), lambda unit=unit, dc=domain_counts: View(
                "list", f"{unit.short}信息公开", f"{unit.short}信息公开", "信息公开", unit_crumbs(unit, False),
                "gongkai/unit.html", extra={"unit": unit, "domain_counts": [x for x in dc if x[1]],
                                            "subunits": [(c, self._count(c, subtree_counts)) for c in unit.children]}))
            for domain in registry.domains.values():
                items = by_unit_domain.get((unit.id, domain.id))
                if not items:
                    continue
                self.paginated(f"{unit.url}{domain.id}/", items, lambda unit=unit, domain=domain: View(
                    "list", f"{unit.short} · {domain.name}", domain.name, "信息公开",
                    unit_crumbs(unit) + [Crumb(domain.name, None)], "gongkai/list.html",
                    extra={"unit": unit, "domain": domain}))
        for domain in registry.domains.values():
            self.paginated(domain.url, by_domain.get(domain.id, []), lambda domain=domain: View(
                "list", f"{domain.name}领域", domain.name, "重点领域",
                [_home(), Crumb("重点领域", "domains/"), Crumb(domain.name, None)], "gongkai/list.html",
                extra={"domain": domain}))
        for year in sorted(by_year):
            self.paginated(f"years/{year}/", by_year[year], lambda year=year: View(
                "list", f"{year}年发布", f"{year}年", "信息公开",
                [_home(), Crumb("按年份", "years/"), Crumb(f"{year}年", None)], "gongkai/list.html",
                extra={"year": year}))

        self.generated["units/index.md"] = View(
            "units", "政府信息公开", "政府信息公开", "信息公开", [_home(), Crumb("政府信息公开", None)],
            "gongkai/units.html", extra={"tree": self._tree(registry.units_in_order(), subtree_counts)})
        self.generated["domains/index.md"] = View(
            "domains", "重点领域", "重点领域", "信息公开", [_home(), Crumb("重点领域", None)], "gongkai/domains.html",
            extra={"domains": [(d, len(by_domain.get(d.id, []))) for d in registry.domains.values()]})
        self.generated["years/index.md"] = View(
            "years", "按年份浏览", "按年份浏览", "信息公开", [_home(), Crumb("按年份", None)], "gongkai/years.html",
            extra={"years": [(y, len(by_year[y])) for y in sorted(by_year, reverse=True)]})
        self.generated["search.md"] = View(
            "search", "站内搜索", "站内搜索", "搜索", [_home(), Crumb("站内搜索", None)], "gongkai/search.html")
        self.generated["sitemap.md"] = View(
            "sitemap", "网站地图", "网站地图", "网站地图", [_home(), Crumb("网站地图", None)], "gongkai/sitemap.html",
            extra={"tree": self._tree(registry.units_in_order(), subtree_counts),
                   "domains": list(registry.domains.values()), "years": sorted(by_year, reverse=True)})
        home = View("home", "首页", "首页", "首页", [], "gongkai/home.html", extra={
            "latest": corpus.newest_first(corpus.items.values())[:12],
            "domains": [(d, len(by_domain.get(d.id, []))) for d in registry.domains.values()],
            "counties": [(u, self._count(u, subtree_counts)) for u in registry.units.values() if u.level in ("city", "county")],
        })
        from .catalogs import plan_catalog_pages  # catalog overview + unit × domain pages, open data
        from ..model.lifecycle import build_date
        pages, data_files = plan_catalog_pages(corpus, self.as_of or build_date())
        self.generated.update(pages)
        from .yibentong import plan_yibentong_pages  # 办事一本通 pages, linked from their unit pages
        plan_yibentong_pages(corpus, self.generated)
        from .villages import attach_villages  # a township page lists its villages' latest items and coverage
        attach_villages(self.generated, corpus, self.as_of or build_date())
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


def plan_site(corpus: Corpus, page_size: int = 50, as_of=None) -> SitePlan:
    """`as_of`: the date catalog coverage is judged at (default: lifecycle.build_date())."""
    return _Planner(corpus, page_size, as_of).plan()
