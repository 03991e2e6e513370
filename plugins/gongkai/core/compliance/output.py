"""Outputs of `gongkai report`: JSON (docs/report.schema.json), CSV, console lines and the staff dashboard.

No MkDocs imports: the dashboard is one static HTML page rendered with Jinja2 from
templates/gongkai/report/dashboard.html, written to its own directory (default report/), never into the
public site.
"""

from __future__ import annotations

import csv
import io
import json
import os

from ... import TEMPLATES_DIR
from ..sources.ledgers import AnnualReport
from .report import RULES, SCHEMA_VERSION, Report, UnitReport

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
        "rules": [{"code": code, "name": name, "check": check} for code, (name, check) in RULES.items()],
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
    names = {u.unit.id: u.unit.short for u in report.units}
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
    names = {u.unit.id: u.unit.short for u in report.units}
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


def render_dashboard(report: Report, annual_reports=None) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    template = env.get_template("gongkai/report/dashboard.html")
    units = {u.unit.id for u in report.units}
    return template.render(
        report=report,
        totals=report.totals(),
        rules=RULES,
        annual_reports=[r for key, r in sorted((annual_reports or {}).items()) if key[0] in units],
    )


def write_outputs(report: Report, output_dir: str, annual_reports=None) -> list[str]:
    """Write index.html, report.json, findings.csv and forecast.csv into output_dir; return their paths."""
    os.makedirs(output_dir, exist_ok=True)
    written = []
    for name, text in (
        ("index.html", render_dashboard(report, annual_reports)),
        ("report.json", to_json(report, annual_reports)),
        ("findings.csv", findings_csv(report)),
        ("forecast.csv", forecast_csv(report)),
    ):
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
