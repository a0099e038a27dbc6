"""Relations edited in the admin: a relation to itself and a cycle of "replaces" are refused with a
Vietnamese message; a valid relation is saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from documents.models import DocumentRelation, LegalDocumentPage, RelationKind

pytestmark = pytest.mark.django_db


def _post(client, document, relations):
    """Publish the document with these relations (relations of a live page take effect on publish)."""
    data = nested_form_data(
        {
            "title": document.title,
            "slug": document.slug,
            "kind": document.kind,
            "number_symbol": document.number_symbol,
            "issuer": document.issuer,
            "signer": "",
            "issued_on": document.issued_on.isoformat(),
            "effective_on": "",
            "status": document.status,
            "field": "",
            "summary": document.summary,
            "files": inline_formset([]),
            "relations": inline_formset([{"kind": kind, "target": target.pk} for kind, target in relations]),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[document.pk]), data)


@pytest.fixture
def chain(make_document):
    """c replaces b, b replaces a."""
    a = make_document("63/2010/NĐ-CP")
    b = make_document("92/2017/NĐ-CP")
    c = make_document("61/2018/NĐ-CP")
    DocumentRelation.objects.create(source=b, target=a, kind=RelationKind.REPLACES)
    DocumentRelation.objects.create(source=c, target=b, kind=RelationKind.REPLACES)
    return a, b, c


@pytest.mark.parametrize("which", ["direct", "through"])
def test_cycle_of_replaces_is_refused(client, officer, chain, which):
    a, b, c = chain
    client.force_login(officer)
    target = b if which == "direct" else c  # a replaces b (b replaces a) / a replaces c (c → b → a)
    response = _post(client, a, [(RelationKind.REPLACES, target)])
    assert response.status_code == 200
    assert "không thể tạo vòng thay thế" in response.content.decode()
    assert not DocumentRelation.objects.filter(source=a).exists()


def test_relation_to_itself_is_refused(client, officer, chain):
    a, _b, _c = chain
    client.force_login(officer)
    response = _post(client, a, [(RelationKind.AMENDS, a)])
    assert response.status_code == 200
    assert "không thể liên quan đến chính nó" in response.content.decode()
    assert not DocumentRelation.objects.filter(source=a).exists()


def test_valid_relation_is_saved(client, officer, chain, make_document):
    a, _b, c = chain
    guide = make_document("01/2018/TT-VPCP", kind="thong-tu")
    client.force_login(officer)
    response = _post(client, guide, [(RelationKind.GUIDES, c), (RelationKind.AMENDS, a)])
    assert response.status_code == 302
    assert DocumentRelation.objects.filter(source=guide).count() == 2


def test_effective_date_before_issue_date_is_refused_in_the_admin(client, officer, chain):
    a, _b, _c = chain
    client.force_login(officer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[a.pk]),
        nested_form_data(
            {
                "title": a.title,
                "slug": a.slug,
                "kind": a.kind,
                "number_symbol": a.number_symbol,
                "issuer": a.issuer,
                "issued_on": "2018-04-23",
                "effective_on": "2018-01-01",
                "status": a.status,
                "summary": a.summary,
                "files": inline_formset([]),
                "relations": inline_formset([]),
                "comments": inline_formset([]),
            }
        ),
    )
    assert response.status_code == 200
    assert "Ngày hiệu lực không thể trước ngày ban hành." in response.content.decode()


def test_register_entries_cannot_be_copied(client, officer, chain):
    """A copy would hold the same number and symbol (unique): the copy action is not offered."""
    a, _b, _c = chain
    assert not a.permissions_for_user(officer).can_copy()
    client.force_login(officer)
    response = client.get(reverse("wagtailadmin_pages:copy", args=[a.pk]))
    assert response.status_code in (302, 403)
    assert LegalDocumentPage.objects.count() == 3
