"""Outputs of `gongkai report`: JSON (docs/report.schema.json), CSV, console lines and the staff dashboard.

No MkDocs imports. The dashboard is static HTML rendered with Jinja2 (templates/gongkai/report/) into its own
directory (default report/), never into the public site: ``index.html`` — every unit and every finding, sortable
and filterable by severity, unit and rule in the browser — and ``units/<id>.html`` per unit, whose printout is
a one-page summary for the office head (details on request).
"""

from __future__ import annotations

import csv
import io
import json
import os

from ... import TEMPLATES_DIR
from ..base.problems import ERROR
from ..sources.ledgers import AnnualReport
from ..sources.rules import SEVERITY_RANK
from .coverage import STATUSES
from .report import RULES, SCHEMA_VERSION, Report, UnitReport, display_name

SUMMARY_FINDINGS = 8  # findings on a unit's one-page summary; the rest are in its details
SUMMARY_FORECASTS = 4
LEVEL_RANK = {"city": 0, "county": 1, "department": 2, "township": 3, "village": 4}
VERDICT_RANK = {"否决": 3, "错误": 2, "警告": 1, "通过": 0}

FINDING_COLUMNS = [
    "unit",
    "unit_name",
    "severity",
    "rule",
    "rule_name",
    "domain",
    "subject",
    "date",
    "message",
    "item",
    "path",
    "source",
]
FORECAST_COLUMNS = ["date", "unit", "unit_name", "severity", "rule", "rule_name", "domain", "subject", "message"]


def _unit_dict(u: UnitReport) -> dict:
    unit = u.unit
    return {
        "id": unit.id,
        "name": unit.name,
        "short": unit.short,
        "display_name": display_name(unit),
        "level": unit.level,
        "parent": unit.parent_id,
        "verdict": u.verdict,
        "severity_counts": u.severity_counts(),
        "counts": u.counts,
        "platform_counts": u.platform_counts,
        "coverage": u.coverage,
        "columns": [c.__dict__ for c in u.columns],
        "blank_columns": u.blank,
        "annual_report": u.annual_report,
        "findings": [f.as_dict() for f in u.findings],
        "forecast": [f.as_dict() for f in u.forecast],
        "summary": u.summary_line(),
    }


def report_dict(report: Report, annual_reports: dict[tuple[str, int], AnnualReport] | None = None) -> dict:
    rules = report.rules
    units = {u.unit.id for u in report.units}
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "rules_file": rules.path,
        "rules": [{"code": code, "name": name, "basis": basis} for code, (name, basis) in RULES.items()],
        "thresholds": {
            "columns": [
                {
                    "id": c.id,
                    "name": c.name,
                    "kind": c.kind,
                    "max_age": c.max_age.text,
                    "warn_age": c.warn_age.text if c.warn_age else None,
                    "source": c.source,
                }
                for c in rules.columns
            ],
            "veto": {
                k: {"fail": v.fail, "warn": v.warn, "source": v.source}
                for k, v in (
                    ("stale_columns", rules.stale_columns),
                    ("overdue_columns", rules.overdue_columns),
                    ("blank_columns", rules.blank_columns),
                )
            },
            "default_time_limit": rules.default_time_limit.text,
            "interpretation_working_days": rules.interpretation_days,
            "annual_report_due": {
                level: "{:02d}-{:02d}".format(*d.due) for d in rules.annual_deadlines for level in d.levels
            },
            "request_working_days": [rules.request_days, rules.request_extension_days],
            "forecast_days": rules.horizon_days,
        },
        "totals": report.totals(),
        "units": [_unit_dict(u) for u in report.units],
        "annual_reports": [r.as_dict() for key, r in sorted((annual_reports or {}).items()) if key[0] in units],
        "history": report.history,
    }


def to_json(report: Report, annual_reports=None) -> str:
    return json.dumps(report_dict(report, annual_reports), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def findings_csv(report: Report) -> str:
    names = {u.unit.id: display_name(u.unit) for u in report.units}
    return _csv(
        FINDING_COLUMNS,
        (
            [
                f.unit,
                names[f.unit],
                f.severity,
                f.rule,
                RULES[f.rule][0],
                f.domain or "",
                f.subject,
                f.date or "",
                f.message,
                f.item or "",
                f.path or "",
                f.source,
            ]
            for f in report.findings
        ),
    )


def forecast_csv(report: Report) -> str:
    names = {u.unit.id: display_name(u.unit) for u in report.units}
    return _csv(
        FORECAST_COLUMNS,
        (
            [f.date, f.unit, names[f.unit], f.severity, f.rule, RULES[f.rule][0], f.domain or "", f.subject, f.message]
            for f in report.forecasts
        ),
    )


def _csv(columns, rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def console_lines(report: Report) -> list[str]:
    lines = [u.summary_line() for u in report.units]
    t = report.totals()
    f = t["findings"]
    lines.append(
        f"共 {t['units']} 个单位（{report.as_of} 为准）：否决 {f['否决']}、错误 {f['错误']}、警告 {f['警告']}、"
        f"提示 {f['提示']}；预警 {t['forecasts']} 项"
    )
    if report.history:
        h = report.history
        if h.get("error"):
            lines.append(f"回头看（{h['rev']}）：无法读取 — {h['error']}")
        else:
            lines.append(
                f"回头看：与 {h['rev'][:10]}（{h['as_of']}）相比，逾期事项 {h['totals']['overdue']['then']} → "
                f"{h['totals']['overdue']['now']}，已公开事项 {h['totals']['published']['then']} → "
                f"{h['totals']['published']['now']}"
            )
    return lines


def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )


def render_dashboard(report: Report, annual_reports=None) -> str:
    """index.html: every unit's verdict and counts, and every finding (worst first), sortable and filterable."""
    findings = sorted(
        ((u, f) for u in report.units for f in u.findings),
        key=lambda uf: (-SEVERITY_RANK[uf[1].severity], uf[1].rule, uf[0].unit.id),
    )
    return (
        _environment()
        .get_template("gongkai/report/dashboard.html")
        .render(
            report=report,
            totals=report.totals(),
            rules=RULES,
            findings=findings,
            rules_found=[code for code in RULES if any(f.rule == code for _, f in findings)],
            units_by_id={u.unit.id: u.unit for u in report.units},
            name=display_name,
            level_rank=LEVEL_RANK,
            verdict_rank=VERDICT_RANK,
            severity_rank=SEVERITY_RANK,
        )
    )


def render_unit_page(report: Report, unit_report: UnitReport, annual_reports: list[AnnualReport]) -> str:
    """units/<id>.html: the unit's summary (its printout fits one A4 page) and the details staff work from."""
    serious = [f for f in unit_report.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[ERROR]]
    others = [f for f in unit_report.findings if f not in serious]
    top = (serious + others)[:SUMMARY_FINDINGS]
    coverage = {status: sum(d[status] for d in unit_report.coverage) for status in STATUSES}
    return (
        _environment()
        .get_template("gongkai/report/unit.html")
        .render(
            report=report,
            unit=unit_report.unit,
            unit_report=unit_report,
            top=top,
            more=len(unit_report.findings) - len(top),
            upcoming=unit_report.forecast[:SUMMARY_FORECASTS],
            coverage=coverage,
            rules=RULES,
            annual_reports=annual_reports,
        )
    )


def write_outputs(report: Report, output_dir: str, annual_reports=None) -> list[str]:
    """Write index.html, units/<id>.html, report.json, findings.csv and forecast.csv; return their paths."""
    os.makedirs(os.path.join(output_dir, "units"), exist_ok=True)
    annual_reports = annual_reports or {}
    pages = [
        ("index.html", render_dashboard(report, annual_reports)),
        ("report.json", to_json(report, annual_reports)),
        ("findings.csv", findings_csv(report)),
        ("forecast.csv", forecast_csv(report)),
    ]
    for u in report.units:
        mine = [r for key, r in sorted(annual_reports.items()) if key[0] == u.unit.id]
        pages.append((f"units/{u.unit.id}.html", render_unit_page(report, u, mine)))
    written = []
    for name, text in pages:
        path = os.path.join(output_dir, name)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        written.append(path)
    return written


def render_tables(annual_report: AnnualReport) -> str:
    """The three 年报 tables as HTML, through the same macro the public 年报 page uses."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    macros = env.get_template("gongkai/partials/nianbao.html").module
    return "\n".join(
        str(macros.table(t)) for t in (annual_report.table_a, annual_report.table_b, annual_report.table_c)
    )
