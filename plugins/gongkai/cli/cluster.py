"""gongkai build --unit ID / --all-units: the sites of the 站群 (catalogs/sites.yml; docs/cluster.md).

Each site is an ordinary gongkai build with the plugin's `unit` option set, published atomically into
``<dir>/<unit id>/`` (``<dir>.releases`` style: ``<dir>/<unit id>.releases/…``). `--all-units` runs the
builds in worker processes (a fresh interpreter each, no state shared between sites); a site that fails
is reported with its unit id and is not published, the others are, and the command exits non-zero.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed

import click

from .common import Failure, config_errors, echo_published, failure_message, site_settings


def cluster_root(settings, site_dir: str | None) -> str:
    """Where the cluster's sites go: -d DIR, else <site_dir>-cluster (never inside a published single site)."""
    root = os.path.abspath(site_dir) if site_dir else os.path.normpath(settings.site_dir) + "-cluster"
    if os.path.islink(root) or os.path.isfile(os.path.join(root, "index.html")):
        raise click.UsageError(
            f"输出目录 {root} 是一个已发布的网站：站群的各网站放在 <目录>/<单位 id>/ 之下，"
            "用 -d 指定另一个目录（默认 <site_dir>-cluster）"
        )
    return root


def load_cluster_sites(settings, unit_ids: list[str] | None):
    """[(unit id, short name, files)] of the sites to build, from catalogs/sites.yml (checked with every
    registry); `files`: how many content files the site's units have, to start the largest builds first."""
    from ..core.base.problems import ContentError
    from ..core.sources.registry import load_registry

    try:
        registry = load_registry(settings.catalogs_path, settings.project_root)
    except ContentError as exc:
        raise Failure(exc.report()) from None
    cluster = registry.cluster
    if cluster is None:
        raise click.UsageError(
            f"找不到 {settings.catalogs_dir}/sites.yml：站群的各网站网址写在这个文件中（格式见 docs/cluster.md）"
        )
    try:
        sites = list(cluster.sites.values()) if unit_ids is None else [cluster.choose(u) for u in unit_ids]
    except ValueError as exc:
        raise click.UsageError(f"--unit：{exc}") from None

    def files(site) -> int:
        units = [cluster.units[u] for u in cluster.members(site)]
        return sum(len(names) for u in units for _, _, names in os.walk(os.path.join(settings.docs_dir, u.level, u.id)))

    return [(s.unit.id, s.unit.short, files(s)) for s in sites]


def build_cluster(
    config_file: str,
    site_dir: str | None,
    unit_ids: list[str] | None,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
    full: bool = False,
) -> None:
    from ..core.pipeline import BuildFailed
    from ..engine.logs import log_error, setup_logging

    settings = site_settings(config_file)
    root = cluster_root(settings, site_dir)
    sites = load_cluster_sites(settings, unit_ids)
    if unit_ids is not None:  # --unit: one site, in this process (a CI matrix job)
        counter = setup_logging(verbose, quiet)
        try:
            target, release = publish_one(config_file, os.path.join(root, sites[0][0]), sites[0][0], counter, full)
        except BuildFailed as exc:
            if not exc.shown:
                log_error(str(exc))
            raise click.ClickException(failure_message(exc)) from None
        if not quiet:
            echo_published(target, release)
        return
    workers = min(jobs or os.cpu_count() or 1, len(sites))
    if not quiet:
        click.echo(f"站群：生成 {len(sites)} 个网站（{workers} 个并行）到 {root}/", err=True)
    names = {uid: short for uid, short, _ in sites}
    failed: list[str] = []
    started = time.perf_counter()
    from ..core.base.processes import die_with_parent

    context = multiprocessing.get_context("spawn")  # a fresh interpreter per worker: no state shared with this one
    # each site's build dies with this process (core/base/processes.py), and its own helpers with it
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent) as pool:
        # the largest sites first, so that one long build does not start last and run alone
        futures = {
            pool.submit(
                build_one, os.path.abspath(config_file), os.path.join(root, uid), uid, verbose, quiet, full
            ): uid
            for uid, _, _ in sorted(sites, key=lambda s: -s[2])
        }
        for n, future in enumerate(as_completed(futures), 1):
            uid = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # the worker process died (e.g. out of memory)
                result = {"ok": False, "log": "", "error": f"构建进程异常退出：{exc!r}", "seconds": 0.0}
            for line in result["log"].splitlines():
                click.echo(f"[{uid}] {line}", err=True)
            if result["ok"]:
                if not quiet:
                    click.echo(
                        f"[{n}/{len(sites)}] 已发布 {names[uid]}（{uid}）："
                        f"{result['target']}（{result['seconds']:.1f} 秒）",
                        err=True,
                    )
            else:
                failed.append(uid)
                click.echo(f"[{n}/{len(sites)}] 失败 {names[uid]}（{uid}），未发布：{result['error']}", err=True)
    if failed:
        raise click.ClickException(
            f"{len(failed)} 个网站构建失败：{'、'.join(f'{u}（{names[u]}）' for u in failed)}；"
            f"它们未发布（原有版本保持不变），其余 {len(sites) - len(failed)} 个已发布。"
        )
    if not quiet:
        click.echo(f"已发布 {len(sites)} 个网站：{root}/（用时 {time.perf_counter() - started:.1f} 秒）", err=True)


def publish_one(config_file: str, target: str, unit: str, counter, full: bool = False):
    """`gongkai build --unit`: one site of the 站群, published atomically at `target` (incremental unless `full`)."""
    from ..engine.build import publish

    with config_errors():
        return publish(config_file, target, counter, unit=unit, full=full)


def build_one(config_file: str, target: str, unit: str, verbose: bool, quiet: bool, full: bool = False) -> dict:
    """One site in a worker process: its log lines are returned to the parent, never printed here."""
    from ..core.pipeline import BuildFailed
    from ..engine.logs import log_error, setup_logging

    stream = io.StringIO()
    counter = setup_logging(verbose, quiet, stream)
    started = time.perf_counter()
    result = {"ok": False, "target": target, "error": None}
    try:
        result["target"], result["release"] = publish_one(config_file, target, unit, counter, full)
        result["ok"] = True
    except BuildFailed as exc:
        if not exc.shown:
            log_error(str(exc))
        result["error"] = failure_message(exc)
    except click.ClickException as exc:
        result["error"] = exc.format_message()
    except Exception:  # a bug: the traceback goes to the report, the other sites go on
        result["error"] = traceback.format_exc()
    result["log"] = stream.getvalue()
    result["seconds"] = time.perf_counter() - started
    return result
