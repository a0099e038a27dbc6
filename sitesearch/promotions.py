"""Results officers promote for a query (Wagtail's search promotions), shown above the results."""

from __future__ import annotations

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from campaign_site.text import fold

from .query import ParsedQuery


def promoted_for(query: ParsedQuery) -> list[SearchPromotion]:
    """Live promoted pages (and external links) for the query as typed or folded."""
    keys = {normalise_query_string(query.text), fold(normalise_query_string(query.text))}
    picks = SearchPromotion.objects.filter(query__query_string__in=keys).select_related("page").order_by("sort_order")
    return [pick for pick in picks[:5] if pick.page is None or pick.page.live]
