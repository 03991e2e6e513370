"""The 办事一本通 pages and their PDFs (no MkDocs imports).

`plan_yibentong_pages` adds one page per 一本通 (``<level>/<unit>/yibentong/``) to the site plan and
links it from the unit's page; `print_books` prints every book to PDF after the pages are written
(WeasyPrint, system CJK fonts). `search_record` is a PDF's record in the search index (its text, the
PDF's URL and the same filters as item pages), so a PDF is found by the words it contains; it is made
from the book's data, and handed to Pagefind before the PDF is printed.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Optional

from ..sources.guides import GENRE, Yibentong, plan_yibentong, write_pdf
from .views import Crumb, View, unit_crumbs


def plan_yibentong_pages(corpus, generated: dict[str, View], units: Optional[set] = None) -> dict[str, Yibentong]:
    """Add the 一本通 views to `generated` (src_uri -> View) and link each from its unit's first list page."""
    books = plan_yibentong(corpus, units)
    for book in books.values():
        generated[book.src_uri] = View(
            "yibentong", book.title, "办事一本通", "办事服务", unit_crumbs(book.unit) + [Crumb("办事一本通", None)],
            "gongkai/yibentong.html", extra={"book": book, "unit": book.unit})
        unit_page = generated.get(f"{book.unit.url}index.md")
        if unit_page is not None:
            unit_page.extra["yibentong"] = book
    return books


def books_of(generated: dict[str, View]) -> list[Yibentong]:
    return [v.extra["book"] for v in generated.values() if v.kind == "yibentong"]


def search_record(book: Yibentong) -> dict:
    """A Pagefind custom record for the PDF: its text, its URL, and the filters item pages carry."""
    unit = book.unit
    return {
        "url": "/" + book.pdf_url,
        "content": book.text(),
        "language": "zh",
        "meta": {"title": f"{book.title}（PDF）", "发布机构": unit.distinct_name, "发布日期": book.as_of.isoformat()},
        "filters": {"领域": sorted({d.name for d, _ in book.by_domain}), "层级": [unit.level_name],
                    "发布机构": [unit.distinct_name], "年份": [str(book.as_of.year)], "体裁": [GENRE], "有效性": ["有效"]},
        "sort": {"date": book.as_of.strftime("%Y-%m-%d 00:00")},
    }


def print_books(books: list[Yibentong], render: Callable[[Yibentong], str], site_dir: str) -> dict:
    """Write each book's PDF next to its page; return {"pdfs": n, "pages": n, "seconds": s}."""
    started, pages = time.perf_counter(), 0
    for book in books:
        folder = os.path.join(site_dir, *book.url.strip("/").split("/"))
        os.makedirs(folder, exist_ok=True)
        pages += write_pdf(render(book), folder + os.sep, os.path.join(folder, book.pdf_name))
    return {"pdfs": len(books), "pages": pages, "seconds": time.perf_counter() - started}
