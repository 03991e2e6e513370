"""The 办事一本通: the books, their pages and their PDFs (no MkDocs imports).

The 办事一本通 (皖政办秘〔2020〕55号: base governments compile one by end-2021) of a city, county
or township government covers the guides of the unit and of every unit under it (its departments,
townships and villages); `plan_yibentong` groups them by domain (the printed body, one guide per
page) and by life event (an index of links), and `write_pdf` prints the same HTML with WeasyPrint.

`plan_yibentong_pages` adds one page per 一本通 (``<level>/<unit>/yibentong/``) to the site plan and
links it from the unit's page; `print_books` prints every book to PDF after the pages are written
(WeasyPrint, system CJK fonts). `search_record` is a PDF's record in the search index (its text, the
PDF's URL and the same filters as item pages), so a PDF is found by the words it contains; it is made
from the book's data, and handed to Pagefind before the PDF is printed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import os
import time
from collections import defaultdict
from typing import Callable, Optional

from ..model import urls
from ..model.entities import Domain, Item, Unit
from ..sources.guides import GENRE, LIFE_EVENTS, Guide
from ..sources.synonyms import Synonyms
from .views import Crumb, PageView, UnitView, YibentongView, unit_crumbs

YIBENTONG_LEVELS = ("city", "county", "township")


@dataclasses.dataclass
class GuideEntry:
    """One guide in a 一本通: the item (title, publisher, URL) and its anchor on the page."""
    item: Item  # a 办事指南 item (its .guide is set)
    anchor: str

    @property
    def guide(self) -> Guide:
        return self.item.guide


@dataclasses.dataclass
class Yibentong:
    unit: Unit
    by_domain: list[tuple[Domain, list[GuideEntry]]]  # (domain, entries) in registry order
    by_event: list[tuple[str, list[GuideEntry]]]  # (life event, entries) in LIFE_EVENTS order
    entries: list[GuideEntry]  # printing order (by domain)
    as_of: Optional[dt.date] = None  # the day the book was compiled (newest guide's publication date)

    @property
    def url(self) -> str:
        return urls.yibentong(self.unit)

    @property
    def src_uri(self) -> str:
        return urls.page_src(self.url)

    @property
    def pdf_url(self) -> str:
        return urls.yibentong_pdf(self.unit)

    @property
    def pdf_name(self) -> str:
        return self.pdf_url.rsplit("/", 1)[-1]

    @property
    def title(self) -> str:
        return f"{self.unit.short}办事一本通"

    def text(self) -> str:
        return "\n\n".join(f"{e.item.title}\n{e.guide.text()}" for e in self.entries)


def _subtree(unit) -> list:
    found, stack = [], [unit]
    while stack:
        u = stack.pop()
        found.append(u)
        stack.extend(reversed(u.children))
    return found


def plan_yibentong(corpus, units=None) -> dict[str, Yibentong]:
    """The 一本通 of every government (YIBENTONG_LEVELS) whose subtree publishes at least one guide.

    `units`: the unit ids built (a cluster site); guides of other units are left out.
    Keyed by unit id, in registry order. Only the newest guide of an item is printed: items are
    distinct guides, so two items with the same 事项名称 and publisher are both kept, newest first.
    """
    guides_by_unit = defaultdict(list)
    for item in corpus.items.values():
        if getattr(item, "guide", None) is not None and (units is None or item.publisher.id in units):
            guides_by_unit[item.publisher.id].append(item)
    domains = list(corpus.registry.domains.values())
    books: dict[str, Yibentong] = {}
    for unit in corpus.registry.units_in_order():
        if unit.level not in YIBENTONG_LEVELS or (units is not None and unit.id not in units):
            continue
        items = [i for u in _subtree(unit) for i in guides_by_unit.get(u.id, [])]
        if not items:
            continue
        by_domain_items = defaultdict(list)
        for item in items:
            by_domain_items[item.domain.id].append(item)
        entries, by_domain = [], []
        for domain in domains:
            chunk = sorted(by_domain_items.get(domain.id, []), key=lambda i: (i.guide.name, -i.published.timestamp(), i.id))
            if not chunk:
                continue
            section = [GuideEntry(i, f"g{len(entries) + n + 1}") for n, i in enumerate(chunk)]
            entries += section
            by_domain.append((domain, section))
        by_event = [(event, [e for e in entries if event in e.guide.life_events]) for event in LIFE_EVENTS]
        books[unit.id] = Yibentong(unit, by_domain, [x for x in by_event if x[1]], entries,
                                   max(i.published for i in items).date())
    return books


class PdfFontError(RuntimeError):
    """The fonts found cannot print a book's text: its Chinese would come out as empty boxes."""


FONT_FIX = "安装中文字体后重新构建：Debian/Ubuntu 运行 apt-get install fonts-noto-cjk（CI 的 .ci/run 已包含）"


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p)]


def chinese_font_count() -> int | None:
    """How many fonts fontconfig (which WeasyPrint prints with) has that cover Chinese; None when fontconfig
    cannot be asked. Asked before printing: with no font at all, Pango crashes the whole build."""
    name = ctypes.util.find_library("fontconfig")
    if not name:
        return None
    fc = ctypes.CDLL(name)
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcObjectSetBuild.restype = ctypes.c_void_p
    fc.FcFontList.restype = ctypes.POINTER(_FcFontSet)
    fc.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    for free in ("FcFontSetDestroy", "FcPatternDestroy", "FcObjectSetDestroy", "FcConfigDestroy"):
        getattr(fc, free).argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfigAndFonts()
    pattern = fc.FcNameParse(b":lang=zh-cn")
    objects = fc.FcObjectSetBuild(b"family", None)
    fonts = fc.FcFontList(config, pattern, objects)
    try:
        return fonts.contents.nfont if fonts else 0
    finally:
        if fonts:
            fc.FcFontSetDestroy(ctypes.cast(fonts, ctypes.c_void_p))
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)


def write_pdf(html: str, base_url: str, out_path: str) -> tuple[int, list[str]]:
    """Print `html` (a standalone page, its assets resolved against base_url) to out_path; return (pages, the
    characters no font could draw). Text extraction cannot see those: a PDF's text layer keeps the characters
    while the page shows boxes, so the glyphs WeasyPrint had to invent are what tells."""
    import weasyprint  # heavy (pango, fonts): only when a 一本通 is printed

    document = weasyprint.HTML(string=html, base_url=base_url).render()
    document.write_pdf(out_path)
    if not document.fonts:  # fontconfig found no font at all: nothing was drawn
        return len(document.pages), ["（全部文字）"]
    missing = sorted({chr(code) for font in document.fonts.values() for code in font.missing})
    return len(document.pages), missing


def plan_yibentong_pages(corpus, generated: dict[str, PageView], units: Optional[set] = None) -> dict[str, Yibentong]:
    """Add the 一本通 views to `generated` (src_uri -> view) and link each from its unit's first list page."""
    books = plan_yibentong(corpus, units)
    for book in books.values():
        generated[book.src_uri] = YibentongView(
            title=book.title, column="办事一本通", column_type="办事服务",
            crumbs=unit_crumbs(book.unit) + [Crumb("办事一本通", None)], unit=book.unit, book=book)
        unit_page = generated.get(urls.page_src(book.unit.url))
        if isinstance(unit_page, UnitView):
            unit_page.yibentong = book
    return books


def books_of(generated: dict[str, PageView]) -> list[Yibentong]:
    return [v.book for v in generated.values() if isinstance(v, YibentongView)]


def search_record(book: Yibentong, synonyms: Synonyms) -> dict:
    """A Pagefind custom record for the PDF: its text (then the concept words of the synonyms in it, which the
    search page searches for any term of a group and keeps out of the excerpt), its URL, and the filters item
    pages carry."""
    unit = book.unit
    text = book.text()
    concepts = synonyms.concepts(text)
    return {
        "url": "/" + book.pdf_url,
        "content": f"{text}\n{concepts}" if concepts else text,
        "language": "zh",
        "meta": {"title": f"{book.title}（PDF）", "发布机构": unit.distinct_name, "发布日期": book.as_of.isoformat()},
        "filters": {"领域": sorted({d.name for d, _ in book.by_domain}), "层级": [unit.level_name],
                    "发布机构": [unit.distinct_name], "年份": [str(book.as_of.year)], "体裁": [GENRE], "有效性": ["有效"]},
        "sort": {"date": book.as_of.strftime("%Y-%m-%d 00:00")},
    }


def print_books(books: list[Yibentong], render: Callable[[Yibentong], str], site_dir: str) -> dict:
    """Write each book's PDF next to its page; return {"pdfs": n, "pages": n, "seconds": s}."""
    started, pages = time.perf_counter(), 0
    if books and chinese_font_count() == 0:
        raise PdfFontError(f"没有找到能显示中文的字体，办事一本通 PDF 中的汉字会印成方框。修改：{FONT_FIX}")
    for book in books:
        folder = os.path.join(site_dir, *book.url.strip("/").split("/"))
        os.makedirs(folder, exist_ok=True)
        printed, missing = write_pdf(render(book), folder + os.sep, os.path.join(folder, book.pdf_name))
        if missing:
            raise PdfFontError(
                f"{book.title} 的 PDF 中有 {len(missing)} 个字没有可用的字体，印出来是方框"
                f"（例如：{'、'.join(missing[:8])}）。修改：{FONT_FIX}"
            )
        pages += printed
    return {"pdfs": len(books), "pages": pages, "seconds": time.perf_counter() - started}
