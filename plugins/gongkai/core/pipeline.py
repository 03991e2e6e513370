"""One build of a gongkai site, stage by stage (engine-neutral; ARCHITECTURE.md, "The pipeline").

    1 load the project → 2 check → 3 plan the pages → 4 render (the engine) → 5 index → 6 gate → 7 publish

`publish_site()` at the end of this module is `gongkai build`, read top to bottom. The engine renders the
planned pages in stage 4 (core knows it only through the `Engine` protocol; engine/ holds the MkDocs one)
and hands every page back to the `Build` as it goes: items to Pagefind as soon as their Markdown is converted,
every written page to the release gate's scanner, both on the second core. A plain `mkdocs build` runs the
same stages 1–6 from the plugin's hooks (engine/plugin.py) and writes straight into site_dir: stage 7, the
atomic publish, is `gongkai build`'s alone.

`Build` holds the state of one build; every attribute is declared in `__init__` and set by the stage that
names it. Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import logging
import os
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol
from urllib.parse import urlsplit

from .base import clock, memo
from .base.problems import ERROR, INFO, WARNING, ContentError, Problem
from .base.processes import start_pool
from .base.progress import Progress
from .checks.content import ADVISORY, CheckOptions, default_slugify, run_checks
from .checks.pii import digits_of
from .checks.release import PageScanner, PageSource, check_release, fragment_problems
from .model import urls
from .model.lifecycle import publicity_status
from .publish import incremental, releases
from .publish.incremental import Fingerprints, Manifest, Unfingerprintable, digest
from .search.index import IncompleteIndex, IndexFeed, PagefindNotFound, indexed_page_count, plan_search, write_lookup
from .search.verify import bundle_problems
from .site.cluster import SiteBuild, absolute_links, site_build, site_corpus
from .site.feeds import write_feeds, write_items_json
from .site.kiosk import KioskProfile, add_kiosk_pages, kiosk_profile, rewrite_page
from .site.nianbao import plan_annual_reports
from .site.plan import item_view, plan_site
from .site.platform import FeedSpec, plan_public
from .site.qr import QrBatch
from .site.views import HandwrittenView, PageView, SitePlan
from .site.yibentong import PdfFontError, Yibentong, books_of, print_books, search_record
from .sources.corpus import Corpus, is_item_file, walk_content
from .sources.furniture import SiteInfo, site_info
from .sources.project import Project, load_project
from .sources.registry import Registry


class BuildFailed(Exception):
    """A build stopped on a problem the user can fix; the message (Chinese) says what and where.
    `shown`: the engine has shown the reason on the console already; `problems`: the bad sources behind it, when
    known (the preview's error page lists them: core/publish/preview.py)."""

    def __init__(self, message: str, shown: bool = False, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.shown = shown
        self.problems = tuple(problems)


@dataclasses.dataclass(frozen=True)
class Settings:
    """What a build needs from the site's configuration (mkdocs.yml), without the engine's own types."""

    project_root: str
    config_file: str  # for messages: mkdocs.yml
    docs_dir: str  # absolute: the content/ directory
    catalogs_dir: str  # as written in the options, relative to the project root (catalogs)
    site_dir: str  # absolute
    site_url: str  # the site's canonical base URL, or ""
    site_name: str
    furniture: dict  # the `site:` options (网站底部必备信息)
    as_of: str | None = None  # the `as_of` option, YYYY-MM-DD (tests); else clock.as_of_date() decides
    page_size: int = 50
    index_no_format: str = "{uscc}/{yyyymm}-{seq:05d}"
    attachment_types: tuple[str, ...] = ()
    attachment_max_mb: float = 20
    search_enabled: bool = True
    search_in_serve: bool = True
    search_split: str = "none"
    yibentong_pdf: bool = True
    kiosk: dict = dataclasses.field(default_factory=dict)  # the kiosk options; enabled: a kiosk build
    unit: str | None = None  # one site of the 站群
    slugify: Callable[[str, str], str] = default_slugify  # the site's heading-anchor slugify
    previewing: bool = False  # `serve`: never published, so no release gate, no PDF
    change_grace_days: int = 1  # 更新记录: body changes later than this after 发布日期 need a change_note
    changes_since: str | None = None  # YYYY-MM-DD: commits before it are the site's set-up, not changes

    @property
    def catalogs_path(self) -> str:
        return os.path.join(self.project_root, self.catalogs_dir)

    def check_options(self, as_of: dt.date | None = None) -> CheckOptions:
        return CheckOptions(
            index_no_format=self.index_no_format,
            attachment_types=tuple(self.attachment_types),
            attachment_max_mb=self.attachment_max_mb,
            as_of=as_of or clock.as_of_date(self.as_of),
            slugify=self.slugify,
            cache_dir=os.path.join(self.project_root, ".cache", "gongkai"),
            change_grace_days=self.change_grace_days,
            changes_since=self._changes_since(),
        )

    def _changes_since(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.changes_since) if self.changes_since else None
        except ValueError:
            raise ValueError(
                f"{os.path.basename(self.config_file)} 中 gongkai 的 changes_since“{self.changes_since}”不是日期："
                "写成 YYYY-MM-DD，例如 2026-12-03"
            ) from None


class Engine(Protocol):
    """What the pipeline needs of a rendering engine (engine/build.py: MkDocs)."""

    settings: Settings
    log: logging.Logger  # where the build's warnings go (a warning fails the build)

    def render(self, build: Build, site_dir: str) -> None:
        """Stage 4: render every planned page into `site_dir`, handing pages to `build`; raise BuildFailed."""


class Build:
    """The state of one build, stage by stage. The engine calls the stage-4 methods as it renders."""

    def __init__(
        self,
        settings: Settings,
        log: logging.Logger,
        progress: Progress | None = None,
        *,
        incremental: bool | None = None,
    ):
        """`incremental`: True reuses the outputs of the published release whose inputs are unchanged (the build
        manifest, core/publish/incremental.py) and records a new manifest; False builds everything and records
        one (`gongkai build --full`); None neither reads nor records one (a plain `mkdocs build`)."""
        self.settings = settings
        self.incremental = incremental
        self.log = log
        self.progress = progress or Progress()
        try:  # the day 公示期, scheduled items and catalog coverage are judged at (core/base/clock.py)
            self.as_of: dt.date = clock.as_of_date(settings.as_of)
        except ValueError as exc:  # the message names the option or the environment variable
            raise BuildFailed(str(exc)) from None
        try:
            self.site: SiteInfo = site_info(dict(settings.furniture), os.path.basename(settings.config_file))
            self.kiosk: KioskProfile | None = kiosk_profile(dict(settings.kiosk))  # None: not a kiosk build
        except ContentError as exc:
            raise BuildFailed(exc.report()) from None
        except ValueError as exc:
            raise BuildFailed(f"{os.path.basename(settings.config_file)} 的 gongkai 插件选项 {exc}") from None
        self.site_url = settings.site_url
        self.site_name = settings.site_name
        self.project: Project | None = None  # catalogs/: registries, holiday calendar, 专题专栏
        self.registry: Registry | None = None
        self.cluster_site: SiteBuild | None = None  # one site of the 站群 (settings.unit)
        if settings.unit:
            self._choose_cluster_site()
        # stage 1 and 2
        self.whole: Corpus | None = None  # every unit's content (checked in full, also for one site)
        self.corpus: Corpus | None = None  # the content this site publishes
        self.workers: ProcessPoolExecutor | None = None  # the second core: QR codes, then page scans
        self.qr = QrBatch([])
        # stage 3
        self.columns: list = []  # 专题专栏
        self.search = None  # core.search.index.SearchPlan
        self.plan: SitePlan | None = None
        self.annual: dict = {}  # (unit id, year) -> AnnualReport
        self.feeds: list[FeedSpec] = []
        # stage 4
        self.index_feed: IndexFeed | None = None  # Pagefind, fed items as they are converted
        self.indexing: _Background | None = None  # Pagefind writing its bundles, once every item is in
        self.pdf_records = 0  # 办事一本通 PDFs given to Pagefind as custom records
        self.written_feed: IndexFeed | None = None  # the feed whose bundles stage 5 waits for and stage 6 checks
        self.page_scanner: PageScanner | None = None  # the release gate's per-page scan
        self.fragment_problems: list[str] = []  # scripts found in rendered content
        self.page_problems: list[str] | None = None  # the gate's findings in the built pages (check_pages)
        self._item_views: dict[str, PageView] = {}
        self._frozen = False  # objects kept out of the garbage collector's walks until close() (_settle)
        # incremental builds (choose_outputs): what is rendered afresh and what is carried from the last release
        self.outputs: Outputs | None = None

    # --- 1. Load the project ------------------------------------------------------------------------------

    def load(self) -> None:
        """Read catalogs/: registries, catalogs, sites, holidays, columns (raise BuildFailed on any problem).
        The worker process starts first: it encodes the items' QR codes while this one reads."""
        self.progress.phase("读取并检查内容")
        self._start_workers()
        if self.project is None:  # a 站群 site read it already, to find itself
            self.project = self._load(lambda: load_project(self.settings.project_root, self.settings.catalogs_dir))
        self.registry = self.project.registry

    # --- 2. Check every source ----------------------------------------------------------------------------

    def check(self) -> None:
        """The checks of `gongkai check`; any error stops the build here, before an output directory exists.
        Warnings go to the log (and fail `gongkai build`), notes to its info level."""
        settings = self.settings
        try:
            options = settings.check_options(self.as_of)
        except ValueError as exc:  # the message names the option
            raise BuildFailed(str(exc)) from None
        result = run_checks(settings.project_root, settings.docs_dir, settings.catalogs_path, options, self.project)
        if result.errors:
            error = ContentError(result.problems)
            raise BuildFailed(error.report(), problems=error.problems)
        self.whole = result.corpus
        self.corpus = site_corpus(self.whole, self.cluster_site.units) if self.cluster_site else self.whole
        self.annual = {k: r for k, r in result.annual.items() if self.corpus.registry.in_site(r.unit)}  # 年报
        for problem in result.problems:
            self._log_problem(problem)
        self._settle()

    # --- 3. Plan the pages --------------------------------------------------------------------------------

    def plan_pages(self) -> None:
        """Every generated page and its view, the open-data files, feeds, 年报 and search bundles."""
        settings, corpus = self.settings, self.corpus
        self.columns = self.project.columns  # 专题专栏
        with memo.use(os.path.join(settings.project_root, incremental.CACHE_DIR, "search.pickle")):
            self.search = plan_search(corpus.items.values(), self.project.synonyms, settings.search_split)
        base_url = self.site_url or self.site.base_url  # the open data's links are absolute, as in items.json
        self.plan = self._load(lambda: plan_site(corpus, self.as_of, settings.page_size, base_url))
        self.feeds = plan_public(corpus, self.plan, self.columns, settings.page_size)
        plan_annual_reports(self.plan, self.annual, self.as_of)  # 年报 pages in each unit's 年报 column
        if self.kiosk:
            add_kiosk_pages(self.plan, corpus)  # <level>/ pages of unit tiles
        self._settle()
        self.progress.phase(f"已读取 {len(corpus.items)} 条公开信息，生成页面")

    # --- 4. Render (the engine calls these as it goes) ------------------------------------------------------

    def start_rendering(self, site_dir: str, pages: int) -> None:
        """Before the first page: the gate's page scanner and Pagefind start on the second core."""
        settings = self.settings
        if not settings.previewing:  # a preview is never published: no release gate
            sources, public, _base_path, hosts = self._release_inputs()
            self.page_scanner = PageScanner(sources, public, hosts=hosts, executor=self.workers)
        if self.search_on and self.incremental is None:  # else choose_outputs starts it, for the bundles to write
            self.index_feed = self._index_feed(site_dir, None)
        self.progress.phase("渲染页面", pages)

    @property
    def search_on(self) -> bool:
        settings = self.settings
        return settings.search_enabled and (not settings.previewing or settings.search_in_serve)

    def _index_feed(self, site_dir: str, bundles, yield_to_rendering: bool = True) -> IndexFeed:
        try:
            return IndexFeed(site_dir, self.search, bundles=bundles, yield_to_rendering=yield_to_rendering)
        except PagefindNotFound as exc:
            raise BuildFailed(str(exc)) from None

    def choose_outputs(
        self,
        site_dir: str,
        pages: list[tuple[str, str, bool]],
        statics: list[tuple[str, str]],
        generated: dict[str, bytes],
        engine_key: str,
    ) -> Outputs:
        """Which pages to render and which outputs to carry over from the published release (incremental builds;
        core/publish/incremental.py). `pages`: (src_uri, dest_uri, in the nav) of every page in the engine's
        order; `statics`: (source file, dest_uri) of the files copied as they are; `generated`: dest_uri -> content
        of the files the plan writes as they are (catalog CSV and JSON); `engine_key`: what the engine
        adds to the global key (its configuration, theme files, versions, nav). Unchanged outputs are linked into
        `site_dir` here, before the engine writes anything; the engine renders `outputs.stale` pages only."""
        self.outputs = out = Outputs.choose(self, site_dir, pages, statics, generated, engine_key)
        self._settle()
        if self.incremental:  # a one-item edit must not wait for the QR codes of every item (_start_workers)
            self._encode_qr([src for src, _dest, _nav in pages if src in out.stale])
        self.progress.phase("渲染页面", len(out.stale))  # only these are rendered
        if self.search_on and out.stale_bundles:
            indexed = sum(self.search.pages.get(path, 0) for path, _period in out.stale_bundles)
            self.index_feed = self._index_feed(site_dir, out.stale_bundles, len(out.stale) >= indexed)
        elif self.search_on:
            write_lookup(site_dir, self.search)  # every bundle carried: only the lookup tables are written
        return out

    def global_key(self, hashes, fingerprints: Fingerprints) -> str:
        """What every page of this build depends on (core/publish/incremental.py): the plugin's code and templates,
        catalogs/, the settings and the site-wide search plan. Not the as-of date: what a page shows of it is in its
        view or in its items' fingerprints (Outputs); nor the build time (the engine's key has it if a template
        prints it)."""
        search = self.search
        return digest(
            hashes.tree(incremental.PLUGIN_ROOT),
            hashes.tree(self.settings.catalogs_path),
            fingerprints.fields(self.settings, skip=("slugify",)),
            self.site_url,
            self.site_name,
            repr((search.bundles, search.lookup_shards, search.split)) if search else "",
        )

    def page_fingerprint(self, fingerprints: Fingerprints, src_uri: str, dest_uri: str) -> str | None:
        """The fingerprint of what one page is rendered from: its view, its body, an item's search terms
        (None: something in it cannot be fingerprinted, so it is always rendered)."""
        try:
            item = self.corpus.by_src_uri(src_uri)
            terms = self.search.terms.get(item.id) if item is not None and self.search is not None else None
            return digest(
                src_uri,
                dest_uri,
                fingerprints.of(self.view(src_uri)),
                fingerprints.of(self.page_source(src_uri)),
                fingerprints.of(terms),
            )
        except Unfingerprintable as exc:
            self.log.debug(f"{src_uri}：无法计算输入指纹（{exc}），总是重新生成")
            return None

    def page_source(self, src_uri: str) -> str | None:
        """The Markdown body of a page (front matter was read strictly in stage 1), or None for a generated page."""
        doc = self.corpus.by_src_uri(src_uri) or self.corpus.pages.get(src_uri)
        if doc is None:
            return None
        return absolute_links(doc.body, doc.src_uri, self.cluster_site.foreign_url) if self.cluster_site else doc.body

    def view(self, src_uri: str) -> PageView | None:
        """What the page's template is given (`gk`); item views are made when asked for, once."""
        item = self.corpus.by_src_uri(src_uri)
        if item is not None:
            if item.id not in self._item_views:
                self._item_views[item.id] = item_view(item, self.corpus.registry.catalogs)
            return self._item_views[item.id]
        if src_uri in self.plan.generated:
            return self.plan.generated[src_uri]
        if src_uri == "index.md":
            return self.plan.home
        page = self.corpus.pages.get(src_uri)
        if page is not None:
            title = page.meta.get("title", "")
            return HandwrittenView(title=title, column=title, template=page.meta.get("template", "main.html"))
        return None

    def page_converted(self, src_uri: str, dest_uri: str, html: str, search_element: Callable[[], str]) -> None:
        """A page's Markdown is HTML now: no script may be in it; an item goes to Pagefind at once."""
        found = fragment_problems(html)
        if found:
            doc = self.corpus.by_src_uri(src_uri) or self.corpus.pages.get(src_uri)
            where = doc.path if doc is not None else src_uri
            self.fragment_problems += [
                f"{where}: {ERROR} HTML-SCRIPT：生成的正文中有{what}。修改：删除它（正文不允许脚本和事件属性）"
                for what in found
            ]
        out = self.outputs
        item = self.corpus.by_src_uri(src_uri) if (self.index_feed or (out and self.search_on)) else None
        if item is not None:
            element = search_element()
            if self.kiosk:
                element = rewrite_page(element, urls.src_uri_to_url(src_uri), self.site_url)
            if out is not None:
                out.converted(src_uri, element)
            if self.index_feed is not None and (out is None or not out.deferred):
                self.index_feed.add(dest_uri, element, self.search.bundle_of(item))

    def every_page_converted(self) -> None:
        """Every item is in Pagefind: it writes its bundles in the background while the pages render."""
        if self.outputs is not None and self.search_on:  # carried bundles hold the PDFs' records too
            self.pdf_records = len(self.pdf_books())
        if self.index_feed is not None:
            if self.outputs is not None and self.outputs.deferred:  # carried and re-rendered items, in page order
                for dest_uri, element, bundle in self.outputs.elements_to_index(self):
                    self.index_feed.add(dest_uri, element, bundle)
            # the 办事一本通 PDFs printed at the end
            records = [search_record(book, self.search.synonyms) for book in self.pdf_books()]
            self.indexing, self.pdf_records = _Background(self.index_feed.finish, records), len(records)
            self.written_feed, self.index_feed = self.index_feed, None

    def page_written(self, dest_uri: str, page_url: str, html: str) -> str:
        """A page's final HTML: kiosk links out become QR codes; the gate scans it on the second core."""
        self.progress.advance()
        if self.kiosk:
            html = rewrite_page(html, page_url, self.site_url)
        if self.page_scanner is not None:
            self.page_scanner.add(dest_uri, html)
        return html

    def template_written(self, name: str, html: str) -> str:
        """A static template's output (404.html, sitemap.xml): kiosk links out become QR codes too."""
        return rewrite_page(html, "", self.site_url) if self.kiosk and name.endswith(".html") else html

    def pdf_books(self) -> list[Yibentong]:
        """The 办事一本通 this build prints to PDF (none in a preview)."""
        if not self.settings.yibentong_pdf or self.settings.previewing:
            return []
        return books_of(self.plan.generated)

    def finish_rendering(self, site_dir: str, render_book: Callable[[Yibentong, str], str]) -> None:
        """After the pages: the feeds, the items' open data and the 办事一本通 PDFs (which pages link to)."""
        base_url = self.site_url or self.site.base_url
        write_feeds(site_dir, self.feeds, self.site.name, self.site.host, base_url, self.as_of)
        write_items_json(site_dir, self.corpus.items.values(), self.site.name, base_url, self.as_of)
        books = self.pdf_books()
        printed = {id(book): render_book(book, base_url) for book in books}  # the print documents
        if self.outputs is not None:  # a book whose print document is unchanged keeps its PDF
            books = self.outputs.carry_pdfs(books, printed)
        if books:
            self.progress.phase(f"印制办事一本通 PDF（{len(books)} 册）")
            try:
                done = print_books(books, lambda book: printed[id(book)], site_dir)
            except PdfFontError as exc:
                raise BuildFailed(str(exc)) from None
            self.log.info(f"办事一本通 PDF {done['pdfs']} 册、共 {done['pages']} 页，用时 {done['seconds']:.1f} 秒")

    # --- 5. Index -----------------------------------------------------------------------------------------

    def finish_index(self, site_dir: str, release: str | None = None) -> None:
        """Wait for Pagefind's bundles (the feed cuts each into small index chunks and makes it byte-stable:
        core/search/index.py, finish_bundle) and check that every item is in them. `release`: the name the build
        will be published under; its manifest is written meanwhile (Outputs.stage)."""
        self.progress.phase("检查发布内容并写出中文检索索引")
        indexing, self.indexing = self.indexing, None
        carried = self.outputs.carried_bundles if self.outputs is not None else []
        if carried:
            self.outputs.wait_carried()
        if self.outputs is not None and release is not None:
            try:
                self.outputs.stage(release)
            except OSError:  # record() tries again after the publish, and says so if it fails
                pass
        if indexing is None and not carried:
            return
        indexed = indexing.result() if indexing is not None else 0
        if isinstance(indexed, (PagefindNotFound, IncompleteIndex)):
            raise BuildFailed(str(indexed))
        if isinstance(indexed, BaseException):
            raise indexed
        indexed += sum(indexed_page_count(_bundle_dir(site_dir, bundle)) for bundle in carried)
        if self.corpus.items and indexed != len(self.corpus.items) + self.pdf_records:
            raise BuildFailed(
                f"检索索引收录了 {indexed} 个页面，而公开信息共 {len(self.corpus.items)} 条：索引不完整，已停止发布"
            )

    # --- 6. Gate ------------------------------------------------------------------------------------------

    def check_pages(self, site_dir: str) -> None:
        """The gate's checks of the pages, run while Pagefind still writes its bundles (stage 5), which they do not
        read: every item has its page (raise BuildFailed), then links and anchors, foreign hosts and personal
        information of the built site, kept for gate(). A one-item rebuild spends most of its time here and in
        Pagefind, so the two overlap."""
        scanner, self.page_scanner = self.page_scanner, None
        out = self.outputs
        if out is not None:
            out.wait_carried()
        missing = [
            i.id
            for i in self.corpus.items.values()
            if not os.path.isfile(os.path.join(site_dir, *urls.page_file(i.url).split("/")))
        ]
        if missing:
            raise BuildFailed("以下公开信息没有生成页面，已停止发布：\n" + "\n".join(missing[:20]))
        self.page_problems = []
        if not self.settings.previewing:
            sources, public, base_path, hosts = self._release_inputs()
            scanned = scanner.results() if scanner is not None else None
            if out is not None:  # carried pages: their scans of the last build, if made in the same context
                scanned = out.with_cached_scans(scanned or {}, sources, public, base_path, hosts)
            found = check_release(site_dir, sources, public, base_path, hosts=hosts, scanned=scanned)
            self.page_problems = [str(p) for p in found]

    def gate(self, site_dir: str) -> None:
        """Nothing is published unless every item has its page and the built site passes the release checks:
        links and anchors, foreign hosts, personal information, scripts, complete search bundles (raise
        BuildFailed listing all)."""
        if self.page_problems is None:
            self.check_pages(site_dir)
        lines = list(self.fragment_problems) + self.page_problems
        if not self.settings.previewing:
            lines += self._search_problems(site_dir)
            if lines:
                raise BuildFailed("\n".join(lines) + f"\n生成的网站未通过发布前检查（共 {len(lines)} 处），未发布。")
        elif lines:
            raise BuildFailed("\n".join(lines))
        self.progress.finish()

    # --- after the publish: the manifest of the new release --------------------------------------------------

    def record(self, release_dir: str) -> None:
        """Save the manifest (and the caches) of the release just published, for the next incremental build."""
        if self.outputs is not None:
            try:
                self.outputs.save(os.path.basename(release_dir))
            except OSError as exc:  # the release is published; the next build is simply a full one
                self.log.info(f"未能保存构建清单（下次将完整构建）：{exc}")
            self.log.info(self.outputs.summary())

    # --- the end of a build, whatever happened --------------------------------------------------------------

    def close(self) -> None:
        """Stop what the build started: Pagefind (writing nothing if it was not finished) and the worker process."""
        if self.index_feed is not None:
            feed, self.index_feed = self.index_feed, None
            feed.abort()
        if self.indexing is not None:  # Pagefind is writing (the build failed while rendering): let it finish
            indexing, self.indexing = self.indexing, None
            indexing.result()
        self.page_scanner = None
        if self.outputs is not None and self.outputs.carrier is not None:  # its thread may still be linking files
            with contextlib.suppress(OSError):
                self.outputs.carrier.wait()
        if self.workers is not None:  # idle by now, or its queued work is cancelled: the wait is short
            workers, self.workers = self.workers, None
            workers.shutdown(wait=True, cancel_futures=True)
        if self._frozen:  # what the build held may be collected again (serve builds many times in one process)
            self._frozen = False
            gc.unfreeze()
        self.progress.finish()

    # ---------------------------------------------------------------------------------------------------------

    def _load(self, load):
        """Run a loader of stage 1–3; a ContentError (bad source) stops the build with its report."""
        try:
            return load()
        except ContentError as exc:
            self.progress.finish()
            raise BuildFailed(exc.report(), problems=exc.problems) from None

    def _choose_cluster_site(self) -> None:
        """One site of the 站群: the registries are read here (once), for catalogs/sites.yml."""
        settings = self.settings
        if settings.kiosk.get("enabled"):
            raise BuildFailed(
                f"{os.path.basename(settings.config_file)} 的 gongkai 插件选项 unit："
                "站群网站（unit）与自助终端版（kiosk）不能同时生成"
            )
        self.project = self._load(lambda: load_project(settings.project_root, settings.catalogs_dir))
        self.registry = self.project.registry
        try:
            self.cluster_site = site_build(
                self.registry.cluster, settings.unit, dict(settings.furniture), settings.site_name
            )
        except ContentError as exc:
            raise BuildFailed(exc.report()) from None
        except ValueError as exc:
            raise BuildFailed(f"{os.path.basename(settings.config_file)} 的 gongkai 插件选项 {exc}") from None
        self.site = self.cluster_site.info
        self.site_url, self.site_name = self.cluster_site.base_url, self.cluster_site.site_name

    def _start_workers(self) -> None:
        """One worker process on the second core encodes the items' QR codes (their URLs follow from the
        content tree alone), then scans each rendered page for the release gate. It is forked here, before
        any thread of the build starts. An incremental build encodes only the items it renders, once it knows them."""
        self.close()
        if (os.cpu_count() or 1) >= 2:
            self.workers = start_pool(1)  # started now; a Ctrl+C while it starts leaves no process behind
        if self.incremental:
            return  # only the items to render need their QR codes: choose_outputs hands them over
        self._encode_qr([src_uri for src_uri in walk_content(self.settings.docs_dir) if src_uri.endswith(".md")])

    def _encode_qr(self, src_uris) -> None:
        """Hand the QR codes of the items among `src_uris` to the worker; an item missing here is encoded inline
        when its page asks."""
        item_urls = [self.site_url + urls.src_uri_to_url(src) for src in src_uris if is_item_file(src)]
        self.qr = QrBatch(item_urls, self.workers)

    def _settle(self) -> None:
        """The registry, corpus, plan and fingerprints made so far live until the build ends: gc.freeze() keeps them
        out of the collector's full walks, which otherwise visit every one of those millions of objects again and
        again (a quarter of a one-item rebuild at 20 000 items). close() gives them back to the collector."""
        gc.freeze()
        self._frozen = True

    def _log_problem(self, problem: Problem) -> None:
        if problem.severity == WARNING and problem.code not in ADVISORY:
            self.log.warning(str(problem))
        elif problem.severity in (WARNING, INFO):
            self.log.info(str(problem))

    def _search_problems(self, site_dir: str) -> list[str]:
        """Every search bundle complete, file by file (core/search/verify.py): a site whose search is broken is
        never published."""
        feed = self.written_feed
        if feed is None:
            return []
        lines = []
        for bundle, _period in feed.bundles:
            for problem in bundle_problems(os.path.join(site_dir, *bundle.strip("/").split("/")), feed.reference):
                lines.append(f"{bundle}{problem}（检索索引不完整，网站的搜索将无法使用）")
        return lines

    def _release_inputs(self):
        """(item pages -> their sources, public USCCs, site_url's path, (allowed hosts, own hosts)) of the gate."""
        corpus = self.corpus
        sources = {}
        for item in corpus.items.values():
            fm = corpus.sources.get(item.src_uri)
            raw = fm.data.get("pii_exempt") if fm else None
            exempt = frozenset(
                digits_of(e["value"]) for e in raw or [] if isinstance(e, dict) and isinstance(e.get("value"), str)
            )
            sources[urls.page_file(item.url)] = PageSource(item.path, exempt)
        public = {u.uscc for u in corpus.registry.units.values()}
        base_path = urlsplit(self.site_url or "/").path or "/"
        base_path = base_path if base_path.endswith("/") else base_path + "/"
        own = {urlsplit(self.site_url).hostname} if self.site_url else set()
        hosts = (self.site.external_hosts(), own | self.site.own_hosts())  # a 站群's sites are its own hosts
        return sources, public, base_path, hosts


def _bundle_dir(site_dir: str, bundle: str) -> str:
    return os.path.join(site_dir, *bundle.strip("/").split("/"))


# the manifest and scans of a release being built, in the cache folder until it is published (Outputs.stage)
_PENDING_MANIFEST, _PENDING_SCANS = "manifest.json.pending", "scans.pickle.pending"


class Outputs:
    """An incremental build's choice of what to render afresh and what to carry over from the published release
    (`Build.choose_outputs`; the manifest and its fingerprints are core/publish/incremental.py).

    stale            src_uris the engine renders (every page of a full build)
    carried_statics  dest_uris of copied and generated files linked from the last release (the engine does not
                     write them)
    stale_bundles    the search bundles Pagefind writes; carried_bundles: the others, linked
    deferred         some items are carried: the bundles to write are fed in page order once every item is
                     converted, carried items from the cache of their search elements
    """

    def __init__(self, build: Build, site_dir: str, engine_key: str):
        settings = build.settings
        self.build = build
        self.site_dir = site_dir
        self.folder = incremental.cache_dir(settings.project_root, settings.site_dir)
        self.element_dir = os.path.join(self.folder, "search")
        old = Manifest.load(self.folder)
        self.hashes = incremental.FileHashes(old.files if old else None)
        # templates judge 公示中 / 公示期满 at the as-of date (gk_as_of): a page changes with that state of the items
        # it shows, not with the date, so a new day re-renders only those pages and the pages that print the date
        self.fingerprints = Fingerprints(lambda item: publicity_status(item, build.as_of))
        self.global_key = digest(engine_key, build.global_key(self.hashes, self.fingerprints))
        previous = releases.current_release(settings.site_dir)
        self.previous = None
        self.old: Manifest | None = None
        if not build.incremental:
            self.reason = "--full"
        elif old is None:
            self.reason = "没有上次构建的清单"
        elif previous is None or os.path.basename(previous) != old.release:
            self.reason = "发布目录不是清单记录的版本"
        elif old.global_key != self.global_key:
            self.reason = "模板、配置、catalogs/、gongkai 版本或导航有改动"
        else:
            self.reason = ""
            self.previous, self.old = previous, old
        self.carrier = incremental.Carrier(previous, site_dir) if self.previous else None
        self.pages: list[tuple[str, str]] = []  # (src_uri, dest_uri) in the engine's order
        self.page_fps: dict[str, str | None] = {}  # src_uri -> fingerprint (None: cannot be fingerprinted)
        self.stale: set[str] = set()
        self.static_fps: dict[str, str] = {}
        self.carried_statics: set[str] = set()
        self.bundle_fps: dict[str, str] = {}
        self.pdf_fps: dict[str, str] = {}
        self.stale_bundles: list[tuple[str, str | None]] = []  # (path, period) as in SearchPlan.bundles
        self.carried_bundles: list[str] = []
        self.deferred = False
        self._elements: dict[str, str] = {}  # src_uri -> search element converted in this build
        self._scans: dict = {}
        self._staged: str | None = None  # the release whose manifest and scans are written under pending names

    @classmethod
    def choose(cls, build: Build, site_dir, pages, statics, generated, engine_key: str) -> Outputs:
        out = cls(build, site_dir, engine_key)
        old = out.old
        for src_uri, dest_uri, in_nav in pages:
            out.pages.append((src_uri, dest_uri))
            fp = out.page_fps[src_uri] = build.page_fingerprint(out.fingerprints, src_uri, dest_uri)
            # a page in the nav is always rendered: MkDocs knows the titles of the pages it reads only
            if in_nav or fp is None or old is None or old.pages.get(src_uri) != [dest_uri, fp]:
                out.stale.add(src_uri)
        static_hashes = [(dest_uri, out.hashes.of(path)) for path, dest_uri in statics]
        static_hashes += [(dest_uri, hashlib.sha256(content).hexdigest()) for dest_uri, content in generated.items()]
        for dest_uri, content_hash in static_hashes:
            fp = out.static_fps[dest_uri] = digest(dest_uri, content_hash)
            if old is not None and old.statics.get(dest_uri) == fp and out.carrier.file(dest_uri):
                out.carried_statics.add(dest_uri)
        if build.search_on:
            out._choose_bundles()
        for src_uri, dest_uri in out.pages:
            if src_uri not in out.stale and not out.carrier.file(dest_uri):
                out.stale.add(src_uri)
        if out.carrier is not None:
            out.carrier.start()
        out.deferred = bool(out.stale_bundles) and len(out.stale) < len(out.pages)
        return out

    def _choose_bundles(self) -> None:
        build, old = self.build, self.old
        records = [search_record(book, build.search.synonyms) for book in build.pdf_books()]
        records_fp = digest(repr(records))
        members: dict[str, list[str]] = {path: [] for path, _ in build.search.bundles}
        for src_uri, _dest_uri in self.pages:
            item = build.corpus.by_src_uri(src_uri)
            if item is not None:
                members[build.search.bundle_of(item)].append(src_uri)
        for bundle in build.search.bundles:
            path = bundle[0]
            mine = members[path]
            fp = self.bundle_fps[path] = digest(path, records_fp, *(f"{src}={self.page_fps[src]}" for src in mine))
            if (
                old is not None
                and old.bundles.get(path) == fp
                and all(src not in self.stale for src in mine)
                and self.carrier.tree(path)
            ):
                self.carried_bundles.append(path)
                continue
            self.stale_bundles.append(bundle)
            for src in mine:  # carried items whose search element is not cached are rendered again
                fp = self.page_fps[src]
                if fp is None or not os.path.isfile(os.path.join(self.element_dir, f"{fp}.html")):
                    self.stale.add(src)

    def carry_pdfs(self, books: list[Yibentong], printed: dict[int, str]) -> list[Yibentong]:
        """The 办事一本通 to print: those whose print document changed; the others' PDFs are carried."""
        to_print = []
        for book in books:
            rel = f"{book.url.strip('/')}/{book.pdf_name}".lstrip("/")
            fp = self.pdf_fps[rel] = digest(rel, printed[id(book)])
            old = self.old
            if old is None or old.pdfs.get(rel) != fp or not self.carrier.file(rel):
                to_print.append(book)
        return to_print

    def wait_carried(self) -> None:
        """Every carried file is in the new release (BuildFailed if one could not be linked or copied)."""
        if self.carrier is not None:
            try:
                self.carrier.wait()
            except OSError as exc:
                raise BuildFailed(
                    f"未能沿用上次发布的文件：{exc}。"
                    "修改：检查磁盘空间和发布目录的权限，或运行 gongkai build --full 完整构建"
                ) from None

    def converted(self, src_uri: str, element: str) -> None:
        """An item's search element, as Pagefind is given it: kept for the next build."""
        fp = self.page_fps.get(src_uri)
        if self.deferred:
            self._elements[src_uri] = element
        if fp is not None:
            os.makedirs(self.element_dir, exist_ok=True)
            path = os.path.join(self.element_dir, f"{fp}.html")
            with open(f"{path}.{os.getpid()}", "w", encoding="utf-8") as fh:
                fh.write(element)
            os.replace(f"{path}.{os.getpid()}", path)

    def elements_to_index(self, build: Build):
        """(dest_uri, search element, bundle path) of every item of the bundles to write, in page order."""
        writing = {path for path, _ in self.stale_bundles}
        for src_uri, dest_uri in self.pages:
            item = build.corpus.by_src_uri(src_uri)
            if item is None or build.search.bundle_of(item) not in writing:
                continue
            element = self._elements.get(src_uri)
            if element is None:
                with open(os.path.join(self.element_dir, f"{self.page_fps[src_uri]}.html"), encoding="utf-8") as fh:
                    element = fh.read()
            yield dest_uri, element, build.search.bundle_of(item)

    def with_cached_scans(self, scanned: dict, sources, public, base_path, hosts) -> dict:
        """The gate's scans of carried pages from the last build, when made in the same context."""
        fps = self.fingerprints
        context = digest(
            fps.of(sorted(public)),
            base_path,
            clock.today().isoformat(),
            fps.of([sorted(h) for h in hosts] if hosts else None),
        )
        cache = incremental.load_pickle(os.path.join(self.folder, "scans.pickle"), {}) if self.old else {}
        old_scans = cache.get("scans", {}) if cache.get("context") == context else {}
        scans = {}
        for src_uri, dest_uri in self.pages:
            fp = self.page_fps.get(src_uri)
            if fp is None:
                continue
            key = digest(fp, fps.of(sources.get(dest_uri)))
            if dest_uri in scanned:
                scans[dest_uri] = (key, scanned[dest_uri])
            elif dest_uri in old_scans and old_scans[dest_uri][0] == key:
                scans[dest_uri] = old_scans[dest_uri]
                scanned[dest_uri] = old_scans[dest_uri][1]
        self._scans = {"context": context, "scans": scans}
        return scanned

    def stage(self, release: str) -> None:
        """Write the manifest and the gate's scans of `release` under pending names (a failed build leaves them
        unused), while Pagefind still writes its bundles: `save()` after the publish then only renames them."""
        manifest = Manifest(
            release=release,
            global_key=self.global_key,
            pages={src: [dest, self.page_fps[src]] for src, dest in self.pages if self.page_fps.get(src)},
            statics=self.static_fps,
            bundles=self.bundle_fps,
            pdfs=self.pdf_fps,
            files=self.hashes.seen,
        )
        if self._scans:  # a scan's links are kept resolved only (PageScan.resolved): half the file to write and read
            scans = {
                dest_uri: (key, scan if scan.resolved is None else dataclasses.replace(scan, links=[]))
                for dest_uri, (key, scan) in self._scans["scans"].items()
            }
            incremental.save_pickle(os.path.join(self.folder, _PENDING_SCANS), {**self._scans, "scans": scans})
        manifest.save(self.folder, _PENDING_MANIFEST)
        self._staged = release

    def save(self, release: str) -> None:
        if self._staged != release:  # not staged, or published under another name (core/publish/releases.py)
            self.stage(release)
        if self._scans:
            os.replace(os.path.join(self.folder, _PENDING_SCANS), os.path.join(self.folder, "scans.pickle"))
        os.replace(os.path.join(self.folder, _PENDING_MANIFEST), os.path.join(self.folder, "manifest.json"))
        keep = {f"{fp}.html" for fp in self.page_fps.values() if fp}
        if os.path.isdir(self.element_dir):
            for name in os.listdir(self.element_dir):
                if name not in keep:
                    os.remove(os.path.join(self.element_dir, name))
        report = {
            "incremental": self.old is not None,
            "full_because": self.reason,
            "rendered": sorted(self.stale),
            "carried": len(self.pages) - len(self.stale),
            "indexed_bundles": [path for path, _ in self.stale_bundles],
            "carried_bundles": self.carried_bundles,
        }
        with open(os.path.join(self.folder, "last-build.json"), "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)

    def summary(self) -> str:
        rendered, total = len(self.stale), len(self.pages)
        kind = "增量构建" if self.old is not None else f"完整构建（{self.reason}）"
        line = f"{kind}：重新生成 {rendered} 个页面，沿用上次发布的 {total - rendered} 个"
        if self.stale_bundles or self.carried_bundles:
            line += f"；重建检索索引 {len(self.stale_bundles)} 个，沿用 {len(self.carried_bundles)} 个"
        return line


class _Background:
    """Runs fn(*args) in a thread; result() returns its value or the exception it raised."""

    def __init__(self, fn, *args):
        self._value = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn, args):
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to the caller in result()
            self._value = exc

    def result(self):
        self._thread.join()
        return self._value


def pin_build_time(project_root: str) -> None:
    """Reproducible builds: SOURCE_DATE_EPOCH defaults to the last commit's time, for the build times the
    output embeds; the day content is judged at stays today (GONGKAI_AS_OF; core/base/clock.py)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project_root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return
    if out.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = out
        os.environ.setdefault(clock.AS_OF_ENV, clock.today().isoformat())


def publish_site(engine: Engine, progress: Progress | None = None, *, incremental: bool = True) -> tuple[str, str]:
    """`gongkai build`: build the site into a fresh release directory and publish it atomically.

    `incremental` (the default): re-render only the pages whose inputs changed since the published release and
    carry the rest over (core/publish/incremental.py); False (`gongkai build --full`) renders everything. Both
    record the manifest the next build compares with. Returns (published path, release directory). Raises
    BuildFailed, with the published site untouched."""
    settings = engine.settings
    build = Build(settings, engine.log, progress, incremental=incremental)
    try:
        # 1. Load the project: registries, catalogs, 站群 sites and holidays from catalogs/. Nothing is written.
        build.load()
        # 2. Check every source with gongkai check's checks: any error stops the build before an output exists.
        build.check()
        # 3. Plan the pages: every generated page and its view, open data, feeds, 年报, search bundles.
        build.plan_pages()
        # 4. Render: the engine writes every page into a fresh release directory beside the published site;
        #    items go to Pagefind and written pages to the gate's scanner as they come, on the second core.
        target = settings.site_dir
        os.makedirs(os.path.dirname(target), exist_ok=True)
        build_id, release_dir = releases.new_build_dir(target)
        releases.remove_pruned(target)  # releases the last publish retired go while this one renders
        try:
            engine.render(build, release_dir)
            # 5. Index: wait for Pagefind's bundles (small chunks, byte-stable), count them against the items. Meanwhile
            #    the gate checks the pages: every item has its page; links, anchors, foreign hosts, personal data.
            build.check_pages(release_dir)
            build.finish_index(release_dir, build_id)
            # 6. Gate: what the pages' check found, and complete search bundles.
            build.gate(release_dir)
        except BaseException:
            build.close()  # Pagefind and the worker stop first: nothing may write into the directory once it is gone
            releases.discard(release_dir)
            raise
        # 7. Publish: point the site at the new release with one atomic rename (the last 3 are kept), and record
        #    what it was built from for the next incremental build.
        release = releases.publish(release_dir, build_id, target)
        build.record(release)
        return target, release
    finally:
        build.close()
