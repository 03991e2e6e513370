"""gongkai catalog export / gongkai catalog import: catalogs ⇄ Excel in the official layout."""

from __future__ import annotations

import os

import click

from .common import Failure, cli, config_option, site_settings


def _registry(config_file: str):
    from ..core.base.problems import ContentError
    from ..core.sources.registry import load_registry

    settings = site_settings(config_file)
    catalogs_dir = settings.catalogs_path
    try:
        return load_registry(catalogs_dir, settings.project_root), catalogs_dir
    except ContentError as exc:
        raise Failure(exc.report()) from None


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
    export_workbook(catalogs, output, unit, {d.id: d.name for d in registry.domains.values()})
    click.echo(f"已导出 {len(catalogs)} 个目录（{sum(len(c.rows) for c in catalogs)} 个事项）到 {output}")


LEVEL_CHOICES = ("市级", "县级", "乡级", "村级")


def _levels_option(value: str | None) -> list[str] | None:
    if not value:
        return None
    levels = [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    bad = [v for v in levels if v not in LEVEL_CHOICES]
    if bad:
        raise click.BadParameter(
            f"“{'、'.join(bad)}”不是公开层级；可选：{'、'.join(LEVEL_CHOICES)}，例如 --levels 县级,乡级",
            param_hint="--levels",
        )
    return levels


@catalog.command("import")
@click.argument("workbook", metavar="目录表格.xlsx", type=click.Path(exists=True, dir_okay=False))
@click.option("-d", "--domain", help="领域 id；工作簿有多个工作表时用它选择")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="写入的目录文件，例如 catalogs/standard/shehui-jiuzhu.yml；已存在时沿用其中的事项标识和内部说明",
)
@click.option("--levels", help="公开层级没有勾选（或表格没有公开层级列）时使用的层级，例如 县级,乡级")
@click.option(
    "--objects", type=click.Choice(["全社会", "特定群众"]), help="公开对象没有勾选时使用的值；不写则参照本领域标准目录"
)
@click.option(
    "--modes", type=click.Choice(["主动", "依申请"]), help="公开方式没有勾选时使用的值；不写则参照本领域标准目录"
)
@click.option(
    "--accept-local",
    is_flag=True,
    help="表格中不在渠道清单里的渠道名称作为本地渠道接受，并写入 catalogs/channels.yml",
)
@click.option("--dry-run", is_flag=True, help="只检查并显示将要写入的内容，不写任何文件")
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="遇到不在清单中的渠道时是否询问（默认：在终端中运行时询问）",
)
@click.option("--compiled-by", help="编制单位 id（默认取工作簿或原文件中的）")
@click.option("--title", help="目录名称（默认取表格标题行）")
@config_option
def import_cmd(workbook, domain, output, levels, objects, modes, accept_local, dry_run, interactive, **names):
    """从 Excel 导入公开事项目录（两行表头、合并单元格、√/■/□、同上、空行、带网址的渠道均可识别）。

    Reads a catalog as offices fill it in and writes a catalog file. Every problem of the sheet is reported in
    one run with its cell and fix; empty tick columns take --objects/--modes/--levels or the standard catalog
    of the domain; channel names outside the list are written to catalogs/channels.yml with --accept-local.
    The result is checked like every other catalog before anything is written.
    """
    import sys
    import tempfile

    from ..core.base.frontmatter import read_data_file
    from ..core.base.records import read_record
    from ..core.checks.catalog_text import row_text_problems
    from ..core.sources.channels import CHANNELS_FILE, channels_file_text
    from ..core.sources.excel import ImportOptions, catalog_yaml, read_workbook
    from ..core.sources.registry import CATALOG_FIELDS, problems_after_writing, row_fields

    compiled_by, title, config_file = names["compiled_by"], names["title"], names["config_file"]
    registry, catalogs_dir = _registry(config_file)
    if domain and domain not in registry.domains:
        raise click.BadParameter(f"“{domain}”不在 catalogs/domains.yml 中（例如 shehui-jiuzhu）", param_hint="--domain")
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
    options = ImportOptions(
        domain_id=domain,
        domain_names={d.id: d.name for d in registry.domains.values()},
        levels=_levels_option(levels),
        audience=objects,
        mode=modes,
        standards={d.id: d.catalog for d in registry.domains.values() if d.catalog is not None},
        existing=existing,
        compiled_by=compiled_by,
        title=title,
        local_channels=registry.local_channels,
        unit_names=[n for u in registry.units.values() for n in (u.name, u.short)],
        accept_local=accept_local,
    )
    result = read_workbook(workbook, options)
    others = [p for p in result.errors if p.code != "XLS-CHANNEL-UNKNOWN"]
    if interactive is None:
        interactive = sys.stdin.isatty()
    if result.unknown_channels and not accept_local and not others and interactive:
        listed = "、".join(result.unknown_channels)
        click.echo(f"以下公开渠道不在渠道清单中：{listed}（清单见 catalogs/{CHANNELS_FILE}）", err=True)
        if click.confirm(f"把它们作为本地渠道写入 catalogs/{CHANNELS_FILE} 并继续导入？", default=False, err=True):
            options.accept_local = True
            result = read_workbook(workbook, options)
    if result.catalog is None:
        raise Failure(f"无法导入 {workbook}：\n" + result.report())
    catalog = result.catalog
    if catalog.domain_id not in registry.domains:
        raise click.ClickException(f"领域“{catalog.domain_id}”不在 catalogs/domains.yml 中：用 --domain 指定")
    root_unit = next(u.id for u in registry.units.values() if u.parent is None)
    catalog.compiled_by = catalog.compiled_by or root_unit
    catalog.title = catalog.title or f"{registry.domains[catalog.domain_id].name}领域基层政务公开标准目录"
    text = catalog_yaml(catalog, os.path.basename(workbook))
    fields_of_row = row_fields(list(registry.local_channels) + result.new_channels)
    data, lines, problems = read_data_file(text.encode("utf-8"), output)  # the same checks as the build
    if data is not None:
        problems += read_record(data, lines, "", CATALOG_FIELDS, output, 1, "CAT")[1]
        for i, row in enumerate(data.get("rows", [])):
            line = lines.get(f"rows[{i}].id")
            problems += read_record(row, lines, f"rows[{i}]", fields_of_row, output, line, "CAT")[1]
    for row in catalog.rows:
        problems += [p for p in row_text_problems(row, workbook) if p not in problems]
    channels_path = os.path.join(catalogs_dir, CHANNELS_FILE)
    channels_text = channels_file_text(catalogs_dir, result.new_channels) if result.new_channels else None
    inside = os.path.abspath(output).startswith(os.path.abspath(catalogs_dir) + os.sep)
    if not problems and (inside or channels_text is not None):  # the whole project must still load afterwards
        writes = {os.path.abspath(output): text} if inside else {}
        if channels_text is not None:
            writes[channels_path] = channels_text
        problems = problems_after_writing(catalogs_dir, os.path.dirname(os.path.abspath(config_file)), writes)
    if problems:
        raise Failure("导入结果未通过检查，未写入任何文件：\n" + "\n".join(str(p) for p in problems))
    for line in _notes(result):
        click.echo(line, err=True)
    if dry_run:
        if channels_text is not None:
            click.echo(f"# 将写入 {os.path.relpath(channels_path)}：\n{channels_text}")
        click.echo(f"# 将写入 {output}：\n{text}", nl=False)
        click.echo(f"预演：{len(catalog.rows)} 个事项可以导入；未写入任何文件（去掉 --dry-run 即写入）", err=True)
        return
    if channels_text is not None:
        _write_atomic(channels_path, channels_text, tempfile)
    _write_atomic(output, text, tempfile)
    click.echo(
        f"已从 {workbook} 导入 {len(catalog.rows)} 个事项到 {output}"
        + ("（沿用了原文件中的事项标识）" if existing else "")
        + (f"；新增本地渠道 {'、'.join(result.new_channels)}（写入 catalogs/{CHANNELS_FILE}）" if channels_text else "")
    )


def _notes(result) -> list[str]:
    """What the import did on its own, for staff to review: defaults, channel names read as channels, skipped rows."""
    lines = [f"提示：{p}" for p in result.problems]  # only notices remain here: errors stopped the import
    lines += [f"提示：{d}" for d in result.defaulted]
    seen: dict[tuple[str, str], list[str]] = {}
    for cell, written, channel in result.renamed:
        seen.setdefault((written, channel), []).append(cell)
    lines += [
        f"提示：渠道“{written}”按“{channel}”导入（{'、'.join(cells[:5])}{' 等' if len(cells) > 5 else ''}）"
        for (written, channel), cells in seen.items()
    ]
    lines += [f"提示：{s}" for s in result.skipped]
    return lines


def _write_atomic(path: str, text: str, tempfile) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
