"""Signal handlers of search, connected by SiteSearchConfig.ready(): the expansion table and the
glossary suggestions are forgotten when the glossary or a synonym changes; titles and vocabulary
follow publishing."""

from django.db.models.signals import post_delete, post_save
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published, page_unpublished

from campaign_site.models import Abbreviation

from . import expansion, suggest, vocabulary
from .models import Synonym


def _forget(**kwargs):
    expansion.forget()
    suggest.forget()


def _synonym_saved(instance, **kwargs):
    _forget()
    vocabulary.add_terms(" ".join([instance.term, *instance.equivalent_list()]))


def _published(instance, **kwargs):
    vocabulary.page_published(instance)
    # Index the page again now that its child objects (a bulletin's items, a document's files) are
    # saved: Wagtail indexes on post_save, which fires before a page's children are written.
    if hasattr(instance, "folded_search_text"):
        insert_or_update_object_task.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))


def _unpublished(instance, **kwargs):
    vocabulary.page_unpublished(instance)


def connect() -> None:
    for model in (Abbreviation, Synonym):
        post_delete.connect(_forget, sender=model, dispatch_uid=f"sitesearch.forget.delete.{model.__name__}")
    post_save.connect(_forget, sender=Abbreviation, dispatch_uid="sitesearch.forget.save.abbreviation")
    post_save.connect(_synonym_saved, sender=Synonym, dispatch_uid="sitesearch.forget.save.synonym")
    page_published.connect(_published, dispatch_uid="sitesearch.titles.published")
    page_unpublished.connect(_unpublished, dispatch_uid="sitesearch.titles.unpublished")
