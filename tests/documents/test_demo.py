"""The demo register: about thirty real documents with relations, linked from demo articles, and a
row in the missing report; loading twice changes nothing."""

from io import StringIO

import pytest

from campaign_site.demo_loaders import demo_loaders
from documents.demo_content import DOCUMENTS
from documents.models import DocumentRelation, LegalDocumentPage
from documents.references import key_of
from documents.selectors import missing_references

pytestmark = pytest.mark.django_db


def test_demo_register_loads_idempotently_and_demo_articles_cite_it(client):
    from campaign_site import demo as site_demo
    from news import demo as news_demo

    loader = next(loader for loader in demo_loaders() if loader.label == "documents")
    assert loader.order == 55
    home, units = site_demo.load()
    news_demo.load(home=home, units=units, stdout=StringIO())
    lines = loader.load(home=home, units=units, stdout=StringIO())
    loader.load(home=home, units=units, stdout=StringIO())
    assert "28 văn bản" in lines[0]

    assert 25 <= LegalDocumentPage.objects.live().count() == len(DOCUMENTS)
    assert all(key_of(number) for number, *_rest in DOCUMENTS)  # every demo number is readable
    assert DocumentRelation.objects.count() == 10
    # The relations are in the pages' revisions too (the editor shows them).
    page = LegalDocumentPage.objects.get(number_key="118/2025/nd-cp")
    assert len(page.get_latest_revision_as_object().relations.all()) == 2

    decree = LegalDocumentPage.objects.get(number_key="61/2018/nd-cp")
    html = client.get(decree.url).content.decode()
    assert "Bị thay thế bởi" in html and "Được hướng dẫn bởi" in html and "Được nhắc đến trong" in html
    assert [row.number_key for row in missing_references()] == ["1/nq-cp"]
