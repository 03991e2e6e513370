"""gongkai check: every source check, without building pages."""

from __future__ import annotations

import json
import os

import click

from .common import cli, config_option, site_settings

SEVERITY_KEYS = {"错误": "error", "警告": "warning", "提示": "info"}


def _selected(paths: tuple[str, ...], project_root: str, result) -> set[str] | None:
    """Project-relative files whose problems to show: the given ones, plus the attachments of given items."""
    if not paths:
        return None
    wanted = set()
    for p in paths:
        rel = os.path.relpath(os.path.abspath(p), project_root).replace(os.sep, "/")
        wanted |= {f for f in result.files if f == rel or f.startswith(rel.rstrip("/") + "/")} | {rel}
    corpus = result.corpus
    if corpus is not None:
        rel_content = os.path.relpath(corpus.content_dir, project_root).replace(os.sep, "/")
        for item in list(corpus.items.values()) + list(corpus.scheduled.values()):
            if item.path in wanted:
                wanted |= {f"{rel_content}/{a.src_uri}" for a in item.attachments}
    return wanted


def _human(problems, exemptions, checked: int) -> str:
    out, last = [], None
    for p in problems:
        if p.path != last and last is not None:
            out.append("")
        last = p.path
        out.append(str(p))
    counts = {s: sum(1 for p in problems if p.severity == s) for s in ("错误", "警告", "提示")}
    files = len({p.path for p in problems if p.severity == "错误"})
    if out:
        out.append("")
    out.append(
        f"检查了 {checked} 个文件：{counts['错误']} 个错误（涉及 {files} 个文件），{counts['警告']} 个警告，"
        f"{counts['提示']} 条提示；个人信息豁免生效 {len(exemptions)} 项。"
    )
    return "\n".join(out)


def as_json(problems, exemptions, checked: int) -> dict:
    """The stable JSON report (schema documented in docs/staff-workflow.md)."""
    severity = {k: sum(1 for p in problems if SEVERITY_KEYS[p.severity] == k) for k in ("error", "warning", "info")}
    return {
        "version": 1,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "severity": SEVERITY_KEYS[p.severity],
                "code": p.code,
                "field": p.field,
                "message": p.message,
                "fix": p.fix,
            }
            for p in problems
        ],
        "exemptions": [e.as_dict() for e in exemptions],
        "summary": {
            "files_checked": checked,
            "errors": severity["error"],
            "warnings": severity["warning"],
            "infos": severity["info"],
            "files_with_errors": len({p.path for p in problems if p.severity == "错误"}),
            "exemptions_used": len(exemptions),
        },
    }


@cli.command()
@config_option
@click.argument("paths", nargs=-1, metavar="[文件或目录]...", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text（中文，按文件分组）或 json（供 CI 使用）",
)
@click.option("--strict", is_flag=True, help="警告也算失败（退出码 1）")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="把这一天当作“今天”判断未来日期（默认今天，北京时间；或环境变量 GONGKAI_AS_OF / SOURCE_DATE_EPOCH）",
)
def check(config_file, paths, fmt, strict, as_of):
    """检查全部内容（不生成网页）：字段、引用、日期、附件、链接和锚点、脚本、个人信息、索引号。

    With PATHS, only problems in those files (and the attachments of those items) are shown, but the whole
    corpus is still read so references between items are checked. Exit code 1 on any error (with --strict
    also on warnings), 0 otherwise.
    """
    from ..core.checks.content import run_checks

    settings = site_settings(config_file)
    project_root = settings.project_root
    try:
        options = settings.check_options(as_of.date() if as_of else None)
    except ValueError as exc:  # GONGKAI_AS_OF or the as_of option is not a date
        raise click.ClickException(str(exc)) from None
    result = run_checks(project_root, settings.docs_dir, settings.catalogs_path, options)
    selected = _selected(paths, project_root, result)
    problems = [p for p in result.problems if selected is None or p.path in selected]
    exemptions = [e for e in result.exemptions if selected is None or e.path in selected]
    checked = len(result.files) if selected is None else len([f for f in result.files if f in selected])
    if fmt == "json":
        click.echo(json.dumps(as_json(problems, exemptions, checked), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(problems, exemptions, checked))
    failing = {"错误", "警告"} if strict else {"错误"}
    if any(p.severity in failing for p in problems):
        raise SystemExit(1)
