"""The layering of plugins/gongkai (ARCHITECTURE.md), checked on the source: every import, function-local and
TYPE_CHECKING ones included, is read with `ast`.

* no import cycle between gongkai's modules (imports under `if TYPE_CHECKING:` are for annotations only and never
  run, so they take part in the layering checks but not in the cycle check);
* MkDocs and Material are imported only under gongkai/engine/;
* core's layers import downwards only (base < model < sources < checks | compliance | search < site < publish <
  pipeline), siblings of one rank do not import each other, and core never imports engine or cli;
* engine never imports cli;
* no module imports another module's private (underscore) name.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "gongkai"

# core's layers, lowest first; packages on one rank are siblings and do not import each other
CORE_RANKS = {
    "base": 0,
    "model": 1,
    "sources": 2,
    "checks": 3,
    "compliance": 3,
    "search": 3,
    "site": 4,
    "publish": 5,
    "pipeline": 6,
}
ENGINE_PACKAGES = ("mkdocs", "material")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside `if TYPE_CHECKING:` blocks."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            found |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return found


def _imports(name: str, path: Path, runtime_only: bool = False) -> list[tuple[str, int, list[str]]]:
    """(absolute module imported, line, names imported from it) for every import statement in the file."""
    found = []
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            found.append((target, node.lineno, names))
            # `from package import module` imports the module too
            found += [(f"{target}.{n}", node.lineno, []) for n in names if f"{target}.{n}" in MODULES]
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        graph[name] = {t for t, _, _ in _imports(name, path, runtime_only=True) if t in MODULES and t != name}
    return graph


def _layer(module: str) -> tuple[str, str | None]:
    """('core', package) / ('engine', None) / ('cli', None) / ('root', None)."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("engine", "cli"):
        return parts[1], None
    if len(parts) >= 3 and parts[1] == "core":
        return "core", parts[2]
    return ("core", None) if parts[1:2] == ["core"] else ("root", None)


def test_no_import_cycles():
    graph = _graph()
    # a module that imports its own package's __init__ (or vice versa) is not a cycle worth reporting
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append(" → ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles (function-local imports included):\n" + "\n".join(cycles)


def test_mkdocs_is_imported_only_by_the_engine():
    offenders = []
    for name, path in MODULES.items():
        if _layer(name)[0] == "engine":
            continue
        for target, line, _ in _imports(name, path):
            if target.split(".")[0] in ENGINE_PACKAGES:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not offenders, "MkDocs/Material imported outside gongkai/engine/:\n" + "\n".join(offenders)


def test_layers_import_downwards_only():
    offenders = []
    for name, path in MODULES.items():
        layer, package = _layer(name)
        for target, line, _ in _imports(name, path):
            if target not in MODULES or target == name:
                continue
            t_layer, t_package = _layer(target)
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}"
            if layer == "core" and t_layer in ("engine", "cli"):
                offenders.append(f"{where} (core must not depend on the engine or the CLI)")
            elif layer == "engine" and t_layer == "cli":
                offenders.append(f"{where} (the engine must not depend on the CLI)")
            elif layer == "core" and t_layer == "core" and package and t_package and package != t_package:
                mine, theirs = CORE_RANKS[package], CORE_RANKS[t_package]
                if theirs > mine:
                    offenders.append(f"{where} (core.{package} is below core.{t_package})")
                elif theirs == mine:
                    offenders.append(f"{where} (core.{package} and core.{t_package} are siblings)")
    assert not offenders, "imports against the layering (ARCHITECTURE.md):\n" + "\n".join(offenders)


def test_every_core_package_is_ranked_and_documented():
    core = PACKAGE / "core"
    packages = sorted(p.parent.name for p in core.glob("*/__init__.py"))
    assert set(packages) <= set(CORE_RANKS), (
        f"rank the new core package(s) in CORE_RANKS: {set(packages) - set(CORE_RANKS)}"
    )
    for package in packages + ["../engine", "../cli"]:
        init = core / package / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 80, (
            f"{init.relative_to(PACKAGE.parent)} needs a docstring saying what it holds"
        )
    loose = sorted(p.stem for p in core.glob("*.py") if p.stem != "__init__")
    assert len(loose) <= 5, f"core/ should hold packages, not loose modules: {loose}"


def test_no_private_names_are_imported_from_another_module():
    offenders = []
    for name, path in MODULES.items():
        for target, line, names in _imports(name, path):
            if target.startswith("gongkai"):
                offenders += [
                    f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}.{n}"
                    for n in names
                    if n.startswith("_") and n != "__version__"
                ]
    assert not offenders, "private names imported across modules (make them public or move them):\n" + "\n".join(
        offenders
    )


def test_the_installed_engine_is_the_one_gongkai_is_written_for():
    """MkDocs 2 drops plugins and themes, and Material 9 ends in 2027 (docs/engine.md): a build on another
    engine must stop with the reason and the fix, not fail inside a hook."""
    from gongkai.engine.compat import engine_problems

    assert engine_problems() == [], "\n".join(engine_problems())
    assert engine_problems({"mkdocs": "2.0.0", "mkdocs-material": "9.8.2"}) == [
        "已安装的 mkdocs 2.0.0 不受支持（gongkai 需要 mkdocs<2,>=1.6）："
        "运行 pip install -r requirements.txt 安装固定版本；"
        "原因和迁移计划见 docs/engine.md"
    ]
    assert engine_problems({"mkdocs": "1.6.1", "mkdocs-material": "10.0.0"})[0].startswith(
        "已安装的 mkdocs-material 10.0.0 不受支持"
    )


def test_a_build_on_mkdocs_2_stops_with_the_reason(make_site, monkeypatch):
    from click.testing import CliRunner

    import gongkai.engine.compat as compat
    from gongkai.cli import cli

    root = make_site({})
    real = compat.version
    monkeypatch.setattr(compat, "version", lambda package: "2.0.0a1" if package == "mkdocs" else real(package))
    result = CliRunner().invoke(cli, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "已安装的 mkdocs 2.0.0a1 不受支持" in result.output and not (root / "site").exists()
