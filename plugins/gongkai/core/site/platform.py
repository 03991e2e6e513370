"""The public-facing columns on top of the base plan (no MkDocs imports).

`plan_public(corpus, plan, columns, page_size)` adds to a SitePlan:

* per unit (not villages: 村务公开 is published through the township) the fixed 政府信息公开 platform of
  国办公开办函〔2019〕61号 under ``<level>/<unit>/zfxxgk/`` with pinyin-initial slugs (govweb.md §5.5):
  ``zfxxgkzn/`` 指南, ``zfxxgkzd/`` 制度, ``fdzdgknr/`` 法定主动公开内容 (domains → the unit's catalog pages when
  they exist, else its unit × domain lists; plus 政策文件（现行有效）, 失效废止文件, 政策解读, 公示公告),
  ``zfxxgknb/`` 年报, ``ysqgk/`` 依申请公开. 指南, 制度 and 依申请公开 are written from the unit registry; a
  hand-written ``content/<level>/<unit>/zfxxgk/<slug>.md`` replaces the generated text (UNIT_PAGE_SLUGS);
* the 专题专栏 of catalogs/columns.yml under ``zhuanti/``;
* the Atom feed of every scope (site, unit, domain, column), returned as FeedSpecs and linked from the
  scope's pages through ``extra["feed_url"]``.

Every item is grouped once; nothing here scans the corpus per page.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..sources.columns import COLUMNS_URL, Column
from ..sources.corpus import Corpus
from ..model.lifecycle import is_current
from ..model.entities import Item, Unit
from ..sources.unitpages import PLATFORM, UNIT_PAGE_SLUGS
from .views import Crumb, SitePlan, View, paginate, unit_crumbs

FEED_FILE = "feed.xml"
FEED_SIZE = 50
SUBCOLUMNS = [  # 法定主动公开内容 sub-columns besides the domains: slug, title, lead
    ("zcwj", "政策文件（现行有效）", "本单位发布的现行有效政策文件；已失效、废止的文件见“失效废止文件”。"),
    ("sxfz", "失效废止文件", "已经失效或废止的文件，仅供查阅，不再执行。"),
    ("zcjd", "政策解读", "对本单位政策文件的解读，每篇都链接到被解读的文件。"),
    ("gsgg", "公示公告", "公示、公告和名单；标有公示期的，按生成网站当日显示“公示中”或“公示期满”。"),
]


@dataclasses.dataclass
class FeedSpec:
    path: str  # output file relative to the site root, e.g. domains/jiuye/feed.xml
    title: str
    page_url: str  # the HTML page of the same scope
    items: list[Item]  # newest first, at most FEED_SIZE


def platform_url(unit: Unit) -> str:
    return f"{unit.url}{PLATFORM}/"


def has_platform(unit: Unit) -> bool:
    return unit.level != "village"


def unit_page_uri(unit: Unit, slug: str) -> str:
    """src_uri of a platform text page: content/<level>/<unit>/zfxxgk/<slug>.md overrides it."""
    return f"{unit.url}{PLATFORM}/{slug}.md"


def annual_reports(items: list[Item]) -> list[Item]:
    """政府信息公开年报 of a unit. Seam for issue 8 (generated annual reports): for now the items of genre
    报告 whose title contains 年度报告, newest first."""
    return [i for i in items if i.genre == "报告" and "年度报告" in i.title]


class _Public:
    def __init__(self, corpus: Corpus, plan: SitePlan, columns: list[Column], page_size: int):
        self.corpus, self.plan, self.columns, self.page_size = corpus, plan, columns, page_size
        self.registry = corpus.registry
        self.feeds: list[FeedSpec] = []

    def paginated(self, base: str, items: list[Item], make_view) -> None:
        paginate(self.plan.generated, base, items, self.page_size, make_view)

    def feed(self, path: str, title: str, page_url: str, items: list[Item]) -> str:
        self.feeds.append(FeedSpec(path, title, page_url, items[:FEED_SIZE]))
        return path

    def run(self) -> list[FeedSpec]:
        corpus = self.corpus
        by_unit = corpus.group(lambda i: i.publisher.id)
        by_domain = corpus.group(lambda i: i.domain.id)
        feed_of_page: dict[str, str] = {}  # first-page URL of a list -> its feed
        for unit in self.registry.units_in_order():
            items = by_unit.get(unit.id, [])
            if items:
                feed_of_page[unit.url] = self.feed(f"{unit.url}{FEED_FILE}", f"{unit.name}信息公开", unit.url, items)
            if has_platform(unit):
                self.platform(unit, items)
        for domain in self.registry.domains.values():
            items = by_domain.get(domain.id, [])
            if items:
                feed_of_page[domain.url] = self.feed(f"{domain.url}{FEED_FILE}", f"{domain.name}领域信息公开", domain.url, items)
        self.topical()
        for view in list(self.plan.generated.values()):
            if view.page_urls and view.page_urls[0] in feed_of_page:  # unit and domain lists, every page
                view.extra["feed_url"] = feed_of_page[view.page_urls[0]]
        if self.plan.home is not None:
            newest = corpus.newest_first(corpus.items.values())
            self.plan.home.extra["feed_url"] = self.feed(FEED_FILE, "最新公开信息", "", newest)
            self.plan.home.extra["columns"] = self.columns
        return self.feeds

    # -- 政府信息公开 platform of one unit ----------------------------------------------------------------

    def platform(self, unit: Unit, items: list[Item]) -> None:
        base = platform_url(unit)
        crumbs = unit_crumbs(unit) + [Crumb("信息公开平台", base)]
        policy = self.registry.policy_genres()

        def text_view(slug: str) -> None:
            title = UNIT_PAGE_SLUGS[slug]
            src_uri = unit_page_uri(unit, slug)
            self.plan.generated[src_uri] = View(
                "page", f"{unit.short}{title}", f"{unit.short}{title}", "信息公开", crumbs + [Crumb(title, None)],
                "gongkai/zfxxgk_text.html", extra={"unit": unit, "section": slug,
                                                    "override": self.corpus.pages.get(src_uri)})

        def list_view(slug: str, title: str, lead: str, listed: list[Item], parent: list[Crumb]) -> str:
            url = f"{base}{slug}/"
            self.paginated(url, listed, lambda: View(
                "list", f"{unit.short}{title}", f"{unit.short}{title}", "信息公开", parent + [Crumb(title, None)],
                "gongkai/list.html", extra={"unit": unit, "lead": lead, "current_only": slug == "fdzdgknr/zcwj"}))
            return url

        for slug in UNIT_PAGE_SLUGS:
            text_view(slug)
        content_crumbs = crumbs + [Crumb("法定主动公开内容", f"{base}fdzdgknr/")]
        picks = {
            "zcwj": [i for i in items if i.genre in policy and is_current(i)],
            "sxfz": [i for i in items if not is_current(i)],
            "zcjd": [i for i in items if i.genre == "解读"],
            "gsgg": [i for i in items if i.genre in ("公示", "公告", "名单") or i.publicity_end],
        }
        subcolumns = []
        for slug, title, lead in SUBCOLUMNS:
            if picks[slug]:
                url = list_view(f"fdzdgknr/{slug}", title, lead, picks[slug], content_crumbs)
                subcolumns.append((title, url, len(picks[slug])))
        counts: dict[str, int] = defaultdict(int)
        for item in items:
            counts[item.domain.id] += 1
        domains = []
        for domain in self.registry.domains.values():
            catalog = f"{unit.url}catalog/{domain.id}/"
            has_catalog = f"{catalog}index.md" in self.plan.generated  # issue 3's catalog pages, when planned
            if counts[domain.id] or has_catalog:
                domains.append((domain, counts[domain.id], f"{unit.url}{domain.id}/" if counts[domain.id] else None,
                                catalog if has_catalog else None))
        catalog_index = f"{unit.url}catalog/" if f"{unit.url}catalog/index.md" in self.plan.generated else None
        self.plan.generated[f"{base}fdzdgknr/index.md"] = View(
            "page", f"{unit.short}法定主动公开内容", f"{unit.short}法定主动公开内容", "信息公开", crumbs + [Crumb("法定主动公开内容", None)],
            "gongkai/fdzdgknr.html", extra={"unit": unit, "domains": domains, "subcolumns": subcolumns,
                                            "catalog_index": catalog_index})
        reports = annual_reports(items)
        list_view("zfxxgknb", "政府信息公开年报", "按《政府信息公开条例》第五十条，每年 1 月 31 日前公布上一年度的政府信息公开工作年度报告。",
                  reports, crumbs)
        subtree = [(u, len(u.ancestors) - len(unit.ancestors) - 1) for u in self._descendants(unit, self.registry.in_site)]
        sections = [("政府信息公开指南", f"{base}zfxxgkzn/", "公开的分类、编排和获取方式，信息公开工作机构的联系方式。"),
                    ("政府信息公开制度", f"{base}zfxxgkzd/", "本单位政府信息公开的工作制度。"),
                    ("法定主动公开内容", f"{base}fdzdgknr/", "按领域和公开事项目录浏览主动公开的政府信息。"),
                    ("政府信息公开年报", f"{base}zfxxgknb/", "历年政府信息公开工作年度报告。"),
                    ("依申请公开", f"{base}ysqgk/", "申请须知、可打印的申请表和在线申请渠道。")]
        self.plan.generated[f"{base}index.md"] = View(
            "page", f"{unit.short}政府信息公开", f"{unit.short}政府信息公开", "信息公开", unit_crumbs(unit) + [Crumb("信息公开平台", None)],
            "gongkai/zfxxgk.html", extra={"unit": unit, "sections": sections, "subtree": subtree,
                                          "item_count": len(items), "feed_url": f"{unit.url}{FEED_FILE}" if items else None})

    @staticmethod
    def _descendants(unit: Unit, in_site) -> list[Unit]:
        """Every unit below `unit`; in a 站群 build, a unit on another site is listed (linked) without its subtree."""
        found: list[Unit] = []

        def walk(u: Unit) -> None:
            for child in u.children:
                found.append(child)
                if in_site(child):
                    walk(child)
        walk(unit)
        return found

    # -- 专题专栏 ---------------------------------------------------------------------------------------

    def topical(self) -> None:
        if not self.columns:
            return
        matched: dict[str, list[Item]] = {c.id: [] for c in self.columns}
        for item in self.corpus.items.values():  # one pass over the corpus for all columns
            for column in self.columns:
                if column.matches(item):
                    matched[column.id].append(item)
        index_crumb = Crumb("专题专栏", COLUMNS_URL)
        for column in self.columns:
            items = self.corpus.newest_first(matched[column.id])
            feed = self.feed(f"{column.url}{FEED_FILE}", column.title, column.url, items)
            self.paginated(column.url, items, lambda column=column, feed=feed: View(
                "list", column.title, column.title, "专题专栏", [Crumb("首页", ""), index_crumb, Crumb(column.title, None)],
                "gongkai/list.html", extra={"column": column, "lead": column.description, "feed_url": feed}))
        self.plan.generated[f"{COLUMNS_URL}index.md"] = View(
            "page", "专题专栏", "专题专栏", "专题专栏", [Crumb("首页", ""), Crumb("专题专栏", None)], "gongkai/columns.html",
            extra={"columns": [(c, len(matched[c.id])) for c in self.columns]})


def plan_public(corpus: Corpus, plan: SitePlan, columns: list[Column], page_size: int) -> list[FeedSpec]:
    """Add the platform, column and feed pages to `plan` (in place); return the feeds to write."""
    return _Public(corpus, plan, columns, page_size).run()
