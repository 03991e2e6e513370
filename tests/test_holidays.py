"""catalogs/holidays.yml: staff enter the State Council's 节假日安排 of a year chinesecalendar does not know yet
(the package is released some time after the notice), so deadlines across New Year keep working. The
2027 dates below are test data, not the official 2027 arrangement."""

import datetime as dt
import os

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.base.workdays import CalendarRangeError, HolidayCalendar, is_workday, load_notices
from tests.helpers import HUIZHOU_USCC, item_text

D = dt.date

NOTICE_2027 = """\
years:
  - year: 2027
    source: 测试用安排（不是官方通知）
    holidays:
      - 2027-01-01
      - 2027-02-06 至 2027-02-12
    workdays: [2027-02-14]
"""


@pytest.fixture
def calendar(tmp_path):
    """load(text) reads it as catalogs/holidays.yml: (notices, problems)."""

    def load(text: str):
        (tmp_path / "holidays.yml").write_text(text, encoding="utf-8")
        return load_notices(str(tmp_path), "catalogs")

    return load


def test_a_notice_extends_the_calendar_past_the_package(calendar):
    with pytest.raises(CalendarRangeError):
        is_workday(D(2027, 1, 4))  # chinesecalendar alone
    notices, problems = calendar(NOTICE_2027)
    assert problems == [] and sorted(notices) == [2027]
    project = HolidayCalendar(tuple(notices.values()))
    assert not project.is_workday(D(2027, 1, 1))  # a Friday off
    assert project.is_workday(D(2027, 1, 4))  # an ordinary Monday
    assert not project.is_workday(D(2027, 2, 8)) and not project.is_workday(D(2027, 2, 6))  # weekday and Saturday off
    assert project.is_workday(D(2027, 2, 14))  # a Sunday made a working day
    # 10 working days from 2026-12-20 (package: 9 in December) end on the first working day of 2027
    assert project.add_working_days(D(2026, 12, 20), 10) == D(2027, 1, 4)
    assert project.working_days_between(D(2027, 2, 5), D(2027, 2, 15)) == 2  # 02-14 and 02-15
    with pytest.raises(CalendarRangeError) as exc:
        project.is_workday(D(2028, 1, 3))
    assert "holidays.yml 录入了 2027 年" in exc.value.message and "catalogs/holidays.yml" in exc.value.fix
    with pytest.raises(CalendarRangeError):
        is_workday(D(2027, 1, 4))  # nothing global changed: the package's calendar still ends in 2026


def test_a_notice_of_a_year_the_package_knows_must_agree_with_it(calendar):
    agreeing = """\
years:
  - year: 2025
    source: 国务院办公厅关于2025年部分节假日安排的通知
    holidays: [2025-01-01, 2025-01-28 至 2025-02-04, 2025-04-04 至 2025-04-06, 2025-05-01 至 2025-05-05,
               2025-05-31 至 2025-06-02, 2025-10-01 至 2025-10-08]
    workdays: [2025-01-26, 2025-02-08, 2025-04-27, 2025-09-28, 2025-10-11]
"""
    notices, problems = calendar(agreeing)
    assert problems == [] and sorted(notices) == [2025]
    _, problems = calendar(agreeing.replace(", 2025-10-11]", "]"))
    assert [str(p) for p in problems] == [
        "catalogs/holidays.yml:2: 错误 HOLIDAYS-CONFLICT 字段 years[0].year："
        "2025 年与 chinesecalendar 中的官方安排不一致："
        "2025-10-11（通知录入为休息，chinesecalendar 为上班）。"
        "修改：核对国务院办公厅的通知后改正；chinesecalendar 已包含 2025 年，也可以删除这一条"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "years: []\n",
            "catalogs/holidays.yml:1: 错误 HOLIDAYS-NO-LIST：文件应以 years: 开头，逐年列出节假日安排。"
            "修改：参照 docs/catalogs.md“节假日”一节写 years: 和 - year: … source: … holidays: …",
        ),
        (
            NOTICE_2027.replace("2027-01-01\n", "2027-02-30\n"),
            "catalogs/holidays.yml:4: 错误 HOLIDAYS-BAD-VALUE 字段 years[0].holidays："
            "放假日期第 1 项“2027-02-30”不是真实存在的日期。"
            "修改：检查月份和日期（例如 2 月没有 30 日），格式为 YYYY-MM-DD",
        ),
        (
            NOTICE_2027.replace("2027-02-06 至 2027-02-12", "2027-02-12 至 2027-02-06"),
            "catalogs/holidays.yml:4: 错误 HOLIDAYS-BAD-VALUE 字段 years[0].holidays："
            "放假日期第 2 项“2027-02-12 至 2027-02-06”"
            "不是一段有效的日期（起日应不晚于止日，且不超过 31 天）。"
            "修改：写成 起始日期 至 结束日期，例如 2027-10-01 至 2027-10-07",
        ),
        (
            NOTICE_2027.replace("2027-01-01\n", "2028-01-01\n"),
            "catalogs/holidays.yml:4: 错误 HOLIDAYS-WRONG-YEAR 字段 years[0].holidays：2028-01-01 不在 2027 年。"
            "修改：把它写到 year: 2028 的一条中，或改正日期",
        ),
        (
            NOTICE_2027.replace("[2027-02-14]", "[2027-02-15]"),
            "catalogs/holidays.yml:7: 错误 HOLIDAYS-WORKDAY-WEEKDAY 字段 years[0].workdays："
            "调休上班日 2027-02-15 是星期一，本来就上班。"
            "修改：workdays 只写通知中调为上班的星期六、星期日",
        ),
        (
            NOTICE_2027.replace("[2027-02-14]", "[2027-02-14, 2027-02-06]"),
            "catalogs/holidays.yml:7: 错误 HOLIDAYS-BOTH 字段 years[0].workdays："
            "2027-02-06 同时写在放假和调休上班中。修改：按通知保留其中一处",
        ),
        (
            NOTICE_2027 + NOTICE_2027.split("\n", 1)[1],
            "catalogs/holidays.yml:8: 错误 HOLIDAYS-DUP-YEAR 字段 years[1].year：2027 年重复。"
            "修改：每年只写一条，删除重复的一条",
        ),
        (
            NOTICE_2027.replace("year: 2027", "year: 27"),
            "catalogs/holidays.yml:2: 错误 HOLIDAYS-BAD-VALUE 字段 years[0].year：年份应为四位年份。"
            "修改：例如 year: 2027",
        ),
        (
            NOTICE_2027.replace("    source: 测试用安排（不是官方通知）\n", ""),
            "catalogs/holidays.yml:2: 错误 HOLIDAYS-MISSING-FIELD 字段 years[0].source：缺少必填字段（依据）。"
            "修改：添加一行 source: …",
        ),
    ],
)
def test_bad_holidays_yml(calendar, text, expected):
    notices, problems = calendar(text)
    assert notices == {}
    assert [str(p) for p in problems] == [expected]


LATE_ACROSS_NEW_YEAR = "content/county/huizhou/shehui-jiuzhu/2027/dibao-tiaozheng.md"


def _late_item() -> str:
    """Written 2026-12-20, published 2027-01-25 under a row of 10 working days: late, across New Year."""
    return item_text(
        written="2026-12-20",
        published="2027-01-25 09:30",
        index_no=f"{HUIZHOU_USCC}/202701-00001",
        doc_no="徽政办〔2027〕1号",
        title="徽州区关于调整2027年城乡低保标准的通知",
    )


def test_a_build_needing_an_unknown_year_stops_and_names_holidays_yml(make_site, monkeypatch):
    root = make_site({LATE_ACROSS_NEW_YEAR: _late_item()})
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1801612800")  # 2027-02-01
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code != 0
    assert (
        f"{LATE_ACROSS_NEW_YEAR}:6: 错误 CAT-CALENDAR-RANGE 字段 published：法定节假日日历中没有 2027 年的数据"
        in result.output
    )
    assert "在 catalogs/holidays.yml 录入该年的放假和调休上班日期" in result.output
    assert not (root / "site").exists()

    (root / "catalogs/holidays.yml").write_text(NOTICE_2027, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 0, result.output
    catalog = (root / "site/county/huizhou/catalog/shehui-jiuzhu/index.html").read_text(encoding="utf-8")
    assert 'title="成文 2026-12-20，10个工作日内即 2027-01-04 前应公开，2027-01-25 发布，已逾期">逾期' in catalog


def test_comparing_with_an_older_commit_keeps_the_current_calendar(make_site, monkeypatch):
    """`gongkai report --since` reads an old tree's registry; its (here: missing) holidays.yml must not
    replace the calendar the current report and the old coverage are judged with."""
    import subprocess

    from gongkai.core.compliance.history import compare_with
    from gongkai.core.sources.registry import load_registry

    root = make_site({LATE_ACROSS_NEW_YEAR: _late_item()})

    def git(*args):  # the old commit is dated after the late item: its coverage needs 2027's calendar
        when = {"GIT_AUTHOR_DATE": "2027-02-01T12:00:00+08:00", "GIT_COMMITTER_DATE": "2027-02-01T12:00:00+08:00"}
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=root,
            check=True,
            capture_output=True,
            env={**os.environ, **when},
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "before holidays.yml")
    (root / "catalogs/holidays.yml").write_text(NOTICE_2027, encoding="utf-8")
    current = load_registry(str(root / "catalogs"), str(root)).calendar
    assert current.is_workday(D(2027, 1, 4))
    history = compare_with(
        str(root),
        "HEAD",
        "content",
        "catalogs",
        {"huizhou": {"published": 0, "missing": 0, "overdue": 0}},
        {"huizhou": "徽州区"},
        current,
    )
    # the old tree has no holidays.yml: judged on its own calendar, its late 2027 item could not be judged at all
    assert history["error"] is None and history["units"][0]["unit"] == "huizhou"
    assert history["units"][0]["overdue"]["then"] == 1
