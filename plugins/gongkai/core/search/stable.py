"""Make a Pagefind 1.5 bundle byte-reproducible (no MkDocs imports).

Two builds of the same pages with the same SOURCE_DATE_EPOCH give identical HTML, index chunks and
fragments, but Pagefind writes its *filters* from Rust hash maps, whose iteration order is random per
process: the values inside each ``filter/<lang>_<hash>.pf_filter`` and the filter list inside
``pagefind.<lang>_<hash>.pf_meta`` come out in a different order every run, so their hashes (the
file names), the meta file and ``pagefind-entry.json`` all differ (investigated 2026-11 on the demo;
everything else in the bundle was already identical).

`stabilize(bundle_dir)` rewrites exactly those files in a canonical order: filter values sorted, the
filter list sorted by name, file names derived from the SHA-256 of the new content, and the entry's
meta hash updated. The data is unchanged, only reordered, so Pagefind's JS reads it as before. It runs
last on a bundle (after chunks.split_index_chunks), so the meta file's name covers all of its content.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os

from .pagefind_files import SIGNATURE, encode, read_pagefind_cbor, write_pagefind_cbor


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
            values = sorted(values, key=lambda v: encode(v[0]))
            data = SIGNATURE + encode([fname, values])
            new_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:7]}"
            os.remove(old)
            write_pagefind_cbor(os.path.join(bundle_dir, "filter", f"{new_hash}.pf_filter"), [fname, values])
            renamed.append([name, new_hash])
        if filters:
            meta[3] = renamed
        data = SIGNATURE + encode(meta)
        new_meta_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
        os.remove(meta_path)
        write_pagefind_cbor(os.path.join(bundle_dir, f"pagefind.{new_meta_hash}.pf_meta"), meta)
        info["hash"] = new_meta_hash
    with open(entry_path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def stabilize_all(site_dir: str) -> int:
    """Stabilise every Pagefind bundle under site_dir (there may be one per year); return how many."""
    entries = sorted(glob.glob(os.path.join(site_dir, "**", "pagefind-entry.json"), recursive=True))
    for entry in entries:
        stabilize(os.path.dirname(entry))
    return len(entries)
