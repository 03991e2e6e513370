"""Search acceptance on the built demo served on 127.0.0.1, through the search page's own logic
(assets/gongkai/search-core.js + Pagefind's JS API) in Node: the query suite (tests/search_queries.yml),
文号 / 索引号 lookups in every bracket variant, facet filters, excerpts from the body text only, and queries
whose words are not on the site."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.helpers import REPO, item_id, pagefind_search, search_suite, top_ids

QUERIES = yaml.safe_load((REPO / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
SUITE = QUERIES["queries"]


@pytest.fixture(scope="module")
def suite_answers(demo_url):
    return search_suite(demo_url, [{"q": q["q"], "limit": 5} for q in SUITE])


def test_suite_has_at_least_40_real_queries_with_existing_answers():
    assert len(SUITE) >= 40
    for q in SUITE:
        ids = q.get("expect", []) + q.get("any", [])
        assert ids, q
        for i in ids:
            assert (REPO / "content" / f"{i}.md").is_file(), (q["q"], i)


@pytest.mark.parametrize("query", SUITE, ids=[q["q"] for q in SUITE])
def test_query_finds_its_documents_in_top_5(query, suite_answers):
    top = top_ids(suite_answers[query["q"]])
    missing = [i for i in query.get("expect", []) if i not in top]
    assert not missing, f"{query['q']}: {missing} not in top 5 {top}"
    if query.get("any"):
        assert set(query["any"]) & set(top), f"{query['q']}: none of {query['any']} in top 5 {top}"


DOC = "city/huangshan/jiuzai/2024/ziran-zaihai-jiuzhu-yingji-yuan"  # 黄政办〔2024〕19号
DOC_NO_VARIANTS = [
    "黄政办〔2024〕19号",
    "黄政办[2024]19号",
    "黄政办(2024)19号",
    "黄政办（2024）19号",
    "黄政办【2024】19号",
    "黄政办［２０２４］１９号",
    "黄政办2024年19号",
    "黄政办 2024 19号",
    "黄政办〔2024〕第19号",
    "黄政办2024]19",
]
INDEX_NO = "11341023452935376Q/202409-00003"  # 宏潭乡 最低生活保障审核确认服务指南
INDEX_DOC = "township/hongtan/shehui-jiuzhu/2024/dibao-banshi-zhinan"
INDEX_NO_VARIANTS = [
    INDEX_NO,
    INDEX_NO.lower(),
    "11341023452935376Q 202409 00003",
    "１１３４１０２３４５２９３５３７６Ｑ／２０２４０９－００００３",
    "11341023452935376Q20240900003",
]


def test_doc_no_and_index_no_in_every_variant_return_the_document_first(demo_url):
    answers = search_suite(demo_url, [{"q": q, "limit": 3} for q in DOC_NO_VARIANTS + INDEX_NO_VARIANTS])
    for q in DOC_NO_VARIANTS:
        assert top_ids(answers[q], 1) == [DOC], (q, answers[q]["exact"])
        assert answers[q]["exact"][0]["docNo"] == "黄政办〔2024〕19号"
    for q in INDEX_NO_VARIANTS:
        assert top_ids(answers[q], 1) == [INDEX_DOC], (q, answers[q]["exact"])
    # the pinned hit is not repeated in the ranked list below it
    for q in DOC_NO_VARIANTS + INDEX_NO_VARIANTS:
        assert len(set(top_ids(answers[q], 3))) == len(top_ids(answers[q], 3))


def test_facets_narrow_results(demo_url):
    def rows(**query):
        return search_suite(demo_url, [{"q": "补贴", **query}])["补贴"]["results"]

    plain = rows()
    domain_only = rows(filters={"领域": "涉农补贴"})
    both = rows(filters={"领域": "涉农补贴", "年份": "2025"})
    assert both, "no 涉农补贴 results in 2025"
    # a 办事一本通 PDF belongs to every domain of its guides, so 领域 may hold several values
    for r in domain_only:
        assert "涉农补贴" in r["filters"]["领域"], r
    for r in both:
        assert "涉农补贴" in r["filters"]["领域"] and r["filters"]["年份"] == ["2025"], r
    assert len(plain) > len(domain_only) > len(both)
    dated = rows(filters={"领域": "涉农补贴", "年份": "2025"}, sort="date")
    assert sorted(r["url"] for r in dated) == sorted(r["url"] for r in both)
    dates = [r["meta"]["发布日期"] for r in dated]
    assert dates == sorted(dates, reverse=True)


def test_level_facet_accepts_several_values(demo_url):
    q = {"q": "低保", "filters": {"层级": {"any": ["乡级", "村级"]}}}
    rows = search_suite(demo_url, [q])["低保"]["results"]
    levels = {r["filters"]["层级"][0] for r in rows}
    assert rows and levels <= {"乡级", "村级"}, levels


# --- excerpts -------------------------------------------------------------------------------------------------------

LABELS = ["信息属性", "索引号", "主题分类", "成文日期", "信息来源", "内容概述"]  # the 信息属性 box's own words


def _flat(text: str) -> str:
    """Text compared without whitespace and without the full stops Pagefind adds at the end of blocks."""
    return re.sub(r"[\s.]+", "", text)


def _body_and_filler(site, url: str) -> tuple[str, str]:
    """An item page's body text (between #gk-text and #gk-search-terms, Material's ¶ links left out, as Pagefind
    leaves them out) and its hidden synonyms."""
    page = (site / item_id(url) / "index.html").read_text(encoding="utf-8")
    start = page.index('id="gk-text"')
    end = page.index('<div hidden class="gk-search-terms" id="gk-search-terms">')
    body = BeautifulSoup("<div " + page[start:end], "html.parser")
    for link in body.select(".headerlink"):
        link.decompose()
    filler = BeautifulSoup(page[end:], "html.parser").find("div").get_text()
    return body.get_text(" "), filler


def test_excerpts_come_from_the_body_text_only(demo_url, demo_site):
    answers = search_suite(demo_url, [{"q": q, "limit": 10} for q in QUERIES["excerpts"]])
    checked = marked = 0
    for q, answer in answers.items():
        assert answer["results"], q
        for r in answer["results"]:
            excerpt = r["excerpt"]
            text = html.unescape(re.sub(r"</?mark>", "", excerpt))
            assert re.fullmatch(r"([^<>]|<mark>|</mark>)*", excerpt), (q, excerpt)  # the page text escaped, <mark> only
            if r["url"].endswith(".pdf"):  # a 办事一本通 PDF's record is its text: Pagefind's own excerpt
                continue
            body, filler = _body_and_filler(demo_site, r["url"])
            assert _flat(text) in _flat(body), (q, r["url"], excerpt)
            assert not any(label in text for label in LABELS if label not in body), (q, r["url"], excerpt)
            if filler.strip():
                assert _flat(filler) not in _flat(text), (q, r["url"], excerpt)
            checked += 1
            marked += "<mark>" in excerpt
    assert checked >= 60 and marked >= checked // 2, (checked, marked)


def test_pagefinds_own_excerpt_would_show_the_metadata(demo_url):
    """Why bodyExcerpt exists: Pagefind's own excerpt is the densest run of hits in the whole indexed element, and for
    a query matching a title that is the title and the 信息属性 box after it."""
    answer = search_suite(demo_url, [{"q": "临时救助", "limit": 5, "pagefindExcerpt": True}])["临时救助"]
    own = [r for r in answer["results"] if "信息属性" in r["pagefindExcerpt"]]
    assert own, [r["pagefindExcerpt"] for r in answer["results"]]
    assert not any("信息属性" in r["excerpt"] or "索引号" in r["excerpt"] for r in own)


def test_body_excerpt_keeps_to_the_body_and_escapes_it():
    zws = "\u200b"
    words = ["城乡低保", " 低保金", ". ", "标题", ". ", "信息属性", " 索引号", " 1134", ". "]  # synonyms, title, box
    body_at = len(words)
    words += ["第一条", " 按", "&lt;b&gt;", "低保", "标准", " A&B", "。"] + [" 字"] * 50
    end_at = len(words)
    words += ["低保", " 低保", " 低保"]  # the hidden synonyms after the body
    raw = zws.join(words)
    hits = [0, 1, body_at + 3, end_at, end_at + 1, end_at + 2]
    data = {
        "raw_content": raw,
        "anchors": [
            {"element": "div", "id": "gk-text", "location": body_at},
            {"element": "div", "id": "gk-search-terms", "location": end_at},
        ],
        "weighted_locations": [{"location": h, "balanced_score": 10.0, "weight": 1} for h in hits],
        "excerpt": "Pagefind",
    }
    no_hit = dict(data, weighted_locations=[{"location": 0, "balanced_score": 10.0, "weight": 1}])
    plain = {"raw_content": raw, "anchors": [], "excerpt": "Pagefind 的摘要"}
    empty = dict(
        data,
        anchors=[
            {"element": "div", "id": "gk-text", "location": 5},
            {"element": "div", "id": "gk-search-terms", "location": 5},
        ],
    )
    node = shutil.which("node")
    assert node, "Node.js is required for the search tests (apt-get install nodejs)"
    cases = [{"data": data, "length": 8}, {"data": no_hit, "length": 4}, {"data": plain}, {"data": empty}]
    out = subprocess.run(
        [node, str(REPO / "tests/js/body_excerpt.mjs"), json.dumps(cases)], capture_output=True, text=True, check=True
    ).stdout
    hit, start, fallback, nothing = json.loads(out)
    # body words only, only the body's hit marked, the window around it as Pagefind places it (the middle of the
    # equally dense ones), the text escaped (raw_content escapes < and > only)
    assert hit == "&lt;b&gt;<mark>低保</mark>标准 A&amp;B。 字 字 字", hit
    assert start == "第一条 按&lt;b&gt;低保", start  # no hit in the body: its first words, nothing marked
    assert fallback == "Pagefind 的摘要"  # no marks (a 办事一本通 PDF): Pagefind's own excerpt
    assert nothing == ""


def test_body_excerpt_marks_the_bodys_own_wording_of_a_concept_word_and_leaves_concept_words_out():
    """A colloquial term is searched by its concept word (docs/search.md §4), which Pagefind finds in the hidden
    element only: the body's own wording of it is marked by the page, in the pieces jieba cut it into; a 办事一本通
    PDF's record ends in concept words, which never show."""
    zws = "\u200b"
    words = ["标题", ". "] + ["第一条", " 城乡", "最低", "生活", "保障", "标准", "。"] + [" 字"] * 20
    body_at, end_at = 2, 2 + 7 + 20
    words += [" gkkhqqiqej", " gkkhqqiqej"]
    item = {
        "raw_content": zws.join(words),
        "anchors": [
            {"element": "div", "id": "gk-text", "location": body_at},
            {"element": "div", "id": "gk-search-terms", "location": end_at},
        ],
        "weighted_locations": [{"location": end_at, "balanced_score": 10.0, "weight": 1}],  # the concept word
    }
    pdf_words = ["办事", "指南", " 最低", "生活", "保障", "。", " gkkhqqiqej"]
    pdf = {
        "raw_content": zws.join(pdf_words),
        "anchors": [],
        "excerpt": "gkkhqqiqej",
        "weighted_locations": [{"location": 6, "balanced_score": 10.0, "weight": 1}],
    }
    cases = [
        {"data": item, "length": 6, "marks": ["最低生活保障", "低保"]},
        {"data": pdf, "marks": ["最低生活保障", "低保"]},
    ]
    out = subprocess.run(
        [shutil.which("node"), str(REPO / "tests/js/body_excerpt.mjs"), json.dumps(cases)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    marked, printed = json.loads(out)
    assert marked == "城乡<mark>最低</mark><mark>生活</mark><mark>保障</mark>标准。", marked
    assert printed == "办事指南<mark> 最低</mark><mark>生活</mark><mark>保障</mark>。", (
        printed
    )  # as Pagefind marks a word


# --- words that are not on the site -------------------------------------------------------------------------------


def test_queries_whose_words_are_not_on_the_site_find_nothing_or_only_partial_matches(demo_url, demo_site):
    cases = QUERIES["absent"]
    answers = search_suite(demo_url, [{"q": c["q"], "withContent": True} for c in cases])
    pages = " ".join(
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text()
        for p in demo_site.rglob("index.html")
        if 'id="gk-text"' in p.read_text(encoding="utf-8")
    )
    for c in cases:
        a = answers[c["q"]]
        assert a["exact"] == [] and a["full"] == 0, (c["q"], a["full"])
        assert set(c["missing"]) <= set(a["missing"]), (c["q"], a["missing"])
        for w in a["missing"]:
            assert w not in pages, (c["q"], w)  # a word called missing is on no item page
        if c.get("partial"):
            assert a["results"], c["q"]
            for r in a["results"]:
                assert r["partial"] and any(w in r["content"] for w in c["partial"]), (c["q"], r["url"])
        else:
            assert a["results"] == [], (c["q"], [r["url"] for r in a["results"]])


def test_question_words_do_not_make_a_query_partial(demo_url):
    a = search_suite(demo_url, [{"q": "低保怎么申请", "limit": 5}])["低保怎么申请"]
    assert a["full"] > 0 and a["missing"] == [] and "怎么" not in a["words"], a["words"]
    assert not any(r["partial"] for r in a["results"])


def test_no_facet_value_stands_for_a_missing_value(demo_url, demo_corpus):
    counts = pagefind_search(demo_url, [{"name": "counts", "filter_counts": True}])["counts"]
    assert "—" not in counts["有效性"] and "" not in counts["有效性"], counts["有效性"]
    without = sum(1 for item in demo_corpus.items.values() if not item.validity)
    assert without > 0  # the demo has items without 有效性: they are simply not counted under it
    for facet, values in counts.items():
        assert "—" not in values, facet
