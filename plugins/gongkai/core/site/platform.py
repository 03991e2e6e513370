"""The public-facing columns on top of the base plan (no MkDocs imports).

`plan_public(corpus, plan, columns, page_size)` adds to a SitePlan:

* per unit (not villages: 村务公开 is published through the township) the fixed 政府信息公开 platform of
  国办公开办函〔2019〕61号 under ``<level>/<unit>/zfxxgk/`` with pinyin-initial slugs, as county platforms name them:
  ``zfxxgkzn/`` 指南, ``zfxxgkzd/`` 制度, ``fdzdgknr/`` 法定主动公开内容 (domains → the unit's catalog pages when
  they exist, else its unit × domain lists; plus 政策文件（现行有效）, 失效废止文件, 政策解读, 公示公告),
  ``zfxxgknb/`` 年报, ``ysqgk/`` 依申请公开. 指南, 制度 and 依申请公开 are written from the unit registry; a
  hand-written ``content/<level>/<unit>/zfxxgk/<slug>.md`` replaces the generated text (UNIT_PAGE_SLUGS);
* the 专题专栏 of catalogs/columns.yml under ``zhuanti/``;
* the Atom feed of every scope (site, unit, domain, column), returned as FeedSpecs and linked from the
  scope's pages through their view's ``feed_url``.

Every item is grouped once; nothing here scans the corpus per page.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..model import urls
from ..model.entities import Item, Unit
from ..model.lifecycle import is_current
from ..sources.columns import Column
from ..sources.corpus import Corpus
from ..sources.unitpages import UNIT_PAGE_SLUGS
from .views import (
    ActiveDisclosureView,
    AnnualReportColumnView,
    ColumnsView,
    Crumb,
    ListView,
    PlatformTextView,
    PlatformView,
    SitePlan,
    home_crumb,
    paginate,
    unit_crumbs,
)

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


def has_platform(unit: Unit) -> bool:
    return unit.level != "village"


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
                feed_of_page[unit.url] = self.feed(urls.feed(unit.url), f"{unit.name}信息公开", unit.url, items)
            if has_platform(unit):
                self.platform(unit, items)
        for domain in self.registry.domains.values():
            items = by_domain.get(domain.id, [])
            if items:
                feed_of_page[domain.url] = self.feed(urls.feed(domain.url), f"{domain.name}领域信息公开", domain.url, items)
        self.topical()
        for view in self.plan.views(ListView):
            if view.page_urls and view.page_urls[0] in feed_of_page:  # unit and domain lists, every page
                view.feed_url = feed_of_page[view.page_urls[0]]
        if self.plan.home is not None:
            newest = corpus.newest_first(corpus.items.values())
            self.plan.home.feed_url = self.feed(urls.feed(urls.HOME), "最新公开信息", urls.HOME, newest)
            self.plan.home.columns = self.columns
        return self.feeds

    # -- 政府信息公开 platform of one unit ----------------------------------------------------------------

    def platform(self, unit: Unit, items: list[Item]) -> None:
        base = urls.platform(unit)
        crumbs = unit_crumbs(unit) + [Crumb("信息公开平台", base)]
        policy = self.registry.policy_genres()

        def text_view(slug: str) -> None:
            title = UNIT_PAGE_SLUGS[slug]
            src_uri = urls.platform_page_src(unit, slug)
            self.plan.generated[src_uri] = PlatformTextView(
                title=f"{unit.short}{title}", column=f"{unit.short}{title}", crumbs=crumbs + [Crumb(title, None)],
                unit=unit, section=slug, override=self.corpus.pages.get(src_uri))

        def list_view(slug: str, title: str, lead: str, listed: list[Item], parent: list[Crumb], cls=ListView) -> str:
            url = urls.platform(unit, slug)
            self.paginated(url, listed, lambda: cls(
                template=ListView.template, title=f"{unit.short}{title}", column=f"{unit.short}{title}",
                crumbs=parent + [Crumb(title, None)], unit=unit, lead=lead))
            return url

        for slug in UNIT_PAGE_SLUGS:
            text_view(slug)
        content_crumbs = crumbs + [Crumb("法定主动公开内容", urls.platform(unit, urls.ACTIVE))]
        picks = {
            "zcwj": [i for i in items if i.genre in policy and is_current(i)],
            "sxfz": [i for i in items if not is_current(i)],
            "zcjd": [i for i in items if i.genre == "解读"],
            "gsgg": [i for i in items if i.genre in ("公示", "公告", "名单") or i.publicity_end],
        }
        subcolumns = []
        for slug, title, lead in SUBCOLUMNS:
            if picks[slug]:
                url = list_view(f"{urls.ACTIVE}/{slug}", title, lead, picks[slug], content_crumbs)
                subcolumns.append((title, url, len(picks[slug])))
        counts: dict[str, int] = defaultdict(int)
        for item in items:
            counts[item.domain.id] += 1
        domains = []
        for domain in self.registry.domains.values():
            catalog = urls.catalog(unit, domain)
            has_catalog = urls.page_src(catalog) in self.plan.generated  # the unit's catalog page, when it has one
            if counts[domain.id] or has_catalog:
                domains.append((domain, counts[domain.id], urls.unit_domain(unit, domain) if counts[domain.id] else None,
                                catalog if has_catalog else None))
        catalog_index = urls.catalog(unit) if urls.page_src(urls.catalog(unit)) in self.plan.generated else None
        self.plan.generated[urls.page_src(urls.platform(unit, urls.ACTIVE))] = ActiveDisclosureView(
            title=f"{unit.short}法定主动公开内容", column=f"{unit.short}法定主动公开内容",
            crumbs=crumbs + [Crumb("法定主动公开内容", None)], unit=unit, domains=domains, subcolumns=subcolumns,
            catalog_index=catalog_index)
        reports = annual_reports(items)
        list_view(urls.ANNUAL_REPORTS, "政府信息公开年报",
                  "按《政府信息公开条例》第五十条，每年 1 月 31 日前公布上一年度的政府信息公开工作年度报告。",
                  reports, crumbs, AnnualReportColumnView)
        subtree = [(u, len(u.ancestors) - len(unit.ancestors) - 1) for u in self._descendants(unit, self.registry.in_site)]
        sections = [("政府信息公开指南", urls.platform(unit, "zfxxgkzn"), "公开的分类、编排和获取方式，信息公开工作机构的联系方式。"),
                    ("政府信息公开制度", urls.platform(unit, "zfxxgkzd"), "本单位政府信息公开的工作制度。"),
                    ("法定主动公开内容", urls.platform(unit, urls.ACTIVE), "按领域和公开事项目录浏览主动公开的政府信息。"),
                    ("政府信息公开年报", urls.annual_reports(unit), "历年政府信息公开工作年度报告。"),
                    ("依申请公开", urls.platform(unit, "ysqgk"), "申请须知、可打印的申请表和在线申请渠道。")]
        self.plan.generated[urls.page_src(base)] = PlatformView(
            title=f"{unit.short}政府信息公开", column=f"{unit.short}政府信息公开",
            crumbs=unit_crumbs(unit) + [Crumb("信息公开平台", None)], unit=unit, sections=sections, subtree=subtree,
            item_count=len(items), feed_url=urls.feed(unit.url) if items else None)

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
        index_crumb = Crumb("专题专栏", urls.COLUMNS)
        for column in self.columns:
            items = self.corpus.newest_first(matched[column.id])
            feed = self.feed(urls.feed(column.url), column.title, column.url, items)
            self.paginated(column.url, items, lambda column=column, feed=feed: ListView(
                title=column.title, column=column.title, column_type="专题专栏",
                crumbs=[home_crumb(), index_crumb, Crumb(column.title, None)], lead=column.description, feed_url=feed))
        self.plan.generated[urls.page_src(urls.COLUMNS)] = ColumnsView(
            title="专题专栏", column="专题专栏", column_type="专题专栏", crumbs=[home_crumb(), Crumb("专题专栏", None)],
            columns=[(c, len(matched[c.id])) for c in self.columns])


def plan_public(corpus: Corpus, plan: SitePlan, columns: list[Column], page_size: int) -> list[FeedSpec]:
    """Add the platform, column and feed pages to `plan` (in place); return the feeds to write."""
    return _Public(corpus, plan, columns, page_size).run()
