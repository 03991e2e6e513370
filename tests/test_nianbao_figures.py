"""年报 figures as offices keep them: a whole year entered as the totals of the published tables (totals.yml),
and the same year as the office's Excel 依申请公开登记台账 imported with `gongkai nianbao import`.

The year is shaped like a district's real 2024 report: 95 new requests and 4 carried over, outcomes spread over
17 rows of 表三, 4 carried into 2025, 6 复议/诉讼 cases, 表二's 规范性文件 figures given as numbers because the
documents are not on the site. Both ways in must produce the same three tables on the public 年报 page, with the
consistency rules passing; a year whose totals do not add up fails with the exact messages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from openpyxl import Workbook

from gongkai.cli import cli
from gongkai.core.sources.ledgers import APPLICANTS, B_ROWS, OUTCOMES, load_ledgers
from gongkai.core.sources.registry import load_registry
from tests.helpers import build_site, grid

YEAR = 2024
FOLDER = f"catalogs/ledgers/huizhou/{YEAR}"
# 表三 as published, columns 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
TABLE_B = {
    "本年新收": [80, 10, 0, 1, 3, 1],
    "上年结转": [4, 0, 0, 0, 0, 0],
    "予以公开": [41, 6, 0, 1, 2, 0],
    "部分公开": [5, 1, 0, 0, 0, 0],
    "属于国家秘密": [1, 0, 0, 0, 0, 0],
    "危及“三安全一稳定”": [1, 0, 0, 0, 0, 0],
    "保护第三方合法权益": [2, 1, 0, 0, 0, 0],
    "属于三类内部事务信息": [1, 0, 0, 0, 0, 0],
    "属于四类过程性信息": [3, 0, 0, 0, 0, 0],
    "属于行政执法案卷": [1, 0, 0, 0, 0, 0],
    "属于行政查询事项": [2, 0, 0, 0, 0, 0],
    "本机关不掌握相关政府信息": [12, 1, 0, 0, 1, 0],
    "没有现成信息需要另行制作": [2, 0, 0, 0, 0, 0],
    "补正后申请内容仍不明确": [1, 0, 0, 0, 0, 0],
    "信访举报投诉类申请": [2, 0, 0, 0, 0, 0],
    "重复申请": [3, 0, 0, 0, 0, 0],
    "无正当理由大量反复申请": [1, 0, 0, 0, 0, 0],
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [2, 0, 0, 0, 0, 0],
    "其他": [1, 0, 0, 0, 0, 1],
    "结转下年度继续办理": [3, 1, 0, 0, 0, 0],
}
# 表四: 行政复议, 未经复议直接起诉, 复议后起诉 × 结果维持, 结果纠正, 其他结果, 尚未审结
TABLE_C = {"行政复议": [2, 1, 0, 0], "未经复议直接起诉": [1, 0, 0, 1], "复议后起诉": [1, 0, 0, 0]}
FIGURES = """\
# 徽州区人民政府 2024 年报表二的申报数字
licensing: "1286"
penalties: "214"
enforcement: "9"
fees: "35.62"
normative_documents: ["6", "2", "41"]  # 区政府的行政规范性文件：网站上没有逐件公开，按登记数填写
"""
NARRATIVE = """\
---
title: 徽州区人民政府2024年政府信息公开工作年度报告
published: 2025-03-20
---
## 一、总体情况

2024年，徽州区全年新收政府信息公开申请 95 件，上年结转 4 件。

## 五、存在的主要问题及改进情况

部分答复文书说理不够充分。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""


def totals_yaml(table_b=TABLE_B, table_c=TABLE_C, with_totals=True) -> str:
    """totals.yml written as an office copies its published tables: 7 numbers per row (with the 总计)."""

    def row(cells):
        cells = list(cells) + ([sum(cells)] if with_totals else [])
        return "[" + ", ".join(f'"{n}"' for n in cells) + "]"

    lines = ["# 徽州区 2024 年报表三、表四（按已公布的年报录入）", "requests:"]
    lines += [f"  {name}: {row(cells)}" for name, cells in table_b.items()]
    lines += ["reviews:"] + [f"  {name}: {row(cells)}" for name, cells in table_c.items()]
    return "\n".join(lines) + "\n"


def year_site(make_site, **files):
    root = make_site(
        {f"{FOLDER}/figures.yml": FIGURES, f"{FOLDER}/narrative.md": NARRATIVE}
        | {f"{FOLDER}/{name}": text for name, text in files.items()}
    )
    shutil.rmtree(root / "catalogs/ledgers/huizhou/2025")  # the demo's 2025 ledger carries on from another 2024
    return root


def expected_b() -> list[list[int]]:
    """The 25 rows of 表三 with their 7 numbers, from TABLE_B (rows not given are 0; 总计 rows added up)."""
    by_key = {key: [0] * 6 for key, _, _, _ in B_ROWS}
    aliases = {"本年新收": "1", "上年结转": "2", "结转下年度继续办理": "4"}
    for name, cells in TABLE_B.items():
        by_key[aliases.get(name) or OUTCOMES[name]] = cells
    by_key["3.7"] = [sum(by_key[k][c] for k, _, _, _ in B_ROWS if k.startswith("3.") and k != "3.7") for c in range(6)]
    return [by_key[key] + [sum(by_key[key])] for key, _, _, _ in B_ROWS]


def published_tables(site_dir) -> tuple[list, list, list]:
    page = BeautifulSoup(
        (site_dir / f"county/huizhou/zfxxgk/zfxxgknb/{YEAR}/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    return tuple(grid(page.find("table", id=t))[0] for t in ("table-a", "table-b", "table-c"))


def assert_published_tables(site_dir) -> None:
    a, b, c = published_tables(site_dir)
    assert a[2] == ["规章", "/", "/", "/"] and a[3] == ["行政规范性文件", "6", "2", "41"]
    assert a[6] == ["行政许可"] + ["1286"] * 3 and a[13] == ["行政事业性收费"] + ["35.62"] * 3
    assert [row[3:] for row in b[3:]] == [[str(n) for n in row] for row in expected_b()]
    left = [x + y for x, y in zip(expected_b()[0], expected_b()[1], strict=True)]
    right = [x + y for x, y in zip(expected_b()[23], expected_b()[24], strict=True)]
    assert left == right == [84, 10, 0, 1, 3, 1, 99]  # 一 + 二 = 三（七）总计 + 四, column by column
    assert c[3] == ["2", "1", "0", "0", "3", "1", "0", "0", "1", "2", "1", "0", "0", "0", "1"]


# -- the register workbook as an office keeps it ------------------------------------------------------------------

WRITTEN_APPLICANT = {"自然人": "公民", "商业企业": "企业", "科研机构": "科研机构", "社会公益组织": "社会公益组织"}
WRITTEN_APPLICANT |= {"法律服务机构": "律师事务所", "其他": "其他"}
WRITTEN_OUTCOME = {  # how registers write an outcome: with its group, or plainly
    "属于国家秘密": "不予公开（属于国家秘密）",
    "本机关不掌握相关政府信息": "无法提供-本机关不掌握相关政府信息",
    "重复申请": "不予处理：重复申请",
    "予以公开": "予以公开",
}


def register_rows() -> list[list]:
    """One row per request, generated from TABLE_B: 4 carried over from December 2023, 95 received in 2024, of
    which the last ones per column are still open at the end of the year."""
    rows, n = [], 0
    for col, applicant in enumerate(APPLICANTS):
        outcomes = [name for name, cells in TABLE_B.items() if name in OUTCOMES for _ in range(cells[col])]
        carried, new = TABLE_B["上年结转"][col], TABLE_B["本年新收"][col]
        still_open = TABLE_B["结转下年度继续办理"][col]
        assert len(outcomes) + still_open == carried + new
        for i in range(carried + new):
            n += 1
            if i < carried:
                received = dt.date(YEAR - 1, 12, 20 + i)  # answered in January: carried into this year
            elif i >= carried + new - still_open:
                received = dt.date(YEAR, 12, 20 + i % 5)
            else:
                received = dt.date(YEAR, 1 + i % 11, 1 + i % 27)
            outcome = outcomes[i] if i < len(outcomes) else None
            closed = received + dt.timedelta(days=16) if outcome else None
            received_cell = received if n % 3 else f"{received.year}年{received.month}月{received.day}日"
            rows.append(
                [
                    n,
                    f"徽区依申〔{received.year}〕{n}号",
                    f"申请人{n}",
                    WRITTEN_APPLICANT[applicant],
                    "139****0000",
                    "申请公开某项目的批复文件",
                    "网上申请",
                    received_cell,
                    WRITTEN_OUTCOME.get(outcome, outcome) if outcome else None,
                    closed,
                    "否",
                    "电话告知申请人" if n % 7 == 0 else None,
                ]
            )
    return rows


def register_workbook(path, rows=None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "登记台账"
    ws.append([f"徽州区人民政府{YEAR}年政府信息公开申请登记台账"])
    ws.append(
        [
            "序号",
            "申请编号",
            "申请人姓名（名称）",
            "申请人类型",
            "联系电话",
            "申请内容",
            "申请方式",
            "收到申请日期",
            "办理结果",
            "答复日期",
            "是否延期",
            "备注",
        ]
    )
    for row in rows if rows is not None else register_rows():
        ws.append(row)
    ws.merge_cells("A1:L1")
    wb.save(path)


REVIEWS = """\
reviews:
  - {id: 黄复〔2024〕12号, kind: 行政复议, result: 结果维持}
  - {id: 黄复〔2024〕19号, kind: 行政复议, result: 结果维持}
  - {id: 黄复〔2024〕27号, kind: 行政复议, result: 结果纠正}
  - {id: （2024）皖1004行初3号, kind: 直接起诉, result: 结果维持}
  - {id: （2024）皖1004行初11号, kind: 直接起诉, result: 尚未审结}
  - {id: （2024）皖10行终5号, kind: 复议后起诉, result: 结果维持}
"""


# -- tests ---------------------------------------------------------------------------------------------------------


def test_a_whole_year_entered_as_totals_gives_the_three_tables(make_site):
    root = year_site(make_site, **{"totals.yml": totals_yaml()})
    site_dir = build_site(root)
    assert_published_tables(site_dir)
    registry = load_registry(str(root / "catalogs"), str(root))
    ledgers, problems = load_ledgers(str(root / "catalogs"), str(root), registry.units)
    assert [p for p in problems if p.severity == "错误"] == []
    assert ledgers[("huizhou", YEAR)].requests is None  # no register: the published figures are the totals


def test_the_same_year_as_a_register_workbook_imported_with_the_cli(make_site, tmp_path):
    root = year_site(make_site, **{"reviews.yml": REVIEWS})
    book = tmp_path / "依申请公开登记台账2024.xlsx"
    register_workbook(book)
    result = CliRunner().invoke(
        cli, ["nianbao", "import", str(book), "-u", "huizhou", "-y", str(YEAR), "-f", str(root / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.output
    assert f"已从 {book} 导入 99 件申请" in result.output
    assert "徽州区2024年：99 件申请（本年新收 95、上年结转 4；办结 95、结转下年度 4）" in result.output
    assert (
        "C 列“申请人姓名（名称）”（个人信息，不导入）" in result.output
        and "L 列“备注”（个人信息，不导入）" in result.output
    )
    text = (root / FOLDER / "requests.yml").read_text(encoding="utf-8")
    assert not re.search(r"申请人\d", text) and "139" not in text and "电话告知" not in text and "网上申请" not in text
    records = yaml.safe_load(text)["requests"]
    assert len(records) == 99 and sum(1 for r in records if r.get("carried_over")) == 4
    assert {r["outcome"] for r in records if "outcome" in r} >= {"属于国家秘密", "本机关不掌握相关政府信息", "重复申请"}
    assert [r for r in records if r["id"] == "徽区依申〔2024〕6号"][0]["received"] == dt.date(
        2024, 6, 6
    )  # typed as 2024年6月6日
    site_dir = build_site(root)
    assert_published_tables(site_dir)


def test_records_and_totals_together_must_agree_and_the_report_says_where_cells_come_from(make_site, tmp_path):
    root = year_site(make_site, **{"totals.yml": totals_yaml(with_totals=False), "reviews.yml": REVIEWS})
    book = tmp_path / "台账.xlsx"
    register_workbook(book)
    config = str(root / "mkdocs.yml")
    assert (
        CliRunner().invoke(cli, ["nianbao", "import", str(book), "-u", "huizhou", "-y", "2024", "-f", config]).exit_code
        == 0
    )
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["report", "-f", config, "--as-of", "2025-04-01", "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sources = next(r["sources"] for r in data["annual_reports"] if r["unit"] == "huizhou" and r["year"] == YEAR)
    assert sources["table_a"][:2] == [
        "规章：由网站上文件类别为规章的公开信息统计",
        f"行政规范性文件：录入数字（{FOLDER}/figures.yml）",
    ]
    assert sources["table_b"] == [
        f"全部数字：录入合计数（{FOLDER}/totals.yml）",
        f"已与登记台账核对一致（{FOLDER}/requests.yml，99 件）",
    ]
    assert sources["table_c"][1] == f"已与行政复议、行政诉讼登记核对一致（{FOLDER}/reviews.yml，6 件）"
    dashboard = (out / "units/huizhou.html").read_text(encoding="utf-8")
    assert f"全部数字：录入合计数（{FOLDER}/totals.yml）" in dashboard


def test_inconsistent_totals_fail_with_the_exact_messages(make_site, tmp_path):
    table_b = dict(TABLE_B, 予以公开=[40, 6, 0, 1, 2, 0])  # one request lost on the right-hand side
    table_c = dict(TABLE_C)
    root = year_site(make_site, **{"totals.yml": totals_yaml(table_b, table_c)})
    path = root / FOLDER / "totals.yml"
    text = path.read_text(encoding="utf-8").replace(
        '行政复议: ["2", "1", "0", "0", "3"]', '行政复议: ["2", "1", "0", "0", "4"]'
    )
    path.write_text(text, encoding="utf-8")
    registry = load_registry(str(root / "catalogs"), str(root))
    _, problems = load_ledgers(str(root / "catalogs"), str(root), registry.units)
    assert [str(p) for p in problems] == [
        f"{FOLDER}/totals.yml:24: 错误 NB-TABLE-C-BALANCE 字段 reviews.行政复议："
        "表四“行政复议”的总计 4 不等于 结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 3。"
        "修改：核对四种结果的数字；总计也可以不写，由系统相加",
    ]
    path.write_text(
        text.replace('行政复议: ["2", "1", "0", "0", "4"]', '行政复议: ["2", "1", "0", "0", "3"]'), encoding="utf-8"
    )
    _, problems = load_ledgers(str(root / "catalogs"), str(root), registry.units)
    assert [str(p) for p in problems] == [
        f"{FOLDER}/totals.yml: 错误 NB-TABLE-B-BALANCE 字段 “自然人”列：表三“自然人”列勾稽关系不成立："
        "第一项（本年新收）80 + 第二项（上年结转）4 = 84，而第三项（七）总计 80 + 第四项（结转下年度继续办理）3 = 83。"
        "修改：核对录入的合计数：左边（本年新收、上年结转）之和必须等于右边（办理结果总计、结转下年度）之和",
        f"{FOLDER}/totals.yml: 错误 NB-TABLE-B-BALANCE 字段 “总计”列：表三“总计”列勾稽关系不成立："
        "第一项（本年新收）95 + 第二项（上年结转）4 = 99，而第三项（七）总计 94 + 第四项（结转下年度继续办理）4 = 98。"
        "修改：核对录入的合计数：左边（本年新收、上年结转）之和必须等于右边（办理结果总计、结转下年度）之和",
    ]
    # an office that keeps its register too: the entered totals must agree with it, cell by cell
    book = tmp_path / "台账.xlsx"
    register_workbook(book)
    result = CliRunner().invoke(
        cli, ["nianbao", "import", str(book), "-u", "huizhou", "-y", "2024", "-f", str(root / "mkdocs.yml")]
    )
    assert result.exit_code == 1 and not (root / FOLDER / "requests.yml").exists()
    assert (
        f"{FOLDER}/totals.yml:5: 错误 NB-TOTALS-MISMATCH 字段 requests：表三“（一）予以公开”录入的合计数与 "
        f"{FOLDER}/requests.yml 登记的申请不一致：自然人 录入 40、台账 41。"
        "修改：核对两处：台账应逐件登记本年度的申请；只有合计数的，删除 requests.yml，只保留 totals.yml"
    ) in result.output
    built = CliRunner().invoke(cli, ["build", "-q", "-f", str(root / "mkdocs.yml")])
    assert built.exit_code == 1 and "NB-TABLE-B-BALANCE" in built.output and not (root / "site").exists()


def test_a_total_that_does_not_add_up_and_an_unknown_row_are_named(make_site):
    text = totals_yaml().replace(
        '部分公开: ["5", "1", "0", "0", "0", "0", "6"]', '部分公开: ["5", "1", "0", "0", "0", "0", "7"]'
    )
    text = text.replace("  重复申请:", "  重复:")
    root = year_site(make_site, **{"totals.yml": text})
    registry = load_registry(str(root / "catalogs"), str(root))
    _, problems = load_ledgers(str(root / "catalogs"), str(root), registry.units)
    messages = [(p.code, p.line, p.message) for p in problems]
    assert ("NB-TOTALS-SUM", 6, "表三“部分公开”的总计 7 不等于六类申请人之和 6") in messages
    assert ("NB-TOTALS-ROW", 18, "“重复”不是表三的行") in messages


@pytest.mark.parametrize(
    "cell, value, code, message",
    [
        (
            "D",
            "法人或其他组织",
            "REG-APPLICANT",
            "申请人类型“法人或其他组织”无法对应表三的申请人列（“法人或其他组织”须分到具体类别）",
        ),
        ("H", "3月5日", "REG-BAD-DATE", "收到日期“3月5日”不是日期"),
        ("I", "已答复", "REG-OUTCOME", "办理结果“已答复”无法对应表三的办理结果"),
    ],
)
def test_register_rows_that_cannot_be_read_name_their_cell(make_site, tmp_path, cell, value, code, message):
    root = year_site(make_site)
    rows = register_rows()
    rows[4][{"D": 3, "H": 7, "I": 8}[cell]] = value  # the fifth request, on worksheet row 7
    book = tmp_path / "台账.xlsx"
    register_workbook(book, rows)
    result = CliRunner().invoke(
        cli, ["nianbao", "import", str(book), "-u", "huizhou", "-y", "2024", "-f", str(root / "mkdocs.yml")]
    )
    assert result.exit_code == 1
    assert f"工作表“登记台账” {cell}7: 错误 {code}：{message}" in result.output
    assert "未写入任何文件" in result.output and not (root / FOLDER / "requests.yml").exists()
