"""The 政务公开专区 kiosk variant of a site (no MkDocs imports): profile, extra pages, link rewriting.

A kiosk build renders the same content with the kiosk template layer (templates/kiosk/) and
assets/gongkai/kiosk.css|js. Three things happen here:

* `kiosk_profile(options)` validates the `kiosk:` options (idle time, countdown >= 20 s, hot topics);
* `add_kiosk_pages(plan, corpus)` adds one browse page per level (`<level>/`: its units as tiles), the step
  between the home page's level tiles and each unit's catalog pages;
* `rewrite_page(html, page_url, site_url)` makes every page a closed world: a link that would leave the
  loopback site (http(s) to any host, mailto:, tel:, a file download) becomes a button that shows a QR
  code to scan with a phone; `target` attributes are dropped.
"""

from __future__ import annotations

import dataclasses
import functools
import html as htmllib
import posixpath
import re
from typing import Optional
from urllib.parse import urljoin, urlsplit

from ..model import urls
from ..model.entities import LEVELS
from .qr import qr_svg
from .views import Crumb, KioskLevelView, home_crumb

MIN_COUNTDOWN = 20  # seconds; WCAG 2.2.1 Timing Adjustable
DEFAULT_HOT_TOPICS = (
    ("低保", "低保"),
    ("养老补贴", "高龄津贴 养老"),
    ("危房改造", "危房改造"),
    ("户口迁移", "户口迁移"),
    ("义务教育入学", "义务教育 入学"),
    ("临时救助", "临时救助"),
    ("涉农补贴", "补贴"),
    ("公租房", "公租房"),
)


@dataclasses.dataclass(frozen=True)
class HotTopic:
    label: str  # the button text
    query: str  # the preset search run on the search page


@dataclasses.dataclass(frozen=True)
class KioskProfile:
    idle_seconds: int = 90
    countdown_seconds: int = 20
    hot_topics: tuple[HotTopic, ...] = tuple(HotTopic(*t) for t in DEFAULT_HOT_TOPICS)
    printer: bool = False


def kiosk_profile(options: dict) -> Optional[KioskProfile]:
    """The validated profile from the plugin's `kiosk:` options, or None when the kiosk is off.

    Raises ValueError with a Chinese message naming the option and the fix.
    """
    if not options.get("enabled"):
        return None
    idle, countdown = options.get("idle_seconds", 90), options.get("countdown_seconds", 20)
    if not isinstance(idle, int) or idle < 10:
        raise ValueError(f"kiosk.idle_seconds 应为不小于 10 的整数（秒），现为 {idle!r}")
    if not isinstance(countdown, int) or countdown < MIN_COUNTDOWN:
        raise ValueError(f"kiosk.countdown_seconds 应为不小于 {MIN_COUNTDOWN} 的整数（秒，让使用者来得及选择继续浏览），现为 {countdown!r}")
    topics = options.get("hot_topics")
    if topics is None:
        hot = KioskProfile.hot_topics
    else:
        hot = []
        for n, entry in enumerate(topics):
            if isinstance(entry, str):
                entry = {"label": entry, "query": entry}
            if not isinstance(entry, dict) or set(entry) - {"label", "query"} or not str(entry.get("label") or "").strip():
                raise ValueError(f"kiosk.hot_topics[{n}] 应为文字，或 {{label: 按钮文字, query: 检索词}}，现为 {entry!r}")
            label = str(entry["label"]).strip()
            hot.append(HotTopic(label, str(entry.get("query") or label).strip()))
        hot = tuple(hot)
    return KioskProfile(idle, countdown, hot, bool(options.get("printer", False)))


# ---- pages ------------------------------------------------------------------------------------------

def add_kiosk_pages(plan, corpus) -> None:
    """Add `<level>/index.md` (that level's units as tiles) to the plan, and the level tiles to the home view."""
    registry = corpus.registry
    counts: dict[str, int] = {}
    for item in corpus.items.values():
        counts[item.publisher.id] = counts.get(item.publisher.id, 0) + 1
    by_level: dict[str, list] = {}
    for unit in registry.units_in_order():
        by_level.setdefault(unit.level, []).append((unit, counts.get(unit.id, 0)))
    pages = {}
    for level, name in LEVELS.items():
        if level not in by_level:
            continue
        title = f"{name}单位"
        pages[urls.page_src(urls.level(level))] = KioskLevelView(
            title=title, column=title, crumbs=[home_crumb(), Crumb(title, None)], level=level, level_name=name,
            units=by_level[level])
    plan.generated.update(pages)
    if plan.home is not None:
        plan.home.levels = [(level, LEVELS[level], len(by_level[level])) for level in LEVELS if level in by_level]


# ---- links ------------------------------------------------------------------------------------------

_A_RE = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.S | re.I)
_ATTR_RE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_PAGE_EXTS = {"", ".html", ".htm"}


def _attrs(raw: str) -> dict[str, Optional[str]]:
    found = {}
    for m in _ATTR_RE.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        found[m.group(1).lower()] = None if value is None else htmllib.unescape(value)
    return found


@functools.lru_cache(maxsize=4096)
def _qr(url: str) -> str:
    return qr_svg(url, title="网址二维码", size_px=240)


def leaves_site(href: str, download: bool) -> Optional[str]:
    """Why following `href` would leave the kiosk ("web", "mail", "tel", "file"), or None for a site page."""
    h = href.strip()
    scheme = urlsplit(h).scheme.lower()
    if h.startswith("//") or scheme in ("http", "https"):
        return "web"
    if scheme == "mailto":
        return "mail"
    if scheme == "tel":
        return "tel"
    if scheme:  # javascript:, data:, ftp: ... never in our output; treat as leaving
        return "web"
    if download or posixpath.splitext(urlsplit(h).path)[1].lower() not in _PAGE_EXTS:
        return "file"  # an attachment, feed or data file: no way back from the browser's viewer
    return None


def rewrite_page(page_html: str, page_url: str, site_url: Optional[str]) -> str:
    """Kiosk output: links that leave the site become QR buttons (with one <template> per address); no target=."""
    base = (site_url or "").rstrip("/") + "/" + page_url.lstrip("/") if site_url else None
    codes: dict[str, int] = {}

    def replace(m: re.Match) -> str:
        raw, inner = m.group(1), m.group(2)
        attrs = _attrs(raw)
        href = attrs.get("href")
        if href is None:
            return m.group(0)
        why = leaves_site(href, "download" in attrs)
        if why is None:
            if "target" in attrs:
                return "<a" + re.sub(r"""\s+target\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", "", raw, flags=re.I) + ">" + inner + "</a>"
            return m.group(0)
        if why in ("mail", "tel"):
            return f'<span class="gk-k-plain">{inner}</span>'
        if why == "file":
            if base is None:  # no canonical address to hand over: say where to get it
                return f'<span class="gk-k-plain">{inner}（可到窗口索取）</span>'
            url = urljoin(base, href)
        else:
            url = "https:" + href if href.startswith("//") else href
        n = codes.setdefault(url, len(codes) + 1)
        cls = " ".join(filter(None, ["gk-k-ext", attrs.get("class")]))
        label = "扫码下载" if why == "file" else "扫码访问"
        return (f'<button type="button" class="{htmllib.escape(cls)}" data-gk-qr="gk-k-qr-{n}" aria-haspopup="dialog">'
                f'{inner}<span class="gk-k-ext__tag">{label}</span></button>')

    body_at = page_html.find("<body")
    head, body = (page_html[:body_at], page_html[body_at:]) if body_at >= 0 else ("", page_html)
    body = _A_RE.sub(replace, body)
    if codes:
        templates = "".join(f'<template id="gk-k-qr-{n}" data-url="{htmllib.escape(url)}">{_qr(url)}</template>'
                            for url, n in codes.items())
        end = body.rfind("</body>")
        body = body[:end] + templates + body[end:] if end >= 0 else body + templates
    return head + body
