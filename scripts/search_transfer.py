#!/usr/bin/env python3
"""Bytes a first search costs, measured in headless Chromium (Debian's /usr/bin/chromium via Playwright).

    python scripts/search_transfer.py SITE_DIR [--query 低保 --query 黄政办[2024]19号 ...]

Serves SITE_DIR on 127.0.0.1 and, for each query, opens /search/ in a fresh browser (empty cache) as a
phone (360 px wide, mobile, touch), types the query, waits until the first results are listed and records
every response from then on (--files lists them one by one): Pagefind's JS, WebAssembly, metadata,
index/filter chunks, the result fragments shown, and our lookup table and vocabulary. "first_results" counts
only what had arrived when the first result appeared (the page shows each row as its fragment arrives), also by
kind; "first_page" what had arrived when the first page of rows (FIRST_ROWS) was complete (facet counts load
after that).
Prints, per query, the bytes as served (this server does not compress) and the bytes after gzip -6 of each
response (what a gzip-enabled web server sends; Pagefind's own chunks and wasm are already gzipped, so they
barely change). The page itself (HTML, theme CSS/JS, the favicon) is excluded: it is the same with or without search.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
from urllib.parse import urlparse

from search_recall import serve  # scripts/ is on sys.path when a script in it runs

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
DEFAULT_QUERIES = ["低保", "最低生活保障", "危房改造补助", "黄政办[2024]19号", "招标公告"]


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}

# When the first result showed and when the first page of rows was complete, on the page's own clock (a
# MutationObserver runs right after the DOM changes; polling from here would see them late and count responses
# that arrived after). The page lists each row as its fragment arrives and keeps #gk-results aria-busy until the
# page of rows (FIRST_ROWS) is complete.
MOMENTS = """
performance.setResourceTimingBufferSize(5000);
window.__gkMoments = {};
new MutationObserver((records) => {
  const m = window.__gkMoments, list = document.querySelector('#gk-results');
  const status = document.querySelector('#gk-status');
  if (!m.row && (document.querySelector('#gk-results li, #gk-exact li, #gk-partial li') ||
      (status && status.textContent.includes('没有找到')))) m.row = performance.now();
  // the page of rows is complete once the list has been busy and is no longer (an exact 文号 hit is listed
  // before the list is ever busy)
  if (records.some((r) => r.target === list && r.attributeName === 'aria-busy')) m.busy = true;
  if (m.row && m.busy && !m.page && !list.hasAttribute('aria-busy')) m.page = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
  attributeFilter: ['aria-busy']});
"""


def measure(base: str, query: str, browser) -> dict:
    context = browser.new_context(**PHONE)  # a phone: the public searches on phones most
    context.add_init_script(MOMENTS)
    page = context.new_page()
    page.goto(base + "search/")
    page.wait_for_load_state("networkidle")
    seen: list = []
    page.on("response", lambda r: seen.append(r))
    page.fill("#gk-sq", query)
    page.press("#gk-sq", "Enter")
    page.wait_for_function("window.__gkMoments.page", timeout=120000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    page.wait_for_load_state("networkidle")
    moments = page.evaluate("window.__gkMoments")
    arrived = dict(page.evaluate("performance.getEntriesByType('resource').map((e) => [e.name, e.responseEnd])"))
    files = []
    for r in seen:
        if urlparse(r.url).path.endswith("/favicon.png"):  # the browser asks for it late; page chrome, not search
            continue
        try:
            body = r.body()
        except Exception:  # redirects, aborted
            continue
        end = arrived.get(r.url, float("inf"))
        files.append(
            {
                "path": urlparse(r.url).path,
                "bytes": len(body),
                "gzip": len(gzip.compress(body, 6)),
                "first": end <= moments["row"],
                "first_page": end <= moments["page"],
            }
        )
    page.context.close()
    kinds: dict[str, int] = {}
    first_kinds: dict[str, int] = {}  # gzip bytes by kind, of what had arrived when the first results showed
    for f in files:
        kind = (
            f["path"].split("/")[-2]
            if "/pagefind" in f["path"] and f["path"].count("/") > 2
            else os.path.basename(f["path"])
        )
        kind = (
            "fragment"
            if "/fragment/" in f["path"]
            else "index"
            if "/index/" in f["path"]
            else "filter"
            if "/filter/" in f["path"]
            else kind
        )
        kinds[kind] = kinds.get(kind, 0) + f["bytes"]
        if f["first"]:
            first_kinds[kind] = first_kinds.get(kind, 0) + f["gzip"]
    return {
        "query": query,
        "requests": len(files),
        "bytes": sum(f["bytes"] for f in files),
        "gzip_bytes": sum(f["gzip"] for f in files),
        "first_results_bytes": sum(f["bytes"] for f in files if f["first"]),
        "first_results_gzip_bytes": sum(f["gzip"] for f in files if f["first"]),
        "first_page_gzip_bytes": sum(f["gzip"] for f in files if f["first_page"]),
        "by_kind": kinds,
        "first_results_gzip_by_kind": first_kinds,
        "files": files,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site_dir")
    ap.add_argument("--query", action="append", help="query to measure (repeatable)")
    ap.add_argument("--files", action="store_true", help="also list every response (path, bytes, gzip, first)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    base, server = serve(os.path.abspath(args.site_dir))
    out = []
    with sync_playwright() as p:
        for q in args.query or DEFAULT_QUERIES:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            found = measure(base, q, browser)
            if not args.files:
                del found["files"]
            out.append(found)
            browser.close()
    server.shutdown()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
