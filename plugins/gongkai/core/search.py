"""Build the Pagefind search index of a built site (no MkDocs imports).

Only the *extended* Pagefind binary segments Chinese; the standard one indexes
Chinese text as unsearchable without any error (stack.md §4.2), so it is never
used. Resolution order: $PAGEFIND_BINARY_PATH, the pip package
`pagefind_bin_extended` (from `pagefind[extended]`), `pagefind_extended` on PATH.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
from typing import Optional

from . import lookup
from .synonyms import Synonyms, expand_items, load_synonyms

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


SPLITS = ("none", "year")


@dataclasses.dataclass
class SearchPlan:
    """Everything search needs, computed once per build from the corpus (before any page is rendered).

    terms    item id -> synonyms to index in a hidden element (catalogs/synonyms.yml)
    table    the exact 文号/索引号 lookup table (core.lookup)
    bundles  Pagefind bundles, newest first: [("pagefind/", None)] or, split by year,
             [("pagefind/2025/", 2025), ...]; the search page merges them with mergeIndex
    """
    terms: dict[str, str]
    table: dict[str, list[list[str]]]
    vocabulary: list[str]
    split: str
    bundles: list[tuple[str, Optional[int]]]
    synonyms: Synonyms

    @property
    def lookup_shards(self) -> int:
        return lookup.shard_count(len(self.table))


def plan_search(items, catalogs_dir: str, rel_catalogs: str, split: str = "none") -> SearchPlan:
    """Raises ContentError when catalogs/synonyms.yml is invalid."""
    items = list(items)
    synonyms = load_synonyms(catalogs_dir, rel_catalogs)
    if split == "year":
        years = sorted({i.year for i in items}, reverse=True)
        bundles = [(f"pagefind/{y}/", y) for y in years] or [("pagefind/", None)]
    else:
        bundles = [("pagefind/", None)]
    return SearchPlan(expand_items(synonyms, items), lookup.build_table(items), lookup.vocabulary(items, synonyms.groups),
                      split, bundles, synonyms)


async def _index(site_dir: str, binary: str, bundles, records=()) -> None:
    os.environ["PAGEFIND_BINARY_PATH"] = binary  # the wrapper's own lookup would accept the standard binary
    from pagefind.index import IndexConfig, PagefindIndex

    for path, year in bundles:
        config = IndexConfig(output_path=os.path.join(site_dir, *path.strip("/").split("/")),
                             exclude_selectors=EXCLUDE_SELECTORS, force_language="zh")
        # Item pages live at <level>/<unit>/<domain>/<year>/<slug>/index.html (docs/content-model.md).
        # Only those are handed to Pagefind: parsing every list and catalog page only to skip it costs ~1/3.
        year_glob = "[0-9][0-9][0-9][0-9]" if year is None else str(year)
        glob = f"*/*/*/{year_glob}/{{*/index,*}}.html"  # directory URLs, or use_directory_urls: false
        for _attempt in range(WRITE_ATTEMPTS):
            async with PagefindIndex(config=config) as index:
                await index.add_directory(os.path.abspath(site_dir), glob=glob)
                for record in records:  # non-HTML documents (the 办事一本通 PDFs): in their year's bundle, else the first
                    years = [y for _, y in bundles]
                    if year == (int(record["filters"]["年份"][0]) if int(record["filters"]["年份"][0]) in years else years[0]):
                        await index.add_custom_record(**record)
            if _bundle_written(os.path.join(site_dir, *path.strip("/").split("/"))):
                break
        else:
            raise RuntimeError(f"Pagefind 连续 {WRITE_ATTEMPTS} 次没有写完整索引 {path}（pagefind-entry.json 或分片缺失）")


# The Python API stops Pagefind's service (SIGTERM) as soon as it answers "written"; on a 20k-item site
# that left a bundle's pagefind-entry.json empty about once in ten bundles (reproduced: 1 of 11 year
# bundles). A bundle is therefore checked and, if incomplete, indexed again.
WRITE_ATTEMPTS = 3


def _bundle_written(bundle_dir: str) -> bool:
    try:
        with open(os.path.join(bundle_dir, "pagefind-entry.json"), encoding="utf-8") as fh:
            entry = json.load(fh)
        pages = sum(lang["page_count"] for lang in entry["languages"].values())
        metas = [os.path.join(bundle_dir, f"pagefind.{lang['hash']}.pf_meta") for lang in entry["languages"].values()]
        fragments = len(os.listdir(os.path.join(bundle_dir, "fragment"))) if pages else 0
        return all(os.path.getsize(m) > 0 for m in metas) and fragments >= pages
    except (OSError, ValueError, KeyError):
        return False


def build_index(site_dir: str, plan: Optional[SearchPlan] = None, records=()) -> int:
    """Write the lookup table and index `site_dir` into its Pagefind bundle(s); return the pages indexed.

    `records`: add_custom_record keyword dicts with a 年份 filter (core/guide_views.py search_record)."""
    bundles = plan.bundles if plan else [("pagefind/", None)]
    if plan is not None:
        lookup.write_table(site_dir, plan.table)
        lookup.write_vocabulary(site_dir, plan.vocabulary, lookup.canonical_terms(plan.synonyms.groups))
    binary = find_extended_binary()
    previous = os.environ.get("PAGEFIND_BINARY_PATH")
    try:
        asyncio.run(_index(site_dir, binary, bundles, records))
    finally:
        if previous is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = previous
    return sum(indexed_page_count(os.path.join(site_dir, *path.strip("/").split("/"))) for path, _ in bundles)
