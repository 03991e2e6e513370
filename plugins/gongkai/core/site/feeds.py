"""Atom feeds (RFC 4287) and the JSON export of every item's metadata (no MkDocs imports).

Output is deterministic: entries newest first (ties by id), every timestamp taken from the items'
publication dates and their change history (China time, +08:00; an entry's ``updated`` is its last published
change, core/checks/changes.py, and the feed's the latest of its entries), never from the clock; a feed without
entries is dated at the as-of date. The province's or county portal's aggregators harvest township content through these
(the syndication of 政务公开 content to portals, 《政府网站发展指引》); the JSON export is the open-data form of the same metadata.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..model.lifecycle import is_current, publicity_status
from ..model.entities import Item

ITEMS_JSON = "opendata/items.json"
ITEMS_JSON_VERSION = 1


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+08:00")


def atom(title: str, self_url: str, page_url: str, author: str, items: list[Item], base_url: str,
         as_of: dt.date) -> str:
    """One Atom document; `items` newest first; URLs in items are relative to `base_url`."""
    updated = (_stamp(max(i.last_modified for i in items)) if items
               else _stamp(dt.datetime.combine(as_of, dt.time())))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
           f"  <id>{escape(self_url)}</id>",
           f"  <title>{escape(title)}</title>",
           f"  <updated>{updated}</updated>",
           f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(self_url)}/>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_url)}/>",
           f"  <author><name>{escape(author)}</name></author>",
           '  <generator uri="https://github.com/gongkai">gongkai</generator>']
    for item in items:
        url = base_url + item.url
        out += ["  <entry>",
                f"    <id>{escape(url)}</id>",
                f"    <title>{escape(item.title)}</title>",
                f"    <published>{_stamp(item.published)}</published>",
                f"    <updated>{_stamp(item.last_modified)}</updated>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
                f"    <author><name>{escape(item.publisher.name)}</name></author>",
                f"    <category term={quoteattr(item.domain.id)} label={quoteattr(item.domain.name)}/>",
                f"    <category term={quoteattr(item.genre)} scheme=\"genre\"/>"]
        summary = item.summary or f"{item.publisher.name} · {item.domain.name} · {item.genre}" + (
            f" · {item.doc_no}" if item.doc_no else "")
        out += [f"    <summary>{escape(summary)}</summary>", "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def write_feeds(site_dir: str, feeds: Iterable, site_name: str, author: str, base_url: str, as_of: dt.date) -> int:
    """Write every FeedSpec (core.public) under site_dir; returns how many were written."""
    count = 0
    for spec in feeds:
        text = atom(f"{spec.title}_{site_name}", base_url + spec.path, base_url + spec.page_url, author,
                    spec.items, base_url, as_of)
        _write(site_dir, spec.path, text)
        count += 1
    return count


def item_record(item: Item, base_url: str, as_of: dt.date) -> dict:
    """One item of opendata/items.json (schema: docs/public-site.md)."""
    return {
        "id": item.id,
        "url": base_url + item.url,
        "title": item.title,
        "index_no": item.index_no,
        "doc_no": item.doc_no,
        "publisher": {"id": item.publisher.id, "name": item.publisher.name, "level": item.publisher.level,
                      "uscc": item.publisher.uscc},
        "written": item.written.isoformat(),
        "published": item.published.strftime("%Y-%m-%dT%H:%M") if item.published_has_time
        else item.published.date().isoformat(),
        "domain": {"id": item.domain.id, "name": item.domain.name},
        "catalog_row": item.catalog_row.id if item.catalog_row else None,
        "genre": item.genre,
        "topic": item.topic,
        "validity": item.validity,
        "current": is_current(item),
        "expired": item.expired.isoformat() if item.expired else None,
        "repealed": item.repealed.isoformat() if item.repealed else None,
        "keywords": list(item.keywords),
        "summary": item.summary,
        "source": item.content_source,
        "interprets": item.interprets.id if item.interprets else None,
        "interpretation_form": item.interpretation_form,
        "interpretations": [j.id for j in item.interpretations],
        "updated": item.updated.strftime("%Y-%m-%dT%H:%M") if item.updated else None,
        "changes": [{"date": c.date.isoformat(), "note": c.note} for c in item.changes],
        "publicity_end": item.publicity_end.isoformat() if item.publicity_end else None,
        "publicity_status": publicity_status(item, as_of),
        "attachments": [{"title": a.title, "url": base_url + a.src_uri, "type": a.ext, "size": a.size}
                        for a in item.attachments],
    }


def items_json(items: Iterable[Item], site_name: str, base_url: str, as_of: dt.date) -> str:
    """The document, one item per line: json's C encoder writes compact text only (with `indent` it falls back to
    pure Python, seconds at 20 000 items), and a line per item still reads and diffs well."""
    records = [item_record(i, base_url, as_of) for i in sorted(items, key=lambda i: i.id)]
    head = {"version": ITEMS_JSON_VERSION, "site": site_name, "base_url": base_url, "as_of": as_of.isoformat(),
            "count": len(records)}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [']
    lines += [json.dumps(r, ensure_ascii=False) + "," for r in records]
    if records:
        lines[-1] = lines[-1][:-1]
    return "\n".join(lines) + "\n]}\n"


def write_items_json(site_dir: str, items: Iterable[Item], site_name: str, base_url: str, as_of: dt.date) -> str:
    _write(site_dir, ITEMS_JSON, items_json(items, site_name, base_url, as_of))
    return ITEMS_JSON


def _write(site_dir: str, rel: str, text: str) -> None:
    path = os.path.join(site_dir, *rel.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
