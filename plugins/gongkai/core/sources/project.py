"""A project as read from catalogs/: `load_project()` composes the readers of this package (no MkDocs imports).

The registries (units, domains, topics, genres, standard catalogs and every unit's adjustments, 站群 sites),
the working-day calendar (chinesecalendar with the years staff entered in holidays.yml), the 专题专栏 of
columns.yml, the search synonyms of synonyms.yml and the compliance rules of compliance.yml. Content
(content/) is read by the checks (core/checks/content.py), which report every problem of every file, and the
年报 ledgers with it (they count the items).
"""

from __future__ import annotations

import dataclasses
import os

from ..base.problems import ContentError
from ..base.workdays import HolidayCalendar
from .columns import Column, load_columns
from .registry import Registry, load_registry
from .rules import RULES_FILE, Rules, load_rules
from .synonyms import Synonyms, load_synonyms


@dataclasses.dataclass
class Project:
    root: str  # the project root (where mkdocs.yml is)
    registry: Registry
    columns: list[Column]  # 专题专栏 (catalogs/columns.yml; [] without the file)
    synonyms: Synonyms  # search synonyms (catalogs/synonyms.yml; none without the file)
    rules: Rules | None  # compliance rules (catalogs/compliance.yml); None without the file

    @property
    def calendar(self) -> HolidayCalendar:
        """Working days of this project: the official calendar and catalogs/holidays.yml."""
        return self.registry.calendar


def load_project(project_root: str, catalogs_dir: str) -> Project:
    """Read catalogs/ (`catalogs_dir`: relative to the project root, or absolute); raise ContentError listing
    every problem of the registries, else of columns.yml, synonyms.yml and compliance.yml together."""
    catalogs = catalogs_dir if os.path.isabs(catalogs_dir) else os.path.join(project_root, catalogs_dir)
    rel = os.path.relpath(catalogs, project_root).replace(os.sep, "/")
    registry = load_registry(catalogs, project_root)
    problems = []

    def load(reader, default):
        try:
            return reader()
        except ContentError as exc:
            problems.extend(exc.problems)
            return default

    columns = load(lambda: load_columns(registry, project_root), [])
    synonyms = load(lambda: load_synonyms(catalogs, rel), Synonyms([]))
    has_rules = os.path.isfile(os.path.join(catalogs, RULES_FILE))
    rules = load(lambda: load_rules(catalogs, project_root), None) if has_rules else None
    if problems:
        raise ContentError(problems)
    return Project(project_root, registry, columns, synonyms, rules)


__all__ = ["ContentError", "Project", "load_project"]
