"""Small adapter behaviours: live preview watches catalogs/, build progress on a terminal."""

import io

from gongkai.core.base.progress import TerminalProgress
from gongkai.engine.plugin import GongkaiPlugin


class FakeServer:
    def __init__(self):
        self.watched = []

    def watch(self, path):
        self.watched.append(path)


def test_serve_reloads_on_catalog_changes(tmp_path):
    plugin = GongkaiPlugin()
    plugin.load_config({"site": {}})
    plugin.project_root = str(tmp_path)
    server = FakeServer()
    assert plugin.on_serve(server, config=None, builder=None) is server
    assert server.watched == [str(tmp_path / "catalogs")]


def test_terminal_progress_shows_phase_and_count():
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress.phase("渲染页面", 100)
    for _ in range(100):
        progress.advance()
    progress.finish()
    out = stream.getvalue()
    assert "[gongkai] 渲染页面 50/100" in out
    assert out.rstrip().endswith("[gongkai] 渲染页面 100/100")
