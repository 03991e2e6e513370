"""gongkai nianbao import: an office's Excel 依申请公开登记台账 into the requests.yml of a 年报 ledger."""

from __future__ import annotations

import os

import click

from .common import Failure, cli, config_option, site_settings


@cli.group()
def nianbao():
    """政府信息公开工作年度报告（年报）的台账 / annual-report ledgers (catalogs/ledgers/)."""


@nianbao.command("import")
@click.argument("workbook", metavar="登记台账.xlsx", type=click.Path(exists=True, dir_okay=False))
@click.option("-u", "--unit", required=True, help="单位 id（catalogs/units.yml），例如 huizhou")
@click.option("-y", "--year", required=True, type=click.IntRange(2008, 2100), help="年报年度，例如 2025")
@click.option("--sheet", help="工作表名称（默认第一个工作表）")
@click.option("--dry-run", is_flag=True, help="只检查并显示将要写入的 requests.yml，不写文件")
@config_option
def import_cmd(workbook, unit, year, sheet, dry_run, config_file):
    """导入 Excel 依申请公开登记台账（每行一件申请，按表头识别各列），写入该单位该年度的 requests.yml。

    Reads the office's register workbook (one row per request; columns mapped by their header text) and
    writes catalogs/ledgers/<unit>/<year>/requests.yml after the same checks as the build: the records
    themselves, the 表三 consistency rule, totals.yml if the office also entered totals, and last year's
    carry-over. The applicant's name, contact and the request's content are never copied.
    """
    import tempfile

    from ..core.base.problems import ContentError
    from ..core.sources.ledgers import LEDGERS_DIR, problems_with_requests, records_b_counts
    from ..core.sources.register import read_register, requests_yaml
    from ..core.sources.registry import load_registry

    settings = site_settings(config_file)
    try:
        registry = load_registry(settings.catalogs_path, settings.project_root)
    except ContentError as exc:
        raise Failure(exc.report()) from None
    target_unit = registry.units.get(unit)
    if target_unit is None:
        raise click.BadParameter(f"“{unit}”不是 catalogs/units.yml 中的单位 id", param_hint="--unit")
    result = read_register(workbook, year, sheet)
    if result.errors:
        raise Failure(f"无法导入 {workbook}：\n" + result.report())
    text = requests_yaml(result.requests, os.path.basename(workbook), target_unit.name, year)
    folder = os.path.join(settings.catalogs_path, LEDGERS_DIR, unit, str(year))
    rel_folder = os.path.relpath(folder, settings.project_root).replace(os.sep, "/")
    problems = problems_with_requests(
        settings.catalogs_path, settings.project_root, registry.units, target_unit, year, text
    )
    missing = [p for p in problems if p.code == "NB-FILE-MISSING" and p.path.startswith(rel_folder + "/")]
    errors = [p for p in problems if p.severity == "错误" and p not in missing and p.path.startswith(rel_folder)]
    if errors:
        raise Failure("导入结果未通过检查，未写入任何文件：\n" + "\n".join(str(p) for p in errors))
    for p in result.problems:
        click.echo(f"提示：{result.path} {p}", err=True)
    if result.ignored:
        click.echo("提示：以下列未导入：" + "；".join(result.ignored), err=True)
    counts = records_b_counts(year, result.requests)
    click.echo(
        f"{target_unit.short}{year}年：{len(result.requests)} 件申请（本年新收 {counts['1'][6]}、"
        f"上年结转 {counts['2'][6]}；办结 {counts['3.7'][6]}、结转下年度 {counts['4'][6]}）",
        err=True,
    )
    for p in missing:
        click.echo(f"提示：{rel_folder} 还缺少 {os.path.basename(p.path)}：{p.fix}", err=True)
    path = os.path.join(folder, "requests.yml")
    if dry_run:
        click.echo(f"# 将写入 {os.path.relpath(path)}：\n{text}", nl=False)
        click.echo("预演：未写入任何文件（去掉 --dry-run 即写入）", err=True)
        return
    replaced = os.path.isfile(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    click.echo(
        f"已从 {workbook} 导入 {len(result.requests)} 件申请到 {os.path.relpath(path)}"
        + ("（替换了原有的 requests.yml）" if replaced else "")
    )
