"""`gongkai serve` on MkDocs: the live preview rebuilds on every change to content/ or catalogs/.

A preview is never published: it builds without the release gate and without the 办事一本通 PDFs
(core/pipeline.py `Settings.previewing`).
"""

from __future__ import annotations

from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.exceptions import Abort

from ..core.pipeline import BuildFailed


def serve(config_file: str, dev_addr: str) -> None:
    """Serve the site on `dev_addr` until Ctrl+C; raises BuildFailed when the first build fails."""
    try:
        mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True, strict=True)
    except Abort:
        raise BuildFailed("预览构建失败（原因见上方）", shown=True) from None
