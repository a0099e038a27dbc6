"""Template contexts of the organisation pages (called from the page models' get_context)."""

from organisation import selectors


def index_context(page, request) -> dict:
    return {"chart": selectors.chart(page.locale, request=request)}


def unit_context(page, request) -> dict:
    unit = page.unit
    ancestors = [node for node in unit.ancestors() if node.pk != unit.pk and node.is_active]
    pages = selectors.unit_pages_by_unit(page.locale)
    return {
        "people": selectors.people_of(page),
        # "Trực thuộc": the units above, each linked to its page in this language when it has one.
        "above": [
            (pages[node.pk].title, pages[node.pk].get_url(request)) if node.pk in pages else (node.name, None)
            for node in ancestors
        ],
        "chart": selectors.chart(page.locale, root=unit, request=request),
    }
