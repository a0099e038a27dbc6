"""References in article bodies, bulletin items and plan texts link to the register when rendered;
unknown ones stay plain and appear in the officers' report; citations are recorded on publish."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.rich_text import RichText

from bulletins.models import BulletinIndexPage, BulletinItem, BulletinPage
from documents.linking import link_references
from documents.models import Citation
from documents.selectors import missing_references
from plans.models import CampaignPlanPage

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Thực hiện Nghị định số 61/2018/NĐ-CP và NĐ 61/2018, Quyết định 06/QĐ-TTg, "
    "Kế hoạch số 28/KH-UBND ngày 22/3/2024; tỷ lệ 84,57%.</p>"
    '<p><a href="/x/">Nghị định 61/2018/NĐ-CP</a> đã có liên kết.</p>'
)


def _article(make_article, html=BODY):
    return make_article(body=[("paragraph", RichText(html))])


def test_links_known_references_and_leaves_unknown_ones_plain(make_document):
    decree = make_document("61/2018/NĐ-CP")
    html = link_references(BODY)
    assert html.count(f'href="{decree.url}"') == 2  # both spellings
    assert "Quyết định 06/QĐ-TTg" in html and "06/QĐ-TTg</a>" not in html  # not registered: plain
    assert '<a href="/x/">Nghị định 61/2018/NĐ-CP</a>' in html  # an existing link is left alone
    assert "22/3/2024" in html and "84,57%" in html


def test_not_in_force_document_is_marked_wherever_cited(make_document):
    make_document("63/2010/NĐ-CP", status="expired")
    make_document("06/QĐ-TTg", kind="quyet-dinh", status="replaced")
    html = link_references("<p>Nghị định 63/2010/NĐ-CP; Quyết định 06/QĐ-TTg.</p>")
    assert html.count("legal-ref--not-in-force") == 2
    assert "(hết hiệu lực)" in html and "(bị thay thế)" in html


def test_markup_and_escaping_survive(make_document):
    make_document("61/2018/NĐ-CP")
    source = (
        '<p title="61/2018/NĐ-CP">a &amp; b &lt;c&gt; 61/2018/NĐ-CP</p><script>var x = "61/2018/NĐ-CP" && 1;</script>'
    )
    html = link_references(source)
    assert 'title="61/2018/NĐ-CP"' in html  # attributes untouched
    assert "a &amp; b &lt;c&gt; <a " in html
    assert '<script>var x = "61/2018/NĐ-CP" && 1;</script>' in html


def test_one_query_for_all_references(make_document):
    for number in ("61/2018/NĐ-CP", "06/QĐ-TTg", "28/KH-UBND", "79/TB-VPCP"):
        make_document(number, kind="khac")
    text = "<p>" + " ".join(["61/2018/NĐ-CP 06/QĐ-TTg 28/KH-UBND 79/TB-VPCP 1/2099/NĐ-CP"] * 30) + "</p>"
    link_references(text)  # warm the site-root cache used to build URLs
    with CaptureQueriesContext(connection) as queries:
        html = link_references(text)
    assert len(queries) == 1
    assert html.count("<a ") == 120


def test_text_without_references_costs_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert link_references("<p>Không có số hiệu nào, chỉ ngày 22/3/2024.</p>") == (
            "<p>Không có số hiệu nào, chỉ ngày 22/3/2024.</p>"
        )
    assert len(queries) == 0


def test_article_page_links_and_the_cached_body_follows_the_register(client, make_article, make_document):
    article = _article(make_article)
    first = client.get(article.url).content.decode()
    assert "legal-ref" not in first  # nothing registered yet
    decree = make_document("61/2018/NĐ-CP")  # publishing a document expires the cached body
    second = client.get(article.url).content.decode()
    assert f'class="legal-ref" href="{decree.url}"' in second
    decree.status = "expired"
    decree.save_revision().publish()
    third = client.get(article.url).content.decode()
    assert "legal-ref--not-in-force" in third and "(hết hiệu lực)" in third


def test_bulletin_items_and_plan_texts_are_linked(client, home, plan_index, make_document):
    decree = make_document("61/2018/NĐ-CP")
    index = home.add_child(instance=BulletinIndexPage(title="Bản tin", slug="ban-tin"))
    index.save_revision().publish()
    bulletin = BulletinPage(title="Bản tin CCHC ngày 22/3/2024", slug="ban-tin-20240322", date=dt.date(2024, 3, 22))
    bulletin.items.add(
        BulletinItem(
            heading="Một cửa",
            summary="Triển khai Nghị định 61/2018/NĐ-CP tại phường.",
            credit="Hanoimoi.vn",
            original_date=dt.date(2024, 3, 21),
        )
    )
    index.add_child(instance=bulletin)
    bulletin.save_revision().publish()
    html = client.get(bulletin.url).content.decode()
    assert f'href="{decree.url}"' in html

    plan = plan_index.add_child(
        instance=CampaignPlanPage(
            title="Kế hoạch 2026",
            slug="ke-hoach-2026",
            year=2026,
            purposes=RichText("<p>Tuyên truyền Nghị định số 61/2018/NĐ-CP.</p>"),
        )
    )
    plan.save_revision().publish()
    html = client.get(plan.url).content.decode()
    assert f'href="{decree.url}"' in html

    # Both recorded as citing the decree, and listed on its page.
    assert set(Citation.objects.filter(number_key="61/2018/nd-cp").values_list("page_id", flat=True)) >= {
        bulletin.pk,
        plan.pk,
    }
    decree_html = client.get(decree.url).content.decode()
    assert "Bản tin CCHC ngày 22/3/2024" in decree_html and "Kế hoạch 2026" in decree_html


def test_citations_recorded_on_publish_and_replaced_on_republish(make_article):
    article = _article(make_article)
    assert dict(Citation.objects.filter(page=article).values_list("number_key", "occurrences")) == {
        "61/2018/nd-cp": 3,
        "6/qd-ttg": 1,
        "28/kh-ubnd": 1,
    }
    article.body = [("paragraph", RichText("<p>Chỉ còn Thông báo số 79/TB-VPCP.</p>"))]
    article.save_revision().publish()
    assert list(Citation.objects.filter(page=article).values_list("number_key", flat=True)) == ["79/tb-vpcp"]


def test_missing_report_counts_pages_and_citations(client, make_article, make_document, officer, ward_editor):
    _article(make_article)
    _article(make_article, "<p>Quyết định 06/QĐ-TTg, lại Quyết định số 06/QĐ-TTg.</p>")
    make_article(body=[("paragraph", RichText("<p>Quyết định 06/QĐ-TTg.</p>"))], live=False)  # drafts do not count
    make_document("61/2018/NĐ-CP")
    rows = {row.number_key: (row.pages, row.occurrences) for row in missing_references()}
    assert rows == {"6/qd-ttg": (2, 3), "28/kh-ubnd": (1, 1)}
    assert next(iter(rows)) == "6/qd-ttg"  # most cited first

    client.force_login(officer)
    html = client.get(reverse("documents_missing")).content.decode()
    assert "Văn bản được nhắc đến nhưng chưa có trong kho" in html and "6/qd-ttg" in html
    assert client.get(reverse("documents_missing_pages", args=["6/qd-ttg"])).status_code == 200


def test_missing_report_needs_the_permission(client, screen_operator):
    client.force_login(screen_operator)  # an admin user without the citations permission
    response = client.get(reverse("documents_missing"))
    assert response.status_code == 302  # Wagtail turns PermissionDenied into a redirect with a message
    assert "documents-register/missing" not in response["Location"]
