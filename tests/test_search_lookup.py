"""文号 / 索引号 exact lookup: the Python normaliser (core/lookup.py, writes the table) and the JS one
(assets/gongkai/search-core.js, reads it on the search page) agree on every case in
tests/search_normalise_cases.yml, including the shard hash."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from gongkai.core.search import lookup
from tests.helpers import REPO

CASES = yaml.safe_load((REPO / "tests" / "search_normalise_cases.yml").read_text(encoding="utf-8"))
CORE_JS = REPO / "plugins/gongkai/templates/assets/gongkai/search-core.js"


@pytest.mark.parametrize("case", CASES["doc_no"], ids=lambda c: c["text"] or "empty")
def test_python_doc_no_key(case):
    assert lookup.doc_no_key(case["text"]) == case["key"]


@pytest.mark.parametrize("case", CASES["index_no"], ids=lambda c: c["text"])
def test_python_index_no_key(case):
    assert lookup.index_no_key(case["text"]) == case["key"]


def run_js(tmp_path, body: str):
    node = shutil.which("node")
    assert node, "Node.js is required for the search tests (apt-get install nodejs); .ci/run installs it"
    core = tmp_path / "search-core.mjs"
    shutil.copy(CORE_JS, core)
    script = tmp_path / "run.mjs"
    script.write_text(f'import * as core from "./search-core.mjs";\n{body}\n', encoding="utf-8")
    result = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_javascript_normaliser_and_hash_agree_with_python(tmp_path):
    texts = [c["text"] for c in CASES["doc_no"] + CASES["index_no"]]
    got = run_js(
        tmp_path,
        f"""
const texts = {json.dumps(texts, ensure_ascii=False)};
console.log(JSON.stringify(texts.map((t) => [core.docNoKey(t), core.indexNoKey(t), core.queryKeys(t),
  core.queryKeys(t).map((k) => core.fnv1a(k))])));""",
    )
    expected = [
        [
            lookup.doc_no_key(t),
            lookup.index_no_key(t),
            lookup.query_keys(t),
            [lookup.fnv1a(k) for k in lookup.query_keys(t)],
        ]
        for t in texts
    ]
    assert got == expected
    by_case = dict(zip(texts, got, strict=True))
    for case in CASES["doc_no"]:
        assert by_case[case["text"]][0] == case["key"], case
    for case in CASES["index_no"]:
        assert by_case[case["text"]][1] == case["key"], case


def test_table_is_sharded_and_written(tmp_path):
    class Unit:
        distinct_name = "徽州区"

    class Item:
        def __init__(self, n, doc_no):
            import datetime as dt

            self.url, self.title, self.publisher = f"county/huizhou/x/2024/i{n}/", f"文件{n}", Unit()
            self.index_no, self.doc_no, self.published = (
                f"1134100424042083XR/202403-{n:05d}",
                doc_no,
                dt.datetime(2024, 3, 8),
            )

    items = [Item(n, f"徽政办〔2024〕{n}号" if n % 2 else None) for n in range(1, 601)]
    table = lookup.build_table(items)
    assert len(table) == 900  # 600 索引号 + 300 文号
    shards = lookup.write_table(str(tmp_path), table)
    assert shards == lookup.shard_count(900) == 4
    meta = json.loads((tmp_path / "search/lookup/meta.json").read_text())
    assert meta == {"version": 1, "shards": 4, "entries": 900}
    key = "d:" + lookup.doc_no_key("徽政办[2024]7号")
    part = json.loads((tmp_path / f"search/lookup/{lookup.fnv1a(key) % 4}.json").read_text(encoding="utf-8"))
    assert part[key] == [["county/huizhou/x/2024/i7/", "文件7", "徽州区", "2024-03-08", "徽政办〔2024〕7号"]]
