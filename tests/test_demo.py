"""The repository's own demo site (content/ + catalogs/), built once per session with `gongkai build`: its size and
spread, every item indexed once, Chinese queries and the publisher facet, no foreign host, the footer and site
meta on every page, item meta, 解读 links, and a strict `mkdocs build` of it."""

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.config import load_config

from gongkai.core.checks.external import external_references
from gongkai.core.sources.furniture import site_info
from gongkai.core.sources.registry import load_registry
from tests.helpers import REPO, pagefind_search

FOOTER_ITEMS = [
    "党政机关网站标识",
    "我为政府网站找错",
    "主办单位",
    "联系电话",
    "网站标识码",
    "ICP备",
    "公网安备",
    "网站地图",
]


def html_pages(site_dir: Path):
    return sorted(p for p in site_dir.rglob("*.html") if "pagefind" not in p.parts)


def test_demo_size_and_spread(demo_corpus):
    items = list(demo_corpus.items.values())
    assert len(items) >= 300
    assert {i.publisher.level for i in items} == {"city", "county", "township", "village", "department"}
    per_domain = Counter(i.domain.id for i in items)
    assert len([d for d, n in per_domain.items() if n >= 1]) >= 12
    assert any(i.interprets for i in items), "policies with their 解读"
    assert any(i.attachments for i in items)
    assert [i.validity for i in items].count("失效") >= 1
    assert [i.validity for i in items].count("废止") >= 1


def test_every_item_appears_exactly_once_in_output_and_index(demo_site, demo_corpus):
    indexed_bodies = []
    for path in html_pages(demo_site):
        text = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in text:
            indexed_bodies.append(path.parent.relative_to(demo_site).as_posix() + "/")
    assert sorted(indexed_bodies) == sorted(i.url for i in demo_corpus.items.values())
    entry = json.loads((demo_site / "pagefind" / "pagefind-entry.json").read_text())
    pdfs = list(demo_site.glob("*/*/yibentong/*.pdf"))  # 办事一本通 PDFs: custom records (test_guides.py)
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(demo_corpus.items) + len(pdfs)


def test_chinese_queries_return_matching_demo_items(demo_corpus, demo_url):
    results = pagefind_search(demo_url, [{"q": "最低生活保障"}, {"q": "危房改造"}])
    for query, domain in (("最低生活保障", "shehui-jiuzhu"), ("危房改造", "nongcun-weifang-gaizao")):
        urls = [r["url"].split("/", 3)[3] for r in results[query]]
        assert urls, f"no result for {query}"
        top = demo_corpus.items[urls[0].rstrip("/")]
        assert top.domain.id == domain or query in top.title + top.body
        for url in urls[:5]:
            item = demo_corpus.items[url.rstrip("/")]
            text = item.title + item.body + (item.summary or "") + "".join(item.keywords)
            assert query in text or query[:2] in text


def test_publisher_facet_tells_apart_units_with_the_same_short_name(demo_site, demo_corpus, demo_url):
    """徽州区财政局 and 屯溪区财政局 are both 区财政局 on their own sites; the search facet names them in full."""
    units = {i.publisher.id: i.publisher for i in demo_corpus.items.values()}
    assert Counter(u.short for u in units.values())["区财政局"] == 2  # the demo has the case
    expected = Counter(i.publisher.distinct_name for i in demo_corpus.items.values())
    assert len(expected) == len(units)  # one facet value per unit
    found = pagefind_search(
        demo_url,
        [{"name": "counts", "filter_counts": True}, {"name": "hz", "q": None, "filters": {"发布机构": "徽州区财政局"}}],
    )
    registry = load_registry(str(REPO / "catalogs"), str(REPO))
    pdfs = Counter(registry.units[p.parent.parent.name].distinct_name for p in demo_site.glob("*/*/yibentong/*.pdf"))
    assert found["counts"]["发布机构"] == {k: expected.get(k, 0) + pdfs[k] for k in expected.keys() | pdfs.keys()}
    assert sorted(r["url"].split("/", 3)[3] for r in found["hz"]) == sorted(
        i.url for i in demo_corpus.items.values() if i.publisher.id == "hz-czj"
    )


def test_no_page_loads_or_links_a_foreign_host(demo_site):
    config = load_config(str(REPO / "mkdocs.yml"))
    site = site_info(dict(config.plugins["gongkai"].config.site))
    refs = external_references(str(demo_site), site.external_hosts(), {site.domain})
    assert refs == []


def test_every_page_has_footer_items_and_site_meta(demo_site):
    pages = html_pages(demo_site)
    assert len(pages) > 300
    for path in pages:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        footer = html.select_one("footer.gk-footer")
        assert footer is not None, path
        text = footer.get_text() + " ".join(img.get("alt", "") for img in footer.find_all("img"))
        missing = [label for label in FOOTER_ITEMS if label not in text]
        assert not missing, (path, missing)
        names = {m.get("name") for m in html.find_all("meta")}
        assert {"SiteName", "SiteDomain", "SiteIDCode"} <= names, path
        # 适老化 / 无障碍 on every page: 长者模式 switch in the header, skip link to the content (test_browser.py)
        assert html.select_one("button#gk-elder-toggle") is not None, path
        assert html.select_one('a.gk-skip[href="#gk-main"]') is not None and html.select_one("#gk-main") is not None, (
            path
        )
        assert html.find("html")["lang"] == "zh-CN"


def test_item_pages_carry_article_meta(demo_site, demo_corpus):
    item = next(i for i in demo_corpus.items.values() if i.doc_no)
    html = BeautifulSoup((demo_site / item.url / "index.html").read_text(encoding="utf-8"), "html.parser")
    meta = {m["name"]: m["content"] for m in html.find_all("meta") if m.get("name")}
    assert meta["ArticleTitle"] == item.title
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", meta["PubDate"])
    assert meta["ColumnName"] == item.domain.name
    assert html.title.string == f"{item.title}_{item.domain.name}_黄山市人民政府"


def test_policy_and_interpretation_link_both_ways(demo_site, demo_corpus):
    jiedu = next(i for i in demo_corpus.items.values() if i.interprets)
    policy = jiedu.interprets
    policy_html = (demo_site / policy.url / "index.html").read_text(encoding="utf-8")
    jiedu_html = BeautifulSoup((demo_site / jiedu.url / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert jiedu.title in policy_html
    back = jiedu_html.select_one(".gk-related--policy a")
    assert back.get_text() == policy.title
    assert os.path.normpath(os.path.join(jiedu.url, back["href"])) == os.path.normpath(policy.url)


def test_strict_mkdocs_build_of_the_demo_succeeds(tmp_path):
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "s")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "pagefind" / "pagefind-entry.json").is_file()
