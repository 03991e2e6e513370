"""村（居）务公开: village items roll up to their township (core/villages.py, catalogs/standard/cunwu-gongkai.yml).

Acceptance: a village item appears on its township's page and under the matching township catalog row.
"""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup

from gongkai.core.base.timelimits import parse_time_limit
from tests.helpers import REPO

VILLAGE_ITEM = "village/chengkan-cun/cunwu-gongkai/2026/cunmin-daibiao-huiyi-jueyi-2026-q3/"


def soup(site, rel):
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_village_list_timing_rules_parse():
    rows = yaml.safe_load((REPO / "catalogs/standard/cunwu-gongkai.yml").read_text(encoding="utf-8"))["rows"]
    kinds = {r["id"]: parse_time_limit(r["time_limit"]).kind for r in rows}
    assert kinds["zzsx-jcjy"] == "periodic" and kinds["cwgk-szmx"] == "periodic"  # quarterly, monthly finances
    assert kinds["zzsx-zdsx"] == "promptly"  # major matters at once
    assert all(r["levels"] == ["村级"] for r in rows)


def test_village_items_on_township_page(demo_site):
    page = soup(demo_site, "township/chengkan")
    villages = page.select(".gk-villages > li")
    assert [li.a.get_text() for li in villages] == ["呈坎村"]
    links = [a["href"] for a in villages[0].select("ul a")]
    assert "../../" + VILLAGE_ITEM in links
    assert "已公开" in villages[0].select_one(".gk-village__coverage").get_text()


def test_village_item_under_township_catalog_row(demo_site):
    # the village's own self-governance list row, on the township's catalog page
    page = soup(demo_site, "township/chengkan/catalog/cunwu-gongkai")
    row = page.select_one("tr#row-zzsx-jcjy")
    hrefs = [a["href"] for a in row.select(".gk-c-items a")]
    assert "../../../../" + VILLAGE_ITEM in hrefs
    assert "（呈坎村）" in row.select_one(".gk-c-items").get_text()
    # a 26-domain row whose 层级 includes 村级 (危房改造补助名单) lists the village's 公示 too
    page = soup(demo_site, "township/chengkan/catalog/nongcun-weifang-gaizao")
    hrefs = [a["href"] for a in page.select("tr#row-bzzj-bzmd .gk-c-items a")]
    assert any("village/chengkan-cun/nongcun-weifang-gaizao/" in h for h in hrefs), hrefs
    # a village item is not credited to a township it does not belong to
    other = soup(demo_site, "township/yansi/catalog/nongcun-weifang-gaizao")
    assert not any("chengkan-cun" in a["href"] for a in other.select(".gk-c-items a"))
