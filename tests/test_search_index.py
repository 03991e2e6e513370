"""The Pagefind index is built by the plugin with the extended (Chinese) binary and queried through
Pagefind's own JS API in Node against the served site."""

import json

from conftest import HUIZHOU_USCC, build_site, item_text, pagefind_search

ITEMS = {
    "content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md": item_text(
        body="## 调整标准\n\n城乡最低生活保障标准调整为每人每月800元。\n"),
    "content/county/huizhou/nongcun-weifang-gaizao/2023/buzhu.md": item_text(
        title="2023年农村危房改造补助资金分配公示", index_no=f"{HUIZHOU_USCC}/202305-00003", published="2023-05-10",
        written="2023-05-08", domain="nongcun-weifang-gaizao", catalog=None, doc_no=None, validity=None, genre="公示",
        topic="城乡建设、环境保护\\城乡建设（含住房）", summary="危房改造补助资金分配结果。",
        keywords="[危房改造]", body="## 补助对象\n\n本年度危房改造补助对象共12户。\n"),
}


def test_chinese_queries_find_items_and_only_items_are_indexed(make_site, serve):
    site = build_site(make_site(ITEMS, search=True))
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == 2  # list pages, home and search page stay out
    results = pagefind_search(serve(site), [{"q": "最低生活保障"}, {"q": "危房改造"}])
    assert [r["url"].split("/", 3)[3] for r in results["最低生活保障"]] == ["county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/"]
    assert results["危房改造"][0]["title"] == "2023年农村危房改造补助资金分配公示"
    assert results["危房改造"][0]["filters"]["领域"] == ["农村危房改造"]
    assert results["危房改造"][0]["meta"]["发布机构"] == "徽州区"


def test_filters_narrow_results(make_site, serve):
    site = build_site(make_site(ITEMS, search=True))
    results = pagefind_search(serve(site), [{"q": "徽州区", "filters": {"年份": "2023"}}])
    assert [r["filters"]["年份"] for r in results["徽州区"]] == [["2023"]]
