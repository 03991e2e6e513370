"""The public site around the items: each unit's 政府信息公开 platform (its fixed columns, guide, 年报 and 依申请公开
pages), 专题专栏 (catalogs/columns.yml), policies and their 解读 linked both ways, 现行有效 lists and the 废止 / 失效
banners, 公示期 status, the print-only QR code, Atom feeds, the JSON export and sitemap.xml.

HTML and files only; the same pages in a browser are tests/test_browser.py."""

from __future__ import annotations

import json
import logging
import os

import feedparser
import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from tests.helpers import ITEM_PATH, build_site, item_text

TWO_JIEDU = "city/huangshan/shehui-jiuzhu/2023/kunnan-qunzhong-jiben-shenghuo-baozhang-yijian"
REPEALED = "county/huizhou/nongcun-weifang-gaizao/2021/weifang-gaizao-buzhu-zijin-guanli-banfa-2021"
EXPIRED = "county/yixian/jiuye/2022/zhichi-qiye-wengang-kuojiuye-ruogan-cuoshi"


def soup(site, url):
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def list_urls(site, base):
    """Item URLs (site-relative) listed on every page of a paginated list."""
    found, n, page = [], 1, site / base
    while (page / "index.html").is_file():
        html = soup(site, page.relative_to(site).as_posix())
        for a in html.select("table.gk-list tbody td:first-child a"):
            found.append(os.path.normpath(os.path.join(page.relative_to(site).as_posix(), a["href"])) + "/")
        n += 1
        page = site / base / "page" / str(n)
    return found


def test_policy_with_two_jiedu_lists_both_with_form_and_each_links_back(demo_site, demo_corpus):
    policy = demo_corpus.items[TWO_JIEDU]
    assert len(policy.interpretations) == 2
    html = soup(demo_site, policy.url)
    block = html.select_one(".gk-related--jiedu")
    links = {a.get_text(): a for a in block.select("a")}
    assert set(links) == {j.title for j in policy.interpretations}
    for jiedu in policy.interpretations:
        li = links[jiedu.title].parent
        assert li.select_one(".gk-tag--form").get_text() == jiedu.interpretation_form
        back = soup(demo_site, jiedu.url).select_one(".gk-related--policy")
        assert back.select_one("h2").get_text() == "相关文件"
        a = back.select_one("a")
        assert a.get_text() == policy.title
        assert os.path.normpath(os.path.join(jiedu.url, a["href"])) == os.path.normpath(policy.url)


def test_repealed_and_expired_show_banner_and_stay_out_of_current_lists(demo_site, demo_corpus):
    for item_id, state in ((REPEALED, "废止"), (EXPIRED, "失效")):
        item = demo_corpus.items[item_id]
        banner = soup(demo_site, item.url).select_one(".gk-banner")
        assert banner is not None and state in banner.get_text()
        platform = f"{item.publisher.url}zfxxgk/fdzdgknr/"
        current = list_urls(demo_site, platform + "zcwj/")
        assert current, "the unit has current policies"
        assert item.url not in current
        assert item.url in list_urls(demo_site, platform + "sxfz/")
        for column in ("zhongdian-lingyu", "yingshang-huanjing"):  # columns declared current: true
            assert item.url not in list_urls(demo_site, f"zhuanti/{column}/")
    current_item = next(
        i
        for i in demo_corpus.items.values()
        if i.publisher.id == "huizhou" and i.genre == "通知" and i.validity == "有效"
    )
    assert current_item.url in list_urls(demo_site, "county/huizhou/zfxxgk/fdzdgknr/zcwj/")


def test_unit_platform_has_the_fixed_columns_and_subtree(demo_site):
    html = soup(demo_site, "county/huizhou/zfxxgk")
    titles = [a.get_text() for a in html.select(".gk-columns a")]
    assert titles == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开"]
    tree = html.select(".gk-tree__node")
    levels = {li["class"][1].split("--")[1] for li in tree}
    assert {"township", "village", "department"} <= levels
    assert html.title.string == "徽州区政府信息公开_黄山市人民政府"
    zn = soup(demo_site, "county/huizhou/zfxxgk/zfxxgkzn").get_text()
    assert "徽州区人民政府办公室" in zn and "0559-" in zn
    ysq = soup(demo_site, "county/huizhou/zfxxgk/ysqgk")
    assert ysq.select_one("table.gk-form caption").get_text() == "徽州区人民政府政府信息公开申请表"
    assert ysq.select_one('a[href="https://www.ah.gov.cn/zwyw/ysqgk/"]') is not None
    content = soup(demo_site, "county/huizhou/zfxxgk/fdzdgknr")
    domains = [th.get_text() for th in content.select("table.gk-domains tbody th")]
    assert "社会救助" in domains
    assert content.select_one('a[href$="catalog/shehui-jiuzhu/"]') is not None  # the catalog page of the domain
    assert not (demo_site / "village/xidi-cun/zfxxgk").exists(), "villages publish through their township"


def test_topical_columns_are_paginated_and_match_their_queries(demo_site, demo_corpus):
    index = soup(demo_site, "zhuanti")
    assert [a.get_text() for a in index.select(".gk-columns a")] == ["重点领域信息", "优化营商环境", "惠民惠农"]
    urls = list_urls(demo_site, "zhuanti/huimin-huinong/")
    expected = [
        i
        for i in demo_corpus.items.values()
        if i.domain.id in ("shenong-butie", "shehui-jiuzhu") and i.genre in ("公示", "名单")
    ]
    assert sorted(urls) == sorted(i.url for i in expected)
    assert (demo_site / "zhuanti/zhongdian-lingyu/page/2/index.html").is_file()
    home = soup(demo_site, ".")
    assert [a.get_text() for a in home.select("#zhuanti + ul a")] == ["重点领域信息", "优化营商环境", "惠民惠农"]


@pytest.mark.parametrize(
    "path, scope",
    [
        ("feed.xml", lambda i: True),
        ("county/huizhou/feed.xml", lambda i: i.publisher.id == "huizhou"),
        ("domains/shehui-jiuzhu/feed.xml", lambda i: i.domain.id == "shehui-jiuzhu"),
        (
            "zhuanti/huimin-huinong/feed.xml",
            lambda i: i.domain.id in ("shenong-butie", "shehui-jiuzhu") and i.genre in ("公示", "名单"),
        ),
    ],
)
def test_feeds_are_atom_with_the_newest_items_of_their_scope(demo_site, demo_corpus, path, scope):
    text = (demo_site / path).read_text(encoding="utf-8")
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    newest = demo_corpus.newest_first(i for i in demo_corpus.items.values() if scope(i))[:50]
    assert [e.link for e in feed.entries] == [f"https://www.huangshan.gov.cn/{i.url}" for i in newest]
    assert feed.entries[0].title == newest[0].title
    assert feed.feed.updated.startswith(newest[0].published.strftime("%Y-%m-%dT%H:%M"))


def test_feed_links_in_page_heads(demo_site):
    for url, feed in (
        ("county/huizhou", "feed.xml"),
        ("domains/shehui-jiuzhu", "feed.xml"),
        (".", "feed.xml"),
        ("zhuanti/huimin-huinong/page/2", "../../feed.xml"),
    ):
        link = soup(demo_site, url).select_one('link[rel~="alternate"][type="application/atom+xml"]')
        assert link is not None and link["href"] == feed, url


def test_items_json_export(demo_site, demo_corpus):
    doc = json.loads((demo_site / "opendata/items.json").read_text(encoding="utf-8"))
    assert doc["version"] == 1 and doc["count"] == len(demo_corpus.items) == len(doc["items"])
    by_id = {r["id"]: r for r in doc["items"]}
    assert [r["id"] for r in doc["items"]] == sorted(by_id)
    repealed = by_id[REPEALED]
    assert repealed["validity"] == "废止" and repealed["current"] is False and repealed["repealed"]
    policy = by_id[TWO_JIEDU]
    assert len(policy["interpretations"]) == 2
    assert by_id[policy["interpretations"][0]]["interprets"] == TWO_JIEDU
    with_files = next(r for r in doc["items"] if r["attachments"])
    assert {"title", "url", "type", "size"} == set(with_files["attachments"][0])
    assert soup(demo_site, "sitemap").select_one('a[href$="opendata/items.json"]') is not None


def test_sitemap_xml_lists_item_and_platform_pages(demo_site, demo_corpus):
    xml = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    for item in list(demo_corpus.items.values())[:20]:
        assert f"<loc>https://www.huangshan.gov.cn/{item.url}</loc>" in xml
    assert "<loc>https://www.huangshan.gov.cn/county/huizhou/zfxxgk/ysqgk/</loc>" in xml


def test_item_page_carries_print_only_qr_of_its_canonical_url(demo_site, demo_corpus):
    html = soup(demo_site, TWO_JIEDU)
    qr = html.select_one(".gk-qr")
    assert qr is not None and qr.select_one("svg path") is not None
    assert f"https://www.huangshan.gov.cn/{TWO_JIEDU}/" in qr.get_text()
    assert qr.get("data-pagefind-ignore") == "all"


# -- small sites ---------------------------------------------------------------------------------------


def build_errors(root, caplog) -> str:
    """Build a site that must fail; return the error log (the Chinese problem lines)."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        with pytest.raises(Abort):
            build_site(root)
    return "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith("mkdocs") and r.levelno >= logging.ERROR
    )


PUBLICITY = {
    ITEM_PATH: item_text(
        genre="公示", doc_no=None, validity=None, publicity_end="2024-03-20", title="徽州区2024年3月低保对象公示"
    )
}


@pytest.mark.parametrize(
    "as_of, status, text",
    [("2024-03-20", "公示中", "截止日期 2024-03-20"), ("2024-03-21", "公示期满", "已于 2024-03-20 截止")],
)
def test_publicity_status_is_judged_at_the_as_of_date(make_site, as_of, status, text):
    site = build_site(make_site(PUBLICITY, as_of=as_of))
    cell = soup(site, "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun").select_one(".gk-meta__publicity")
    assert cell.select_one(".gk-tag").get_text() == status
    assert text in cell.get_text()
    row = soup(site, "county/huizhou/zfxxgk/fdzdgknr/gsgg").select_one("table.gk-list tbody tr")
    assert row.select_one(".gk-tag").get_text() == status
    records = json.loads((site / "opendata/items.json").read_text(encoding="utf-8"))
    assert records["as_of"] == as_of and records["items"][0]["publicity_status"] == status


def test_hand_written_guide_replaces_the_generated_text(make_site):
    site = build_site(
        make_site(
            {
                ITEM_PATH: item_text(),
                "content/county/huizhou/zfxxgk/zfxxgkzn.md": "---\ntitle: 指南\n---\n本指南由徽州区政府办公室编写。\n",
            }
        )
    )
    html = soup(site, "county/huizhou/zfxxgk/zfxxgkzn")
    assert "本指南由徽州区政府办公室编写。" in html.get_text()
    assert "主动公开的分类和编排" not in html.get_text()
    assert html.select_one(".gk-crumbs") is not None


@pytest.mark.parametrize(
    "rel, code",
    [
        ("content/county/nowhere/zfxxgk/zfxxgkzn.md", "PAGE-UNKNOWN-UNIT"),
        ("content/village/xidi-cun/zfxxgk/ysqgk.md", "PAGE-VILLAGE"),
        ("content/county/huizhou/zfxxgk/other.md", "ITEM-MISSING-FIELD"),
    ],
)
def test_only_known_unit_pages_are_allowed(make_site, caplog, rel, code):
    assert code in build_errors(make_site({rel: "---\ntitle: 指南\n---\n正文。\n"}), caplog)


def test_annual_report_column_lists_yearly_reports(make_site):
    report = item_text(genre="报告", doc_no=None, validity=None, title="徽州区人民政府2023年政府信息公开工作年度报告")
    other = item_text(
        genre="报告",
        doc_no=None,
        validity=None,
        title="徽州区2023年低保工作报告",
        index_no="1134100424042083XR/202403-00013",
    )
    site = build_site(make_site({ITEM_PATH: report, ITEM_PATH.replace("biaozhun", "baogao"): other}))
    titles = [a.get_text() for a in soup(site, "county/huizhou/zfxxgk/zfxxgknb").select("table.gk-list a")]
    assert "徽州区人民政府2023年政府信息公开工作年度报告" in titles
    assert "徽州区2023年低保工作报告" not in titles


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        (
            "columns:\n  - id: a\n    title: 甲\n    queries:\n      - domains: [shehui-jiuzu]\n",
            "catalogs/columns.yml:5: 错误 COLUMN-BAD-VALUE 字段 columns[0].queries[0].domains："
            "领域“shehui-jiuzu”不存在",
        ),
        (
            "columns:\n  - id: a\n    title: 甲\n    queries:\n      - genre: [公示]\n",
            "catalogs/columns.yml:5: 错误 COLUMN-UNKNOWN-FIELD 字段 columns[0].queries[0].genre："
            "未知字段“genre”。修改：是否应为 genres（体裁）？",
        ),
        (
            "columns:\n  - id: a\n    title: 甲\n    queries:\n      - from: 2024-02-30\n",
            "catalogs/columns.yml:5: 错误 COLUMN-BAD-VALUE 字段 columns[0].queries[0].from："
            "起始日期“2024-02-30”不是真实存在的日期",
        ),
        (
            "columns:\n  - id: a\n    title: 甲\n    queries: []\n",
            "catalogs/columns.yml:4: 错误 COLUMN-BAD-VALUE 字段 columns[0].queries：查询条件应为非空列表",
        ),
        (
            "columns:\n  - id: a\n    title: 甲\n    queries:\n      - units: [huizhou]\n"
            "  - id: a\n    title: 乙\n    queries:\n      - current: true\n",
            "catalogs/columns.yml:6: 错误 COLUMN-DUP-ID 字段 columns[1].id：专栏标识 a 重复",
        ),
    ],
)
def test_columns_file_errors_are_reported_in_chinese_with_line(make_site, caplog, yaml_text, expected):
    assert expected in build_errors(make_site({ITEM_PATH: item_text(), "catalogs/columns.yml": yaml_text}), caplog)
