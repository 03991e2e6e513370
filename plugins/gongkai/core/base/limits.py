"""How large an input may be, in one place (no MkDocs imports).

No input may make a build run for minutes or take gigabytes: one hostile or mistaken file would take down CI or the
preview machine of a whole county. The limits sit far above what real content needs (a long policy document as
Markdown is a few hundred KB; the largest standard catalog is tens of KB) and each message says what to do instead.
Attachments have their own limit, `attachment_max_mb` in mkdocs.yml (docs/configuration.md).
"""

from __future__ import annotations

import os

from .problems import Problem

KB = 1024
MB = 1024 * KB

FRONT_MATTER_MAX_BYTES = 64 * KB  # the YAML block of one Markdown file
MARKDOWN_MAX_BYTES = 2 * MB  # one Markdown file: front matter and body
DATA_FILE_MAX_BYTES = 4 * MB  # one YAML file under catalogs/ (registries, catalogs, ledgers)
UNPACKED_MAX_BYTES = 200 * MB  # the text parts of one DOCX/XLSX attachment once unzipped (zip bombs)


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / KB:.0f} KB"


def too_large(path: str, size: int, limit: int, what: str, fix: str) -> Problem:
    return Problem(path, None, "FILE-TOO-LARGE", f"{what}有 {size_text(size)}，超过 {size_text(limit)} 的上限", fix)


def read_limited(abs_path: str, rel: str, limit: int, what: str, fix: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file, unless it is larger than `limit` (then it is not read at all)."""
    size = os.path.getsize(abs_path)
    if size > limit:
        return None, [too_large(rel, size, limit, what, fix)]
    with open(abs_path, "rb") as fh:
        return fh.read(), []
