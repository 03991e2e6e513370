"""Build the Pagefind search index of a built site (no MkDocs imports).

Only the *extended* Pagefind binary segments Chinese; the standard one indexes
Chinese text as unsearchable without any error (Pagefind's documentation on multilingual search), so it is never
used. Resolution order: $PAGEFIND_BINARY_PATH, the pip package
`pagefind_bin_extended` (from `pagefind[extended]`), `pagefind_extended` on PATH.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import shutil
import tempfile
import threading

from ..base.processes import left_by_ended_processes, lower_priority, remove_trees
from ..sources.synonyms import Synonyms, expand_items
from . import lookup
from .chunks import UnexpectedIndex, split_index_chunks
from .stable import stabilize
from .verify import bundle_problems, static_reference

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
    on_path: str | None = shutil.which("pagefind_extended")
    if on_path:
        return on_path
    raise PagefindNotFound(
        "找不到 Pagefind 扩展版（extended）程序，中文检索无法建立。已依次查找：环境变量 PAGEFIND_BINARY_PATH、"
        'pip 包 pagefind_bin_extended、PATH 中的 pagefind_extended。修改：pip install "pagefind[extended]==1.5.2"'
    )


def indexed_page_count(bundle_dir: str) -> int:
    """Pages in a written bundle, from pagefind-entry.json (add_directory's own count includes
    pages that data-pagefind-body later excludes)."""
    with open(os.path.join(bundle_dir, "pagefind-entry.json"), encoding="utf-8") as fh:
        entry = json.load(fh)
    return sum(lang["page_count"] for lang in entry["languages"].values())


# How items are divided among Pagefind bundles. The search page searches the newest bundle first and merges older
# ones only when it finds too few results, so a smaller newest bundle means a smaller first search: Pagefind
# cuts a bundle's word index into chunks of at least 20 000 word positions, and a common word's chunk grows with
# the number of items in its bundle (docs/search.md §6).
SPLITS = ("none", "year", "quarter")
_QUARTER_NAMES = "一二三四"


def search_period(published, split: str) -> str | None:
    """The bundle key of an item published on `published` (a date or datetime): None when not split,
    "2025" by year, "2025q4" by quarter. Keys sort like the periods they name."""
    if split == "year":
        return f"{published.year}"
    if split == "quarter":
        return f"{published.year}q{(published.month - 1) // 3 + 1}"
    return None


def period_label(period: str | None) -> str:
    """How the search page names a bundle's period: "2025 年", "2025 年第四季度" ("" when not split)."""
    if not period:
        return ""
    year, _, quarter = period.partition("q")
    return f"{year} 年第{_QUARTER_NAMES[int(quarter) - 1]}季度" if quarter else f"{year} 年"


@dataclasses.dataclass
class SearchPlan:
    """Everything search needs, computed once per build from the corpus (before any page is rendered).

    terms    item id -> (words, title words) to index in a hidden element (catalogs/synonyms.yml, Synonyms.expansion)
    table    the exact 文号/索引号 lookup table (core.lookup)
    bundles  Pagefind bundles, newest first: [("pagefind/", None)] or, split by period (`search_period`),
             [("pagefind/2025/", "2025"), ...] or [("pagefind/2025q4/", "2025q4"), ...]; the search page
             merges them with mergeIndex
    pages    bundle path -> items it will hold (what bounds the build's memory: IndexFeed, LIVE_PAGES)
    """

    terms: dict[str, tuple[str, str]]
    table: dict[str, list[list[str]]]
    vocabulary: list[str]
    split: str
    bundles: list[tuple[str, str | None]]
    synonyms: Synonyms
    pages: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def lookup_shards(self) -> int:
        return lookup.shard_count(len(self.table))

    @property
    def labels(self) -> list[str]:
        """The period of each bundle as the search page names it, newest first."""
        return [period_label(period) for _path, period in self.bundles]

    def bundle_of(self, item) -> str:
        """The path of the bundle that indexes `item`."""
        return bundle_for_period(self.bundles, search_period(item.published, self.split))


def bundle_for_period(bundles: list[tuple[str, str | None]], period: str | None) -> str:
    for path, bundle_period in bundles:
        if bundle_period is None or bundle_period == period:
            return path
    raise ValueError(f"no search bundle for the period {period}")


def plan_search(items, synonyms: Synonyms, split: str = "none") -> SearchPlan:
    """The search plan of `items` with the project's synonyms (core/sources/synonyms.py)."""
    items = list(items)
    periods = sorted({search_period(i.published, split) for i in items} - {None}, reverse=True)
    bundles = [(f"pagefind/{period}/", period) for period in periods] or [("pagefind/", None)]
    pages = dict.fromkeys((path for path, _ in bundles), 0)
    for item in items:
        pages[bundle_for_period(bundles, search_period(item.published, split))] += 1
    return SearchPlan(
        expand_items(synonyms, items),
        lookup.build_table(items),
        lookup.vocabulary(items, synonyms.groups),
        split,
        bundles,
        synonyms,
        pages,
    )


def write_lookup(site_dir: str, plan: SearchPlan) -> None:
    """The exact 文号/索引号 lookup table and the vocabulary of the search page (search/lookup/)."""
    lookup.write_table(site_dir, plan.table)
    lookup.write_vocabulary(site_dir, plan.vocabulary, plan.synonyms.concept_groups())


_INDEX_DOCUMENT = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>{}</body></html>'


def index_document(element: str) -> str:
    """What Pagefind is given for one item: its data-pagefind-body element (the item template's
    gongkai/partials/item_index.html) in a minimal document. The page chrome around it (header, nav,
    sidebars, footer, print QR code) is two thirds of a page, and Pagefind would parse it only to skip it."""
    return _INDEX_DOCUMENT.format(element)


# Pagefind answers "written" before its writes are on disk (core/search/verify.py says why): the service is kept
# running until the bundle checks complete, for up to WRITE_SETTLE_SECONDS, then stopped. A bundle still incomplete
# is indexed again from the staging tree, WRITE_ATTEMPTS times in all, and the build fails after that.
WRITE_ATTEMPTS = 3
WRITE_SETTLE_SECONDS = 60


class IncompleteIndex(RuntimeError):
    """Pagefind did not write a complete bundle, WRITE_ATTEMPTS times in a row."""


def finish_bundle(bundle_dir: str) -> None:
    """The last steps on a complete bundle: small index chunks (chunks.py), then byte-stable names (stable.py)."""
    try:
        split_index_chunks(bundle_dir)
    except UnexpectedIndex as exc:
        raise IncompleteIndex(
            f"检索索引 {bundle_dir} 不是 Pagefind 1.5 的格式（{exc}），无法拆分索引分块。"
            '修改：pip install "pagefind[extended]==1.5.2"'
        ) from None
    stabilize(bundle_dir)


CHUNK_PAGES = 500  # pages per add_directory: few round trips, yet Pagefind starts early and stays busy
# Every Pagefind service holds its bundle's whole index in memory until the bundle is written (≈ 0.14 GB per 1 000
# items of a year bundle, measured at 20k), and items arrive in path order, every year mixed. So only bundles up to
# LIVE_PAGES items in all (newest first) index while MkDocs renders; the others stay staged on disk and are indexed
# one at a time after rendering. Pagefind's memory is then bounded by LIVE_PAGES plus the largest bundle, whatever
# the corpus size (at 20k items everything is live, as before; docs/performance.md §6).
LIVE_PAGES = 20_000


STAGING_PREFIX = ".gk-search-"  # + the building process's id: the staging trees next to the site


def _remove_left_staging(parent: str) -> None:
    """Remove the staging trees that killed builds left next to the site."""
    left = left_by_ended_processes(parent, STAGING_PREFIX, lambda name: name[len(STAGING_PREFIX) :].split("-")[0])
    remove_trees(left)


class IndexFeed:
    """Pagefind indexes the items while MkDocs is still converting and rendering the rest of the site.

    A bare build runs Pagefind after MkDocs, one after the other; here Pagefind (its own process, so
    the second core) takes each item as soon as its Markdown is converted: the engine renders the
    item's search element on its own and `add()`s it. Pagefind's Python API answers one request per
    0.1 s poll, so items are not sent one by one: `add()` writes the `index_document` into a staging
    tree next to the site, and every `chunk` items of a bundle go over as one `add_directory`. The
    staging paths mirror the site's, so URLs come out as from the site. `finish()` adds the non-HTML
    records, writes each bundle into the site (checked, and rebuilt from the staging tree when
    incomplete: WRITE_ATTEMPTS) and returns the number of pages indexed; `abort()` stops Pagefind
    without writing anything. Either removes the staging tree.
    """

    def __init__(
        self,
        site_dir: str,
        plan: SearchPlan | None = None,
        chunk: int | None = None,
        bundles: list | None = None,
        yield_to_rendering: bool = True,
    ):
        """`bundles`: the plan's bundles to write (an incremental build carries the others over unchanged).
        `yield_to_rendering`: Pagefind runs at a lower priority, as rendering is the longer task (a full build); a
        rebuild that renders a few pages but indexes a whole bundle has Pagefind as its longer task."""
        self.site_dir = site_dir
        self.yield_to_rendering = yield_to_rendering
        self._reference: asyncio.Future | None = None  # static_reference, asked while the first bundle indexes
        self.plan = plan
        self.all_bundles = plan.bundles if plan else [("pagefind/", None)]
        self.bundles = self.all_bundles if bundles is None else [b for b in self.all_bundles if b in bundles]
        self.chunk = chunk or CHUNK_PAGES
        self._binary = find_extended_binary()  # raises PagefindNotFound before anything starts
        self._previous_binary = os.environ.get("PAGEFIND_BINARY_PATH")
        parent = os.path.dirname(os.path.abspath(site_dir))
        os.makedirs(parent, exist_ok=True)
        _remove_left_staging(parent)
        self.staging = tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent)
        self._staged: dict[str, list[str]] = {path: [] for path, _ in self.bundles}  # bundle -> chunk dirs
        self._filling: dict[str, tuple[str, int]] = {}  # bundle -> (chunk dir being filled, pages in it)
        self._indexes: dict[str, asyncio.Future] = {}  # bundle -> future PagefindIndex
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="gongkai-pagefind", daemon=True)
        self._thread.start()
        self.live: set[str] = set()  # bundles indexed while pages render (the rest after rendering, one by one)
        budget = LIVE_PAGES
        for path, _period in self.bundles:
            size = plan.pages.get(path, 0) if plan else 0
            if not self.live or size <= budget:
                self.live.add(path)
                budget -= size
        self._work: list = []  # concurrent futures of the submitted chunks, in order
        self._stopped: set[int] = set()  # ids of the PagefindIndex objects whose service has been stopped
        self.reference: dict[str, bytes] = {}  # the static files Pagefind writes (core/search/verify.py)

    def add(self, rel_path: str, element: str, bundle: str | None = None) -> None:
        """Stage the search element of one item whose page is `rel_path` (as in the site: county/x/…/index.html)
        for `bundle` (the plan's `bundle_of` the item; None: the only bundle)."""
        bundle = bundle or self.all_bundles[0][0]
        if bundle not in self._staged:  # a bundle carried over unchanged (incremental build)
            return
        chunk_dir, count = self._filling.get(bundle) or (self._new_chunk(bundle), 0)
        target = os.path.join(chunk_dir, *rel_path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(index_document(element))
        self._filling[bundle] = (chunk_dir, count + 1)
        if count + 1 >= self.chunk:
            self._submit(bundle)

    def finish(self, records=()) -> int:
        try:
            for bundle in list(self._filling):
                self._submit(bundle)
            for future in self._work:
                future.result()  # an error of Pagefind surfaces here
            asyncio.run_coroutine_threadsafe(self._write_all(list(records)), self._loop).result()
            if self.plan is not None:
                write_lookup(self.site_dir, self.plan)
            return sum(indexed_page_count(self._bundle_dir(path)) for path, _ in self.bundles)
        except BaseException:
            asyncio.run_coroutine_threadsafe(self._close_all(), self._loop).result(timeout=60)  # bundles not written
            raise
        finally:
            self._stop()

    def abort(self) -> None:
        if self._loop.is_closed():
            return  # finished or aborted already
        for future in self._work:
            future.cancel()  # chunks not yet sent
        try:
            asyncio.run_coroutine_threadsafe(self._close_all(), self._loop).result(timeout=60)
        except Exception:  # noqa: BLE001 - the build has failed already; only clean up
            pass
        self._stop()

    # --- inside the feed ----------------------------------------------------------------------------

    def _new_chunk(self, bundle: str) -> str:
        path = os.path.join(
            self.staging, f"b{[p for p, _ in self.all_bundles].index(bundle):02d}", f"{len(self._staged[bundle]):05d}"
        )
        self._staged[bundle].append(path)
        return path

    def _submit(self, bundle: str) -> None:
        chunk_dir, _count = self._filling.pop(bundle)
        if bundle not in self.live:
            return  # staged on disk; indexed when its turn comes in _write_all
        self._work.append(asyncio.run_coroutine_threadsafe(self._add_directory(bundle, chunk_dir), self._loop))

    def _bundle_dir(self, bundle: str) -> str:
        return os.path.join(self.site_dir, *bundle.strip("/").split("/"))

    def _config(self, bundle: str):
        from pagefind.index import IndexConfig

        return IndexConfig(
            output_path=self._bundle_dir(bundle), exclude_selectors=EXCLUDE_SELECTORS, force_language="zh"
        )

    async def _index(self, bundle: str):
        """The bundle's PagefindIndex, started on first use (one Pagefind service per bundle)."""
        if bundle not in self._indexes:
            self._indexes[bundle] = asyncio.ensure_future(self._open(bundle))
        return await asyncio.shield(self._indexes[bundle])  # a cancelled chunk must not cancel the start

    async def _open(self, bundle: str):
        os.environ["PAGEFIND_BINARY_PATH"] = self._binary  # the wrapper's own lookup would accept the standard binary
        from pagefind.index import PagefindIndex

        if self._reference is None:  # a Pagefind service of its own: started now, it is ready when the write is
            self._reference = asyncio.ensure_future(static_reference(self._binary))
        index = await PagefindIndex(config=self._config(bundle)).__aenter__()
        if self.yield_to_rendering:
            lower_priority(getattr(getattr(getattr(index, "_service", None), "_backend", None), "pid", None))
        return index

    async def _add_directory(self, bundle: str, chunk_dir: str) -> None:
        index = await self._index(bundle)
        await index.add_directory(chunk_dir)  # chunks of one bundle run in order: this loop awaits each

    async def _write_all(self, records) -> None:
        os.environ["PAGEFIND_BINARY_PATH"] = self._binary  # the wrapper's own lookup would accept the standard binary
        self.reference = await (self._reference or static_reference(self._binary))  # what the static files must be
        by_bundle: dict[str, list] = {}
        for (
            record
        ) in records:  # non-HTML documents (the 办事一本通 PDFs): in their year's newest bundle, else the first
            year = record["filters"]["年份"][0]
            path = next(
                (p for p, period in self.all_bundles if (period or "").startswith(year)), self.all_bundles[0][0]
            )
            by_bundle.setdefault(path, []).append(record)
        finishing = []  # finish_bundle of the bundles written so far, on threads
        loop = asyncio.get_running_loop()
        try:
            for bundle, _period in self.bundles:
                await self._write_bundle(bundle, by_bundle.get(bundle, []))
                # on a thread, while Pagefind (its own process) indexes the next bundle
                finishing.append(loop.run_in_executor(None, finish_bundle, self._bundle_dir(bundle)))
        except BaseException:
            await asyncio.gather(*finishing, return_exceptions=True)  # none may write into a discarded release
            raise
        await asyncio.gather(*finishing)

    async def _write_bundle(self, bundle: str, mine: list) -> None:
        """Index and write one bundle with its non-HTML records `mine`, complete (WRITE_ATTEMPTS)."""
        index = await self._index(bundle)  # a bundle with no page (every item withheld) is written empty
        if bundle not in self.live:  # its service starts now, after rendering, and stops once it is written
            for chunk_dir in self._staged[bundle]:
                await index.add_directory(chunk_dir)
        for record in mine:
            await index.add_custom_record(**record)
        problems = await self._write(index, bundle)
        for _attempt in range(WRITE_ATTEMPTS - 1):
            if not problems:
                break
            # Pagefind names filter and meta files by a hash of content it writes in random order, and never
            # rewrites a hashed file that exists: the incomplete write's files must go first
            shutil.rmtree(self._bundle_dir(bundle), ignore_errors=True)
            again = await self._open(bundle)
            for chunk_dir in self._staged[bundle]:
                await again.add_directory(chunk_dir)
            for record in mine:
                await again.add_custom_record(**record)
            problems = await self._write(again, bundle)
        if problems:
            raise IncompleteIndex(
                f"Pagefind 连续 {WRITE_ATTEMPTS} 次没有写出完整的检索索引 {bundle}：" + "；".join(problems[:5])
            )

    async def _write(self, index, bundle: str) -> list[str]:
        """Write one bundle, keep its Pagefind service running until every file is complete (or
        WRITE_SETTLE_SECONDS have passed), then stop the service; the problems still found."""
        loop = asyncio.get_running_loop()
        try:
            await index.write_files()
            deadline, delay = loop.time() + WRITE_SETTLE_SECONDS, 0.02
            while True:
                problems = bundle_problems(self._bundle_dir(bundle), self.reference)
                if not problems or loop.time() > deadline:
                    return problems
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
        finally:
            await self._stop_service(index)

    async def _close_all(self) -> None:
        """Stop every Pagefind service this feed started (or is starting), writing nothing."""
        if self._reference is not None:  # its service stops itself when the request ends
            with contextlib.suppress(BaseException):
                await self._reference
        for future in list(self._indexes.values()):
            try:
                index = await future
            except BaseException:  # noqa: BLE001 - it never started
                continue
            await self._stop_service(index)

    async def _stop_service(self, index) -> None:
        """Stop one Pagefind service, writing nothing more (once)."""
        if id(index) not in self._stopped:
            self._stopped.add(id(index))
            await index.__aexit__(RuntimeError, None, None)  # an exception type: close without writing

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=60)
        if not self._thread.is_alive():
            self._loop.close()
        # the staging tree (a year bundle's is 30 MB in 2 000 files) is deleted while the build publishes; the next
        # build removes what a killed build left (_remove_left_staging)
        remove_trees([self.staging])
        if self._previous_binary is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = self._previous_binary
