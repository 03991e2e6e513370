"""The public 年报 pages: one per unit and year in the unit's 政府信息公开年报 column (no MkDocs imports).

Issue 5's platform puts the column at ``<level>/<unit>/zfxxgk/zfxxgknb/``; the generated reports go
below it at ``…/zfxxgknb/<year>/`` and are listed on the column's first page before any 年报 that staff
published as ordinary items (core/public.annual_reports). A report appears once its narrative's
``published`` date has come (judged at the build date); a ledger error stops the build.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Optional

import markdown

from ..model import urls
from ..sources.ledgers import LEDGERS_DIR, AnnualReport, load_annual_reports
from ..sources.rules import load_rules
from .views import AnnualReportColumnView, AnnualReportView, Crumb, SitePlan, unit_crumbs


def narrative_html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"], output_format="html")


def plan_annual_reports(plan: SitePlan, reports: dict[tuple[str, int], AnnualReport], as_of: dt.date) -> list[str]:
    """Add the 年报 pages to `plan` (in place) and list them in their column; return the src_uris added."""
    added = []
    by_unit: dict[str, list[AnnualReport]] = {}
    for (unit_id, _), report in sorted(reports.items(), key=lambda kv: -kv[0][1]):
        if report.published is None or report.published > as_of:
            continue  # a draft, or not yet due for publication
        unit = report.unit
        crumbs = _column_crumbs(plan, unit) + [Crumb("政府信息公开年报", urls.annual_reports(unit)),
                                               Crumb(f"{report.year}年", None)]
        src_uri = urls.page_src(report.url)
        plan.generated[src_uri] = AnnualReportView(
            title=report.title, column="政府信息公开年报", crumbs=crumbs, unit=unit, report=report,
            html={n: narrative_html(body) for n, _, body in report.sections if isinstance(body, str)})
        added.append(src_uri)
        by_unit.setdefault(unit_id, []).append(report)
    for unit_id, listed in by_unit.items():
        unit = listed[0].unit
        src_uri = urls.page_src(urls.annual_reports(unit))
        column: Optional[AnnualReportColumnView] = plan.generated.get(src_uri)
        if column is None:  # no platform column planned (core/site/platform.py): the 年报 column stands on its own
            column = plan.generated[src_uri] = AnnualReportColumnView(
                title=f"{unit.short}政府信息公开年报", column="政府信息公开年报",
                crumbs=_column_crumbs(plan, unit) + [Crumb("政府信息公开年报", None)], unit=unit, lead=LEAD,
                page_urls=[urls.annual_reports(unit)])
            added.append(src_uri)
        column.template = AnnualReportColumnView.template  # the reports, then the 年报 published as items
        column.annual_reports = listed
    return added


LEAD = "按《中华人民共和国政府信息公开条例》第四十九条、第五十条，每年公布上一年度的政府信息公开工作年度报告。"


def _column_crumbs(plan: SitePlan, unit) -> list[Crumb]:
    platform = urls.platform(unit)
    return unit_crumbs(unit) + ([Crumb("信息公开平台", platform)] if urls.page_src(platform) in plan.generated else [])
