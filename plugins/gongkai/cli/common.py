"""What every gongkai command shares: the click group, the -f option, loading mkdocs.yml, closing lines."""

from __future__ import annotations

import contextlib
import os
import signal

import click

from .zh import ChineseGroup, Failure, install

install()  # click's own messages in Chinese, before any decorator below asks for one
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's end-of-life notice on every build
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

config_option = click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="站点配置文件 / the site's mkdocs.yml",
)


def require_config(config_file: str) -> str:
    """The project root of an existing config file, or a usage error naming the fix."""
    if not os.path.isfile(config_file):
        raise click.UsageError(f"找不到站点配置文件 {config_file}：请在站点目录中运行，或用 -f 指定 mkdocs.yml")
    return os.path.dirname(os.path.abspath(config_file))


def site_settings(config_file: str):
    """The site's settings (core.pipeline.Settings) from mkdocs.yml, loaded the one way every command loads it."""
    from ..engine.config import load_site, settings_of

    require_config(config_file)
    with config_errors():
        return settings_of(load_site(config_file))


__all__ = ["Failure", "cli", "config_option", "site_settings"]


def failure_message(exc) -> str:
    """The closing line of a failed build (core.pipeline.BuildFailed; its reason is shown above it)."""
    reason = str(exc) if exc.shown and str(exc) else "构建失败（原因见上方）"
    return f"{reason}，未发布；原有网站保持不变。"


@contextlib.contextmanager
def config_errors():
    """mkdocs.yml's problems as click errors: no gongkai plugin is a usage error (exit 2), the rest exit 1."""
    from ..engine.config import ConfigError, NoGongkaiPlugin

    try:
        yield
    except NoGongkaiPlugin as exc:
        raise click.UsageError(str(exc)) from None
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def stop_on_sigterm() -> None:
    """SIGTERM (a CI step's timeout, systemctl stop) ends a build like Ctrl+C: the release directory is discarded
    and helper processes are stopped; the published site is left as it was."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def echo_published(target: str, release: str) -> None:
    """The closing line of a build: the published path and the release directory it points at."""
    click.echo(
        f"已发布网站：{target}"
        + (f" → {os.path.relpath(release, os.path.dirname(target))}" if release != target else ""),
        err=True,
    )


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def cli():
    """gongkai：基层政务公开网站生成工具 / static site generator for 政务公开 sites."""
