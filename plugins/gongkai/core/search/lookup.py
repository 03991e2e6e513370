"""Exact 文号 / 索引号 lookup (no MkDocs imports).

Pagefind splits "黄政办〔2020〕12号" into pieces and ranks by word statistics, so a reader who types a
document number does not reliably get that document first. The build therefore writes a small
exact-match table - normalised 文号 and 索引号 -> URL and title - and the search page shows its hits
above Pagefind's results.

The normalisation here and in ``templates/assets/gongkai/search-core.js`` must agree; both are
tested against the same cases (tests/search_normalise_cases.yml).

* 文号: NFKC (full-width -> half-width), every kind of bracket and all whitespace dropped, then read
  as ``<机关代字><年份>[年][第]<序号>[号]`` and written back in the canonical form ``黄政办〔2020〕12号``.
  So ``黄政办[2020]12号``, ``黄政办(2020)12号``, ``黄政办【2020】12号``, ``黄政办（２０２０）第12号`` and
  ``黄政办202012号`` all give the same key.
* 索引号: NFKC, upper case, only ASCII letters and digits kept (``/``, ``-`` and spaces dropped), so
  the key does not depend on the site's index_no_format.

The table is sharded by a 32-bit FNV-1a hash of the key, so the page fetches one small file
(a few tens of KB at most) and only when the query looks like a number.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable

LOOKUP_DIR = "search/lookup"  # under site_dir
TERMS_FILE = "terms.json"  # query vocabulary, in LOOKUP_DIR
MAX_TERMS = 5000
SHARD_TARGET = 256  # entries per shard (about 50 KB of JSON, 15 KB gzipped)

_BRACKETS = "〔〕[]()【】〖〗［］（）{}｛｝<>《》「」『』〈〉"
_DROP = re.compile("[\\s" + re.escape(_BRACKETS) + "]+")
_DOC_NO = re.compile(r"^(?P<prefix>.*?\D)(?P<year>(?:19|20)\d{2})年?第?0*(?P<num>\d{1,5})号?$")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


def doc_no_key(text: str) -> str | None:
    """Canonical 文号 (黄政办〔2020〕12号) of what a reader typed, or None if it is not shaped like one."""
    s = _DROP.sub("", unicodedata.normalize("NFKC", text or ""))
    m = _DOC_NO.match(s)
    if not m or not re.search(r"[^\x00-\x7f]", m.group("prefix")):
        return None
    return f"{m.group('prefix')}〔{m.group('year')}〕{int(m.group('num'))}号"


def index_no_key(text: str) -> str | None:
    """索引号 reduced to upper-case ASCII letters and digits, or None when too short to be one."""
    s = unicodedata.normalize("NFKC", text or "").upper()
    if re.search(r"[^\x00-\x7f]", s):  # Chinese text is never an 索引号
        return None
    key = _NOT_ALNUM.sub("", s)
    return key if len(key) >= 10 and re.search(r"\d", key) else None


def query_keys(query: str) -> list[str]:
    """Table keys a query may hit: "d:<文号>" and/or "i:<索引号>"."""
    keys = []
    d = doc_no_key(query)
    if d:
        keys.append("d:" + d)
    i = index_no_key(query)
    if i:
        keys.append("i:" + i)
    return keys


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_count(entries: int) -> int:
    return max(1, math.ceil(entries / SHARD_TARGET))


def build_table(items: Iterable) -> dict[str, list[list[str]]]:
    """key -> [[url, title, 发布机构, 发布日期, 文号], ...] for every item's 文号 and 索引号
    (a list: two items may share a 文号, e.g. a joint document)."""
    table: dict[str, list[list[str]]] = {}
    for item in items:
        keys = ["i:" + k for k in [index_no_key(item.index_no)] if k]
        d = doc_no_key(item.doc_no) if item.doc_no else None
        if d:
            keys.append("d:" + d)
        row = [
            item.url,
            item.title,
            item.publisher.distinct_name,
            item.published.strftime("%Y-%m-%d"),
            item.doc_no or "",
        ]
        for key in keys:
            table.setdefault(key, []).append(row)
    return table


def write_table(site_dir: str, table: dict[str, list[list[str]]]) -> int:
    """Write site_dir/search/lookup/{meta,<n>}.json; return the shard count."""
    shards = shard_count(len(table))
    parts: list[dict] = [{} for _ in range(shards)]
    for key in sorted(table):
        parts[fnv1a(key) % shards][key] = table[key]
    out = os.path.join(site_dir, *LOOKUP_DIR.split("/"))
    os.makedirs(out, exist_ok=True)
    for n, part in enumerate(parts):
        with open(os.path.join(out, f"{n}.json"), "w", encoding="utf-8") as fh:
            json.dump(part, fh, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8") as fh:
        json.dump({"version": 1, "shards": shards, "entries": len(table)}, fh)
    return shards


def vocabulary(items: Iterable, synonym_groups: list[list[str]]) -> list[str]:
    """Words the search page keeps whole when it splits a query: synonym terms and item keywords.

    Pagefind 1.5.2 indexes Chinese with jieba but, in the browser, splits queries with
    Intl.Segmenter, which knows neither 低保 nor 五保 (低/保, 五/保 then match any page with 低收入 and
    保障). The page segments queries itself, longest match first against this list, and hands
    Pagefind the pieces (search-core.js). Only Chinese terms of 2-12 characters; the most common first
    when there are more than MAX_TERMS.
    """
    counts: dict[str, int] = {}
    for group in synonym_groups:
        for term in group:
            counts[term] = counts.get(term, 0) + 1_000_000  # always kept
    for item in items:
        for term in item.keywords:
            counts[term] = counts.get(term, 0) + 1
    keep = [t for t in counts if 2 <= len(t) <= 12 and re.fullmatch(r"[\u3400-\u9fff]+", t)]
    keep.sort(key=lambda t: (-counts[t], t))
    return sorted(keep[:MAX_TERMS])


def write_vocabulary(site_dir: str, terms: list[str], concepts: dict[str, list[str]]) -> None:
    """search/lookup/terms.json: the vocabulary the page segments queries with, and each synonym group by its
    concept word (core/sources/synonyms.py concept_word), which the page searches for a colloquial term."""
    out = os.path.join(site_dir, *LOOKUP_DIR.split("/"))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, TERMS_FILE), "w", encoding="utf-8") as fh:
        json.dump({"terms": terms, "concepts": concepts}, fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
