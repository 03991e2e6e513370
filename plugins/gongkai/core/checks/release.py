"""Checks on the built site, run before it is published (no MkDocs imports).

`check_release(release_dir, …)` reads every built HTML page once and reports

* internal links and ``#anchors`` that do not resolve (``href``/``src`` resolved against the
  release directory; a directory URL needs its ``index.html``; the fragment must be an ``id`` or
  ``<a name>`` of the target page). MkDocs' own validation skips anchors at some log levels
  (MkDocs validates only the links of Markdown it renders), and templates add links MkDocs never validates;
* personal information in the rendered text of item pages (templates and plugins can add text that
  is not in the Markdown), with the item's own reviewed exemptions.

`fragment_problems(html)` is the second gate on raw HTML: it looks at the *rendered* content of a
page for ``<script>``, embeds, ``on…=`` attributes and ``javascript:`` URLs.

Tags are found with a tolerant regular-expression scanner rather than `html.parser` (on 1,452 built
pages 0.56 s against 4.1 s, which matters at 20,000 items), in one pass that skips comments and the
contents of ``<script>``/``<style>``/``<template>`` and stops only at tags carrying an attribute of
interest. Attribute values are entity-decoded and accept double, single or no quotes, so the result
is the same for the well-formed output MkDocs writes. `scan_page` is the per-page half, which the
build runs in a worker process while pages are rendered (`PageScanner`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import os
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..base import clock
from . import pii
from .external import CSS_URL_RE, ExternalRefCollector, external_host

_SKIP_RE = re.compile(r"<!--.*?-->|(<(script|style|template)\b[^>]*>).*?</\2\s*>", re.S | re.I)
_ATTR_RE = re.compile(r"""([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_TEXT_TAG_RE = re.compile(r"<[^>]+>")
_LINK_ATTRS = {"href", "src"}
_WANTED = r"(?:id|name|href|src|srcset|style|poster|data|action|formaction|background)"
_WANTED_ATTR_RE = re.compile(rf"\s{_WANTED}\s*=", re.I)
# One pass over a page: comments (skipped), <script>/<style>/<template> blocks, and only the tags that carry
# an attribute of interest. Most tags hold only class/aria/data-* and are passed over inside the regex engine.
_SCAN = (
    r"<!--.*?-->"
    r"|<(script|style|template)\b([^>]*)>(.*?)</\1\s*>"
    rf"|<([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^>]*)?\s{_WANTED}\s*=[^>]*)>"
)
_SCAN_RE, _SCAN_ANY_CASE_RE = re.compile(_SCAN, re.S), re.compile(_SCAN, re.S | re.I)
_UPPER_CASE_MARKUP_RE = re.compile(r"</?[A-Z]|\s[A-Z][\w-]*\s*=")  # re.I makes the scan ~40 % slower: only when needed


@dataclasses.dataclass(frozen=True)
class ReleaseProblem:
    page: str  # built file, relative to the release dir
    code: str
    message: str
    fix: str
    source: str | None = None  # the content file the page was made from, when known

    def __str__(self) -> str:
        where = self.source or self.page
        made = f"（生成的页面 {self.page}）" if self.source else ""
        return f"{where}: 错误 {self.code}：{self.message}{made}。修改：{self.fix}"


@dataclasses.dataclass
class PageSource:
    """What the release check knows about the page of one item."""

    path: str  # the item's file, relative to the project root
    exempt: frozenset[str]  # digits of its reviewed pii_exempt values


def _attrs(raw: str | None) -> dict[str, str]:
    found = {}
    if raw:
        for m in _ATTR_RE.finditer(raw):
            value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            found.setdefault(m.group(1).lower(), html.unescape(value) if value else "")
    return found


@functools.lru_cache(maxsize=100_000)
def _tag_info(tag: str, raw: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple]:
    """(ids, links, external refs) of one tag; cached, since the page chrome repeats on every page."""
    attrs = _attrs(raw)
    ids = tuple(v for k, v in attrs.items() if k == "id" or (k == "name" and tag == "a"))
    links = tuple((k, attrs[k]) for k in ("href", "src") if k in attrs)
    collector = ExternalRefCollector()
    collector.handle_starttag(tag, list(attrs.items()))
    return ids, links, tuple(collector.found)


def _scan_page(text: str, collector: ExternalRefCollector | None = None) -> tuple[set[str], list[tuple[str, str]]]:
    """(ids, [(attr, url)]) of one page; external references go to `collector.found` (external.py's rules)."""
    ids: set[str] = set()
    links: list[tuple[str, str]] = []
    for m in (_SCAN_ANY_CASE_RE if _UPPER_CASE_MARKUP_RE.search(text) else _SCAN_RE).finditer(text):
        block = m.group(1)
        if block is not None:  # <script>/<style>/<template>: its own attributes count, its body does not
            if collector is not None and block.lower() == "style":
                collector._css(m.group(3), "style")
            tag, raw = block.lower(), m.group(2)
            if not raw or not _WANTED_ATTR_RE.search(raw):
                continue
        elif m.group(4) is not None:
            tag, raw = m.group(4).lower(), m.group(5)
        else:
            continue  # a comment
        tag_ids, tag_links, found = _tag_info(tag, raw)
        ids.update(tag_ids)
        links += tag_links
        if collector is not None and found:
            collector.found += found
    return ids, links


def _resolve_links(page: str, links: list[tuple[str, str]], base_path: str) -> list[tuple[str, str, str, str]]:
    """(attr, url, target, fragment) of each distinct link of `page` that points into the site (`_resolve`)."""
    seen, out = set(), []
    for attr, url in links:
        if url in seen:
            continue
        seen.add(url)
        resolved = _resolve(page, url, base_path)
        if resolved is not None:
            out.append((attr, url, *resolved))
    return out


def _resolve(page: str, url: str, base_path: str) -> tuple[str, str] | None:
    """(target file relative to the release dir, fragment), or None for links not to check."""
    url = url.strip()
    if not url or url.startswith(("data:", "mailto:", "tel:", "//")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # external (the host scan deals with those)
    path = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if not path:
        return page, fragment
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "\0outside", fragment
        target = path[len(base_path) :]
    else:
        target = posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(target) if target else "."
    if target.startswith("../") or target == "..":
        return "\0outside", fragment
    return target, fragment


@dataclasses.dataclass
class PageScan:
    """What the release check needs of one built page: its anchors, its links, and what is wrong on it alone."""

    ids: set[str]
    links: list[tuple[str, str]]
    problems: list[ReleaseProblem]
    # (attr, url, target file, fragment) of each distinct link to check, resolved by check_release once and kept
    # with the scan: an incremental build reuses the scans of carried pages, and resolving their links again was
    # most of the release check's time (≈ 12 links a page resolved per millisecond)
    resolved: list[tuple[str, str, str, str]] | None = None


def scan_page(
    rel: str,
    text: str,
    source: PageSource | None,
    public: frozenset[str],
    today: dt.date,
    hosts: tuple[set[str], set[str]] | None = None,
) -> PageScan:
    """The per-page half of `check_release`: ids, links, foreign hosts (with `hosts`) and, on an item page
    (`source`), personal information in its rendered text."""
    collector = ExternalRefCollector() if hosts is not None else None
    ids, links = _scan_page(text, collector)
    problems = _external(rel, collector.found, hosts, source) if collector is not None else []
    if source is not None:
        problems += _page_pii(rel, text, source, public, today)
    return PageScan(ids, links, problems)


def _scan_batch(pages: list[tuple[str, str, PageSource | None]], public, today, hosts) -> list[tuple[str, PageScan]]:
    return [(rel, scan_page(rel, text, source, public, today, hosts)) for rel, text, source in pages]


class PageScanner:
    """Runs `scan_page` on pages as the engine renders them, in a worker process (`executor`).

    MkDocs renders on one core; scanning each page there as well, after the build, made the release
    check a fifth of a build. `add()` queues a page's final HTML, `results()` waits for every scan.
    Pages never added (static templates, files written after rendering) are scanned by
    `check_release` itself, and so is everything when there is no executor.
    """

    def __init__(
        self,
        sources: dict[str, PageSource],
        public,
        today: dt.date | None = None,
        hosts: tuple[set[str], set[str]] | None = None,
        executor=None,
        batch: int = 100,
    ):
        self._sources, self._public, self._today, self._hosts = (
            sources,
            frozenset(public),
            today or clock.today(),
            hosts,
        )
        self._executor = executor
        self._batch_size = batch
        self._batch: list[tuple[str, str, PageSource | None]] = []
        self._futures: list = []

    def add(self, rel: str, text: str) -> None:
        if self._executor is None:
            return
        self._batch.append((rel, text, self._sources.get(rel)))
        if len(self._batch) >= self._batch_size:
            self._flush()

    def results(self) -> dict[str, PageScan]:
        self._flush()
        return {rel: scan for future in self._futures for rel, scan in future.result()}

    def _flush(self) -> None:
        if self._batch:
            self._futures.append(
                self._executor.submit(_scan_batch, self._batch, self._public, self._today, self._hosts)
            )
            self._batch = []


def check_release(
    release_dir: str,
    sources: dict[str, PageSource],
    public: set[str] | frozenset[str] = frozenset(),
    base_path: str = "/",
    today: dt.date | None = None,
    skip_dirs: tuple[str, ...] = ("pagefind",),
    hosts: tuple[set[str], set[str]] | None = None,
    scanned: dict[str, PageScan] | None = None,
) -> list[ReleaseProblem]:
    """Broken internal links/anchors in every page, personal information in item pages and, with
    `hosts` = (hosts pages may link to, the site's own hosts), external.py's external-host scan.

    `sources` maps a page's file (``county/x/…/index.html``) to its item; `base_path` is the path
    of site_url (``/`` for a site at the root), against which ``/``-rooted links are resolved.
    `scanned`: pages already scanned as they were rendered (PageScanner), by file; the rest are read here.
    """
    today = today or clock.today()
    public = frozenset(public)
    scanned = scanned or {}
    pages: dict[str, set[str]] = {}
    page_scans: dict[str, PageScan] = {}
    problems: list[ReleaseProblem] = []
    for root, dirs, files in os.walk(release_dir):
        rel_root = os.path.relpath(root, release_dir).replace(os.sep, "/")
        if rel_root == ".":
            dirs[:] = [d for d in dirs if d not in skip_dirs]
        dirs.sort()
        for name in sorted(files):
            rel = name if rel_root == "." else f"{rel_root}/{name}"
            if hosts is not None and name.endswith(".css"):
                with open(os.path.join(root, name), encoding="utf-8") as fh:
                    urls = [m.group(1) or m.group(2) for m in CSS_URL_RE.finditer(fh.read())]
                problems += _external(rel, [("load", "css", u) for u in urls if external_host(u)], hosts)
            if not name.endswith(".html"):
                continue
            scan = scanned.get(rel)
            if scan is None:
                with open(os.path.join(root, name), encoding="utf-8") as fh:
                    scan = scan_page(rel, fh.read(), sources.get(rel), public, today, hosts)
            pages[rel], page_scans[rel] = scan.ids, scan
            problems += scan.problems
    exists: dict[str, bool] = {}  # target file -> whether it is in the release (asked once per target)
    for page, scan in page_scans.items():
        if scan.resolved is None:
            scan.resolved = _resolve_links(page, scan.links, base_path)
        for attr, url, target, fragment in scan.resolved:
            if target.split("/", 1)[0] in skip_dirs:
                continue  # the Pagefind bundle is written after this check; its page count is verified then
            source = sources.get(page)
            src = source.path if source else None
            if target == "\0outside":
                problems.append(
                    ReleaseProblem(
                        page, "HTML-LINK-MISSING", f"{attr}=“{url}”指向网站目录之外", "改为站内相对链接", src
                    )
                )
                continue
            html_target = _html_file(release_dir, target, pages)
            if html_target is None:
                found = exists.get(target)
                if found is None:
                    found = exists[target] = os.path.exists(os.path.join(release_dir, *target.split("/")))
                if not found:
                    problems.append(
                        ReleaseProblem(
                            page,
                            "HTML-LINK-MISSING",
                            f"{attr}=“{url}”指向的 {target} 不存在",
                            "改正链接或补上文件（模板中的链接请检查 overrides/）",
                            src,
                        )
                    )
                continue
            if fragment and fragment not in pages.get(html_target, set()):
                problems.append(
                    ReleaseProblem(
                        page,
                        "HTML-ANCHOR-MISSING",
                        f"链接“{url}”的锚点 #{fragment} 在 {html_target} 中不存在",
                        "改正锚点（小标题的锚点由标题文字生成）",
                        src,
                    )
                )
    return problems


def _external(rel: str, found, hosts, source: PageSource | None = None) -> list[ReleaseProblem]:
    """The same rule as external.external_references: load nothing from other hosts; link only to allowed ones."""
    allowed, own = hosts
    problems = []
    for kind, tag, url in found:
        host = external_host(url)
        if host in own or (kind == "link" and host in allowed):
            continue
        if kind == "load":
            problems.append(
                ReleaseProblem(
                    rel,
                    "HTML-EXTERNAL-LOAD",
                    f"<{tag}> 从外部主机加载 {url}",
                    "把该资源放进网站自身（离线终端和部分网络无法访问外部主机）",
                    source.path if source else None,
                )
            )
        else:
            problems.append(
                ReleaseProblem(
                    rel,
                    "HTML-EXTERNAL-LINK",
                    f"链接到未登记的外部主机 {url}",
                    "删除该链接，或把主机登记在 mkdocs.yml 的 site: 中",
                    source.path if source else None,
                )
            )
    return problems


def _html_file(release_dir: str, target: str, pages: dict[str, set[str]]) -> str | None:
    if target == ".":
        target = ""
    candidates = [target] if target.endswith(".html") else [f"{target}/index.html".lstrip("/"), target]
    for c in candidates:
        if c in pages:
            return c
    return None


def page_text(html_text: str) -> str:
    """Visible text of a page, one line per source line (tags removed, entities decoded)."""
    cleaned = _SKIP_RE.sub("", html_text)
    return html.unescape(_TEXT_TAG_RE.sub(" ", cleaned))


def _page_pii(rel: str, text: str, source: PageSource, public, today) -> list[ReleaseProblem]:
    problems = []
    seen = set()
    for _, finding in pii.scan_text(page_text(text), 1, today, public):
        if finding.value in source.exempt or finding.value in seen:
            continue
        seen.add(finding.value)
        problems.append(
            ReleaseProblem(
                rel,
                finding.kind,
                f"生成的页面中有未遮盖的{pii.KIND_NAMES[finding.kind]} {finding.masked}",
                "查找它的来源（正文、模板或插件）并遮盖或删除",
                source.path,
            )
        )
    return problems


# --- the rendered content fragment -----------------------------------------------------------------------

_DANGEROUS_URL_RE = re.compile(r"^(javascript|vbscript|data\s*:\s*text/html)", re.I)
_EMBED_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class _FragmentScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _EMBED_TAGS:
            self.found.append(f"<{tag}> 标签")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag}> 的事件属性 {name}=")
            elif name in _URL_ATTRS and value and _DANGEROUS_URL_RE.match(re.sub(r"[\s\x00-\x1f]+", "", value)):
                self.found.append(f"<{tag}> 的 {name}= 使用了 {value.split(':')[0].strip().lower()}: 协议")

    handle_startendtag = handle_starttag


def fragment_problems(fragment: str) -> list[str]:
    """What the rendered content of one page must not contain (empty when it is clean)."""
    if not re.search(r"<\s*(script|iframe|object|embed|frame)|\son[a-z]+\s*=|script\s*:|data\s*:", fragment, re.I):
        return []
    scanner = _FragmentScanner()
    scanner.feed(fragment)
    scanner.close()
    return scanner.found
