"""年报: the three tables of 国办公开办函〔2021〕30号 from ledgers and items, cell by cell, and the ledger checks."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from gongkai.core.compliance.output import render_tables
from gongkai.core.compliance.report import load_items
from gongkai.core.sources.ledgers import B_NOTE, annual_report, load_ledger, load_ledgers
from gongkai.core.sources.registry import load_registry
from gongkai.core.sources.rules import load_rules
from tests.helpers import HUIZHOU_USCC, REPO, grid, item_text

REQUESTS = """\
requests:
  - id: A
    received: 2024-12-20
    applicant: 自然人
    carried_over: true
    outcome: 予以公开
    closed: 2025-01-08
  - id: B
    received: 2025-03-03
    applicant: 自然人
    outcome: 予以公开
    closed: 2025-03-20
  - id: C
    received: 2025-04-01
    applicant: 商业企业
    outcome: 部分公开
    closed: 2025-04-20
  - id: D
    received: 2025-05-06
    applicant: 科研机构
    outcome: 属于国家秘密
    closed: 2025-05-30
  - id: E
    received: 2025-06-02
    applicant: 社会公益组织
    outcome: 重复申请
    closed: 2025-06-10
  - id: F
    received: 2025-07-01
    applicant: 法律服务机构
    outcome: 其他
    closed: 2025-07-15
  - id: G
    received: 2025-12-29
    applicant: 其他
  - id: H
    received: 2025-09-01
    applicant: 自然人
    outcome: 本机关不掌握相关政府信息
    closed: 2025-09-10
"""
REVIEWS = """\
reviews:
  - {id: R1, kind: 行政复议, result: 结果纠正}
  - {id: R2, kind: 复议后起诉, result: 结果维持}
  - {id: R3, kind: 复议后起诉, result: 结果维持}
  - {id: R4, kind: 直接起诉, result: 尚未审结}
"""
FIGURES = 'licensing: "12"\npenalties: "3"\nenforcement: "0"\nfees: "1.5"\n'
NARRATIVE = """\
---
published: 2026-01-20
---
## 一、总体情况

总体良好。

## 五、存在的主要问题及改进情况

更新不及时。

## 六、其他需要报告的事项

无。
"""


def policy(slug, written, **extra):
    fields = dict(
        written=written,
        published=written,
        index_no=f"{HUIZHOU_USCC}/{written[:7].replace('-', '')}-{abs(hash(slug)) % 90000 + 1:05d}",
    )
    fields.update(extra)
    return {f"content/county/huizhou/shehui-jiuzhu/{written[:4]}/{slug}.md": item_text(**fields)}


@pytest.fixture
def ledger_site(make_site):
    files = {}
    normative = "行政规范性文件"  # an explicit property (doc_class), never "any 通知 with a 文号"
    files.update(policy("new-2025", "2025-03-05", doc_no="徽政办〔2025〕31号", doc_class=normative))  # 制发, 现行有效
    files.update(
        policy(
            "old-2023",
            "2023-01-10",
            genre="办法",
            doc_no="徽政〔2023〕31号",
            validity="废止",
            repealed="2025-06-01",
            doc_class=normative,
        )
    )  # 废止 in 2025, not current at year end
    files.update(policy("cur-2024", "2024-02-01", doc_no="徽政办〔2024〕31号", doc_class=normative))  # 现行有效
    files.update(policy("no-docno", "2025-04-01", doc_no=None, validity=None))  # not a 规范性文件
    files.update(policy("work-notice", "2025-05-01", doc_no="徽政办〔2025〕32号"))  # a 通知 with a 文号: not one either
    root = make_site(files)

    def write(unit="huizhou", year="2025", requests=REQUESTS, reviews=REVIEWS, figures=FIGURES, narrative=NARRATIVE):
        folder = root / "catalogs/ledgers" / unit / year
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in (
            ("requests.yml", requests),
            ("reviews.yml", reviews),
            ("figures.yml", figures),
            ("narrative.md", narrative),
        ):
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    return root, write


def build(root, folder, unit="huizhou", year=2025):
    registry = load_registry(str(root / "catalogs"), str(root))
    rules = load_rules(str(root / "catalogs"), str(root))
    corpus, problems = load_items(str(root / "content"), registry, str(root), None)
    assert not [p for p in problems if p.severity == "错误"], problems
    ledger, problems = load_ledger(str(folder), f"catalogs/ledgers/{unit}/{year}", registry.units[unit], year)
    return (
        ledger,
        problems,
        (lambda: annual_report(ledger, list(corpus.items.values()), rules.document_class, rules.rulemaking_levels)),
    )


APPLICANT_HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
L3 = "三、本年度办理结果"
NOT = "（三）不予公开"
NA = "（四）无法提供"
NP = "（五）不予处理"
OT = "（六）其他处理"
EXPECTED_B_LABELS = [
    ["一、本年新收政府信息公开申请数量"] * 3,
    ["二、上年结转政府信息公开申请数量"] * 3,
    [L3] + ["（一）予以公开"] * 2,
    [L3] + ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] * 2,
    [L3, NOT, "1.属于国家秘密"],
    [L3, NOT, "2.其他法律行政法规禁止公开"],
    [L3, NOT, "3.危及“三安全一稳定”"],
    [L3, NOT, "4.保护第三方合法权益"],
    [L3, NOT, "5.属于三类内部事务信息"],
    [L3, NOT, "6.属于四类过程性信息"],
    [L3, NOT, "7.属于行政执法案卷"],
    [L3, NOT, "8.属于行政查询事项"],
    [L3, NA, "1.本机关不掌握相关政府信息"],
    [L3, NA, "2.没有现成信息需要另行制作"],
    [L3, NA, "3.补正后申请内容仍不明确"],
    [L3, NP, "1.信访举报投诉类申请"],
    [L3, NP, "2.重复申请"],
    [L3, NP, "3.要求提供公开出版物"],
    [L3, NP, "4.无正当理由大量反复申请"],
    [L3, NP, "5.要求行政机关确认或重新出具已获取信息"],
    [L3, OT, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    [L3, OT, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    [L3, OT, "3.其他"],
    [L3] + ["（七）总计"] * 2,
    ["四、结转下年度继续办理"] * 3,
]
# hand-computed from REQUESTS: columns 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
EXPECTED_B_NUMBERS = {
    0: [2, 1, 1, 1, 1, 1, 7],  # 一: B, H | C | D | E | F | G
    1: [1, 0, 0, 0, 0, 0, 1],  # 二: A
    2: [2, 0, 0, 0, 0, 0, 2],  # 予以公开: A, B
    3: [0, 1, 0, 0, 0, 0, 1],  # 部分公开: C
    4: [0, 0, 1, 0, 0, 0, 1],  # 属于国家秘密: D
    12: [1, 0, 0, 0, 0, 0, 1],  # 本机关不掌握: H
    16: [0, 0, 0, 1, 0, 0, 1],  # 重复申请: E
    22: [0, 0, 0, 0, 1, 0, 1],  # 其他: F
    23: [3, 1, 1, 1, 1, 0, 7],  # 总计
    24: [0, 0, 0, 0, 0, 1, 1],  # 四: G
}


def test_three_tables_match_the_hand_computed_fixture_cell_by_cell(ledger_site):
    root, write = ledger_site
    ledger, problems, make = build(root, write())
    assert not problems
    soup = BeautifulSoup(render_tables(make()), "html.parser")
    a, b, c = soup.find_all("table")

    cells_a, spans_a = grid(a)
    assert cells_a == [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "/", "/", "/"],  # a county government has no rule-making power
        ["行政规范性文件", "1", "1", "2"],
        ["第二十条第（五）项"] * 4,
        ["信息内容"] + ["本年处理决定数量"] * 3,
        ["行政许可"] + ["12"] * 3,
        ["第二十条第（六）项"] * 4,
        ["信息内容"] + ["本年处理决定数量"] * 3,
        ["行政处罚"] + ["3"] * 3,
        ["行政强制"] + ["0"] * 3,
        ["第二十条第（八）项"] * 4,
        ["信息内容"] + ["本年收费金额（单位：万元）"] * 3,
        ["行政事业性收费"] + ["1.5"] * 3,
    ]
    for r in (0, 4, 7, 11):  # block title rows span all four columns
        assert spans_a[(r, 0)] == (1, 4)
    assert spans_a[(5, 1)] == (1, 3) and spans_a[(6, 1)] == (1, 3)

    cells_b, spans_b = grid(b)
    assert len(cells_b) == 3 + 25 and all(len(row) == 10 for row in cells_b)
    assert cells_b[0] == [B_NOTE] * 3 + ["申请人情况"] * 7
    assert cells_b[1] == [B_NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert cells_b[2] == [B_NOTE] * 3 + APPLICANT_HEAD
    assert spans_b[(0, 0)] == (3, 3) and spans_b[(0, 3)] == (1, 7)
    assert spans_b[(1, 3)] == (2, 1) and spans_b[(1, 4)] == (1, 5) and spans_b[(1, 9)] == (2, 1)
    assert spans_b[(5, 0)] == (22, 1)  # 三、本年度办理结果 spans its 22 rows
    assert (
        spans_b[(7, 1)] == (8, 1)
        and spans_b[(15, 1)] == (3, 1)
        and spans_b[(18, 1)] == (5, 1)
        and spans_b[(23, 1)] == (3, 1)
    )
    for i, labels in enumerate(EXPECTED_B_LABELS):
        row = cells_b[3 + i]
        assert row[:3] == labels, i
        assert row[3:] == [str(n) for n in EXPECTED_B_NUMBERS.get(i, [0] * 7)], (i, labels)

    cells_c, spans_c = grid(c)
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert cells_c[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert cells_c[1] == results + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert cells_c[2] == results + results * 2
    assert cells_c[3] == [str(n) for n in [0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 2, 0, 0, 0, 2]]
    assert spans_c[(0, 0)] == (1, 5) and spans_c[(0, 5)] == (1, 10)
    assert all(spans_c[(1, k)] == (2, 1) for k in range(5))
    assert spans_c[(1, 5)] == (1, 5) and spans_c[(1, 10)] == (1, 5)


def test_sections_come_in_the_fixed_order(ledger_site):
    root, write = ledger_site
    _, _, make = build(root, write())
    report = make()
    assert [number for number, _, _ in report.sections] == ["一", "二", "三", "四", "五", "六"]
    assert report.url == "county/huizhou/zfxxgk/zfxxgknb/2025/"


def test_a_ledger_violating_the_consistency_rule_is_an_error_naming_the_row_and_column(ledger_site):
    root, write = ledger_site
    # a 2024 request handled in 2025 but not marked carried_over: counted on the right side only
    broken = REQUESTS.replace("    carried_over: true\n", "", 1)
    _, problems, _ = build(root, write(requests=broken))
    balance = [str(p) for p in problems if p.code == "NB-TABLE-B-BALANCE"]
    assert balance == [
        "catalogs/ledgers/huizhou/2025/requests.yml: 错误 NB-TABLE-B-BALANCE 字段 “自然人”列："
        "表三“自然人”列勾稽关系不成立："
        "第一项（本年新收）2 + 第二项（上年结转）0 = 2，而第三项（七）总计 3 + 第四项（结转下年度继续办理）0 = 3。"
        "修改：核对台账：每件申请必须在左边（本年新收或上年结转）和右边（办理结果或结转下年度）各计一次",
        "catalogs/ledgers/huizhou/2025/requests.yml: 错误 NB-TABLE-B-BALANCE 字段 “总计”列："
        "表三“总计”列勾稽关系不成立："
        "第一项（本年新收）7 + 第二项（上年结转）0 = 7，而第三项（七）总计 7 + 第四项（结转下年度继续办理）1 = 8。"
        "修改：核对台账：每件申请必须在左边（本年新收或上年结转）和右边（办理结果或结转下年度）各计一次",
    ]
    record = [p for p in problems if p.code == "NB-REQUEST-CARRIED"]
    assert record and record[0].line == 2 and "2024 年收到的申请未标明上年结转" in record[0].message


@pytest.mark.parametrize(
    "change, code, text",
    [
        (
            lambda r: r.replace("applicant: 商业企业", "applicant: 企业"),
            "NB-REQUEST-BAD-VALUE",
            "申请人类型“企业”不是允许的值",
        ),
        (
            lambda r: r.replace("outcome: 重复申请", "outcome: 重复"),
            "NB-REQUEST-BAD-VALUE",
            "办理结果“重复”不是表三的办理结果",
        ),
        (lambda r: r.replace("    closed: 2025-03-20\n", "", 1), "NB-REQUEST-OUTCOME", "填写了办理结果但没有办结日期"),
        (
            lambda r: r.replace("received: 2025-09-01", "received: 2026-01-05"),
            "NB-REQUEST-YEAR",
            "不在 2025 年度及以前",
        ),
    ],
)
def test_ledger_record_errors(ledger_site, change, code, text):
    root, write = ledger_site
    _, problems, _ = build(root, write(requests=change(REQUESTS)))
    assert any(p.code == code and text in p.message for p in problems), [str(p) for p in problems]


def test_narrative_must_not_write_the_generated_sections(ledger_site):
    root, write = ledger_site
    narrative = NARRATIVE.replace("## 五、", "## 二、主动公开政府信息情况\n\n手写表格。\n\n## 五、")
    _, problems, _ = build(root, write(narrative=narrative))
    assert [p.code for p in problems] == ["NB-NARRATIVE-GENERATED"]
    assert problems[0].line == 8


def test_carry_over_must_match_last_years_ledger(ledger_site):
    root, write = ledger_site
    write(year="2024", requests="requests: []\n")  # 2024 carried nothing forward, but 2025 says 1 (A)
    write()
    registry = load_registry(str(root / "catalogs"), str(root))
    _, problems = load_ledgers(str(root / "catalogs"), str(root), registry.units)
    assert [p.code for p in problems if p.path.startswith("catalogs/ledgers/huizhou/2025")] == ["NB-CARRY-OVER"]


def test_demo_ledgers_are_consistent():
    registry = load_registry(str(REPO / "catalogs"), str(REPO))
    ledgers, problems = load_ledgers(str(REPO / "catalogs"), str(REPO), registry.units)
    assert not problems
    assert {("huizhou", 2025), ("yansi", 2025)} <= set(ledgers)


def test_demo_site_publishes_the_annual_reports_in_the_nianbao_column(demo_site):
    page = BeautifulSoup(
        (demo_site / "county/huizhou/zfxxgk/zfxxgknb/2025/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [h.get_text(strip=True) for h in page.select("article h2, .md-content h2")][:6] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    table_b = grid(page.find("table", id="table-b"))[0]
    numbers = {row[2]: [int(x) for x in row[3:]] for row in table_b[3:]}
    first, second = table_b[3][3:], table_b[4][3:]
    total, forward = numbers["（七）总计"], numbers["四、结转下年度继续办理"]
    assert [int(a) + int(b) for a, b in zip(first, second, strict=False)] == [
        c + d for c, d in zip(total, forward, strict=False)
    ]
    assert numbers["一、本年新收政府信息公开申请数量"][6] == 9
    column = (demo_site / "county/huizhou/zfxxgk/zfxxgknb/index.html").read_text(encoding="utf-8")
    assert "徽州区人民政府2025年政府信息公开工作年度报告" in column
    assert (demo_site / "township/yansi/zfxxgk/zfxxgknb/2025/index.html").is_file()
