"""The emergency poll (`/screens/<id>/emergency.json`): what it names, the 304 fast path that answers
it from the cache, the token that changes only when an emergency starts or ends, and "end now"."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from screens import polling, selectors, services
from screens.models import MessageKind, MessageStatus, ScreenMessage

from .conftest import auth


def url(screen):
    return f"/screens/{screen.pk}/emergency.json"


@pytest.fixture
def state_builds(monkeypatch):
    """How many times the emergency state was read from the database (a cache hit never is)."""
    calls = []
    real = selectors.cached_emergency

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "cached_emergency", counting)
    return calls


def emergency(officer, units, **fields):
    return services.send_emergency(user=officer, title=fields.pop("title", "Cảnh báo mưa lớn"), **fields)


def poll(client, screen, etag=None):
    headers = auth(screen)
    if etag:
        headers["HTTP_IF_NONE_MATCH"] = etag
    return client.get(url(screen), **headers)


def test_names_no_emergency_then_the_one_that_starts(client, screens, units, officer, make_message):
    make_message(target_unit=units["ward_a"], title="Giờ làm việc")  # an ordinary message is no emergency
    screen = screens["a_tv"]
    quiet = poll(client, screen)
    assert quiet.status_code == 200 and json.loads(quiet.content) == {"emergency": None}
    assert quiet["Cache-Control"] == "private, no-cache"
    message = emergency(officer, units, target_unit=units["city"])
    loud = poll(client, screen, quiet["ETag"])
    assert loud.status_code == 200 and loud["ETag"] != quiet["ETag"]
    assert json.loads(loud.content)["emergency"]["id"] == message.item_id
    assert json.loads(loud.content)["emergency"]["title"] == "Cảnh báo mưa lớn"
    # Another ward's emergency is not this screen's.
    assert json.loads(poll(client, screens["b_tv"]).content)["emergency"]["id"] == message.item_id  # city-wide
    ward_only = emergency(officer, units, title="Mất điện", target_unit=units["ward_b"])
    assert json.loads(poll(client, screen).content)["emergency"]["id"] == message.item_id
    assert ward_only.pk != message.pk


def test_unchanged_state_is_304_from_the_fast_path_without_a_query(
    client, screens, units, officer, state_builds, django_assert_num_queries
):
    emergency(officer, units, target_unit=units["ward_a"])
    screen = screens["a_tv"]
    first = poll(client, screen)
    assert first.status_code == 200 and len(state_builds) == 1
    with django_assert_num_queries(0):
        again = poll(client, screen, first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert len(state_builds) == 1  # the middleware answered, not the view


def test_an_ordinary_message_does_not_change_the_emergency_token(client, screens, units, make_message):
    screen = screens["a_tv"]
    before = selectors.emergency_generation()
    first = poll(client, screen)
    make_message(target_unit=units["ward_a"], title="Lịch tiếp dân")
    assert selectors.emergency_generation() == before
    assert poll(client, screen, first["ETag"]).status_code == 304


def test_an_emergency_turned_into_an_announcement_changes_it(client, screens, units, officer):
    message = emergency(officer, units, target_unit=units["ward_a"])
    screen = screens["a_tv"]
    loud = poll(client, screen)
    assert json.loads(loud.content)["emergency"]
    message = ScreenMessage.objects.get(pk=message.pk)
    message.kind = MessageKind.ANNOUNCEMENT
    message.save()
    quiet = poll(client, screen, loud["ETag"])
    assert quiet.status_code == 200 and json.loads(quiet.content) == {"emergency": None}


def test_a_scheduled_emergency_starts_and_ends_by_the_clock(client, screens, units, monkeypatch):
    """The cached state lives until the next start or end of one of the screen's emergencies (then
    the next poll reads it again), so a scheduled emergency needs no save to start or stop."""
    now = timezone.now()
    message = ScreenMessage.objects.create(
        kind=MessageKind.EMERGENCY,
        title="Diễn tập phòng cháy",
        target_unit=units["ward_a"],
        starts_at=now + timedelta(seconds=30),
        ends_at=now + timedelta(minutes=5),
        status=MessageStatus.APPROVED,
    )
    screen = screens["a_tv"]
    lifetimes = {}
    real_set = selectors.cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        lifetimes[key] = timeout
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(selectors.cache, "set", recording_set)
    quiet = poll(client, screen)
    assert json.loads(quiet.content) == {"emergency": None}
    key = f"screens:emergency:{screen.pk}:{selectors.emergency_generation()}"
    assert 1 <= lifetimes[key] <= 31  # expires with the start, not a minute later

    etag = quiet["ETag"]
    for moment, expected in ((now + timedelta(seconds=31), message.item_id), (now + timedelta(minutes=6), None)):
        cache.delete(key)  # as the lifetime above ends
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        response = poll(client, screen, etag)
        assert response.status_code == 200, "the state changed: not a 304"
        state, etag = json.loads(response.content)["emergency"], response["ETag"]
        assert (state and state["id"]) == expected


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"HTTP_AUTHORIZATION": "Bearer wrong-token"}, 401), ("b_tv", 403)],
)
def test_refuses_a_missing_wrong_or_other_token_even_with_the_current_etag(client, screens, headers, status):
    screen = screens["a_tv"]
    etag = poll(client, screen)["ETag"]
    if headers == "b_tv":
        headers = auth(screens["b_tv"])
    response = client.get(url(screen), HTTP_IF_NONE_MATCH=etag, **headers)
    assert response.status_code == status and b"emergency" not in response.content


def test_a_revoked_token_is_refused_even_from_the_cache(client, screens, screen_operator):
    screen = screens["a_tv"]
    etag = poll(client, screen)["ETag"]
    services.revoke_token(screen=screen, user=screen_operator)
    assert poll(client, screen, etag).status_code == 403


def test_the_player_page_polls_it_every_few_seconds(client, screens):
    screen = screens["a_tv"]
    page = client.get(f"/screens/{screen.pk}/play/?token={screen.token}").content.decode()
    assert f'data-emergency-url="{url(screen)}"' in page
    assert f'data-emergency-poll="{polling.EMERGENCY_POLL_SECONDS}"' in page
    assert polling.EMERGENCY_POLL_SECONDS <= 5  # with a request on a busy server, well inside 10 s


def test_the_state_is_cached_under_the_emergency_generation_only(screens, units, officer):
    screen = screens["a_tv"]
    selectors.cached_emergency(screen.pk)
    key = f"screens:emergency:{screen.pk}:{selectors.emergency_generation()}"
    assert cache.get(key) is not None
    emergency(officer, units, target_unit=units["ward_a"])
    assert f"screens:emergency:{screen.pk}:{selectors.emergency_generation()}" != key


# --- "end now" ---------------------------------------------------------------------------------


def test_end_now_stops_it_in_one_step_and_records_who(client, screens, units, officer):
    message = emergency(officer, units, target_unit=units["city"])
    ScreenMessage.objects.filter(pk=message.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    screen = screens["a_tv"]
    loud = poll(client, screen)
    client.force_login(officer)
    confirm = client.get(reverse("screens_admin:end", args=[message.pk]))
    assert confirm.status_code == 200 and "Kết thúc ngay" in confirm.content.decode()
    response = client.post(reverse("screens_admin:end", args=[message.pk]), {"next": "/admin/screens/"})
    assert response.status_code == 302 and response["Location"] == "/admin/screens/"
    message.refresh_from_db()
    assert message.ends_at <= timezone.now() and message.status == MessageStatus.APPROVED
    assert message.get_status_display() == "Đã hết hạn"
    entry = ModelLogEntry.objects.get(action=services.END_NOW_ACTION)
    assert entry.user == officer and entry.object_id == str(message.pk)
    history = client.get(reverse("wagtailsnippets_screens_screenmessage:history", args=[message.pk]))
    assert "Kết thúc ngay" in history.content.decode()
    client.logout()
    quiet = poll(client, screen, loud["ETag"])
    assert quiet.status_code == 200 and json.loads(quiet.content) == {"emergency": None}
    assert json.loads(client.get(f"/screens/{screen.pk}/feed.json", **auth(screen)).content)["emergency"] is None


def test_only_city_officers_end_an_emergency(client, screens, units, officer, approver, ward_editor):
    message = emergency(officer, units, target_unit=units["ward_a"])
    for user in (approver, ward_editor):
        with pytest.raises(PermissionDenied):
            services.end_message(message=message, user=user)
        client.force_login(user)
        assert client.post(reverse("screens_admin:end", args=[message.pk])).status_code in {403, 404}
    message.refresh_from_db()
    assert message.ends_at > timezone.now()
    assert not ModelLogEntry.objects.filter(action=services.END_NOW_ACTION).exists()


def test_ward_staff_end_their_wards_message_not_another_wards(client, screens, units, ward_editor, make_message):
    own = make_message(target_unit=units["ward_a"], title="Lịch tiếp dân")
    other = make_message(target_unit=units["ward_b"], title="Lịch ở phường khác")
    client.force_login(ward_editor)
    assert client.post(reverse("screens_admin:end", args=[other.pk])).status_code == 404
    assert client.post(reverse("screens_admin:end", args=[own.pk])).status_code == 302
    own.refresh_from_db(), other.refresh_from_db()
    assert own.is_expired and not other.is_expired


@pytest.mark.parametrize("case", ["not started", "ended", "pending"])
def test_end_now_refuses_a_message_that_is_not_playing(client, screens, units, officer, ward_editor, case):
    now = timezone.now()
    fields = {
        "not started": {"starts_at": now + timedelta(hours=1), "ends_at": now + timedelta(hours=2)},
        "ended": {"starts_at": now - timedelta(hours=2), "ends_at": now - timedelta(hours=1)},
        "pending": {"status": MessageStatus.PENDING},
    }[case]
    status = fields.pop("status", MessageStatus.APPROVED)
    message = ScreenMessage.objects.create(
        title="Thông báo",
        target_unit=units["ward_a"],
        status=status,
        **{"starts_at": now - timedelta(hours=1), "ends_at": now + timedelta(hours=1), **fields},
    )
    before = ScreenMessage.objects.values().get(pk=message.pk)
    with pytest.raises(ValidationError):
        services.end_message(message=message, user=officer)
    client.force_login(ward_editor)
    response = client.post(reverse("screens_admin:end", args=[message.pk]), follow=True)
    assert "Chỉ kết thúc ngay được tin đang phát trên màn hình." in response.content.decode()
    assert ScreenMessage.objects.values().get(pk=message.pk) == before  # nothing written
    assert not ModelLogEntry.objects.filter(action=services.END_NOW_ACTION).exists()


def test_end_now_ignores_a_next_address_on_another_site(client, screens, units, ward_editor, make_message):
    message = make_message(target_unit=units["ward_a"])
    client.force_login(ward_editor)
    response = client.post(reverse("screens_admin:end", args=[message.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("screens_admin:dashboard")


def test_end_now_is_offered_where_a_running_message_is_seen(client, screens, units, officer, make_message):
    running = emergency(officer, units, target_unit=units["ward_a"], title="Cảnh báo ngập")
    future = make_message(target_unit=units["ward_a"], starts_at=timezone.now() + timedelta(days=1), title="Sau")
    client.force_login(officer)
    end_url = reverse("screens_admin:end", args=[running.pk])
    dashboard = client.get(reverse("screens_admin:dashboard")).content.decode()
    assert "Tin khẩn cấp đang phát" in dashboard and end_url in dashboard
    edit = client.get(reverse("wagtailsnippets_screens_screenmessage:edit", args=[running.pk])).content.decode()
    assert end_url in edit
    listing = client.get(reverse("wagtailsnippets_screens_screenmessage:list")).content.decode()
    assert end_url in listing
    assert reverse("screens_admin:end", args=[future.pk]) not in listing


def test_the_dashboard_offers_end_now_only_to_who_may_end_it(client, screens, units, officer, approver):
    message = emergency(officer, units, target_unit=units["ward_a"], title="Cảnh báo ngập")
    end_url = reverse("screens_admin:end", args=[message.pk])
    client.force_login(approver)
    dashboard = client.get(reverse("screens_admin:dashboard")).content.decode()
    assert "Cảnh báo ngập" in dashboard and end_url not in dashboard
