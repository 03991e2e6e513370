"""Hand-written pages allowed inside a unit's content folder (no MkDocs imports).

Everything under ``content/<level>/`` is a disclosure item, except the pages that replace the generated
text of a unit's 政府信息公开 platform: ``content/<level>/<unit>/zfxxgk/<slug>.md`` for the slugs below.
Any other non-item file there is still an error (corpus.py), so nothing is published unchecked.
"""

from __future__ import annotations

from ..base.problems import Problem
from ..model.entities import LEVELS
from ..model.urls import PLATFORM

UNIT_PAGE_SLUGS = {"zfxxgkzn": "政府信息公开指南", "zfxxgkzd": "政府信息公开制度", "ysqgk": "依申请公开"}


def is_unit_page(src_uri: str) -> bool:
    parts = src_uri.split("/")
    return (
        len(parts) == 4
        and parts[0] in LEVELS
        and parts[2] == PLATFORM
        and parts[3].endswith(".md")
        and parts[3][:-3] in UNIT_PAGE_SLUGS
    )


def unit_page_problem(src_uri: str, path: str, units: dict) -> Problem | None:
    """The page must sit in the folder of a registered unit of that level that has a platform."""
    level, unit_id = src_uri.split("/")[:2]
    unit = units.get(unit_id)
    if unit is None:
        return Problem(
            path,
            None,
            "PAGE-UNKNOWN-UNIT",
            f"单位“{unit_id}”不在 catalogs/units.yml 中",
            "把文件放到已登记单位的目录下：content/<层级>/<单位 id>/zfxxgk/",
        )
    if unit.level != level:
        return Problem(
            path,
            None,
            "PAGE-PATH-LEVEL",
            f"{unit.short}是{LEVELS[unit.level]}单位，文件却在 {level}/ 目录下",
            f"把文件移到 content/{unit.level}/{unit.id}/zfxxgk/",
        )
    if unit.level == "village":
        return Problem(
            path,
            None,
            "PAGE-VILLAGE",
            "村（居）没有单独的政府信息公开平台",
            f"把该页放到所属乡镇的目录下：content/township/{unit.parent_id}/zfxxgk/",
        )
    return None
