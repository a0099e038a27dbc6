"""The register: constraints, relations both ways, the public list with filters and counts, the
detail page, feeds and search by number in every spelling."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.models import DocumentRelation, LegalDocumentPage, RelationKind
from documents.selectors import parse_filters, register_page

pytestmark = pytest.mark.django_db


def test_effective_date_before_issue_date_is_refused_by_form_and_database(make_document):
    document = make_document("61/2018/NĐ-CP")
    document.effective_on = dt.date(2018, 1, 1)
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "ngày hiệu lực" in str(error.value).lower() or "effective" in str(error.value).lower()
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalDocumentPage.objects.filter(pk=document.pk).update(effective_on=dt.date(2018, 1, 1))


@pytest.mark.parametrize("spelling", ["61/2018/NĐ-CP", "số 61/2018/nđ-cp", "61 / 2018 / ND-CP", "061/2018/NĐ–CP"])
def test_one_document_per_number_in_any_spelling(make_document, spelling):
    make_document("61/2018/NĐ-CP")
    duplicate = LegalDocumentPage(
        title="x",
        slug="x",
        kind="nghi-dinh",
        number_symbol=spelling,
        issuer="CP",
        issued_on=dt.date(2018, 1, 1),
        summary="s",
    )
    with pytest.raises(ValidationError):
        duplicate.clean()
    duplicate.number_key = "61/2018/nd-cp"
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalDocumentPage.objects.filter(pk=LegalDocumentPage.objects.get().pk).update(number_key="")


@pytest.mark.parametrize("bad", ["61/2018", "Nghị định", "abc", ""])
def test_unreadable_number_is_refused(make_document, bad):
    page = LegalDocumentPage(
        title="x",
        slug="x",
        kind="nghi-dinh",
        number_symbol=bad,
        issuer="CP",
        issued_on=dt.date(2018, 1, 1),
        summary="s",
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "number_symbol" in error.value.message_dict


def test_relation_to_itself_is_refused_by_the_database(make_document):
    document = make_document("61/2018/NĐ-CP")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(source=document, target=document, kind=RelationKind.REPLACES)


def test_relations_show_both_ways(client, make_document):
    old = make_document("63/2010/NĐ-CP", issued_on=dt.date(2010, 6, 8), status="replaced")
    new = make_document("61/2018/NĐ-CP")
    guide = make_document("01/2018/TT-VPCP", kind="thong-tu", issued_on=dt.date(2018, 11, 23))
    DocumentRelation.objects.create(source=new, target=old, kind=RelationKind.REPLACES)
    DocumentRelation.objects.create(source=guide, target=new, kind=RelationKind.GUIDES)

    new_html = client.get(new.url).content.decode()
    assert "Thay thế" in new_html and old.title in new_html
    assert "Được hướng dẫn bởi" in new_html and guide.title in new_html
    old_html = client.get(old.url).content.decode()
    assert "Bị thay thế bởi" in old_html and new.title in old_html
    assert "bị thay thế" in old_html  # its own status banner


def test_detail_page_shows_metadata(client, make_document, fields, units):
    document = make_document(
        "06/QĐ-TTg",
        kind="quyet-dinh",
        issuer="Thủ tướng Chính phủ",
        signer="Phạm Minh Chính",
        issued_on=dt.date(2022, 1, 6),
        effective_on=dt.date(2022, 1, 6),
        field=fields["cds"],
        units=[units["ward_a"]],
    )
    html = client.get(document.url).content.decode()
    for text in (
        "06/QĐ-TTg",
        "Thủ tướng Chính phủ",
        "Phạm Minh Chính",
        "6/1/2022",
        "Chuyển đổi số",
        "Còn hiệu lực",
        "Phường Tây Hồ",
        "Quyết định",
    ):
        assert text in html


@pytest.fixture
def sample(make_document, fields):
    return [
        make_document("61/2018/NĐ-CP", issued_on=dt.date(2018, 4, 23), field=fields["cchc"]),
        make_document("107/2021/NĐ-CP", issued_on=dt.date(2021, 12, 6), field=fields["cchc"]),
        make_document(
            "06/QĐ-TTg",
            kind="quyet-dinh",
            issuer="Thủ tướng Chính phủ",
            issued_on=dt.date(2022, 1, 6),
            field=fields["cds"],
        ),
        make_document("63/2010/NĐ-CP", issued_on=dt.date(2010, 6, 8), status="expired"),
        make_document("28/KH-UBND", kind="ke-hoach", issuer="UBND Thành phố Hà Nội", issued_on=dt.date(2024, 1, 25)),
        make_document("99/2024/NĐ-CP", issued_on=dt.date(2024, 1, 1), publish=False),  # a draft: never listed
    ]


def _numbers(**params):
    documents, _facets = register_page(parse_filters(params))
    return [document.number_symbol for document in documents]


def test_list_sorted_by_issue_date_newest_first_and_drafts_hidden(sample):
    assert _numbers() == ["28/KH-UBND", "06/QĐ-TTg", "107/2021/NĐ-CP", "61/2018/NĐ-CP", "63/2010/NĐ-CP"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "quyet-dinh"}, ["06/QĐ-TTg"]),
        ({"issuer": "Chính phủ"}, ["107/2021/NĐ-CP", "61/2018/NĐ-CP", "63/2010/NĐ-CP"]),
        ({"year": "2018"}, ["61/2018/NĐ-CP"]),
        ({"field": "cai-cach-hanh-chinh"}, ["107/2021/NĐ-CP", "61/2018/NĐ-CP"]),
        ({"status": "expired"}, ["63/2010/NĐ-CP"]),
        ({"kind": "nghi-dinh", "status": "in-force"}, ["107/2021/NĐ-CP", "61/2018/NĐ-CP"]),
        # Unknown values are dropped, never an error.
        (
            {"kind": "<script>", "year": "abc", "status": "x"},
            ["28/KH-UBND", "06/QĐ-TTg", "107/2021/NĐ-CP", "61/2018/NĐ-CP", "63/2010/NĐ-CP"],
        ),
        ({"year": "99999"}, ["28/KH-UBND", "06/QĐ-TTg", "107/2021/NĐ-CP", "61/2018/NĐ-CP", "63/2010/NĐ-CP"]),
    ],
)
def test_filters(sample, params, expected):
    assert _numbers(**params) == expected


def test_facet_counts_follow_the_other_filters(sample):
    _documents, facets = register_page(parse_filters({"kind": "nghi-dinh"}))
    by_name = {facet.name: {value: count for value, _label, count in facet.options} for facet in facets}
    assert by_name["kind"] == {"nghi-dinh": 3, "quyet-dinh": 1, "ke-hoach": 1}  # counted without its own filter
    assert by_name["status"] == {"in-force": 2, "expired": 1}
    assert by_name["year"] == {"2021": 1, "2018": 1, "2010": 1}
    assert by_name["field"] == {"cai-cach-hanh-chinh": 2}


@pytest.mark.parametrize(
    "query",
    [
        "61/2018/NĐ-CP",
        "61/2018/nd-cp",
        "số 61/2018/NĐ-CP",
        "Nghị định 61/2018",
        "NĐ 61/2018",
        "nghi dinh so 61/2018/nd-cp",
        "61/2018/ND-CP",
        "61-2018-nđ-cp",
        "  61 / 2018 / NĐ - CP ",
    ],
)
def test_register_search_by_number_in_every_spelling(sample, query):
    assert _numbers(q=query) == ["61/2018/NĐ-CP"]


def test_register_search_by_summary_words(sample, make_document):
    make_document(
        "45/2020/NĐ-CP",
        issued_on=dt.date(2020, 4, 8),
        summary="Về thực hiện thủ tục hành chính trên môi trường điện tử",
    )
    assert _numbers(q="moi truong dien tu") == ["45/2020/NĐ-CP"]
    assert _numbers(q="môi trường điện tử") == ["45/2020/NĐ-CP"]


@pytest.mark.parametrize("query", ["61/2018/nd-cp", "số 61/2018/NĐ-CP", "NĐ 61/2018", "Nghị định 61/2018/NĐ-CP"])
def test_site_search_finds_the_document_by_number(client, sample, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert f'href="{sample[0].url}"' in html
    assert f'href="{sample[1].url}"' not in html


def test_public_list_page_with_filters_counts_and_feeds(client, register, sample):
    response = client.get(register.url, {"kind": "nghi-dinh"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nghị định (3)" in html and "Quyết định (1)" in html
    assert "61/2018/NĐ-CP" in html and "06/QĐ-TTg" not in html
    assert "hết hiệu lực" in html  # the expired one carries its mark in the list
    for suffix, marker in (("rss/", "<rss"), ("atom/", "<feed")):
        feed = client.get(register.url + suffix)
        assert feed.status_code == 200
        body = feed.content.decode()
        assert marker in body and "Nghị định số 61/2018/NĐ-CP" in body and "99/2024" not in body


def test_bad_query_strings_never_fail(client, register, sample):
    for params in ({"page": "999"}, {"page": "x"}, {"q": "x" * 5000}, {"q": "'; DROP TABLE x; --"}, {"year": "-1"}):
        assert client.get(register.url, params).status_code == 200
