"""Staff workflow (issue 4): gongkai check, the personal-information scan, gongkai new, atomic publishing.

The bad-input corpus below complements tests/test_bad_frontmatter.py: every case writes a tiny site
and runs both `gongkai check` and `gongkai build` through CliRunner, asserting

* `check` exits 1 and prints exactly the expected problem lines (`path:line: 错误 CODE …。修改：…`);
* `build` exits 1, names the same problems and publishes nothing (no `site`, no release).

Every ID, mobile and card number here is synthetic; the check characters are computed in
`test_synthetic_numbers_are_checksum_valid`, never copied from a real document.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import HUIZHOU_USCC, ITEM_PATH, item_text, pagefind_search

from gongkai.cli import cli
from gongkai.core.base.clock import today
from gongkai.core.base.identifiers import id_check_char, luhn_ok
from gongkai.core.checks import pii
from gongkai.core.checks.release import fragment_problems
from gongkai.core.publish import releases as publish

P = ITEM_PATH  # content/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun.md
DIR = "content/county/huizhou/shehui-jiuzhu/2024"
OTHER = f"{DIR}/dibao-shenpi.md"  # a second valid item, a link target
ID = "110101199003070011"  # = 11010119900307001 + its GB 11643 check character
ID_X = "34010219851231009X"  # check character X
ID15 = "340102850307001"  # old 15-digit form (1985-03-07)
MOBILE = "13912345678"
CARD = "6217000000000000129"  # Luhn-valid, 19 digits
CARD2 = "6222021234567890128"  # Luhn-valid, 19 digits, printed in groups of four
TUNXI_USCC = "113410021216075037"  # another unit's code from catalogs/units.yml


def test_synthetic_numbers_are_checksum_valid():
    assert ID == ID[:17] + id_check_char(ID[:17])
    assert ID_X == ID_X[:17] + id_check_char(ID_X[:17])
    assert luhn_ok(CARD) and luhn_ok(CARD2)


def other_item(**overrides) -> str:
    fields = {
        "title": "徽州区低保审批办法",
        "index_no": f"{HUIZHOU_USCC}/202403-00013",
        "body": "## 申请条件\n\n共同生活的家庭成员。\n\n## 审批程序 {#shenpi}\n\n乡镇审核，区民政局审批。\n",
    }
    fields.update(overrides)
    return item_text(**fields)


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream shows `text` in Helvetica (ASCII only)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def tiny_docx(paragraphs: list[str]) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


def tiny_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_attachment(name: str, title: str = "附件", **overrides) -> str:
    return item_text(attachments=f"\n  - file: files/{name}\n    title: {title}", **overrides)


def test_tiny_documents_are_read_back():
    """The fixtures really carry their text: pypdf, zipfile and openpyxl extract it."""
    from pypdf import PdfReader

    assert ID in PdfReader(io.BytesIO(tiny_pdf(f"ID {ID}"))).pages[0].extract_text()
    with zipfile.ZipFile(io.BytesIO(tiny_docx([f"身份证 {ID}"]))) as zf:
        assert ID in zf.read("word/document.xml").decode()


# (id, files, plugin options, expected problem lines in report order)
CASES = [
    # --- dates ----------------------------------------------------------------------------------
    (
        "future-published-date",
        {
            "content/county/huizhou/shehui-jiuzhu/2999/weilai.md": item_text(
                written="2999-01-01", published="2999-01-02", index_no=f"{HUIZHOU_USCC}/299901-00001"
            )
        },
        {},
        [
            "content/county/huizhou/shehui-jiuzhu/2999/weilai.md:6: 错误 ITEM-DATE-FUTURE 字段 published：发布日期 2999-01-02 晚于今天（{today}）。修改：改正日期；如果是预定在该日发布，加一行 scheduled: true（到期后的构建才会包含它）"
        ],
    ),
    (
        "repealed-in-future",
        {P: item_text(validity="废止", repealed="2999-01-01")},
        {},
        [
            f"{P}:15: 错误 ITEM-VALIDITY-FUTURE 字段 repealed：废止日期 2999-01-01 晚于今天（{{today}}），文件目前仍然有效。修改：到该日期之前保持 validity: 有效 并删除 repealed，到期后再改为 废止"
        ],
    ),
    (
        "expired-in-future",
        {P: item_text(validity="失效", expired="2999-01-01")},
        {},
        [
            f"{P}:15: 错误 ITEM-VALIDITY-FUTURE 字段 expired：失效日期 2999-01-01 晚于今天（{{today}}），文件目前仍然有效。修改：到该日期之前保持 validity: 有效 并删除 expired，到期后再改为 失效"
        ],
    ),
    (
        "scheduled-not-boolean",
        {P: item_text(scheduled="yes")},
        {},
        [f"{P}:15: 错误 ITEM-BAD-VALUE 字段 scheduled：预定发布“yes”不是 true 或 false。修改：写 true 或 false"],
    ),
    # --- references -----------------------------------------------------------------------------
    (
        "interprets-scheduled-policy",
        {
            "content/county/huizhou/shehui-jiuzhu/2999/zhengce.md": item_text(
                written="2999-01-01", published="2999-01-02", scheduled="true", index_no=f"{HUIZHOU_USCC}/299901-00001"
            ),
            P: item_text(
                doc_no=None, validity=None, genre="解读", interprets="county/huizhou/shehui-jiuzhu/2999/zhengce"
            ),
        },
        {},
        [
            f"{P}:13: 错误 ITEM-INTERPRETS-SCHEDULED 字段 interprets：解读对象“county/huizhou/shehui-jiuzhu/2999/zhengce”定于 2999-01-02 发布，现在还不在网站上。修改：解读与政策同步发布：把本条也设为 scheduled: true，发布日期不早于政策"
        ],
    ),
    (
        "index-no-custom-format",
        {P: item_text()},
        {"index_no_format": "{uscc}-{yyyy}-{seq:04d}"},
        [
            f"{P}:3: 错误 ITEM-INDEX-NO-FORMAT 字段 index_no：索引号“{HUIZHOU_USCC}/202403-00012”格式不对。修改：写成 发布机构统一社会信用代码-年份-4位序号，例如 {HUIZHOU_USCC}-2024-0012（可用 gongkai new 自动生成）"
        ],
    ),
    (
        "pii-exempt-malformed",
        {P: item_text(pii_exempt="[0559-1234567]")},
        {},
        [
            f'{P}:15: 错误 ITEM-BAD-VALUE 字段 pii_exempt：个人信息豁免第 1 项应正好有 value 和 reason 两项。修改：每项写成 - value: "0559-1234567" 换行 reason: 理由（例如 单位值班电话，已经审核）'
        ],
    ),
    # --- attachments ----------------------------------------------------------------------------
    (
        "attachment-type-exe",
        {P: with_attachment("tool.exe"), f"{DIR}/files/tool.exe": b"MZ\x90\x00"},
        {},
        [
            f"{P}:16: 错误 ITEM-ATTACHMENT-TYPE 字段 attachments：附件“files/tool.exe”的类型 .exe 不在允许发布的类型中。修改：转换为 PDF（或 OFD、DOCX、XLSX 等）后再发布；允许的类型：doc、docx、et、jpeg、jpg、ofd、pdf、png、wps、xls、xlsx"
        ],
    ),
    (
        "attachment-no-extension",
        {P: with_attachment("mingdan"), f"{DIR}/files/mingdan": b"x"},
        {},
        [
            f"{P}:16: 错误 ITEM-ATTACHMENT-TYPE 字段 attachments：附件“files/mingdan”的类型 .（无扩展名） 不在允许发布的类型中。修改：转换为 PDF（或 OFD、DOCX、XLSX 等）后再发布；允许的类型：doc、docx、et、jpeg、jpg、ofd、pdf、png、wps、xls、xlsx"
        ],
    ),
    (
        "attachment-too-large",
        {P: with_attachment("biao.pdf"), f"{DIR}/files/biao.pdf": tiny_pdf("2024") + b"%" * 3000},
        {"attachment_max_mb": 0.001},
        [
            f"{P}:16: 错误 ITEM-ATTACHMENT-SIZE 字段 attachments：附件“files/biao.pdf”有 0.0 MB，超过 0.001 MB 的上限。修改：压缩或拆分文件（扫描件可降到 150–200 dpi）；确需更大的，由管理员调整 attachment_max_mb"
        ],
    ),
    (
        "attachment-missing",
        {P: with_attachment("biao.pdf")},
        {},
        [
            f"{P}:15: 错误 ITEM-ATTACHMENT-MISSING 字段 attachments：附件文件“files/biao.pdf”不存在（应在 content/county/huizhou/shehui-jiuzhu/2024/files/biao.pdf）。修改：把文件放到该位置，或改正 file 路径（区分大小写）"
        ],
    ),
    (
        "attachment-corrupt-pdf",
        {P: with_attachment("biao.pdf"), f"{DIR}/files/biao.pdf": b"%PDF-1.4\nnot really a pdf"},
        {},
        [
            f"{DIR}/files/biao.pdf: 错误 ATTACH-UNREADABLE：无法读取文件内容（PdfStreamError: Stream has ended unexpectedly），无法检查其中的个人信息。修改：重新导出该文件（不要加密或设置打开密码）后再发布"
        ],
    ),
    # --- personal information in text and front matter -----------------------------------------
    (
        "pii-id-in-body",
        {P: item_text(body=f"## 名单\n\n张某，身份证号 {ID}。\n")},
        {},
        [
            f"{P}:18: 错误 PII-ID：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-id-x-check-char",
        {P: item_text(body=f"李某 {ID_X.lower()}\n")},
        {},
        [
            f"{P}:16: 错误 PII-ID：发现未遮盖的居民身份证号码 340102********009X（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 340102********009X，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-id-grouped",
        {P: item_text(body=f"证件号：{ID[:6]} {ID[6:14]} {ID[14:]}\n")},
        {},
        [
            f"{P}:16: 错误 PII-ID：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-id-old-15-digit",
        {P: item_text(body=f"原证号 {ID15}\n")},
        {},
        [
            f"{P}:16: 错误 PII-ID：发现未遮盖的居民身份证号码 340102******001（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 340102******001，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-mobile",
        {P: item_text(body=f"联系人：王某，{MOBILE}\n")},
        {},
        [
            f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-mobile-spaced-fullwidth",
        {P: item_text(body="联系电话：１３９ １２３４ ５６７８\n")},
        {},
        [
            f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-mobile-zero-width",
        {P: item_text(body="电话 139\u200b1234\u200b5678\n")},
        {},
        [
            f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-mobile-compatibility-digits",
        {P: item_text(body="手机 ¹³⁹1234567⑧\n")},
        {},  # NFKC: superscripts, circled
        [
            f"{P}:16: 错误 PII-MOBILE：发现未遮盖的手机号码 139****5678（个人信息不得公开）。修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-bank-card",
        {P: item_text(body=f"| 姓名 | 卡号 |\n|---|---|\n| 赵某 | {CARD} |\n")},
        {},
        [
            f"{P}:18: 错误 PII-BANKCARD：发现未遮盖的银行卡号 6217***********0129（个人信息不得公开）。修改：删除银行卡号；确需出现时只保留前 4 位和后 4 位，写成 6217***********0129"
        ],
    ),
    (
        "pii-bank-card-grouped",
        {P: item_text(body=f"发放账户 {CARD2[:4]} {CARD2[4:8]} {CARD2[8:12]} {CARD2[12:16]} {CARD2[16:]}\n")},
        {},
        [
            f"{P}:16: 错误 PII-BANKCARD：发现未遮盖的银行卡号 6222***********0128（个人信息不得公开）。修改：删除银行卡号；确需出现时只保留前 4 位和后 4 位，写成 6222***********0128"
        ],
    ),
    (
        "pii-in-front-matter",
        {P: item_text(summary=f"经办人手机 {MOBILE}")},
        {},
        [
            f"{P}:14: 错误 PII-MOBILE 字段 summary：发现未遮盖的手机号码 139****5678（个人信息不得公开）。修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-in-front-matter-list",
        {P: item_text(keywords=f"[低保, {ID}]")},
        {},
        [
            f"{P}:13: 错误 PII-ID 字段 keywords[1]：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    # --- personal information in attachments ----------------------------------------------------
    (
        "pii-in-pdf",
        {P: with_attachment("mingdan.pdf"), f"{DIR}/files/mingdan.pdf": tiny_pdf(f"Zhang {ID}")},
        {},
        [
            f"{DIR}/files/mingdan.pdf: 错误 PII-ID：第 1 页：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-in-docx",
        {
            P: with_attachment("mingdan.docx"),
            f"{DIR}/files/mingdan.docx": tiny_docx(["低保对象名单", f"王某 {MOBILE}"]),
        },
        {},
        [
            f"{DIR}/files/mingdan.docx: 错误 PII-MOBILE：第 2 段：发现未遮盖的手机号码 139****5678（个人信息不得公开）。修改：写成 139****5678，或改用单位办公电话；确属公开的工作号码，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-in-xlsx",
        {
            P: with_attachment("mingdan.xlsx"),
            f"{DIR}/files/mingdan.xlsx": tiny_xlsx([["姓名", "身份证号", "金额"], ["王某", ID, 800]]),
        },
        {},
        [
            f"{DIR}/files/mingdan.xlsx: 错误 PII-ID：工作表“名单”单元格 B2：发现未遮盖的居民身份证号码 110101********0011（个人信息不得公开）。修改：遮盖出生日期等中间 8 位，写成 110101********0011，或删除；确属依法公开的，在 pii_exempt 中登记号码和理由"
        ],
    ),
    (
        "pii-in-xlsx-number-cell",
        {
            P: with_attachment("mingdan.xlsx"),
            f"{DIR}/files/mingdan.xlsx": tiny_xlsx([["姓名", "身份证号"], ["王某", int(ID)]]),
        },
        {},
        [
            f"{DIR}/files/mingdan.xlsx: 错误 PII-ID：工作表“名单”单元格 B2：有一个 18 位的数字以数值格式保存（疑似身份证号或银行卡号，Excel 已丢失末几位）。修改：删除该列，或遮盖后以文本格式保存"
        ],
    ),
    (
        "pii-in-gbk-csv",
        {P: with_attachment("mingdan.csv"), f"{DIR}/files/mingdan.csv": f"姓名,卡号\n赵某,{CARD}\n".encode("gbk")},
        {"attachment_types": ["csv"]},
        [
            f"{DIR}/files/mingdan.csv:2: 错误 PII-BANKCARD：发现未遮盖的银行卡号 6217***********0129（个人信息不得公开）。修改：删除银行卡号；确需出现时只保留前 4 位和后 4 位，写成 6217***********0129"
        ],
    ),
    # --- script and raw HTML --------------------------------------------------------------------
    (
        "script-tag",
        {P: item_text(body="正文。\n\n<script>alert(1)</script>\n")},
        {},
        [
            f"{P}:18: 错误 MD-SCRIPT：正文中有 <script> 脚本标签。修改：删除脚本：内容中不允许运行脚本；确需的功能请由网站管理员在模板中实现"
        ],
    ),
    (
        "event-handler-in-tag",
        {P: item_text(body='<b onmouseover="alert(1)">注意</b>\n')},
        {},
        [
            f"{P}:16: 错误 MD-EVENT-HANDLER：HTML 标签中有事件属性 onmouseover=，会在读者的浏览器中运行脚本。修改：删除 onmouseover=… 这一属性"
        ],
    ),
    (
        "event-handler-attr-list",
        {P: item_text(body='点击查看。\n{: onclick="alert(1)" }\n')},
        {},
        [
            f"{P}:17: 错误 MD-EVENT-HANDLER：属性列表 {{: … }}中有事件属性 onclick=，会在读者的浏览器中运行脚本。修改：删除 onclick=… 这一属性"
        ],
    ),
    (
        "javascript-link",
        {P: item_text(body="[办事指南](javascript:alert(1))\n")},
        {},
        [
            f"{P}:16: 错误 MD-JS-URL：链接或地址使用了 javascript: 协议，点击会运行脚本。修改：改为普通网址（https://…）或站内相对链接，或删除该链接"
        ],
    ),
    (
        "javascript-link-entity-obfuscated",
        {P: item_text(body="[办事指南](java&#115;cript&#58;alert(1))\n")},
        {},
        [
            f"{P}:16: 错误 MD-JS-URL：链接或地址使用了 javascript: 协议，点击会运行脚本。修改：改为普通网址（https://…）或站内相对链接，或删除该链接"
        ],
    ),
    (
        "iframe-embed",
        {P: item_text(body='<iframe src="https://example.com/map"></iframe>\n')},
        {},
        [
            f"{P}:16: 错误 MD-EMBED：正文中有 <iframe> 嵌入标签，会从别处加载内容。修改：删除该标签；视频、地图等改为链接，或把文件作为附件发布"
        ],
    ),
    # --- links between items and anchors --------------------------------------------------------
    (
        "link-to-missing-item",
        {P: item_text(body="见[审批办法](dibao-shenpi.md)。\n")},
        {},
        [
            f"{P}:16: 错误 LINK-MISSING：链接的文件 county/huizhou/shehui-jiuzhu/2024/dibao-shenpi.md 不存在。修改：链接写成目标条目 .md 文件相对于本文件的路径，例如 ../2023/xxx.md"
        ],
    ),
    (
        "link-to-misspelt-item",
        {OTHER: other_item(), P: item_text(body="见[审批办法](dibao-shenpl.md)。\n")},
        {},
        [
            f"{P}:16: 错误 LINK-MISSING：链接的文件 county/huizhou/shehui-jiuzhu/2024/dibao-shenpl.md 不存在。修改：是否应为 dibao-shenpi.md？"
        ],
    ),
    (
        "link-to-missing-anchor",
        {OTHER: other_item(), P: item_text(body="见[审批程序](dibao-shenpi.md#审批流程)。\n")},
        {"_unicode_slugs": True},
        [
            f"{P}:16: 错误 LINK-ANCHOR：county/huizhou/shehui-jiuzhu/2024/dibao-shenpi.md 中没有锚点“#审批流程”。修改：可用的锚点：#申请条件、#shenpi"
        ],
    ),
    (
        "link-to-missing-own-anchor",
        {P: item_text(body="## 调整标准\n\n见[下文](#执行时间)。\n")},
        {"_unicode_slugs": True},
        [f"{P}:18: 错误 LINK-ANCHOR：本页没有锚点“#执行时间”。修改：可用的锚点：#调整标准"],
    ),
    (
        "link-absolute",
        {P: item_text(body="见[单位](/county/huizhou/)。\n")},
        {},
        [
            f"{P}:16: 错误 LINK-ABSOLUTE：站内链接“/county/huizhou/”以 / 开头。修改：改用相对于本文件的路径，例如 ../2023/xxx.md"
        ],
    ),
    (
        "link-directory-url",
        {OTHER: other_item(), P: item_text(body="见[审批办法](dibao-shenpi/)。\n")},
        {},
        [
            f"{P}:16: 错误 LINK-NOT-MD：链接“dibao-shenpi/”不是指向文件的相对路径。修改：链接其他条目时写它的 .md 文件路径（例如 ../2023/xxx.md），不要写网址形式的目录"
        ],
    ),
    (
        "link-to-scheduled-item",
        {
            "content/county/huizhou/shehui-jiuzhu/2999/xin-biaozhun.md": item_text(
                written="2999-01-01", published="2999-01-02", scheduled="true", index_no=f"{HUIZHOU_USCC}/299901-00001"
            ),
            P: item_text(body="见[新标准](../2999/xin-biaozhun.md)。\n"),
        },
        {},
        [
            f"{P}:16: 错误 LINK-SCHEDULED：链接的条目 county/huizhou/shehui-jiuzhu/2999/xin-biaozhun.md 定于 2999-01-02 发布，现在还不在网站上。修改：等该条目发布后再加链接，或把本条也设为 scheduled 并用不早于它的发布日期"
        ],
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


@pytest.mark.parametrize("case_id,files,options,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_and_never_published(case_id, files, options, expected, make_site, monkeypatch):
    options = dict(options)
    unicode_slugs = options.pop("_unicode_slugs", False)
    root = make_site(files, **options)
    if unicode_slugs:
        use_unicode_slugs(root)
    monkeypatch.chdir(root)
    expected = [line.replace("{today}", today().isoformat()) for line in expected]
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.split("\n") if ": 错误 " in line]
    assert lines == expected
    built = CliRunner().invoke(cli, ["build", "-q"])
    assert built.exit_code == 1, built.output
    for line in expected:
        assert line in built.output
    assert "未发布" in built.output
    assert not (root / "site").exists() and not os.path.lexists(root / "site")
    assert publish.releases(str(root / "site")) == []
    assert not list((root / "site.releases").glob(".building-*"))


# --- what must pass -----------------------------------------------------------------------------------------


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
        ("110101199003070012", None),
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
    """reliability.md §2 vectors: valid IDs/mobiles/cards are found, bad checksums and credit codes are not."""
    found = pii.scan_line(f"号码：{value}。")
    assert [f.kind for f in found] == ([kind] if kind else [])


def test_registry_credit_codes_are_never_flagged_even_if_id_shaped():
    """A code in catalogs/units.yml is public even when it would also pass as an ID number."""
    assert pii.scan_line(f"代码 {ID}") and not pii.scan_line(f"代码 {ID}", public={ID})


# --- exemptions -----------------------------------------------------------------------------------------


def exempt_item() -> str:
    return item_text(
        body=f"值班手机：{MOBILE}（24 小时）。\n",
        pii_exempt=f'\n  - value: "{MOBILE}"\n    reason: 区民政局值班手机，对外公布的工作号码\n  - value: "0559-1234567"\n    reason: 办公电话',
    )


def test_exemption_lets_a_reviewed_value_through_and_is_listed(make_site, monkeypatch):
    root = make_site({P: exempt_item()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert (
        f"{P}:16: 提示 PII-EXEMPT 字段 pii_exempt：已按豁免放行 {MOBILE}（理由：区民政局值班手机，对外公布的工作号码），共 1 处。"
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


# --- gongkai check output -------------------------------------------------------------------------------


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
        f"{future}:6: 提示 ITEM-SCHEDULED 字段 published：定于 2999-01-02 发布：本次构建不包含此条及其附件。修改：到期后重新构建即可发布"
        in result.output
    )
    assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    assert (root / "site/county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun/index.html").is_file()
    assert not (root / "site/county/huizhou/shehui-jiuzhu/2999").exists()
    # on its date (simulated with --as-of) the same files pass as an ordinary item
    assert CliRunner().invoke(cli, ["check", "--as-of", "2999-01-02"]).exit_code == 0


# --- gongkai new ----------------------------------------------------------------------------------------


def test_new_assigns_the_next_index_no_and_passes_check(make_site, monkeypatch):
    root = make_site({P: item_text(), OTHER: other_item(index_no=f"{HUIZHOU_USCC}/202312-00041")})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        [
            "new",
            "--unit",
            "huizhou",
            "--domain",
            "shehui-jiuzhu",
            "--title",
            "关于2024年第二季度低保资金发放情况的公示",
            "--genre",
            "公示",
            "--date",
            "2024-06-28",
        ],
    )
    assert result.exit_code == 0, result.output
    path = root / "content/county/huizhou/shehui-jiuzhu/2024/202406-00042.md"
    assert (
        f"已新建 content/county/huizhou/shehui-jiuzhu/2024/202406-00042.md\n索引号：{HUIZHOU_USCC}/202406-00042"
        in result.output
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: 关于2024年第二季度低保资金发放情况的公示\n"
        f"index_no: {HUIZHOU_USCC}/202406-00042\npublisher: huizhou\nwritten: 2024-06-28\npublished: 2024-06-28\n"
        "domain: shehui-jiuzhu\ngenre: 公示\ntopic: "
    )
    checked = CliRunner().invoke(cli, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "ITEM-NO-BODY" in checked.output  # the reminder to write the body
    second = CliRunner().invoke(
        cli,
        [
            "new",
            "--unit",
            "huizhou",
            "--domain",
            "shehui-jiuzhu",
            "--title",
            "第二条: 含冒号",
            "--date",
            "2024-06-28",
            "--no-interactive",
        ],
    )
    assert second.exit_code == 0, second.output
    assert f"索引号：{HUIZHOU_USCC}/202406-00043" in second.output
    assert 'title: "第二条: 含冒号"' in (root / "content/county/huizhou/shehui-jiuzhu/2024/202406-00043.md").read_text(
        encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0


def test_new_prompts_for_missing_values_when_interactive(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        ["new", "--interactive", "--date", "2024-07-01", "--slug", "dibao-gongshi-2024-07"],
        input="huizhou\nshehui-jiuzhu\n7月低保公示\n",
    )
    assert result.exit_code == 0, result.output
    text = (root / "content/county/huizhou/shehui-jiuzhu/2024/dibao-gongshi-2024-07.md").read_text(encoding="utf-8")
    assert f"index_no: {HUIZHOU_USCC}/202407-00013\n" in text and "title: 7月低保公示\n" in text
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0


def test_new_without_a_terminal_names_the_missing_flag(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["new", "--unit", "huizhou", "--title", "x"])
    assert result.exit_code == 2
    assert "缺少 --domain（领域 id）" in result.output
    unknown = CliRunner().invoke(cli, ["new", "--unit", "huizhuo", "--domain", "shehui-jiuzhu", "--title", "x"])
    assert unknown.exit_code == 2 and "没有单位“huizhuo”。是否应为 huizhou？" in unknown.output


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
        f"{P}:3: 错误 ITEM-INDEX-NO-CHANGED 字段 index_no：索引号已改为 {HUIZHOU_USCC}/202403-00099，而该文件首次提交（{commit}）时是 "
        f"{HUIZHOU_USCC}/202403-00012。修改：已发布条目的索引号不得更改：改回 {HUIZHOU_USCC}/202403-00012"
    ) in result.output


# --- atomic publishing ----------------------------------------------------------------------------------


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def differing_files(a: Path, b: Path) -> list[str]:
    """Relative paths whose bytes differ, or that exist on one side only."""

    def files(root):
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    fa, fb = files(a), files(b)
    return sorted(
        k for k in fa.keys() | fb.keys() if k not in fa or k not in fb or fa[k].read_bytes() != fb[k].read_bytes()
    )


def test_publish_swaps_a_symlink_keeps_three_releases_and_failed_builds_change_nothing(make_site, monkeypatch):
    root = make_site({P: item_text()})
    monkeypatch.chdir(root)
    (root / "site").mkdir()  # the first run finds a real directory (an older build)
    (root / "site/old.txt").write_text("old", encoding="utf-8")
    for n in range(4):
        (root / OTHER).write_text(other_item(title=f"第 {n} 版"), encoding="utf-8")
        assert CliRunner().invoke(cli, ["build", "-q"]).exit_code == 0
    site = root / "site"
    assert site.is_symlink() and not os.path.isabs(os.readlink(site))
    assert len(publish.releases(str(site))) == 3
    assert "第 3 版" in (site / "county/huizhou/shehui-jiuzhu/2024/dibao-shenpi/index.html").read_text(encoding="utf-8")
    link, before = os.readlink(site), tree_digest(site)
    (root / P).write_text(item_text(body=f"身份证 {ID}\n"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1 and "PII-ID" in result.output and "原有网站保持不变" in result.output
    assert os.readlink(site) == link and tree_digest(site) == before
    assert len(publish.releases(str(site))) == 3 and not list((root / "site.releases").glob(".building-*"))
    publish.rollback(str(site))  # back to the release before
    assert "第 2 版" in (site / "county/huizhou/shehui-jiuzhu/2024/dibao-shenpi/index.html").read_text(encoding="utf-8")


def test_release_check_catches_a_broken_anchor_added_by_a_template(make_site, monkeypatch):
    root = make_site({P: item_text()})
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "overrides/gongkai/partials").mkdir(parents=True)
    (root / "overrides/gongkai/partials/toolbar.html").write_text(
        '<a href="#nowhere">跳转</a><a href="../no-such-page/">无</a>\n', encoding="utf-8"
    )
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0  # the source is fine
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1
    assert "index.html: 错误 HTML-ANCHOR-MISSING：链接“#nowhere”的锚点 #nowhere 在 index.html 中不存在" in result.output
    assert "index.html: 错误 HTML-LINK-MISSING：href=“../no-such-page/”指向网站目录之外" in result.output
    assert not os.path.lexists(root / "site")


def test_pages_scanned_while_rendering_give_the_same_release_problems_as_a_scan_after(tmp_path):
    """The build scans each page in a worker process as MkDocs writes it (PageScanner); pages it never saw
    are read by check_release itself. Either way the problems are the same, in the same order."""
    from concurrent.futures import ProcessPoolExecutor

    from gongkai.core.checks.release import PageScanner, PageSource, check_release

    pages = {
        "index.html": '<a href="a/">甲</a><a href="a/#second">锚</a><a href="a/#nowhere">断</a><img src="https://cdn.example.com/x.png">',
        "a/index.html": f'<h2 id="second">二</h2><p>联系人身份证 {ID}</p><a href="../missing/">缺</a><a href="https://www.gov.cn/">国</a>',
        "b/index.html": '<a href="../a/index.html#second">好</a><a href="../../up/">外</a>',
    }
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    sources = {"a/index.html": PageSource("content/a.md", frozenset())}
    hosts = ({"www.gov.cn"}, {"www.test.gov.cn"})
    after = check_release(str(tmp_path), sources, hosts=hosts)
    assert sorted({p.code for p in after}) == [
        "HTML-ANCHOR-MISSING",
        "HTML-EXTERNAL-LOAD",
        "HTML-LINK-MISSING",
        "PII-ID",
    ]
    with ProcessPoolExecutor(max_workers=1) as workers:
        scanner = PageScanner(sources, frozenset(), hosts=hosts, executor=workers, batch=1)
        for rel in ("index.html", "a/index.html"):  # b/index.html is left to check_release
            scanner.add(rel, (tmp_path / rel).read_text(encoding="utf-8"))
        scanned = scanner.results()
    assert sorted(scanned) == ["a/index.html", "index.html"]
    assert check_release(str(tmp_path), sources, hosts=hosts, scanned=scanned) == after


def test_rendered_fragment_gate_stops_script_the_source_scan_missed(make_site, monkeypatch):
    import gongkai.core.checks.content as checks

    monkeypatch.setattr(checks, "script_problems", lambda *a, **k: [])  # pretend the Markdown gate missed it
    root = make_site({P: item_text(body='[链接](https://www.gov.cn/){: onmouseover="alert(1)" }\n')})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1
    assert (
        f"{P}: 错误 HTML-SCRIPT：生成的正文中有<a> 的事件属性 onmouseover=。修改：删除它（正文不允许脚本和事件属性）"
        in result.output
    )
    assert not os.path.lexists(root / "site")


def test_fragment_gate_unit():
    assert fragment_problems('<p>正文 <a href="../x/">x</a></p>') == []
    assert fragment_problems(
        '<p onclick="x()">a</p><a href=" jav&#x61;script:alert(1)">b</a><iframe src="y"></iframe>'
    ) == ["<p> 的事件属性 onclick=", "<a> 的 href= 使用了 javascript: 协议", "<iframe> 标签"]


def test_two_builds_with_the_same_source_date_epoch_are_identical(make_site, monkeypatch, tmp_path, serve):
    files = {
        P: item_text(),
        OTHER: other_item(genre="办法", validity="失效", expired="2024-05-01"),
        f"{DIR}/jiedu.md": item_text(
            doc_no=None,
            validity=None,
            genre="解读",
            title="低保标准调整解读",
            index_no=f"{HUIZHOU_USCC}/202403-00014",
            interprets="county/huizhou/shehui-jiuzhu/2024/dibao-biaozhun",
        ),
    }
    root = make_site(files, search=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01: after OTHER expired
    digests = []
    for name in ("a", "b"):
        result = CliRunner().invoke(cli, ["build", "-q", "-d", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        digests.append(tree_digest(tmp_path / name))
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    results = pagefind_search(serve(tmp_path / "a"), [{"q": "最低生活保障", "filters": {"有效性": "失效"}}])
    assert [r["url"].split("/", 3)[3] for r in results["最低生活保障"]] == [
        "county/huizhou/shehui-jiuzhu/2024/dibao-shenpi/"
    ]


@pytest.mark.slow
def test_two_builds_of_the_demo_are_identical(demo_site, tmp_path):
    """The session's demo build (`gongkai build`: build times from the last commit, content judged today) and a
    second one given both explicitly: the same SOURCE_DATE_EPOCH and the as-of date the first one used."""
    import sys

    from conftest import REPO

    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    as_of = json.loads((demo_site / "opendata/items.json").read_text(encoding="utf-8"))["as_of"]
    env = {**os.environ, "GONGKAI_AS_OF": as_of, **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})}
    again = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "build", "-q", "--site-dir", str(again)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert differing_files(again, demo_site) == []


def test_serve_previews_skip_the_release_gate_but_not_the_script_gate(make_site, tmp_path):
    """`gongkai serve` never publishes and does not print the 一本通 PDFs, so only the script gate applies."""
    import dataclasses
    import logging

    from gongkai.core.pipeline import Build, BuildFailed
    from gongkai.engine.config import load_site, settings_of

    root = make_site({})
    site_dir = tmp_path / "out"
    (site_dir / "x").mkdir(parents=True)
    (site_dir / "x/index.html").write_text('<a href="../missing/">断开的链接</a>', encoding="utf-8")
    settings = settings_of(load_site(str(root / "mkdocs.yml")))

    def gate(previewing: bool, scripts: list[str]):
        build = Build(dataclasses.replace(settings, previewing=previewing), logging.getLogger("test"))
        try:
            build.load()
            build.check()
            build.plan_pages()
            build.fragment_problems = scripts
            build.gate(str(site_dir))
        finally:
            build.close()

    gate(previewing=True, scripts=[])  # the broken link is not looked at in a preview
    with pytest.raises(BuildFailed, match="HTML-SCRIPT"):
        gate(previewing=True, scripts=["x.md: 错误 HTML-SCRIPT：…"])
    with pytest.raises(BuildFailed, match="未通过发布前检查"):
        gate(previewing=False, scripts=[])
