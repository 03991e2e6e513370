"""The MkDocs plugin: MkDocs' events handed to the pipeline (core/pipeline.py), nothing decided here.

Under `gongkai build` the pipeline has loaded, checked and planned the site before MkDocs starts and gives
the plugin its `Build` (`prepared`); under a plain `mkdocs build` or `mkdocs serve` the plugin runs those
stages itself in `on_pre_build`, and the release gate and index checks at the end, in `on_post_build`.
What only MkDocs can do stays here: the generated pages as MkDocs `File`s, nav sections, the template
environment, rendering a page's search element and the 办事一本通 print document.
"""

from __future__ import annotations

import functools
import os

from jinja2 import pass_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime, get_relative_url

from .. import TEMPLATES_DIR
from ..core.model import urls
from ..core.pipeline import Build, BuildFailed
from ..core.publish.incremental import FileHashes, digest, engine_versions
from ..core.site.views import section_key
from .compat import engine_problems
from .config import GongkaiConfig, settings_of
from .markdown_ext import GongkaiMarkdown

log = get_plugin_logger(__name__)


def _reported(hook):
    """A BuildFailed inside a hook becomes MkDocs' PluginError (shown, then Abort) under a plain mkdocs build;
    under gongkai build it goes up to the pipeline as it is."""

    @functools.wraps(hook)
    def run(self, *args, **kwargs):
        try:
            return hook(self, *args, **kwargs)
        except BuildFailed as exc:
            if self.prepared is not None:
                raise
            raise PluginError(str(exc)) from None

    return run


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    """The `gongkai` plugin of mkdocs.yml."""

    command: str = "build"  # build | serve | gh-deploy (on_startup runs under the mkdocs CLI only)
    prepared: Build | None = None  # set by gongkai build (engine/build.py) with stages 1–3 done
    build: Build | None = None  # the build in progress, prepared or the plugin's own
    project_root: str = ""
    env = None  # MkDocs' template environment, with gongkai's globals (on_env)
    search_env = None  # the same globals on a second environment, for search elements rendered before on_env

    def on_startup(self, *, command, dirty):
        self.command = command

    @_reported
    def on_config(self, config):
        if not self.config.enabled:
            return config
        problems = engine_problems()  # MkDocs 2 or another Material would fail somewhere inside a hook
        if problems:
            raise PluginError("\n".join(problems))
        # After the site's custom_dir, before Material: our partials shadow Material's, the site's shadow ours.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES_DIR)
        if self.config.kiosk.enabled:  # the kiosk layer shadows some of our templates
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, os.path.join(TEMPLATES_DIR, "kiosk"))
        self.project_root = os.path.dirname(os.path.abspath(config.config_file_path))
        if not any(isinstance(e, GongkaiMarkdown) for e in config.markdown_extensions):
            config.markdown_extensions.append(GongkaiMarkdown())  # CJK line breaks, 落款 (engine/markdown_ext.py)
        if self.prepared is not None:
            self.build = self.prepared
            return config
        self._close()
        self.build = Build(settings_of(config, previewing=self.command == "serve"), log)
        if self.build.cluster_site:  # one site of the 站群: its own URL and name
            config.site_url, config.site_name = self.build.site_url, self.build.site_name
        return config

    @_reported
    def on_pre_build(self, *, config):
        """Stages 1–3 before MkDocs empties site_dir, so bad content publishes nothing (done already under
        gongkai build)."""
        if not self.config.enabled or self.prepared is not None:
            return
        self.build.load()
        self.build.check()
        self.build.plan_pages()

    @event_priority(-50)  # late, so other plugins' files are known first and can shadow generated pages
    @_reported
    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        build = self.build
        for src_uri in sorted(build.corpus.withheld_uris):  # scheduled items not yet due, and their attachments
            f = files.get_file_from_path(src_uri)
            if f is not None:
                files.remove(f)
        for f in files.documentation_pages():
            if f.src_uri in build.corpus.pages:
                if f.src_uri in build.plan.generated:  # a unit's hand-written 指南/制度/依申请公开 text
                    f.inclusion = InclusionLevel.NOT_IN_NAV
                continue
            if build.corpus.by_src_uri(f.src_uri) is None:  # the corpus read every .md; anything else is a bug
                raise PluginError(f"内部错误：{f.src_uri} 未经检查，已停止构建以免发布未检查的文件")
            f.inclusion = InclusionLevel.NOT_IN_NAV
        for src_uri in build.plan.generated:
            if files.get_file_from_path(src_uri) is None:  # a hand-written page at the same path wins
                # NOT_IN_NAV keeps thousands of list pages out of the nav; mkdocs.yml's nav may still name some.
                files.append(
                    File.generated(
                        config,
                        src_uri,
                        content="",  # no toc: the templates render the h1
                        inclusion=InclusionLevel.NOT_IN_NAV,
                    )
                )
        for src_uri, text in build.plan.data_files.items():  # open data (catalog CSV/JSON)
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=text))
        build.start_rendering(config.site_dir, len(files.documentation_pages()))
        if build.search_on:  # also when choose_outputs starts Pagefind (gongkai build), after on_nav
            self.search_env = self._prepare_env(config.theme.get_env())  # MkDocs' own comes after conversion
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
        if self.build.incremental is not None:  # gongkai build: render only what changed (engine/build.py)
            self._choose_outputs(nav, files, config)
        if self.config.enabled:  # every page, also those a dirty build does not read again: sitemap.xml lists them all
            for f in files.documentation_pages():
                if f.page is not None:
                    self._set_lastmod(f.page)
        return nav

    def _set_lastmod(self, page) -> None:
        """sitemap.xml's <lastmod> (templates/sitemap.xml): the page's own date, or none."""
        view = self.build.view(page.file.src_uri)
        lastmod = view.lastmod if view is not None else None
        page.meta["gk_lastmod"] = lastmod.isoformat() if lastmod else ""

    def on_page_read_source(self, *, page, config):
        """Hand MkDocs the body only: front matter was parsed (strictly) by the core already."""
        body = self.build.page_source(page.file.src_uri) if self.config.enabled else None
        return None if body is None else "\n" + body  # leading blank line: MkDocs must find no metadata

    def on_page_markdown(self, markdown, *, page, config, files):
        view = self.build.view(page.file.src_uri) if self.config.enabled else None
        if view is not None:
            page.meta["title"] = view.title if view.kind != "home" else config.site_name
            page.meta.setdefault("template", view.template)
        if self.config.enabled:  # reading the page replaced its meta: set again what on_nav set
            self._set_lastmod(page)
        return markdown

    @_reported
    def on_env(self, env, *, config, files):
        if not self.config.enabled:
            return env
        self.env = self._prepare_env(env)  # the 办事一本通 print documents are rendered after the pages
        self.build.every_page_converted()  # Pagefind writes while MkDocs renders
        return env

    @event_priority(-100)  # last: Pagefind gets the content exactly as the page will hold it
    def on_page_content(self, html, *, page, config, files):
        if self.config.enabled:
            self.build.page_converted(
                page.file.src_uri, page.file.dest_uri, html, lambda: self._search_element(page, html, config)
            )
        return html

    def on_page_context(self, context, *, page, config, nav):
        context["gk"] = self.build.view(page.file.src_uri) if self.config.enabled else None
        return context

    @event_priority(-100)  # last: the release gate scans the page exactly as it is written
    def on_post_page(self, output, *, page, config):
        if not self.config.enabled:
            return output
        return self.build.page_written(page.file.dest_uri, page.url, valid_material_markup(output))

    def on_post_template(self, output_content, *, template_name, config):
        if not self.config.enabled:
            return output_content
        return self.build.template_written(template_name, valid_material_markup(output_content))

    @_reported
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        build = self.build
        build.finish_rendering(config.site_dir, self._render_book)
        if self.prepared is None:  # a plain mkdocs build: stages 5 and 6 here, and no atomic publish
            try:
                build.check_pages(config.site_dir)
                build.finish_index(config.site_dir)
                build.gate(config.site_dir)
            finally:
                self._close()
            if self.command != "serve":
                log.info(
                    "mkdocs build 直接写入 site_dir：构建中途失败时不保留原有网站。"
                    "发布请用 gongkai build（先生成到新目录，全部检查通过后才原子地切换）。"
                )

    def on_build_error(self, *, error):
        if self.prepared is None:
            self._close()

    def on_shutdown(self):
        self._close()

    def on_serve(self, server, *, config, builder):
        server.watch(os.path.join(self.project_root, self.config.catalogs_dir))
        return server

    # ---------------------------------------------------------------------------------------------

    def _choose_outputs(self, nav, files, config) -> None:
        """Tell MkDocs, file by file, what to render and copy (it runs in dirty mode: engine/build.py); the
        pipeline has linked everything else from the published release into site_dir already."""
        in_nav = {page.file.src_uri for page in nav.pages}
        pages = [(f.src_uri, f.dest_uri, f.src_uri in in_nav) for f in files.documentation_pages()]
        statics, generated = [], {}
        for f in files:
            if f.is_documentation_page():
                continue
            if f.generated_by is None and f.abs_src_path:
                statics.append((f.abs_src_path, f.dest_uri))
            elif f.abs_src_path is None:  # generated with its content (open data): carried when that is unchanged
                generated[f.dest_uri] = f.content_bytes
        out = self.build.choose_outputs(config.site_dir, pages, statics, generated, engine_key(config, nav))
        for f in files:
            if f.is_documentation_page():
                f.is_modified = _constant(f.src_uri in out.stale)
            elif f.dest_uri in out.carried_statics:
                f.is_modified = _constant(False)

    def _close(self) -> None:
        if self.build is not None and self.build is not self.prepared:
            build, self.build = self.build, None
            build.close()

    def _prepare_env(self, env):
        """gongkai's globals and filters, on MkDocs' template environment (on_env) or on the one the search
        elements are rendered with while pages are still converted, before on_env (on_files)."""
        build = self.build
        env.globals["gk_site"] = build.site  # also for static templates such as 404.html
        env.globals["gk_as_of"] = build.as_of  # 公示中 / 公示期满 are judged at this date
        env.filters["gk_qr"] = build.qr.svg  # print-only QR code of an item's canonical URL
        env.globals["gk_search"] = build.search  # synonyms to index, lookup shards, Pagefind bundles
        env.globals["gk_kiosk"] = build.kiosk  # the kiosk profile, or None
        env.globals["gk_urls"] = urls  # the URL scheme (core/model/urls.py)
        if build.cluster_site:  # links to another site's units become absolute links to that site
            env.filters["url"] = _cluster_url_filter(env.filters["url"], build.cluster_site.foreign_url)
        return env

    def _search_element(self, page, html, config) -> str:
        """The item's gongkai/partials/item_index.html on its own, as its page will include it (item.html)."""
        page.content = html  # what MkDocs sets it to after this hook
        return self.search_env.get_template("gongkai/partials/item_index.html").render(
            page=page, config=config, base_url=get_relative_url(".", page.url), gk=self.build.view(page.file.src_uri)
        )

    def _render_book(self, book, base_url: str) -> str:
        """The 办事一本通 print document of `book` (core/site/yibentong.py prints it with WeasyPrint)."""
        return self.env.get_template("gongkai/yibentong_print.html").render(
            book=book, css=_guides_css(), base_url=base_url
        )


# Material's base.html writes autocomplete="off" on its two hidden checkboxes (so Firefox does not restore an open
# drawer on "back"); HTML allows autocomplete only on text-like inputs, so every page was invalid. The lines are
# outside any template block, so they are corrected in the output (tests/test_html_validity.py).
_MATERIAL_TOGGLES = tuple(
    (f'type="checkbox" id="{name}" autocomplete="off">', f'type="checkbox" id="{name}">')
    for name in ("__drawer", "__search")
)


def valid_material_markup(html: str) -> str:
    """A page as Material renders it, minus the markup HTML does not allow (see _MATERIAL_TOGGLES)."""
    for wrong, right in _MATERIAL_TOGGLES:
        html = html.replace(wrong, right, 1)
    return html


def _constant(value: bool):
    return lambda: value


def engine_key(config, nav) -> str:
    """What the engine adds to an incremental build's global key (core/publish/incremental.py): mkdocs.yml, the
    project's theme files (site-packages are covered by the versions), the engine's versions and the nav."""
    hashes = FileHashes()
    theme = [hashes.tree(d) for d in config.theme.dirs if "site-packages" not in d and os.path.isdir(d)]
    return digest(
        hashes.of(config.config_file_path),
        *theme,
        engine_versions("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pagefind"),
        _nav_key(nav.items),
        _build_day(config.theme.dirs),
    )


def _build_day(theme_dirs) -> str:
    """MkDocs' build date (SOURCE_DATE_EPOCH, which `gongkai build` sets to the last commit's time), by the day, if a
    theme template prints it (`build_date_utc`; Material and gongkai's templates do not). Otherwise nothing: the
    first commit of a day must not make the build a full one."""
    for folder in theme_dirs:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                if name.endswith(".html"):
                    with open(os.path.join(root, name), encoding="utf-8", errors="replace") as fh:
                        if "build_date_utc" in fh.read():
                            return get_build_datetime().date().isoformat()
    return ""


def _nav_key(items) -> str:
    parts = []
    for item in items:
        children = getattr(item, "children", None)
        file = getattr(item, "file", None)
        parts.append(
            f"{type(item).__name__}|{item.title}|{getattr(item, 'url', '')}|{file.src_uri if file else ''}|"
            + (_nav_key(children) if children else "")
        )
    return digest(*parts)


@functools.lru_cache(maxsize=1)
def _guides_css() -> str:
    with open(os.path.join(TEMPLATES_DIR, "assets", "gongkai", "guides.css"), encoding="utf-8") as fh:
        return fh.read()


def _sections_by_index(nav) -> dict[str, Section]:
    """Nav sections keyed by the section_key of the index page they hold (e.g. units/index.md -> units)."""
    found = {}
    for page in nav.pages:
        if isinstance(page.parent, Section):
            found.setdefault(section_key(page.file.src_uri), page.parent)
    return found


def _cluster_url_filter(url_filter, foreign_url):
    """MkDocs' `url` filter, except that a path on another site of the 站群 becomes an absolute URL there."""

    @pass_context
    def url(context, value):
        return foreign_url(str(value)) or url_filter(context, value)

    return url
