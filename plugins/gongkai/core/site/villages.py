"""村（居）务公开 roll-up: villages' publications on their township's pages (no MkDocs imports).

Villages and communities publish their own items (``village/<id>/…``), catalogued by the 村级 rows of
the domain catalogs and by ``catalogs/standard/cunwu-gongkai.yml`` (the self-governance list:
quarterly matters, monthly finances, major matters at once). The township compiles the 乡、村级 items
(core/sources/catalogs.py), so:

* a village item filed under a row whose 公开层级 includes 村级 also counts for the village's township —
  the township's catalog row lists it (core/compliance/coverage.py `rollup`, which the site and the
  compliance report share);
* `attach_villages(generated, corpus, as_of)`: the township's page lists each village with its latest
  items and its own catalog coverage (已公开 / 未公开 / 逾期).
"""

from __future__ import annotations

from ..compliance.coverage import compute_coverage
from ..model import urls
from .views import UnitView, VillageSummary

LATEST_SHOWN = 3


def attach_villages(generated: dict, corpus, as_of) -> None:
    """Give every township page (its first list page) the villages' latest items and coverage."""
    registry = corpus.registry
    villages = [u for u in registry.units_in_order() if u.level == "village" and u.parent is not None
                and u.parent.level == "township"]
    if not villages:
        return
    coverage = compute_coverage(registry, corpus.items.values(), as_of, units=villages)
    by_village = corpus.group(lambda i: i.publisher.id)
    for village in villages:
        view = generated.get(urls.page_src(village.parent.url))
        if not isinstance(view, UnitView):
            continue
        view.villages.append(VillageSummary(village, by_village.get(village.id, [])[:LATEST_SHOWN],
                                            len(by_village.get(village.id, [])), coverage.unit_counts(village)))
