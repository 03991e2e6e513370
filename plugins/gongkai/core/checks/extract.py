"""Text of attachments, for the personal-information scan (no MkDocs imports).

`attachment_text(path)` yields ``(where, line, text)`` pieces:

* PDF (pypdf): one piece per page, ``where`` = ``第 N 页``;
* DOCX (the ``word/*.xml`` parts read with zipfile, no extra dependency): one piece per paragraph
  or table cell, ``where`` = ``第 N 段`` (headers and footers too);
* XLSX (openpyxl, read-only, cached values): one piece per cell, ``where`` = ``工作表“S”单元格 B3``.
  Numbers of 16 digits or more are stored by Excel as floating point and have already lost digits;
  they are returned as the digits Excel kept, so an ID-length number is still flagged by the caller;
* CSV and TXT: one piece per line, ``line`` = the line number (UTF-8, else GB18030).

Other types (pictures, OFD, the old binary DOC/XLS/WPS/ET formats) are not read: `EXTRACTABLE` says
which are. A file that cannot be read raises `ExtractError` with a Chinese reason.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from ..base.limits import UNPACKED_MAX_BYTES, size_text

EXTRACTABLE = {"pdf", "docx", "xlsx", "csv", "txt"}

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ExtractError(Exception):
    pass


def attachment_text(path: str) -> Iterator[tuple[str, int | None, str]]:
    ext = path.rsplit(".", 1)[-1].lower() if "." in os.path.basename(path) else ""
    try:
        if ext == "pdf":
            yield from _pdf(path)
        elif ext == "docx":
            yield from _docx(path)
        elif ext == "xlsx":
            yield from _xlsx(path)
        elif ext in ("csv", "txt"):
            yield from _plain(path)
    except ExtractError:
        raise
    except Exception as exc:  # a corrupt or encrypted file: say so, never skip silently
        raise ExtractError(f"无法读取文件内容（{type(exc).__name__}: {exc}）") from exc


def _pdf(path: str):
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            raise ExtractError("PDF 已加密，无法检查其中的文字") from None
    for n, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        yield f"第 {n} 页", None, text


def _unpacked_size_ok(path: str) -> None:
    """A DOCX or XLSX is a zip: refuse one that would unpack to more than UNPACKED_MAX_BYTES (a zip bomb)."""
    with zipfile.ZipFile(path) as zf:
        total = sum(info.file_size for info in zf.infolist())
    if total > UNPACKED_MAX_BYTES:
        raise ExtractError(f"解压后有 {size_text(total)}，超过 {size_text(UNPACKED_MAX_BYTES)} 的上限")


def _docx(path: str):
    _unpacked_size_ok(path)
    with zipfile.ZipFile(path) as zf:
        names = [
            n for n in zf.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)
        ]
        names.sort(key=lambda n: (n != "word/document.xml", n))
        if "word/document.xml" not in names:
            raise ExtractError("不是有效的 DOCX 文件（缺少 word/document.xml）")
        n = 0
        for name in names:
            root = ElementTree.fromstring(zf.read(name))
            for para in root.iter(f"{_W}p"):
                text = "".join(
                    node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else ""
                    for node in para.iter()
                )
                n += 1
                if text.strip():
                    yield f"第 {n} 段", None, text


def _xlsx(path: str):
    from openpyxl import load_workbook

    _unpacked_size_ok(path)
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if value is None or not hasattr(cell, "coordinate"):
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    yield f"工作表“{ws.title}”单元格 {cell.coordinate}", None, str(value)
    finally:
        wb.close()


def _plain(path: str):
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    for n, line in enumerate(text.splitlines(), 1):
        yield f"第 {n} 行", n, line
