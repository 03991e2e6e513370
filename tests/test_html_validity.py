"""Valid HTML: the Nu Html Checker (vnu, npm vnu-jar, run with Debian's Java) reports no error on a page of every
template of the demo build and of a kiosk build, and every ID reference (label for, aria-labelledby,
aria-describedby, aria-controls) points at an element of the page.

Skipped only when Java or vnu.jar is missing outside CI; in CI (CI=true) a missing checker fails the test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ITEM_PATH, REPO, build_site, item_text

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# one page of each template of the demo (home, unit, platform and its columns, catalogs, items, lists, 专题, 年报,
# 依申请公开, 一本通, search, 404, sitemap)
DEMO_PAGES = [
    "index.html",  # home
    "units/index.html",  # 政府信息公开: the unit tree
    "county/huizhou/index.html",  # a unit
    "county/huizhou/zfxxgk/index.html",  # the platform
    "county/huizhou/zfxxgk/fdzdgknr/index.html",  # 法定主动公开内容
    "county/huizhou/zfxxgk/zfxxgkzn/index.html",  # a platform text page (指南)
    "county/huizhou/zfxxgk/ysqgk/index.html",  # 依申请公开
    "county/huizhou/zfxxgk/zfxxgknb/index.html",  # 年报 column
    "county/huizhou/zfxxgk/zfxxgknb/2025/index.html",  # a 年报
    "county/huizhou/catalog/index.html",  # catalog index
    "county/huizhou/catalog/shehui-jiuzhu/index.html",  # a catalog
    "county/huizhou/shehui-jiuzhu/index.html",  # a unit × domain list
    "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-tiaozheng-2024/index.html",  # an item with a TOC
    "township/hongxing/yanglao-fuwu/2022/gaoling-gongshi-2022-0609/index.html",  # an item with a 落款
    "county/huizhou/yibentong/index.html",  # 办事一本通
    "domains/index.html",
    "domains/shehui-jiuzhu/index.html",
    "years/index.html",
    "years/2024/index.html",
    "zhuanti/index.html",  # 专题专栏
    "zhuanti/huimin-huinong/index.html",
    "search/index.html",
    "sitemap/index.html",
    "404.html",
]


def vnu_command() -> list[str] | None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 必须运行 HTML 校验：缺少 Java 或 {VNU}（.ci/run 安装 default-jre-headless 和 npm 包）")
        pytest.skip("没有 Java 或 node_modules/vnu-jar：跳过 HTML 校验（安装 default-jre-headless 并运行 npm ci）")
    return [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json"]


def vnu_errors(files: list[Path], site: Path) -> list[str]:
    """vnu's errors on `files` (one Java process), as "page:line: message [extract]"."""
    result = subprocess.run([*vnu_command(), *map(str, files)], capture_output=True, text=True, timeout=900)
    report = json.loads(result.stderr or '{"messages": []}')
    return [
        f"{m.get('url', '').rsplit(site.name + '/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')} "
        f"[{m.get('extract', '').strip()}]"
        for m in report["messages"]
        if m.get("type") == "error"
    ]


def broken_id_references(files: list[Path]) -> list[str]:
    broken = []
    for path in files:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids = {e["id"] for e in html.select("[id]")}
        for attr in ("aria-labelledby", "aria-describedby", "aria-controls"):
            for element in html.select(f"[{attr}]"):
                broken += [f"{path}: {attr}={ref}" for ref in element[attr].split() if ref not in ids]
        broken += [f"{path}: label for={e['for']}" for e in html.select("label[for]") if e["for"] not in ids]
    return broken


def test_demo_pages_are_valid_html(demo_site):
    vnu_command()
    files = [demo_site / page for page in DEMO_PAGES]
    assert [str(f) for f in files if not f.is_file()] == []
    assert broken_id_references(files) == []
    assert vnu_errors(files, demo_site) == []


KIOSK_PAGES = [
    "index.html",  # the kiosk home (browse first)
    "county/index.html",  # a level page of the kiosk
    "county/huizhou/index.html",
    "county/huizhou/catalog/index.html",
    "county/huizhou/catalog/shehui-jiuzhu/index.html",
    "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html",
    "search/index.html",
    "404.html",
]


def test_kiosk_pages_are_valid_html(make_site):
    vnu_command()  # skip before building when the checker is missing
    site = build_site(make_site({ITEM_PATH: item_text()}, kiosk={"enabled": True, "printer": True}))
    files = [site / page for page in KIOSK_PAGES]
    assert [str(f) for f in files if not f.is_file()] == []
    assert 'name="gk-kiosk"' in files[0].read_text(encoding="utf-8")  # really the kiosk layer
    assert broken_id_references(files) == []
    assert vnu_errors(files, site) == []


def test_no_page_requests_a_sitemap(new_page, demo_url):
    """Material fetches sitemap.xml next to every <link rel=alternate> it finds, taking it for a language version:
    with the Atom links that was a 404 on every unit page and the 258 KB sitemap on the home page. The feed links
    are rel="alternate feed" (still found by feed readers), so no page asks for a sitemap."""
    for url in ("", "county/huizhou/", "domains/shehui-jiuzhu/"):
        requests: list[str] = []
        page = new_page(requests=requests)
        page.goto(demo_url + url, wait_until="networkidle")
        feed = page.locator('link[type="application/atom+xml"]')
        assert feed.count() == 1 and "alternate" in feed.get_attribute("rel").split()
        assert [r for r in requests if "sitemap.xml" in r] == [], url
        assert any(r.endswith(".js") for r in requests)  # Material's bundle did run


def test_404_page_is_chinese_and_served_with_status_404(demo_site):
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from gongkai.core.publish.kiosk_server import serve_in_thread

    server, base = serve_in_thread(str(demo_site))
    try:
        with pytest.raises(HTTPError) as missing:
            urlopen(base + "county/huizhou/no-such-page/")
        assert missing.value.code == 404
        html = BeautifulSoup(missing.value.read().decode("utf-8"), "html.parser")
    finally:
        server.shutdown()
        server.server_close()
    assert html.find("html")["lang"] == "zh-CN"
    assert html.h1.get_text(strip=True) == "您访问的页面不存在"
    links = {a.get_text(strip=True): a["href"] for a in html.select("article a")}
    assert links["返回首页"] in ("/", "/.")
    assert links["搜索本站信息"] == "/search/" and links["查看网站地图"] == "/sitemap/"
    assert "Not found" not in html.get_text()


def test_catalog_adjustments_read_in_chinese(demo_site):
    """目录调整说明 names the adjusted column and the row in Chinese (调整（公开主体）, 最低生活保障 › 政策法规文件),
    never the YAML field (subject) or the row id: Change.summary and Change.row_title, shown by catalog.html."""
    import re

    from gongkai.core.sources.registry import load_registry

    registry = load_registry(str(REPO / "catalogs"), str(REPO))
    changes = registry.catalogs.effective(registry.units["huizhou"], registry.domains["shehui-jiuzhu"]).changes
    overrides = {c.row_id: c for c in changes if c.kind == "override"}
    assert overrides["zhyw-zcfg"].summary == "调整（公开主体）"
    assert overrides["dbsh-zcfg"].row_title == "最低生活保障 › 政策法规文件"
    assert all(c.row_title and not re.search(r"[A-Za-z]", c.summary) for c in changes)
    page = BeautifulSoup(
        (demo_site / "county/huizhou/catalog/shehui-jiuzhu/index.html").read_text("utf-8"), "html.parser"
    )
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select("table.gk-changes tbody tr")
    ]
    assert len(rows) == len(changes)
    assert "调整（公开主体）" in [r[1] for r in rows] and "最低生活保障 › 政策法规文件" in [r[2] for r in rows]
    assert not any(re.search(r"[A-Za-z]", cell) for r in rows for cell in r[1:3])


def test_catalog_open_data_links_are_absolute_like_items_json(demo_site):
    """Per-unit catalog JSON/CSV and opendata/catalogs.json link with the site's canonical URL, as items.json does
    (open data is read off-site, where a root-relative link leads nowhere)."""
    base = json.loads((demo_site / "opendata/items.json").read_text(encoding="utf-8"))["base_url"]
    assert base.startswith("https://")
    data = json.loads((demo_site / "county/huizhou/catalog/shehui-jiuzhu.json").read_text(encoding="utf-8"))
    urls = [i["url"] for row in data["rows"] for i in row["items"]]
    assert urls and all(u.startswith(base) for u in urls)
    assert all(c["field_label"] for c in data["changes"] if c["field"])  # 公开主体, beside the field id
    csv_text = (demo_site / "county/huizhou/catalog/shehui-jiuzhu.csv").read_text(encoding="utf-8-sig")
    assert base + "county/huizhou/" in csv_text
    index = json.loads((demo_site / "opendata/catalogs.json").read_text(encoding="utf-8"))["catalogs"]
    assert all(c[k].startswith(base) for c in index for k in ("page", "csv", "json"))
