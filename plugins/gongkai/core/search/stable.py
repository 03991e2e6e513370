"""Make a Pagefind 1.5 bundle byte-reproducible (no MkDocs imports).

Two builds of the same pages with the same SOURCE_DATE_EPOCH give identical HTML, index chunks and
fragments, but Pagefind writes its *filters* from Rust hash maps, whose iteration order is random per
process: the values inside each ``filter/<lang>_<hash>.pf_filter`` and the filter list inside
``pagefind.<lang>_<hash>.pf_meta`` come out in a different order every run, so their hashes (the
file names), the meta file and ``pagefind-entry.json`` all differ (investigated 2026-11 on the demo;
everything else in the bundle was already identical).

`stabilize(bundle_dir)` rewrites exactly those files in a canonical order: filter values sorted, the
filter list sorted by name, file names derived from the SHA-256 of the new content, and the entry's
meta hash updated. The data is unchanged, only reordered, so Pagefind's JS reads it as before. The
files are gzip (mtime 0) around ``pagefind_dcd`` + CBOR; a minimal CBOR codec for the types Pagefind
uses (integers, strings, arrays, maps) is included.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import os
import struct

SIGNATURE = b"pagefind_dcd"


def _decode(b: bytes, i: int = 0):
    ib = b[i]
    major, info = ib >> 5, ib & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(b[i : i + size], "big")
        i += size
    elif major == 7 and info in (20, 21, 22):
        n = info
    else:
        raise ValueError(f"unsupported CBOR item 0x{ib:02x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i : i + n]), i + n
    if major == 3:
        return b[i : i + n].decode("utf-8"), i + n
    if major == 4:
        out = []
        for _ in range(n):
            value, i = _decode(b, i)
            out.append(value)
        return out, i
    if major == 5:
        out = {}
        for _ in range(n):
            key, i = _decode(b, i)
            out[key], i = _decode(b, i)
        return out, i
    if major == 7:
        return {20: False, 21: True, 22: None}[n], i
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large")


def _encode(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise TypeError(type(value))


def read_pagefind_cbor(path: str):
    """The value of a Pagefind CBOR file (pf_meta, pf_index, pf_filter): gzip, signature, one CBOR item."""
    with open(path, "rb") as fh:
        raw = gzip.decompress(fh.read())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind data file")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{path}: trailing data")
    return value


def _write(path: str, value) -> bytes:
    data = SIGNATURE + _encode(value)
    with open(path, "wb") as fh:
        fh.write(gzip.compress(data, compresslevel=9, mtime=0))
    return data


def stabilize(bundle_dir: str) -> None:
    """Rewrite the filter files, the meta file and pagefind-entry.json of one bundle in canonical order."""
    entry_path = os.path.join(bundle_dir, "pagefind-entry.json")
    with open(entry_path, encoding="utf-8") as fh:
        entry = json.load(fh)
    for lang, info in entry["languages"].items():
        meta_path = os.path.join(bundle_dir, f"pagefind.{info['hash']}.pf_meta")
        meta = read_pagefind_cbor(meta_path)
        filters = meta[3] if len(meta) > 3 and isinstance(meta[3], list) else []
        renamed = []
        for name, file_hash in sorted(filters, key=lambda f: f[0].encode("utf-8")):
            old = os.path.join(bundle_dir, "filter", f"{file_hash}.pf_filter")
            fname, values = read_pagefind_cbor(old)
            values = sorted(values, key=lambda v: _encode(v[0]))
            data = SIGNATURE + _encode([fname, values])
            new_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:7]}"
            os.remove(old)
            _write(os.path.join(bundle_dir, "filter", f"{new_hash}.pf_filter"), [fname, values])
            renamed.append([name, new_hash])
        if filters:
            meta[3] = renamed
        data = SIGNATURE + _encode(meta)
        new_meta_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
        os.remove(meta_path)
        _write(os.path.join(bundle_dir, f"pagefind.{new_meta_hash}.pf_meta"), meta)
        info["hash"] = new_meta_hash
    with open(entry_path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def stabilize_all(site_dir: str) -> int:
    """Stabilise every Pagefind bundle under site_dir (there may be one per year); return how many."""
    entries = sorted(glob.glob(os.path.join(site_dir, "**", "pagefind-entry.json"), recursive=True))
    for entry in entries:
        stabilize(os.path.dirname(entry))
    return len(entries)
