"""The public register listing (routed by DocumentIndexPage) and the officers' admin screens."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from documents import selectors

PER_PAGE = 20


def register_listing(request, *, index_page):
    filters = selectors.parse_filters(request.GET)
    documents, facets = selectors.register_page(filters)
    page_obj = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    context = index_page.get_context(request)
    feed_urls = {name: index_page.url + index_page.reverse_subpage(name) for name in ("rss", "atom")}
    context.update(
        {
            "feed_urls": feed_urls,
            "filters": filters,
            "facets": facets,
            "page_obj": page_obj,
            "documents": page_obj.object_list,
        }
    )
    return TemplateResponse(request, index_page.get_template(request), context)
