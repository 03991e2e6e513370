"""gongkai kiosk: serve a kiosk build (gongkai build --kiosk) on 127.0.0.1 for the 政务公开专区 terminal."""

from __future__ import annotations

import os

import click

from .common import cli

DEFAULT_SITE_DIR = "site-kiosk"  # where `gongkai build --kiosk` writes by default


@cli.command()
@click.argument(
    "site_dir", metavar="[网站目录]", required=False, default=DEFAULT_SITE_DIR, type=click.Path(file_okay=False)
)
@click.option(
    "-p",
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="端口（只在 127.0.0.1 上提供，0 表示任选空闲端口）",
)
@click.option("-v", "--verbose", is_flag=True, help="逐条显示请求")
def kiosk(site_dir, port, verbose):
    """在本机 127.0.0.1 上提供触摸屏自助终端版网站（先运行 gongkai build --kiosk）。

    Serves SITE_DIR (default site-kiosk/) from 127.0.0.1 only: Pagefind's MIME types, byte ranges, no
    directory listing, no path traversal. Start Chromium in kiosk mode on the printed address
    (scripts/kiosk/gongkai-kiosk.sh does both; docs/kiosk.md).
    """
    from ..core.publish.kiosk_server import make_server, serve_until_interrupted

    if not os.path.isfile(os.path.join(site_dir, "index.html")):
        raise click.UsageError(f"{site_dir} 中没有 index.html：请先运行 gongkai build --kiosk（或给出网站目录）")
    with open(os.path.join(site_dir, "index.html"), encoding="utf-8", errors="replace") as fh:
        if 'name="gk-kiosk"' not in fh.read():
            click.echo(f"警告：{site_dir} 不是自助终端版（gongkai build --kiosk），仍按普通网站提供。", err=True)
    try:
        server = make_server(site_dir, port, quiet=not verbose)
    except OSError as exc:
        raise click.ClickException(
            f"无法在 127.0.0.1:{port} 上提供服务：{exc.strerror or exc}（换一个端口：--port）"
        ) from None
    click.echo(
        f"自助终端网站：http://127.0.0.1:{server.server_address[1]}/ （{os.path.abspath(site_dir)}；Ctrl+C 停止）",
        err=True,
    )
    serve_until_interrupted(server)
