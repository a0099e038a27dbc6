"""Proof of play: the player reports what it showed; bad or replayed reports do not corrupt the report."""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from screens.models import Screen, ScreenPlay

from .conftest import auth


def post(client, screen, payload, token_screen=None):
    return client.post(
        f"/screens/{screen.pk}/plays",
        data=payload if isinstance(payload, str | bytes) else json.dumps(payload),
        content_type="application/json",
        **auth(token_screen or screen),
    )


def play(item, play_id="a1b2c3d4e5f60718", seconds=10, started=None):
    started = started or timezone.now() - timedelta(minutes=1)
    return {"id": play_id, "item": item, "started_at": started.isoformat(), "duration": seconds}


def test_plays_are_recorded_without_csrf(screens, make_message, units):
    client = Client(enforce_csrf_checks=True)
    message = make_message(target_unit=units["ward_a"])
    screen = screens["a_tv"]
    response = post(
        client,
        screen,
        {
            "player_version": "1.0.0",
            "feed_version": "abc",
            "plays": [
                play(f"m{message.pk}", "play-0000000001"),
                play("clock", "play-0000000002", seconds=8),
            ],
        },
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {"accepted": 2, "duplicates": 0, "rejected": 0}
    row = ScreenPlay.objects.get(play_id="play-0000000001")
    assert row.message == message and row.screen_id == screen.pk and row.duration_seconds == 10
    screen = Screen.objects.get(pk=screen.pk)
    assert screen.player_version == "1.0.0" and screen.last_feed_version == "abc" and screen.is_online


def test_replayed_posts_are_not_counted_twice(client, screens, make_message, units):
    message = make_message(target_unit=units["ward_a"])
    payload = {"plays": [play(f"m{message.pk}", "replay-000000001"), play(f"m{message.pk}", "replay-000000001")]}
    first = json.loads(post(client, screens["a_tv"], payload).content)
    second = json.loads(post(client, screens["a_tv"], payload).content)
    assert first == {"accepted": 1, "duplicates": 1, "rejected": 0}
    assert second == {"accepted": 0, "duplicates": 2, "rejected": 0}
    assert ScreenPlay.objects.count() == 1


def test_same_play_id_on_two_screens_is_two_plays(client, screens, make_message, units):
    message = make_message(target_unit=units["ward_a"])
    for screen in (screens["a_tv"], screens["a_led"]):
        post(client, screen, {"plays": [play(f"m{message.pk}", "shared-00000001")]})
    assert ScreenPlay.objects.count() == 2


def test_malformed_posts_are_refused(client, screens):
    screen = screens["a_tv"]
    assert post(client, screen, "{not json").status_code == 400
    assert post(client, screen, "[1, 2]").status_code == 400
    assert post(client, screen, {"plays": "many"}).status_code == 400
    assert post(client, screen, b"\xff\xfe").status_code == 400
    assert ScreenPlay.objects.count() == 0


def test_invalid_entries_are_dropped_and_counted(client, screens, make_message, units):
    message = make_message(target_unit=units["ward_a"])
    other_ward = make_message(target_unit=units["ward_b"])
    item = f"m{message.pk}"
    now = timezone.now()
    bad = [
        "string",
        {"id": "short", "item": item, "started_at": now.isoformat(), "duration": 5},
        {"id": "bad id with spaces", "item": item, "started_at": now.isoformat(), "duration": 5},
        play(item, "neg-duration-0001", seconds=-3),
        play(item, "huge-duration-001", seconds=99999),
        play(item, "bool-duration-01", seconds=True),
        {"id": "no-date-000000001", "item": item, "started_at": "hôm qua", "duration": 5},
        {"id": "naive-date-00001", "item": item, "started_at": "2026-01-01T10:00:00", "duration": 5},
        play(item, "future-00000001", started=now + timedelta(hours=2)),
        play(item, "ancient-0000001", started=now - timedelta(days=30)),
        play(f"m{other_ward.pk}", "other-ward-00001"),  # not meant for this screen
        play("m999999", "unknown-msg-0001"),
    ]
    response = post(client, screens["a_tv"], {"plays": bad + [play(item, "good-play-000001")]})
    assert json.loads(response.content) == {"accepted": 1, "duplicates": 0, "rejected": len(bad)}
    assert list(ScreenPlay.objects.values_list("play_id", flat=True)) == ["good-play-000001"]


def test_plays_need_the_screens_own_token(client, screens):
    screen = screens["a_tv"]
    payload = {"plays": [play("clock", "stolen-00000001")]}
    assert (
        client.post(f"/screens/{screen.pk}/plays", json.dumps(payload), content_type="application/json").status_code
        == 401
    )
    assert post(client, screen, payload, token_screen=screens["b_tv"]).status_code == 403
    assert ScreenPlay.objects.count() == 0


def test_heartbeat_only_post(client, screens):
    response = post(client, screens["a_tv"], {"player_version": "1.0.0", "plays": []})
    assert response.status_code == 200
    assert Screen.objects.get(pk=screens["a_tv"].pk).last_seen_at is not None


def test_oversized_report_is_refused(client, screens):
    response = post(client, screens["a_tv"], {"plays": [], "padding": "x" * 300_000})
    assert response.status_code == 413
