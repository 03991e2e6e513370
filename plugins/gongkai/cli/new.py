"""gongkai new: scaffold a disclosure item with its path, front matter and the next 索引号."""

from __future__ import annotations

import difflib
import json
import os
import re
import sys

import click

from .common import Failure, cli, config_option, site_settings

_INDEX_LINE_RE = re.compile(r"^index_no:[ \t]*[\"']?([^\"'\s]+)", re.M)
_PLAIN_SAFE_RE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


def next_sequence(content_dir: str, uscc: str, fmt) -> int:
    """1 + the highest sequence number `uscc` has used in any item (read from the files, valid or not)."""
    highest = 0
    for root, dirs, files in os.walk(content_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(root, name), "rb") as fh:
                head = fh.read(4096).decode("utf-8", errors="replace")
            m = _INDEX_LINE_RE.search(head.split("\n---", 1)[0])
            parsed = fmt.parse(m.group(1)) if m else None
            if parsed and parsed.uscc == uscc:
                highest = max(highest, parsed.seq)
    return highest + 1


def _yaml_text(value: str) -> str:
    """A value as plain YAML when that is unambiguous, else double-quoted (JSON strings are valid YAML)."""
    if _PLAIN_SAFE_RE.match(value) and ": " not in value and " #" not in value and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)


def _names(entry) -> list[str]:
    """What staff may type for a unit or a domain: its id, name and short name (岩寺镇, 岩寺镇人民政府, yansi)."""
    names = (entry.id, entry.name, getattr(entry, "short", None), getattr(entry, "distinct_name", None))
    return [n for n in names if n]


def _choose(registry_map: dict, value: str, what: str, flag: str, listing: str) -> object:
    """The unit or domain `value` names (its id, or its Chinese name or short name), or a usage error that
    suggests the closest names."""
    value = value.strip()
    if value in registry_map:
        return registry_map[value]
    by_name: dict[str, list] = {}
    for entry in registry_map.values():
        for name in _names(entry):
            by_name.setdefault(name, [])
            if entry not in by_name[name]:
                by_name[name].append(entry)
    found = by_name.get(value, [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        options = "、".join(f"{e.id}（{e.name}）" for e in found)
        raise click.BadParameter(f"“{value}”对应多个{what}：{options}。请写出 id 或全称", param_hint=flag)
    close = difflib.get_close_matches(value, list(by_name), n=4, cutoff=0.5)
    close = list(dict.fromkeys(f"{by_name[c][0].id}（{by_name[c][0].name}）" for c in close))
    hint = f"是否应为 {'、'.join(close)}？" if close else f"可选值见 {listing}"
    raise click.BadParameter(f"没有{what}“{value}”。{hint}", param_hint=flag)


@cli.command()
@config_option
@click.option("--unit", help="发布机构：单位 id、名称或简称（catalogs/units.yml），例如 yansi 或 岩寺镇")
@click.option("--domain", help="领域 id 或名称（catalogs/domains.yml），例如 shehui-jiuzhu 或 社会救助")
@click.option("--title", help="标题")
@click.option("--genre", default="通知", show_default=True, help="体裁（catalogs/genres.yml）")
@click.option("--catalog", "catalog_row", help="标准目录事项 id（catalogs/standard/<领域>.yml 的 rows[].id）")
@click.option(
    "--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="成文和发布日期，默认今天；晚于今天时标为预定发布"
)
@click.option("--slug", help="文件名（小写字母、数字、连字符）；默认由年月和序号生成")
@click.option("--interactive/--no-interactive", default=None, help="缺少参数时是否逐项询问（默认：在终端中运行时询问）")
def new(config_file, unit, domain, title, genre, catalog_row, day, slug, interactive):
    """新建一条公开信息：选定路径，填好前置元数据，并分配下一个索引号。

    The path is content/<层级>/<单位>/<领域>/<年份>/<文件名>.md; the 索引号 follows the site's index_no_format
    (default {uscc}/{yyyymm}-{seq:05d}) with 1 + the highest sequence number the unit has used.
    """
    from ..core.base import clock, fields
    from ..core.base.problems import ContentError
    from ..core.model.entities import LEVELS
    from ..core.model.index_no import index_no_format
    from ..core.sources.registry import load_registry

    settings = site_settings(config_file)
    project_root, docs_dir = settings.project_root, settings.docs_dir
    try:
        registry = load_registry(settings.catalogs_path, project_root)
    except ContentError as exc:
        raise Failure(exc.report()) from None
    if interactive is None:
        interactive = sys.stdin.isatty()

    def need(value, flag: str, prompt: str, listing: str | None = None):
        if value:
            return value
        if not interactive:
            raise click.UsageError(f"缺少 {flag}（{prompt}）。在终端中运行时会逐项询问，也可以直接写在命令行上")
        if listing:
            click.echo(listing, err=True)
        return click.prompt(prompt, err=True, prompt_suffix="：").strip()

    def choose(value, registry_map, what: str, flag: str, prompt: str, listing: str):
        """The entry `value` names; asked for again (with the closest names) while a terminal user mistypes."""
        typed = need(value, flag, prompt, listing)
        while True:
            try:
                return _choose(
                    registry_map, typed, what, flag, f"catalogs/{'units' if what == '单位' else 'domains'}.yml"
                )
            except click.BadParameter as exc:
                if not interactive or value:
                    raise
                click.echo(exc.message, err=True)
                typed = click.prompt(prompt, err=True, prompt_suffix="：").strip()

    units_hint = "单位（写 id、名称或简称均可）：\n" + "\n".join(
        f"  {LEVELS[level]}："
        + "、".join(f"{u.id}（{u.distinct_name or u.short}）" for u in registry.units_in_order() if u.level == level)
        for level in LEVELS
        if any(u.level == level for u in registry.units.values())
    )
    unit = choose(unit, registry.units, "单位", "--unit", "单位 id、名称或简称", units_hint)
    domains_hint = "领域（写 id 或名称均可）：" + "、".join(f"{d.id}（{d.name}）" for d in registry.domains.values())
    domain = choose(domain, registry.domains, "领域", "--domain", "领域 id 或名称", domains_hint)
    title = need(title, "--title", "标题")
    if genre not in registry.genres:
        raise click.BadParameter(
            f"体裁“{genre}”不在 catalogs/genres.yml 中；可选：{'、'.join(registry.genres)}", param_hint="--genre"
        )
    if catalog_row:
        catalogs = getattr(registry, "catalogs", None)
        row = (
            catalogs.row_for(unit, domain, catalog_row)
            if catalogs
            else domain.catalog.row(catalog_row)
            if domain.catalog
            else None
        )
        if row is None:
            raise click.BadParameter(f"领域 {domain.name} 的目录中没有事项“{catalog_row}”", param_hint="--catalog")
    if slug is not None and not fields.SLUG_RE.match(slug):
        raise click.BadParameter(f"“{slug}”只能用小写字母、数字和连字符", param_hint="--slug")

    today = clock.today()  # the date in China, whatever the machine's time zone
    day = day.date() if day else today
    fmt = index_no_format(settings.index_no_format)
    seq = next_sequence(docs_dir, unit.uscc, fmt)
    index_no = fmt.format(unit.uscc, day, seq)
    folder = os.path.join(docs_dir, unit.level, unit.id, domain.id, str(day.year))
    stem = slug or f"{day:%Y%m}-{seq:05d}"
    path = os.path.join(folder, f"{stem}.md")
    if slug and os.path.exists(path):
        raise click.ClickException(f"{os.path.relpath(path)} 已存在：换一个 --slug")
    n = 2
    while os.path.exists(path):
        path = os.path.join(folder, f"{stem}-{n}.md")
        n += 1

    lines = [
        "---",
        f"title: {_yaml_text(title)}",
        f"index_no: {index_no}",
        f"publisher: {unit.id}",
        f"written: {day}",
        f"published: {day}",
    ]
    if day > today:
        lines.append("scheduled: true")
    lines += [f"domain: {domain.id}"] + ([f"catalog: {catalog_row}"] if catalog_row else [])
    lines += [f"genre: {genre}", f"topic: {domain.topic or '综合政务'}"]
    if genre == "解读":
        lines.append("interprets: 被解读政策的条目 id（content/ 下的路径去掉 .md）")
    lines += [
        "---",
        "",
        "<!-- 在这里用 Markdown 写正文。附件写在 attachments 中；落款写在末尾，段后加一行 {: .luokuan }；"
        "发布后再改正文，要在前言加 change_note 写明改了什么。见 docs/content-model.md -->",
        "",
    ]
    os.makedirs(folder, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))
    rel = os.path.relpath(path, project_root).replace(os.sep, "/")
    click.echo(
        f"已新建 {rel}\n索引号：{index_no}"
        + ("\n发布日期晚于今天：已标为预定发布（scheduled: true），到期后的构建才包含它" if day > today else "")
    )
    click.echo(f"写好正文后运行 gongkai check {rel}", err=True)
