#!/usr/bin/env python3
"""站群 benchmark: `gongkai build --all-units` against the same sites built one after another.

    .venv/bin/python scripts/bench_cluster.py [--items N] [--jobs J] [--runs R] [--work bench-out/cluster] [--worktree]

Times, as whole processes with start-up included (scripts/bench.py's `run`: wall, and user+system CPU
of the process and every child it waited for, Pagefind included):

  all-units     `gongkai build --all-units` (the city portal and every county-level site, in parallel)
  sequential    `gongkai build --unit ID` for each of the same sites, one after another
  full          `gongkai build`: the one site holding every unit, for reference

on the demo (content/ + catalogs/), or with --items N on a corpus written by scripts/gen_corpus.py
into --work. The code measured is a `git archive` snapshot of --ref (default HEAD), as in
scripts/bench.py, unless --worktree. With --runs R the three are run R times, interleaved, and each is
reported by its fastest run (on a shared machine the others measure the neighbours). Prints a Markdown
table; nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402  (run, snapshot, environment: the same measurement as the build benchmark)
import gen_corpus  # noqa: E402

REPO = bench.REPO


def site_ids(project: str) -> list[str]:
    """The unit ids of catalogs/sites.yml, portal first (read with the code under test)."""
    sys.path.insert(0, os.path.join(bench.CODE_DIR or REPO, "plugins"))
    from gongkai.core.sources.registry import load_registry

    cluster = load_registry(os.path.join(project, "catalogs"), project).cluster
    if cluster is None:
        raise SystemExit(f"bench_cluster: {project}/catalogs/sites.yml is missing")
    return list(cluster.sites)


def measure(project: str, out: str, jobs: int | None, runs: int) -> tuple[list[str], dict]:
    gongkai = [sys.executable, "-m", "gongkai", "build", "-q", "-f", os.path.join(project, "mkdocs.yml")]
    ids = site_ids(project)
    shutil.rmtree(out, ignore_errors=True)
    best: dict[str, dict] = {}
    for _ in range(runs):
        results = {
            "all-units": bench.run(
                gongkai
                + ["--all-units", "-d", os.path.join(out, "parallel")]
                + (["--jobs", str(jobs)] if jobs else []),
                project,
                "all-units",
            )
        }
        total = {"wall": 0.0, "cpu": 0.0, "rss": 0.0}
        for uid in ids:
            one = bench.run(gongkai + ["--unit", uid, "-d", os.path.join(out, "sequential")], project, f"--unit {uid}")
            total = {
                "wall": total["wall"] + one["wall"],
                "cpu": total["cpu"] + one["cpu"],
                "rss": max(total["rss"], one["rss"]),
            }
        results["sequential"] = total
        results["full"] = bench.run(gongkai + ["-d", os.path.join(out, "full", "site")], project, "full build")
        for name, r in results.items():
            if name not in best or r["wall"] < best[name]["wall"]:
                best[name] = r
    return ids, best


def report(label: str, ids: list[str], results: dict, jobs: int) -> str:
    par, seq = results["all-units"], results["sequential"]
    rows = [
        ("`--all-units`" + f" ({jobs} workers)", par),
        (f"`--unit` × {len(ids)}, one after another", seq),
        ("full build (one site, every unit)", results["full"]),
    ]
    lines = [
        f"{label}: {len(ids)} sites ({', '.join(ids)}).",
        "",
        "| run | wall s | cpu s | peak RSS MiB (largest process) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {name} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss']:.0f} |" for name, r in rows]
    lines += [
        "",
        f"Sequential / parallel: wall {seq['wall'] / par['wall']:.2f}×, cpu {seq['cpu'] / par['cpu']:.2f}×. "
        f"Machine: {bench.environment()}.",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, help="a generated corpus of N items instead of the demo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, help="--jobs for --all-units (default: gongkai's, min(CPUs, sites))")
    ap.add_argument("--runs", type=int, default=1, help="repeat, interleaved; report each one's fastest run")
    ap.add_argument("--work", default=os.path.join(REPO, "bench-out", "cluster"), help="work directory (git-ignored)")
    ap.add_argument("--ref", default="HEAD", help="git commit whose plugins/ is measured (default HEAD)")
    ap.add_argument("--worktree", action="store_true", help="measure the working tree as it is instead of --ref")
    args = ap.parse_args(argv)
    os.makedirs(args.work, exist_ok=True)
    label = "demo"
    if not args.worktree:
        bench.CODE_DIR, sha = bench.snapshot(args.ref, args.work)
        label += f" at {sha[:12]}"
    project = REPO
    if args.items:
        project = os.path.join(args.work, f"corpus-{args.items}")
        gen_corpus.main(["--items", str(args.items), "--seed", str(args.seed), "--out", project])
        label = f"generated corpus of {args.items} items" + label.removeprefix("demo")
    ids, results = measure(project, os.path.join(args.work, "out"), args.jobs, args.runs)
    jobs = args.jobs or min(os.cpu_count() or 1, len(ids))
    if args.runs > 1:
        label += f", fastest of {args.runs} interleaved runs"
    print(report(label, ids, results, jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
