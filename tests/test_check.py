"""`gongkai check`: the problem report (human and JSON), exit codes and --strict, the personal-information scan
(what it finds, what must pass) and its reviewed exemptions, scheduled items, and index numbers that changed
after publication.

The exact lines each bad input gives are in the bad-input corpus, tests/test_bad_input.py.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.core.checks import pii
from tests.helpers import (
    HUIZHOU_USCC,
    ID,
    ITEM_PATH,
    MOBILE,
    OTHER_ITEM_PATH,
    TUNXI_USCC,
    item_text,
    other_item,
    tiny_pdf,
    with_attachment,
)

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md
OTHER = OTHER_ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-shenpi.md

# --- the report -------------------------------------------------------------------------------------------------


def test_check_json_schema_and_exit_codes(make_site, monkeypatch):
    root = make_site({P: item_text(body=f"联系人 {MOBILE}\n"), OTHER: other_item(body="")})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["version"] == 1
    assert report["summary"] == {
        "files_checked": 3,
        "errors": 1,
        "warnings": 1,
        "infos": 0,
        "files_with_errors": 1,
        "exemptions_used": 0,
    }
    assert report["problems"] == [
        {
            "path": P,
            "line": 16,
            "severity": "error",
            "code": "PII-MOBILE",
            "field": None,
            "message": "发现未遮盖的手机号码 139****5678（个人信息不得公开）",
            "fix": "写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
        },
        {
            "path": OTHER,
            "line": None,
            "severity": "warning",
            "code": "ITEM-NO-BODY",
            "field": None,
            "message": "正文为空",
            "fix": "在正文中用一两段文字说明主要内容（便于检索，也便于读屏软件和手机阅读）",
        },
    ]
    # limited to one file: the other file's warning is not shown and does not count
    only = CliRunner().invoke(cli, ["check", "--strict", OTHER])
    assert only.exit_code == 1 and "ITEM-NO-BODY" in only.output and "PII-MOBILE" not in only.output
    assert CliRunner().invoke(cli, ["check", OTHER]).exit_code == 0  # a warning fails only with --strict
    human = CliRunner().invoke(cli, ["check"]).output.split("\n")
    assert (
        human[0].startswith(f"{P}:16: 错误 PII-MOBILE")
        and human[1] == ""
        and human[2].startswith(f"{OTHER}: 警告 ITEM-NO-BODY")
    )
    assert human[-2] == "检查了 3 个文件：1 个错误（涉及 1 个文件），1 个警告，0 条提示；个人信息豁免生效 0 项。"


# --- the personal-information scan: what must pass ------------------------------------------------------------


def test_masked_numbers_credit_codes_and_office_phones_pass(make_site, monkeypatch):
    body = (
        f"## 名单\n\n| 姓名 | 身份证号 | 手机 | 卡号 |\n|---|---|---|---|\n"
        f"| 张某 | 340102********1234 | 138****1234 | 6222 **** **** 1234 |\n"
        f"| 李某 | 35*************123 | 139\\*\\*\\*\\*5678 | 6217***********0129 |\n\n"
        f"发布机构统一社会信用代码 {HUIZHOU_USCC}，屯溪区 {TUNXI_USCC}；企业 91110000600037341L、"
        f"513201000000000009、Y1330100000000000K。\n\n咨询电话：0559-6512345，传真 0559-6512346。\n"
        f"发文日期 2024-03-08 09:30，金额 1350 2400 1680 元，项目编号 20240308-00012。\n"
    )
    root = make_site({P: item_text(body=body, source=f"徽州区民政局（{TUNXI_USCC}）")})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "0 个错误" in result.output
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0


@pytest.mark.parametrize(
    "value,kind",
    [
        ("110101199003070011", pii.ID),
        ("44030419851231002X", pii.ID),
        ("320502200002290031", pii.ID),
        ("650102194910010046", pii.ID),
        ("110101199003070012", pii.ID_TYPO),  # one digit off a real number: region and birth date still hold
        ("110101199002300014", None),
        ("990101199003070010", None),
        ("13812345678", pii.MOBILE),
        ("19212345678", pii.MOBILE),
        ("12345678901", None),
        ("138123456789", None),
        ("6228480000000000000", pii.BANKCARD),
        ("6212345678901232", pii.BANKCARD),
        ("6228480000000000001", None),
        ("91110000600037341L", None),
        ("12440300000000000K", None),
        ("513201000000000009", None),
        ("1134100424042083XR", None),
    ],
)
def test_detector_vectors(value, kind):
    """Check-digit vectors: valid IDs/mobiles/cards are found, bad checksums and credit codes are not."""
    found = pii.scan_line(f"号码：{value}。")
    assert [f.kind for f in found] == ([kind] if kind else [])


def test_registry_credit_codes_are_never_flagged_even_if_id_shaped():
    """A code in catalogs/units.yml is public even when it would also pass as an ID number."""
    assert pii.scan_line(f"代码 {ID}") and not pii.scan_line(f"代码 {ID}", public={ID})


# --- exemptions -------------------------------------------------------------------------------------------------


def exempt_item() -> str:
    return item_text(
        body=f"值班手机：{MOBILE}（24 小时）。\n",
        pii_exempt=f'\n  - value: "{MOBILE}"\n    reason: 区民政局值班手机，对外公布的工作号码\n'
        '  - value: "0559-1234567"\n    reason: 办公电话',
    )


def test_exemption_lets_a_reviewed_value_through_and_is_listed(make_site, monkeypatch):
    root = make_site({P: exempt_item()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert (
        f"{P}:16: 提示 PII-EXEMPT 字段 pii_exempt：已按豁免放行 {MOBILE}（理由：区民政局值班手机，"
        "对外公布的工作号码），共 1 处。"
        "修改：豁免须经审核；不再需要时删除该项"
    ) in result.output
    assert (
        f"{P}:18: 警告 PII-EXEMPT-UNUSED 字段 pii_exempt：豁免的号码 0559-1234567 在本条及其附件中没有出现。"
        "修改：删除这一项（固定电话等不会被拦截，无需豁免）"
    ) in result.output
    strict = CliRunner().invoke(cli, ["check", "--strict"])
    assert strict.exit_code == 1
    report = json.loads(CliRunner().invoke(cli, ["check", "--format", "json"]).output)
    assert report["exemptions"] == [
        {"path": P, "line": 16, "value": MOBILE, "reason": "区民政局值班手机，对外公布的工作号码", "uses": 1}
    ]
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0  # advisory warnings do not fail the build
    html = (root / "site/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").read_text(encoding="utf-8")
    assert MOBILE in html  # exempted values are published as written: nothing is altered silently


# --- scheduled items and published index numbers ----------------------------------------------------------------


def test_scheduled_item_is_checked_but_not_built_until_its_date(make_site, monkeypatch):
    future = "content/county/huizhou/shehui-jiuzhu/2999/xin-biaozhun.md"
    root = make_site(
        {
            P: item_text(),
            future: with_attachment(
                "biao.pdf",
                written="2999-01-01",
                published="2999-01-02",
                scheduled="true",
                index_no=f"{HUIZHOU_USCC}/299901-00001",
            ),
            "content/county/huizhou/shehui-jiuzhu/2999/files/biao.pdf": tiny_pdf("2999"),
        }
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0
    assert (
        f"{future}:6: 提示 ITEM-SCHEDULED 字段 published：定于 2999-01-02 发布：本次构建不包含此条及其附件。"
        "修改：到期后重新构建即可发布" in result.output
    )
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    assert (root / "site/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").is_file()
    assert not (root / "site/county/huizhou/shehui-jiuzhu/2999").exists()
    # on its date (simulated with --as-of) the same files pass as an ordinary item
    assert CliRunner().invoke(cli, ["check", "--as-of", "2999-01-02"]).exit_code == 0


def test_changed_index_no_is_reported_against_git_history(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(git + ["add", "."], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "first"], cwd=root, check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short=7", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0
    (root / P).write_text(item_text(index_no=f"{HUIZHOU_USCC}/202403-00099"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert (
        f"{P}:3: 错误 ITEM-INDEX-NO-CHANGED 字段 index_no：索引号已改为 {HUIZHOU_USCC}/202403-00099，"
        f"而该文件首次提交（{commit}）时是 "
        f"{HUIZHOU_USCC}/202403-00012。修改：已发布条目的索引号不得更改：改回 {HUIZHOU_USCC}/202403-00012"
    ) in result.output


def test_a_front_matter_error_does_not_hide_the_files_other_problems(make_site, monkeypatch):
    """A full-width colon stops the field checks of the file (its YAML cannot be read), but its body is still
    checked — the broken link, the ID number in the body and in the unreadable front matter — and the file is
    counted as checked."""
    text = item_text(body=f"见[办事指南](../2023/no-such-item.md)。申请人 {ID}。\n")
    text = text.replace("summary: 自2024年4月1日起调整城乡低保标准。", f"summary：联系人身份证 {ID}")
    root = make_site({ITEM_PATH: text})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", ITEM_PATH])
    assert result.exit_code == 1
    codes = re.findall(r": 错误 ([A-Z0-9-]+)", result.output)
    assert codes == ["FM-FULLWIDTH-COLON", "PII-ID", "LINK-MISSING", "PII-ID"], result.output
    assert result.output.rstrip().endswith(
        "检查了 1 个文件：4 个错误（涉及 1 个文件），0 个警告，0 条提示；个人信息豁免生效 0 项。"
    )
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 1


BROKEN_CATALOG_FILES = {
    "ledger": ("catalogs/ledgers/huizhou/2025/requests.yml", "requests:\n  - id: 2025-001\n    received: 2025-02-30\n"),
    "synonyms": ("catalogs/synonyms.yml", "synonyms:\n  低保: 最低生活保障\n"),
    "columns": ("catalogs/columns.yml", "columns:\n  - id: x\n"),
    "compliance": ("catalogs/compliance.yml", "version: 1\n"),
}


@pytest.mark.parametrize("broken", sorted(BROKEN_CATALOG_FILES))
def test_check_reports_ledger_columns_synonyms_and_rules_problems_like_the_build(make_site, monkeypatch, broken):
    """`gongkai check` reads everything the build reads from catalogs/: a broken 年报 ledger, columns.yml,
    synonyms.yml or compliance.yml fails check (also without --strict) with the build's own lines."""
    path, text = BROKEN_CATALOG_FILES[broken]
    root = make_site({})
    (root / path).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    checked = CliRunner().invoke(cli, ["check"])
    built = CliRunner().invoke(cli, ["build", "-q"])
    assert checked.exit_code == 1 and built.exit_code == 1
    check_lines = [line for line in checked.output.split("\n") if ": 错误 " in line]
    build_lines = [line.removeprefix("错误：") for line in built.output.split("\n") if ": 错误 " in line]
    assert check_lines and all(line.startswith(path) for line in check_lines), checked.output
    assert check_lines == build_lines


def test_the_check_cache_gives_the_same_report_and_follows_every_edit(make_site, monkeypatch):
    """A second run reads per-file results from .cache/gongkai/checks.pickle: the same report; an edit of one file
    is checked afresh (its problem appears, then goes once fixed), and a text that differs only where two inputs
    meet is not taken for another."""
    from gongkai.core.base import memo

    root = make_site({P: item_text(body="正文。\n"), OTHER: other_item(body=f"联系人 {MOBILE}\n")})
    monkeypatch.chdir(root)

    def report():
        result = CliRunner().invoke(cli, ["check", "--format", "json"])
        return result.exit_code, json.loads(result.output)["problems"]

    first = report()
    assert (root / ".cache" / "gongkai" / "checks.pickle").is_file()
    assert report() == first and first[0] == 1
    assert [p["path"] for p in first[1] if p["code"] == "PII-MOBILE"] == [OTHER]
    (root / P).write_text(item_text(body=f"联系人 {MOBILE}\n"), encoding="utf-8")
    assert sorted(p["path"] for p in report()[1] if p["code"] == "PII-MOBILE") == [P, OTHER]
    (root / P).write_text(item_text(body="正文。\n"), encoding="utf-8")
    assert report() == first
    with memo.use(None) as store:
        assert store.get("k", ("ab", "c"), lambda: 1) == 1
        assert store.get("k", ("a", "bc"), lambda: 2) == 2
        assert store.get("k", ("1",), lambda: 3) == 3
        assert store.get("k", (1,), lambda: 4) == 4
        assert store.get("k", ("ab", "c"), lambda: 5) == 1
