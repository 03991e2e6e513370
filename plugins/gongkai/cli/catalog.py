"""gongkai catalog export / gongkai catalog import: catalogs ⇄ Excel in the official layout."""

from __future__ import annotations

import os

import click

from .common import cli, config_option, site_settings


def _registry(config_file: str):
    from ..core.base.problems import ContentError
    from ..core.sources.registry import load_registry

    settings = site_settings(config_file)
    catalogs_dir = settings.catalogs_path
    try:
        return load_registry(catalogs_dir, settings.project_root), catalogs_dir
    except ContentError as exc:
        raise click.ClickException(exc.report()) from None


@cli.group()
def catalog():
    """公开事项目录与 Excel 互转 / catalogs to and from Excel (official two-row-header layout)."""


@catalog.command("export")
@click.option("-u", "--unit", help="导出该单位的实际目录（继承和调整之后）；不写则导出全市标准目录")
@click.option("-d", "--domain", help="只导出一个领域（领域 id，例如 shehui-jiuzhu）；不写则每个领域一个工作表")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出文件，例如 目录.xlsx")
@config_option
def export_cmd(unit, domain, output, config_file):
    """导出公开事项目录为 Excel（标准格式：两行表头、一级事项合并单元格、√ 标记）。

    Writes the standard catalog (or a unit's effective catalog) in the official Excel layout; the hidden
    last column 事项标识 keeps row ids so that `gongkai catalog import` restores the same data.
    """
    from ..core.sources.excel import export_workbook

    registry, _ = _registry(config_file)
    if unit and unit not in registry.units:
        raise click.UsageError(f"单位“{unit}”不在 catalogs/units.yml 中（例如 {next(iter(registry.units))}）")
    if domain and domain not in registry.domains:
        raise click.UsageError(f"领域“{domain}”不在 catalogs/domains.yml 中（例如 shehui-jiuzhu）")
    domains = [registry.domains[domain]] if domain else list(registry.domains.values())
    catalogs = []
    for d in domains:
        if unit:
            effective = registry.catalogs.effective(registry.units[unit], d)
            if effective.applicable and effective.rows:
                catalogs.append(effective.as_catalog())
            elif domain:
                why = effective.not_applicable.reason if effective.not_applicable else "本单位在该领域没有公开事项"
                raise click.ClickException(f"{registry.units[unit].short}的{d.name}领域没有目录：{why}")
        elif d.catalog is not None:
            catalogs.append(d.catalog)
    export_workbook(catalogs, output, unit)
    click.echo(f"已导出 {len(catalogs)} 个目录（{sum(len(c.rows) for c in catalogs)} 个事项）到 {output}")


@catalog.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("-d", "--domain", help="领域 id；工作簿有多个工作表时用它选择")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="写入的目录文件，例如 catalogs/standard/shehui-jiuzhu.yml；已存在时沿用其中的事项标识",
)
@click.option("--levels", help="表格没有公开层级列时使用的层级，例如 县级,乡级")
@click.option("--compiled-by", help="编制单位 id（默认取工作簿或原文件中的）")
@click.option("--title", help="目录名称（默认取表格标题行）")
@config_option
def import_cmd(workbook, domain, output, levels, compiled_by, title, config_file):
    """从 Excel 导入公开事项目录（两行表头、合并单元格、√/■/□、同上、空行均可识别）。

    Reads a catalog in the layout staff receive and writes a catalog file; an unfamiliar column header
    fails naming the column. The written file is checked like every other catalog before it is saved.
    """
    import tempfile

    from ..core.base.frontmatter import read_data_file
    from ..core.base.records import read_record
    from ..core.sources.excel import ExcelFormatError, catalog_yaml, import_workbook
    from ..core.sources.registry import CATALOG_FIELDS, ROW_FIELDS

    registry, catalogs_dir = _registry(config_file)
    if domain and domain not in registry.domains:
        raise click.UsageError(f"领域“{domain}”不在 catalogs/domains.yml 中（例如 shehui-jiuzhu）")
    existing = None
    if os.path.isfile(output):
        existing = next(
            (
                d.catalog
                for d in registry.domains.values()
                if d.catalog is not None
                and os.path.abspath(os.path.join(catalogs_dir, d.catalog_file)) == os.path.abspath(output)
            ),
            None,
        )
    root_unit = next(u.id for u in registry.units.values() if u.parent is None)
    try:
        result = import_workbook(
            workbook,
            domain,
            {d.id: d.name for d in registry.domains.values()},
            levels.split(",") if levels else None,
            existing,
            compiled_by,
            title,
        )
    except ExcelFormatError as exc:
        raise click.ClickException(f"无法导入 {workbook}：{exc}") from None
    if result.domain_id not in registry.domains:
        raise click.ClickException(f"领域“{result.domain_id}”不在 catalogs/domains.yml 中：用 --domain 指定")
    result.compiled_by = result.compiled_by or root_unit
    result.title = result.title or f"{registry.domains[result.domain_id].name}领域基层政务公开标准目录"
    text = catalog_yaml(result, os.path.basename(workbook))
    data, lines, problems = read_data_file(text.encode("utf-8"), output)  # the same checks as the build
    if data is not None:
        problems += read_record(data, lines, "", CATALOG_FIELDS, output, 1, "CAT")[1]
        for i, row in enumerate(data.get("rows", [])):
            problems += read_record(row, lines, f"rows[{i}]", ROW_FIELDS, output, lines.get(f"rows[{i}].id"), "CAT")[1]
    if problems:
        raise click.ClickException("导入结果未通过检查，未写入：\n" + "\n".join(str(p) for p in problems))
    directory = os.path.dirname(os.path.abspath(output))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, output)
    click.echo(
        f"已从 {workbook} 导入 {len(result.rows)} 个事项到 {output}"
        + ("（沿用了原文件中的事项标识）" if existing else "")
    )
