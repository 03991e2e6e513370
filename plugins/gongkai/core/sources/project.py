"""A project as read from catalogs/: `load_project()` composes the readers of this package (no MkDocs imports).

The registries (units, domains, topics, genres, standard catalogs and every unit's adjustments, 站群 sites),
the working-day calendar (chinesecalendar with the years staff entered in holidays.yml) and the 专题专栏 of
columns.yml. Content (content/) is read by the checks (core/checks/content.py), which report every problem of
every file; ledgers and compliance rules by the stages that need them.
"""

from __future__ import annotations

import dataclasses
import os

from ..base.problems import ContentError
from ..base.workdays import HolidayCalendar
from .columns import Column, load_columns
from .registry import Registry, load_registry


@dataclasses.dataclass
class Project:
    root: str  # the project root (where mkdocs.yml is)
    registry: Registry
    columns: list[Column]  # 专题专栏 (catalogs/columns.yml; [] without the file)

    @property
    def calendar(self) -> HolidayCalendar:
        """Working days of this project: the official calendar and catalogs/holidays.yml."""
        return self.registry.calendar


def load_project(project_root: str, catalogs_dir: str) -> Project:
    """Read catalogs/ (`catalogs_dir`: relative to the project root, or absolute); raise ContentError listing
    every problem of the registries, then of columns.yml."""
    catalogs = catalogs_dir if os.path.isabs(catalogs_dir) else os.path.join(project_root, catalogs_dir)
    registry = load_registry(catalogs, project_root)
    return Project(project_root, registry, load_columns(registry, project_root))


__all__ = ["ContentError", "Project", "load_project"]
