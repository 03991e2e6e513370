"""gongkai report: rules with fixed dates (holidays, 调休), stale/blank boundaries, forecasts, history and the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.base.frontmatter import read_data_file
from gongkai.core.compliance.report import compliance_report, load_items
from gongkai.core.sources.registry import load_registry
from gongkai.core.sources.rules import CountRule, load_rules, parse_rules
from tests.helpers import HUIZHOU_USCC, ITEM_PATH, REPO, item_text

D = dt.date.fromisoformat


def judged(root, as_of, unit="huizhou", **rule_changes):
    registry = load_registry(str(root / "catalogs"), str(root))
    rules = dataclasses.replace(load_rules(str(root / "catalogs"), str(root)), **rule_changes)
    corpus, problems = load_items(str(root / "content"), registry, str(root), as_of)
    assert not [p for p in problems if p.severity == "错误"], problems
    report = compliance_report(corpus, registry, as_of, rules, {}, unit)
    return next(u for u in report.units if u.unit.id == unit), report


def items(**named):
    """{path: text} of 徽州区 items; each value is a dict of item_text overrides."""
    files = {}
    for n, (slug, overrides) in enumerate(named.items(), 1):
        fields = {"index_no": f"{HUIZHOU_USCC}/{overrides['published'][:7].replace('-', '')}-{n:05d}"}
        fields.update(overrides)
        year = overrides["published"][:4]
        domain = overrides.get("domain", "shehui-jiuzhu")
        files[f"content/county/huizhou/{domain}/{year}/{slug}.md"] = item_text(**fields)
    return files


# -- late publication: working days with the official holidays and 调休 --------------------------------------


@pytest.mark.parametrize(
    "written, published, late, due",
    [
        # Spring Festival 2025 (1-28…2-4 off; Sunday 1-26 and Saturday 2-8 are working days): 20 working days end 2-21
        ("2025-01-20", "2025-02-21", False, "2025-02-21"),
        ("2025-01-20", "2025-02-24", True, "2025-02-21"),
        # National Day 2025 (10-1…10-8 off; Sunday 9-28 and Saturday 10-11 are working days): 20 working days end 10-24
        ("2025-09-22", "2025-10-24", False, "2025-10-24"),
        ("2025-09-22", "2025-10-27", True, "2025-10-24"),
    ],
)
def test_late_publication_counts_working_days_across_holidays(make_site, written, published, late, due):
    # no catalog row: the default 公开时限 (条例 第二十六条, 20 working days) applies
    root = make_site(
        items(x=dict(written=written, published=published, catalog=None, doc_no=None, validity=None, genre="公示"))
    )
    report, _ = judged(root, D("2026-06-30"))
    found = [f for f in report.findings if f.rule == "LATE-PUBLICATION"]
    assert bool(found) is late
    if late:
        assert found[0].date == due
        assert f"应在 20个工作日内即 {due} 前公开" in found[0].message


def test_row_time_limit_with_a_tiaoxiu_saturday_due_date(make_site):
    # 社会救助 row zhyw-zcfg: 制定或获取信息之日起10个工作日内. From Monday 2026-02-09 the 10th working day is
    # Saturday 2026-02-28, a 调休 working day after the 2026 Spring Festival (2-15…2-23 off, Saturday 2-14 works).
    on_time = items(
        a=dict(written="2026-02-09", published="2026-02-28", catalog="zhyw-zcfg", doc_no=None, validity=None)
    )
    root = make_site(on_time)
    report, _ = judged(root, D("2026-06-30"))
    assert not [f for f in report.findings if f.rule == "LATE-PUBLICATION"]


def test_row_time_limit_late_by_one_working_day_after_tiaoxiu_saturday(make_site):
    root = make_site(
        items(a=dict(written="2026-02-09", published="2026-03-02", catalog="zhyw-zcfg", doc_no=None, validity=None))
    )
    report, _ = judged(root, D("2026-06-30"))
    late = [f for f in report.findings if f.rule == "LATE-PUBLICATION"]
    assert [f.date for f in late] == ["2026-02-28"]
    assert "10个工作日内即 2026-02-28 前公开，2026-03-02 才发布" in late[0].message


def test_national_day_2026_deadline(make_site):
    # 10 working days from Friday 2026-09-25 across National Day 2026 (10-1…10-7 off, Saturday 10-10 works)
    root = make_site(
        items(a=dict(written="2026-09-25", published="2026-10-16", catalog="zhyw-zcfg", doc_no=None, validity=None))
    )
    report, _ = judged(root, D("2026-11-30"))
    assert [f.date for f in report.findings if f.rule == "LATE-PUBLICATION"] == ["2026-10-15"]


# -- stale columns: exactly at the boundary, and the forecast date ------------------------------------------


def dongtai(day: str) -> dict:
    return dict(written=day, published=day, genre="工作动态", doc_no=None, validity=None, catalog=None)


@pytest.mark.parametrize(
    "as_of, status",
    [
        ("2026-03-11", "正常"),  # 9 days
        ("2026-03-12", "预警"),  # 10 days: the vendors' early warning
        ("2026-03-15", "预警"),  # 13 days: the day before
        ("2026-03-16", "不更新"),  # 14 days: the day of
    ],
)
def test_dongtai_column_is_stale_from_day_14(make_site, as_of, status):
    root = make_site(items(a=dongtai("2026-03-02")))
    report, _ = judged(root, D(as_of))
    column = next(c for c in report.columns if c.id == "gongzuo-dongtai")
    assert column.status == status
    assert column.stale_on == "2026-03-16"
    stale = [f for f in report.findings if f.rule == "STALE-COLUMN" and f.subject == "工作动态栏目"]
    assert stale and stale[0].severity == ("错误" if status == "不更新" else "警告") or (not stale and status == "正常")


def test_six_month_column_boundary_clamps_to_month_end(make_site):
    notice = dict(written="2025-08-29", published="2025-08-31", genre="公告", doc_no=None, validity=None, catalog=None)
    root = make_site(items(a=notice))
    before, _ = judged(root, D("2026-02-27"))
    on, _ = judged(root, D("2026-02-28"))

    def col(r):
        return next(c for c in r.columns if c.id == "tongzhi-gonggao")

    assert (col(before).status, col(on).status) == ("预警", "不更新")
    assert col(before).stale_on == "2026-02-28"


def test_forecast_gives_the_first_failing_date(make_site):
    root = make_site(
        items(
            a=dongtai("2026-03-02"),
            b=dict(
                written="2026-01-05", published="2026-01-06", genre="公告", doc_no=None, validity=None, catalog=None
            ),
        )
    )
    report, _ = judged(root, D("2026-03-05"))
    forecast = {(f.rule, f.subject): f.date for f in report.forecast}
    assert forecast[("STALE-COLUMN", "工作动态栏目")] == "2026-03-16"
    # 通知公告 goes stale on 2026-07-06, beyond the 90-day horizon (2026-06-03): not forecast yet
    assert ("STALE-COLUMN", "通知公告栏目") not in forecast
    dates = [f.date for f in report.forecast]
    assert dates == sorted(dates)


def test_veto_counts_trigger_exactly_at_the_threshold_and_forecast_the_day(make_site):
    root = make_site(items(a=dongtai("2026-03-02")))
    report, _ = judged(root, D("2026-03-05"))
    stale_now = report.platform_counts["stale"]  # 政策文件 and 通知公告 have nothing: stale from the start
    blank_now = report.platform_counts["blank"]
    assert stale_now >= 2 and blank_now >= 5
    at, _ = judged(
        root,
        D("2026-03-05"),
        stale_columns=CountRule(stale_now, stale_now - 1, "t"),
        blank_columns=CountRule(blank_now, 1, "t"),
    )
    below, _ = judged(
        root,
        D("2026-03-05"),
        stale_columns=CountRule(stale_now + 1, stale_now, "t"),
        blank_columns=CountRule(blank_now + 1, blank_now, "t"),
    )

    def vetoes(r):
        return {f.rule: f.severity for f in r.findings if f.rule.startswith("VETO-")}

    assert vetoes(at)["VETO-STALE"] == "否决" and vetoes(at)["VETO-BLANK"] == "否决"
    assert vetoes(below)["VETO-STALE"] == "警告" and vetoes(below)["VETO-BLANK"] == "警告"
    # one more stale column is needed: the 工作动态 column goes stale on 2026-03-16, and so does the veto
    assert [f.date for f in below.forecast if f.rule == "VETO-STALE"] == ["2026-03-16"]


def test_blank_column_is_a_domain_of_the_catalog_without_items(make_site):
    root = make_site(items(a=dongtai("2026-03-02")))
    report, _ = judged(root, D("2026-03-05"))
    assert "shehui-jiuzhu" not in report.blank  # the 工作动态 item is filed in 社会救助
    assert "zhengdi-buchang" in report.blank
    blank = next(f for f in report.findings if f.rule == "BLANK-COLUMN" and f.domain == "zhengdi-buchang")
    assert "没有发布任何信息" in blank.message


# -- 解读 -----------------------------------------------------------------------------------------------------


def policy_and_jiedu(jiedu_day: str | None) -> dict:
    files = items(p=dict(written="2025-09-25", published="2025-09-26", doc_class="行政规范性文件"))
    if jiedu_day:
        files.update(
            items(
                j=dict(
                    written=jiedu_day,
                    published=jiedu_day,
                    genre="解读",
                    doc_no=None,
                    validity=None,
                    interprets="county/huizhou/shehui-jiuzhu/2025/p",
                    index_no=f"{HUIZHOU_USCC}/{jiedu_day[:7].replace('-', '')}-00099",
                )
            )
        )
    return files


@pytest.mark.parametrize(
    "jiedu_day, expect",
    [
        (
            "2025-10-10",
            None,
        ),  # 3 working days after Friday 9-26: 9-28 (调休 Sunday), 9-29, 9-30 → due 9-30; 10-10 is late
        ("2025-09-30", "ok"),
        (None, "missing"),
    ],
)
def test_jiedu_timeliness_across_national_day(make_site, jiedu_day, expect):
    root = make_site(policy_and_jiedu(jiedu_day))
    report, _ = judged(root, D("2025-12-01"))
    rules = {f.rule: f for f in report.findings if f.rule.startswith("JIEDU")}
    if expect == "ok":
        assert not rules
    elif expect == "missing":
        assert rules["JIEDU-MISSING"].date == "2025-09-30" and rules["JIEDU-MISSING"].severity == "错误"
    else:
        assert rules["JIEDU-LATE"].severity == "警告" and rules["JIEDU-LATE"].date == "2025-09-30"


def test_jiedu_due_is_forecast_before_it_trips(make_site):
    root = make_site(policy_and_jiedu(None))
    report, _ = judged(root, D("2025-09-29"))
    assert not [f for f in report.findings if f.rule == "JIEDU-MISSING"]
    assert [f.date for f in report.forecast if f.rule == "JIEDU-MISSING"] == ["2025-10-01"]


# -- 年报 deadline -----------------------------------------------------------------------------------------------


def annual_report_site(make_site, unit: str, year: int, published: str | None):
    """A site whose only 年报 is `unit`'s of `year`, published on `published` (None: no ledger at all)."""
    files = items(a=dongtai("2025-12-01"))
    if published:
        folder = f"catalogs/ledgers/{unit}/{year}"
        files |= {
            f"{folder}/requests.yml": "requests: []\n",
            f"{folder}/reviews.yml": "reviews: []\n",
            f"{folder}/figures.yml": 'licensing: "0"\npenalties: "0"\nenforcement: "0"\nfees: "0"\n',
            f"{folder}/narrative.md": f"---\npublished: {published}\n---\n## 一、总体情况\n\n概况。\n\n"
            "## 五、存在的主要问题及改进情况\n\n无。\n\n## 六、其他需要报告的事项\n\n无。\n",
        }
    root = make_site(files)
    for old in ("huizhou/2025", "yansi/2025"):  # the demo's own ledgers
        shutil.rmtree(root / "catalogs/ledgers" / old)
    return root


def judged_with_ledgers(root, as_of, unit):
    from gongkai.core.sources.ledgers import load_annual_reports

    registry = load_registry(str(root / "catalogs"), str(root))
    rules = load_rules(str(root / "catalogs"), str(root))
    corpus, _ = load_items(str(root / "content"), registry, str(root), as_of)
    annual = load_annual_reports(
        str(root / "catalogs"), str(root), corpus, rules.document_class, rules.rulemaking_levels
    )
    report = compliance_report(corpus, registry, as_of, rules, annual, unit)
    unit_report = next(u for u in report.units if u.unit.id == unit)
    return unit_report, [f for f in unit_report.findings if f.rule.startswith("NIANBAO") and "2023" in f.subject]


def test_a_county_governments_report_is_due_on_31_march(make_site):
    """条例第四十九条: the 本级政府 report of a county-level government is published by 31 March; the 2023 report
    of a district published on 2024-02-26 is on time (it was wrongly judged late against 31 January)."""
    root = annual_report_site(make_site, "huizhou", 2023, "2024-02-26")
    report, found = judged_with_ledgers(root, D("2024-04-15"), "huizhou")
    assert found == [] and report.annual_report["status"] == "已公布" and report.annual_report["due"] == "2024-03-31"


@pytest.mark.parametrize(
    "published, as_of, expected",
    [
        ("2024-03-31", "2024-04-15", []),
        ("2024-04-01", "2024-04-15", [("NIANBAO-LATE", "错误", "2024-04-01 公布，晚于 2024-03-31（3月31日前）")]),
        (None, "2024-03-23", []),
        (None, "2024-03-24", [("NIANBAO-MISSING", "警告", "须在 2024-03-31 前公布")]),
        (None, "2024-04-01", [("NIANBAO-MISSING", "错误", "应在 2024-03-31 前公布 2023 年度报告，至今未公布")]),
    ],
)
def test_county_government_deadline_boundaries(make_site, published, as_of, expected):
    root = annual_report_site(make_site, "huizhou", 2023, published)
    _, found = judged_with_ledgers(root, D(as_of), "huizhou")
    assert [(f.rule, f.severity, f.message) for f in found] == expected
    assert all("第四十九条" in f.source and "3月31日" in f.source for f in found)


@pytest.mark.parametrize(
    "published, as_of, expected",
    [
        ("2024-01-31", "2024-03-01", []),
        ("2024-02-26", "2024-03-01", [("NIANBAO-LATE", "错误", "2024-02-26 公布，晚于 2024-01-31（1月31日前）")]),
        (None, "2024-01-23", []),
        (None, "2024-01-24", [("NIANBAO-MISSING", "警告", "须在 2024-01-31 前公布")]),
        (None, "2024-02-01", [("NIANBAO-MISSING", "错误", "应在 2024-01-31 前公布 2023 年度报告，至今未公布")]),
    ],
)
def test_a_departments_report_is_due_on_31_january(make_site, published, as_of, expected):
    root = annual_report_site(make_site, "hz-mzj", 2023, published)
    _, found = judged_with_ledgers(root, D(as_of), "hz-mzj")
    assert [(f.rule, f.severity, f.message) for f in found] == expected
    assert all("县级以上人民政府部门应当在每年1月31日前" in f.source for f in found)


def test_a_townships_deadline_is_set_in_compliance_yml(make_site):
    """Provinces set the townships' deadline: 31 January by default (with its source stated), and a province
    that allows until 31 March edits catalogs/compliance.yml, not code."""
    root = annual_report_site(make_site, "yansi", 2023, "2024-02-26")
    _, found = judged_with_ledgers(root, D("2024-04-15"), "yansi")
    assert [(f.rule, f.message) for f in found] == [("NIANBAO-LATE", "2024-02-26 公布，晚于 2024-01-31（1月31日前）")]
    assert "由省级政务公开主管部门规定" in found[0].source
    path = root / "catalogs/compliance.yml"
    text = path.read_text(encoding="utf-8")
    township = "    - levels: [township]\n      due: 01-31\n      warn_from: 01-24\n"
    assert township in text
    path.write_text(
        text.replace(township, "    - levels: [township]\n      due: 03-31\n      warn_from: 03-24\n"), encoding="utf-8"
    )
    report, found = judged_with_ledgers(root, D("2024-04-15"), "yansi")
    assert found == [] and report.annual_report["due"] == "2024-03-31"


def test_villages_publish_no_annual_report(make_site):
    root = annual_report_site(make_site, "yansi", 2023, None)
    report, found = judged_with_ledgers(root, D("2024-06-01"), "yansi-shequ")
    assert report.annual_report is None and found == []


# -- the thresholds file ---------------------------------------------------------------------------------------


def test_thresholds_file_errors_name_line_and_field():
    raw = (REPO / "catalogs/compliance.yml").read_text(encoding="utf-8").replace('fail: "5"', 'fail: "five"', 1)
    data, lines, problems = read_data_file(raw.encode(), "catalogs/compliance.yml")
    rules, problems = parse_rules(data, lines, "catalogs/compliance.yml")
    assert rules is None
    text = [str(p) for p in problems]
    line = next(n for n, t in enumerate(raw.splitlines(), 1) if 'fail: "five"' in t)
    assert text == [
        f"catalogs/compliance.yml:{line}: 错误 RULES-BAD-VALUE 字段 veto.stale_columns.fail："
        "否决数量“five”不是正整数。修改：写一个正整数，例如 5"
    ]


def test_shipped_thresholds_carry_their_sources():
    rules = load_rules(str(REPO / "catalogs"), str(REPO))
    assert rules.default_time_limit.n == 20 and rules.interpretation_days == 3
    due = {level: rules.annual_deadline(level).due for level in ("city", "county", "department", "township")}
    assert due == {"city": (3, 31), "county": (3, 31), "department": (1, 31), "township": (1, 31)}
    assert rules.annual_deadline("village") is None
    assert (rules.stale_columns.fail, rules.overdue_columns.fail, rules.blank_columns.fail) == (5, 10, 5)
    assert all(c.source for c in rules.columns) and "第二十六条" in rules.default_time_limit_source


# -- CLI ---------------------------------------------------------------------------------------------------------


def test_cli_exit_codes_and_fail_on(make_site, monkeypatch, tmp_path):
    root = make_site({ITEM_PATH: item_text()})
    monkeypatch.chdir(root)
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("黄山市：否决")
    assert (root / "report/index.html").is_file() and (root / "report/report.json").is_file()
    assert runner.invoke(cli, ["report", "--as-of", "2026-03-01", "--fail-on", "error"]).exit_code == 1
    # a village has no columns, no platform and no 年报 duty: nothing fails there
    village = runner.invoke(cli, ["report", "--as-of", "2026-03-01", "--unit", "yansi-shequ", "--fail-on", "warning"])
    assert village.exit_code == 0, village.output
    assert village.output.startswith("岩寺社区：通过")
    bad = runner.invoke(cli, ["report", "--as-of", "2026-02-30"])
    assert bad.exit_code == 2
    assert runner.invoke(cli, ["report", "--unit", "nowhere"]).exit_code == 2
    csv_out = runner.invoke(cli, ["report", "--as-of", "2026-03-01", "--format", "csv", "--unit", "yansi"])
    assert (
        csv_out.output.splitlines()[0]
        == "unit,unit_name,severity,rule,rule_name,domain,subject,date,message,item,path,source"
    )


def test_dashboard_is_not_indexable_and_lives_outside_the_site(make_site, monkeypatch):
    root = make_site({ITEM_PATH: item_text()})
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["report", "--as-of", "2026-03-01", "--output-dir", "staff"]).exit_code == 0
    html = (root / "staff/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in html
    assert "不随政府网站发布" in html
    assert not (root / "site").exists()  # no MkDocs build ran


def test_since_compares_with_an_earlier_commit(make_site, monkeypatch):
    root = make_site({ITEM_PATH: item_text()})
    monkeypatch.chdir(root)

    def git(*args):
        return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    (root / "content/county/huizhou/shehui-jiuzhu/2024/tekun.md").write_text(
        item_text(catalog="tkry-zcfg", index_no=f"{HUIZHOU_USCC}/202403-00013", title="特困人员救助供养标准的通知"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["report", "--as-of", "2026-03-01", "--since", "HEAD", "--unit", "huizhou", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    history = json.loads(result.stdout)["history"]
    row = next(r for r in history["units"] if r["unit"] == "huizhou")
    assert row["published"]["now"] == row["published"]["then"] + 1
    assert history["error"] is None
    assert not list(root.parent.glob("gongkai-since-*"))
    bad = CliRunner().invoke(cli, ["report", "--since", "no-such-rev", "--unit", "huizhou", "--format", "json"])
    assert json.loads(bad.stdout)["history"]["error"].startswith("无法读取版本 no-such-rev")


# -- the demo ----------------------------------------------------------------------------------------------------


def test_demo_report_json_validates_against_the_documented_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "-f",
            str(REPO / "mkdocs.yml"),
            "--as-of",
            "2026-11-28",
            "--format",
            "json",
            "--output-dir",
            str(tmp_path / "report"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    schema = json.loads((REPO / "docs/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert {r["unit"] for r in data["annual_reports"]} >= {"huizhou", "yansi"}
    huizhou = next(u for u in data["units"] if u["id"] == "huizhou")
    assert huizhou["annual_report"]["status"] == "已公布"


def test_demo_report_runs_on_the_demo(tmp_path):
    # Its speed against the build is measured by scripts/bench_report.py, never asserted here.
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "--as-of", "2026-11-28", "--output-dir", str(tmp_path / "r")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r" / "report.json").is_file()


DEMO_CHECK_DATE = "2026-12-01"  # the date the demo's content is written for (docs/report.md §1)


def test_the_demo_gives_a_believable_picture_on_its_check_date(tmp_path):
    """A few 否决 (a county that left columns blank, a township and the county site it belongs to), most units
    fine, and every finding a real gap: 解读 only for the documents marked 行政规范性文件, 年报 deadlines per unit
    type, 站群 counties judged as their own websites."""
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "-f",
            str(REPO / "mkdocs.yml"),
            "--as-of",
            DEMO_CHECK_DATE,
            "--format",
            "json",
            "--output-dir",
            str(tmp_path / "r"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    verdicts = {u["id"]: u["verdict"] for u in data["units"]}
    assert sorted(u for u, v in verdicts.items() if v == "否决") == ["hongtan", "xiuning", "yixian"]
    assert list(verdicts.values()).count("通过") >= len(verdicts) * 3 // 5
    findings = [(u["id"], f) for u in data["units"] for f in u["findings"]]
    assert sorted(u for u, f in findings if f["rule"] == "JIEDU-MISSING") == ["hz-zjj", "tunxi"]
    assert [(u, f["message"]) for u, f in findings if f["rule"].startswith("NIANBAO") and f["severity"] == "错误"] == [
        ("hz-fgw", "应在 2026-01-31 前公布 2025 年度报告，至今未公布"),
        ("shexian", "2026-04-08 公布，晚于 2026-03-31（3月31日前）"),
    ]
    city = next(u for u in data["units"] if u["id"] == "huangshan")
    assert city["platform_counts"]["units"] == 2  # the city portal: the counties have sites of their own
    for _, f in findings:
        assert not re.search(r"[\w-]+\.md|§|unverified|\bC\d\d\b", f["source"]), f["source"]
