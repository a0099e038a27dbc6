"""Reads for the organisation pages: the chart of the unit tree and the unit pages in one language."""

from __future__ import annotations

from dataclasses import dataclass, field

from campaign_site.models import AdministrativeUnit
from campaign_site.models.units import UnitLevel
from organisation.models import UnitPage

# The chart lists a unit's sub-units by kind, departments first (the order of the unit levels).
LEVEL_ORDER = {
    level: position
    for position, level in enumerate((UnitLevel.AGENCY, UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE))
}


@dataclass
class ChartGroup:
    label: str
    nodes: list[ChartNode]


@dataclass
class ChartNode:
    unit: AdministrativeUnit
    url: str | None
    title: str  # the unit's page title in the chart's language, else the unit's name
    groups: list[ChartGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.nodes) for group in self.groups)


def unit_pages_by_unit(locale) -> dict[int, UnitPage]:
    """{unit id: its live page in `locale`}."""
    pages = UnitPage.objects.live().public().filter(locale=locale).select_related("locale")
    return {
        page.unit_id: page for page in pages.defer_streamfields().only("id", "title", "url_path", "unit_id", "locale")
    }


def unit_page_url(unit: AdministrativeUnit, locale, request=None) -> str | None:
    page = UnitPage.objects.live().public().filter(unit=unit, locale=locale).first()
    return page.get_url(request) if page else None


def chart(locale, *, root: AdministrativeUnit | None = None, request=None) -> list[ChartNode]:
    """The active unit tree (or `root`'s subtree) as nested nodes, each with its page's address in
    `locale` (None when the unit has no page there). Two queries, whatever the depth."""
    units = AdministrativeUnit.objects.active()
    if root is not None:
        units = units.subtree_of(root)
    # Parents before children, so a unit under an inactive one (absent here) is left out too.
    kept: list[AdministrativeUnit] = []
    kept_ids: set[int] = set()
    for unit in units.order_by("depth", "name"):
        if unit.parent_id is None or unit.parent_id in kept_ids or (root is not None and unit.pk == root.pk):
            kept.append(unit)
            kept_ids.add(unit.pk)
    units = kept
    pages = unit_pages_by_unit(locale)
    nodes = {}
    for unit in units:
        page = pages.get(unit.pk)
        nodes[unit.pk] = ChartNode(unit, page.get_url(request) if page else None, page.title if page else unit.name)
    top: list[ChartNode] = []
    children: dict[int, list[ChartNode]] = {}
    for unit in units:
        node = nodes[unit.pk]
        if unit.parent_id in nodes and (root is None or unit.pk != root.pk):
            children.setdefault(unit.parent_id, []).append(node)
        else:
            top.append(node)
    labels = dict(UnitLevel.choices)
    for parent_id, kids in children.items():
        by_level: dict[str, list[ChartNode]] = {}
        for kid in kids:
            by_level.setdefault(kid.unit.level, []).append(kid)
        nodes[parent_id].groups = [
            ChartGroup(str(labels.get(level, level)), by_level[level])
            for level in sorted(by_level, key=lambda level: LEVEL_ORDER.get(level, 99))
        ]
    return top


def people_of(page: UnitPage) -> dict[str, list]:
    """The page's people split into leaders and focal officials, in their editor's order."""
    people = list(page.people.all())
    return {
        "leaders": [person for person in people if person.role == "leader"],
        "focal": [person for person in people if person.role == "focal"],
    }


def index_page(locale):
    from organisation.models import UnitIndexPage

    return UnitIndexPage.objects.live().public().filter(locale=locale).first()


def top_unit_page(locale) -> UnitPage | None:
    """The page of the unit at the top of the tree (the city), in `locale`."""
    return (
        UnitPage.objects.live()
        .public()
        .filter(locale=locale, unit__parent__isnull=True, unit__is_active=True)
        .order_by("unit__path")
        .first()
    )
