"""Documents fixtures: the register page and a maker of published register entries."""

import datetime as dt

import pytest

from documents.models import DocumentField, DocumentIndexPage, LegalDocumentPage
from documents.references import key_of
from documents.services import document_title


@pytest.fixture
def register(home) -> DocumentIndexPage:
    index = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban"))
    index.save_revision().publish()
    return DocumentIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def fields(db) -> dict[str, DocumentField]:
    return {
        "cchc": DocumentField.objects.create(name="Cải cách hành chính", slug="cai-cach-hanh-chinh"),
        "cds": DocumentField.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so"),
    }


@pytest.fixture
def make_document(register):
    def _make(number_symbol: str, kind: str = "nghi-dinh", *, publish: bool = True, **extra) -> LegalDocumentPage:
        defaults = {
            "issuer": "Chính phủ",
            "issued_on": dt.date(2018, 4, 23),
            "summary": f"Trích yếu của văn bản {number_symbol}",
        }
        defaults.update(extra)
        units = defaults.pop("units", [])
        slug = defaults.pop("slug", key_of(number_symbol).replace("/", "-"))
        page = LegalDocumentPage(
            title=document_title(kind, number_symbol),
            slug=slug,
            kind=kind,
            number_symbol=number_symbol,
            live=publish,
            **defaults,
        )
        register.add_child(instance=page)
        if units:
            page.units.set(units)
            page.save()
        revision = page.save_revision()
        if publish:
            revision.publish()
        return LegalDocumentPage.objects.get(pk=page.pk)

    return _make


# Pages that cite documents: the news, bulletins and plans fixtures, shared as they are.
from tests.news.conftest import categories, make_article, make_story, news_index, story_index  # noqa: E402, F401
from tests.plans.conftest import plan_index  # noqa: E402, F401
