"""The editors' inbox in the Wagtail admin: listing, filters, picking into a bulletin, dismissing,
drafting, fetching now, OPML export, permissions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletins import services
from bulletins.models import BulletinPage, FeedItem, ItemStatus, KeywordRule

pytestmark = pytest.mark.django_db


def rss(*titles: str, day: dt.date) -> bytes:
    stamp = f"{day:%d/%m/%Y} 08:00"
    items = "".join(
        f"<item><title>{t}</title><guid>g{n}</guid><link>https://bao.vn/{n}.html</link>"
        f"<description>Tóm tắt tin {n}.</description><author>Tác giả {n}</author><pubDate>{stamp}</pubDate></item>"
        for n, t in enumerate(titles)
    )
    return f'<rss version="2.0"><channel><title>Báo</title>{items}</channel></rss>'.encode()


@pytest.fixture
def today_items(make_source, rules):
    source = make_source(name="Kinh tế & Đô thị", credit_label="Kinhtedothi.vn")
    services.ingest_feed_bytes(
        source,
        rss(
            "Tây Hồ đẩy mạnh cải cách hành chính và chuyển đổi số",
            "Giá rau tăng mạnh",
            "Thủ tục hành chính được rút gọn",
            "Bóng đá cuối tuần",
            day=timezone.localdate(),
        ),
    )
    return {item.title: item for item in FeedItem.objects.all()}


@pytest.fixture
def officer_client(client, officer, bulletin_index):
    client.force_login(officer)
    return client


def test_inbox_lists_todays_candidates_by_score(officer_client, today_items, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = officer_client.get(reverse("bulletins_inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    first = html.index("Tây Hồ đẩy mạnh cải cách hành chính")
    assert first < html.index("Thủ tục hành chính được rút gọn") < html.index("Bóng đá cuối tuần")
    assert "Giá rau tăng mạnh" not in html  # excluded by a rule
    assert '<li class="is-exact">cải cách hành chính' in html  # the matched keyword is shown
    assert "Hộp tin báo chí" in html


def test_inbox_filters(officer_client, today_items, make_source, sections):
    other = make_source()
    services.ingest_feed_bytes(other, rss("Một cửa liên thông ở Ba Đình", day=timezone.localdate()))
    url = reverse("bulletins_inbox")
    by_source = officer_client.get(url, {"source": other.pk}).content.decode()
    assert "Một cửa liên thông ở Ba Đình" in by_source and "Tây Hồ đẩy mạnh" not in by_source
    by_section = officer_client.get(url, {"section": sections["admin"].pk}).content.decode()
    assert "Thủ tục hành chính được rút gọn" in by_section and "Tây Hồ đẩy mạnh" not in by_section
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert "Tây Hồ đẩy mạnh" not in officer_client.get(url, {"day": yesterday}).content.decode()
    with_excluded = officer_client.get(url, {"show_excluded": "on"}).content.decode()
    assert "Giá rau tăng mạnh" in with_excluded
    FeedItem.objects.filter(title__startswith="Tây Hồ").update(status=ItemStatus.DISMISSED)
    assert "Tây Hồ đẩy mạnh" not in officer_client.get(url).content.decode()
    assert "Tây Hồ đẩy mạnh" in officer_client.get(url, {"status": "dismissed"}).content.decode()
    assert "Tây Hồ đẩy mạnh" in officer_client.get(url, {"status": "all"}).content.decode()
    # Nonsense filters are ignored, never a 500.
    assert officer_client.get(url, {"day": "hôm qua", "source": "x", "status": "?"}).status_code == 200


def test_pick_creates_a_draft_bulletin_then_appends(officer_client, today_items, officer):
    today = timezone.localdate()
    first = today_items["Tây Hồ đẩy mạnh cải cách hành chính và chuyển đổi số"]
    second = today_items["Thủ tục hành chính được rút gọn"]
    url = reverse("bulletins_inbox_action")
    response = officer_client.post(url, {"action": "pick", "items": [first.pk], "bulletin_date": today.isoformat()})
    assert response.status_code == 302
    page = BulletinPage.objects.get(date=today)
    assert not page.live  # publishing goes through the workflow
    draft = page.get_latest_revision_as_object()
    (entry,) = draft.items.all()
    assert entry.heading == first.title and entry.credit == "Kinhtedothi.vn"
    assert entry.author == "Tác giả 0" and entry.source_url == "https://bao.vn/0.html"
    assert entry.original_date == today and entry.feed_item_id == first.pk
    assert page.get_latest_revision().user == officer

    officer_client.post(url, {"action": "pick", "items": [first.pk, second.pk], "bulletin_date": today.isoformat()})
    draft = BulletinPage.objects.get(date=today).get_latest_revision_as_object()
    assert [i.heading for i in draft.items.all()] == [first.title, second.title]  # no duplicate
    assert set(FeedItem.objects.filter(status=ItemStatus.PICKED).values_list("pk", flat=True)) == {first.pk, second.pk}


def test_dismiss_and_restore(officer_client, today_items):
    item = today_items["Bóng đá cuối tuần"]
    url = reverse("bulletins_inbox_action")
    officer_client.post(url, {"action": "dismiss", "items": [item.pk]})
    assert FeedItem.objects.get(pk=item.pk).status == ItemStatus.DISMISSED
    officer_client.post(url, {"action": "restore", "items": [item.pk]})
    assert FeedItem.objects.get(pk=item.pk).status == ItemStatus.NEW


def test_bad_actions_are_refused_readably(officer_client, today_items):
    url = reverse("bulletins_inbox_action")
    response = officer_client.post(url, {"action": "pick", "items": []}, follow=True)
    assert "Hãy chọn ít nhất một tin." in response.content.decode()
    response = officer_client.post(url, {"action": "delete-all", "items": [999999]}, follow=True)
    assert response.status_code == 200
    assert not BulletinPage.objects.exists()
    assert FeedItem.objects.filter(status=ItemStatus.NEW).count() == 4


def test_draft_action_takes_top_items_one_per_story(officer_client, today_items, make_source):
    copy_source = make_source()
    services.ingest_feed_bytes(
        copy_source, rss("Tây Hồ đẩy mạnh cải cách hành chính và chuyển đổi số!", day=timezone.localdate())
    )
    today = timezone.localdate()
    response = officer_client.post(reverse("bulletins_draft"), {"bulletin_date": today.isoformat()})
    page = BulletinPage.objects.get(date=today)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    headings = [i.heading for i in page.get_latest_revision_as_object().items.all()]
    assert headings == ["Tây Hồ đẩy mạnh cải cách hành chính và chuyển đổi số", "Thủ tục hành chính được rút gọn"]
    assert not page.live


def test_draft_with_nothing_relevant_says_so(officer_client, today_items):
    day = timezone.localdate() - dt.timedelta(days=30)
    response = officer_client.post(reverse("bulletins_draft"), {"bulletin_date": day.isoformat()}, follow=True)
    assert "chưa có gì để soạn" in response.content.decode()
    assert not BulletinPage.objects.exists()


def test_fetch_now_runs_the_task(officer_client, feed_server, make_source):
    make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    response = officer_client.post(reverse("bulletins_fetch_now"), follow=True)
    assert response.status_code == 200
    assert "Đã lấy tin từ 1 nguồn: 2 tin mới, 0 nguồn lỗi." in response.content.decode()


def test_opml_export(officer_client, make_source):
    make_source("https://kinhtedothi.vn/rss/chinh-tri.rss", name="Kinh tế & Đô thị", credit_label="Kinhtedothi.vn")
    response = officer_client.get(reverse("bulletins_opml_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert 'xmlUrl="https://kinhtedothi.vn/rss/chinh-tri.rss"' in body and 'text="Kinh tế &amp; Đô thị"' in body


def test_health_page_and_snippets_load(officer_client, make_source):
    source = make_source()
    source.last_error = "Máy chủ trả về mã trạng thái HTTP 500."
    source.consecutive_failures = 2
    source.save()
    assert "HTTP 500" in officer_client.get(reverse("bulletins_sources_health")).content.decode()
    for name in ("feedsource", "keywordrule", "bulletinsection"):
        assert officer_client.get(reverse(f"wagtailsnippets_bulletins_{name}:list")).status_code == 200


def test_editing_a_rule_in_the_admin_rescores(officer_client, today_items, sections):
    item = today_items["Bóng đá cuối tuần"]
    assert item.score == 0
    response = officer_client.post(
        reverse("wagtailsnippets_bulletins_keywordrule:add"),
        {"phrase": "bóng đá", "weight": "4", "section": sections["local"].pk},
    )
    assert response.status_code == 302
    assert KeywordRule.objects.filter(phrase="bóng đá").exists()
    assert FeedItem.objects.get(pk=item.pk).score > 0


def test_ward_editor_cannot_use_the_inbox(client, ward_editor, today_items):
    client.force_login(ward_editor)
    assert client.get(reverse("bulletins_inbox")).status_code in (302, 403)
    item = next(iter(today_items.values()))
    client.post(reverse("bulletins_inbox_action"), {"action": "dismiss", "items": [item.pk]})
    assert FeedItem.objects.get(pk=item.pk).status == ItemStatus.NEW


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("bulletins_inbox"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_bulletin_editor_pages_load_and_refuse_a_second_bulletin_for_a_date(officer_client, bulletin_index):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    add_url = reverse("wagtailadmin_pages:add", args=["bulletins", "bulletinpage", bulletin_index.pk])
    assert officer_client.get(add_url).status_code == 200

    def data(slug):
        return nested_form_data(
            {
                "title": "Bản tin Cải cách hành chính ngày 22/3/2024",
                "slug": slug,
                "date": "2024-03-22",
                "intro": "",
                "items": inline_formset(
                    [
                        {
                            "heading": "Tây Hồ chia sẻ kinh nghiệm",
                            "summary": "Tóm tắt.",
                            "credit": "Kinhtedothi.vn",
                            "original_date": "2024-03-21",
                            "author": "",
                            "source_url": "https://kinhtedothi.vn/a.html",
                            "section": "",
                        }
                    ]
                ),
            }
        )

    assert officer_client.post(add_url, data("2024-03-22")).status_code == 302
    page = BulletinPage.objects.get(date=dt.date(2024, 3, 22))
    assert officer_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    response = officer_client.post(add_url, data("ban-sao"))
    assert response.status_code == 200
    assert "Đã có bản tin cho ngày này." in response.content.decode()
    assert BulletinPage.objects.count() == 1
