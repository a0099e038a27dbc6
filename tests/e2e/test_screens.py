"""The screen player in a real browser: an approved message and an emergency reach it within one
poll interval, and it keeps playing (and says so discreetly) when the network goes away."""

import re
import time
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from campaign_site.access.roles import INFORMATION_OFFICER
from screens import polling, services
from screens.models import DisplayProfile, MessageStatus, ProfileKind, Screen, ScreenMessage, ScreenPlay

from .server import db_access
from .support import admin_login, e2e_marks

pytestmark = e2e_marks

POLL_INTERVAL = 10  # the shortest a screen may be configured with
TIMER_SLACK = 1.0  # seconds: a browser timer fires a little late; not a margin for the server


def make_screen(name, unit, *, led=False):
    if led:
        profile, _ = DisplayProfile.objects.get_or_create(
            name="LED 192×96",
            defaults={
                "kind": ProfileKind.LED_TEXT,
                "width_px": 192,
                "height_px": 96,
                "text_lines": 3,
                "max_title_chars": 30,
                "max_text_chars": 80,
            },
        )
    else:
        profile, _ = DisplayProfile.objects.get_or_create(
            name="TV 1920×1080",
            defaults={
                "kind": ProfileKind.TV_LANDSCAPE,
                "width_px": 1920,
                "height_px": 1080,
                "text_lines": 12,
                "max_title_chars": 120,
                "max_text_chars": 600,
            },
        )
    screen = Screen.objects.create(
        name=name,
        unit=unit,
        profile=profile,
        poll_interval=POLL_INTERVAL,
        show_news=False,
        show_bulletin=False,
        show_poll=False,
        show_clock=False,
    )
    screen.token = f"e2e-token-{screen.pk}-0123456789abcdef"
    services.set_token(screen=screen, token=screen.token)
    return screen


def approved(title, *, unit, duration=10, **fields):
    now = timezone.now()
    return ScreenMessage.objects.create(
        title=title,
        text=fields.pop("text", ""),
        target_unit=unit,
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
        duration_seconds=duration,
        status=MessageStatus.APPROVED,
        **fields,
    )


def open_player(page, screen):
    page.goto(f"/screens/{screen.pk}/play/?token={screen.token}")
    return page.locator("#player")


def poll_seconds(screen) -> int:
    """The longest the player may wait before its next poll (interval plus this screen's jitter)."""
    return polling.next_poll_seconds(screen.pk, screen.poll_interval)


def wait_ms(screen) -> int:
    """How long to wait for a condition that follows a poll: room for two polls on a loaded machine.
    The promise itself ("within one poll") is checked on the browser's request times."""
    return (poll_seconds(screen) * 2 + 30) * 1000


FEED_REQUEST_TIMES = """() => performance.getEntriesByType("resource")
    .filter(entry => entry.name.endsWith("/feed.json"))
    .map(entry => (performance.timeOrigin + entry.startTime) / 1000)"""


def assert_polled_within_one_interval(page, screen, since: float) -> None:
    """The first feed request the browser sent after `since` (epoch seconds) left within one poll
    (read from the browser's own resource timing: when it sent, not when a busy server answered)."""
    after = [t for t in page.evaluate(FEED_REQUEST_TIMES) if t > since]
    assert after, "the player did not poll"
    assert after[0] - since <= poll_seconds(screen) + TIMER_SLACK, f"polled {after[0] - since:.1f} s later"


def stored_feed_has(page, screen, text: str, *, timeout: int) -> None:
    """Wait until the player has fetched a feed containing `text` (it keeps the last good feed)."""
    page.wait_for_function(
        "([key, text]) => (window.localStorage.getItem(key) || '').includes(text)",
        arg=[f"screens-feed-{screen.pk}", text],
        timeout=timeout,
    )


def test_approved_message_reaches_ward_players_within_one_poll(site, ward_editor, approver, new_page):
    ward_a, ward_b = site.units["ward_a"], site.units["ward_b"]
    tv, led = make_screen("TV Một cửa", ward_a), make_screen("LED cổng", ward_a, led=True)
    other_ward_tv = make_screen("TV Ba Đình", ward_b)
    message = services.save_message(
        message=ScreenMessage(
            title="Lịch tiếp dân thứ Bảy",
            text="Bộ phận Một cửa làm việc sáng thứ Bảy.",
            target_unit=ward_a,
            duration_seconds=15,  # the ward's LED panel scrolls it at a readable speed in 13 s
        ),
        user=ward_editor,
    )
    assert message.status == MessageStatus.PENDING

    players = {}
    for screen in (tv, led, other_ward_tv):
        players[screen.pk] = new_page()
        open_player(players[screen.pk], screen)
    for screen in (tv, led):  # nothing approved yet: the players idle
        expect(players[screen.pk].locator(".player__idle")).to_have_text("Hiện chưa có nội dung để hiển thị.")

    admin = new_page()
    admin_login(admin, approver.username)
    admin.goto("/admin/screens/queue/")
    admin.locator("tr", has_text="Lịch tiếp dân thứ Bảy").get_by_role("button", name="Duyệt").click()
    expect(admin.get_by_text("Đã duyệt “Lịch tiếp dân thứ Bảy”.")).to_be_visible()
    approved_at = time.time()
    with db_access():
        message.refresh_from_db()
    assert message.status == MessageStatus.APPROVED and message.reviewed_by == approver

    for screen in (tv, led):
        stored_feed_has(players[screen.pk], screen, "Lịch tiếp dân thứ Bảy", timeout=wait_ms(screen))
        assert_polled_within_one_interval(players[screen.pk], screen, approved_at)
    # The idle player looks again at most 5 s later; then the message is on both panels.
    expect(players[tv.pk].locator(".player__title")).to_have_text("Lịch tiếp dân thứ Bảy", timeout=6_000)
    expect(players[tv.pk].locator(".player__text")).to_have_text("Bộ phận Một cửa làm việc sáng thứ Bảy.")
    expect(players[led.pk].locator(".player__ticker")).to_contain_text("Lịch tiếp dân thứ Bảy", timeout=6_000)

    # Ward B's screen has polled since the approval too, and still shows nothing: it is not for ward B.
    other = players[other_ward_tv.pk]
    other.wait_for_function(
        f"since => ({FEED_REQUEST_TIMES})().some(sent => sent > since)", arg=approved_at, timeout=wait_ms(other_ward_tv)
    )
    assert_polled_within_one_interval(other, other_ward_tv, approved_at)
    expect(other.locator(".player__idle")).to_be_visible()
    assert "Lịch tiếp dân" not in other.locator("#player").inner_text()


def test_emergency_overrides_the_player_within_one_poll_and_ends(site, make_user, page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo")
    screen = make_screen("TV Một cửa", site.units["ward_a"])
    approved("Giờ làm việc mùa hè", unit=site.units["ward_a"])
    player = open_player(page, screen)
    expect(player.locator(".player__title")).to_have_text("Giờ làm việc mùa hè")

    sent_at = time.time()
    with db_access():
        emergency = services.send_emergency(
            user=officer, title="Cảnh báo mưa lớn", text="Tạm dừng tiếp dân từ 14 giờ.", target_unit=site.units["city"]
        )
    # An emergency is shown as soon as the feed carrying it arrives, not after the current slide.
    expect(player).to_have_class(re.compile(r"\bis-emergency\b"), timeout=wait_ms(screen))
    assert_polled_within_one_interval(page, screen, sent_at)
    expect(player.locator(".player__title")).to_have_text("Cảnh báo mưa lớn")
    expect(player.locator(".player__kind")).to_have_text("Khẩn cấp")

    ended_at = time.time()
    with db_access():
        services.end_message(message=emergency, user=officer)
    expect(player).not_to_have_class(re.compile(r"\bis-emergency\b"), timeout=wait_ms(screen))
    assert_polled_within_one_interval(page, screen, ended_at)
    expect(player.locator(".player__title")).to_have_text("Giờ làm việc mùa hè")


def test_player_keeps_playing_offline_and_reports_plays_when_back(site, context, page):
    screen = make_screen("TV Một cửa", site.units["ward_a"])
    approved("Thông báo thứ nhất", unit=site.units["ward_a"], duration=3, priority=60)
    approved("Thông báo thứ hai", unit=site.units["ward_a"], duration=3, priority=50)
    player = open_player(page, screen)
    title = player.locator(".player__title")
    expect(title).to_have_text("Thông báo thứ nhất")
    offline_mark = player.locator(".player__offline")
    expect(offline_mark).to_be_hidden()

    context.set_offline(True)
    expect(offline_mark).to_be_visible(timeout=wait_ms(screen))
    expect(offline_mark).to_have_text(re.compile(r"^Mất kết nối từ \d\d:\d\d$"))
    # Still rotating through the last good feed while the network is down.
    expect(title).to_have_text("Thông báo thứ hai", timeout=5_000)
    expect(title).to_have_text("Thông báo thứ nhất", timeout=5_000)
    with db_access():
        assert not ScreenPlay.objects.filter(screen=screen).exists()

    context.set_offline(False)
    # The next poll succeeds: the mark goes away and the plays queued offline are reported.
    with page.expect_response(lambda r: r.url.endswith(f"/screens/{screen.pk}/plays"), timeout=wait_ms(screen)):
        pass
    expect(offline_mark).to_be_hidden()
    with db_access():
        plays = list(ScreenPlay.objects.filter(screen=screen).select_related("message"))
    assert {play.message.title for play in plays} == {"Thông báo thứ nhất", "Thông báo thứ hai"}
    assert all(play.duration_seconds >= 2 for play in plays)


def test_ward_editor_writes_an_announcement_in_the_admin(site, ward_editor, page):
    """The admin's own date widgets must round-trip: the form comes pre-filled with the start time."""
    make_screen("TV Một cửa", site.units["ward_a"])
    admin_login(page, ward_editor.username)
    page.goto("/admin/snippets/screens/screenmessage/add/")
    page.fill("input[name=title]", "Lịch tiếp dân thứ Bảy")
    page.fill("textarea[name=text]", "Bộ phận Một cửa làm việc sáng thứ Bảy.")
    page.select_option("select[name=target_unit]", label="Phường Tây Hồ")
    with page.expect_navigation():
        page.locator("footer button[type=submit]").first.click()
    errors = page.locator(".error-message").all_inner_texts()
    assert not errors, f"the admin refused its own form: {errors}"
    with db_access():
        message = ScreenMessage.objects.get(title="Lịch tiếp dân thứ Bảy")
    assert message.status == MessageStatus.PENDING and message.created_by == ward_editor
    assert message.target_unit == site.units["ward_a"]


def test_player_polls_with_its_token_and_the_etag_and_keeps_the_feed(site, page):
    """What the player's script promises, observed on the wire: the bearer token and its version on
    every request, a conditional poll (If-None-Match → 304) while nothing changed, the last good
    feed kept in localStorage, and proofs of play with random 128-bit ids."""
    screen = make_screen("TV Một cửa", site.units["ward_a"])
    approved("Lịch tiếp dân", unit=site.units["ward_a"], duration=3, priority=60)
    approved("Giờ làm việc", unit=site.units["ward_a"], duration=3, priority=50)
    feeds, plays = [], []
    page.on("response", lambda r: feeds.append(r) if "/feed.json" in r.url else None)
    page.on("response", lambda r: plays.append(r) if r.url.endswith("/plays") else None)
    open_player(page, screen)
    expect(page.locator(".player__title")).to_have_text("Lịch tiếp dân")

    def wait_for_polls(count):  # a condition, with a generous bound for a loaded machine
        deadline = time.monotonic() + poll_seconds(screen) * (count + 1) + 30
        while len(feeds) < count and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert len(feeds) >= count, f"the player polled {len(feeds)} times, not {count}"

    wait_for_polls(2)
    current = page.request.get(f"/screens/{screen.pk}/feed.json", headers={"Authorization": f"Bearer {screen.token}"})
    etag = current.headers["etag"]
    for response in feeds[:2]:
        headers = response.request.all_headers()
        assert headers["authorization"] == f"Bearer {screen.token}"
        assert headers["x-player-version"]
        assert "application/json" in headers["accept"]
        assert headers["if-none-match"] == etag  # the page's feed is current: ask only for changes
        assert response.status == 304  # nothing changed: nothing sent again
    stored = page.evaluate(f"JSON.parse(window.localStorage.getItem('screens-feed-{screen.pk}'))")
    assert stored["etag"] == etag
    assert [item["title"] for item in stored["feed"]["items"]] == ["Lịch tiếp dân", "Giờ làm việc"]

    with db_access():
        approved("Tạm nghỉ trưa", unit=site.units["ward_a"], duration=3, priority=40)
    wait_for_polls(3)
    changed = feeds[2]
    assert changed.status == 200 and changed.header_value("etag") not in {None, etag}
    stored = page.evaluate(f"JSON.parse(window.localStorage.getItem('screens-feed-{screen.pk}'))")
    assert stored["etag"] == changed.header_value("etag")
    assert "Tạm nghỉ trưa" in [item["title"] for item in stored["feed"]["items"]]

    assert plays, "no proof of play was sent"
    body = plays[0].request.post_data_json
    assert plays[0].request.all_headers()["authorization"] == f"Bearer {screen.token}"
    ids = [play["id"] for play in body["plays"]]
    assert ids and all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids) and len(set(ids)) == len(ids)


# --- Issue 15 item 8: counter and previews while writing, previews in the queue, emergencies in 10 s --

EMERGENCY_BOUND_MS = 10_000  # the promise: an emergency starts and ends on a player within 10 s
SHOTS = "/tmp/screens-shots"


def frame_loaded(row, width: int) -> None:
    """The row's preview image has loaded, at the display profile's own pixel width."""
    row.page.wait_for_function(
        "([img, width]) => img.complete && img.naturalWidth === width",
        arg=[row.locator("img").element_handle(), width],
    )


def test_ward_editor_writes_with_counter_and_preview_then_approver_approves_and_it_plays(
    site, ward_editor, approver, new_page
):
    ward_a = site.units["ward_a"]
    tv, led = make_screen("TV Một cửa", ward_a), make_screen("LED cổng", ward_a, led=True)
    players = {screen.pk: new_page() for screen in (tv, led)}
    for screen in (tv, led):
        open_player(players[screen.pk], screen)

    editor = new_page()
    admin_login(editor, ward_editor.username)
    editor.goto("/admin/snippets/screens/screenmessage/add/")
    panel = editor.locator("[data-screens-fit]")
    expect(panel.get_by_text("Chọn nơi nhận để xem giới hạn ký tự")).to_be_visible()
    editor.select_option("select[name=target_unit]", label="Phường Tây Hồ")
    led_row = panel.locator("tbody tr", has_text="LED 192×96")
    tv_row = panel.locator("tbody tr", has_text="TV 1920×1080")
    expect(led_row).to_contain_text("1 màn hình")
    editor.fill("input[name=title]", "Lịch tiếp dân thứ Bảy")
    expect(led_row.locator("td").nth(0)).to_have_text("21/30 ký tự")
    expect(tv_row.locator("td").nth(0)).to_have_text("21/120 ký tự")
    # Too long for the LED panel (80), fine for the TV (600): said per profile while typing.
    long_text = "Bộ phận Một cửa làm việc sáng thứ Bảy từ 7 giờ 30 đến 11 giờ, mời người dân mang theo giấy tờ."
    editor.fill("textarea[name=text]", long_text)
    expect(led_row.locator("td").nth(1)).to_contain_text("thừa")
    expect(tv_row.locator("td").nth(1)).not_to_contain_text("thừa")
    expect(panel.locator(".screens-fit__alert")).to_have_text(re.compile(r"Nội dung dài hơn .*LED 192×96"))
    editor.fill("textarea[name=text]", "Bộ phận Một cửa làm việc sáng thứ Bảy.")
    expect(led_row.locator("td").nth(1)).to_have_text("38/80 ký tự")
    expect(panel.locator(".screens-fit__alert")).to_be_empty()
    # Each profile's frame, rendered by the server at the panel's own size.
    frame_loaded(led_row, 192)
    frame_loaded(tv_row, 1920)
    editor.fill("input[name=duration_seconds]", "15")  # the LED panel scrolls it at a readable speed
    panel.screenshot(path=f"{SHOTS}/form-counter-preview.png")
    with editor.expect_navigation():
        editor.locator("footer button[type=submit]").first.click()
    assert not editor.locator(".error-message").all_inner_texts()
    with db_access():
        message = ScreenMessage.objects.get(title="Lịch tiếp dân thứ Bảy")
    assert message.status == MessageStatus.PENDING and message.created_by == ward_editor

    reviewer = new_page()
    admin_login(reviewer, approver.username)
    reviewer.goto("/admin/screens/queue/")
    row = reviewer.locator("tr", has_text="Lịch tiếp dân thứ Bảy")
    for name, width in (("LED 192×96", 192), ("TV 1920×1080", 1920)):
        image = row.get_by_role("img", name=f"Xem trước trên {name}")
        expect(image).to_be_visible()
        reviewer.wait_for_function(
            "([img, width]) => img.complete && img.naturalWidth === width", arg=[image.element_handle(), width]
        )
    reviewer.screenshot(path=f"{SHOTS}/queue-previews.png", full_page=True)
    row.get_by_role("button", name="Duyệt").click()
    expect(reviewer.get_by_text("Đã duyệt “Lịch tiếp dân thứ Bảy”.")).to_be_visible()

    for screen in (tv, led):
        stored_feed_has(players[screen.pk], screen, "Lịch tiếp dân thứ Bảy", timeout=wait_ms(screen))
    expect(players[tv.pk].locator(".player__title")).to_have_text("Lịch tiếp dân thứ Bảy", timeout=6_000)
    expect(players[led.pk].locator(".player__ticker")).to_contain_text("Lịch tiếp dân thứ Bảy", timeout=6_000)


def test_emergency_shows_within_10_s_and_ends_within_10_s_on_end_now(site, make_user, new_page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo")
    screen = make_screen("TV Một cửa", site.units["ward_a"])
    with db_access():
        screen.poll_interval = 60  # the feed's usual interval: the emergency must not wait for it
        screen.save()
    approved("Giờ làm việc mùa hè", unit=site.units["ward_a"])
    page = new_page()
    player = open_player(page, screen)
    expect(player.locator(".player__title")).to_have_text("Giờ làm việc mùa hè")
    page.wait_for_function(  # the player is polling the emergency resource
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('/emergency.json'))",
        timeout=10_000,
    )

    with db_access():
        emergency = services.send_emergency(
            user=officer, title="Cảnh báo mưa lớn", text="Tạm dừng tiếp dân từ 14 giờ.", target_unit=site.units["city"]
        )
    # Committed: from now, within 10 s, on the player (a bound on the condition, not a sleep).
    expect(player).to_have_class(re.compile(r"\bis-emergency\b"), timeout=EMERGENCY_BOUND_MS)
    expect(player.locator(".player__title")).to_have_text("Cảnh báo mưa lớn")
    page.screenshot(path=f"{SHOTS}/player-emergency.png")

    admin = new_page()
    admin_login(admin, officer.username)
    admin.goto("/admin/screens/")
    section = admin.get_by_role("region", name="Tin khẩn cấp đang phát")
    expect(section).to_contain_text("Cảnh báo mưa lớn")
    section.get_by_role("link", name="Kết thúc ngay").click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Kết thúc ngay").click()
    expect(admin.get_by_text("“Cảnh báo mưa lớn” đã kết thúc trên mọi màn hình.")).to_be_visible()
    expect(player).not_to_have_class(re.compile(r"\bis-emergency\b"), timeout=EMERGENCY_BOUND_MS)
    expect(player.locator(".player__title")).to_have_text("Giờ làm việc mùa hè")
    with db_access():
        emergency.refresh_from_db()
        assert emergency.get_status_display() == "Đã hết hạn"
    admin.goto("/admin/snippets/screens/screenmessage/")
    expect(admin.locator("tr", has_text="Cảnh báo mưa lớn")).to_contain_text("Đã hết hạn")


def test_ward_editor_reads_the_weeks_calendar_on_a_phone(site, ward_editor, new_page):
    """What plays where this week: a plain table, usable at 390 px, without JavaScript."""
    from datetime import time as clock

    ward_a = site.units["ward_a"]
    make_screen("TV Một cửa", ward_a)
    ScreenMessage.objects.create(
        title="Giờ tiếp dân buổi sáng",
        target_unit=ward_a,
        starts_at=timezone.now() - timedelta(days=8),
        ends_at=timezone.now() + timedelta(days=8),
        daily_start=clock(7, 30),
        daily_end=clock(11, 0),
        status=MessageStatus.APPROVED,
    )
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    admin_login(page, ward_editor.username)
    page.goto("/admin/screens/calendar/")
    table = page.get_by_role("table", name=re.compile(r"^Lịch phát trên các màn hình, tuần "))
    expect(table).to_be_visible()
    expect(page.locator("th[aria-current=date]")).to_have_count(1)
    row = table.get_by_role("row", name=re.compile("TV Một cửa"))
    expect(row).to_contain_text("07:30–11:00")
    expect(row).to_contain_text("Giờ tiếp dân buổi sáng")
    # The wide table scrolls inside its own box: the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=f"{SHOTS}/calendar-phone.png")

    # The same table and its week links without JavaScript.
    plain = new_page(java_script_enabled=False)
    admin_login(plain, ward_editor.username)
    plain.goto("/admin/screens/calendar/")
    expect(plain.get_by_role("row", name=re.compile("TV Một cửa"))).to_contain_text("Giờ tiếp dân buổi sáng")
    plain.get_by_role("link", name="Tuần sau").click()
    expect(plain.get_by_role("link", name="Tuần này")).to_be_visible()
    expect(plain.get_by_role("row", name=re.compile("TV Một cửa"))).to_contain_text("07:30–11:00")
