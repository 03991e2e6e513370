"""The catalog pages and open-data files of every unit (no MkDocs imports).

Per unit an overview ``<level>/<unit>/catalog/`` (every domain of its effective catalogs with coverage
counts, and the 未涉及领域说明), per unit × domain a page ``<level>/<unit>/catalog/<domain>/`` with the
official table layout, and beside it the same catalog as open data (``<domain>.csv``, ``<domain>.json``);
``opendata/catalogs.json`` lists them all. Coverage is computed once for the whole site.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Optional

from ..compliance.coverage import STATUSES, Coverage, DomainCoverage, compute_coverage, rollup
from ..model import urls
from ..model.entities import Item
from ..sources.catalogs import CatalogSet, EffectiveCatalog
from .views import CatalogEntry, CatalogIndexView, CatalogView, Crumb, PageView, unit_crumbs

ROW_ITEMS_SHOWN = 10  # newest items listed in a row; the rest via the unit × domain list page

CSV_COLUMNS = ["序号", "一级事项", "二级事项", "三级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
               "公开渠道和载体", "渠道网址", "公开对象", "特定群众说明", "公开方式", "公开层级", "事项标识", "状态", "已公开信息数",
               "最近发布日期", "最近公开信息"]


def row_url(catalogs: CatalogSet, item: Item) -> Optional[str]:
    """The catalog row an item is filed under, on the nearest catalog page that shows it: the publisher's,
    else the nearest ancestor whose effective catalog has the row (a village item under a township row)."""
    row = item.catalog_row
    if row is None or catalogs is None:
        return None
    for unit in [item.publisher] + list(reversed(item.publisher.ancestors)):
        catalog = catalogs.effective(unit, item.domain)
        if any(r.id == row.id for r in catalog.rows):
            return urls.catalog_row(unit, item.domain, row.id)
    return None


def _row_record(cov_row, base_url: str) -> dict:
    row, rule = cov_row.row, cov_row.rule
    return {
        "id": row.id, "seq": row.seq, "item_l1": row.item_l1, "item_l2": row.item_l2, "item_l3": row.item_l3,
        "content": row.content, "basis": row.basis, "time_limit": row.time_limit,
        "time_rule": {"kind": rule.kind, "n": rule.n, "event": rule.event, "period": rule.period,
                      "due_month": rule.due_month, "due_day": rule.due_day,
                      "publicity_working_days": rule.publicity.n if rule.publicity and rule.publicity.working else None,
                      "publicity_days": rule.publicity.n if rule.publicity and not rule.publicity.working else None,
                      "law_override": rule.law_override, "summary": rule.summary},
        "subject": row.subject, "channels": row.channels, "channel_links": row.channel_links, "audience": row.audience, "audience_text": row.audience_text,
        "mode": row.mode, "levels": row.levels, "note": row.note,
        "status": cov_row.status, "due": cov_row.due.isoformat() if cov_row.due else None, "status_note": cov_row.note,
        "items": [{"title": i.title, "url": base_url + i.url, "published": i.published.date().isoformat(),
                   "written": i.written.isoformat(), "index_no": i.index_no} for i in cov_row.items],
    }


def catalog_json(cov: DomainCoverage, as_of, base_url: str = "/") -> str:
    catalog = cov.catalog
    data = {
        "unit": {"id": catalog.unit.id, "name": catalog.unit.name, "uscc": catalog.unit.uscc},
        "domain": {"id": catalog.domain.id, "name": catalog.domain.name},
        "title": catalog.title, "levels": catalog.levels, "as_of": as_of.isoformat(),
        "counts": cov.counts,
        "changes": [{"unit": c.unit.id, "kind": c.kind, "row": c.row_id, "row_title": c.row_title, "field": c.field,
                     "field_label": c.field_label, "reason": c.reason} for c in catalog.changes],
        "rows": [_row_record(r, base_url) for r in cov.rows],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def catalog_csv(cov: DomainCoverage, base_url: str = "/") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in cov.rows:
        row, latest = r.row, r.latest
        writer.writerow([row.seq, row.item_l1, row.item_l2, row.item_l3 or "", row.content, row.basis, row.time_limit,
                         row.subject, "、".join(row.channels),
                         "；".join(f"{c} {u}" for c, u in row.channel_links.items()), row.audience, row.audience_text or "", row.mode,
                         "、".join(row.levels), row.id, r.status, len(r.items),
                         latest.published.date().isoformat() if latest else "", base_url + latest.url if latest else ""])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 CSV correctly only with it


class CatalogPlanner:
    def __init__(self, corpus, as_of, base_url: str = "/"):
        self.base_url = base_url  # absolute links in the open data (consumed off-site, like opendata/items.json)
        self.registry = corpus.registry
        self.catalogs: CatalogSet = corpus.registry.catalogs
        # village items under 村级 rows count for (and are listed by) their township, departments' items by their
        # government (core/compliance/coverage.py rollup)
        self.coverage: Coverage = compute_coverage(self.registry, corpus.items.values(), as_of, attribute=rollup)
        self.as_of = as_of
        # the unit × domain lists that exist (core/site/plan.py): a row may list only other units' items (rollup)
        self.own_lists = {(i.publisher.id, i.domain.id) for i in corpus.items.values()}
        self.pages: dict[str, PageView] = {}
        self.data_files: dict[str, str] = {}

    def plan(self) -> tuple[dict[str, PageView], dict[str, str]]:
        index = []
        for unit in self.registry.units_in_order():
            index += self._unit(unit)
        self.data_files[urls.CATALOGS_JSON] = json.dumps(
            {"as_of": self.as_of.isoformat(), "statuses": list(STATUSES), "catalogs": index},
            ensure_ascii=False, separators=(",", ":")) + "\n"
        return self.pages, self.data_files

    def _unit(self, unit) -> list[dict]:
        entries, not_applicable, empty, index = [], [], [], []
        scope = self.catalogs.scopes.get(unit.id)
        base = urls.catalog(unit)
        for domain in self.registry.domains.values():
            catalog: EffectiveCatalog = self.catalogs.effective(unit, domain)
            if catalog.out_of_scope is not None:
                continue
            if catalog.not_applicable is not None:
                not_applicable.append((domain, catalog.not_applicable))
                continue
            cov = self.coverage.get(unit, domain)
            if cov is None:
                empty.append(domain)
                continue
            url = urls.catalog(unit, domain)
            files = {"csv": urls.catalog_data(unit, domain, "csv"), "json": urls.catalog_data(unit, domain, "json")}
            self.data_files[files["csv"]] = catalog_csv(cov, self.base_url)
            self.data_files[files["json"]] = catalog_json(cov, self.as_of, self.base_url)
            entries.append(CatalogEntry(domain, url, len(cov.rows), cov.counts, cov.item_count, len(catalog.changes)))
            index.append({"unit": unit.id, "domain": domain.id, "title": catalog.title, "page": self.base_url + url,
                          "csv": self.base_url + files["csv"], "json": self.base_url + files["json"],
                          "rows": len(cov.rows), "counts": cov.counts})
            self.pages[urls.page_src(url)] = CatalogView(
                title=catalog.title, column="公开事项目录",
                crumbs=unit_crumbs(unit) + [Crumb("公开事项目录", base), Crumb(domain.name, None)],
                unit=unit, domain=domain, catalog=catalog, coverage=cov, spans=catalog.l1_spans, files=files,
                as_of=self.as_of, shown=ROW_ITEMS_SHOWN,
                list_url=urls.unit_domain(unit, domain) if (unit.id, domain.id) in self.own_lists else None)
        totals = dict.fromkeys(STATUSES, 0)
        for e in entries:
            for k, v in e.counts.items():
                totals[k] += v
        self.pages[urls.page_src(base)] = CatalogIndexView(
            title=f"{unit.short}公开事项目录", column="公开事项目录", crumbs=unit_crumbs(unit) + [Crumb("公开事项目录", None)],
            unit=unit, entries=entries, not_applicable=not_applicable, empty=empty, scope=scope, totals=totals,
            as_of=self.as_of, opendata=urls.CATALOGS_JSON)
        return index


def plan_catalog_pages(corpus, as_of, base_url: str = "/") -> tuple[dict[str, PageView], dict[str, str]]:
    """(generated Markdown src_uri -> view, open-data file path -> text) for every unit's catalogs; the open data's
    links start with `base_url` (the site's canonical URL)."""
    return CatalogPlanner(corpus, as_of, base_url).plan()
