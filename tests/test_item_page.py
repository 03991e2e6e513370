"""An item page carries the standard metadata box, the meta tags, the footer and search attributes."""

from bs4 import BeautifulSoup

from tests.helpers import ITEM_PATH, build_site, item_text


def page(site_dir, url):
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_item_page_metadata_box_and_meta_tags(make_site):
    site = build_site(make_site({ITEM_PATH: item_text()}))
    html = page(site, "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun")
    assert html.find("html")["lang"] == "zh-CN"
    assert html.title.string == "徽州区关于调整城乡最低生活保障标准的通知_社会救助_测试县人民政府"
    meta = {m["name"]: m["content"] for m in html.find_all("meta") if m.get("name")}
    assert meta["SiteName"] == "测试县人民政府"
    assert meta["SiteIDCode"] == "3410040001"
    assert meta["ColumnName"] == "社会救助"
    assert meta["ArticleTitle"] == "徽州区关于调整城乡最低生活保障标准的通知"
    assert meta["PubDate"] == "2024-03-08 09:30"
    assert meta["ContentSource"] == "徽州区人民政府"
    box = {
        th.get_text(): th.find_next_sibling("td").get_text(" ", strip=True) for th in html.select("table.gk-meta th")
    }
    assert box["索引号"] == "1134100424042083XR/202403-00012"
    assert box["文号"] == "徽政办〔2024〕5号"
    assert box["成文日期"] == "2024-03-05"
    assert box["发布日期"] == "2024-03-08 09:30"
    assert box["有效性"] == "有效"
    assert box["主题分类"] == "民政、扶贫、救灾\\社会福利"
    body = html.select_one("[data-pagefind-body]")
    filters = {s["data-pagefind-filter"]: s.get_text() for s in body.select("[data-pagefind-filter]")}
    assert filters == {
        "领域": "社会救助",
        "层级": "县级",
        "发布机构": "徽州区",
        "年份": "2024",
        "体裁": "通知",
        "有效性": "有效",
    }
    assert body.select_one("h2").get_text(strip=True).startswith("调整标准")
