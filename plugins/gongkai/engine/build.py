"""Stage 4 of the pipeline on MkDocs: render a planned build into a directory (core/pipeline.py `Engine`).

`MkDocsEngine.render()` runs MkDocs' own `build()` on the loaded mkdocs.yml with the plugin handed the
pipeline's `Build`, so the plugin's hooks skip stages 1–3 (already done) and feed pages back to it.
`publish()` is `gongkai build` of one site: load mkdocs.yml, then `core.pipeline.publish_site`.
"""

from __future__ import annotations

import logging

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from ..core.base.progress import Progress
from ..core.pipeline import Build, BuildFailed, pin_build_time, publish_site
from .config import load_site, settings_of
from .logs import WarningCounter
from .plugin import GongkaiPlugin, log


class MkDocsEngine:
    """The pipeline's engine on MkDocs 1.6 and Material 9 (docs/engine.md)."""

    def __init__(self, config: MkDocsConfig, counter: WarningCounter | None = None):
        self.config = config
        self.settings = settings_of(config)
        self.log = log  # the plugin's logger: inside the mkdocs tree, so strict mode and the counter see it
        self.counter = counter

    @property
    def plugin(self) -> GongkaiPlugin:
        return self.config.plugins["gongkai"]

    def render(self, build: Build, site_dir: str) -> None:
        config = self.config
        config.site_dir = site_dir
        if build.cluster_site:  # one site of the 站群: its own URL and name
            config.site_url, config.site_name = build.site_url, build.site_name
        self.plugin.prepared = build
        # An incremental build runs MkDocs in dirty mode: the plugin marks each page and file stale or not
        # (engine/plugin.py `_choose_outputs`), so the navigation is complete and MkDocs' warning does not apply.
        dirty = build.incremental is not None
        builder_log = logging.getLogger("mkdocs.commands.build")
        builder_log.addFilter(_no_dirty_warning)
        try:
            mkdocs_build(config, dirty=dirty)
        except Abort:
            raise BuildFailed("", shown=True) from None  # MkDocs has shown the reason
        finally:
            builder_log.removeFilter(_no_dirty_warning)
            self.plugin.prepared = None
        if self.counter is not None and self.counter.count:
            raise BuildFailed(f"构建产生了 {self.counter.count} 条警告（见上方）", shown=True)


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def publish(
    config_file: str,
    site_dir: str | None,
    counter: WarningCounter,
    *,
    kiosk: bool = False,
    unit: str | None = None,
    progress: Progress | None = None,
    full: bool = False,
) -> tuple[str, str]:
    """`gongkai build` of one site: (published path, release directory); raises BuildFailed, the published
    site left as it was. Incremental unless `full` (core/publish/incremental.py)."""
    config = load_site(config_file, site_dir, kiosk=kiosk, unit=unit)
    pin_build_time(settings_of(config).project_root)
    return publish_site(MkDocsEngine(config, counter), progress, incremental=not full)
