"""The `gongkai` command: staff-facing wrapper around the MkDocs build and gongkai.core (click).

Commands are thin: they resolve options, set up logging and progress, and call
MkDocs or gongkai.core. Heavy imports stay inside the command bodies. Each
command family lives in its own module and registers itself on `cli`.
"""

from __future__ import annotations

import os

import click

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's end-of-life notice on every build
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

config_option = click.option("-f", "--config-file", default="mkdocs.yml", show_default=True,
                             type=click.Path(dir_okay=False), help="站点配置文件 / the site's mkdocs.yml")


def require_config(config_file: str) -> str:
    """The project root of an existing config file, or a usage error naming the fix."""
    if not os.path.isfile(config_file):
        raise click.UsageError(f"找不到站点配置文件 {config_file}：请在站点目录中运行，或用 -f 指定 mkdocs.yml")
    return os.path.dirname(os.path.abspath(config_file))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def cli():
    """gongkai：基层政务公开网站生成工具 / static site generator for 政务公开 sites."""


from . import build  # noqa: E402,F401  (registers its commands)
from . import check  # noqa: E402,F401  (gongkai check)
from . import new  # noqa: E402,F401  (gongkai new)
from . import catalog  # noqa: E402,F401  (gongkai catalog import/export)
from . import report  # noqa: E402,F401  (gongkai report)
from . import kiosk  # noqa: E402,F401  (gongkai kiosk)


def main():
    cli(prog_name="gongkai")
