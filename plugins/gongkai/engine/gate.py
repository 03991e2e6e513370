"""The build's publication gates: the MkDocs side of gongkai.core.checks and gongkai.core.html_checks.

The plugin calls these from its hooks (kept short there):

* `checked_corpus` (on_pre_build): the same `run_checks` as `gongkai check`, before MkDocs touches
  site_dir; any error stops the build, listing every problem;
* `withhold` (on_files): scheduled items not yet due, and their attachments, are left out;
* `check_fragment` (on_page_content): the rendered content of each page must hold no script,
  embed, event handler or javascript: URL (a second gate behind the Markdown source check);
* `page_scanner` (on_files) and `check_release` (on_post_build, before anything is published): links
  and anchors of the built HTML, foreign hosts, and personal information in the rendered item pages;
  each page is scanned on the second core as soon as it is rendered, the links resolved at the end.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..core.checks.content import ADVISORY, CheckOptions, run_checks
from ..core.checks.release import PageScanner, PageSource, check_release as _check_release, fragment_problems
from ..core.base.clock import as_of_date
from ..core.checks.pii import digits_of
from ..core.base.problems import ERROR, INFO, WARNING, ContentError

log = get_plugin_logger(__name__)


def site_slugify(config):
    """The toc slugify the site renders with (Python-Markdown's default when none is configured)."""
    slugify = (config.mdx_configs.get("toc") or {}).get("slugify")
    if slugify is None:
        from markdown.extensions.toc import slugify
    return slugify


def check_options(plugin_config, config, project_root: str) -> CheckOptions:
    return CheckOptions(index_no_format=plugin_config.index_no_format,
                        attachment_types=tuple(plugin_config.attachment_types),
                        attachment_max_mb=plugin_config.attachment_max_mb,
                        as_of=as_of_date(plugin_config.as_of),  # the day the rest of the build is judged at
                        slugify=site_slugify(config),
                        cache_dir=os.path.join(project_root, ".cache", "gongkai"))


def checked_corpus(plugin, config, registry):
    """Run every source check; raise ContentError on any error, log the rest; return the corpus."""
    result = run_checks(plugin.project_root, config.docs_dir, os.path.join(plugin.project_root, plugin.config.catalogs_dir),
                        check_options(plugin.config, config, plugin.project_root), registry=registry)
    result.raise_for_errors()
    already = set(result.corpus.warnings)  # the plugin logs the corpus' own warnings
    for problem in result.problems:
        if problem in already:
            continue
        if problem.severity == WARNING and problem.code not in ADVISORY:
            log.warning(str(problem))
        elif problem.severity in (WARNING, INFO):
            log.info(str(problem))
    plugin.fragment_problems = []
    return result.corpus


def withhold(files, corpus) -> None:
    """Leave scheduled items (not yet due) and their attachments out of the build."""
    for src_uri in sorted(corpus.withheld_uris):
        f = files.get_file_from_path(src_uri)
        if f is not None:
            files.remove(f)


def check_fragment(plugin, page, html: str) -> None:
    found = fragment_problems(html)
    if found:
        doc = plugin._doc(page.file.src_uri)
        where = doc.path if doc is not None else page.file.src_uri
        plugin.fragment_problems += [f"{where}: {ERROR} HTML-SCRIPT：生成的正文中有{what}。修改：删除它（正文不允许脚本和事件属性）"
                                     for what in found]


def page_scanner(plugin, config, executor) -> PageScanner:
    """The per-page part of the release gate, started before rendering: `executor` scans each page as MkDocs writes it."""
    sources, public, _base_path, hosts = _release_inputs(plugin, config)
    return PageScanner(sources, public, hosts=hosts, executor=executor)


def check_release(plugin, config, scanner: PageScanner | None = None) -> None:
    """Links, anchors and personal information of the built site; raise PluginError listing every problem.

    Under `serve` only the fragment gate applies: a preview is never published, and it leaves out
    what only a real build writes (e.g. the 办事一本通 PDFs its pages link to)."""
    lines = list(getattr(plugin, "fragment_problems", []))
    if getattr(plugin, "command", "build") == "serve":
        if lines:
            raise PluginError("\n".join(lines))
        return
    sources, public, base_path, hosts = _release_inputs(plugin, config)
    scanned = scanner.results() if scanner is not None else None
    lines += [str(p) for p in _check_release(config.site_dir, sources, public, base_path, hosts=hosts, scanned=scanned)]
    if lines:
        raise PluginError("\n".join(lines) + f"\n生成的网站未通过发布前检查（共 {len(lines)} 处），未发布。")


def _release_inputs(plugin, config):
    """(item pages -> their sources, public USCCs, site_url's path, (allowed hosts, own hosts)) of the gate."""
    corpus = plugin.corpus
    sources = {}
    for item in corpus.items.values():
        fm = corpus.sources.get(item.src_uri)
        raw = fm.data.get("pii_exempt") if fm else None
        exempt = frozenset(digits_of(e["value"]) for e in raw or [] if isinstance(e, dict) and isinstance(e.get("value"), str))
        sources[f"{item.url}index.html"] = PageSource(item.path, exempt)
    public = {u.uscc for u in corpus.registry.units.values()}
    base_path = urlsplit(config.site_url or "/").path or "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    own = {urlsplit(config.site_url).hostname} if config.site_url else set()
    hosts = (plugin.site.external_hosts(), own | plugin.site.own_hosts())  # a 站群's sites are its own hosts
    return sources, public, base_path, hosts


__all__ = ["ContentError", "check_fragment", "check_release", "checked_corpus", "page_scanner", "withhold"]
