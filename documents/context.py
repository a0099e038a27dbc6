"""What the register's pages show besides their own fields (page models call these; no views)."""

from django.core.paginator import Paginator

from documents import selectors

PER_PAGE = 20


def listing_context(request, *, index_page) -> dict:
    """The register list: filters from the query string, the page of documents, facet counts, feeds."""
    filters = selectors.parse_filters(request.GET)
    documents, facets = selectors.register_page(filters)
    page_obj = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "feed_urls": {name: index_page.url + index_page.reverse_subpage(name) for name in ("rss", "atom")},
        "filters": filters,
        "facets": facets,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
    }


def document_context(document) -> dict:
    return {
        "relations": selectors.relations_of(document),
        "citing_pages": selectors.citing_pages(document),
        "files": list(document.files.select_related("document").order_by("sort_order")),
    }
