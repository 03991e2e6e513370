"""Search acceptance on the built demo served on 127.0.0.1, through the search page's own logic
(assets/gongkai/search-core.js + Pagefind's JS API) in Node: the query suite (tests/search_queries.yml),
文号 / 索引号 lookups in every bracket variant, and facet filters."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import REPO, search_suite, top_ids

SUITE = yaml.safe_load((REPO / "tests" / "search_queries.yml").read_text(encoding="utf-8"))["queries"]


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
