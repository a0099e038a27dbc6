"""Digests: daily or weekly, what was published in the period, of the reader's topics and places,
once per period, and nothing when nothing is new."""

import datetime as dt

import pytest
from django.utils import timezone

from news.models import Category, NewsArticlePage, NewsIndexPage
from subscriptions import delivery, selectors
from subscriptions.models import Delivery, DigestRun
from subscriptions.models.deliveries import DeliveryStatus

from .conftest import header

TODAY = dt.date(2026, 12, 5)
SEND_AT = timezone.make_aware(dt.datetime(2026, 12, 5, 8, 0))  # after 07:30, a Saturday


@pytest.fixture
def news(home, units):
    index = home.add_child(instance=NewsIndexPage(title="Tin cải cách", slug="tin-tuc"))
    index.save_revision().publish()
    local = Category.objects.create(name="Cải cách địa phương", slug="cai-cach-dia-phuong")
    digital = Category.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    counter = {"n": 0}

    def article(title, *, category, published, unit=None):
        counter["n"] += 1
        page = NewsArticlePage(title=title, slug=f"bai-{counter['n']}", lead=f"Tóm tắt: {title}.", category=category)
        index.add_child(instance=page)
        if unit:
            page.units.set([unit])
            page.save()
        page.save_revision().publish()
        NewsArticlePage.objects.filter(pk=page.pk).update(first_published_at=published)
        return page

    day = lambda d, h=10: timezone.make_aware(dt.datetime.combine(d, dt.time(h)))  # noqa: E731
    yesterday = TODAY - dt.timedelta(days=1)
    pages = {
        "yesterday_local": article(
            "Tây Hồ số hoá hồ sơ", category=local, published=day(yesterday), unit=units["ward_a"]
        ),
        "yesterday_digital": article("Đề án 06 mở rộng", category=digital, published=day(yesterday, 15)),
        "today": article("Tin hôm nay", category=local, published=day(TODAY, 6)),
        "last_week": article("Tin tuần trước", category=digital, published=day(TODAY - dt.timedelta(days=5))),
        "long_ago": article("Tin cũ", category=local, published=day(TODAY - dt.timedelta(days=30))),
    }
    return {"local": local, "digital": digital, "pages": pages}


def test_daily_digest_has_yesterdays_news_of_the_chosen_topics_once(smtp_server, home, news, make_subscriber):
    everything = make_subscriber("tatca@example.vn", wants_bulletin=False, digest="daily")
    digital_only = make_subscriber("cds@example.vn", wants_bulletin=False, digest="daily")
    digital_only.categories.set([news["digital"]])
    make_subscriber("tuan@example.vn", wants_bulletin=False, digest="weekly")

    report = delivery.send_digests(frequency="daily", now=SEND_AT)
    assert report.sent == 2
    [mail] = smtp_server.to("tatca@example.vn")
    assert header(mail, "Subject") == "Tin CCHC ngày 5/12/2026"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Tây Hồ số hoá hồ sơ" in text and "Đề án 06 mở rộng" in text
    assert "Tin hôm nay" not in text and "Tin tuần trước" not in text
    assert "Tây Hồ số hoá hồ sơ" in html and header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    [narrow] = smtp_server.to("cds@example.vn")
    narrow_text = narrow.get_body(preferencelist=("plain",)).get_content()
    assert "Đề án 06 mở rộng" in narrow_text and "Tây Hồ" not in narrow_text
    assert smtp_server.to("tuan@example.vn") == []
    # A second round for the same day sends nothing more.
    assert delivery.send_digests(frequency="daily", now=SEND_AT + dt.timedelta(hours=1)).sent == 0
    delivery.send_due_mail(now=SEND_AT + dt.timedelta(hours=2))
    assert len(smtp_server.to("tatca@example.vn")) == 1
    assert Delivery.objects.filter(subscriber=everything, status=DeliveryStatus.SENT).count() == 1


def test_place_filter_includes_the_units_below(smtp_server, home, news, make_subscriber, units):
    city_reader = make_subscriber("thanhpho@example.vn", wants_bulletin=False, digest="daily")
    city_reader.units.set([units["city"]])
    ward_b_reader = make_subscriber("badinh@example.vn", wants_bulletin=False, digest="daily")
    ward_b_reader.units.set([units["ward_b"]])
    delivery.send_digests(frequency="daily", now=SEND_AT)
    assert "Tây Hồ số hoá hồ sơ" in smtp_server.to("thanhpho@example.vn")[0].get_body(("plain",)).get_content()
    assert smtp_server.to("badinh@example.vn") == []  # nothing about Ba Đình: no empty digest


def test_weekly_digest_covers_seven_days_on_its_weekday(smtp_server, home, news, make_subscriber):
    make_subscriber("tuan@example.vn", wants_bulletin=False, digest="weekly")
    from subscriptions.composing import mail_settings

    chosen = mail_settings()
    chosen.weekly_digest_weekday = SEND_AT.weekday()
    chosen.save()
    assert set(selectors.digests_due(now=SEND_AT)) == {"daily", "weekly"}
    delivery.send_due_mail(now=SEND_AT)
    [mail] = smtp_server.to("tuan@example.vn")
    assert header(mail, "Subject") == "Tin CCHC trong tuần đến ngày 5/12/2026"
    text = mail.get_body(("plain",)).get_content()
    assert "Tin tuần trước" in text and "Tây Hồ số hoá hồ sơ" in text and "Tin cũ" not in text
    assert selectors.digests_due(now=SEND_AT + dt.timedelta(minutes=5)) == []
    assert DigestRun.objects.filter(key="weekly:2026-12-05").exists()


def test_digests_wait_for_the_send_time(home, news):
    assert selectors.digests_due(now=timezone.make_aware(dt.datetime(2026, 12, 5, 7, 0))) == []
