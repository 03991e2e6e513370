"""The bad-input corpus: every broken input stops publication with exact, fixable Chinese problem lines.

Each case writes a tiny site (the `make_site` fixture) and goes down both roads a site is published by:

* `mkdocs build` in-process over an old site dir holding a marker file: the build aborts
  (`mkdocs.exceptions.Abort`), the problem lines logged on the `mkdocs` logger are exactly the expected
  `str(Problem)` lines (`path:line: 错误 CODE 字段 field：message。修改：fix`) followed by the summary line, and
  the old output is untouched (the marker survives, no page is written): the sources are checked before MkDocs
  empties site_dir;
* `gongkai check` exits 1 and prints exactly the expected problem lines; `gongkai build` exits 1, names the same
  problems and publishes nothing (no `site`, no release).

The expected lines are hard-coded on purpose: they are what a member of staff reads, so any change to the
wording is a visible, reviewed change. A new check adds its bad input here. Every ID, mobile and card number is
synthetic (tests/helpers.py); `test_synthetic_numbers_are_checksum_valid` computes their check characters.
"""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort
from mkdocs.utils import meta

from gongkai.cli import cli
from gongkai.core.base.clock import today
from gongkai.core.base.identifiers import id_check_char, luhn_ok
from gongkai.core.publish import releases as publish
from tests.helpers import (
    CARD,
    CARD2,
    HUIZHOU_USCC,
    ID,
    ID15,
    ID_X,
    ITEM_DIR,
    ITEM_PATH,
    MOBILE,
    OTHER_ITEM_PATH,
    REPO,
    TUNXI_USCC,
    build_site,
    item_text,
    other_item,
    tiny_docx,
    tiny_pdf,
    tiny_xlsx,
    with_attachment,
)

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md
# nine nested levels of anchors and aliases, appended as front-matter lines 13–21 of item_text()
ALIAS_BOMB = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"] + [
    f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)
]
DIR = ITEM_DIR  # content/county/huizhou/shehui-jiuzhu/2024
OTHER = OTHER_ITEM_PATH  # {DIR}/dibao-shenpi.md
YANSI_USCC = "11341004413628680U"
MARKER = "old-output-marker.txt"
SUMMARY_RE = r"共 \d+ 个错误，涉及 \d+ 个文件；未生成任何页面。"


def test_synthetic_numbers_are_checksum_valid():
    assert ID == ID[:17] + id_check_char(ID[:17])
    assert ID_X == ID_X[:17] + id_check_char(ID_X[:17])
    assert luhn_ok(CARD) and luhn_ok(CARD2)


def test_tiny_documents_are_read_back():
    """The fixtures really carry their text: pypdf, zipfile and openpyxl extract it."""
    from pypdf import PdfReader

    assert ID in PdfReader(io.BytesIO(tiny_pdf(f"ID {ID}"))).pages[0].extract_text()
    with zipfile.ZipFile(io.BytesIO(tiny_docx([f"身份证 {ID}"]))) as zf:
        assert ID in zf.read("word/document.xml").decode()


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


def case(case_id: str, files: dict[str, str | bytes], *lines: str, notes: tuple[str, ...] = (), **options):
    """One bad input: the files, the expected error lines in report order (`{today}` stands for today's date),
    the notes (提示) the build logs after them, and the site's options: gongkai plugin options, or
    unicode_slugs=True for the demo's Chinese heading anchors."""
    return pytest.param(files, options, list(lines), list(notes), id=case_id)


def catalog_with(rel: str, after: str, line: str) -> str:
    """A catalog file of the repository with one line inserted after the line `after`."""
    text = (REPO / rel).read_text(encoding="utf-8")
    assert after + "\n" in text, after
    return text.replace(after + "\n", after + "\n" + line + "\n", 1)


CASES = [
    # --- encoding --------------------------------------------------------------------------------------------
    case(
        "gbk-file",
        {P: item_text().encode("gbk")},
        f"{P}:2: 错误 ENC-NOT-UTF8：文件似乎是 GBK/GB18030 编码（常见于 Windows 记事本、WPS 的默认保存），"
        "第 2 行起无法按 UTF-8 读取。修改：用编辑器“另存为”并选择 UTF-8 编码后再提交",
    ),
    case(
        "utf16-file",
        {P: item_text().encode("utf-16")},
        f"{P}:1: 错误 ENC-UTF16：文件是 UTF-16 编码（常见于 Windows 记事本“Unicode”或 PowerShell 重定向）。"
        "修改：用编辑器另存为“UTF-8”编码后再提交",
    ),
    case(
        "nul-byte",
        {P: item_text(summary="自2024年4月1日起\x00调整。").encode("utf-8")},
        f"{P}:14: 错误 ENC-NUL：文件中含有空字符（NUL），不是纯文本。"
        "修改：删除该字符，或从原稿重新复制文本并保存为 UTF-8",
    ),
    # --- delimiters ------------------------------------------------------------------------------------------
    case(
        "missing-opening-delimiter",
        {P: item_text()[len("---\n") :]},
        f"{P}:1: 错误 FM-MISSING：文件开头没有前置元数据（front matter）。"
        "修改：在第 1 行写 ---，接着写 title、index_no 等字段，再用一行 --- 结束",
    ),
    case(
        "blank-line-before-delimiter",
        {P: "\n" + item_text()},
        f"{P}:2: 错误 FM-DELIM-NOT-FIRST：分隔线 --- 前面有 1 个空行，前置元数据必须从第 1 行开始。"
        "修改：删除第一行 --- 之前的空行",
    ),
    case(
        "missing-closing-delimiter",
        {P: item_text(body="").rstrip("-\n") + "\n\n正文。\n"},
        f"{P}:1: 错误 FM-UNCLOSED：前置元数据没有结束分隔线。修改：在最后一个字段之后加一行 ---，再写正文",
    ),
    case(
        "fullwidth-opening-delimiter",
        {P: "－－－" + item_text()[3:]},
        f"{P}:1: 错误 FM-DELIM-FULLWIDTH：第 1 行“－－－”不是前置元数据分隔线。"
        "修改：改为三个半角减号 ---（不要用全角“－”或破折号）",
    ),
    case(
        "fullwidth-closing-delimiter",
        {P: item_text().replace("\n---\n", "\n－－－\n", 1)},
        f"{P}:15: 错误 FM-DELIM-FULLWIDTH：第 15 行“－－－”不是前置元数据分隔线。"
        "修改：改为三个半角减号 ---（不要用全角“－”或破折号）",
    ),
    # --- YAML syntax -----------------------------------------------------------------------------------------
    case(
        "unquoted-colon-in-value",
        {P: item_text(title="关于: 冒号")},
        f"{P}:2: 错误 FM-YAML-COLON 字段 title：值里含有“: ”（冒号加空格），YAML 无法分辨字段。"
        '修改：给整个值加半角引号：title: "关于: 冒号"',
    ),
    case(
        "hash-truncates-value",
        {P: item_text(title="关于第2号 #2 文件的说明")},
        f"{P}:2: 错误 FM-HASH-TRUNCATES 字段 title：值中的“ #”会被当作注释，后面的文字会丢失。"
        '修改：给整个值加半角引号：title: "关于第2号 #2 文件的说明"',
    ),
    case(
        "fullwidth-colon-key",
        {
            P: replace_line(
                item_text(),
                "title: 徽州区关于调整城乡最低生活保障标准的通知",
                "title：徽州区关于调整城乡最低生活保障标准的通知",
            )
        },
        f"{P}:2: 错误 FM-FULLWIDTH-COLON 字段 title：字段名“title”后面用了全角冒号“：”，整行会被当成文本。"
        "修改：改为半角冒号加空格：title: …",
    ),
    case(
        "fullwidth-quotes-key",
        {
            P: replace_line(
                item_text(),
                "title: 徽州区关于调整城乡最低生活保障标准的通知",
                "“title”: 徽州区关于调整城乡最低生活保障标准的通知",
            )
        },
        f"{P}:2: 错误 FM-FULLWIDTH-QUOTE 字段 title：字段名 “title” 带有中文引号。"
        "修改：去掉引号，写成 title: …；值需要引号时请用半角引号 \" 或 '",
    ),
    case(
        "tab-indentation",
        {P: item_text(keywords="\n\t- 最低生活保障\n\t- 低保标准")},
        f"{P}:14: 错误 FM-TAB：行首用了制表符（Tab）缩进。修改：改用空格缩进（每级两个空格）",
        f"{P}:15: 错误 FM-TAB：行首用了制表符（Tab）缩进。修改：改用空格缩进（每级两个空格）",
    ),
    case(
        "duplicate-key",
        {P: item_text(topic="民政、扶贫、救灾\\社会福利\ntitle: 另一个标题")},
        f"{P}:12: 错误 FM-DUP-KEY 字段 title：字段重复（第 2 行已出现）。修改：删除多余的一行，只保留一个 title",
    ),
    case(
        "front-matter-is-a-list",
        {P: "---\n- title: 关于调整低保标准的通知\n- publisher: huizhou\n---\n正文。\n"},
        f"{P}:2: 错误 FM-NOT-MAPPING：前置元数据写成了列表（行首是“- ”），应当每行一个“字段: 值”。"
        "修改：去掉行首的“- ”，每行写一个字段，例如 title: 关于……的通知",
    ),
    case(
        "escape-in-double-quotes",
        {P: item_text(topic='"民政、扶贫、救灾\\社会福利"')},
        f"{P}:11: 错误 FM-YAML-ESCAPE 字段 topic：双引号中的反斜杠“\\”被当成转义符。"
        "修改：去掉双引号，写成 topic: 民政、扶贫、救灾\\社会福利（或改用单引号）",
    ),
    case(
        "yaml-tag",
        {P: item_text(summary="!!int 5")},
        f"{P}:14: 错误 FM-YAML-TAG 字段 summary：不支持 YAML 标签 !!int。修改：去掉 !! 开头的标签，直接写值",
    ),
    # --- hostile input: nothing may make a build run for minutes or take gigabytes -------------------------------
    case(
        "yaml-tag-str",
        {P: item_text(title="!!str 徽州区关于调整城乡最低生活保障标准的通知")},
        f"{P}:2: 错误 FM-YAML-TAG 字段 title：不支持 YAML 标签 !!str。修改：去掉 !! 开头的标签，直接写值",
    ),
    case(
        "yaml-anchor-and-alias",
        {P: item_text(summary="&gy 自2024年4月1日起调整城乡低保标准。", source="*gy")},
        f"{P}:14: 错误 FM-YAML-ALIAS 字段 summary：“&gy”被 YAML 当成锚点（引用别处的值），"
        "前置元数据和目录文件不支持锚点和别名。"
        '修改：把值直接写出来；值本身以 & 或 * 开头时，给整个值加半角引号，例如 summary: "&gy"',
        f"{P}:15: 错误 FM-YAML-ALIAS 字段 source：“*gy”被 YAML 当成别名（引用别处的值），"
        "前置元数据和目录文件不支持锚点和别名。"
        '修改：把值直接写出来；值本身以 & 或 * 开头时，给整个值加半角引号，例如 source: "*gy"',
    ),
    case(
        "yaml-alias-bomb",  # nine levels of nine aliases: 9^9 strings if expanded; refused from the tokens
        {
            P: item_text(
                keywords=None, summary=None, l0=ALIAS_BOMB[0].split(": ", 1)[1] + "\n" + "\n".join(ALIAS_BOMB[1:])
            )
        },
        *[
            f"{P}:{13 + level}: 错误 FM-YAML-ALIAS 字段 l{level}：“&l{level}”被 YAML 当成锚点（引用别处的值），"
            "前置元数据和目录文件不支持锚点和别名。修改：把值直接写出来；值本身以 & 或 * 开头时，给整个值加半角引号，"
            f'例如 l{level}: "&l{level}"'
            for level in range(9)
        ],
    ),
    case(
        "value-starting-with-asterisk",
        {P: item_text(summary="*重要* 自2024年4月1日起调整")},
        f"{P}:14: 错误 FM-YAML-ALIAS 字段 summary：值以“*”开头，YAML 把它当成别名（引用别处的值）。"
        '修改：给整个值加半角引号：summary: "*重要* 自2024年4月1日起调整"',
    ),
    case(
        "front-matter-too-large",
        {P: item_text(summary="调整城乡低保标准。" * 2800)},
        f"{P}:1: 错误 FM-TOO-LARGE：前置元数据有 74 KB，超过 64 KB 的上限。"
        "修改：前置元数据只写字段；长的说明写在正文或附件中",
    ),
    case(
        "markdown-file-too-large",
        {P: item_text(body="城市低保标准调整为每人每月 800 元。\n" * 45000)},
        f"{P}: 错误 FILE-TOO-LARGE：文件有 2.2 MB，超过 2.0 MB 的上限。"
        "修改：正文很长时，把全文作为 PDF 附件发布，页面上写摘要；或拆成几条信息",
    ),
    case(
        "markdown-nested-too-deep",  # 800 levels overflowed Python's stack in the build (a traceback, no message)
        {P: item_text(body="## 名单\n\n" + "".join("  " * i + f"- 第{i}层\n" for i in range(25)))},
        f"{P}:38: 错误 MD-TOO-DEEP：列表或引用嵌套了 21 层，超过 20 层的上限，网页无法生成。"
        "修改：减少嵌套层次；层次很多的内容改用表格，或作为附件发布",
    ),
    case(
        "markdown-brackets-in-one-paragraph",  # 20 000 took Python-Markdown 39 s; 500 000 did not finish
        {P: item_text(body="## 说明\n\n" + "[" * 1500 + "\n")},
        f"{P}:18: 错误 MD-TOO-MANY-BRACKETS：从这一行开始的段落中有超过 1000 个方括号“[”，生成网页会极慢。"
        "修改：检查是否误粘贴了大段符号；方括号多的内容请分段，或放进代码块（用 ``` 包起来）",
    ),
    case(
        "attachment-of-21-mb",  # over the default 20 MB: refused by its size, never read for the scan
        {P: with_attachment("biao.pdf"), f"{DIR}/files/biao.pdf": tiny_pdf("2024") + b"%" * (21 * 1024 * 1024)},
        f"{P}:16: 错误 ITEM-ATTACHMENT-SIZE 字段 attachments：附件“files/biao.pdf”有 21.0 MB，"
        "超过 20 MB 的上限。修改：压缩或拆分文件（扫描件可降到 150–200 dpi）；"
        "确需更大的，由管理员调整 attachment_max_mb",
    ),
    # --- fields and values -----------------------------------------------------------------------------------
    case(
        "unknown-field-typo",
        {P: item_text(title=None, titel="徽州区关于调整城乡最低生活保障标准的通知")},
        f"{P}:1: 错误 ITEM-MISSING-FIELD 字段 title：缺少必填字段（标题）。修改：添加一行 title: …",
        f"{P}:14: 错误 ITEM-UNKNOWN-FIELD 字段 titel：未知字段“titel”。修改：是否应为 title（标题）？",
    ),
    case(
        "chinese-field-name",
        {P: item_text(summary=None, 内容概述="自2024年4月1日起调整城乡低保标准。")},
        f"{P}:14: 错误 ITEM-UNKNOWN-FIELD 字段 内容概述：未知字段“内容概述”。修改：字段名请用英文 summary（内容概述）",
    ),
    case(
        "missing-required-field",
        {P: item_text(index_no=None)},
        f"{P}:1: 错误 ITEM-MISSING-FIELD 字段 index_no：缺少必填字段（索引号）。修改：添加一行 index_no: …",
    ),
    case(
        "empty-value",
        {P: item_text(title="")},
        f"{P}:2: 错误 ITEM-BAD-VALUE 字段 title：标题不能为空。修改：填写内容，或删除这一行（如果该字段不是必填）",
    ),
    case(
        "yaml11-no-is-not-a-validity",
        {P: item_text(validity="no")},
        f"{P}:12: 错误 ITEM-BAD-VALUE 字段 validity：有效性“no”不是允许的值。修改：可选值：有效、失效、废止",
    ),
    case(
        "yaml11-off-is-not-a-form",
        {P: jiedu(interpretation_form="off")},
        f"{P}:13: 错误 ITEM-BAD-VALUE 字段 interpretation_form：解读形式“off”不是允许的值。"
        "修改：可选值：文字解读、图解、视频、问答",
    ),
    case(
        "impossible-date",
        {P: item_text(written="2024-02-30")},
        f"{P}:5: 错误 ITEM-BAD-VALUE 字段 written：成文日期“2024-02-30”不是真实存在的日期。"
        "修改：检查月份和日期（例如 2 月没有 30 日），格式为 YYYY-MM-DD",
    ),
    case(
        "slash-date",
        {P: item_text(written="2024/03/05")},
        f"{P}:5: 错误 ITEM-BAD-VALUE 字段 written：成文日期“2024/03/05”不是 YYYY-MM-DD 格式的日期。"
        "修改：写成四位年-两位月-两位日，例如 2024-03-08",
    ),
    case(
        "impossible-time",
        {P: item_text(published="2024-03-08 24:30")},
        f"{P}:6: 错误 ITEM-BAD-VALUE 字段 published：发布日期“2024-03-08 24:30”中的时间不存在。"
        "修改：时间写成 00:00 到 23:59 之间的 HH:MM",
    ),
    case(
        "keywords-plain-string",
        {P: item_text(keywords="最低生活保障、低保标准")},
        f"{P}:13: 错误 ITEM-BAD-VALUE 字段 keywords：关键词应为列表。修改：写成列表，例如 [最低生活保障, 低保标准]",
    ),
    case(
        "scheduled-not-boolean",
        {P: item_text(scheduled="yes")},
        f"{P}:15: 错误 ITEM-BAD-VALUE 字段 scheduled：预定发布“yes”不是 true 或 false。修改：写 true 或 false",
    ),
    case(
        "pii-exempt-malformed",
        {P: item_text(pii_exempt="[0559-1234567]")},
        f"{P}:15: 错误 ITEM-BAD-VALUE 字段 pii_exempt：个人信息豁免第 1 项应正好有 value 和 reason 两项。"
        '修改：每项写成 - value: "0559-1234567" 换行 reason: 理由（例如 单位值班电话，已经审核）',
    ),
    # --- dates -----------------------------------------------------------------------------------------------
    case(
        "future-published-date",
        {
            "content/county/huizhou/shehui-jiuzhu/2999/weilai.md": item_text(
                written="2999-01-01", published="2999-01-02", index_no=f"{HUIZHOU_USCC}/299901-00001"
            )
        },
        "content/county/huizhou/shehui-jiuzhu/2999/weilai.md:6: 错误 ITEM-DATE-FUTURE 字段 published："
        "发布日期 2999-01-02 晚于今天（{today}）。修改：改正日期；"
        "如果是预定在该日发布，加一行 scheduled: true（到期后的构建才会包含它）",
    ),
    case(
        "repealed-in-future",
        {P: item_text(validity="废止", repealed="2999-01-01")},
        f"{P}:15: 错误 ITEM-VALIDITY-FUTURE 字段 repealed：废止日期 2999-01-01 晚于今天（{{today}}），"
        "文件目前仍然有效。修改：到该日期之前保持 validity: 有效 并删除 repealed，到期后再改为 废止",
    ),
    case(
        "expired-in-future",
        {P: item_text(validity="失效", expired="2999-01-01")},
        f"{P}:15: 错误 ITEM-VALIDITY-FUTURE 字段 expired：失效日期 2999-01-01 晚于今天（{{today}}），"
        "文件目前仍然有效。修改：到该日期之前保持 validity: 有效 并删除 expired，到期后再改为 失效",
    ),
    # --- registries and paths --------------------------------------------------------------------------------
    case(
        "unknown-unit",
        {P: item_text(publisher="nowhere")},
        f"{P}:4: 错误 ITEM-UNKNOWN-UNIT 字段 publisher：发布机构“nowhere”不在 catalogs/units.yml 中。"
        "修改：文件在徽州区的目录下，应写 publisher: huizhou（单位 id 见 catalogs/units.yml）",
    ),
    case(
        "unknown-domain",
        {P: item_text(domain="nowhere")},
        f"{P}:8: 错误 ITEM-UNKNOWN-DOMAIN 字段 domain：领域“nowhere”不在 catalogs/domains.yml 中。"
        "修改：文件在社会救助领域的目录下，应写 domain: shehui-jiuzhu（领域 id 见 catalogs/domains.yml）",
    ),
    case(
        "unit-path-mismatch",
        {P: item_text(publisher="tunxi", index_no=f"{TUNXI_USCC}/202403-00012")},
        f"{P}:4: 错误 ITEM-PATH-UNIT 字段 publisher：发布机构是 tunxi，文件却在单位目录 huizhou/ 下。"
        "修改：把文件移到 county/tunxi/ 之下，或改正 publisher",
    ),
    case(
        "level-path-mismatch",
        {
            "content/county/yansi/shehui-jiuzhu/2024/dibao-biaozhun.md": item_text(
                publisher="yansi", index_no=f"{YANSI_USCC}/202403-00012"
            )
        },
        "content/county/yansi/shehui-jiuzhu/2024/dibao-biaozhun.md:4: 错误 ITEM-PATH-LEVEL 字段 publisher："
        "岩寺镇是乡级单位，文件却在 county/ 目录下。修改：把文件移到 township/yansi/ 之下",
    ),
    case(
        "domain-path-mismatch",
        {P: item_text(domain="jiuye", catalog=None, topic="劳动、人事、监察\\劳动就业")},
        f"{P}:8: 错误 ITEM-PATH-DOMAIN 字段 domain：领域是 jiuye，文件却在领域目录 shehui-jiuzhu/ 下。"
        "修改：把文件移到 county/huizhou/jiuye/ 之下，或改正 domain",
    ),
    case(
        "year-folder-mismatch",
        {P: item_text(written="2023-03-05", published="2023-03-08")},
        f"{P}:6: 错误 ITEM-PATH-YEAR 字段 published：发布日期在 2023 年，文件却在年份目录 2024/ 下。"
        "修改：把文件移到 2023/ 目录，或改正 published",
    ),
    case(
        "item-outside-layout",
        {"content/county/huizhou/dibao-biaozhun.md": item_text()},
        "content/county/huizhou/dibao-biaozhun.md: 错误 ITEM-PATH："
        "条目文件应放在 <层级>/<单位>/<领域>/<年份>/<文件名>.md 之下。"
        "修改：参照 docs/content-model.md 移动文件，例如 county/huizhou/shehui-jiuzhu/2024/xxx.md",
    ),
    case(
        "filename-uppercase",
        {f"{DIR}/Dibao-Biaozhun.md": item_text()},
        f"{DIR}/Dibao-Biaozhun.md: 错误 ITEM-FILENAME：文件名“Dibao-Biaozhun.md”只能用小写字母、"
        "数字和连字符（网址由它生成）。修改：改名为 dibao-biaozhun.md",
    ),
    case(
        "filename-chinese",
        {f"{DIR}/低保标准.md": item_text()},
        f"{DIR}/低保标准.md: 错误 ITEM-FILENAME：文件名“低保标准.md”只能用小写字母、数字和连字符（网址由它生成）"
        "。修改：改用拼音或英文命名，例如 dibao-biaozhun-2024.md",
    ),
    # --- identifiers -----------------------------------------------------------------------------------------
    case(
        "index-no-format",
        {P: item_text(index_no=f"{HUIZHOU_USCC}-202403-12")},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“1134100424042083XR-202403-12”格式不对。"
        "修改：写成 发布机构统一社会信用代码/年月-5位序号，"
        "例如 1134100424042083XR/202403-00012（可用 gongkai new 自动生成）",
    ),
    case(
        "index-no-yaml11-like",
        {P: item_text(index_no="2020-0001")},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“2020-0001”格式不对。"
        "修改：写成 发布机构统一社会信用代码/年月-5位序号，"
        "例如 1134100424042083XR/202403-00012（可用 gongkai new 自动生成）",
    ),
    case(
        "index-no-month-13",
        {P: item_text(index_no=f"{HUIZHOU_USCC}/202413-00012")},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no："
        "索引号“1134100424042083XR/202413-00012”中的月份 13 不存在。修改：年月写成 YYYYMM，例如 202403",
    ),
    case(
        "index-no-other-unit",
        {P: item_text(index_no=f"{TUNXI_USCC}/202403-00012")},
        f"{P}:3: 错误 ITEM-INDEX-NO-UNIT 字段 index_no：索引号前缀 113410021216075037 "
        "不是发布机构徽州区的统一社会信用代码 1134100424042083XR。修改：核对 publisher 与索引号是否对应",
    ),
    case(
        "index-no-duplicate",
        {P: item_text(), f"{DIR}/dibao-biaozhun-b.md": item_text(title="另一份通知")},
        f"{P}:3: 错误 ITEM-INDEX-NO-DUP 字段 index_no：索引号 1134100424042083XR/202403-00012 与 "
        "content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-b.md 重复。"
        "修改：索引号必须全站唯一，为本条分配下一个序号（gongkai new 会自动分配）",
    ),
    case(
        "doc-no-halfwidth-brackets",
        {P: item_text(doc_no="徽政办[2024]5号")},
        f"{P}:7: 错误 ITEM-DOC-NO-BRACKETS 字段 doc_no：文号“徽政办[2024]5号”的年份没有用六角括号〔〕。"
        "修改：按公文格式写成例如 徽政办〔2024〕5号",
    ),
    case(
        "index-no-custom-format",
        {P: item_text()},
        f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“{HUIZHOU_USCC}/202403-00012”格式不对。"
        "修改：写成 发布机构统一社会信用代码-年份-4位序号，"
        f"例如 {HUIZHOU_USCC}-2024-0012（可用 gongkai new 自动生成）",
        index_no_format="{uscc}-{yyyy}-{seq:04d}",
    ),
    # --- cross-field and references --------------------------------------------------------------------------
    case(
        "published-before-written",
        {P: item_text(written="2024-03-09")},
        f"{P}:6: 错误 ITEM-DATE-ORDER 字段 published：发布日期 2024-03-08 早于成文日期 2024-03-09。"
        "修改：核对两个日期：发布日期不能早于成文日期",
    ),
    case(
        "unknown-genre",
        {P: item_text(genre="通知书")},
        f"{P}:10: 错误 ITEM-BAD-GENRE 字段 genre：体裁“通知书”不在 catalogs/genres.yml 中。"
        "修改：可选：决议、决定、命令（令）、公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、函、"
        "纪要、办法、规划、方案、计划、总结、公示、名单、统计数据、办事指南、工作动态、解读、其他",
    ),
    case(
        "unknown-topic",
        {P: item_text(topic="民政\\低保")},
        f"{P}:11: 错误 ITEM-BAD-TOPIC 字段 topic：主题分类“民政\\低保”不在 catalogs/topics.yml 中。"
        "修改：写成“一级”或“一级\\二级”，例如 民政、扶贫、救灾\\社会福利",
    ),
    case(
        "repealed-without-date",
        {P: item_text(validity="废止")},
        f"{P}:12: 错误 ITEM-VALIDITY-DATE 字段 validity：有效性为“废止”时必须填写废止日期。"
        "修改：添加一行 repealed: YYYY-MM-DD",
    ),
    case(
        "doc-no-without-validity",
        {P: item_text(validity=None)},
        f"{P}:7: 错误 ITEM-VALIDITY-MISSING 字段 doc_no：有文号的文件必须标明有效性。"
        "修改：添加一行 validity: 有效（或 失效、废止）",
    ),
    case(
        "unknown-catalog-row",
        {P: item_text(catalog="dbsh-nothing")},
        f"{P}:9: 错误 ITEM-UNKNOWN-ROW 字段 catalog：领域 社会救助 的标准目录中没有事项“dbsh-nothing”。"
        "修改：可选：zhyw-zcfg、zhyw-jdjc、dbsh-zcfg、dbsh-bszn、dbsh-shxx、dbsh-spxx、tkry-zcfg、tkry-bszn、"
        "tkry-shxx、tkry-spxx、lsjz-zcfg、lsjz-bszn 等，见 catalogs/standard/shehui-jiuzhu.yml",
    ),
    case(
        "interprets-nowhere",
        {f"{DIR}/dibao-jiedu.md": jiedu()},
        f"{DIR}/dibao-jiedu.md:14: 错误 ITEM-INTERPRETS-MISSING 字段 interprets："
        "解读对象“county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun”不存在。"
        "修改：填写被解读政策的条目 id（它在 content/ 下的路径去掉 .md），并确认该条目已经存在",
    ),
    case(
        "interprets-typo",
        {f"{DIR}/dibao-biaozhun-2024.md": item_text(), f"{DIR}/dibao-jiedu.md": jiedu()},
        f"{DIR}/dibao-jiedu.md:14: 错误 ITEM-INTERPRETS-MISSING 字段 interprets："
        "解读对象“county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun”不存在。"
        "修改：是否应为 county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun-2024？",
    ),
    case(
        "interprets-a-jiedu",
        {
            P: item_text(),
            f"{DIR}/dibao-jiedu.md": jiedu(),
            f"{DIR}/dibao-jiedu-2.md": jiedu(
                index_no=f"{HUIZHOU_USCC}/202403-00014", interprets="county/huizhou/shehui-jiuzhu/2024/dibao-jiedu"
            ),
        },
        f"{DIR}/dibao-jiedu-2.md:14: 错误 ITEM-INTERPRETS-JIEDU 字段 interprets："
        "解读对象“county/huizhou/shehui-jiuzhu/2024/dibao-jiedu”本身也是解读。"
        "修改：interprets 应指向政策文件本身（它解读的是 county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun）",
    ),
    case(
        "interprets-on-non-jiedu",
        {P: item_text(interprets="county/huizhou/shehui-jiuzhu/2024/other")},
        f"{P}:15: 错误 ITEM-INTERPRETS-GENRE 字段 interprets：只有体裁为“解读”的条目可以填写 interprets，"
        "本条体裁是“通知”。修改：把 genre 改为 解读，或删除 interprets",
    ),
    case(
        "interprets-scheduled-policy",
        {
            "content/county/huizhou/shehui-jiuzhu/2999/zhengce.md": item_text(
                written="2999-01-01", published="2999-01-02", scheduled="true", index_no=f"{HUIZHOU_USCC}/299901-00001"
            ),
            P: item_text(
                doc_no=None, validity=None, genre="解读", interprets="county/huizhou/shehui-jiuzhu/2999/zhengce"
            ),
        },
        f"{P}:13: 错误 ITEM-INTERPRETS-SCHEDULED 字段 interprets："
        "解读对象“county/huizhou/shehui-jiuzhu/2999/zhengce”定于 2999-01-02 发布，现在还不在网站上。"
        "修改：解读与政策同步发布：把本条也设为 scheduled: true，发布日期不早于政策",
        notes=(
            "content/county/huizhou/shehui-jiuzhu/2999/zhengce.md:6: 提示 ITEM-SCHEDULED 字段 published："
            "定于 2999-01-02 发布：本次构建不包含此条及其附件。修改：到期后重新构建即可发布",
        ),
    ),
    # --- attachments -----------------------------------------------------------------------------------------
    case(
        "attachment-type-exe",
        {P: with_attachment("tool.exe"), f"{DIR}/files/tool.exe": b"MZ\x90\x00"},
        f"{P}:16: 错误 ITEM-ATTACHMENT-TYPE 字段 attachments："
        "附件“files/tool.exe”的类型 .exe 不在允许发布的类型中。"
        "修改：转换为 PDF（或 OFD、DOCX、XLSX 等）后再发布；"
        "允许的类型：doc、docx、et、jpeg、jpg、ofd、pdf、png、wps、xls、xlsx",
    ),
    case(
        "attachment-no-extension",
        {P: with_attachment("mingdan"), f"{DIR}/files/mingdan": b"x"},
        f"{P}:16: 错误 ITEM-ATTACHMENT-TYPE 字段 attachments："
        "附件“files/mingdan”的类型 .（无扩展名） 不在允许发布的类型中。"
        "修改：转换为 PDF（或 OFD、DOCX、XLSX 等）后再发布；"
        "允许的类型：doc、docx、et、jpeg、jpg、ofd、pdf、png、wps、xls、xlsx",
    ),
    case(
        "attachment-too-large",
        {P: with_attachment("biao.pdf"), f"{DIR}/files/biao.pdf": tiny_pdf("2024") + b"%" * 3000},
        f"{P}:16: 错误 ITEM-ATTACHMENT-SIZE 字段 attachments：附件“files/biao.pdf”有 0.0 MB，"
        "超过 0.001 MB 的上限。修改：压缩或拆分文件（扫描件可降到 150–200 dpi）；"
        "确需更大的，由管理员调整 attachment_max_mb",
        attachment_max_mb=0.001,
    ),
    case(
        "attachment-missing",
        {P: with_attachment("biao.pdf")},
        f"{P}:15: 错误 ITEM-ATTACHMENT-MISSING 字段 attachments："
        "附件文件“files/biao.pdf”不存在（应在 content/county/huizhou/shehui-jiuzhu/2024/files/biao.pdf）。"
        "修改：把文件放到该位置，或改正 file 路径（区分大小写）",
    ),
    case(
        "attachment-missing-dated-name",
        {P: item_text(attachments="\n  - file: files/dibao-biaozhun-2024.pdf\n    title: 2024年城乡低保标准表")},
        f"{P}:15: 错误 ITEM-ATTACHMENT-MISSING 字段 attachments："
        "附件文件“files/dibao-biaozhun-2024.pdf”不存在（应在 "
        "content/county/huizhou/shehui-jiuzhu/2024/files/dibao-biaozhun-2024.pdf）。"
        "修改：把文件放到该位置，或改正 file 路径（区分大小写）",
    ),
    case(
        "attachment-corrupt-pdf",
        {P: with_attachment("biao.pdf"), f"{DIR}/files/biao.pdf": b"%PDF-1.4\nnot really a pdf"},
        f"{DIR}/files/biao.pdf: 错误 ATTACH-UNREADABLE：无法读取文件内容（PdfStreamError: Stream has ended "
        "unexpectedly），无法检查其中的个人信息。修改：重新导出该文件（不要加密或设置打开密码）后再发布",
    ),
    # --- personal information in text and front matter -------------------------------------------------------
    case(
        "pii-id-in-body",
        {P: item_text(body=f"## 名单\n\n张某，身份证号 {ID}。\n")},
        f"{P}:18: 错误 PII-ID：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。"
        "修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-id-x-check-char",
        {P: item_text(body=f"李某 {ID_X.lower()}\n")},
        f"{P}:16: 错误 PII-ID：发现未遮盖的居民身份证号码 340102********009X（个人信息不得公开）。"
        "修改：遮盖出生日期等中间 8 位，写成 340102********009X，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-id-grouped",
        {P: item_text(body=f"证件号：{ID[:6]} {ID[6:14]} {ID[14:]}\n")},
        f"{P}:16: 错误 PII-ID：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。"
        "修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-id-old-15-digit",
        {P: item_text(body=f"原证号 {ID15}\n")},
        f"{P}:16: 错误 PII-ID：发现未遮盖的居民身份证号码 340102******001（个人信息不得公开）。"
        "修改：遮盖出生日期等中间 8 位，写成 340102******001，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-mobile",
        {P: item_text(body=f"联系人：王某，{MOBILE}\n")},
        f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。"
        "修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-mobile-spaced-fullwidth",
        {P: item_text(body="联系电话：１３９ １２３４ ５６７８\n")},
        f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。"
        "修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-mobile-zero-width",
        {P: item_text(body="电话 139\u200b1234\u200b5678\n")},
        f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。"
        "修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    ),
    case(
        # NFKC: superscripts, circled
        "pii-mobile-compatibility-digits",
        {P: item_text(body="手机 ¹³⁹1234567⑧\n")},
        f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。"
        "修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-bank-card",
        {P: item_text(body=f"| 姓名 | 卡号 |\n|---|---|\n| 赵某 | {CARD} |\n")},
        f"{P}:18: 错误 PII-BANKCARD：发现未遮盖的银行卡号 6217***********0129（个人信息不得公开）。"
        "修改：删除银行卡号；确需出现时只保留前 4 位和后 4 位，写成 6217***********0129",
    ),
    case(
        "pii-bank-card-grouped",
        {P: item_text(body=f"发放账户 {CARD2[:4]} {CARD2[4:8]} {CARD2[8:12]} {CARD2[12:16]} {CARD2[16:]}\n")},
        f"{P}:16: 错误 PII-BANKCARD：发现未遮盖的银行卡号 6222***********0128（个人信息不得公开）。"
        "修改：删除银行卡号；确需出现时只保留前 4 位和后 4 位，写成 6222***********0128",
    ),
    case(
        "pii-in-front-matter",
        {P: item_text(summary=f"经办人手机 {MOBILE}")},
        f"{P}:14: 错误 PII-MOBILE 字段 summary：发现未遮盖的手机号码 139****5678（个人信息不得公开）。"
        "修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-in-front-matter-list",
        {P: item_text(keywords=f"[低保, {ID}]")},
        f"{P}:13: 错误 PII-ID 字段 keywords[1]：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）"
        "。修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-id-with-a-mistyped-digit",  # region and birth date of a real number, one digit off: still the person
        {P: item_text(body=f"## 名单\n\n申请人 张某某，身份证号 {ID[:-1]}2，已核实。\n")},
        f"{P}:18: 错误 PII-ID-TYPO：发现未遮盖的疑似抄错一位的居民身份证号码 110101********0012（个人信息不得公开）。"
        "修改：地区码和出生日期是真实的，只有最后一位校验码对不上：核对原件，是身份证号就遮盖中间 8 位写成 "
        "110101********0012；确实不是身份证号的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "keywords-with-chinese-commas",  # one item to YAML: neither split silently nor kept whole
        {P: item_text(keywords="[低保，救助，冬季]")},
        f"{P}:13: 错误 ITEM-BAD-VALUE 字段 keywords：关键词“低保，救助，冬季”中用了中文逗号或顿号，"
        "YAML 列表只认半角逗号，这几个词会被当成一项。修改：改用半角逗号分隔：[低保, 救助, 冬季]",
    ),
    # --- personal information in attachments -----------------------------------------------------------------
    case(
        "pii-in-pdf",
        {P: with_attachment("mingdan.pdf"), f"{DIR}/files/mingdan.pdf": tiny_pdf(f"Zhang {ID}")},
        f"{DIR}/files/mingdan.pdf: 错误 PII-ID：第 1 页："
        "发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。"
        "修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-in-docx",
        {
            P: with_attachment("mingdan.docx"),
            f"{DIR}/files/mingdan.docx": tiny_docx(["低保对象名单", f"王某 {MOBILE}"]),
        },
        f"{DIR}/files/mingdan.docx: 错误 PII-MOBILE：第 2 段："
        "发现未遮盖的手机号码 139****5678（个人信息不得公开）。"
        "修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-in-xlsx",
        {
            P: with_attachment("mingdan.xlsx"),
            f"{DIR}/files/mingdan.xlsx": tiny_xlsx([["姓名", "身份证号", "金额"], ["王某", ID, 800]]),
        },
        f"{DIR}/files/mingdan.xlsx: 错误 PII-ID：工作表“名单”单元格 B2："
        "发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。"
        "修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；"
        "确属依法公开的，在 pii_exempt 中登记号码和理由",
    ),
    case(
        "pii-in-xlsx-number-cell",
        {
            P: with_attachment("mingdan.xlsx"),
            f"{DIR}/files/mingdan.xlsx": tiny_xlsx([["姓名", "身份证号"], ["王某", int(ID)]]),
        },
        f"{DIR}/files/mingdan.xlsx: 错误 PII-ID：工作表“名单”单元格 B2："
        "有一个 18 位的数字以数值格式保存（疑似身份证号或银行卡号，Excel 已丢失末几位）。"
        "修改：删除该列，或遮盖后以文本格式保存",
    ),
    case(
        "pii-in-gbk-csv",
        {P: with_attachment("mingdan.csv"), f"{DIR}/files/mingdan.csv": f"姓名,卡号\n赵某,{CARD}\n".encode("gbk")},
        f"{DIR}/files/mingdan.csv:2: 错误 PII-BANKCARD：发现未遮盖的银行卡号 "
        "6217***********0129（个人信息不得公开）。修改：删除银行卡号；"
        "确需出现时只保留前 4 位和后 4 位，写成 6217***********0129",
        attachment_types=["csv"],
    ),
    # --- script and raw HTML ---------------------------------------------------------------------------------
    case(
        "script-tag",
        {P: item_text(body="正文。\n\n<script>alert(1)</script>\n")},
        f"{P}:18: 错误 MD-SCRIPT：正文中有 <script> 脚本标签。"
        "修改：删除脚本：内容中不允许运行脚本；确需的功能请由网站管理员在模板中实现",
    ),
    case(
        "event-handler-in-tag",
        {P: item_text(body='<b onmouseover="alert(1)">注意</b>\n')},
        f"{P}:16: 错误 MD-EVENT-HANDLER：HTML 标签中有事件属性 onmouseover=，会在读者的浏览器中运行脚本。"
        "修改：删除 onmouseover=… 这一属性",
    ),
    case(
        "event-handler-attr-list",
        {P: item_text(body='点击查看。\n{: onclick="alert(1)" }\n')},
        f"{P}:17: 错误 MD-EVENT-HANDLER：属性列表 {{: … }}中有事件属性 onclick=，会在读者的浏览器中运行脚本。"
        "修改：删除 onclick=… 这一属性",
    ),
    case(
        "javascript-link",
        {P: item_text(body="[办事指南](javascript:alert(1))\n")},
        f"{P}:16: 错误 MD-JS-URL：链接或地址使用了 javascript: 协议，点击会运行脚本。修改：改为普通网址（https://…）或站内相对链接，或删除该链接",
    ),
    case(
        "javascript-link-entity-obfuscated",
        {P: item_text(body="[办事指南](java&#115;cript&#58;alert(1))\n")},
        f"{P}:16: 错误 MD-JS-URL：链接或地址使用了 javascript: 协议，点击会运行脚本。修改：改为普通网址（https://…）或站内相对链接，或删除该链接",
    ),
    case(
        "iframe-embed",
        {P: item_text(body='<iframe src="https://example.com/map"></iframe>\n')},
        f"{P}:16: 错误 MD-EMBED：正文中有 <iframe> 嵌入标签，会从别处加载内容。"
        "修改：删除该标签；视频、地图等改为链接，或把文件作为附件发布",
    ),
    # --- links between items and anchors ---------------------------------------------------------------------
    case(
        "link-to-missing-item",
        {P: item_text(body="见[审批办法](dibao-shenpi.md)。\n")},
        f"{P}:16: 错误 LINK-MISSING：链接的文件 county/huizhou/shehui-jiuzhu/2024/dibao-shenpi.md 不存在。"
        "修改：链接写成目标条目 .md 文件相对于本文件的路径，例如 ../2023/xxx.md",
    ),
    case(
        "link-to-misspelt-item",
        {OTHER: other_item(), P: item_text(body="见[审批办法](dibao-shenpl.md)。\n")},
        f"{P}:16: 错误 LINK-MISSING：链接的文件 county/huizhou/shehui-jiuzhu/2024/dibao-shenpl.md 不存在。"
        "修改：是否应为 dibao-shenpi.md？",
    ),
    case(
        "link-to-missing-anchor",
        {OTHER: other_item(), P: item_text(body="见[审批程序](dibao-shenpi.md#审批流程)。\n")},
        f"{P}:16: 错误 LINK-ANCHOR：county/huizhou/shehui-jiuzhu/2024/dibao-shenpi.md 中没有锚点“#审批流程”。"
        "修改：可用的锚点：#申请条件、#shenpi",
        unicode_slugs=True,
    ),
    case(
        "link-to-missing-own-anchor",
        {P: item_text(body="## 调整标准\n\n见[下文](#执行时间)。\n")},
        f"{P}:18: 错误 LINK-ANCHOR：本页没有锚点“#执行时间”。修改：可用的锚点：#调整标准",
        unicode_slugs=True,
    ),
    case(
        "link-absolute",
        {P: item_text(body="见[单位](/county/huizhou/)。\n")},
        f"{P}:16: 错误 LINK-ABSOLUTE：站内链接“/county/huizhou/”以 / 开头。"
        "修改：改用相对于本文件的路径，例如 ../2023/xxx.md",
    ),
    case(
        "link-directory-url",
        {OTHER: other_item(), P: item_text(body="见[审批办法](dibao-shenpi/)。\n")},
        f"{P}:16: 错误 LINK-NOT-MD：链接“dibao-shenpi/”不是指向文件的相对路径。"
        "修改：链接其他条目时写它的 .md 文件路径（例如 ../2023/xxx.md），不要写网址形式的目录",
    ),
    case(
        "link-to-scheduled-item",
        {
            "content/county/huizhou/shehui-jiuzhu/2999/xin-biaozhun.md": item_text(
                written="2999-01-01", published="2999-01-02", scheduled="true", index_no=f"{HUIZHOU_USCC}/299901-00001"
            ),
            P: item_text(body="见[新标准](../2999/xin-biaozhun.md)。\n"),
        },
        f"{P}:16: 错误 LINK-SCHEDULED：链接的条目 county/huizhou/shehui-jiuzhu/2999/xin-biaozhun.md 定于 "
        "2999-01-02 发布，现在还不在网站上。修改：等该条目发布后再加链接，"
        "或把本条也设为 scheduled 并用不早于它的发布日期",
        notes=(
            "content/county/huizhou/shehui-jiuzhu/2999/xin-biaozhun.md:6: 提示 ITEM-SCHEDULED 字段 published："
            "定于 2999-01-02 发布：本次构建不包含此条及其附件。修改：到期后重新构建即可发布",
        ),
    ),
    case(
        "normative-document-without-doc-no",
        {P: item_text(doc_no=None, validity=None, doc_class="行政规范性文件")},
        f"{P}:13: 错误 ITEM-DOC-CLASS-NO-DOC-NO 字段 doc_class：行政规范性文件必须有文号，本条没有 doc_no。"
        "修改：添加一行 doc_no（例如 徽政办〔2024〕5号）；不是行政规范性文件的，删除 doc_class 或写 doc_class: 其他",
    ),
    # --- catalogs: working notes never reach the public -------------------------------------------------------
    case(
        "english-working-note-in-a-public-catalog-field",
        {
            "catalogs/standard/huji-guanli.yml": catalog_with(
                "catalogs/standard/huji-guanli.yml",
                "    subject: 公安机关",
                "    note: 台儿庄区 row 1; the content cell was cut off and completed from row 2",
            ),
            "catalogs/units/yansi/shehui-jiuzhu.yml": (REPO / "catalogs/units/yansi/shehui-jiuzhu.yml")
            .read_text(encoding="utf-8")
            .replace(
                "本镇设立临时救助备用金", "local fund, see the minutes of the town meeting; 本镇设立临时救助备用金"
            ),
        },
        "catalogs/standard/huji-guanli.yml:24: 错误 CAT-PUBLIC-ENGLISH 字段 note：事项 csdj-csdj 的备注含有"
        "英文说明文字“row 1; the content cell was cut off and completed from row 2”，"
        "会出现在公开的目录页面、开放数据和导出的表格中。"
        "修改：把工作说明移到该事项的 internal_note 字段（不公开）或 YAML 注释中；公开栏目只写中文",
        "catalogs/units/yansi/shehui-jiuzhu.yml:6: 错误 CAT-PUBLIC-ENGLISH 字段 reason：增加事项 lsjz-byj 的理由"
        "含有英文说明文字"
        "“local fund, see the minutes of the town meeting”，会出现在公开的目录页面、开放数据和导出的表格中。"
        "修改：理由在目录页的“目录调整说明”中公开：用中文写明理由，工作说明写在 YAML 注释中",
    ),
]


def use_unicode_slugs(root: Path) -> None:
    """The demo's toc slugify (pymdownx, lower case): Chinese headings keep Chinese anchors."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert "- toc:\n    permalink: true\n" in text
    path.write_text(
        text.replace(
            "- toc:\n    permalink: true\n",
            "- toc:\n    permalink: true\n"
            "    slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
        ),
        encoding="utf-8",
    )


def bad_site(make_site, files, options) -> Path:
    options = dict(options)
    unicode_slugs = options.pop("unicode_slugs", False)
    root = make_site(files, **options)
    if unicode_slugs:
        use_unicode_slugs(root)
    return root


def on_this_day(expected: list[str]) -> list[str]:
    return [line.replace("{today}", today().isoformat()) for line in expected]


@pytest.fixture
def built_bad(make_site, caplog):
    """run(files, options) builds a bad site over an old site dir holding MARKER; the build must abort.
    Returns (the ERROR messages logged on the mkdocs logger, the site dir)."""

    def run(files, options=None):
        root = bad_site(make_site, files, options or {})
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


@pytest.mark.parametrize("files, options, expected, notes", CASES)
def test_bad_input_stops_the_mkdocs_build(built_bad, files, options, expected, notes):
    errors, site_dir = built_bad(files, options)
    assert problem_lines(errors) == on_this_day(expected) + notes
    assert (site_dir / MARKER).read_text(encoding="utf-8") == "上一次成功构建的输出"
    assert sorted(p.name for p in site_dir.iterdir()) == [MARKER]  # nothing cleaned, nothing written


@pytest.mark.parametrize("files, options, expected, notes", CASES)
def test_bad_input_is_reported_and_never_published(files, options, expected, notes, make_site, monkeypatch):
    root = bad_site(make_site, files, options)
    monkeypatch.chdir(root)
    expected = on_this_day(expected)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.split("\n") if ": 错误 " in line]
    assert lines == expected
    for note in notes:
        assert note in result.output
    built = CliRunner().invoke(cli, ["build", "-q"])
    assert built.exit_code == 1, built.output
    # one set of checks: the build reports exactly the problems gongkai check reports
    assert [line.removeprefix("错误：") for line in built.output.split("\n") if ": 错误 " in line] == lines
    assert "未发布" in built.output
    assert not (root / "site").exists() and not os.path.lexists(root / "site")
    assert publish.releases(str(root / "site")) == []
    assert not list((root / "site.releases").glob(".building-*"))


def test_front_matter_plain_mkdocs_would_publish_as_text_stops_the_build(built_bad):
    """MkDocs swallows this YAML error and prints the block as text; we stop instead."""
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
        f"{P}:2: 错误 FM-YAML-COLON 字段 title：值里含有“: ”（冒号加空格），YAML 无法分辨字段。"
        '修改：给整个值加半角引号：title: "关于: 冒号"'
    ]
    assert sorted(p.name for p in site_dir.iterdir()) == [MARKER]


@pytest.mark.parametrize(
    "case_id",
    ["yaml-alias-bomb", "markdown-file-too-large", "attachment-of-21-mb", "markdown-brackets-in-one-paragraph"],
)
def test_hostile_input_is_refused_by_a_separate_process_without_hanging(case_id, make_site):
    """The same cases in a separate `gongkai check` with a deadline, so that a regression fails with a clear
    message here instead of hanging the whole test run (nine nested aliases used to take minutes and gigabytes).
    The deadline is a guard for a slow machine, not a timing claim; docs/reliability.md gives the measured time."""
    files, options, expected, _notes = next(p.values for p in CASES if p.id == case_id)
    root = bad_site(make_site, files, options)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "check"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert [line for line in result.stdout.split("\n") if ": 错误 " in line] == on_this_day(expected)
