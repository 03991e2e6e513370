"""gongkai build and gongkai serve."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import click

from ..core.base.clock import AS_OF_ENV, today
from . import cli, config_option, require_config


class _CountingHandler(logging.Handler):
    """Counts WARNING+ records from the mkdocs logger tree whatever the console verbosity (strict gate)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class _ConsoleHandler(logging.StreamHandler):
    LABELS = {logging.WARNING: "警告", logging.ERROR: "错误", logging.CRITICAL: "错误"}

    def format(self, record):
        label = self.LABELS.get(record.levelno)
        message = record.getMessage()
        return f"{label}：{message}" if label else message


def _setup_logging(verbose: bool, quiet: bool, stream=None) -> _CountingHandler:
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)  # never raised: warnings must reach the counter
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    console = _ConsoleHandler(stream or sys.stderr)
    console.setLevel(logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING))
    counter = _CountingHandler()
    logger.addHandler(console)
    logger.addHandler(counter)
    return counter


def _source_date_epoch(project_root: str) -> None:
    """Reproducible builds: default SOURCE_DATE_EPOCH to the last commit time (reliability.md §3.7) for the
    build times embedded in the output, while the day the content is judged at stays today (core/lifecycle.py)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project_root, capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return
    if out.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = out
        os.environ.setdefault(AS_OF_ENV, today().isoformat())


def _use_terminal_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")


@cli.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False),
              help="输出目录（默认取 mkdocs.yml 的 site_dir；站群网站默认在 <site_dir>-cluster/<单位 id>/）")
@click.option("-q", "--quiet", is_flag=True, help="只显示错误")
@click.option("-v", "--verbose", is_flag=True, help="显示调试信息")
@click.option("--kiosk", is_flag=True, help="生成政务公开专区触摸屏自助终端版（默认输出到 <site_dir>-kiosk；docs/kiosk.md）")
@click.option("--unit", "unit_id", metavar="ID",
              help="站群：只生成该市级或县级单位的网站（本单位及其全部下级单位），输出到 <输出目录>/ID/（catalogs/sites.yml；docs/cluster.md）")
@click.option("--all-units", is_flag=True, help="站群：并行生成每个县级单位的网站和市级门户，各有自己的检索索引（docs/cluster.md）")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="与 --all-units 同用：同时构建的网站数（默认 CPU 核数，不超过网站数）")
def build(config_file, site_dir, quiet, verbose, kiosk, unit_id, all_units, jobs):
    """检查全部内容并生成网站（含中文检索索引），检查通过后才原子地切换发布目录。

    Builds into a fresh release directory (<site_dir>.releases/<id>/), checks the result (links, anchors,
    personal information, external hosts) and only then points <site_dir> at it with an atomic symlink swap;
    the last 3 releases are kept. A failed build leaves the published site untouched. Any warning fails the build.

    站群 / site cluster (catalogs/sites.yml): --unit ID builds the site of one city or county-level unit (the
    unit and every unit below it) into <dir>/ID/, links to other units going to their own sites' base URLs;
    --all-units builds every county-level site and the city portal in parallel processes (--jobs), each
    published atomically on its own. Without -d, <dir> is <site_dir>-cluster.
    """
    project_root = require_config(config_file)
    _source_date_epoch(project_root)
    if jobs is not None and not all_units:
        raise click.UsageError("--jobs 只与 --all-units 一起使用")
    if unit_id and all_units:
        raise click.UsageError("--unit 与 --all-units 只能选一个")
    if kiosk and (unit_id or all_units):
        raise click.UsageError("--kiosk 不能与 --unit、--all-units 同时使用：自助终端版按整个网站生成")
    if unit_id or all_units:
        from .cluster import build_cluster
        build_cluster(config_file, site_dir, [unit_id] if unit_id else None, jobs, quiet, verbose)
        return
    counter = _setup_logging(verbose, quiet)
    target, release = build_site(config_file, site_dir, counter, kiosk=kiosk, quiet=quiet)
    if not quiet:
        echo_published(target, release)


def echo_published(target: str, release: str) -> None:
    """The closing line of a build: the published path and the release directory it points at."""
    click.echo(f"已发布网站：{target}" + (f" → {os.path.relpath(release, os.path.dirname(target))}" if release != target else ""), err=True)


def load_site_config(config_file: str, site_dir: str | None):
    """mkdocs.yml loaded the way `gongkai build` builds it (strict), or a ClickException naming the file."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(config_file, site_dir=site_dir, strict=True)
    except ConfigurationError as exc:
        raise click.ClickException(f"配置文件 {config_file} 有误：{exc}")


def build_site(config_file: str, site_dir: str | None, counter: _CountingHandler, *, kiosk: bool = False,
               unit: str | None = None, quiet: bool = False) -> tuple[str, str]:
    """Build one site and publish it atomically; return (published path, release dir).

    `unit`: one site of the 站群 (the plugin's `unit` option). Raises click.ClickException on failure, with the
    published site left as it was."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort

    from ..core.search import stable as pagefind_stable
    from ..core.base import progress
    from ..core.publish import releases as publish

    config = load_site_config(config_file, site_dir)
    if kiosk:
        from .kiosk import enable_kiosk
        enable_kiosk(config, default_site_dir=site_dir is None)
    if unit:
        plugin = config.plugins.get("gongkai")
        if plugin is None:
            raise click.UsageError("mkdocs.yml 的 plugins 中没有 gongkai，不能生成站群网站")
        plugin.config["unit"] = unit
    target = os.path.abspath(config.site_dir)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    build_id, staging = publish.new_build_dir(target)
    config.site_dir = staging
    if _use_terminal_progress(quiet):
        progress.current = progress.TerminalProgress()
    try:
        mkdocs_build(config)
        if counter.count:
            raise click.ClickException(f"构建产生了 {counter.count} 条警告（见上方），未发布；原有网站保持不变。")
        pagefind_stable.stabilize_all(staging)  # Pagefind writes its filters in random order (reproducible builds)
    except Abort:
        publish.discard(staging)
        raise click.ClickException("构建失败（原因见上方），未发布；原有网站保持不变。")
    except BaseException:
        publish.discard(staging)
        raise
    finally:
        progress.current.finish()
        progress.current = progress.Progress()
    return target, publish.publish(staging, build_id, target)


@cli.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址")
def serve(config_file, dev_addr):
    """本地预览：修改 content/ 或 catalogs/ 后自动重新生成并刷新浏览器。"""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort

    require_config(config_file)
    _setup_logging(False, False)
    try:
        mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True, strict=True)
    except Abort:
        raise click.ClickException("预览构建失败（原因见上方）")
