"""Is a written Pagefind bundle complete? Every file checked against what it must be (no MkDocs imports).

Pagefind's service answers "written" once its writes are queued, not once they are done: it writes each file with
tokio's `File::write_all`, which hands the bytes to a background thread, and nothing flushes them before the answer
(pagefind/src/output/mod.rs, `write`). Pagefind's Python API stops the service with SIGTERM as soon as the answer
comes, so on a busy machine files were left empty or cut short — an empty WASM, an empty
pagefind-component-ui.js — and a site with a dead search was published. core/search/index.py therefore keeps the
service running until this module finds the bundle complete, and the release gate checks every bundle again.

A bundle is complete when pagefind-entry.json parses; each language's ``pagefind.<hash>.pf_meta`` decodes; every
index chunk, filter and page fragment the meta names exists and its gzip stream decodes to Pagefind's signature
(gzip's CRC and length catch a truncated file); and the static files (JS, CSS, the WASM) are byte-identical to what
the same Pagefind binary produces for a one-page index (`static_reference`).
"""

from __future__ import annotations

import gzip
import json
import os
import zlib

from .pagefind_files import SIGNATURE, read_pagefind_cbor

DATA_DIRS = ("fragment", "index", "filter")  # the hashed, gzip data files of a bundle


def _is_static(path: str) -> bool:
    name = path.replace(os.sep, "/")
    return not (name.split("/", 1)[0] in DATA_DIRS or name.endswith(".pf_meta") or name == "pagefind-entry.json")


async def _static_files_of(binary: str) -> dict[str, bytes]:
    """The static files (name -> bytes) Pagefind writes beside every bundle, asked of `binary` for a one-page
    index in memory (nothing is written, so nothing can be cut short). The caller has pointed
    PAGEFIND_BINARY_PATH at `binary` (the Python API's own lookup would accept the standard binary)."""
    from pagefind.index import IndexConfig, PagefindIndex

    index = await PagefindIndex(config=IndexConfig(force_language="zh")).__aenter__()
    try:
        await index.add_custom_record(url="/", content="检索自检", language="zh")
        files = await index.get_files()
    finally:
        await index.__aexit__(RuntimeError, None, None)  # an exception type: the service stops, writing nothing
    return {f["path"]: f["content"] for f in files if _is_static(f["path"])}


_REFERENCES: dict[tuple[str, int, float], dict[str, bytes]] = {}


async def static_reference(binary: str) -> dict[str, bytes]:
    """What `binary` writes as its static files, asked once per binary file (a preview rebuilds many times)."""
    stat = os.stat(binary)
    key = (binary, stat.st_size, stat.st_mtime)
    if key not in _REFERENCES:
        _REFERENCES[key] = await _static_files_of(binary)
    return _REFERENCES[key]


def _gzip_problem(path: str) -> str | None:
    """Why a gzip data file is not complete, or None."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return "缺少此文件"
    if not raw:
        return "文件为空"
    try:
        data = gzip.decompress(raw)
    except (EOFError, OSError, zlib.error):
        return "压缩数据不完整"
    return None if data.startswith(SIGNATURE) else "不是 Pagefind 数据文件"


def bundle_problems(bundle_dir: str, reference: dict[str, bytes] | None = None) -> list[str]:
    """Chinese descriptions of every incomplete or missing file of one bundle ([] when it is complete).
    `reference`: the static files it must hold (`static_reference`); None skips that comparison."""
    problems: list[str] = []

    def bad(name: str, why: str) -> None:
        problems.append(f"{name}：{why}")

    try:
        with open(os.path.join(bundle_dir, "pagefind-entry.json"), encoding="utf-8") as fh:
            entry = json.load(fh)
        languages = entry["languages"]
    except FileNotFoundError:
        return ["pagefind-entry.json：缺少此文件"]
    except (ValueError, KeyError, TypeError):
        return ["pagefind-entry.json：内容不完整"]
    for language in languages.values():
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        why = _gzip_problem(os.path.join(bundle_dir, meta_name))
        if why:
            bad(meta_name, why)
            continue
        try:
            _version, pages, chunks, filters, *_ = read_pagefind_cbor(os.path.join(bundle_dir, meta_name))
        except (ValueError, IndexError, TypeError):
            bad(meta_name, "内容无法读取")
            continue
        wanted = [f"fragment/{page[0]}.pf_fragment" for page in pages]
        wanted += [f"index/{chunk[2]}.pf_index" for chunk in chunks]
        wanted += [f"filter/{f[1]}.pf_filter" for f in filters]
        for name in wanted:
            why = _gzip_problem(os.path.join(bundle_dir, *name.split("/")))
            if why:
                bad(name, why)
    for name, content in sorted((reference or {}).items()):
        try:
            with open(os.path.join(bundle_dir, *name.split("/")), "rb") as fh:
                written = fh.read()
        except FileNotFoundError:
            bad(name, "缺少此文件")
            continue
        if written != content:
            bad(name, f"与 Pagefind 应写出的内容不同（{len(written)} 字节，应为 {len(content)} 字节）")
    return problems
