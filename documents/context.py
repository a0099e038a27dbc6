"""What a register entry's page shows besides its own fields."""

from documents import selectors


def document_context(document) -> dict:
    return {
        "relations": selectors.relations_of(document),
        "citing_pages": selectors.citing_pages(document),
        "files": list(document.files.select_related("document").order_by("sort_order")),
    }
