"""The search index: built by the plugin with Pagefind's extended (Chinese) binary from the item pages only, fed
while pages render (in chunks, one bundle per year with search_split), left clean by failed builds, and
queried through Pagefind's own JS API and the search page's code in Node against the served site.

The queries a reader types, on the demo, are in tests/test_search_suite.py."""

import asyncio
import json
import os
import time
from pathlib import Path
from urllib.parse import quote, urlparse

from tests.helpers import (
    HUIZHOU_USCC,
    build_site,
    differing_files,
    item_id,
    item_text,
    pagefind_search,
    search_suite,
    top_ids,
    wait_for_results,
)

ITEMS = {
    "content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md": item_text(
        body="## 调整标准\n\n城乡最低生活保障标准调整为每人每月800元。\n"
    ),
    "content/county/huizhou/nongcun-weifang-gaizao/2023/buzhu.md": item_text(
        title="2023年农村危房改造补助资金分配公示",
        index_no=f"{HUIZHOU_USCC}/202305-00003",
        published="2023-05-10",
        written="2023-05-08",
        domain="nongcun-weifang-gaizao",
        catalog=None,
        doc_no=None,
        validity=None,
        genre="公示",
        topic="城乡建设、环境保护\\城乡建设（含住房）",
        summary="危房改造补助资金分配结果。",
        keywords="[危房改造]",
        body="## 补助对象\n\n本年度危房改造补助对象共12户。\n",
    ),
}


def test_chinese_queries_find_items_and_only_items_are_indexed(make_site, serve):
    site = build_site(make_site(ITEMS, search=True))
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == 2  # list pages, home and search page stay out
    results = pagefind_search(serve(site), [{"q": "最低生活保障"}, {"q": "危房改造"}])
    assert [r["url"].split("/", 3)[3] for r in results["最低生活保障"]] == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/"
    ]
    assert results["危房改造"][0]["title"] == "2023年农村危房改造补助资金分配公示"
    assert results["危房改造"][0]["filters"]["领域"] == ["农村危房改造"]
    assert results["危房改造"][0]["meta"]["发布机构"] == "徽州区"


def test_filters_narrow_results(make_site, serve):
    site = build_site(make_site(ITEMS, search=True))
    results = pagefind_search(serve(site), [{"q": "徽州区", "filters": {"年份": "2023"}}])
    assert [r["filters"]["年份"] for r in results["徽州区"]] == [["2023"]]


def test_split_by_year_builds_one_bundle_per_year_merged_by_the_page(make_site, serve):
    site = build_site(make_site(ITEMS, search=True, search_split="year"))
    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.is_dir()) == ["2023", "2024"]
    for year in ("2023", "2024"):
        entry = json.loads((site / "pagefind" / year / "pagefind-entry.json").read_text())
        assert entry["languages"]["zh"]["page_count"] == 1
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert """data-bundles='["../pagefind/2024/","../pagefind/2023/"]'""" in html
    answers = search_suite(serve(site), [{"q": "最低生活保障"}, {"q": "危房改造"}, {"q": "徽政办[2024]5号"}])
    assert [item_id(r["url"]) for r in answers["最低生活保障"]["results"]] == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun"
    ]
    assert [item_id(r["url"]) for r in answers["危房改造"]["results"]] == [
        "county/huizhou/nongcun-weifang-gaizao/2023/buzhu"
    ]
    assert top_ids(answers["徽政办[2024]5号"], 1) == ["county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun"]


def test_pagefind_gets_each_item_element_exactly_as_its_page_holds_it(make_site, monkeypatch):
    """The feed renders partials/item_index.html on its own while pages are converted; the page includes
    the same partial. Pagefind indexes what a reader sees on the item page, nothing else."""
    import re

    import gongkai.core.search.index as search

    fed = {}
    original = search.IndexFeed.add
    monkeypatch.setattr(
        search.IndexFeed,
        "add",
        lambda self, rel, element, year=None: (fed.__setitem__(rel, element), original(self, rel, element, year))[1],
    )
    site = build_site(make_site(ITEMS, search=True))
    assert sorted(fed) == [
        "county/huizhou/nongcun-weifang-gaizao/2023/buzhu/index.html",
        "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html",
    ]
    for rel, element in fed.items():
        page = (site / rel).read_text(encoding="utf-8")
        assert (
            element.startswith('<div class="gk-item" data-pagefind-body>') and element.count("data-pagefind-body") == 1
        )
        assert element in page  # byte for byte, links included
        assert search.index_document(element).startswith('<!DOCTYPE html><html lang="zh-CN">')
    assert re.search(
        r"城乡最低生活保障标准调整为每人每月800元", fed["county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html"]
    )


def test_pages_fed_in_chunks_while_rendering_index_each_item_once_per_year_bundle(make_site, serve, monkeypatch):
    import gongkai.core.search.index as search

    monkeypatch.setattr(search, "CHUNK_PAGES", 1)  # a round trip per page: the chunking is exercised
    root = make_site(ITEMS, search=True, search_split="year")
    site = build_site(root)
    for year in ("2023", "2024"):
        entry = json.loads((site / "pagefind" / year / "pagefind-entry.json").read_text())
        assert entry["languages"]["zh"]["page_count"] == 1
    assert not list(_staging_left(root))  # the staging tree is gone (deleted by a process while the build publishes)
    answers = search_suite(serve(site), [{"q": "最低生活保障"}, {"q": "危房改造"}])
    assert [item_id(r["url"]) for r in answers["最低生活保障"]["results"]] == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun"
    ]
    assert [item_id(r["url"]) for r in answers["危房改造"]["results"]] == [
        "county/huizhou/nongcun-weifang-gaizao/2023/buzhu"
    ]


def test_bundles_over_the_live_budget_are_indexed_after_rendering_with_the_same_result(make_site, monkeypatch):
    """Pagefind's memory is bounded (LIVE_PAGES): with a budget of one item only the newest year's service runs
    while pages render; the older year is indexed from its staged chunks afterwards, into the same bundle bytes."""
    import shutil

    import gongkai.core.search.index as search
    from tests.helpers import tree_digest

    monkeypatch.setattr(search, "CHUNK_PAGES", 1)
    live = build_site(make_site(ITEMS, search=True, search_split="year"))
    started = []
    real_open = search.IndexFeed._open

    async def counted_open(self, bundle):
        started.append((bundle, bundle in self.live))
        return await real_open(self, bundle)

    monkeypatch.setattr(search, "LIVE_PAGES", 1)
    monkeypatch.setattr(search.IndexFeed, "_open", counted_open)
    root2 = live.parent.parent / "deferred-src"  # the same source, built again
    shutil.copytree(live.parent, root2, ignore=shutil.ignore_patterns("site", "site.releases", ".cache"))
    deferred = build_site(root2)
    assert started == [("pagefind/2024/", True), ("pagefind/2023/", False)]
    for year in ("2023", "2024"):
        assert tree_digest(deferred / "pagefind" / year) == tree_digest(live / "pagefind" / year), year
    assert not list(_staging_left(root2))


def test_failed_builds_leave_no_search_staging_and_no_pagefind_process(make_site, monkeypatch, caplog):
    """Stopped by the release gate after rendering, or by an error while rendering (Pagefind already fed)."""
    import jinja2
    import pytest
    import yaml
    from mkdocs.exceptions import Abort

    import gongkai.core.search.index as search

    monkeypatch.setattr(search, "CHUNK_PAGES", 1)
    root = make_site(ITEMS, search=True)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "overrides/gongkai/partials").mkdir(parents=True)
    toolbar = root / "overrides/gongkai/partials/toolbar.html"
    for template, expected in [
        ('<a href="#nowhere">跳转</a>\n', "HTML-ANCHOR-MISSING"),
        ("{% if page and page.url.endswith('dibao-biaozhun/') %}{{ no_such.value }}{% endif %}\n", "no_such"),
    ]:  # the second item page fails; the first went to Pagefind already
        toolbar.write_text(template, encoding="utf-8")
        caplog.clear()
        with pytest.raises((Abort, jinja2.exceptions.UndefinedError)):
            build_site(root)
        assert expected in caplog.text
        assert not list(_staging_left(root))
        assert _pagefind_children() == []


def _staging_left(root, seconds: float = 30.0):
    """The search staging trees next to the site, once the process deleting them had `seconds` to do so."""
    import time

    deadline = time.monotonic() + seconds
    while list(root.glob(".gk-search-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return root.glob(".gk-search-*")


def _pagefind_children(wait: float = 5.0) -> list[int]:
    """Pagefind processes still running as children of this process (given `wait` seconds to exit)."""
    import os
    import subprocess
    import time

    deadline = time.monotonic() + wait
    while True:
        found = subprocess.run(
            ["pgrep", "-P", str(os.getpid()), "pagefind"], capture_output=True, text=True
        ).stdout.split()
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_a_bundle_indexed_again_after_an_incomplete_write_keeps_nothing_of_that_write(make_site, monkeypatch, tmp_path):
    """A bundle Pagefind left incomplete is indexed again. Files of the incomplete write (filter and meta files
    are named by a hash of content written in random order) must not stay beside the new ones: the site would
    differ from a build that wrote at once (a reproducible-build failure seen in CI)."""
    from pathlib import Path

    from click.testing import CliRunner

    import gongkai.core.search.index as search
    from gongkai.cli import cli

    root = make_site(ITEMS, search=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    assert CliRunner().invoke(cli, ["build", "-q", "-d", str(tmp_path / "at-once")]).exit_code == 0

    checked = []
    real = search.bundle_problems
    settle = search.WRITE_SETTLE_SECONDS

    def first_write_incomplete(bundle_dir, reference=None):
        checked.append(bundle_dir)
        if len(checked) == 1:  # what an interrupted write leaves: an empty entry and a filter file of its own
            (Path(bundle_dir) / "pagefind-entry.json").write_text("", encoding="utf-8")
            (Path(bundle_dir) / "filter" / "zh_0000000.pf_filter").write_bytes(b"partial")
            # the damaged write's wait was set short when it began; the next write waits as a build does (a
            # loaded machine can take seconds to finish Pagefind's files, and 0.3 s failed it once)
            monkeypatch.setattr(search, "WRITE_SETTLE_SECONDS", settle)
        return real(bundle_dir, reference)

    monkeypatch.setattr(search, "bundle_problems", first_write_incomplete)
    monkeypatch.setattr(search, "WRITE_SETTLE_SECONDS", 0.3)  # the damage stays: stop waiting for it soon
    result = CliRunner().invoke(cli, ["build", "-q", "-d", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert len(checked) >= 2  # indexed again
    assert differing_files(tmp_path / "at-once", tmp_path / "again") == []


# --- every written bundle verified, file by file (core/search/verify.py) ----------------------------------------


def test_a_complete_bundle_passes_and_each_kind_of_damage_is_named(make_site):
    import gzip
    import shutil

    from gongkai.core.search.index import find_extended_binary
    from gongkai.core.search.verify import bundle_problems, static_reference

    site = build_site(make_site(ITEMS, search=True))
    reference = asyncio.run(static_reference(find_extended_binary()))
    assert {"wasm.unknown.pagefind", "pagefind.js", "pagefind-ui.js"} <= set(reference)
    assert bundle_problems(str(site / "pagefind"), reference) == []

    def damaged(change) -> list[str]:
        copy = site.parent / "damaged"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site / "pagefind", copy)
        change(copy)
        return bundle_problems(str(copy), reference)

    wasm = (site / "pagefind/wasm.unknown.pagefind").read_bytes()
    assert damaged(lambda b: (b / "wasm.unknown.pagefind").write_bytes(wasm[: len(wasm) // 2])) == [
        f"wasm.unknown.pagefind：与 Pagefind 应写出的内容不同（{len(wasm) // 2} 字节，应为 {len(wasm)} 字节）"
    ]
    assert damaged(lambda b: (b / "pagefind-component-ui.js").unlink()) == ["pagefind-component-ui.js：缺少此文件"]
    chunk = sorted((site / "pagefind/index").iterdir())[0].name
    truncated = damaged(lambda b: (b / "index" / chunk).write_bytes((b / "index" / chunk).read_bytes()[:-9]))
    assert truncated == [f"index/{chunk}：压缩数据不完整"]
    fragment = sorted((site / "pagefind/fragment").iterdir())[0].name
    assert damaged(lambda b: (b / "fragment" / fragment).write_bytes(b"")) == [f"fragment/{fragment}：文件为空"]
    assert damaged(lambda b: (b / "fragment" / fragment).write_bytes(gzip.compress(b"{}"))) == [
        f"fragment/{fragment}：不是 Pagefind 数据文件"
    ]
    assert damaged(lambda b: (b / "pagefind-entry.json").write_text('{"version": "1.5', encoding="utf-8")) == [
        "pagefind-entry.json：内容不完整"
    ]


def test_a_build_whose_bundle_is_broken_after_writing_is_not_published(make_site, monkeypatch):
    """The release gate checks every bundle again: a file cut short after Pagefind wrote it (here: inside the
    stabilisation step) stops the build and leaves the published site alone."""
    from click.testing import CliRunner

    from gongkai.cli import cli
    from gongkai.core.search import index as search_index

    root = make_site(ITEMS, search=True)
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    published = (root / "site").resolve()
    real = search_index.stabilize

    def stabilize_then_cut(bundle_dir):
        real(bundle_dir)
        wasm = os.path.join(bundle_dir, "wasm.unknown.pagefind")
        with open(wasm, "r+b") as fh:
            fh.truncate(1000)

    monkeypatch.setattr(search_index, "stabilize", stabilize_then_cut)
    result = CliRunner().invoke(cli, ["build", "-q", "--full"])  # an incremental build would carry the bundle
    assert result.exit_code == 1
    assert "pagefind/wasm.unknown.pagefind：与 Pagefind 应写出的内容不同（1000 字节" in result.output
    assert "检索索引不完整，网站的搜索将无法使用" in result.output and "未发布" in result.output
    assert (root / "site").resolve() == published  # the published release is still the first one


def test_an_incomplete_write_is_written_again_and_the_search_works(make_site, serve, monkeypatch):
    """Pagefind's first write of the bundle is cut short (as a service stopped too early leaves it): the feed finds
    the bundle incomplete, indexes it again from its staging tree, and the site's search answers."""
    from gongkai.core.search import index as search_index

    real = search_index.IndexFeed._write
    calls = []

    async def cut_first_write(self, index, bundle):
        problems = await real(self, index, bundle)
        calls.append(problems)
        if len(calls) == 1:
            wasm = os.path.join(self._bundle_dir(bundle), "wasm.unknown.pagefind")
            open(wasm, "wb").close()
            return search_index.bundle_problems(self._bundle_dir(bundle), self.reference)
        return problems

    monkeypatch.setattr(search_index.IndexFeed, "_write", cut_first_write)
    site = build_site(make_site(ITEMS, search=True))
    assert len(calls) == 2 and calls[1] == []
    results = pagefind_search(serve(site), [{"q": "最低生活保障"}])
    assert [item_id(r["url"]) for r in results["最低生活保障"]] == ["county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun"]


def test_periods_name_and_order_the_bundles():
    import datetime as dt

    from gongkai.core.search.index import period_label, search_period

    day = dt.date(2025, 11, 3)
    assert [search_period(day, split) for split in ("none", "year", "quarter")] == [None, "2025", "2025q4"]
    assert [search_period(dt.date(2025, m, 1), "quarter") for m in (1, 3, 4, 9, 10)] == [
        "2025q1",
        "2025q1",
        "2025q2",
        "2025q3",
        "2025q4",
    ]
    assert [period_label(p) for p in (None, "2025", "2025q1", "2025q4")] == [
        "",
        "2025 年",
        "2025 年第一季度",
        "2025 年第四季度",
    ]
    assert sorted(["2024q4", "2025q1", "2024q1"], reverse=True) == ["2025q1", "2024q4", "2024q1"]  # newest first


def _quarter_items(newest: int) -> dict:
    """`newest` 公示 items published in 2024 Q4 and one each in 2024 Q1 (the default item) and 2023 Q2."""
    items = dict(ITEMS)
    for n in range(newest):
        items[f"content/county/huizhou/shehui-jiuzhu/2024/linshi-jiuzhu-{n}.md"] = item_text(
            title=f"徽州区临时救助对象公示（第{n + 1}批）",
            index_no=f"{HUIZHOU_USCC}/202411-{n + 20:05d}",
            written="2024-11-18",
            published=f"2024-11-{20 + n}",
            doc_no=None,
            validity=None,
            genre="公示",
            body=f"## 救助对象\n\n本批临时救助对象共{n + 3}户。\n",
        )
    return items


def test_split_by_quarter_searches_the_newest_quarter_first_then_older_ones(make_site, serve, new_page):
    """search_split: quarter: one bundle per quarter. With FIRST_ROWS hits in the newest quarter the page stops
    there and says how far back it looked; 在更早的文件中继续检索 merges the older quarters."""
    site = build_site(make_site(_quarter_items(5), search=True, search_split="quarter"))
    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.is_dir()) == ["2023q2", "2024q1", "2024q4"]
    counts = {
        q: json.loads((site / "pagefind" / q / "pagefind-entry.json").read_text())["languages"]["zh"]["page_count"]
        for q in ("2024q4", "2024q1", "2023q2")
    }
    assert counts == {"2024q4": 5, "2024q1": 1, "2023q2": 1}
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert """data-bundles='["../pagefind/2024q4/","../pagefind/2024q1/","../pagefind/2023q2/"]'""" in html

    base = serve(site)
    answers = search_suite(base, [{"q": "最低生活保障"}, {"q": "危房改造"}])
    assert [item_id(r["url"]) for r in answers["危房改造"]["results"]] == [
        "county/huizhou/nongcun-weifang-gaizao/2023/buzhu"
    ]
    page = new_page(width=375, height=740, is_mobile=True)
    page.goto(base + "search/?q=徽州区")
    page.wait_for_function("document.querySelectorAll('#gk-results li').length >= 5")
    assert "（已检索 2024 年第四季度以来的文件）" in page.inner_text("#gk-status")
    assert {item_id(u) for u in page.eval_on_selector_all("#gk-results li a[href]", "as => as.map(a => a.href)")} >= {
        f"county/huizhou/shehui-jiuzhu/2024/linshi-jiuzhu-{n}" for n in range(5)
    }
    older = page.locator("#gk-older")
    assert older.is_visible() and older.inner_text() == "在更早的文件中继续检索"
    older.click()
    page.wait_for_function("document.querySelector('#gk-status').innerText.startsWith('找到 7 条')")
    assert "以来的文件" not in page.inner_text("#gk-status")
    page.wait_for_function("document.querySelector('#gk-older').hidden")  # every bundle merged: nothing older

    # a 文号 is answered by the lookup table, whatever its quarter; older bundles are not merged to fill the page
    requests: list[str] = []
    page = new_page(width=375, height=740, is_mobile=True, requests=requests)
    page.goto(base + "search/?q=" + quote("徽政办[2024]5号"))  # the 2024 Q1 item
    wait_for_results(page, "#gk-exact li")
    page.wait_for_load_state("networkidle")
    assert [item_id(u) for u in page.eval_on_selector_all("#gk-exact li a", "as => as.map(a => a.href)")] == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun"
    ]
    assert page.locator("#gk-older").is_visible()
    assert {urlparse(u).path.split("/")[2] for u in requests if "/pagefind/" in u} == {"2024q4"}


def test_a_word_on_no_recent_page_merges_three_bundles_by_itself_and_the_rest_on_request(make_site, serve, new_page):
    """search_split: year with five years. A word only the 2020 item has: the search merges the newest bundle
    and two older ones by itself (each costs its page list and index chunks; a word on no page at all once
    merged every bundle, megabytes at 20k items), says how far back it looked, and 在更早的文件中继续检索 finds it."""
    items = dict(ITEMS)
    work = {True: "做好山洪灾害危险区群众转移安置。", False: "做好困难群众基本生活保障。"}
    for year in (2020, 2021, 2022):
        items[f"content/county/huizhou/shehui-jiuzhu/{year}/jiuzhu-{year}.md"] = item_text(
            title=f"徽州区{year}年社会救助工作要点",
            index_no=f"{HUIZHOU_USCC}/{year}03-00001",
            written=f"{year}-03-01",
            published=f"{year}-03-02",
            doc_no=None,
            body=f"## 工作要点\n\n{work[year == 2020]}\n",
        )
    site = build_site(make_site(items, search=True, search_split="year"))
    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.is_dir()) == [
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
    ]
    base = serve(site)
    requests: list[str] = []
    page = new_page(width=375, height=740, is_mobile=True, requests=requests)
    page.goto(base + "search/?q=" + quote("山洪"))
    page.wait_for_function("document.querySelector('#gk-status').innerText.startsWith('没有找到')", timeout=30000)
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#gk-status") == "没有找到与“山洪”相关的信息。（已检索 2022 年以来的文件）"
    assert {urlparse(u).path.split("/")[2] for u in requests if "/pagefind/" in u} == {"2024", "2023", "2022"}
    older = page.locator("#gk-older")
    # the first thing to try, so right under the status line, above the suggestions
    assert older.is_visible() and older.bounding_box()["y"] < page.locator("#gk-help").bounding_box()["y"]
    older.click()
    wait_for_results(page)
    assert [item_id(u) for u in page.eval_on_selector_all("#gk-results li h2 a", "as => as.map(a => a.href)")] == [
        "county/huizhou/shehui-jiuzhu/2020/jiuzhu-2020"
    ]


def test_a_staging_tree_left_by_a_killed_build_is_removed_by_the_next(tmp_path):
    """A build's staging tree is deleted by a process of its own while the build publishes; a tree that a killed
    build left is deleted when the next build's feed starts. A running build's tree is not touched."""
    import os

    import gongkai.core.search.index as search

    def gone(path, seconds: float = 30.0) -> bool:
        deadline = time.monotonic() + seconds
        while path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        return not path.exists()

    left = tmp_path / f"{search.STAGING_PREFIX}999999999-ab12"  # no such process
    running = tmp_path / f"{search.STAGING_PREFIX}{os.getpid()}-cd34"
    for folder in (left, running):
        (folder / "b00" / "00000").mkdir(parents=True)
        (folder / "b00" / "00000" / "index.html").write_text("<html></html>", encoding="utf-8")
    feed = search.IndexFeed(str(tmp_path / "site"))
    staging = Path(feed.staging)
    try:
        assert staging.name.startswith(f"{search.STAGING_PREFIX}{os.getpid()}-")
        assert gone(left)
    finally:
        feed.abort()
    assert gone(staging)
    assert (running / "b00" / "00000" / "index.html").is_file()
