"""Build the Pagefind search index of a built site (no MkDocs imports).

Only the *extended* Pagefind binary segments Chinese; the standard one indexes
Chinese text as unsearchable without any error (stack.md §4.2), so it is never
used. Resolution order: $PAGEFIND_BINARY_PATH, the pip package
`pagefind_bin_extended` (from `pagefind[extended]`), `pagefind_extended` on PATH.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from typing import Optional

# Elements whose text must not reach search results (Material's ¶ permalinks).
EXCLUDE_SELECTORS = [".headerlink", ".gk-noindex"]


class PagefindNotFound(RuntimeError):
    pass


def find_extended_binary() -> str:
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        if not os.path.isfile(env):
            raise PagefindNotFound(f"PAGEFIND_BINARY_PATH 指向的文件不存在：{env}")
        return env
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]
        return str(get_executable())
    except ImportError:
        pass
    on_path: Optional[str] = shutil.which("pagefind_extended")
    if on_path:
        return on_path
    raise PagefindNotFound(
        "找不到 Pagefind 扩展版（extended）程序，中文检索无法建立。已依次查找：环境变量 PAGEFIND_BINARY_PATH、"
        "pip 包 pagefind_bin_extended、PATH 中的 pagefind_extended。修改：pip install \"pagefind[extended]==1.5.2\"")


def indexed_page_count(bundle_dir: str) -> int:
    """Pages in a written bundle, from pagefind-entry.json (add_directory's own count includes
    pages that data-pagefind-body later excludes)."""
    with open(os.path.join(bundle_dir, "pagefind-entry.json"), encoding="utf-8") as fh:
        entry = json.load(fh)
    return sum(lang["page_count"] for lang in entry["languages"].values())


async def _index(site_dir: str, binary: str) -> None:
    os.environ["PAGEFIND_BINARY_PATH"] = binary  # the wrapper's own lookup would accept the standard binary
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=os.path.join(site_dir, "pagefind"), exclude_selectors=EXCLUDE_SELECTORS,
                         force_language="zh")
    async with PagefindIndex(config=config) as index:
        await index.add_directory(os.path.abspath(site_dir))


def build_index(site_dir: str) -> int:
    """Index `site_dir` into `site_dir/pagefind/`; return the number of pages indexed."""
    binary = find_extended_binary()
    previous = os.environ.get("PAGEFIND_BINARY_PATH")
    try:
        asyncio.run(_index(site_dir, binary))
    finally:
        if previous is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = previous
    return indexed_page_count(os.path.join(site_dir, "pagefind"))
