"""gongkai build and gongkai serve."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import click

from .common import cli, config_errors, config_option, echo_published, failure_message, require_config, stop_on_sigterm


def _use_terminal_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")


@cli.command()
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False),
    help="输出目录（默认取 mkdocs.yml 的 site_dir；站群网站默认在 <site_dir>-cluster/<单位 id>/）",
)
@click.option("-q", "--quiet", is_flag=True, help="只显示错误")
@click.option("-v", "--verbose", is_flag=True, help="显示调试信息")
@click.option(
    "--kiosk", is_flag=True, help="生成政务公开专区触摸屏自助终端版（默认输出到 <site_dir>-kiosk；docs/kiosk.md）"
)
@click.option(
    "--unit",
    "unit_id",
    metavar="ID",
    help="站群：只生成该市级或县级单位的网站（本单位及其全部下级单位），输出到 <输出目录>/ID/"
    "（catalogs/sites.yml；docs/cluster.md）",
)
@click.option(
    "--all-units",
    is_flag=True,
    help="站群：并行生成每个县级单位的网站和市级门户，各有自己的检索索引（docs/cluster.md）",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="与 --all-units 同用：同时构建的网站数（默认 CPU 核数，不超过网站数）",
)
@click.option(
    "--full",
    is_flag=True,
    help="完整构建：不沿用上次发布的结果，重新生成全部页面和检索索引（默认只重新生成有改动的部分）",
)
def build(config_file, site_dir, quiet, verbose, kiosk, unit_id, all_units, jobs, full):
    """检查全部内容并生成网站（含中文检索索引），检查通过后才原子地切换发布目录。

    Builds into a fresh release directory (<site_dir>.releases/<id>/), checks the result (links, anchors,
    personal information, external hosts) and only then points <site_dir> at it with an atomic symlink swap;
    the last 3 releases are kept. A failed build leaves the published site untouched. Any warning fails the build.

    增量构建 / incremental: by default only the pages, files and search bundles whose inputs changed since the
    published release are rendered again; the rest is carried over from it (.cache/gongkai/ holds the build
    manifest). A change to templates, mkdocs.yml, catalogs/ or gongkai itself rebuilds everything. --full
    ignores the manifest. Checks always run over the whole project.

    站群 / site cluster (catalogs/sites.yml): --unit ID builds the site of one city or county-level unit (the
    unit and every unit below it) into <dir>/ID/, links to other units going to their own sites' base URLs;
    --all-units builds every county-level site and the city portal in parallel processes (--jobs), each
    published atomically on its own. Without -d, <dir> is <site_dir>-cluster.
    """
    from ..core.base.progress import TerminalProgress
    from ..core.pipeline import BuildFailed, pin_build_time
    from ..engine.build import publish
    from ..engine.logs import log_error, setup_logging

    project_root = require_config(config_file)
    pin_build_time(project_root)
    if jobs is not None and not all_units:
        raise click.UsageError("--jobs 只与 --all-units 一起使用")
    if unit_id and all_units:
        raise click.UsageError("--unit 与 --all-units 只能选一个")
    if kiosk and (unit_id or all_units):
        raise click.UsageError("--kiosk 不能与 --unit、--all-units 同时使用：自助终端版按整个网站生成")
    stop_on_sigterm()
    if unit_id or all_units:
        from .cluster import build_cluster

        build_cluster(config_file, site_dir, [unit_id] if unit_id else None, jobs, quiet, verbose, full)
        return
    counter = setup_logging(verbose, quiet)
    try:
        with config_errors():
            target, release = publish(
                config_file,
                site_dir,
                counter,
                kiosk=kiosk,
                progress=TerminalProgress() if _use_terminal_progress(quiet) else None,
                full=full,
            )
    except BuildFailed as exc:
        if not exc.shown:
            log_error(str(exc))
        raise click.ClickException(failure_message(exc)) from None
    if not quiet:
        echo_published(target, release)


@cli.command()
@config_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="预览地址（主机:端口；端口 0 表示任选空闲端口）",
)
def serve(config_file, dev_addr):
    """本地预览：修改 content/ 或 catalogs/ 后自动重新生成并刷新浏览器。

    Prints the preview's address, builds the site (without the release gate and the 办事一本通 PDFs) and rebuilds
    whenever a file under content/, catalogs/, the theme's custom_dir or mkdocs.yml is saved; open pages reload by
    themselves. A failed build shows its problems (file, line, fix) in the browser instead of the page, until the
    next save fixes them. Ctrl+C stops it.
    """
    from ..core.base.processes import end_children
    from ..core.pipeline import BuildFailed
    from ..engine.logs import setup_logging
    from ..engine.serve import serve as serve_site

    require_config(config_file)
    counter = setup_logging(False, False)
    stop_on_sigterm()
    # Ctrl+C stops the preview even when it was started with SIGINT ignored (a background job of a script, CI)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with config_errors():
            serve_site(config_file, dev_addr, counter, lambda line: click.echo(line, err=True))
    except BuildFailed as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        end_children(multiprocessing.active_children())  # none by now, unless Ctrl+C cut a build's clean-up short
        click.echo("已停止预览。", err=True)
