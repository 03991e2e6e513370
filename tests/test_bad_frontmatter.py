"""Bad input never publishes: every broken item stops the build with one exact, fixable Chinese line.

Each case writes a tiny site, puts a marker file into the old site dir, runs the in-process MkDocs
build and checks that

* the build aborts (`mkdocs.exceptions.Abort`);
* the problem lines logged on the `mkdocs` logger are exactly the expected `str(Problem)` lines
  (`path:line: 错误 CODE 字段 field：message。修改：fix`), followed by the summary line;
* the old output is untouched (the marker survives) and no page was written, because the corpus is
  checked in on_pre_build, before MkDocs empties site_dir.

The expected lines are hard-coded on purpose: they are what a member of staff reads, so any change to
the wording is a visible, reviewed change.
"""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import HUIZHOU_USCC, ITEM_PATH, build_site, item_text
from mkdocs.exceptions import Abort
from mkdocs.utils import meta

from gongkai.core.base.frontmatter import read_text

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md
DIR = "content/county/huizhou/shehui-jiuzhu/2024"
TUNXI_USCC = "113410021216075037"
YANSI_USCC = "11341004413628680U"
MARKER = "old-output-marker.txt"
SUMMARY_RE = r"共 \d+ 个错误，涉及 \d+ 个文件；未生成任何页面。"


def replace_line(text: str, old: str, new: str) -> str:
    """Replace one whole front-matter line (asserting it exists) in an item_text()."""
    assert old in text.split("\n"), old
    return text.replace(old + "\n", new + "\n", 1)


def jiedu(**overrides) -> str:
    """A valid 解读 (interpretation) item of the policy at ITEM_PATH, with the overrides applied."""
    fields = {
        "doc_no": None,
        "validity": None,
        "genre": "解读",
        "title": "《关于调整低保标准的通知》解读",
        "index_no": f"{HUIZHOU_USCC}/202403-00013",
        "interpretation_form": "文字解读",
        "interprets": "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun",
    }
    fields.update(overrides)
    return item_text(**fields)


# (id, files, expected problem lines). A str is one line; a tuple is several, in report order.
CASES = [
    # --- encoding -------------------------------------------------------------------------------
    (
        "gbk-file",
        {P: item_text().encode("gbk")},
        f"{P}:2: 错误 ENC-NOT-UTF8：文件似乎是 GBK/GB18030 编码（常见于 Windows 记事本、WPS 的默认保存），第 2 行起无法按 UTF-8 读取。修改：用编辑器“另存为”并选择 UTF-8 编码后再提交",
    ),
    (
        "utf16-file",
        {P: item_text().encode("utf-16")},
        f"{P}:1: 错误 ENC-UTF16：文件是 UTF-16 编码（常见于 Windows 记事本“Unicode”或 PowerShell 重定向）。修改：用编辑器另存为“UTF-8”编码后再提交",
    ),
    (
        "nul-byte",
        {P: item_text(summary="自2024年4月1日起\x00调整。").encode("utf-8")},
        f"{P}:14: 错误 ENC-NUL：文件中含有空字符（NUL），不是纯文本。修改：删除该字符，或从原稿重新复制文本并保存为 UTF-8",
    ),
    # --- delimiters -----------------------------------------------------------------------------
    (
        "missing-opening-delimiter",
        {P: item_text()[len("---\n") :]},
        f"{P}:1: 错误 FM-MISSING：文件开头没有前置元数据（front matter）。修改：在第 1 行写 ---，接着写 title、index_no 等字段，再用一行 --- 结束",
    ),
    (
        "blank-line-before-delimiter",
        {P: "\n" + item_text()},
        f"{P}:2: 错误 FM-DELIM-NOT-FIRST：分隔线 --- 前面有 1 个空行，前置元数据必须从第 1 行开始。修改：删除第一行 --- 之前的空行",
    ),
    (
        "missing-closing-delimiter",
        {P: item_text(body="").rstrip("-\n") + "\n\n正文。\n"},
        f"{P}:1: 错误 FM-UNCLOSED：前置元数据没有结束分隔线。修改：在最后一个字段之后加一行 ---，再写正文",
    ),
    (
        "fullwidth-opening-delimiter",
        {P: "－－－" + item_text()[3:]},
        f"{P}:1: 错误 FM-DELIM-FULLWIDTH：第 1 行“－－－”不是前置元数据分隔线。修改：改为三个半角减号 ---（不要用全角“－”或破折号）",
    ),
    (
        "fullwidth-closing-delimiter",
        {P: item_text().replace("\n---\n", "\n－－－\n", 1)},
        f"{P}:15: 错误 FM-DELIM-FULLWIDTH：第 15 行“－－－”不是前置元数据分隔线。修改：改为三个半角减号 ---（不要用全角“－”或破折号）",
    ),
    # --- YAML syntax ----------------------------------------------------------------------------
    (
        "unquoted-colon-in-value",
        {P: item_text(title="关于: 冒号")},
        f'{P}:2: 错误 FM-YAML-COLON 字段 title：值里含有“: ”（冒号加空格），YAML 无法分辨字段。修改：给整个值加半角引号：title: "关于: 冒号"',
    ),
    (
        "hash-truncates-value",
        {P: item_text(title="关于第2号 #2 文件的说明")},
        f'{P}:2: 错误 FM-HASH-TRUNCATES 字段 title：值中的“ #”会被当作注释，后面的文字会丢失。修改：给整个值加半角引号：title: "关于第2号 #2 文件的说明"',
    ),
    (
        "fullwidth-colon-key",
        {
            P: replace_line(
                item_text(),
                "title: 徽州区关于调整城乡最低生活保障标准的通知",
                "title：徽州区关于调整城乡最低生活保障标准的通知",
            )
        },
        f"{P}:2: 错误 FM-FULLWIDTH-COLON 字段 title：字段名“title”后面用了全角冒号“：”，整行会被当成文本。修改：改为半角冒号加空格：title: …",
    ),
    (
        "fullwidth-quotes-key",
        {
            P: replace_line(
                item_text(),
                "title: 徽州区关于调整城乡最低生活保障标准的通知",
                "“title”: 徽州区关于调整城乡最低生活保障标准的通知",
            )
        },
        f"{P}:2: 错误 FM-FULLWIDTH-QUOTE 字段 title：字段名 “title” 带有中文引号。修改：去掉引号，写成 title: …；值需要引号时请用半角引号 \" 或 '",
    ),
    (
        "tab-indentation",
        {P: item_text(keywords="\n\t- 最低生活保障\n\t- 低保标准")},
        (
            f"{P}:14: 错误 FM-TAB：行首用了制表符（Tab）缩进。修改：改用空格缩进（每级两个空格）",
            f"{P}:15: 错误 FM-TAB：行首用了制表符（Tab）缩进。修改：改用空格缩进（每级两个空格）",
        ),
    ),
    (
        "duplicate-key",
        {P: item_text(topic="民政、扶贫、救灾\\社会福利\ntitle: 另一个标题")},
        f"{P}:12: 错误 FM-DUP-KEY 字段 title：字段重复（第 2 行已出现）。修改：删除多余的一行，只保留一个 title",
    ),
    (
        "front-matter-is-a-list",
        {P: "---\n- title: 关于调整低保标准的通知\n- publisher: huizhou\n---\n正文。\n"},
        f"{P}:2: 错误 FM-NOT-MAPPING：前置元数据写成了列表（行首是“- ”），应当每行一个“字段: 值”。修改：去掉行首的“- ”，每行写一个字段，例如 title: 关于……的通知",
    ),
    (
        "escape-in-double-quotes",
        {P: item_text(topic='"民政、扶贫、救灾\\社会福利"')},
        f"{P}:11: 错误 FM-YAML-ESCAPE 字段 topic：双引号中的反斜杠“\\”被当成转义符。修改：去掉双引号，写成 topic: 民政、扶贫、救灾\\社会福利（或改用单引号）",
    ),
    (
        "yaml-tag",
        {P: item_text(summary="!!int 5")},
        f"{P}:14: 错误 FM-YAML-TAG 字段 summary：不支持 YAML 标签 !!int。修改：去掉 !! 开头的标签，直接写值",
    ),
    # --- fields ---------------------------------------------------------------------------------
    (
        "unknown-field-typo",
        {P: item_text(title=None, titel="徽州区关于调整城乡最低生活保障标准的通知")},
        (
            f"{P}:1: 错误 ITEM-MISSING-FIELD 字段 title：缺少必填字段（标题）。修改：添加一行 title: …",
            f"{P}:14: 错误 ITEM-UNKNOWN-FIELD 字段 titel：未知字段“titel”。修改：是否应为 title（标题）？",
        ),
    ),
    (
        "chinese-field-name",
        {P: item_text(summary=None, 内容概述="自2024年4月1日起调整城乡低保标准。")},
        f"{P}:14: 错误 ITEM-UNKNOWN-FIELD 字段 内容概述：未知字段“内容概述”。修改：字段名请用英文 summary（内容概述）",
    ),
    (
        "missing-required-field",
        {P: item_text(index_no=None)},
        f"{P}:1: 错误 ITEM-MISSING-FIELD 字段 index_no：缺少必填字段（索引号）。修改：添加一行 index_no: …",
    ),
    (
        "empty-value",
        {P: item_text(title="")},
        f"{P}:2: 错误 ITEM-BAD-VALUE 字段 title：标题不能为空。修改：填写内容，或删除这一行（如果该字段不是必填）",
    ),
    (
        "yaml11-no-is-not-a-validity",
        {P: item_text(validity="no")},
        f"{P}:12: 错误 ITEM-BAD-VALUE 字段 validity：有效性“no”不是允许的值。修改：可选值：有效、失效、废止",
    ),
    (
        "yaml11-off-is-not-a-form",
        {P: jiedu(interpretation_form="off")},
        f"{P}:13: 错误 ITEM-BAD-VALUE 字段 interpretation_form：解读形式“off”不是允许的值。修改：可选值：文字解读、图解、视频、问答",
    ),
    (
        "impossible-date",
        {P: item_text(written="2024-02-30")},
        f"{P}:5: 错误 ITEM-BAD-VALUE 字段 written：成文日期“2024-02-30”不是真实存在的日期。修改：检查月份和日期（例如 2 月没有 30 日），格式为 YYYY-MM-DD",
    ),
    (
        "slash-date",
        {P: item_text(written="2024/03/05")},
        f"{P}:5: 错误 ITEM-BAD-VALUE 字段 written：成文日期“2024/03/05”不是 YYYY-MM-DD 格式的日期。修改：写成四位年-两位月-两位日，例如 2024-03-08",
    ),
    (
        "impossible-time",
        {P: item_text(published="2024-03-08 24:30")},
        f"{P}:6: 错误 ITEM-BAD-VALUE 字段 published：发布日期“2024-03-08 24:30”中的时间不存在。修改：时间写成 00:00 到 23:59 之间的 HH:MM",
    ),
    (
        "keywords-plain-string",
        {P: item_text(keywords="最低生活保障、低保标准")},
        f"{P}:13: 错误 ITEM-BAD-VALUE 字段 keywords：关键词应为列表。修改：写成列表，例如 [最低生活保障, 低保标准]",
    ),
    # --- registries and paths -------------------------------------------------------------------
    (
        "unknown-unit",
        {P: item_text(publisher="nowhere")},
        f"{P}:4: 错误 ITEM-UNKNOWN-UNIT 字段 publisher：发布机构“nowhere”不在 catalogs/units.yml 中。修改：文件在徽州区的目录下，应写 publisher: huizhou（单位 id 见 catalogs/units.yml）",
    ),
    (
        "unknown-domain",
        {P: item_text(domain="nowhere")},
        f"{P}:8: 错误 ITEM-UNKNOWN-DOMAIN 字段 domain：领域“nowhere”不在 catalogs/domains.yml 中。修改：文件在社会救助领域的目录下，应写 domain: shehui-jiuzhu（领域 id 见 catalogs/domains.yml）",
    ),
    (
        "unit-path-mismatch",
        {P: item_text(publisher="tunxi", index_no=f"{TUNXI_USCC}/202403-00012")},
        f"{P}:4: 错误 ITEM-PATH-UNIT 字段 publisher：发布机构是 tunxi，文件却在单位目录 huizhou/ 下。修改：把文件移到 county/tunxi/ 之下，或改正 publisher",
    ),
    (
        "level-path-mismatch",
        {
            "content/county/yansi/shehui-jiuzhu/2024/dibao-biaozhun.md": item_text(
                publisher="yansi", index_no=f"{YANSI_USCC}/202403-00012"
            )
        },
        "content/county/yansi/shehui-jiuzhu/2024/dibao-biaozhun.md:4: 错误 ITEM-PATH-LEVEL 字段 publisher：岩寺镇是乡级单位，文件却在 county/ 目录下。修改：把文件移到 township/yansi/ 之下",
    ),
    (
        "domain-path-mismatch",
        {P: item_text(domain="jiuye", catalog=None, topic="劳动、人事、监察\\劳动就业")},
        f"{P}:8: 错误 ITEM-PATH-DOMAIN 字段 domain：领域是 jiuye，文件却在领域目录 shehui-jiuzhu/ 下。修改：把文件移到 county/huizhou/jiuye/ 之下，或改正 domain",
    ),
    (
        "year-folder-mismatch",
        {P: item_text(written="2023-03-05", published="2023-03-08")},
        f"{P}:6: 错误 ITEM-PATH-YEAR 字段 published：发布日期在 2023 年，文件却在年份目录 2024/ 下。修改：把文件移到 2023/ 目录，或改正 published",
    ),
    (
        "item-outside-layout",
        {"content/county/huizhou/dibao-biaozhun.md": item_text()},
        "content/county/huizhou/dibao-biaozhun.md: 错误 ITEM-PATH：条目文件应放在 <层级>/<单位>/<领域>/<年份>/<文件名>.md 之下。修改：参照 docs/content-model.md 移动文件，例如 county/huizhou/shehui-jiuzhu/2024/xxx.md",
    ),
    (
        "filename-uppercase",
        {f"{DIR}/Dibao-Biaozhun.md": item_text()},
        f"{DIR}/Dibao-Biaozhun.md: 错误 ITEM-FILENAME：文件名“Dibao-Biaozhun.md”只能用小写字母、数字和连字符（网址由它生成）。修改：改名为 dibao-biaozhun.md",
    ),
    (
        "filename-chinese",
        {f"{DIR}/低保标准.md": item_text()},
        f"{DIR}/低保标准.md: 错误 ITEM-FILENAME：文件名“低保标准.md”只能用小写字母、数字和连字符（网址由它生成）。修改：改用拼音或英文命名，例如 dibao-biaozhun-2024.md",
    ),
    # --- identifiers ----------------------------------------------------------------------------
    (
        "index-no-format",
        {P: item_text(index_no=f"{HUIZHOU_USCC}-202403-12")},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“1134100424042083XR-202403-12”格式不对。修改：写成 发布机构统一社会信用代码/年月-5位序号，例如 1134100424042083XR/202403-00012（可用 gongkai new 自动生成）",
    ),
    (
        "index-no-yaml11-like",
        {P: item_text(index_no="2020-0001")},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“2020-0001”格式不对。修改：写成 发布机构统一社会信用代码/年月-5位序号，例如 1134100424042083XR/202403-00012（可用 gongkai new 自动生成）",
    ),
    (
        "index-no-month-13",
        {P: item_text(index_no=f"{HUIZHOU_USCC}/202413-00012")},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“1134100424042083XR/202413-00012”中的月份 13 不存在。修改：年月写成 YYYYMM，例如 202403",
    ),
    (
        "index-no-other-unit",
        {P: item_text(index_no=f"{TUNXI_USCC}/202403-00012")},
        f"{P}:3: 错误 ITEM-INDEX-NO-UNIT 字段 index_no：索引号前缀 113410021216075037 不是发布机构徽州区的统一社会信用代码 1134100424042083XR。修改：核对 publisher 与索引号是否对应",
    ),
    (
        "index-no-duplicate",
        {P: item_text(), f"{DIR}/dibao-biaozhun-b.md": item_text(title="另一份通知")},
        f"{P}:3: 错误 ITEM-INDEX-NO-DUP 字段 index_no：索引号 1134100424042083XR/202403-00012 与 content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-b.md 重复。修改：索引号必须全站唯一，为本条分配下一个序号（gongkai new 会自动分配）",
    ),
    (
        "doc-no-halfwidth-brackets",
        {P: item_text(doc_no="徽政办[2024]5号")},
        f"{P}:7: 错误 ITEM-DOC-NO-BRACKETS 字段 doc_no：文号“徽政办[2024]5号”的年份没有用六角括号〔〕。修改：按公文格式写成例如 徽政办〔2024〕5号",
    ),
    # --- cross-field ----------------------------------------------------------------------------
    (
        "published-before-written",
        {P: item_text(written="2024-03-09")},
        f"{P}:6: 错误 ITEM-DATE-ORDER 字段 published：发布日期 2024-03-08 早于成文日期 2024-03-09。修改：核对两个日期：发布日期不能早于成文日期",
    ),
    (
        "unknown-genre",
        {P: item_text(genre="通知书")},
        f"{P}:10: 错误 ITEM-BAD-GENRE 字段 genre：体裁“通知书”不在 catalogs/genres.yml 中。修改：可选：决议、决定、命令（令）、公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、函、纪要、办法、规划、方案、计划、总结、公示、名单、统计数据、办事指南、工作动态、解读、其他",
    ),
    (
        "unknown-topic",
        {P: item_text(topic="民政\\低保")},
        f"{P}:11: 错误 ITEM-BAD-TOPIC 字段 topic：主题分类“民政\\低保”不在 catalogs/topics.yml 中。修改：写成“一级”或“一级\\二级”，例如 民政、扶贫、救灾\\社会福利",
    ),
    (
        "repealed-without-date",
        {P: item_text(validity="废止")},
        f"{P}:12: 错误 ITEM-VALIDITY-DATE 字段 validity：有效性为“废止”时必须填写废止日期。修改：添加一行 repealed: YYYY-MM-DD",
    ),
    (
        "doc-no-without-validity",
        {P: item_text(validity=None)},
        f"{P}:7: 错误 ITEM-VALIDITY-MISSING 字段 doc_no：有文号的文件必须标明有效性。修改：添加一行 validity: 有效（或 失效、废止）",
    ),
    (
        "unknown-catalog-row",
        {P: item_text(catalog="dbsh-nothing")},
        f"{P}:9: 错误 ITEM-UNKNOWN-ROW 字段 catalog：领域 社会救助 的标准目录中没有事项“dbsh-nothing”。修改：可选：zhyw-zcfg、zhyw-jdjc、dbsh-zcfg、dbsh-bszn、dbsh-shxx、dbsh-spxx、tkry-zcfg、tkry-bszn、tkry-shxx、tkry-spxx、lsjz-zcfg、lsjz-bszn 等，见 catalogs/standard/shehui-jiuzhu.yml",
    ),
    (
        "attachment-missing",
        {P: item_text(attachments="\n  - file: files/dibao-biaozhun-2024.pdf\n    title: 2024年城乡低保标准表")},
        f"{P}:15: 错误 ITEM-ATTACHMENT-MISSING 字段 attachments：附件文件“files/dibao-biaozhun-2024.pdf”不存在（应在 content/county/huizhou/shehui-jiuzhu/2024/files/dibao-biaozhun-2024.pdf）。修改：把文件放到该位置，或改正 file 路径（区分大小写）",
    ),
    (
        "interprets-nowhere",
        {f"{DIR}/dibao-jiedu.md": jiedu()},
        f"{DIR}/dibao-jiedu.md:14: 错误 ITEM-INTERPRETS-MISSING 字段 interprets：解读对象“county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun”不存在。修改：填写被解读政策的条目 id（它在 content/ 下的路径去掉 .md），并确认该条目已经存在",
    ),
    (
        "interprets-typo",
        {f"{DIR}/dibao-biaozhun-2024.md": item_text(), f"{DIR}/dibao-jiedu.md": jiedu()},
        f"{DIR}/dibao-jiedu.md:14: 错误 ITEM-INTERPRETS-MISSING 字段 interprets：解读对象“county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun”不存在。修改：是否应为 county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-2024？",
    ),
    (
        "interprets-a-jiedu",
        {
            P: item_text(),
            f"{DIR}/dibao-jiedu.md": jiedu(),
            f"{DIR}/dibao-jiedu-2.md": jiedu(
                index_no=f"{HUIZHOU_USCC}/202403-00014", interprets="county/huizhou/shehui-jiuzhu/2024/dibao-jiedu"
            ),
        },
        f"{DIR}/dibao-jiedu-2.md:14: 错误 ITEM-INTERPRETS-JIEDU 字段 interprets：解读对象“county/huizhou/shehui-jiuzhu/2024/dibao-jiedu”本身也是解读。修改：interprets 应指向政策文件本身（它解读的是 county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun）",
    ),
    (
        "interprets-on-non-jiedu",
        {P: item_text(interprets="county/huizhou/shehui-jiuzhu/2024/other")},
        f"{P}:15: 错误 ITEM-INTERPRETS-GENRE 字段 interprets：只有体裁为“解读”的条目可以填写 interprets，本条体裁是“通知”。修改：把 genre 改为 解读，或删除 interprets",
    ),
]


@pytest.fixture
def built_bad(make_site, caplog):
    """Build a bad site over an old site dir (holding MARKER); return (ERROR messages on the mkdocs logger, site dir)."""

    def run(files):
        root = make_site(files)
        site_dir = root / "site"
        site_dir.mkdir()
        (site_dir / MARKER).write_text("上一次成功构建的输出", encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            with pytest.raises(Abort):
                build_site(root, site_dir)
        errors = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs") and r.levelno >= logging.ERROR]
        return errors, site_dir

    return run


def problem_lines(errors: list[str]) -> list[str]:
    assert len(errors) == 1, errors
    lines = errors[0].split("\n")
    assert re.fullmatch(SUMMARY_RE, lines[-1]), lines[-1]
    return lines[:-1]


@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_item_stops_the_build(built_bad, files, expected):
    errors, site_dir = built_bad(files)
    expected = [expected] if isinstance(expected, str) else list(expected)
    assert problem_lines(errors) == expected
    assert (site_dir / MARKER).read_text(encoding="utf-8") == "上一次成功构建的输出"
    assert sorted(p.name for p in site_dir.iterdir()) == [MARKER]  # nothing cleaned, nothing written


def test_front_matter_plain_mkdocs_would_publish_as_text_stops_the_build(built_bad):
    """reliability.md §0: MkDocs swallows this YAML error and prints the block; we stop instead."""
    text = item_text(title="关于: 冒号")
    text = replace_line(
        text,
        "summary: 自2024年4月1日起调整城乡低保标准。",
        "summary: 自2024年4月1日起调整城乡低保标准。\naccess: internal",
    )
    body, data = meta.get_data(text)
    assert data == {}  # plain MkDocs: no metadata at all ...
    assert body.startswith("---\ntitle: 关于: 冒号\n") and "access: internal" in body  # ... and the block is page text
    errors, site_dir = built_bad({P: text})
    assert problem_lines(errors) == [
        f'{P}:2: 错误 FM-YAML-COLON 字段 title：值里含有“: ”（冒号加空格），YAML 无法分辨字段。修改：给整个值加半角引号：title: "关于: 冒号"'
    ]
    assert sorted(p.name for p in site_dir.iterdir()) == [MARKER]


def test_yaml_1_1_lookalikes_stay_the_text_the_author_typed(make_site):
    """`010`, `1.10`, `12:30`, `no`, `2024-01-02`: YAML 1.1 would make them 8, 1.1, 750, False and a date."""
    text = item_text(
        title="关于12:30召开第1.10次会议的通知",
        doc_no="010",
        summary="12:30",
        source="1.10",
        keywords="[no, off, 010, 2024-01-02]",
    )
    site_dir = build_site(make_site({P: text}))
    html = (site_dir / "county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("h1").get_text() == "关于12:30召开第1.10次会议的通知"
    box = {
        th.get_text(): th.find_next_sibling("td").get_text(" ", strip=True) for th in soup.select("table.gk-meta th")
    }
    assert box["文号"] == "010"
    assert box["内容概述"] == "12:30"
    assert box["信息来源"] == "1.10"
    # and the reader itself keeps every scalar a string
    fm, problems = read_text(text, P)
    assert problems == []
    assert fm.data["keywords"] == ["no", "off", "010", "2024-01-02"]
    assert yaml.safe_load("doc_no: 010\nsummary: 12:30\nsource: 1.10\nv: no") == {
        "doc_no": 8,
        "summary": 750,
        "source": 1.1,
        "v": False,
    }
