"""Cut a Pagefind bundle's word index into small chunks, so that a search fetches a few KB per word (no MkDocs imports).

Pagefind 1.5 cuts the word index of a bundle into chunks of at least 20 000 word positions each
(pagefind/src/index/mod.rs: ``chunk_index(word_map, 20000)``, with no option to change it), about 25 KB gzip, and a
search fetches the whole chunk of every query word. At 20 000 items a two-word query fetched 50–80 KB of chunks for
a few KB of the words it needs, the most of any part of a first search (docs/search.md §6).

`split_index_chunks(bundle_dir)` regroups the same word entries into chunks of about TARGET_BYTES and rewrites the
chunk list in the bundle's ``pf_meta``. The entries are copied byte for byte; only their grouping and the chunk
names change, so Pagefind's own wasm and JS read the bundle as before. Run it before stable.stabilize, which names
the meta file by its content.

Where a cut may fall. Pagefind's wasm fetches one chunk per query term: the first in the meta's list whose
``from <= term <= to`` (pagefind_web/src/lib.rs, ``try_request_indexes``), and matches the term against the words
loaded, whole and as the prefix of longer words. Every word that starts with a term must therefore be in one chunk:

- a cut falls between words that start with different characters (no term can start both);
- inside a family of words that start the same way and are more than FAMILY_CAP_BYTES together (的, 公, 1, and
  the concept words gk…: core/sources/synonyms.py), between its sub-families, one character longer. Only a term
  that is the family's own start (公, gk) can span such a cut. For that term the family is written once more, whole,
  as a chunk whose range is that one string, listed just before the family's first chunk: 公 reads every word that
  starts with 公 (a few times larger than a chunk), 公告 only the chunk that holds the 公告 family.

A chunk's range is ``from`` = its first word cut to one character more than it shares with the word before it (as
Pagefind does), ``to`` = its last word in full. Pagefind cuts ``to`` short the same way as ``from``, which loses a
longer word of the chunk: after a cut at 公告栏|公开 the range ends at 公告, and the term 公告栏 finds no chunk.

So every term reads every word that starts with it, as in an index that is not cut at all: exactly what Pagefind's
own chunks give, except where their cuts and shortened ranges lose words (checked term by term with Pagefind's
wasm in tests/test_search_chunks.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import NamedTuple

from .pagefind_files import (
    SIGNATURE,
    decode,
    head,
    item_head,
    read_pagefind_cbor,
    read_pagefind_data,
    skip,
    write_pagefind_cbor,
    write_pagefind_data,
)

TARGET_BYTES = 4_000  # uncompressed CBOR per chunk: 1.5–2 KB gzip, a chunk list the meta carries in ~3 KB per 500 items
FAMILY_CAP_BYTES = 20_000  # the words that start the same way above this may be cut by their next character
CHUNK_GZIP_LEVEL = 6  # 0.7 % larger than level 9 and under half the time on a year bundle of 20k items (10 MB)


class UnexpectedIndex(ValueError):
    """The bundle's index is not what Pagefind 1.5 writes (another version?): it is left as it is."""


def _array_head(b: bytes, i: int) -> tuple[int, int]:
    """(length, offset after the head) of the CBOR array at i."""
    major, length, after = item_head(b, i)
    if major != 4:
        raise UnexpectedIndex(f"offset {i}: not an array")
    return length, after


def word_entries(cbor: bytes) -> list[tuple[str, bytes]]:
    """The (word, CBOR bytes of its entry) of one index chunk: ``[[entry, …]]`` with each entry ``[word, …]``."""
    outer, i = _array_head(cbor, 0)
    if outer != 1:
        raise UnexpectedIndex("an index chunk holds one array of words")
    count, i = _array_head(cbor, i)
    entries = []
    for _ in range(count):
        _fields, at_word = _array_head(cbor, i)
        word, _ = decode(cbor, at_word)
        if not isinstance(word, str):
            raise UnexpectedIndex(f"offset {i}: a word entry does not start with its word")
        end = skip(cbor, i)
        entries.append((word, cbor[i:end]))
        i = end
    if i != len(cbor):
        raise UnexpectedIndex("trailing data after the words")
    return entries


def _shared(a: str, b: str) -> int:
    """How many leading characters a and b share."""
    return len(os.path.commonprefix((a, b)))


class Chunk(NamedTuple):
    low: str  # the range Pagefind's wasm looks a term up in: from
    high: str  # … to
    start: int  # the words it holds: words[start:end]
    end: int
    whole_family: bool  # the whole family of `low`, for that one term (its words are in the other chunks too)


def plan_chunks(
    words: list[str], sizes: list[int], target: int = TARGET_BYTES, cap: int = FAMILY_CAP_BYTES
) -> list[Chunk]:
    """The chunks, in the meta's order, for sorted `words` whose entries are `sizes` bytes. A chunk closes once it
    holds `target` bytes, at the next cut allowed (module docstring)."""
    family: dict[str, int] = {}  # a prefix -> bytes of the words that start with it
    family_end: dict[str, int] = {}  # a prefix -> index after the last word that starts with it
    for k, (word, size) in enumerate(zip(words, sizes, strict=True)):
        for n in range(1, len(word) + 1):
            family[word[:n]] = family.get(word[:n], 0) + size
            family_end[word[:n]] = k + 1

    def capped(prefix: str) -> bool:
        return family.get(prefix, 0) > cap

    starts, held = [0] if words else [], 0
    for k in range(len(words) - 1):
        held += sizes[k]
        before, after = words[k], words[k + 1]
        shared = _shared(before, after)
        if shared and not capped(before[:shared]):
            continue  # a family within the cap is never cut
        # a family over the cap starts a chunk, so that its whole-family chunk can be listed just before it
        if held >= target or capped(after[: shared + 1]):
            starts.append(k + 1)
            held = 0
    plan = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(words)
        first = words[start]
        shared = _shared(words[start - 1], first) if start else 0
        for length in range(shared + 1, len(first) + 1):  # the families that start here and are cut further on
            prefix = first[:length]
            if capped(prefix) and family_end[prefix] > end:
                plan.append(Chunk(prefix, prefix, start, family_end[prefix], True))
        plan.append(Chunk(first[: shared + 1], words[end - 1], start, end, False))
    return plan


def _name(lang: str, data: bytes, taken: set[str]) -> str:
    """A chunk's file name as Pagefind makes it: language and 7 hex digits of its hash, longer on a collision."""
    digest = hashlib.sha256(data).hexdigest()
    length = 7
    while f"{lang}_{digest[:length]}" in taken:
        length += 1
    return f"{lang}_{digest[:length]}"


def split_index_chunks(bundle_dir: str, target: int = TARGET_BYTES, cap: int = FAMILY_CAP_BYTES) -> int:
    """Regroup one written bundle's word index into small chunks; return how many chunks it has now. A bundle
    regrouped before is regrouped again from its words (its whole-family chunks repeat words)."""
    with open(os.path.join(bundle_dir, "pagefind-entry.json"), encoding="utf-8") as fh:
        entry = json.load(fh)
    total = 0
    for lang, info in entry["languages"].items():
        meta_path = os.path.join(bundle_dir, f"pagefind.{info['hash']}.pf_meta")
        meta = read_pagefind_cbor(meta_path)
        if len(meta) < 3 or not isinstance(meta[2], list):
            raise UnexpectedIndex(f"{meta_path}: no chunk list")
        # a chunk listed twice (a file of the same content) is read and removed once
        old_paths = list(dict.fromkeys(os.path.join(bundle_dir, "index", f"{c[2]}.pf_index") for c in meta[2]))
        by_word: dict[str, bytes] = {}
        for path in old_paths:
            for word, raw in word_entries(read_pagefind_data(path)):
                if by_word.setdefault(word, raw) != raw:
                    raise UnexpectedIndex(f"{path}: the word {word} is indexed twice, differently")
        words = sorted(by_word)  # by code point, as Rust orders strings
        entries = [(word, by_word[word]) for word in words]
        chunks, taken = [], set()
        for low, high, start, end, _whole in plan_chunks(words, [len(raw) for _, raw in entries], target, cap):
            part = entries[start:end]
            cbor = head(4, 1) + head(4, len(part)) + b"".join(raw for _, raw in part)
            name = _name(lang, SIGNATURE + cbor, taken)
            taken.add(name)
            chunks.append(([low, high, name], cbor))
        for path in old_paths:
            os.remove(path)
        for (_low, _high, name), cbor in chunks:
            write_pagefind_data(os.path.join(bundle_dir, "index", f"{name}.pf_index"), cbor, level=CHUNK_GZIP_LEVEL)
        meta[2] = [listed for listed, _ in chunks]
        write_pagefind_cbor(meta_path, meta)  # in place: stable.stabilize() names it by its new content
        total += len(chunks)
    return total
