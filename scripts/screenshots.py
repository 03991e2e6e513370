#!/usr/bin/env python3
"""Screenshots of the demo as citizens see it, for docs/public-site.md: the home, an item, a catalog and the
search page on a 375 px phone and on a 1366 px desktop, in headless Chromium (Debian's /usr/bin/chromium via
Playwright, never Playwright's own download).

    python scripts/screenshots.py                 # build the demo into a temporary directory, then shoot
    python scripts/screenshots.py --site site     # shoot a demo already built (make build)
    python scripts/screenshots.py --out DIR       # somewhere else than docs/screenshots/

Serves the site on 127.0.0.1 (nothing leaves the machine), keeps the first two screens of each page and writes
them as palette PNGs (Pillow, 64 colours: text and flat colours survive, files stay small), named
PAGE-WIDTH.png. The demo is built with the fixed date of the reproducible build, so the pages do not depend on the
day the script runs. Only this script writes docs/screenshots/.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright
from search_recall import serve  # scripts/ is on sys.path when a script in it runs

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
# the dates the reproducible demo build uses (README: SOURCE_DATE_EPOCH, GONGKAI_AS_OF)
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1764633600", "GONGKAI_AS_OF": "2026-12-01"}

PAGES = {  # file name -> path on the demo site, and what to wait for before shooting
    "home": ("", "h1"),
    "item": ("county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-tiaozheng-2024/", "table.gk-meta"),
    "catalog": ("county/huizhou/catalog/shehui-jiuzhu/", "table.gk-catalog"),
    "search": ("search/?q=低保", "#gk-results li"),
}
SCREENS = {  # width -> the browser context: a phone (touch, mobile viewport) and a desktop
    375: {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
    1366: {"viewport": {"width": 1366, "height": 768}, "device_scale_factor": 1},
}
COLOURS = 64


def build_demo(site_dir: Path) -> None:
    print(f"生成演示站点 → {site_dir}", file=sys.stderr)
    env = {**os.environ, **BUILD_ENV}
    subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q", "--site-dir", str(site_dir)], cwd=REPO, env=env, check=True
    )


def small_png(png: bytes) -> bytes:
    """A palette PNG of the screenshot: 64 adaptive colours, no dithering (crisp text), maximum compression."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def shot(page, url: str, ready: str, width: int, height: int) -> bytes:
    """The first two screens of the page at `url`, once `ready` is on it and nothing is loading."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=60000)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    full = page.evaluate("document.documentElement.scrollHeight")
    return page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": min(2 * height, full)})


def shoot(site_dir: Path, out_dir: Path) -> list[Path]:
    base, server = serve(str(site_dir))
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width, screen in SCREENS.items():
                context = browser.new_context(locale="zh-CN", reduced_motion="reduce", **screen)
                page = context.new_page()
                for name, (path, ready) in PAGES.items():
                    target = out_dir / f"{name}-{width}.png"
                    target.write_bytes(small_png(shot(page, base + path, ready, width, screen["viewport"]["height"])))
                    written.append(target)
                    print(f"{target}  {target.stat().st_size // 1024} KB")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="演示站点截图（手机 375 px、桌面 1366 px），写入 docs/screenshots/")
    parser.add_argument("--site", type=Path, help="已生成的演示站点目录（默认：临时生成一份）")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="截图目录")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"找不到 Chromium：{CHROMIUM}。请 apt-get install chromium fonts-noto-cjk，或用 GONGKAI_CHROMIUM 指定")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.site:
        shoot(args.site.resolve(), args.out)
        return
    with tempfile.TemporaryDirectory(prefix="gongkai-shots-") as work:
        site_dir = Path(work) / "site"
        build_demo(site_dir)
        shoot(site_dir, args.out)


if __name__ == "__main__":
    main()
