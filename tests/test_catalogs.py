"""Standard catalogs (基层政务公开标准目录): 公开时限 rules parsed from their Chinese wording, working days with 调休,
a unit's catalog inherited from its county with rows dropped, added or overridden, coverage (已公开 / 未公开 / 逾期)
per row, the catalog pages, the Excel round trip and the open data."""

import dataclasses
import datetime as dt
import json
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from openpyxl import Workbook

from gongkai.cli import cli
from gongkai.core.base.problems import ContentError
from gongkai.core.base.timelimits import UnparsedTimeLimit, parse_time_limit
from gongkai.core.base.workdays import CalendarRangeError, add_working_days, is_workday, working_days_between
from gongkai.core.compliance.coverage import compute_coverage
from gongkai.core.sources.corpus import load_corpus
from gongkai.core.sources.excel import ExcelFormatError, export_workbook, import_workbook
from gongkai.core.sources.registry import load_registry
from tests.helpers import HUIZHOU_USCC, REPO, SITE_FURNITURE, build_site, item_text

D = dt.date


@pytest.fixture(scope="module")
def registry():
    return load_registry(str(REPO / "catalogs"), str(REPO))


def row_data(row):
    data = dataclasses.asdict(row)
    data.pop("lines")
    return data


def public_row_data(row):
    """What a catalog row shows the public: everything but its internal note (never exported)."""
    data = row_data(row)
    data.pop("internal_note")
    return data


# -- working days -------------------------------------------------------------------------------------


def test_working_days_follow_the_official_calendar_with_tiaoxiu():
    # National Day 2025: 10-01 … 10-08 off; Sunday 09-28 and Saturday 10-11 are working days (调休).
    assert add_working_days(D(2025, 9, 26), 10) == D(2025, 10, 16)  # weekday arithmetic would say 10-10
    assert is_workday(D(2025, 9, 28)) and is_workday(D(2025, 10, 11)) and not is_workday(D(2025, 10, 6))
    assert add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 11)  # the 调休 Saturday counts
    assert working_days_between(D(2025, 10, 9), D(2025, 10, 22)) == 10
    assert add_working_days(D(2025, 1, 1), 0) == D(2025, 1, 1)


def test_dates_outside_the_calendar_raise_a_clear_error():
    with pytest.raises(CalendarRangeError) as exc:
        add_working_days(D(2026, 12, 20), 20)
    assert "2027" in str(exc.value) and "chinesecalendar" in str(exc.value) and "升级" in str(exc.value)


# -- 公开时限 rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, n, event",
    [
        ("信息形成或者变更之日起20个工作日内", "working_days_after_event", 20, "信息形成或者变更"),
        ("自信息形成或者变更之日起20个工作日内予以公开", "working_days_after_event", 20, "信息形成或者变更"),
        ("信息形成之后20个工作日内", "working_days_after_event", 20, "信息形成"),
        ("分配结果确定后20个工作日内", "working_days_after_event", 20, "分配结果确定"),
        (
            "本级人民代表大会或其常务委员会批准后20日内",
            "calendar_days_after_event",
            20,
            "本级人民代表大会或其常务委员会批准",
        ),
        ("部门预算经本级财政部门批复后20日内公开", "calendar_days_after_event", 20, "部门预算经本级财政部门批复"),
        ("实时公开", "realtime", None, None),
        ("及时公开", "promptly", None, None),
        ("按进展情况及时公开", "promptly", None, None),
        ("随时公布", "promptly", None, None),
        ("常年公开", "standing", None, None),
        ("提前一周发通知邀请", "before_event", 7, None),
    ],
)
def test_time_limit_phrasings_parse(text, kind, n, event):
    rule = parse_time_limit(text)
    assert (rule.kind, rule.n, rule.event, rule.text) == (kind, n, event, text)


def test_time_limit_extras_publicity_law_exception_and_periods():
    rule = parse_time_limit("制定或获取信息之日起10个工作日内，公示7个工作日")
    assert (rule.kind, rule.n, rule.publicity.n, rule.publicity.working) == ("working_days_after_event", 10, 7, True)
    assert parse_time_limit(
        "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。"
    ).law_override
    rule = parse_time_limit("信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示")
    assert rule.n == 20 and rule.exceptions[0].scope == "行政许可、行政处罚事项" and rule.exceptions[0].rule.n == 7
    assert (parse_time_limit("按年公开").kind, parse_time_limit("按年公开").period) == ("periodic", "year")
    rule = parse_time_limit("每季度的首个月20日")
    assert (rule.period, rule.due_month, rule.due_day) == ("quarter", 1, 20)


@pytest.mark.parametrize(
    "text", ["同上", "及时公开,公告期限为5个", "尽快", "信息形成或者变更之日起20个工作日内，公示期另定"]
)
def test_unknown_phrasings_are_not_guessed(text):
    with pytest.raises(UnparsedTimeLimit):
        parse_time_limit(text)


def test_every_time_limit_in_the_catalogs_parses(registry):
    texts = {r.time_limit for d in registry.domains.values() for r in d.catalog.rows}
    assert len(texts) > 10
    for text in texts:
        parse_time_limit(text)


def test_unparsed_time_limit_fails_the_build_naming_file_line_and_field(make_site):
    original = (REPO / "catalogs/standard/shehui-jiuzhu.yml").read_text(encoding="utf-8")
    bad = original.replace("time_limit: 制定或获取信息之日起10个工作日内\n", "time_limit: 同上\n", 1)
    line = bad.split("\n").index("    time_limit: 同上") + 1
    root = make_site({"catalogs/standard/shehui-jiuzhu.yml": bad})
    with pytest.raises(ContentError) as exc:
        load_registry(str(root / "catalogs"), str(root))
    problems = [p for p in exc.value.problems if p.code == "CAT-TIME-LIMIT-UNPARSED"]
    assert [(p.path, p.line, p.field) for p in problems] == [
        ("catalogs/standard/shehui-jiuzhu.yml", line, "time_limit")
    ]
    assert "同上" in problems[0].message
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((PluginError, Abort)):
        build_site(root)


# -- inheritance --------------------------------------------------------------------------------------


def test_township_drops_and_adds_rows_on_top_of_its_county(registry):
    standard = [r.id for r in registry.domains["shehui-jiuzhu"].catalog.rows]
    yansi = registry.catalogs.effective(registry.units["yansi"], registry.domains["shehui-jiuzhu"])
    township_rows = [r.id for r in registry.domains["shehui-jiuzhu"].catalog.rows if {"乡级", "村级"} & set(r.levels)]
    expected = [i for i in township_rows if i != "tkry-spxx"]
    expected.insert(expected.index("lsjz-shspxx") + 1, "lsjz-byj")
    assert [r.id for r in yansi.rows] == expected
    assert "tkry-spxx" in standard and "lsjz-byj" not in standard
    assert yansi.origin["lsjz-byj"] == "岩寺镇增加"
    # the county's override reaches the township; the county itself keeps its 县级 rows and the row yansi dropped
    assert yansi.rows[0].subject == "区民政局、镇人民政府（街道办事处）"
    huizhou = registry.catalogs.effective(registry.units["huizhou"], registry.domains["shehui-jiuzhu"])
    assert "tkry-spxx" in [r.id for r in huizhou.rows] and "dbsh-shxx" not in [r.id for r in huizhou.rows]
    assert [c.kind for c in yansi.changes] == ["override", "override", "drop", "add"]
    assert all(c.reason for c in yansi.changes)


def test_every_unit_and_domain_has_an_effective_catalog(registry):
    for unit in registry.units.values():
        for domain in registry.domains.values():
            catalog = registry.catalogs.effective(unit, domain)
            assert catalog.applicable or not catalog.rows


def test_not_applicable_domain_shows_its_explanation(registry):
    catalog = registry.catalogs.effective(registry.units["qiashe"], registry.domains["chengshi-zonghe-zhifa"])
    assert not catalog.applicable and catalog.rows == []
    assert "未承接城市管理综合行政执法" in catalog.not_applicable.reason


@pytest.mark.parametrize(
    "text, code, field",
    [
        ("drop:\n  - row: tkry-spxx\n", "CAT-UNIT-MISSING-FIELD", "drop[0].reason"),
        ("drop:\n  - row: no-such-row\n    reason: 测试\n", "CAT-UNIT-UNKNOWN-ROW", "row"),
        (
            "override:\n  - row: dbsh-shxx\n    field: time_limit\n    value: 尽快\n    reason: 测试\n",
            "CAT-TIME-LIMIT-UNPARSED",
            "value",
        ),
        (
            "override:\n  - row: dbsh-shxx\n    field: colour\n    value: 红\n    reason: 测试\n",
            "CAT-UNIT-BAD-VALUE",
            "override[0].field",
        ),
        ("inherits: xidi\n", "CAT-UNIT-BAD-INHERITS", "inherits"),
    ],
)
def test_unit_catalog_errors_name_file_line_field(make_site, text, code, field):
    root = make_site({"catalogs/units/chengkan/shehui-jiuzhu.yml": text})
    with pytest.raises(ContentError) as exc:
        load_registry(str(root / "catalogs"), str(root))
    found = [p for p in exc.value.problems if p.code == code]
    assert found, exc.value.report()
    assert found[0].path == "catalogs/units/chengkan/shehui-jiuzhu.yml" and found[0].field == field
    assert found[0].line is not None


# -- coverage -----------------------------------------------------------------------------------------


def hz_item(n: int, catalog: str, written: str, published: str, **extra) -> tuple[str, str]:
    year = published[:4]
    path = f"content/county/huizhou/shehui-jiuzhu/{year}/cov-{n}.md"
    return path, item_text(
        title=f"覆盖测试 {n}",
        catalog=catalog,
        written=written,
        published=published,
        index_no=f"{HUIZHOU_USCC}/{published[:4]}{published[5:7]}-{n:05d}",
        **extra,
    )


def test_coverage_counts_are_exact_across_national_day_and_a_tiaoxiu_saturday(make_site):
    files = dict(
        [
            hz_item(1, "zhyw-zcfg", "2025-09-26", "2025-10-16"),  # 10th working day after, across National Day: on time
            hz_item(2, "dbsh-zcfg", "2025-09-26", "2025-10-17"),  # 11th working day: late
            hz_item(3, "dbsh-bszn", "2025-10-09", "2025-10-23"),  # Saturday 10-11 is a working day: due 10-22, late
            hz_item(4, "tkry-zcfg", "2025-10-09", "2025-10-22"),  # on time
            hz_item(5, "lsjz-zcfg", "2024-03-01", "2024-05-01"),  # old and late …
            hz_item(6, "lsjz-zcfg", "2025-03-03", "2025-03-10"),  # … but the latest is on time
            hz_item(7, "lsjz-bszn", "2026-11-01", "2026-11-20"),  # after as_of: ignored
        ]
    )
    root = make_site(files)
    registry = load_registry(str(root / "catalogs"), str(root))
    corpus = load_corpus(str(root / "content"), registry, str(root))
    coverage = compute_coverage(registry, corpus.items.values(), D(2025, 12, 31))
    cov = coverage.get(registry.units["huizhou"], registry.domains["shehui-jiuzhu"])
    status = {r.row.id: r.status for r in cov.rows}
    assert cov.counts == {"已公开": 3, "未公开": 6, "逾期": 2}
    assert status["zhyw-zcfg"] == "已公开" and status["dbsh-zcfg"] == "逾期" and status["dbsh-bszn"] == "逾期"
    assert status["tkry-zcfg"] == "已公开" and status["lsjz-zcfg"] == "已公开" and status["lsjz-bszn"] == "未公开"
    rows = {r.row.id: r for r in cov.rows}
    assert rows["zhyw-zcfg"].due == D(2025, 10, 16) and rows["dbsh-bszn"].due == D(2025, 10, 22)
    assert [i.title for i in rows["lsjz-zcfg"].items] == ["覆盖测试 6", "覆盖测试 5"]  # newest first
    assert coverage.unit_counts(registry.units["huizhou"])["逾期"] == 2


def test_periodic_rule_is_judged_per_period(make_site, registry):
    item = item_text(
        title="岩寺镇2026年第三季度临时救助备用金使用情况",
        publisher="yansi",
        catalog="lsjz-byj",
        written="2026-08-10",
        published="2026-08-15",
        doc_no=None,
        validity=None,
        index_no=f"{registry.units['yansi'].uscc}/202608-00001",
    )
    root = make_site({"content/township/yansi/shehui-jiuzhu/2026/byj-2026q3.md": item})
    registry = load_registry(str(root / "catalogs"), str(root))
    corpus = load_corpus(str(root / "content"), registry, str(root))
    unit, domain = registry.units["yansi"], registry.domains["shehui-jiuzhu"]

    def status(as_of):
        cov = compute_coverage(registry, corpus.items.values(), as_of, units=[unit]).get(unit, domain)
        return next(r.status for r in cov.rows if r.row.id == "lsjz-byj")

    assert status(D(2026, 11, 28)) == "已公开"  # Q3 is the period now due
    assert status(D(2027, 1, 5)) == "逾期"  # Q4 passed with nothing published
    assert status(D(2026, 8, 1)) == "未公开"


# -- pages ----------------------------------------------------------------------------------------------


def check_catalog_table(site_dir, registry, unit, domain):
    catalog = registry.catalogs.effective(unit, domain)
    text = (site_dir / unit.url / "catalog" / domain.id / "index.html").read_text(encoding="utf-8")
    start = text.index('<table class="gk-catalog"')  # parse the table only: hundreds of pages
    table = BeautifulSoup(text[start : text.index("</table>", start) + 8], "html.parser").table
    head = [[c.get_text(strip=True) for c in tr.find_all("th")] for tr in table.thead.find_all("tr")]
    assert head[0][:2] == ["序号", "公开事项"] and head[0][2:9] == [
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
    ]
    assert head[0][9] == "公开层级"
    assert head[1][-(len(catalog.levels) + 4) :] == ["全社会", "特定群众", "主动", "依申请"] + catalog.levels
    trs = table.tbody.find_all("tr")
    assert [tr["id"] for tr in trs] == [f"row-{r.id}" for r in catalog.rows]
    spans = [int(tr.find("th").get("rowspan", 1)) if tr.find("th") else 0 for tr in trs]
    assert spans == catalog.l1_spans
    for tr, row in zip(trs, catalog.rows, strict=True):
        marks = [td.get_text(strip=True) for td in tr.select("td.gk-mark")]
        expected = [
            "√" if row.audience == "全社会" else "",
            row.audience_text or ("√" if row.audience == "特定群众" else ""),
            "√" if row.mode == "主动" else "",
            "√" if row.mode == "依申请" else "",
        ]
        expected += ["√" if lv in row.levels else "" for lv in catalog.levels]
        assert marks == expected, (unit.id, domain.id, row.id)
        assert tr.select_one("td.gk-status")["data-status"] in ("已公开", "未公开", "逾期")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A site with the repository's catalogs and one item (every catalog page is generated)."""
    root = tmp_path_factory.mktemp("catalog-site")
    shutil.copytree(REPO / "catalogs", root / "catalogs")
    config = {
        "site_name": "测试",
        "site_url": "https://www.test.gov.cn/",
        "docs_dir": "content",
        "strict": True,
        "theme": {"name": "material", "language": "zh-CN", "font": False},
        "nav": [{"首页": "index.md"}, {"政府信息公开": "units/index.md"}],
        "plugins": [{"gongkai": {"site": SITE_FURNITURE, "search_enabled": False}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "content").mkdir()
    (root / "content/index.md").write_text("---\ntitle: 首页\n---\n欢迎。\n", encoding="utf-8")
    for rel, text in [hz_item(1, "zhyw-zcfg", "2025-09-26", "2025-10-16")]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root, build_site(root)


def test_every_catalog_page_renders_the_official_table(small_site, registry):
    _, site_dir = small_site
    pages = 0
    for unit in registry.units.values():
        for domain in registry.domains.values():
            catalog = registry.catalogs.effective(unit, domain)
            page = site_dir / unit.url / "catalog" / domain.id / "index.html"
            assert page.is_file() == bool(catalog.applicable and catalog.rows), (unit.id, domain.id)
            if page.is_file():
                check_catalog_table(site_dir, registry, unit, domain)
                pages += 1
    assert pages > 300


def test_catalog_overview_item_link_unit_link_and_open_data(small_site, registry):
    _, site_dir = small_site
    html = BeautifulSoup((site_dir / "township/qiashe/catalog/index.html").read_text(encoding="utf-8"), "html.parser")
    na = {
        dt_.get_text(strip=True): dd.get_text(strip=True)
        for dt_, dd in zip(html.select(".gk-not-applicable dt"), html.select(".gk-not-applicable dd"), strict=False)
    }
    assert {"城市综合执法", "市政服务", "税收管理", "户籍管理"} <= set(na) and "社会救助" not in na  # 未涉及领域说明
    assert "未承接城市管理综合行政执法" in na["城市综合执法"] and "公安派出所" in na["户籍管理"]
    html = BeautifulSoup((site_dir / "county/huizhou/catalog/index.html").read_text(encoding="utf-8"), "html.parser")
    row = html.select_one('tr[data-domain="shehui-jiuzhu"]')
    assert row.select_one('[data-status="已公开"]').get_text() == "1"
    item_page = site_dir / "county/huizhou/shehui-jiuzhu/2025/cov-1/index.html"
    link = BeautifulSoup(item_page.read_text(encoding="utf-8"), "html.parser").select_one("a.gk-meta__catalog")
    assert link["href"].endswith("catalog/shehui-jiuzhu/#row-zhyw-zcfg")
    unit_page = BeautifulSoup((site_dir / "county/huizhou/index.html").read_text(encoding="utf-8"), "html.parser")
    assert unit_page.select_one(".gk-unit__catalog a")["href"] == "catalog/"
    page = BeautifulSoup(
        (site_dir / "county/huizhou/catalog/shehui-jiuzhu/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    hrefs = [a["href"] for a in page.select("p.gk-lead a")]
    assert hrefs == ["../shehui-jiuzhu.csv", "../shehui-jiuzhu.json"]
    data = json.loads((site_dir / "county/huizhou/catalog/shehui-jiuzhu.json").read_text(encoding="utf-8"))
    assert data["counts"] == {"已公开": 1, "未公开": 10, "逾期": 0}
    assert data["rows"][0]["time_rule"]["kind"] == "working_days_after_event"
    assert data["rows"][0]["items"][0]["published"] == "2025-10-16"
    csv_text = (site_dir / "county/huizhou/catalog/shehui-jiuzhu.csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("序号,一级事项,二级事项") and len(csv_text.strip().split("\n")) == 12
    index = json.loads((site_dir / "opendata/catalogs.json").read_text(encoding="utf-8"))
    assert any(c["unit"] == "yansi" and c["domain"] == "shehui-jiuzhu" for c in index["catalogs"])


def test_demo_catalog_pages_render_the_official_table(demo_site, registry):
    for unit_id, domain_id in [
        ("yansi", "shehui-jiuzhu"),
        ("huizhou", "shehui-jiuzhu"),
        ("hz-mzj", "caizheng-yujuesuan"),
    ]:
        check_catalog_table(demo_site, registry, registry.units[unit_id], registry.domains[domain_id])
    assert (demo_site / "opendata/catalogs.json").is_file()


def test_demo_catalogs_publish_no_working_notes(demo_site, registry):
    """The demo passes the public-text check, and no internal note reaches a page or an open-data file."""
    from gongkai.core.checks.catalog_text import catalog_text_problems

    assert catalog_text_problems(registry) == []
    notes = [r.internal_note for d in registry.domains.values() for r in d.catalog.rows if r.internal_note]
    assert len(notes) >= 40
    published = [p for p in (demo_site / "county/huizhou/catalog").rglob("*") if p.suffix in (".json", ".csv", ".html")]
    published += list((demo_site / "township/yansi/catalog").rglob("*.json"))
    assert len(published) > 20
    for path in published:
        text = path.read_text(encoding="utf-8-sig")
        assert "internal_note" not in text and not any(note in text for note in notes), path
    row = next(
        r
        for r in json.loads((demo_site / "county/huizhou/catalog/shehui-baoxian.json").read_text("utf-8"))["rows"]
        if r["id"] == "gsbx-ldnl"
    )
    assert row["note"] == "劳动能力鉴定由设区的市级劳动能力鉴定委员会作出，县级经办机构负责受理和转报"


# -- Excel ----------------------------------------------------------------------------------------------


def test_excel_round_trip_is_lossless_for_every_demo_catalog(tmp_path, registry):
    catalogs = [d.catalog for d in registry.domains.values()]
    catalogs += [
        c.as_catalog()
        for c in (
            registry.catalogs.effective(registry.units[u], d)
            for u in ("yansi", "huizhou", "hz-mzj")
            for d in registry.domains.values()
        )
        if c.applicable and c.rows
    ]
    for i, catalog in enumerate(catalogs):
        path = tmp_path / f"c{i}.xlsx"
        export_workbook([catalog], str(path))
        back = import_workbook(str(path), local_channels=registry.local_channels)
        assert (back.domain_id, back.title, back.compiled_by, back.levels) == (
            catalog.domain_id,
            catalog.title,
            catalog.compiled_by,
            catalog.levels,
        )
        assert [public_row_data(r) for r in back.rows] == [public_row_data(r) for r in catalog.rows], catalog.title
        assert not any(r.internal_note for r in back.rows)  # working notes never leave the repository


def test_multi_sheet_export_and_cli_import_write_a_loadable_catalog(make_site, monkeypatch):
    root = make_site({})
    monkeypatch.chdir(root)
    runner = CliRunner()
    result = runner.invoke(cli, ["catalog", "export", "-o", "all.xlsx"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli, ["catalog", "import", "all.xlsx", "-d", "huji-guanli", "-o", "catalogs/standard/huji-guanli.yml"]
    )
    assert result.exit_code == 0, result.output
    assert "沿用了原文件中的事项标识" in result.output
    before = load_registry(str(REPO / "catalogs"), str(REPO)).domains["huji-guanli"].catalog
    after = load_registry(str(root / "catalogs"), str(root)).domains["huji-guanli"].catalog
    assert [row_data(r) for r in after.rows] == [row_data(r) for r in before.rows]
    result = runner.invoke(cli, ["catalog", "export", "-u", "yansi", "-d", "shehui-jiuzhu", "-o", "yansi.xlsx"])
    assert result.exit_code == 0 and "13 个事项" in result.output
    result = runner.invoke(cli, ["catalog", "export", "-u", "qiashe", "-d", "chengshi-zonghe-zhifa", "-o", "x.xlsx"])
    assert result.exit_code == 1 and "未承接城市管理综合行政执法" in result.output


def handmade_workbook(path, extra_header=None):
    """A catalog as staff receive it: title row, two-row header with 特定群体 / 主动公开 / 乡、村级, merged
    一级事项, ■/□ channels, 同上, a blank separator row, numbers typed as numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "社会救助"
    ws.append(["某县社会救助领域基层政务公开标准目录"])
    top = [
        "序号",
        "公开事项",
        None,
        "公开内容(要素)",
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
    sub = [
        None,
        "一级事项",
        "二级事项",
        None,
        None,
        None,
        None,
        None,
        "全社会",
        "特定群体",
        "主动公开",
        "依申请公开",
        "县级",
        "乡、村级",
    ]
    if extra_header:
        top.append(extra_header)
        sub.append(None)
    ws.append(top)
    ws.append(sub)
    ws.append(
        [
            1,
            "最低生活保障",
            "政策法规文件",
            "低保政策文件",
            "《社会救助暂行办法》",
            "制定或获取信息之日起10个工作日内",
            "县民政局",
            "■政府网站\n□政府公报\n■公开查阅点",
            "√",
            None,
            "√",
            None,
            "√",
            None,
        ]
    )
    ws.append(
        [
            2,
            None,
            "审核信息",
            "初审对象名单",
            "同上",
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            "乡镇政府(街道办事处)",
            "■政府网站\n■社区/村公示栏(电子屏)",
            "√",
            None,
            "√",
            None,
            None,
            "√",
        ]
    )
    ws.append([None] * 14)
    ws.append(
        [
            3,
            "临时救助",
            "办理过程",
            "办理进度",
            "同上",
            "及时公开",
            "乡镇人民政府",
            "入户/现场",
            None,
            "申请人",
            "√",
            None,
            "□",
            "■",
        ]
    )
    for col in range(1, 14):  # header cells without sub-header span two rows
        if sub[col - 1] is None and top[col - 1] is not None:
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.merge_cells("B2:C2")
    ws.merge_cells("I2:J2")
    ws.merge_cells("K2:L2")
    ws.merge_cells("M2:N2")
    ws.merge_cells("B4:B5")
    ws.merge_cells("A1:N1")
    wb.save(path)


def test_handmade_workbook_with_merged_cells_same_as_above_and_blank_rows_imports(tmp_path):
    path = tmp_path / "received.xlsx"
    handmade_workbook(path)
    catalog = import_workbook(str(path), "shehui-jiuzhu")
    assert catalog.title == "某县社会救助领域基层政务公开标准目录" and catalog.levels == ["县级", "乡级", "村级"]
    rows = catalog.rows
    assert [(r.id, r.seq, r.item_l1, r.item_l2) for r in rows] == [
        ("r01", "1", "最低生活保障", "政策法规文件"),
        ("r02", "2", "最低生活保障", "审核信息"),
        ("r03", "3", "临时救助", "办理过程"),
    ]
    assert rows[1].basis == "《社会救助暂行办法》" and rows[2].basis == "《社会救助暂行办法》"  # 同上, twice
    assert rows[0].channels == ["政府网站", "公开查阅点"]
    assert rows[1].channels == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]
    assert (rows[0].levels, rows[1].levels, rows[2].levels) == (["县级"], ["乡级", "村级"], ["乡级", "村级"])
    assert (rows[2].audience, rows[2].audience_text, rows[2].mode) == ("特定群众", "申请人", "主动")
    assert rows[1].subject == "乡镇政府(街道办事处)"


def test_unfamiliar_layout_fails_naming_the_column(tmp_path):
    path = tmp_path / "odd.xlsx"
    handmade_workbook(path, extra_header="五公开")
    with pytest.raises(ExcelFormatError) as exc:
        import_workbook(str(path), "shehui-jiuzhu")
    assert "第 O 列" in str(exc.value) and "五公开" in str(exc.value)
    result = CliRunner().invoke(
        cli, ["catalog", "import", str(path), "-o", str(tmp_path / "x.yml"), "-f", str(REPO / "mkdocs.yml")]
    )
    assert result.exit_code == 1 and "五公开" in result.output and not (tmp_path / "x.yml").exists()
