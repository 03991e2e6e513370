"""Which MkDocs and Material this engine layer is written for, checked before any build (docs/engine.md).

MkDocs 1.6.1 (August 2024) is the last 1.x release; the 2.0 pre-releases on PyPI drop plugins and themes,
so gongkai cannot run on them. Material for MkDocs 9.x is in maintenance mode (its own banner states end of
life on 2027-05-05). A version outside the range below stops the build with the reason and the fix, instead
of failing somewhere inside a hook.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from packaging.specifiers import SpecifierSet
from packaging.version import Version

# package -> (supported versions, what the pin in requirements.txt / pyproject.toml says)
SUPPORTED = {
    "mkdocs": SpecifierSet(">=1.6,<2"),
    "mkdocs-material": SpecifierSet(">=9.8.2,<10"),
}


def engine_problems(installed=None) -> list[str]:
    """Chinese messages for each engine package missing or outside its supported range ([] when all fit).
    `installed`: package -> version, for tests; default: what is installed."""
    problems = []
    for package, supported in SUPPORTED.items():
        try:
            found = (installed or {}).get(package) or version(package)
        except PackageNotFoundError:
            problems.append(f"没有安装 {package}：运行 pip install -r requirements.txt（固定版本）")
            continue
        if Version(found) not in supported:
            problems.append(
                f"已安装的 {package} {found} 不受支持（gongkai 需要 {package}{supported}）："
                f"运行 pip install -r requirements.txt 安装固定版本；原因和迁移计划见 docs/engine.md"
            )
    return problems
