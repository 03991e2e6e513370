"""Small index chunks (core/search/chunks.py). A built site's bundles are regrouped into chunks of a few KB, and a
search finds exactly what it would find in a bundle that is not cut at all: checked term by term with Pagefind's own
wasm in Node, against Pagefind's own chunks too."""

import bisect
import html
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.core.search.chunks import (
    FAMILY_CAP_BYTES,
    TARGET_BYTES,
    plan_chunks,
    split_index_chunks,
    word_entries,
)
from gongkai.core.search.index import find_extended_binary
from gongkai.core.search.pagefind_files import read_pagefind_cbor, read_pagefind_data
from gongkai.core.search.stable import stabilize
from tests.helpers import item_text, pagefind_search

UNCUT = 10**12  # a target and cap no bundle reaches: one chunk, every word together


def _meta(bundle: Path) -> list:
    (meta,) = bundle.glob("pagefind.*.pf_meta")
    return read_pagefind_cbor(str(meta))


def _entries(bundle: Path) -> dict[str, bytes]:
    out = {}
    for _low, _high, name in _meta(bundle)[2]:
        out.update(word_entries(read_pagefind_data(str(bundle / "index" / f"{name}.pf_index"))))
    return out


def _find(ranges, term):
    """The chunk Pagefind's wasm fetches for a term: the first listed whose from <= term <= to."""
    return next((n for n, (low, high) in enumerate(ranges) if low <= term <= high), None)


def _terms(words: list[str], seed: int = 17) -> list[str]:
    """Query terms from an index's words: every first character, two-character starts, a sample of whole words and
    of two-word queries."""
    pick = random.Random(seed)
    starts = sorted({w[:2] for w in words if len(w) > 2})
    terms = {w[:1] for w in words} | set(pick.sample(starts, min(300, len(starts))))
    pairs = zip(pick.sample(words, 200), pick.sample(words, 200), strict=True)
    terms |= set(pick.sample(words, min(1200, len(words)))) | {f"{a} {b}" for a, b in pairs}
    return sorted(terms)


@pytest.fixture(scope="module")
def pagefind_own_bundle(tmp_path_factory, demo_corpus) -> Path:
    """A bundle as Pagefind 1.5.2's own command writes it (its own chunks of 20 000 word positions), of the demo's
    item texts, one page per item."""
    pages = tmp_path_factory.mktemp("own")
    for item in demo_corpus.items.values():
        page = pages / item.id / "index.html"
        page.parent.mkdir(parents=True)
        text = html.escape(f"{item.title}\n{item.body}")
        page.write_text(f"<html lang='zh'><body data-pagefind-body><p>{text}</p></body></html>", encoding="utf-8")
    subprocess.run(
        [find_extended_binary(), "--site", str(pages), "--force-language", "zh", "--silent"], check=True, timeout=300
    )
    bundle = pages / "pagefind"
    assert len(_meta(bundle)[2]) > 5  # Pagefind cut it: the comparison below crosses its cuts
    return bundle


def _regrouped(source: Path, target: int, cap: int, tmp_path: Path, name: str) -> Path:
    site = tmp_path / name
    shutil.copytree(source, site / "pagefind")
    split_index_chunks(str(site / "pagefind"), target, cap)
    stabilize(str(site / "pagefind"))
    return site


def test_every_term_reads_a_chunk_that_holds_every_word_starting_with_it(pagefind_own_bundle):
    """On the demo's words, with the sizes used and with tiny ones (cuts inside families, whole-family chunks): the
    chunk the wasm's lookup picks for a term holds every word that starts with the term; the other chunks hold
    every word once, in order; a cut between words that start the same way falls only in a family over the cap."""
    entries = _entries(pagefind_own_bundle)
    words = sorted(entries)
    sizes = [len(entries[w]) for w in words]
    terms = sorted({w[:n] for w in words for n in range(1, len(w) + 1)})

    def family(prefix):
        return sum(size for word, size in zip(words, sizes, strict=True) if word.startswith(prefix))

    for target, cap in ((TARGET_BYTES, FAMILY_CAP_BYTES), (600, 3000), (150, 600)):
        plan = plan_chunks(words, sizes, target, cap)
        regular = [c for c in plan if not c.whole_family]
        assert regular[0].start == 0 and regular[-1].end == len(words)
        assert all(a.end == b.start for a, b in zip(regular, regular[1:], strict=False))
        for chunk in regular[1:]:
            before, after = words[chunk.start - 1], words[chunk.start]
            shared = len(os.path.commonprefix([before, after]))
            assert shared == 0 or family(before[:shared]) > cap, (before, after)
        if target < TARGET_BYTES:
            assert any(c.whole_family for c in plan) and len(regular) > 20
        ranges = [(c.low, c.high) for c in plan]
        for term in terms:
            low = bisect.bisect_left(words, term)
            high = low
            while high < len(words) and words[high].startswith(term):
                high += 1
            chosen = _find(ranges, term)
            assert chosen is not None, term
            assert plan[chosen].start <= low and high <= plan[chosen].end, (term, target, plan[chosen])


def test_a_search_finds_the_same_pages_in_small_chunks_as_in_one_uncut_chunk(pagefind_own_bundle, serve, tmp_path):
    """Pagefind's wasm in Node, term by term (every first character, two-character starts, whole words, two-word
    queries): the regrouped bundle (the sizes used; tiny sizes, cut by second characters with whole-family
    chunks) answers exactly as the same words in one uncut chunk. Pagefind's own chunks answer the same for
    terms of two or more characters, except where its shortened chunk ranges lose a word; they never find a
    page the small chunks miss."""
    words = sorted(_entries(pagefind_own_bundle))
    queries = [{"q": t, "ids": True} for t in _terms(words)]
    answers = {}
    for name, target, cap in (("uncut", UNCUT, UNCUT), ("used", TARGET_BYTES, FAMILY_CAP_BYTES), ("tiny", 150, 600)):
        site = _regrouped(pagefind_own_bundle, target, cap, tmp_path, name)
        answers[name] = pagefind_search(serve(site), queries)
    own_site = tmp_path / "own"
    shutil.copytree(pagefind_own_bundle, own_site / "pagefind")
    own = pagefind_search(serve(own_site), queries)

    def ids(rows):
        return [row[0] for row in rows]

    assert len(_meta(tmp_path / "tiny" / "pagefind")[2]) > 3 * len(_meta(pagefind_own_bundle)[2])
    for q in answers["uncut"]:
        expected = ids(answers["uncut"][q])
        assert ids(answers["used"][q]) == expected, q
        assert ids(answers["tiny"][q]) == expected, q
        if len(q) > 1:
            assert set(ids(own[q])) <= set(expected), q
    assert sum(1 for q in own if len(q) > 1 and ids(own[q]) != ids(answers["uncut"][q])) < len(own) // 100
    assert any(ids(answers["uncut"][q]) for q in answers["uncut"] if " " in q)  # two-word queries that find pages


def test_a_built_sites_bundle_is_regrouped_and_a_word_reads_a_few_kb(demo_site):
    """The build regroups every bundle it writes: a chunk closes at the first cut allowed after TARGET_BYTES (so
    no more than one first character's words beyond it), and the chunk that 最低, 招标 or 公告 reads is a few KB."""
    bundle = demo_site / "pagefind"
    meta = _meta(bundle)
    assert len(meta[2]) > 50
    listed = []  # (from, to, gzip bytes), in the meta's order
    for low, high, name in meta[2]:
        path = bundle / "index" / f"{name}.pf_index"
        entries = word_entries(read_pagefind_data(str(path)))
        listed.append((low, high, path.stat().st_size))
        if not (low == high and len(entries) > 1):  # not a whole-family chunk
            assert sum(len(raw) for _, raw in entries) < TARGET_BYTES + FAMILY_CAP_BYTES
    for word in ("最低", "招标", "公告"):
        chosen = _find([(low, high) for low, high, _ in listed], word)
        assert chosen is not None and listed[chosen][2] < 8_000, (word, listed[chosen])


def test_a_bundle_whose_index_cannot_be_regrouped_stops_the_build(make_site, monkeypatch):
    """An index that is not Pagefind 1.5's (another Pagefind installed) is not regrouped by guesswork: the build
    stops with the reason and the fix, and nothing is published."""
    from click.testing import CliRunner

    from gongkai.cli import cli
    from gongkai.core.search import chunks
    from gongkai.core.search import index as search_index

    def another_format(bundle_dir, *args):
        raise chunks.UnexpectedIndex("offset 0: not an array")

    root = make_site({"content/county/huizhou/shehui-jiuzhu/2024/dibao.md": item_text()}, search=True)
    monkeypatch.chdir(root)
    monkeypatch.setattr(search_index, "split_index_chunks", another_format)
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1, result.output
    assert "不是 Pagefind 1.5 的格式（offset 0: not an array），无法拆分索引分块" in result.output
    assert 'pip install "pagefind[extended]==1.5.2"' in result.output
    assert not (root / "site").exists()
