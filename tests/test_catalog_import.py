"""`gongkai catalog import` on workbooks as counties actually fill them in, and the export staff print.

The workbooks are built here with openpyxl in the shapes of published county and township catalogs: a title
row and a 填报单位 line, the two-row header, 一级事项 and 公开依据 cells merged over several rows, 同上, blank
separator rows, a group heading merged across the table, a footnote, free-text channel cells (a site's own
name, two channels joined by "/", a channel followed by its web address, local platforms) and tick columns
left empty. Every row must be kept, the web addresses preserved, and every problem reported in one run.
"""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from gongkai.cli import cli
from gongkai.core.sources.excel import ImportOptions, read_workbook
from gongkai.core.sources.registry import load_registry
from tests.helpers import REPO, build_site

HEADER_TOP = [
    "序号",
    "公开事项",
    None,
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    None,
    "公开方式",
    None,
    "公开层级",
    None,
    "备注",
]
HEADER_SUB = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请"]
HEADER_SUB += ["区级", "乡、村级", None]
BASIS = "《中华人民共和国政府信息公开条例》、《社会救助暂行办法》"

# (序号, 一级事项, 二级事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 全社会, 特定群体, 主动, 依申请,
#  区级, 乡村级, 备注); None = an empty cell (merged cells are merged below)
ROWS = [
    [
        1,
        "综合业务",
        "政策法规文件",
        "《社会救助暂行办法》；各地配套政策法规文件",
        BASIS,
        "制定或获取信息之日起10个工作日内",
        "区民政局",
        "政府网站/财政部门网站公开",
        "√",
        None,
        "√",
        None,
        "√",
        "√",
        None,
    ],
    [
        2,
        None,
        "监督检查",
        "社会救助信访通讯地址；社会救助投诉举报电话",
        None,
        "同上",
        "区民政局、各乡镇人民政府",
        "徽州区（徽州区）政府网站、公开查阅点",
        "√",
        None,
        "√",
        None,
        "√",
        "√",
        None,
    ],
    [
        3,
        "最低生活保障",
        "审核信息",
        "初审对象名单及相关信息",
        "同上",
        "制定或获取信息之日起10个工作日内，公示7个工作日",
        "乡镇人民政府",
        "政府网站http://www.ahhz.gov.cn/\n社区/村公示栏(电子屏)",
        None,
        None,
        None,
        None,
        None,
        None,
        "公示期满无异议后报区民政局审批",
    ],
    [
        4,
        None,
        "审批信息",
        "低保对象名单及相关信息",
        "同上",
        "制定或获取信息之日起10个工作日内",
        "区民政局",
        "■政府网站 http://www.ahhz.gov.cn/zwgk/\n□政府公报\n■社区/企事业单位/村公示栏（电子屏）",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ],
    [
        5,
        "临时救助",
        "办理过程",
        "事项名称、办理进展",
        "同上",
        "及时公开",
        "区民政局",
        "发布会、听证会、入户/现场；村民微信群",
        None,
        "申请人",
        "√",
        None,
        "√",
        None,
        None,
    ],
]


def county_workbook(path, rows=ROWS, extra_column: str | None = None) -> None:
    """A 社会救助 catalog as a district sends it round: 填报单位 line, merged cells, 同上, blank rows, a group
    heading merged across the table and a footnote."""
    wb = Workbook()
    ws = wb.active
    ws.title = "社会救助"
    ws.append(["徽州区社会救助领域基层政务公开事项目录"])
    ws.append(["填报单位：徽州区民政局        填报时间：2024年3月"])
    top, sub = list(HEADER_TOP), list(HEADER_SUB)
    if extra_column:
        top.append(extra_column)
        sub.append(None)
    ws.append(top)
    ws.append(sub)
    ws.append(["一、综合业务与最低生活保障"] + [None] * 14)  # a group heading merged across the table
    ws.merge_cells("A5:O5")
    for i, row in enumerate(rows):
        ws.append(row)
        if i == 1:
            ws.append([None] * 15)  # a blank separator row
    ws.append(["注：■为必选项，□为可选项；“同上”指与上一事项相同。"])
    last = ws.max_row
    for col in range(1, 16):
        if HEADER_SUB[col - 1] is None:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    for span in ("B3:C3", "I3:J3", "K3:L3", "M3:N3", "A1:O1", "A2:O2"):
        ws.merge_cells(span)
    ws.merge_cells("B6:B7")  # 综合业务 over rows 1 and 2
    ws.merge_cells("E6:E7")  # 公开依据 over rows 1 and 2 (and 同上 below the blank row)
    ws.merge_cells("B9:B10")  # 最低生活保障 over rows 3 and 4
    assert ws.cell(last, 1).value.startswith("注")
    wb.save(path)


def run(root, *args, input=None):
    return CliRunner().invoke(cli, ["catalog", *args, "-f", str(root / "mkdocs.yml")], input=input)


def test_a_real_shaped_county_workbook_keeps_every_row_and_every_web_address(make_site, tmp_path):
    root = make_site({})
    book = tmp_path / "徽州区社会救助目录.xlsx"
    county_workbook(book)
    out = root / "catalogs/units-import/shehui-jiuzhu.yml"
    result = run(root, "import", str(book), "-d", "shehui-jiuzhu", "-o", str(out), "--accept-local")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    rows = data["rows"]
    assert [(r["seq"], r["item_l1"], r["item_l2"]) for r in rows] == [
        ("1", "综合业务", "政策法规文件"),
        ("2", "综合业务", "监督检查"),
        ("3", "最低生活保障", "审核信息"),
        ("4", "最低生活保障", "审批信息"),
        ("5", "临时救助", "办理过程"),
    ]
    assert [r["basis"] for r in rows] == [BASIS] * 5  # merged over rows 1-2, then 同上 across a blank row
    assert rows[1]["time_limit"] == "制定或获取信息之日起10个工作日内"  # 同上
    # free-text channels: "/" between two channels, a site's own name, URLs kept as the channel's link
    assert rows[0]["channels"] == ["政府网站", "财政部门网站"]
    assert rows[1]["channels"] == ["政府网站", "公开查阅点"]
    assert rows[2]["channels"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]
    assert rows[2]["channel_links"] == {"政府网站": "http://www.ahhz.gov.cn/"}
    assert rows[3]["channel_links"] == {"政府网站": "http://www.ahhz.gov.cn/zwgk/"}
    assert rows[4]["channels"] == ["发布会/听证会", "入户/现场", "村民微信群"]
    assert (rows[4]["audience"], rows[4]["audience_text"]) == ("特定群众", "申请人")
    # empty tick columns took the matching rows of the standard catalog, and the import says so
    assert (rows[2]["audience"], rows[2]["mode"], rows[2]["levels"]) == ("全社会", "主动", ["乡级", "村级"])
    assert (rows[3]["audience"], rows[3]["mode"], rows[3]["levels"]) == ("全社会", "主动", ["县级", "乡级", "村级"])
    assert "第 9 行（最低生活保障 › 审核信息）：公开对象为空，按标准目录事项 dbsh-shxx" in result.output
    assert "第 10 行（最低生活保障 › 审批信息）：公开层级为空，按标准目录事项 dbsh-spxx" in result.output
    assert "渠道“徽州区（徽州区）政府网站”按“政府网站”导入（H7）" in result.output
    assert "分组标题“一、综合业务与最低生活保障”，已跳过" in result.output and "表注" in result.output
    assert rows[2]["note"] == "公示期满无异议后报区民政局审批"
    # the two new local channels are declared in catalogs/channels.yml (data, not code) and the build accepts them
    assert "新增本地渠道 财政部门网站、村民微信群" in result.output
    channels = yaml.safe_load((root / "catalogs/channels.yml").read_text(encoding="utf-8"))["channels"]
    assert channels[-2:] == ["财政部门网站", "村民微信群"] and "投资项目在线审批监管平台" in channels
    registry = load_registry(str(root / "catalogs"), str(root))
    assert {"财政部门网站", "村民微信群"} <= set(registry.local_channels)


def test_unknown_channels_are_reported_once_all_together_and_nothing_is_written(make_site, tmp_path):
    root = make_site({})
    book = tmp_path / "目录.xlsx"
    county_workbook(
        book,
        ROWS
        + [
            [
                6,
                "临时救助",
                "审核审批信息",
                "救助对象名单",
                "同上",
                "及时公开",
                "区民政局",
                "政府网站/财政部门网站公开、村民微信群",
                "√",
                None,
                "√",
                None,
                "√",
                "√",
                None,
            ]
        ],
    )
    out = root / "catalogs/standard/shehui-jiuzhu.yml"
    before = out.read_text(encoding="utf-8")
    result = run(root, "import", str(book), "-d", "shehui-jiuzhu", "-o", str(out))
    assert result.exit_code == 1
    assert result.output.count("XLS-CHANNEL-UNKNOWN") == 1
    assert "2 个公开渠道不在渠道清单中：“财政部门网站”（H6、H12）；“村民微信群”（H11、H12）" in result.output
    assert "加 --accept-local" in result.output and "未写入任何文件" in result.output
    assert out.read_text(encoding="utf-8") == before
    assert "财政部门网站" not in (root / "catalogs/channels.yml").read_text(encoding="utf-8")


def test_an_interactive_import_asks_before_accepting_local_channels(make_site, tmp_path):
    root = make_site({})
    book = tmp_path / "目录.xlsx"
    county_workbook(book)
    out = tmp_path / "out.yml"
    declined = run(root, "import", str(book), "-d", "shehui-jiuzhu", "-o", str(out), "--interactive", input="n\n")
    assert declined.exit_code == 1 and "以下公开渠道不在渠道清单中：财政部门网站、村民微信群" in declined.output
    assert not out.exists()
    accepted = run(root, "import", str(book), "-d", "shehui-jiuzhu", "-o", str(out), "--interactive", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "村民微信群" in (root / "catalogs/channels.yml").read_text(encoding="utf-8")


def test_every_problem_of_a_workbook_is_reported_in_one_run_with_cell_and_fix(make_site, tmp_path):
    root = make_site({})
    bad = [list(r) for r in ROWS]
    bad[0][3] = None  # 公开内容 missing (D6)
    bad[3][6] = None  # 公开主体 missing (G10)
    bad[4][7] = "http://www.ahhz.gov.cn/ 政府网站"  # an address before any channel (H11)
    bad[4][10] = None  # no 公开方式, and no standard row named 办理过程 to default from
    book = tmp_path / "有问题的目录.xlsx"
    county_workbook(book, bad, extra_column="五公开")
    out = tmp_path / "out.yml"
    result = run(root, "import", str(book), "-d", "shehui-jiuzhu", "-o", str(out), "--accept-local")
    assert result.exit_code == 1
    lines = result.output
    assert "工作表“社会救助” 第 P 列: 错误 XLS-HEADER-UNKNOWN：表头“五公开”无法识别" in lines
    assert "工作表“社会救助” D6: 错误 XLS-CELL-EMPTY：公开内容（要素）为空。修改：每个事项都要填写该栏" in lines
    assert "工作表“社会救助” G10: 错误 XLS-CELL-EMPTY：公开主体为空" in lines
    assert "工作表“社会救助” H11: 错误 XLS-CHANNEL-URL：网址 http://www.ahhz.gov.cn/ 前面没有渠道名称" in lines
    assert (
        "工作表“社会救助” 第 11 行: 错误 XLS-TICK-EMPTY：临时救助 › 办理过程：公开方式没有勾选，"
        "标准目录中也没有对应的事项可以参照。修改：勾选“主动”或“依申请”；整列都没有勾选时，用 --modes 主动 指定"
    ) in lines
    assert "共 5 个问题；未写入任何文件。" in lines and not out.exists()


def test_tick_defaults_from_the_options_are_listed_and_dry_run_writes_nothing(make_site, tmp_path):
    root = make_site({})
    rows = [list(r) for r in ROWS]
    for r in rows:
        r[8:14] = [None] * 6  # every tick column left empty, as many offices send them
    book = tmp_path / "没有勾选的目录.xlsx"
    county_workbook(book, rows)
    out = tmp_path / "out.yml"
    args = ["import", str(book), "-d", "shehui-jiuzhu", "-o", str(out), "--accept-local"]
    result = run(root, *args, "--objects", "全社会", "--modes", "主动", "--levels", "县级,乡级", "--dry-run")
    assert result.exit_code == 0, result.output
    assert not out.exists() and "财政部门网站" not in (root / "catalogs/channels.yml").read_text(encoding="utf-8")
    assert "预演：5 个事项可以导入；未写入任何文件" in result.output
    assert f"# 将写入 {out}" in result.output and "item_l2: 审批信息" in result.output
    assert "  - 财政部门网站" in result.output  # the channels.yml it would write
    for n, label in ((6, "综合业务 › 政策法规文件"), (11, "临时救助 › 办理过程")):
        assert f"第 {n} 行（{label}）：公开方式为空，按命令行 --modes填为“主动”" in result.output
        assert f"第 {n} 行（{label}）：公开层级为空，按命令行 --levels填为“县级、乡级”" in result.output
    written = run(root, *args, "--objects", "全社会", "--modes", "主动", "--levels", "县级,乡级")
    assert written.exit_code == 0, written.output
    rows = yaml.safe_load(out.read_text(encoding="utf-8"))["rows"]
    assert {(r["audience"], r["mode"], tuple(r["levels"])) for r in rows} == {("全社会", "主动", ("县级", "乡级"))}


def test_single_word_columns_and_real_rows_of_a_published_catalog(make_site, tmp_path):
    """A one-row header with 公开对象 / 公开方式 / 公开层级 written as words, and rows of the 赛罕区 and 武昌区
    重大建设项目 catalogs (特定群众 = 项目单位; channels with a provincial platform)."""
    root = make_site({})
    wb = Workbook()
    ws = wb.active
    ws.title = "重大建设项目"
    ws.append(
        [
            "序号",
            "一级事项",
            "二级事项",
            "公开内容（要素）",
            "公开依据",
            "公开时限",
            "公开主体",
            "公开渠道和载体",
            "公开对象",
            "公开方式",
            "公开层级",
        ]
    )
    basis = "《中华人民共和国政府信息公开条例》、《关于推进重大建设项目批准和实施领域政府信息公开的意见》"
    ws.append(
        [
            1,
            "批准服务信息",
            "办事指南",
            "申报材料清单、批准流程、办理时限、受理机构联系方式、申报要求等",
            basis,
            "实时公开",
            "相关审批部门",
            "政府网站、两微一端、纸质媒体、投资项目在线审批监管平台",
            "全社会",
            "主动公开",
            "县级、乡、村级",
        ]
    )
    ws.append(
        [
            2,
            "批准服务信息",
            "办理过程信息",
            "事项名称、事项办理部门、办理进展等",
            basis,
            "及时公开",
            "相关审批部门",
            "政府网站/投资项目在线审批监管平台 https://tzxm.ahzwfw.gov.cn/",
            "项目单位",
            "主动",
            "县级",
        ]
    )
    ws.append(
        [
            3,
            "批准结果信息",
            "政府投资项目建议书审批",
            "审批结果、批复时间、批复文号、批复单位、项目名称、项目统一代码等",
            basis,
            "信息形成20个工作日内公开;其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示",
            "区发展改革委",
            "投资项目在线审批监管平台",
            "全社会",
            "主动",
            "县级",
        ]
    )
    book = tmp_path / "重大建设项目.xlsx"
    wb.save(book)
    out = tmp_path / "out.yml"
    result = run(root, "import", str(book), "-d", "zhongda-jianshe-xiangmu", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["levels"] == ["县级", "乡级", "村级"]
    first, second, third = data["rows"]
    assert (first["audience"], first["mode"], first["levels"]) == ("全社会", "主动", ["县级", "乡级", "村级"])
    assert (second["audience"], second["audience_text"]) == ("特定群众", "项目单位")
    assert second["channels"] == ["政府网站", "投资项目在线审批监管平台"]
    assert second["channel_links"] == {"投资项目在线审批监管平台": "https://tzxm.ahzwfw.gov.cn/"}
    assert third["channels"] == ["投资项目在线审批监管平台"]


def test_export_is_named_in_chinese_and_prints_on_a4_landscape(make_site, tmp_path):
    root = make_site({})
    out = tmp_path / "标准目录.xlsx"
    result = run(root, "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    registry = load_registry(str(root / "catalogs"), str(root))
    names = [d.name for d in registry.domains.values()]
    assert wb.sheetnames == names + ["gongkai"]
    ws = wb["社会救助"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)  # one page wide
    assert ws.print_title_rows == "$2:$3"  # the two header rows on every page
    assert ws.print_area == "'社会救助'!$A$1:$P$16"  # the hidden 事项标识 column is not printed
    assert "第 &P 页" in ws.oddFooter.center.text
    heights = [ws.row_dimensions[r].height for r in range(4, ws.max_row + 1)]
    assert min(heights) >= 4 * 14.5  # tall enough for the wrapped ■/□ channel list, not Excel's default 15 pt
    texts = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "取自" not in texts and "internal" not in texts  # internal notes are never exported
    assert "公示期满" not in texts
    meta = {row[0]: row[1] for row in wb["gongkai"].iter_rows(min_row=2, values_only=True)}
    assert meta["社会救助"] == "shehui-jiuzhu"


def test_channel_links_survive_export_and_reach_the_page_and_open_data(make_site, tmp_path):
    root = make_site({})
    book = tmp_path / "目录.xlsx"
    county_workbook(book)
    out = root / "catalogs/standard/shehui-jiuzhu.yml"
    before = out.read_text(encoding="utf-8")
    args = [
        "import",
        str(book),
        "-d",
        "shehui-jiuzhu",
        "-o",
        str(out),
        "--accept-local",
        "--compiled-by",
        "huangshan-mzj",
    ]
    refused = run(root, *args)  # 徽州区 and 岩寺镇 adjust rows this workbook does not have: the project must still load
    assert refused.exit_code == 1 and "未写入任何文件" in refused.output
    assert "catalogs/units/yansi/shehui-jiuzhu.yml:3: 错误 CAT-UNIT-UNKNOWN-ROW" in refused.output
    assert (
        out.read_text(encoding="utf-8") == before and "村民微信群" not in (root / "catalogs/channels.yml").read_text()
    )
    for unit in ("huizhou", "yansi"):
        (root / f"catalogs/units/{unit}/shehui-jiuzhu.yml").unlink()
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    registry = load_registry(str(root / "catalogs"), str(root))
    catalog = registry.domains["shehui-jiuzhu"].catalog
    exported = tmp_path / "again.xlsx"
    result = run(root, "export", "-d", "shehui-jiuzhu", "-o", str(exported))
    assert result.exit_code == 0, result.output
    back = read_workbook(
        str(exported),
        ImportOptions(domain_id="shehui-jiuzhu", local_channels=registry.local_channels, existing=catalog),
    ).catalog
    assert [r.channel_links for r in back.rows] == [r.channel_links for r in catalog.rows]
    assert back.rows[2].channel_links == {"政府网站": "http://www.ahhz.gov.cn/"}
    # the web address is shown with its channel on the catalog page and kept in the open data
    site_dir = build_site(root)
    page = (site_dir / "county/huizhou/catalog/shehui-jiuzhu/index.html").read_text(encoding="utf-8")
    assert '政府网站<span class="gk-c-url">（http://www.ahhz.gov.cn/zwgk/）</span>' in page  # 审批信息 (县级)
    data = json.loads((site_dir / "county/huizhou/catalog/shehui-jiuzhu.json").read_text(encoding="utf-8"))
    approval = next(r for r in data["rows"] if r["item_l2"] == "审批信息")
    assert approval["channel_links"] == {"政府网站": "http://www.ahhz.gov.cn/zwgk/"}
    csv_text = (site_dir / "county/huizhou/catalog/shehui-jiuzhu.csv").read_text(encoding="utf-8-sig")
    assert "政府网站 http://www.ahhz.gov.cn/zwgk/" in csv_text and "渠道网址" in csv_text.split("\n")[0]


def test_a_workbook_from_another_program_fails_with_the_fix(make_site, tmp_path):
    root = make_site({})
    book = tmp_path / "目录.xls"
    book.write_bytes(b"\xd0\xcf\x11\xe0 not really an xlsx")
    result = run(root, "import", str(book), "-o", str(tmp_path / "x.yml"))
    assert result.exit_code == 1
    assert "XLS-FILE" in result.output and ".xls 和 .et 请先用 Excel 或 WPS 另存为 .xlsx" in result.output


def test_repository_catalogs_round_trip_through_the_cli(make_site, tmp_path):
    """Export every standard catalog and import it back over itself: the files load to the same rows, internal
    notes included (they are kept from the file being replaced)."""
    root = make_site({})
    registry = load_registry(str(REPO / "catalogs"), str(REPO))
    book = tmp_path / "all.xlsx"
    assert run(root, "export", "-o", str(book)).exit_code == 0
    for domain in registry.domains.values():
        target = root / "catalogs" / domain.catalog_file
        result = run(root, "import", str(book), "-d", domain.id, "-o", str(target))
        assert result.exit_code == 0, (domain.id, result.output)
    after = load_registry(str(root / "catalogs"), str(root))
    for domain in registry.domains.values():
        before_rows = [(r.id, r.channels, r.note, r.internal_note) for r in domain.catalog.rows]
        after_rows = [(r.id, r.channels, r.note, r.internal_note) for r in after.domains[domain.id].catalog.rows]
        assert after_rows == before_rows, domain.id


def test_a_table_copied_from_a_web_page_unmerged_headings_and_blank_group_cells(make_site, tmp_path):
    """Rows of 泽州县's and 大竹县's published 社会救助 catalogs as a web page copies into Excel: the group headings
    (公开对象, 公开方式) sit in their first cell only, 一级事项 is written on a group's first row only, the ticks
    are lost. Every row is kept: the group continues, the ticks come from the standard catalog's rows."""
    root = make_site({})
    wb = Workbook()
    ws = wb.active
    ws.title = "社会救助"
    ws.append(["社会救助领域基层政务公开标准目录"])
    ws.append(
        [
            "序号",
            "公开事项",
            None,
            "公开内容（要素）",
            "公开依据",
            "公开时限",
            "公开主体",
            "公开渠道和载体",
            "公开对象",
            None,
            "公开方式",
            None,
            "公开层级",
            None,
        ]
    )
    ws.append(
        [
            None,
            "一级事项",
            "二级事项",
            None,
            None,
            None,
            None,
            None,
            "全社会",
            "特定群众",
            "主动",
            "依申请公开",
            "县级",
            "镇、村级",
        ]
    )
    basis = "《信息公开条例》及相关规定"
    limit = "制定或获取信息之日起10个工作日内"
    ws.append(
        [
            1,
            "综合业务",
            "政策法规文件",
            "《社会救助暂行办法》；各地配套政策法规文件",
            basis,
            limit,
            "县民政局、各乡(镇)人民政府(街道办事处)",
            "政府网站、公开查阅点、政务服务中心",
        ]
    )
    ws.append(
        [
            2,
            None,
            "监督检查",
            "社会救助信访通讯地址；社会救助投诉举报电话",
            basis,
            limit,
            "县民政局、各乡(镇)人民政府(街道办事处)",
            "政府网站、公开查阅点、政务服务中心、社区/企事业单位/村公示栏(电子屏)",
        ]
    )
    ws.append(
        [
            3,
            "最低生活保障",
            "政策法规文件",
            "《国务院关于进一步加强和改进最低生活保障工作的意见》、各地配套政策法规文件",
            basis,
            limit,
            "县民政局、各乡(镇)人民政府(街道办事处)",
            "政府网站、公开查阅点、政务服务中心",
        ]
    )
    ws.append(
        [
            4,
            None,
            "审核信息",
            "初审对象名单及相关信息",
            basis,
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            "乡镇政府(街道办事处)",
            "社区/企事业单位/村公示栏(电子屏)",
        ]
    )
    book = tmp_path / "泽州县社会救助.xlsx"
    wb.save(book)
    out = tmp_path / "out.yml"
    result = run(root, "import", str(book), "-d", "shehui-jiuzhu", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = yaml.safe_load(out.read_text(encoding="utf-8"))["rows"]
    assert [(r["item_l1"], r["item_l2"]) for r in rows] == [
        ("综合业务", "政策法规文件"),
        ("综合业务", "监督检查"),
        ("最低生活保障", "政策法规文件"),
        ("最低生活保障", "审核信息"),
    ]
    assert "第 5 行（综合业务 › 监督检查）：一级事项为空，按上一行的分组填为“综合业务”" in result.output
    assert rows[3]["levels"] == ["乡级", "村级"] and rows[3]["audience"] == "全社会"  # from the standard's dbsh-shxx
    assert "第 7 行（最低生活保障 › 审核信息）：公开层级为空，按标准目录事项 dbsh-shxx" in result.output
