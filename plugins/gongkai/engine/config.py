"""mkdocs.yml: the `gongkai` plugin's options, and the one way every command loads the file.

`load_site()` validates mkdocs.yml with MkDocs' own schema (plugins and theme included), optionally as the
kiosk variant or as one site of the 站群, and `settings_of()` turns the result into the engine-neutral
`core.pipeline.Settings` the rest of gongkai reads.
"""

from __future__ import annotations

import datetime
import logging
import os
import re

from markdown.extensions.toc import slugify as markdown_slugify
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from ..core.pipeline import BuildFailed, Settings
from ..core.search.index import SPLITS as SEARCH_SPLITS
from .compat import engine_problems


class SiteConfig(base.Config):
    """Site furniture required on every page (政府网站发展指引); validated again by core.site."""

    name = c.Type(str)
    domain = c.Type(str)
    id_code = c.Type(str)
    host = c.Type(str)
    organizer = c.Optional(c.Type(str))
    phone = c.Type(str)
    email = c.Optional(c.Type(str))
    address = c.Optional(c.Type(str))
    icp = c.Type(str)
    police = c.Type(str)
    badge_url = c.Type(str)
    jiucuo_url = c.Type(str)
    interaction_name = c.Type(str, default="12345政务服务便民热线")
    interaction_url = c.Type(str)
    apply_url = c.Optional(c.Type(str))


class KioskConfig(base.Config):
    """政务公开专区 kiosk profile (docs/kiosk.md): `gongkai build --kiosk` sets enabled, core/site/kiosk.py
    validates the rest."""

    enabled = c.Type(bool, default=False)
    idle_seconds = c.Type(int, default=90)
    countdown_seconds = c.Type(int, default=20)  # >= 20
    hot_topics = c.Optional(c.ListOfItems(c.Type((str, dict))))  # 低保 or {label: 养老补贴, query: 高龄津贴 养老}
    printer = c.Type(bool, default=False)


class _KioskOption(c.SubConfig[KioskConfig]):
    """`kiosk: true` is short for `kiosk: {enabled: true}`."""

    def run_validation(self, value):
        return super().run_validation({"enabled": value} if isinstance(value, bool) else value)


class GongkaiConfig(base.Config):
    enabled = c.Type(bool, default=True)
    catalogs_dir = c.Type(str, default="catalogs")
    index_no_format = c.Type(str, default="{uscc}/{yyyymm}-{seq:05d}")  # 索引号; core/model/index_no.py
    attachment_types = c.ListOfItems(
        c.Type(str), default=["pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "jpeg", "png"]
    )
    attachment_max_mb = c.Type((int, float), default=20)
    site = c.SubConfig(SiteConfig)
    listing_page_size = c.Type(int, default=50)
    search_enabled = c.Type(bool, default=True)
    search_in_serve = c.Type(bool, default=True)
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD: the day 公示期 are judged at (default SOURCE_DATE_EPOCH or today)
    # none: one Pagefind bundle; year / quarter: one bundle per publication year / quarter, newest searched
    # first and older ones merged by the search page as needed (a small first search at 20k+ items; docs/search.md)
    search_split = c.Choice(SEARCH_SPLITS, default="none")
    yibentong_pdf = c.Type(bool, default=True)  # print each 办事一本通 to PDF (WeasyPrint; not under serve)
    # 更新记录 (core/checks/changes.py): a body changed later than this many days after 发布日期 needs a change_note
    change_grace_days = c.Type(int, default=1)
    # YYYY-MM-DD the site went live on gongkai: earlier commits are its set-up, not changes
    changes_since = c.Optional(c.Type((str, datetime.date)))
    kiosk = _KioskOption()  # 政务公开专区 kiosk variant (docs/kiosk.md)
    # 站群: build only the site of this city or county-level unit (catalogs/sites.yml; gongkai build --unit;
    # docs/cluster.md)
    unit = c.Optional(c.Type(str))


_CONFIG_VALUE_RE = re.compile(r"^Config value '([^']+)': ")


class _ConfigProblems(logging.Handler):
    """Collects what MkDocs logs while it validates mkdocs.yml ("Config value 'theme': …"), shown in Chinese
    framing (配置项 theme：…) instead of MkDocs' English lines and its "Aborted with a configuration error!"."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.logger = logging.getLogger("mkdocs.config")

    def emit(self, record):
        self.lines.append(_CONFIG_VALUE_RE.sub(r"配置项 \1：", record.getMessage()))

    def __enter__(self):
        self.propagate = self.logger.propagate
        self.logger.propagate = False
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.propagate = self.propagate


class ConfigError(BuildFailed):
    """mkdocs.yml cannot be used as it is."""


class NoGongkaiPlugin(ConfigError):
    """mkdocs.yml does not list the gongkai plugin: the command was run in the wrong directory or file."""


def load_site(
    config_file: str, site_dir: str | None = None, *, kiosk: bool = False, unit: str | None = None
) -> MkDocsConfig:
    """mkdocs.yml as `gongkai build` builds it (strict). `kiosk`: the 政务公开专区 variant, into
    <site_dir>-kiosk unless `site_dir` is given; `unit`: one site of the 站群. Raises BuildFailed."""
    problems = engine_problems()
    if problems:
        raise ConfigError("\n".join(problems))
    with _ConfigProblems() as found:
        try:
            config = load_config(config_file, site_dir=site_dir, strict=True)
        except ConfigurationError as exc:
            raise ConfigError(f"配置文件 {config_file} 有误：{exc}") from None
        except Abort:  # MkDocs logged each problem of the file, then gave up in English
            lines = "\n".join(f"  {line}" for line in found.lines) or "  （原因见上方）"
            raise ConfigError(
                f"配置文件 {config_file} 有误：\n{lines}\n对照 docs/configuration.md 改正后重新运行"
            ) from None
    plugin = config.plugins.get("gongkai")
    if plugin is None:
        raise NoGongkaiPlugin(f"{config_file} 的 plugins 中没有 gongkai")
    if kiosk:
        plugin.config.kiosk["enabled"] = True
        if site_dir is None:  # the public site is left alone
            config.site_dir = os.path.normpath(config.site_dir) + "-kiosk"
    if unit:
        plugin.config["unit"] = unit
    return config


def settings_of(config: MkDocsConfig, previewing: bool = False) -> Settings:
    """The engine-neutral settings of a loaded mkdocs.yml (core/pipeline.py)."""
    options = config.plugins["gongkai"].config
    return Settings(
        project_root=os.path.dirname(os.path.abspath(config.config_file_path)),
        config_file=config.config_file_path,
        docs_dir=config.docs_dir,
        catalogs_dir=options.catalogs_dir,
        site_dir=os.path.abspath(config.site_dir),
        site_url=config.site_url or "",
        site_name=config.site_name,
        furniture=dict(options.site),
        as_of=options.as_of,
        page_size=options.listing_page_size,
        index_no_format=options.index_no_format,
        attachment_types=tuple(options.attachment_types),
        attachment_max_mb=options.attachment_max_mb,
        search_enabled=options.search_enabled,
        search_in_serve=options.search_in_serve,
        search_split=options.search_split,
        yibentong_pdf=options.yibentong_pdf,
        kiosk=dict(options.kiosk),
        unit=options.unit,
        slugify=site_slugify(config),
        previewing=previewing,
        change_grace_days=options.change_grace_days,
        changes_since=str(options.changes_since) if options.changes_since else None,
    )


def site_slugify(config: MkDocsConfig):
    """The toc slugify the site renders headings with (Python-Markdown's default when none is configured)."""
    return (config.mdx_configs.get("toc") or {}).get("slugify") or markdown_slugify
