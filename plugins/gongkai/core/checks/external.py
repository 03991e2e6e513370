"""Checks on the built output (no MkDocs imports).

`external_references(site_dir, allowed_link_hosts)` lists every place where a
built page or stylesheet would *load* something from another host (scripts,
styles, images, fonts, frames, CSS url()/@import, preconnect hints), and every
*link* to a host not on the allow-list. Kiosks are offline and many foreign
hosts are unreachable, so the site must be self-contained.
"""

from __future__ import annotations

import dataclasses
import os
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

# Attributes through which a browser fetches something by itself.
_LOADING_ATTRS = {"src", "srcset", "poster", "data", "action", "formaction", "background"}
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


@dataclasses.dataclass(frozen=True)
class ExternalRef:
    path: str  # file relative to site_dir
    kind: str  # "load" (fetched automatically) or "link" (followed only on click)
    tag: str
    url: str


def external_host(url: str) -> str | None:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.hostname:
        return parsed.hostname
    return None


class ExternalRefCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (kind, tag, url)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value is None:
                continue
            if name in _LOADING_ATTRS:
                for part in value.split(","):
                    url = part.strip().split(" ")[0]
                    if external_host(url):
                        self.found.append(("load", tag, url))
            elif name == "style":
                self._css(value, tag)
        href = attrs.get("href")
        if href and external_host(href):
            rel = (attrs.get("rel") or "").lower()
            loads = tag == "link" and rel not in ("canonical", "alternate", "license", "author", "help")
            self.found.append(("load" if loads else "link", tag, href))
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data, "style")

    def _css(self, text: str, tag: str) -> None:
        for m in CSS_URL_RE.finditer(text):
            url = m.group(1) or m.group(2)
            if external_host(url):
                self.found.append(("load", tag, url))


def external_references(
    site_dir: str, allowed_link_hosts: set[str], own_hosts: set[str] = frozenset()
) -> list[ExternalRef]:
    """Loads from any other host, and links to hosts outside `allowed_link_hosts`, in HTML and CSS."""
    refs = []
    for root, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, site_dir).replace(os.sep, "/")
            if name.endswith(".html"):
                collector = ExternalRefCollector()
                with open(path, encoding="utf-8") as fh:
                    collector.feed(fh.read())
                found = collector.found
            elif name.endswith(".css"):
                with open(path, encoding="utf-8") as fh:
                    found = [
                        ("load", "css", m.group(1) or m.group(2))
                        for m in CSS_URL_RE.finditer(fh.read())
                        if external_host(m.group(1) or m.group(2))
                    ]
            else:
                continue
            for kind, tag, url in found:
                host = external_host(url)
                if host in own_hosts:
                    continue
                if kind == "link" and host in allowed_link_hosts:
                    continue
                refs.append(ExternalRef(rel, kind, tag, url))
    return refs
