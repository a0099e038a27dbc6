"""Automatic content per screen: news for its unit and city-wide, today's bulletin, the active poll
with its QR code, and the clock; each switchable. Uses the real news/bulletins/surveys selectors."""

import json
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from screens.models import Screen

from .conftest import auth


@pytest.fixture
def news(home, units):
    from news.models import Category, NewsArticlePage, NewsIndexPage

    index = home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    category = Category.objects.create(name="Cải cách", slug="cai-cach")
    made = {}
    for key, title, unit_list, hours in (
        ("ward_a", "Tây Hồ rút ngắn thời gian giải quyết hồ sơ", [units["ward_a"]], 1),
        ("city", "Thành phố công bố chỉ số hài lòng", [], 2),
        ("ward_b", "Ba Đình khai trương Bộ phận Một cửa mới", [units["ward_b"]], 3),
    ):
        article = NewsArticlePage(
            title=title,
            slug=key.replace("_", "-"),
            lead="Tóm tắt",
            category=category,
            published_at=timezone.now() - timedelta(hours=hours),
        )
        index.add_child(instance=article)
        article.units.set(unit_list)
        article.save_revision().publish()
        made[key] = article
    return made


@pytest.fixture
def bulletin(home):
    from bulletins.models import BulletinIndexPage, BulletinItem, BulletinPage

    index = home.add_child(instance=BulletinIndexPage(title="Bản tin", slug="ban-tin"))
    today = timezone.localdate()
    page = BulletinPage(title="Bản tin hôm nay", slug="hom-nay", date=today)
    for n, heading in enumerate(["Hà Nội cắt giảm thủ tục", "Dịch vụ công toàn trình tăng"]):
        page.items.add(
            BulletinItem(heading=heading, summary="Tóm tắt", credit="Hanoimoi.vn", original_date=today, sort_order=n)
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def poll(db, units):
    from surveys.models import Poll, PollChoice

    poll = Poll(
        question="Đánh giá thái độ cán bộ Một cửa", opens_at=timezone.now() - timedelta(days=1), unit=units["ward_a"]
    )
    for order, (label, positive) in enumerate((("Hài lòng", True), ("Không hài lòng", False))):
        poll.choices.add(PollChoice(label=label, is_positive=positive, sort_order=order))
    poll.save()
    return poll


def switch_on(screen, **flags):
    Screen.objects.filter(pk=screen.pk).update(**flags)


def feed(client, screen):
    return json.loads(client.get(f"/screens/{screen.pk}/feed.json", **auth(screen)).content)


def test_news_for_the_unit_and_city_wide(client, screens, news):
    screen = screens["a_tv"]
    switch_on(screen, show_news=True)
    items = [item for item in feed(client, screen)["items"] if item["kind"] == "news"]
    assert [item["title"] for item in items] == [news["ward_a"].title, news["city"].title]
    assert items[0]["url"].startswith("http://testserver/")


def test_todays_bulletin_headlines(client, screens, bulletin):
    screen = screens["a_tv"]
    switch_on(screen, show_bulletin=True)
    [item] = [item for item in feed(client, screen)["items"] if item["kind"] == "bulletin"]
    assert item["lines"] == ["Hà Nội cắt giảm thủ tục", "Dịch vụ công toàn trình tăng"]
    assert "Bản tin cải cách hành chính ngày" in item["title"]


def test_active_poll_with_qr_code(client, screens, poll):
    from surveys.selectors import poll_vote_path

    screen = screens["a_tv"]
    switch_on(screen, show_poll=True)
    [item] = [item for item in feed(client, screen)["items"] if item["kind"] == "poll"]
    assert item["title"] == poll.question
    assert item["url"] == "http://testserver" + poll_vote_path(poll)
    assert item["qr"].startswith("data:image/svg+xml") and "<svg" in unquote(item["qr"])
    # The poll rates ward A: ward B's screen does not show it.
    switch_on(screens["b_tv"], show_poll=True)
    assert not [i for i in feed(client, screens["b_tv"])["items"] if i["kind"] == "poll"]
    # And a PNG frame of it renders (with the QR code beside the question).
    response = client.get(f"/screens/{screen.pk}/frame.png?item={item['id']}", **auth(screen))
    assert response.status_code == 200


def test_switches_off_means_no_automatic_content(client, screens, news, bulletin, poll):
    assert feed(client, screens["a_tv"])["items"] == []


def test_led_gets_automatic_text_shortened_visibly(client, screens, news):
    screen = screens["a_led"]  # 30 characters of title at most
    switch_on(screen, show_news=True)
    titles = [item["title"] for item in feed(client, screen)["items"]]
    assert titles and all(len(title) <= 30 for title in titles)
    assert any(title.endswith("…") for title in titles)


def test_emergency_hides_automatic_content(client, screens, news, make_message, units):
    from screens.models import MessageKind

    screen = screens["a_tv"]
    switch_on(screen, show_news=True, show_clock=True)
    make_message(title="KHẨN CẤP", kind=MessageKind.EMERGENCY, target_unit=units["city"], include_subunits=True)
    data = feed(client, screen)
    assert [item["kind"] for item in data["items"]] == ["emergency"]
