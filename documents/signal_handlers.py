"""Citations are recorded when any page is published; a register entry's publication expires the
cached pages that cite it (their links and "no longer in force" marks change)."""

from wagtail.signals import page_published, page_unpublished


def _on_published(sender, instance, **kwargs):
    from documents import services
    from documents.models import LegalDocumentPage

    services.record_citations(page=instance)
    if isinstance(instance, LegalDocumentPage):
        _purge_citing(instance)


def _on_unpublished(sender, instance, **kwargs):
    from documents.models import LegalDocumentPage

    if isinstance(instance, LegalDocumentPage):
        _purge_citing(instance)


def _purge_citing(document) -> None:
    from campaign_site.purge import page_urls, purge_urls
    from documents.selectors import citing_pages

    urls = [url for page in citing_pages(document, limit=500) for url in page_urls(page)]
    if urls:
        purge_urls(urls)


def connect() -> None:
    from documents.models import Procedure
    from documents.slots import PROCEDURES_TOKEN

    PROCEDURES_TOKEN.forget_on_change(Procedure)  # a renamed or retired procedure leaves every box
    page_published.connect(_on_published, dispatch_uid="documents.citations.published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="documents.citations.unpublished")
