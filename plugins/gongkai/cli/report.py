"""gongkai report: compliance report (deadlines, stale and blank columns, 解读, 年报, forecasts), core only."""

from __future__ import annotations

import os
import sys

import click

from .common import Failure, cli, config_option, site_settings

FORMATS = ("text", "json", "csv")
FAIL_ON = ("error", "warning", "never")


@cli.command("report")
@config_option
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="以哪一天为检查日（默认今天，北京时间）/ the check date")
@click.option("--unit", metavar="UNIT", help="只报告该单位及其下级单位 / one unit and the units below it")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="终端输出格式：每单位一行摘要、JSON 或问题清单 CSV / console output",
)
@click.option(
    "--output-dir",
    metavar="DIR",
    default="report",
    show_default=True,
    help="内部工作台（HTML、JSON、CSV）写到这个目录，不随网站发布 / staff dashboard directory",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="never",
    show_default=True,
    help="出现哪一级问题时以非零状态退出（CI 用 error）/ exit non-zero at this level",
)
@click.option("--since", metavar="REV", help="回头看：与某个 git 版本的目录覆盖和逾期情况比较 / compare with a commit")
def report(config_file, as_of, unit, fmt, output_dir, fail_on, since):
    """合规报告：目录覆盖、逾期公开、栏目不更新与空白栏目、单项否决、政策解读、年报和依申请公开期限，以及预警日期。

    Compliance report from the core only (no site build): writes the staff dashboard to --output-dir
    (default report/, never published) and prints one line per unit.
    """
    import datetime as dt
    import time

    from ..core.base.clock import as_of_date
    from ..core.base.problems import ContentError, errors_only
    from ..core.base.workdays import CalendarRangeError
    from ..core.compliance.history import compare_with
    from ..core.compliance.output import console_lines, findings_csv, to_json, write_outputs
    from ..core.compliance.report import compliance_report, display_name, load_items
    from ..core.sources.ledgers import load_annual_reports
    from ..core.sources.registry import load_registry
    from ..core.sources.rules import load_rules

    started = time.perf_counter()
    settings = site_settings(config_file)
    root, docs_dir, catalogs_dir = settings.project_root, settings.docs_dir, settings.catalogs_path
    try:
        day = dt.date.fromisoformat(as_of) if as_of else as_of_date()
        if as_of and len(as_of) != 10:
            raise ValueError
    except ValueError:
        raise click.BadParameter(
            f"检查日应写成 YYYY-MM-DD 并且是真实日期，而不是“{as_of}”", param_hint="--as-of"
        ) from None
    try:
        registry = load_registry(catalogs_dir, root)
        rules = load_rules(catalogs_dir, root)
        if unit is not None and unit not in registry.units:
            raise click.BadParameter(f"“{unit}”不是 catalogs/units.yml 中的单位 id", param_hint="--unit")
        corpus, problems = load_items(docs_dir, registry, root, day)
        annual = load_annual_reports(catalogs_dir, root, corpus, rules.document_class, rules.rulemaking_levels)
        result = compliance_report(corpus, registry, day, rules, annual, unit)
    except ContentError as exc:
        raise Failure(exc.report()) from None
    except CalendarRangeError as exc:
        raise click.ClickException(str(exc)) from None
    errors = errors_only(problems)
    if errors:
        click.echo(
            f"警告：内容中有 {len(errors)} 个错误（运行 gongkai check 查看），本报告只包含通过检查的条目。", err=True
        )
    if since:
        now = {
            u.unit.id: {
                "published": sum(d["已公开"] for d in u.coverage),
                "missing": sum(d["未公开"] for d in u.coverage),
                "overdue": sum(d["逾期"] for d in u.coverage),
            }
            for u in result.units
        }
        rel = lambda p: os.path.relpath(p, root).replace(os.sep, "/")  # noqa: E731
        result.history = compare_with(
            root,
            since,
            rel(docs_dir),
            rel(catalogs_dir),
            now,
            {u.unit.id: display_name(u.unit) for u in result.units},
            registry.calendar,  # the holiday calendar of the current tree judges the old one too
        )
    out_dir = output_dir if os.path.isabs(output_dir) else os.path.join(root, output_dir)
    write_outputs(result, out_dir, annual)
    if fmt == "json":
        click.echo(to_json(result, annual), nl=False)
    elif fmt == "csv":
        click.echo(findings_csv(result), nl=False)
    else:
        for line in console_lines(result):
            click.echo(line)
        click.echo(
            f"内部工作台：{os.path.relpath(os.path.join(out_dir, 'index.html'))}（不随网站发布）；"
            f"用时 {time.perf_counter() - started:.2f} 秒",
            err=True,
        )
    if result.failed(fail_on):
        sys.exit(1)
