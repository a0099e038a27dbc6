"""The player page: self-contained, no inline script, config in data-* attributes, embeddable."""

import json
import re
from pathlib import Path

import screens

PLAYER_JS = Path(screens.__file__).parent / "static/screens/player.js"


def test_player_page(client, screens, make_message, units):
    make_message(title="Lịch làm việc", target_unit=units["ward_a"])
    screen = screens["a_tv"]
    response = client.get(f"/screens/{screen.pk}/play/?token={screen.token}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "X-Frame-Options" not in response  # the admin preview embeds it
    assert response["Referrer-Policy"] == "no-referrer"
    assert 'src="/static/screens/player.js"' in html and "defer" in html
    # Every script either loads a file or is inert JSON data: no inline JavaScript, no on* handlers.
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert not re.search(r"\son[a-z]+=", html)
    assert f'data-feed-url="/screens/{screen.pk}/feed.json"' in html
    assert f'data-plays-url="/screens/{screen.pk}/plays"' in html
    assert 'data-profile-kind="tv_landscape"' in html
    # The player's poll timings come from screens/polling.py; an emergency shows within a minute.
    assert 'data-max-poll="60"' in html and 'data-fallback-poll="30"' in html and 'data-first-poll="5"' in html
    initial = json.loads(re.search(r'id="player-feed" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert initial["items"][0]["title"] == "Lịch làm việc"
    assert "Mất kết nối từ" in html  # the offline label, in Vietnamese
    assert "cdn" not in html.lower() and "https://" not in html


def test_led_player_is_a_ticker(client, screens):
    screen = screens["a_led"]
    html = client.get(f"/screens/{screen.pk}/play/?token={screen.token}").content.decode()
    assert "player--led" in html and 'data-led="1"' in html


def test_player_refuses_bad_tokens(client, screens):
    screen = screens["a_tv"]
    assert client.get(f"/screens/{screen.pk}/play/").status_code == 401
    response = client.get(f"/screens/{screen.pk}/play/?token={screens['b_tv'].token}")
    assert response.status_code == 403 and "B TV" not in response.content.decode()


def test_staff_preview_without_token(client, screens, ward_editor, other_ward_editor):
    screen = screens["a_tv"]
    client.force_login(ward_editor)
    response = client.get(f"/screens/{screen.pk}/play/?preview=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-preview="1"' in html and 'data-plays-url=""' in html and 'data-token=""' in html
    assert client.get(f"/screens/{screen.pk}/feed.json?preview=1").status_code == 200
    screen.refresh_from_db()
    assert screen.last_seen_at is None  # a preview is not the screen being alive
    client.force_login(other_ward_editor)  # another ward's editor may not preview it
    assert client.get(f"/screens/{screen.pk}/play/?preview=1").status_code == 401


def test_player_script_has_the_promised_behaviour():
    source = PLAYER_JS.read_text(encoding="utf-8")
    needles = ("If-None-Match", "localStorage", "MAX_POLL = Number(cfg.maxPoll)", "getRandomValues", "Authorization")
    for needle in (*needles, "offline"):
        assert needle in source, needle
