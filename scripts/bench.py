#!/usr/bin/env python3
"""Build-time benchmark: gongkai against plain MkDocs + Material + Pagefind on synthetic corpora.

    .venv/bin/python scripts/bench.py [--sizes 1000,5000,20000] [--runs 1] [--out docs/performance.md]
    .venv/bin/python scripts/bench.py --incremental --sizes 5000,20000 [--out docs/performance.md]

For each size N it writes the corpus with scripts/gen_corpus.py (into --work, default
bench-out/, which is git-ignored) and times, as whole processes with start-up included:

  gongkai        `gongkai build` (validation, list pages, item pages, its own Pagefind run)
  gongkai-nosrch the same with `search_enabled: false` (a generated mkdocs-nosearch.yml);
                 gongkai's Pagefind time is reported as gongkai - gongkai-nosrch
  bare-mkdocs    `mkdocs build` of the bare variant (Material, no plugins, same nav shape)
  bare-pagefind  `pagefind_extended --site <bare site> --root-selector article`
  check          `gongkai check`, only if `gongkai check --help` works

--incremental measures incremental builds instead, side by side in one run, with the year-split search index
(`search_split: year`, a generated mkdocs-year.yml): `gongkai check` with no cache, `gongkai build --full`
(full build, which also records the build manifest), then a body edit of one item, `gongkai check` again and
`gongkai build` (the one-edit rebuild), and the rebuild's ratio to the full build; the load average is recorded
before each (the machine may be shared), and the peak memory of the whole process tree (build, worker, Pagefind
services) is sampled from /proc. Its table goes between the bench:incremental markers of --out.

By default the code under test is a snapshot of a git commit (--ref, default HEAD): its
plugins/, catalogs/, mkdocs.yml and theme overrides are extracted with `git archive` into
the work directory and put first on PYTHONPATH, so edits in the working tree during a long
run cannot change what is measured. --worktree measures the working tree instead.

Peak RSS is the largest single process (GNU time's "Maximum resident set size", which
covers waited-for children such as the Pagefind binary; without /usr/bin/time,
getrusage(RUSAGE_CHILDREN) of a fresh child process). With --runs > 1 the wall time is
the median. Nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import gen_corpus  # noqa: E402

GNU_TIME = "/usr/bin/time"
BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
INCR_BEGIN, INCR_END = "<!-- bench:incremental:begin -->", "<!-- bench:incremental:end -->"


def venv_bin(name: str) -> str:
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.isfile(candidate):
        return candidate
    found = shutil.which(name)
    if not found:
        sys.exit(f"bench: cannot find {name} next to {sys.executable} or on PATH")
    return found


def pagefind_binary() -> str:
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return os.environ["PAGEFIND_BINARY_PATH"]
    from pagefind_bin_extended import get_executable  # the extended binary: it segments Chinese

    return str(get_executable())


_RUSAGE_CHILD = r"""
import resource, subprocess, sys, time, json
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kb": ru.ru_maxrss}), file=sys.stderr)
"""


def snapshot(ref: str, root: str) -> tuple[str, str]:
    """Extract plugins/, catalogs/, mkdocs.yml and overrides/ of `ref` into root/src-<sha>; return (dir, sha)."""
    sha = subprocess.run(
        ["git", "-C", REPO, "rev-parse", "--verify", f"{ref}^{{commit}}"], capture_output=True, text=True, check=True
    ).stdout.strip()
    dest = os.path.join(root, f"src-{sha[:12]}")
    if not os.path.isdir(dest):
        names = subprocess.run(
            ["git", "-C", REPO, "ls-tree", "--name-only", sha], capture_output=True, text=True, check=True
        ).stdout.split()
        paths = [p for p in ("plugins", "catalogs", "mkdocs.yml", "overrides") if p in names]
        os.makedirs(root, exist_ok=True)
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        archive = subprocess.run(
            ["git", "-C", REPO, "archive", "--format=tar", sha] + paths, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        os.rename(tmp, dest)
    return dest, sha


CODE_DIR = None  # set by main(): the snapshot whose plugins/ is put first on PYTHONPATH


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory (KiB) of root_pid and all its descendants, read from /proc (0 where /proc is missing)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{name}/statm", encoding="ascii") as fh:
                pages = int(fh.read().split()[1])
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
        pid = int(name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


class TreeMemory:
    """Samples the resident memory of a process tree every half second; `peak_kb` is the largest sum seen.

    GNU time reports only the largest single process; a gongkai build runs a worker and Pagefind services
    beside it, and what the machine must hold is their sum."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def run(cmd: list[str], cwd: str, label: str) -> dict:
    """Run cmd as a whole process; return wall s, cpu s, peak RSS of the largest process and of the whole
    process tree (MiB); raise if it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", CI="true")
    if CODE_DIR:
        env["PYTHONPATH"] = os.pathsep.join(
            [os.path.join(CODE_DIR, "plugins")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
        )
    if os.path.isfile(GNU_TIME):
        full = [GNU_TIME, "-v"] + cmd
    else:
        full = [sys.executable, "-c", _RUSAGE_CHILD] + cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    tree_kb = memory.stop()
    if proc.returncode != 0:
        sys.stderr.write(out[-3000:] + err[-6000:])
        raise SystemExit(f"bench: {label} failed (exit {proc.returncode}): {' '.join(cmd)}")
    if os.path.isfile(GNU_TIME):
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
        user = float(re.search(r"User time \(seconds\): ([\d.]+)", err).group(1))
        sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", err).group(1))
        cpu = user + sys_
    else:
        data = json.loads(err.strip().splitlines()[-1])
        rss_kb, cpu = data["rss_kb"], data["cpu"]
    return {"wall": wall, "cpu": cpu, "rss": rss_kb / 1024, "tree_rss": tree_kb / 1024}


def tree_bytes(path: str, exclude: str | None = None) -> tuple[int, int]:
    total = files = 0
    for root, dirs, names in os.walk(path):
        if exclude and os.path.abspath(root) == os.path.abspath(path):
            dirs[:] = [d for d in dirs if d != exclude]
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def pagefind_stats(site: str) -> dict:
    bundle = os.path.join(site, "pagefind")
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as fh:
        entry = json.load(fh)
    pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    size, files = tree_bytes(bundle)
    return {"pf_pages": pages, "pf_bytes": size, "pf_files": files}


def nosearch_config(work: str) -> str:
    """mkdocs-nosearch.yml: the corpus's mkdocs.yml with the plugin's search_enabled set to false."""
    with open(os.path.join(work, "mkdocs.yml"), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if re.match(r"^\s*-\s+gongkai:\s*$", line):
            indent = re.match(r"^(\s*)", lines[i + 1]).group(1)
            out.append(f"{indent}search_enabled: false")
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent)):
                if not re.match(r"^\s*search_enabled\s*:", lines[i]):
                    out.append(lines[i])
                i += 1
            continue
        i += 1
    if not any(re.match(r"^\s*search_enabled: false$", line) for line in out):
        sys.exit("bench: could not find the `- gongkai:` plugin entry in mkdocs.yml")
    path = os.path.join(work, "mkdocs-nosearch.yml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
    return path


def year_config(work: str) -> str:
    """mkdocs-year.yml: the corpus's mkdocs.yml with one Pagefind bundle per year (`search_split: year`)."""
    with open(os.path.join(work, "mkdocs.yml"), encoding="utf-8") as fh:
        text = fh.read()
    text, found = re.subn(
        r"^(\s*)catalogs_dir: (.*)$", r"\1catalogs_dir: \2\n\1search_split: year", text, count=1, flags=re.M
    )
    if not found:
        sys.exit("bench: could not find the gongkai plugin's catalogs_dir option in mkdocs.yml")
    path = os.path.join(work, "mkdocs-year.yml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def edit_one_item(work: str) -> str:
    """A body edit of one item (the first in path order): a sentence added before its first heading."""
    items = sorted(
        os.path.join(root, name)
        for root, _dirs, names in os.walk(os.path.join(work, "content"))
        for name in names
        if name.endswith(".md") and name != "index.md"
    )
    with open(items[0], encoding="utf-8") as fh:
        text = fh.read()
    text = text.replace("\n## ", "\n本段为性能测试新增的一句话。\n\n## ", 1)
    with open(items[0], "w", encoding="utf-8") as fh:
        fh.write(text)
    return os.path.relpath(items[0], work)


def measure_incremental(n: int, seed: int, root: str, keep: bool, code: str) -> dict:
    """Full build, then a one-item body edit and an incremental build, on the year-split index."""
    work = os.path.join(root, str(n))
    t = time.perf_counter()
    stats = gen_corpus.generate(n, seed, work, bare=False, repo=CODE_DIR or REPO)
    print(f"[{n}] corpus: {stats['md_bytes'] / 1e6:.1f} MB Markdown ({time.perf_counter() - t:.1f} s)", file=sys.stderr)
    config = os.path.basename(year_config(work))
    gongkai = venv_bin("gongkai")
    site = os.path.join(work, "site-incr")
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(site + ".releases", ignore_errors=True)
    shutil.rmtree(os.path.join(work, ".cache"), ignore_errors=True)
    result = {"n": n, "md_bytes": stats["md_bytes"], "date": dt.date.today().isoformat(), "code": code}
    result["env"] = environment()
    build = [gongkai, "build", "-q", "-f", config, "-d", site]
    check = [gongkai, "check", "-f", config]
    steps = [  # check first with no cache (.cache/ was removed above), as on a fresh clone
        ("check", check),
        ("full", build + ["--full"]),
        ("edit", None),
        ("check_edit", check),
        ("rebuild", build),
    ]
    for name, cmd in steps:
        if cmd is None:
            result["edited"] = edit_one_item(work)
            continue
        load = os.getloadavg()
        res = run(cmd, work, f"{name} @ {n}")
        res["load"] = load
        result[name] = res
        print(
            f"[{n}] {name}: {res['wall']:.1f} s wall, {res['cpu']:.1f} s cpu, {res['rss']:.0f} MiB largest process, "
            f"{res['tree_rss']:.0f} MiB process tree, "
            f"load average before {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
            file=sys.stderr,
        )
    cache = os.path.join(work, ".cache", "gongkai", "builds")
    for folder in os.listdir(cache):
        with open(os.path.join(cache, folder, "last-build.json"), encoding="utf-8") as fh:
            last = json.load(fh)
        result["rendered"] = len(last["rendered"])
        result["carried"] = last["carried"]
        result["bundles"] = (
            f"{len(last['indexed_bundles'])} / {len(last['indexed_bundles']) + len(last['carried_bundles'])}"
        )
    if not keep:
        shutil.rmtree(site + ".releases", ignore_errors=True)
    return result


def report_incremental(results: list[dict]) -> str:
    out = [
        "| N | full build (`--full`) wall s / cpu s | one-edit rebuild wall s / cpu s | ratio (wall) | pages rendered "
        "/ carried | search bundles re-indexed / all | `gongkai check` wall s: no cache / after the edit | "
        "peak memory, full build: largest process / process tree | load average before (full; rebuild) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        f, e = r["full"], r["rebuild"]
        out.append(
            f"| {k(r['n'])} | {f['wall']:.1f} / {f['cpu']:.1f} | {e['wall']:.1f} / {e['cpu']:.1f} | "
            f"{e['wall'] / f['wall']:.3f} | {r['rendered']} / {r['carried']} | {r['bundles']} | "
            f"{r['check']['wall']:.1f} / {r['check_edit']['wall']:.1f} | "
            f"{fmt_rss(f['rss'])} / {fmt_rss(f['tree_rss'])} | "
            f"{' / '.join(f'{x:.1f}' for x in f['load'])}; {' / '.join(f'{x:.1f}' for x in e['load'])} |"
        )
    out.append("")
    out.append(
        f"Measured {', '.join(sorted({r['date'] for r in results}))}, gongkai "
        f"{', '.join(sorted({r['code'] for r in results}))}, on {results[-1]['env']}; edited: "
        f"{results[-1]['edited']}; process-tree memory sampled from /proc every 0.5 s."
    )
    return "\n".join(out)


def has_check(gongkai: str) -> bool:
    env = dict(os.environ)
    if CODE_DIR:
        env["PYTHONPATH"] = os.path.join(CODE_DIR, "plugins")
    return subprocess.run([gongkai, "check", "--help"], capture_output=True, env=env).returncode == 0


def measure(n: int, seed: int, runs: int, root: str, keep: bool, code: str) -> dict:
    work = os.path.join(root, str(n))
    t = time.perf_counter()
    stats = gen_corpus.generate(n, seed, work, bare=True, repo=CODE_DIR or REPO)
    print(
        f"[{n}] corpus: {stats['md_bytes'] / 1e6:.1f} MB Markdown, mean {stats['mean_cjk_chars']:.0f} CJK chars "
        f"({time.perf_counter() - t:.1f} s)",
        file=sys.stderr,
    )
    nosearch_config(work)
    gongkai, mkdocs, pf = venv_bin("gongkai"), venv_bin("mkdocs"), pagefind_binary()
    check = has_check(gongkai)
    sites = {k: os.path.join(work, f"site-{k}") for k in ("gk", "gk-nosearch", "bare")}
    variants = [
        ("gongkai", [gongkai, "build", "-q", "--full", "-f", "mkdocs.yml", "-d", sites["gk"]], "gk"),
        (
            "gongkai-nosrch",
            [gongkai, "build", "-q", "--full", "-f", "mkdocs-nosearch.yml", "-d", sites["gk-nosearch"]],
            "gk-nosearch",
        ),
        ("bare-mkdocs", [mkdocs, "build", "-q", "-f", os.path.join("bare", "mkdocs.yml"), "-d", sites["bare"]], "bare"),
        ("bare-pagefind", [pf, "--site", sites["bare"], "--root-selector", "article"], None),
    ]
    if check:
        variants.append(("check", [gongkai, "check", "-f", "mkdocs.yml"], None))
    samples: dict[str, list[dict]] = {name: [] for name, _, _ in variants}
    for r in range(runs):
        for name, cmd, site in variants:
            if site:
                shutil.rmtree(sites[site], ignore_errors=True)
            if name == "bare-pagefind":
                shutil.rmtree(os.path.join(sites["bare"], "pagefind"), ignore_errors=True)
            res = run(cmd, work, f"{name} @ {n}")
            samples[name].append(res)
            print(
                f"[{n}] run {r + 1}/{runs} {name}: {res['wall']:.1f} s wall, {res['cpu']:.1f} s cpu, "
                f"{res['rss']:.0f} MiB peak",
                file=sys.stderr,
            )
    result = {
        "n": n,
        "md_bytes": stats["md_bytes"],
        "mean_cjk_chars": stats["mean_cjk_chars"],
        "runs": runs,
        "date": dt.date.today().isoformat(),
        "env": environment(),
        "code": code,
    }
    for name, rs in samples.items():
        result[name] = {
            "wall": statistics.median(x["wall"] for x in rs),
            "cpu": statistics.median(x["cpu"] for x in rs),
            "rss": max(x["rss"] for x in rs),
            "walls": [x["wall"] for x in rs],
        }
    gk_site_bytes, gk_files = tree_bytes(sites["gk"], exclude="pagefind")
    bare_site_bytes, bare_files = tree_bytes(sites["bare"], exclude="pagefind")
    result["gongkai"].update(out_bytes=gk_site_bytes, html=_count_html(sites["gk"]), **pagefind_stats(sites["gk"]))
    result["bare"] = {"out_bytes": bare_site_bytes, "html": _count_html(sites["bare"]), **pagefind_stats(sites["bare"])}
    if not keep:
        for s in sites.values():
            shutil.rmtree(s, ignore_errors=True)
    return result


def _count_html(site: str) -> int:
    return sum(
        1
        for root, dirs, names in os.walk(site)
        if "pagefind" not in root.split(os.sep)
        for name in names
        if name.endswith(".html")
    )


def mib(b: float) -> str:
    return f"{b / 1048576:.1f} MiB"


def fmt_rss(m: float) -> str:
    return f"{m / 1024:.2f} GiB" if m >= 1024 else f"{m:.0f} MiB"


def k(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def report(results: list[dict], runs: int) -> str:
    out = []
    out.append("| N | variant | wall s | cpu s | ms/item (wall) | peak RSS | output (excl. index) |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        n = r["n"]
        gk, ns, bm, bp = r["gongkai"], r["gongkai-nosrch"], r["bare-mkdocs"], r["bare-pagefind"]
        bare_total = bm["wall"] + bp["wall"]
        rows = [
            ("gongkai build (incl. Pagefind)", gk["wall"], gk["cpu"], gk["rss"], mib(gk["out_bytes"])),
            ("gongkai build, search off", ns["wall"], ns["cpu"], ns["rss"], ""),
            ("gongkai Pagefind (difference)", gk["wall"] - ns["wall"], gk["cpu"] - ns["cpu"], None, ""),
            ("bare mkdocs build", bm["wall"], bm["cpu"], bm["rss"], mib(r["bare"]["out_bytes"])),
            ("bare Pagefind CLI", bp["wall"], bp["cpu"], bp["rss"], ""),
            ("bare total (mkdocs + Pagefind)", bare_total, bm["cpu"] + bp["cpu"], max(bm["rss"], bp["rss"]), ""),
        ]
        if isinstance(r.get("check"), dict):
            cr = r["check"]
            rows.append(("gongkai check", cr["wall"], cr["cpu"], cr["rss"], ""))
        for name, wall, cpu, rss, size in rows:
            out.append(
                f"| {k(n)} | {name} | {wall:.1f} | {cpu:.1f} | {wall / n * 1000:.1f} | "
                f"{fmt_rss(rss) if rss is not None else ''} | {size} |"
            )
    out.append("")
    out.append(
        "| N | HTML pages (gongkai / bare) | Pagefind pages (gongkai / bare) | Pagefind bundle (gongkai / bare) "
        "| bundle files (gongkai / bare) |"
    )
    out.append("|---|---:|---:|---:|---:|")
    for r in results:
        gk, b = r["gongkai"], r["bare"]
        out.append(
            f"| {k(r['n'])} | {gk['html']} / {b['html']} | {gk['pf_pages']} / {b['pf_pages']} | "
            f"{mib(gk['pf_bytes'])} / {mib(b['pf_bytes'])} | {gk['pf_files']} / {b['pf_files']} |"
        )
    out.append("")
    out.append(
        "| N | gongkai ÷ bare, total (target ≤ 1.3 at 20k): wall / cpu "
        "| MkDocs part only (search off ÷ bare mkdocs): wall / cpu "
        "| gongkai ms/item ÷ ms/item at smallest N (target ≤ 1.2 at 20k): wall / cpu |"
    )
    out.append("|---|---:|---:|---:|")
    base = results[0]
    base_wall, base_cpu = base["gongkai"]["wall"] / base["n"], base["gongkai"]["cpu"] / base["n"]
    for r in results:
        gk, ns, bm, bp = r["gongkai"], r["gongkai-nosrch"], r["bare-mkdocs"], r["bare-pagefind"]
        out.append(
            f"| {k(r['n'])} | {gk['wall'] / (bm['wall'] + bp['wall']):.2f} / "
            f"{gk['cpu'] / (bm['cpu'] + bp['cpu']):.2f} | "
            f"{ns['wall'] / bm['wall']:.2f} / {ns['cpu'] / bm['cpu']:.2f} | "
            f"{(gk['wall'] / r['n']) / base_wall:.2f} / {(gk['cpu'] / r['n']) / base_cpu:.2f} (vs {k(base['n'])}) |"
        )
    out.append("")
    out.append(
        "Runs per variant: "
        + ", ".join(f"{r.get('runs', runs)} at {k(r['n'])}" for r in results)
        + " (median wall, max RSS). Measured "
        f"{', '.join(sorted({r.get('date', '?') for r in results}))}, gongkai "
        f"{', '.join(sorted({r.get('code', '?') for r in results}))}, on {results[-1].get('env') or environment()}."
    )
    return "\n".join(out)


def environment() -> str:
    def version(pkg: str) -> str:
        try:
            from importlib.metadata import version as v

            return v(pkg)
        except Exception:
            return "?"

    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f", {kb / 1048576:.0f} GiB RAM"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs{mem}, Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
        f"mkdocs-material {version('mkdocs-material')}, Markdown {version('Markdown')}, "
        f"Jinja2 {version('Jinja2')}, pagefind {version('pagefind')} (extended binary)"
    )


def write_results(path: str, text: str, begin: str = BEGIN, end: str = END) -> None:
    block = f"{begin}\n{text}\n{end}"
    doc = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Performance\n\n## Results\n\n"
    if begin in doc and end in doc:
        doc = doc[: doc.index(begin)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(doc)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000", help="comma-separated corpus sizes")
    ap.add_argument("--runs", type=int, default=1, help="runs per variant (median wall time is reported)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--work", default=os.path.join(REPO, "bench-out"), help="working directory (git-ignored bench-out/)"
    )
    ap.add_argument("--out", help="Markdown file whose results block (between bench:results markers) is replaced")
    ap.add_argument("--json", help="also write the raw numbers as JSON to this file")
    ap.add_argument(
        "--from-json",
        help="skip measuring: format results previously saved with --json (several allowed, comma-separated)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the built sites")
    ap.add_argument("--ref", default="HEAD", help="git commit whose plugins/ and catalogs/ are measured (default HEAD)")
    ap.add_argument("--worktree", action="store_true", help="measure the working tree as it is instead of --ref")
    ap.add_argument(
        "--incremental",
        action="store_true",
        help="measure full build and one-edit incremental rebuild side by side (year-split index)",
    )
    args = ap.parse_args(argv)
    # absolute: the builds run in the corpus directory, and a relative snapshot path on PYTHONPATH would not be found
    # there, so Python would import the working tree's gongkai (the editable install) instead of the snapshot
    args.work = os.path.abspath(args.work)
    global CODE_DIR
    if args.from_json:  # nothing is measured: no snapshot
        code = ""
    elif args.worktree:
        code = "working tree"
    else:
        CODE_DIR, sha = snapshot(args.ref, args.work)
        code = f"commit {sha[:10]}"
        print(f"bench: measuring {code} (snapshot in {CODE_DIR})", file=sys.stderr)
    if args.from_json:
        results = []
        for p in args.from_json.split(","):
            with open(p, encoding="utf-8") as fh:
                results += json.load(fh)
        results.sort(key=lambda r: r["n"])
    if args.incremental:
        if not args.from_json:
            results = []
            for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
                results.append(measure_incremental(n, args.seed, args.work, args.keep, code))
                if args.json:
                    with open(args.json, "w", encoding="utf-8") as fh:
                        json.dump(results, fh, indent=1)
        text = report_incremental(results)
        print(text)
        if args.out:
            write_results(args.out, text, INCR_BEGIN, INCR_END)
        return 0
    if not args.from_json:
        results = []
        for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
            r = measure(n, args.seed, args.runs, args.work, args.keep, code)
            results.append(r)
            if args.json:
                with open(args.json, "w", encoding="utf-8") as fh:
                    json.dump(results, fh, indent=1)
    text = report(results, max(r.get("runs", args.runs) for r in results))
    print(text)
    if args.out:
        write_results(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
