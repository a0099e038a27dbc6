"""The feed a screen pulls: authentication, targeting, schedule, emergencies, ETag/304, heartbeat."""

import json
from datetime import time, timedelta

import pytest
from django.utils import timezone

from screens import polling, selectors
from screens.models import MessageKind, MessageStatus, Screen

from .conftest import auth


def feed_url(screen):
    return f"/screens/{screen.pk}/feed.json"


def get_feed(client, screen, **headers):
    response = client.get(feed_url(screen), **auth(screen), **headers)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def item_ids(data):
    return [item["id"] for item in data["items"]]


# --- authentication ------------------------------------------------------------------------


def test_no_token_is_401_and_leaks_nothing(client, screens):
    response = client.get(feed_url(screens["a_tv"]))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"A TV" not in response.content and b"items" not in response.content


def test_wrong_token_is_401(client, screens):
    response = client.get(feed_url(screens["a_tv"]), HTTP_AUTHORIZATION="Bearer not-the-token")
    assert response.status_code == 401
    assert client.get(feed_url(screens["a_tv"]) + "?token=nope").status_code == 401


def test_unknown_screen_does_not_reveal_existence(client, screens):
    assert client.get("/screens/999999/feed.json", HTTP_AUTHORIZATION="Bearer x").status_code == 401


def test_another_screens_token_is_403(client, screens):
    response = client.get(feed_url(screens["b_tv"]), **auth(screens["a_tv"]))
    assert response.status_code == 403
    assert b"B TV" not in response.content and b"A TV" not in response.content


def test_revoked_token_is_403(client, screens, screen_operator):
    from screens.services import revoke_token

    revoke_token(screen=screens["a_tv"], user=screen_operator)
    assert client.get(feed_url(screens["a_tv"]), **auth(screens["a_tv"])).status_code == 403


def test_query_token_works_for_simple_controllers(client, screens):
    screen = screens["a_tv"]
    response = client.get(f"{feed_url(screen)}?token={screen.token}")
    assert response.status_code == 200
    assert json.loads(response.content)["screen"]["id"] == screen.pk


def test_only_the_token_hash_is_stored(screens):
    screen = Screen.objects.get(pk=screens["a_tv"].pk)
    assert screens["a_tv"].token not in (screen.token_hash, screen.token_hint)
    assert len(screen.token_hash) == 64


# --- content -------------------------------------------------------------------------------


def test_feed_shape(client, screens, make_message, units):
    message = make_message(title="Lịch làm việc", target_unit=units["ward_a"])
    data = get_feed(client, screens["a_tv"])
    assert {"screen", "generated_at", "next_poll_seconds", "emergency", "items", "version"} <= set(data)
    assert data["screen"]["profile"] == {"kind": "tv_landscape", "width": 1920, "height": 1080, "lines": 12}
    item = data["items"][0]
    assert item["id"] == f"m{message.pk}" and item["title"] == "Lịch làm việc"
    assert {"kind", "text", "image", "duration", "starts_at", "ends_at", "priority"} <= set(item)


def test_targets_screen_unit_and_subtree(client, screens, make_message, units):
    only_a_tv = make_message(title="Một màn hình", target_screen=screens["a_tv"])
    ward_a = make_message(title="Phường A", target_unit=units["ward_a"])
    city_only = make_message(title="Chỉ thành phố", target_unit=units["city"], include_subunits=False)
    city_all = make_message(title="Toàn thành phố", target_unit=units["city"], include_subunits=True)
    district = make_message(title="Quận", target_unit=units["district"], include_subunits=True)

    assert set(item_ids(get_feed(client, screens["a_tv"]))) == {f"m{m.pk}" for m in (only_a_tv, ward_a, city_all)}
    assert set(item_ids(get_feed(client, screens["a_led"]))) == {f"m{m.pk}" for m in (ward_a, city_all)}
    assert set(item_ids(get_feed(client, screens["b_tv"]))) == {f"m{city_all.pk}"}
    assert set(item_ids(get_feed(client, screens["c_tv"]))) == {f"m{m.pk}" for m in (city_all, district)}
    assert set(item_ids(get_feed(client, screens["city_ticker"]))) == {f"m{m.pk}" for m in (city_only, city_all)}


def test_only_approved_and_current_messages(client, screens, make_message, units):
    now = timezone.now()
    shown = make_message(title="Đang phát", target_unit=units["ward_a"])
    for status in (MessageStatus.DRAFT, MessageStatus.PENDING):
        make_message(title=status, target_unit=units["ward_a"], status=status)
    make_message(title="Bị từ chối", target_unit=units["ward_a"], status=MessageStatus.REJECTED, review_note="Sai ngày")
    make_message(title="Chưa đến giờ", target_unit=units["ward_a"], starts_at=now + timedelta(hours=1))
    make_message(
        title="Đã hết", target_unit=units["ward_a"], starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    assert item_ids(get_feed(client, screens["a_tv"])) == [f"m{shown.pk}"]


def test_days_of_week_and_daily_window_in_screen_time(client, screens, make_message, units):
    local = timezone.now().astimezone(screens["a_tv"].zone)
    today, other_day = str(local.isoweekday()), str(local.isoweekday() % 7 + 1)
    today_msg = make_message(title="Hôm nay", target_unit=units["ward_a"], days_of_week=today)
    make_message(title="Ngày khác", target_unit=units["ward_a"], days_of_week=other_day)
    start = (local - timedelta(hours=1)).time().replace(microsecond=0)
    end = (local + timedelta(hours=1)).time().replace(microsecond=0)
    window = None
    if start < end:  # not across midnight
        window = make_message(title="Trong khung giờ", target_unit=units["ward_a"], daily_start=start, daily_end=end)
    later = (local + timedelta(hours=2)).time().replace(microsecond=0)
    if later > local.time() and later < time(23, 59):
        make_message(title="Ngoài khung giờ", target_unit=units["ward_a"], daily_start=later, daily_end=time(23, 59))
    ids = item_ids(get_feed(client, screens["a_tv"]))
    expected = {f"m{today_msg.pk}"} | ({f"m{window.pk}"} if window else set())
    assert set(ids) == expected


def test_priority_orders_items(client, screens, make_message, units):
    low = make_message(title="Thấp", target_unit=units["ward_a"], priority=10)
    high = make_message(title="Cao", target_unit=units["ward_a"], priority=90)
    assert item_ids(get_feed(client, screens["a_tv"])) == [f"m{high.pk}", f"m{low.pk}"]


def test_emergency_overrides_everything_on_its_targets_until_it_ends(client, screens, make_message, units):
    now = timezone.now()
    make_message(title="Thường", target_unit=units["ward_a"])
    emergency = make_message(
        title="KHẨN CẤP",
        kind=MessageKind.EMERGENCY,
        target_unit=units["ward_a"],
        priority=100,
        ends_at=now + timedelta(minutes=10),
    )
    data = get_feed(client, screens["a_tv"])
    assert data["emergency"]["id"] == f"m{emergency.pk}"
    assert item_ids(data) == [f"m{emergency.pk}"]
    # Not on another ward's screen.
    assert get_feed(client, screens["b_tv"])["emergency"] is None
    # Once it has ended, normal content is back.
    emergency.starts_at, emergency.ends_at = now - timedelta(hours=2), now - timedelta(hours=1)
    emergency.save()
    data = get_feed(client, screens["a_tv"])
    assert data["emergency"] is None and len(data["items"]) == 1


def test_images_are_only_sent_to_tvs(client, screens, make_message, units):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Ảnh", file=get_test_image_file(size=(800, 600)))
    make_message(title="Có ảnh", target_unit=units["ward_a"], image=image)
    tv_item = get_feed(client, screens["a_tv"])["items"][0]
    assert tv_item["image"].startswith("http://testserver/") and "max-1920x1080" in tv_item["image"]
    assert get_feed(client, screens["a_led"])["items"][0]["image"] is None


def test_clock_item_when_switched_on(client, screens):
    screen = screens["a_tv"]
    screen.show_clock = True
    screen.save()
    assert "clock" in item_ids(get_feed(client, screen))


# --- ETag, 304, cost -----------------------------------------------------------------------


def test_strong_etag_and_304(client, screens, make_message, units):
    make_message(target_unit=units["ward_a"])
    screen = screens["a_tv"]
    first = client.get(feed_url(screen), **auth(screen))
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    second = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304 and second["ETag"] == etag and second.content == b""


def test_etag_is_over_content_not_generated_at(client, screens, make_message, units):
    make_message(target_unit=units["ward_a"])
    screen = screens["a_tv"]
    first = client.get(feed_url(screen), **auth(screen))
    selectors.bump_generation()  # forces a rebuild; the content is the same
    second = client.get(feed_url(screen), **auth(screen))
    assert first["ETag"] == second["ETag"] and first.content == second.content


def test_changed_message_changes_etag(client, screens, make_message, units):
    message = make_message(target_unit=units["ward_a"])
    screen = screens["a_tv"]
    etag = client.get(feed_url(screen), **auth(screen))["ETag"]
    message.title = "Đã sửa"
    message.save()
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_304_path_needs_no_database_query(client, screens, make_message, units, django_assert_max_num_queries):
    make_message(target_unit=units["ward_a"])
    screen = screens["a_tv"]
    etag = client.get(feed_url(screen), **auth(screen))["ETag"]
    with django_assert_max_num_queries(0):
        response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_building_a_feed_is_bounded(client, screens, make_message, units, django_assert_max_num_queries):
    for n in range(10):
        make_message(title=f"Tin {n}", target_unit=units["ward_a"])
    with django_assert_max_num_queries(6):
        assert len(get_feed(client, screens["a_tv"])["items"]) == 10


def test_next_poll_has_deterministic_per_screen_jitter(client, screens):
    a, b = screens["a_tv"], screens["b_tv"]
    first = get_feed(client, a)["next_poll_seconds"]
    assert first == polling.next_poll_seconds(a.pk, a.poll_interval)
    assert 54 <= first <= 66
    values = {polling.jitter_seconds(screen_id, 60) for screen_id in range(1, 50)}
    assert len(values) > 3  # spread, not lockstep
    assert polling.jitter_seconds(b.pk, 60) == polling.jitter_seconds(b.pk, 60)


# --- heartbeat -----------------------------------------------------------------------------


def test_poll_records_heartbeat_but_throttles_writes(client, screens):
    screen = screens["a_tv"]
    client.get(feed_url(screen), **auth(screen), REMOTE_ADDR="10.0.0.7", HTTP_X_PLAYER_VERSION="2.1")
    screen.refresh_from_db()
    seen = screen.last_seen_at
    assert seen and screen.last_ip == "10.0.0.7" and screen.player_version == "2.1" and screen.is_online
    client.get(feed_url(screen), **auth(screen), REMOTE_ADDR="10.0.0.8")
    screen.refresh_from_db()
    assert screen.last_seen_at == seen and screen.last_ip == "10.0.0.7"  # no write within 30 s


def test_refused_polls_do_not_count_as_alive(client, screens):
    client.get(feed_url(screens["a_tv"]), HTTP_AUTHORIZATION="Bearer wrong")
    screens["a_tv"].refresh_from_db()
    assert screens["a_tv"].last_seen_at is None


def test_count_screens_online(client, screens):
    assert selectors.count_screens() == 5
    assert selectors.count_screens(online=True) == 0
    get_feed(client, screens["a_tv"])
    assert selectors.count_screens(online=True) == 1
    assert selectors.count_screens(online=False) == 4
    Screen.objects.filter(pk=screens["a_tv"].pk).update(online_until=timezone.now() - timedelta(seconds=1))
    assert selectors.count_screens(online=True) == 0


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_feed_is_read_only(client, screens, method):
    assert getattr(client, method)(feed_url(screens["a_tv"]), **auth(screens["a_tv"])).status_code == 405
