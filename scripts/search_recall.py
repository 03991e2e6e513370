#!/usr/bin/env python3
"""Recall@5 of the search suite (tests/search_queries.yml) for gongkai's search and for Material's built-in
search with jieba, on the same demo content. A benchmark, not a test.

    python scripts/search_recall.py [--keep DIR] [--json OUT]

1. gongkai: builds the demo (`python -m gongkai build`), serves it on 127.0.0.1 and runs every query
   through the search page's own code (tests/js/search_suite.mjs: search-core.js + Pagefind's JS API).
2. Material + jieba: builds the same content with the gongkai plugin's search off and Material's
   `search` plugin on (`lang: zh`; with jieba installed Material segments Chinese at build time), then
   runs Material's own search worker unchanged in Node (scripts/search_recall_material.mjs) on the
   generated search_index.json. Only item pages count: list pages, the home page etc. are dropped from
   Material's ranking before the top 5 are taken (this favours Material).

Scoring per query: every id under `expect` and (if given) one id under `any` must be in the top 5; the
query's recall is the share of those targets found (an `any` list counts as one target). Recall@5 is the
mean over the queries; "passed" counts queries with recall 1.
Needs: Node.js, and jieba in the venv (`pip install jieba`) for the Material side.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from urllib.parse import urlparse

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_suite() -> list[dict]:
    with open(os.path.join(REPO, "tests", "search_queries.yml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)["queries"]


def score(query: dict, top: list[str]) -> float:
    targets = [i in top for i in query.get("expect", [])]
    if query.get("any"):
        targets.append(bool(set(query["any"]) & set(top)))
    return sum(targets) / len(targets)


def serve(site_dir: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=site_dir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def gongkai_top5(work: str, suite: list[dict]) -> dict[str, list[str]]:
    site = os.path.join(work, "site-gongkai")
    subprocess.run([sys.executable, "-m", "gongkai", "build", "-q", "--site-dir", site], cwd=REPO, check=True)
    base, server = serve(site)
    try:
        out = subprocess.run(
            [
                "node",
                os.path.join(REPO, "tests/js/search_suite.mjs"),
                base,
                json.dumps([{"q": q["q"], "limit": 5} for q in suite], ensure_ascii=False),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.shutdown()
    answers = json.loads(out)
    return {
        q: ([h["url"].strip("/") for h in a["exact"]] + [urlparse(r["url"]).path.strip("/") for r in a["results"]])[:5]
        for q, a in answers.items()
    }


def material_top5(work: str, suite: list[dict], items: set[str]) -> dict[str, list[str]]:
    try:
        import jieba  # noqa: F401  (Material segments Chinese only when jieba is importable)
    except ImportError:
        sys.exit("Material's Chinese search needs jieba: pip install jieba")
    import material

    with open(os.path.join(REPO, "mkdocs.yml"), encoding="utf-8") as fh:
        text = fh.read()
    # Same site, gongkai's Pagefind off, Material's lunr search on with Chinese (README of Material: lang zh + jieba).
    # gongkai first: it adds the zh-CN language partial that Material's search plugin reads.
    text = text.replace("plugins:\n  - gongkai:\n", "plugins:\n  - gongkai:\n      search_enabled: false\n", 1)
    assert "search_enabled: false" in text, "mkdocs.yml plugins block not recognised"
    tail = text.split("\nplugins:\n", 1)[1]
    assert not any(line and not line.startswith((" ", "#")) for line in tail.splitlines()), "plugins: must be last"
    text = text.rstrip("\n") + "\n  - search:\n      lang: zh\n"
    config = os.path.join(REPO, ".search-recall-material.yml")
    site = os.path.join(work, "site-material")
    with open(config, "w", encoding="utf-8") as fh:
        fh.write(text)
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site], cwd=REPO, check=True)
    finally:
        os.remove(config)
    assets = os.path.join(os.path.dirname(material.__file__), "templates", "assets")
    out = subprocess.run(
        [
            "node",
            os.path.join(REPO, "scripts/search_recall_material.mjs"),
            site,
            assets,
            json.dumps([q["q"] for q in suite], ensure_ascii=False),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ranked = json.loads(out)
    return {q: [loc.strip("/") for loc in locs if loc.strip("/") in items][:5] for q, locs in ranked.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", help="build into this directory and keep it (default: a temp dir)")
    ap.add_argument("--json", help="also write per-query results here")
    args = ap.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    suite = load_suite()
    items = set()
    for root, _, files in os.walk(os.path.join(REPO, "content")):
        for f in files:
            if f.endswith(".md") and f != "index.md":
                items.add(
                    os.path.relpath(os.path.join(root, f), os.path.join(REPO, "content"))[:-3].replace(os.sep, "/")
                )
    work = args.keep or tempfile.mkdtemp(prefix="gk-recall-")
    engines = {
        "gongkai (Pagefind 1.5.2 + synonyms + lookup)": gongkai_top5(work, suite),
        "Material search + jieba (lunr)": material_top5(work, suite, items),
    }
    report = {}
    for name, tops in engines.items():
        scores = {q["q"]: score(q, tops.get(q["q"], [])) for q in suite}
        report[name] = {
            "recall@5": round(sum(scores.values()) / len(scores), 3),
            "passed": sum(1 for s in scores.values() if s == 1),
            "queries": len(scores),
            "failed": sorted(q for q, s in scores.items() if s < 1),
        }
        print(
            f"{name}: recall@5 {report[name]['recall@5']:.3f}, "
            f"{report[name]['passed']}/{len(scores)} queries fully answered"
        )
        if report[name]["failed"]:
            print("  missed: " + "、".join(report[name]["failed"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"report": report, "top5": engines}, fh, ensure_ascii=False, indent=1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
