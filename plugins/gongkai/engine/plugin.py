"""The MkDocs adapter: a thin layer between MkDocs events and gongkai.core.

Everything that decides what the site contains lives in gongkai.core (no
MkDocs imports there), so the same content model can drive another engine.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import TEMPLATES_DIR
from . import gate
from .config import GongkaiConfig
from ..core.base import progress
from ..core.site.cluster import absolute_links, site_build, site_corpus
from ..core.sources.columns import load_columns
from ..core.sources.corpus import is_item_file, load_corpus, walk_content
from ..core.site.yibentong import books_of, print_books, search_record
from ..core.site.feeds import write_feeds, write_items_json
from ..core.site.kiosk import add_kiosk_pages, kiosk_profile, rewrite_page
from ..core.base.clock import as_of_date
from ..core.site.nianbao import load_site_annual_reports, plan_annual_reports
from ..core.base.problems import ContentError
from ..core.site.platform import plan_public
from ..core.site.qr import QrBatch
from ..core.sources.registry import load_registry
from ..core.search.index import IndexFeed, PagefindNotFound, plan_search, yield_to_rendering
from ..core.sources.furniture import site_info
from ..core.model import urls
from ..core.site.plan import item_view, plan_site
from ..core.site.views import HandwrittenView, PageView, section_key



class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    command = "build"  # on_startup only runs under the mkdocs CLI; in-process builds keep this
    kiosk = None  # the kiosk profile (core.kiosk.KioskProfile) of a kiosk build

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        if not self.config.enabled:
            return config
        # After the site's custom_dir, before Material: our partials shadow Material's, the site's shadow ours.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES_DIR)
        if self.config.kiosk.enabled:  # the kiosk layer shadows some of our templates
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, os.path.join(TEMPLATES_DIR, "kiosk"))
        self.project_root = os.path.dirname(os.path.abspath(config.config_file_path))
        self.corpus = self.plan = self.search = None
        self.index_feed = None  # Pagefind, fed items as their Markdown is converted (core/search.py IndexFeed)
        self.indexing = None  # (Pagefind writing its index in the background, PDF records it was given), from on_env
        self.page_scanner = None  # the release gate's per-page scan, fed the same way (core/html_checks.py)
        self.workers = None  # the worker process of QR codes and page scans (on_files)
        self._item_views = {}
        self.qr = QrBatch([])
        self.registry = self.cluster_site = None
        try:
            self.as_of = as_of_date(self.config.as_of)
        except ValueError as exc:  # the message names the option or the environment variable
            raise PluginError(str(exc))
        try:
            self.site = site_info(dict(self.config.site), os.path.basename(config.config_file_path))
            self.kiosk = kiosk_profile(dict(self.config.kiosk))  # None unless a kiosk build (docs/kiosk.md)
            if self.config.unit:  # one site of the 站群 (docs/cluster.md): its own URL, name and furniture
                self._config_cluster_site(config)
        except ContentError as exc:
            raise PluginError(exc.report())
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml 的 gongkai 插件选项 {exc}")
        return config

    def on_pre_build(self, *, config):
        """Load and validate everything before MkDocs empties site_dir, so bad content publishes nothing."""
        if not self.config.enabled:
            return
        progress.current.phase("读取并检查内容")
        self._start_workers(config)  # item QR codes are encoded on the second core while this one reads and checks
        try:
            registry = self.registry or load_registry(os.path.join(self.project_root, self.config.catalogs_dir), self.project_root)
            self.registry = None  # a serve rebuild reads the registries again
            whole = self.corpus = gate.checked_corpus(self, config, registry)  # the same checks as gongkai check
            if self.cluster_site:  # only the site's units; the whole repository was checked
                self.corpus = site_corpus(whole, self.cluster_site.units)
            self.columns = load_columns(registry, self.project_root)  # 专题专栏 (catalogs/columns.yml)
            self.search = plan_search(self.corpus.items.values(), os.path.join(self.project_root, self.config.catalogs_dir),
                                      self.config.catalogs_dir, self.config.search_split)
            self.plan = plan_site(self.corpus, self.as_of, self.config.listing_page_size)  # may raise: catalog coverage
            self.annual = load_site_annual_reports(whole, os.path.join(self.project_root, self.config.catalogs_dir),
                                                   self.project_root)  # 年报 ledgers (catalogs/ledgers/)
            self.annual = {k: r for k, r in self.annual.items() if self.corpus.registry.in_site(r.unit)}
        except ContentError as exc:
            progress.current.finish()
            raise PluginError(exc.report())
        for problem in self.corpus.warnings:
            log.warning(str(problem))
        self.feeds = plan_public(self.corpus, self.plan, self.columns, self.config.listing_page_size)
        plan_annual_reports(self.plan, self.annual, self.as_of)  # 年报 pages in each unit's 年报 column
        if self.kiosk:
            add_kiosk_pages(self.plan, self.corpus)  # <level>/ pages of unit tiles
        progress.current.phase(f"已读取 {len(self.corpus.items)} 条公开信息，生成页面")

    @event_priority(-50)  # late, so other plugins' files are known first and can shadow generated pages
    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        gate.withhold(files, self.corpus)  # scheduled items not yet due
        for f in files.documentation_pages():
            if f.src_uri in self.corpus.pages:
                if f.src_uri in self.plan.generated:  # a unit's hand-written 指南/制度/依申请公开 text
                    f.inclusion = InclusionLevel.NOT_IN_NAV
                continue
            if self.corpus.by_src_uri(f.src_uri) is None:  # load_corpus read every .md; anything else is a bug
                raise PluginError(f"内部错误：{f.src_uri} 未经检查，已停止构建以免发布未检查的文件")
            f.inclusion = InclusionLevel.NOT_IN_NAV
        for src_uri, view in self.plan.generated.items():
            if files.get_file_from_path(src_uri) is None:  # a hand-written page at the same path wins
                # NOT_IN_NAV keeps thousands of list pages out of the nav; mkdocs.yml's nav may still name some.
                files.append(File.generated(config, src_uri, content="",  # no toc: the templates render the h1
                                            inclusion=InclusionLevel.NOT_IN_NAV))
        for src_uri, text in self.plan.data_files.items():  # open data (catalog CSV/JSON)
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=text))
        if self.command != "serve":  # a preview is never published: no release gate (gate.check_release)
            self.page_scanner = gate.page_scanner(self, config, self.workers)
        if self.config.search_enabled and (self.command != "serve" or self.config.search_in_serve):
            try:
                self.index_feed = IndexFeed(config.site_dir, self.search)
            except PagefindNotFound as exc:
                raise PluginError(str(exc))
            self.search_env = self._prepare_env(config.theme.get_env())  # MkDocs' own comes after conversion
        progress.current.phase("渲染页面", len(files.documentation_pages()))
        return files

    @event_priority(-50)
    def on_nav(self, nav, *, config, files):
        """Attach items and list pages to their nav section (for the active tab), without listing them."""
        if not self.config.enabled:
            return nav
        sections = _sections_by_index(nav)
        for f in files.documentation_pages():
            section = sections.get(section_key(f.src_uri))
            if section is not None and f.inclusion.is_not_in_nav():
                (f.page or Page(None, f, config)).parent = section  # build() reuses f.page
        return nav

    def on_page_read_source(self, *, page, config):
        """Hand MkDocs the body only: front matter was parsed (strictly) by the core already."""
        doc = self._doc(page.file.src_uri)
        if doc is None:
            return None
        body = absolute_links(doc.body, doc.src_uri, self.cluster_site.foreign_url) if self.cluster_site else doc.body
        return "\n" + body  # leading blank line: MkDocs must find no metadata

    def on_page_markdown(self, markdown, *, page, config, files):
        view = self._view(page.file.src_uri)
        if view is not None:
            page.meta["title"] = view.title if view.kind != "home" else config.site_name
            page.meta.setdefault("template", view.template)
        return markdown

    def on_env(self, env, *, config, files):
        self.env = self._prepare_env(env)  # the 办事一本通 print documents are rendered after the pages (on_post_build)
        if self.index_feed is not None:
            # Every item's Markdown is converted and in Pagefind by now (on_page_content): Pagefind writes its index
            # (a separate process) while MkDocs renders the pages and the release gate checks them. A failed build
            # discards the whole release directory, index included, so nothing unchecked is served.
            records = [search_record(book) for book in self._pdf_books()]  # the 办事一本通 PDFs printed at the end
            self.indexing = _Background(self.index_feed.finish, records), len(records)
            self.index_feed = None
        return env

    def _prepare_env(self, env):
        """gongkai's globals and filters, on MkDocs' template environment (on_env) or on the one the search
        elements are rendered with while pages are still converted, before on_env (on_files)."""
        env.globals["gk_site"] = self.site  # also for static templates such as 404.html
        env.globals["gk_as_of"] = self.as_of  # 公示中 / 公示期满 are judged at this date
        env.filters["gk_qr"] = self.qr.svg  # print-only QR code of an item's canonical URL
        env.globals["gk_search"] = self.search  # synonyms to index, lookup shards, Pagefind bundles
        env.globals["gk_kiosk"] = self.kiosk  # the kiosk profile, or None
        env.globals["gk_urls"] = urls  # the URL scheme (core/model/urls.py)
        if self.cluster_site:  # links to another site's units become absolute links to that site
            env.filters["url"] = _cluster_url_filter(env.filters["url"], self.cluster_site.foreign_url)
        return env

    @event_priority(-100)  # last: Pagefind gets the content exactly as the page will hold it
    def on_page_content(self, html, *, page, config, files):
        gate.check_fragment(self, page, html)  # no script/on*=/javascript: in the rendered content
        item = self.corpus.by_src_uri(page.file.src_uri) if self.index_feed else None
        if item is not None:  # MkDocs renders pages only once every page's Markdown is converted: start now
            self.index_feed.add(page.file.dest_uri, self._search_element(page, html, config), item.year)
        return html

    def on_page_context(self, context, *, page, config, nav):
        context["gk"] = self._view(page.file.src_uri)
        return context

    @event_priority(-100)  # last: the release gate scans the page exactly as it is written
    def on_post_page(self, output, *, page, config):
        progress.current.advance()
        if self.kiosk:
            output = rewrite_page(output, page.url, config.site_url)  # links out -> QR codes
        if self.page_scanner is not None:
            self.page_scanner.add(page.file.dest_uri, output)
        return output

    def on_post_template(self, output_content, *, template_name, config):
        return rewrite_page(output_content, "", config.site_url) if self.kiosk and template_name.endswith(".html") else output_content

    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        self._check_every_item_written(config.site_dir)
        base_url = config.site_url or self.site.base_url
        write_feeds(config.site_dir, self.feeds, self.site.name, self.site.host, base_url, self.as_of)
        write_items_json(config.site_dir, self.corpus.items.values(), self.site.name, base_url, self.as_of)
        self._print_yibentong(config.site_dir, base_url)  # before the gate: pages link the PDFs
        progress.current.phase("检查发布内容并写出中文检索索引")
        try:
            scanner, self.page_scanner = self.page_scanner, None
            gate.check_release(self, config, scanner)  # links, anchors, personal information
        finally:
            indexing, self.indexing = self.indexing, None
            self._stop_feeds()  # the worker process has nothing left to do
            indexed = indexing[0].result() if indexing else None
        if indexing:
            if isinstance(indexed, PagefindNotFound):
                raise PluginError(str(indexed))
            if isinstance(indexed, BaseException):
                raise indexed
            if self.corpus.items and indexed != len(self.corpus.items) + indexing[1]:
                raise PluginError(f"检索索引收录了 {indexed} 个页面，而公开信息共 {len(self.corpus.items)} 条：索引不完整，已停止发布")
        progress.current.finish()

    def on_build_error(self, *, error):
        self._stop_feeds()

    def on_shutdown(self):
        self._stop_feeds()

    def on_serve(self, server, *, config, builder):
        server.watch(os.path.join(self.project_root, self.config.catalogs_dir))
        return server

    # ---------------------------------------------------------------------------------------------

    def _config_cluster_site(self, config) -> None:
        """Build one site of the 站群: the registries are read here (once) for catalogs/sites.yml."""
        if self.config.kiosk.enabled:
            raise ValueError("unit：站群网站（unit）与自助终端版（kiosk）不能同时生成")
        self.registry = load_registry(os.path.join(self.project_root, self.config.catalogs_dir), self.project_root)
        self.cluster_site = site_build(self.registry.cluster, self.config.unit, dict(self.config.site), config.site_name)
        self.site = self.cluster_site.info
        config.site_url, config.site_name = self.cluster_site.base_url, self.cluster_site.site_name

    def _stop_feeds(self):
        """Stop what a build left running: Pagefind (writing nothing, if it was not finished) and the worker process."""
        if self.index_feed is not None:
            feed, self.index_feed = self.index_feed, None
            feed.abort()
        if self.indexing is not None:  # Pagefind is writing (the build failed while rendering): let it finish
            indexing, self.indexing = self.indexing, None
            indexing[0].result()
        self.page_scanner = None
        if self.workers is not None:
            workers, self.workers = self.workers, None
            workers.shutdown(wait=False, cancel_futures=True)

    def _search_element(self, page, html, config) -> str:
        """The item's gongkai/partials/item_index.html on its own, as its page will include it (item.html)."""
        page.content = html  # what MkDocs sets it to after this hook
        element = self.search_env.get_template("gongkai/partials/item_index.html").render(
            page=page, config=config, base_url=get_relative_url(".", page.url), gk=self._view(page.file.src_uri))
        return rewrite_page(element, page.url, config.site_url) if self.kiosk else element

    def _doc(self, src_uri):
        return self.corpus.by_src_uri(src_uri) or self.corpus.pages.get(src_uri)

    def _view(self, src_uri) -> PageView | None:
        item = self.corpus.by_src_uri(src_uri)
        if item is not None:  # asked for twice per page (markdown, context): build it once
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

    def _start_workers(self, config):
        """MkDocs reads, converts and renders on one core. One worker process on the second core encodes the
        items' QR codes (their URLs follow from the content tree alone), then scans each rendered page for the
        release gate (on_files). It is forked here, before any thread of the build starts."""
        self._stop_feeds()
        self.workers = ProcessPoolExecutor(max_workers=1, initializer=yield_to_rendering) if (os.cpu_count() or 1) >= 2 else None
        if self.workers is not None:
            self.workers.submit(int).result()  # start it now
        self.qr = QrBatch(_item_urls(config), self.workers)  # an item missing here is encoded when its page asks

    def _pdf_books(self) -> list:
        """The 办事一本通 this build prints to PDF (none under serve)."""
        if not self.config.yibentong_pdf or self.command == "serve":
            return []
        return books_of(self.plan.generated)

    def _print_yibentong(self, site_dir, base_url) -> None:
        """Print each 办事一本通 to PDF (their search records went to Pagefind in on_env)."""
        books = self._pdf_books()
        if not books:
            return
        progress.current.phase(f"印制办事一本通 PDF（{len(books)} 册）")
        template = self.env.get_template("gongkai/yibentong_print.html")
        with open(os.path.join(TEMPLATES_DIR, "assets", "gongkai", "guides.css"), encoding="utf-8") as fh:
            css = fh.read()
        done = print_books(books, lambda book: template.render(book=book, css=css, base_url=base_url), site_dir)
        log.info(f"办事一本通 PDF {done['pdfs']} 册、共 {done['pages']} 页，用时 {done['seconds']:.1f} 秒")

    def _check_every_item_written(self, site_dir):
        missing = [i.id for i in self.corpus.items.values()
                   if not os.path.isfile(os.path.join(site_dir, *i.url.split("/"), "index.html"))]
        if missing:
            raise PluginError("以下公开信息没有生成页面，已停止发布：\n" + "\n".join(missing[:20]))


def _item_urls(config) -> list[str]:
    """Canonical URLs of the item pages, from file names only (before any file is read)."""
    return [config.site_url + File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls).url
            for src_uri in walk_content(config.docs_dir) if src_uri.endswith(".md") and is_item_file(src_uri)]


def _sections_by_index(nav) -> dict[str, Section]:
    """Nav sections keyed by the section_key of the index page they hold (e.g. units/index.md -> units)."""
    found = {}
    for page in nav.pages:
        if isinstance(page.parent, Section):
            found.setdefault(section_key(page.file.src_uri), page.parent)
    return found


def _cluster_url_filter(url_filter, foreign_url):
    """MkDocs' `url` filter, except that a path on another site of the 站群 becomes an absolute URL there."""
    from jinja2 import pass_context

    @pass_context
    def url(context, value):
        return foreign_url(str(value)) or url_filter(context, value)
    return url


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


log = get_plugin_logger(__name__)
