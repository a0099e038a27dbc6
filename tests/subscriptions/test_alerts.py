"""Staff alerts: once per incident, a recovery mail, a daily cap, per-account choice, the panel."""

import datetime as dt

import pytest
from django.utils import timezone

from campaign_site.access.roles import INFORMATION_OFFICER, SCREEN_OPERATOR
from screens.models import DisplayProfile, Screen
from screens.models.profiles import ProfileKind
from subscriptions.alerts import services
from subscriptions.models import AlertMail, AlertOptOut, Incident

from .conftest import header

# A Wednesday at 10:00 local time: within opening hours.
OPEN = timezone.make_aware(dt.datetime(2026, 12, 2, 10, 0))


@pytest.fixture
def profile(db):
    return DisplayProfile.objects.create(
        name="TV",
        kind=ProfileKind.TV_LANDSCAPE,
        width_px=1920,
        height_px=1080,
        text_lines=12,
        max_title_chars=120,
        max_text_chars=600,
    )


@pytest.fixture
def staff(make_user, units, roles):
    return {
        "ward_a_operator": make_user(SCREEN_OPERATOR, units["ward_a"], username="op_a", email="op.a@example.vn"),
        "ward_b_operator": make_user(SCREEN_OPERATOR, units["ward_b"], username="op_b", email="op.b@example.vn"),
        "city_officer": make_user(INFORMATION_OFFICER, units["city"], username="cbtt", email="cbtt@example.vn"),
    }


def screen(name, unit, profile, last_seen):
    s = Screen.objects.create(name=name, unit=unit, profile=profile)
    Screen.objects.filter(pk=s.pk).update(last_seen_at=last_seen)
    return s


def test_an_offline_screen_alerts_its_unit_once_then_recovers(smtp_server, staff, units, profile):
    tv = screen("TV một cửa", units["ward_a"], profile, OPEN - dt.timedelta(minutes=45))
    screen("TV Ba Đình", units["ward_b"], profile, OPEN - dt.timedelta(minutes=5))  # online
    totals = services.run_alerts(now=OPEN)
    assert totals["opened"] == 1
    recipients = sorted(r for _, rcpts in smtp_server.envelopes for r in rcpts)
    assert recipients == ["cbtt@example.vn", "op.a@example.vn"]  # not the other ward's operator
    mail = smtp_server.to("op.a@example.vn")[0]
    assert header(mail, "Subject").startswith("[Cảnh báo] Màn hình “TV một cửa”")
    # Still offline: no second mail.
    services.run_alerts(now=OPEN + dt.timedelta(minutes=10))
    services.run_alerts(now=OPEN + dt.timedelta(minutes=20))
    assert len(smtp_server.to("op.a@example.vn")) == 1
    # Back online: one recovery mail to those who were told, and the incident closes.
    Screen.objects.filter(pk=tv.pk).update(last_seen_at=OPEN + dt.timedelta(minutes=29))
    totals = services.run_alerts(now=OPEN + dt.timedelta(minutes=30))
    assert totals["resolved"] == 1
    subjects = [header(m, "Subject") for m in smtp_server.to("op.a@example.vn")]
    assert subjects[1].startswith("[Đã khắc phục]")
    assert Incident.objects.get(key=f"screen:{tv.pk}").resolved_at is not None
    # It goes dark again: a new incident, a new mail.
    Screen.objects.filter(pk=tv.pk).update(last_seen_at=OPEN)
    services.run_alerts(now=OPEN + dt.timedelta(hours=2))
    assert len(smtp_server.to("op.a@example.vn")) == 3


def test_outside_opening_hours_a_dark_screen_opens_nothing(smtp_server, staff, units, profile):
    night = timezone.make_aware(dt.datetime(2026, 12, 2, 22, 0))
    screen("TV một cửa", units["ward_a"], profile, night - dt.timedelta(hours=3))
    assert services.run_alerts(now=night)["opened"] == 0
    sunday = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))
    assert services.run_alerts(now=sunday)["opened"] == 0
    assert smtp_server.messages == []


def test_an_account_can_turn_a_kind_off(client, smtp_server, staff, units, profile):
    client.force_login(staff["ward_a_operator"])
    page = client.get("/admin/account/")
    assert page.status_code == 200 and "Thư cảnh báo" in page.content.decode()
    response = client.post(
        "/admin/account/",
        {
            "staff_alerts-kinds": [],
            "name_email-first_name": "A",
            "name_email-last_name": "B",
            "name_email-email": "op.a@example.vn",
            "locale-preferred_language": "vi",
            "locale-current_time_zone": "Asia/Ho_Chi_Minh",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_clipboard_shortcut": "",
        },
    )
    assert response.status_code in (200, 302)
    assert AlertOptOut.objects.filter(user=staff["ward_a_operator"], kind="screen_offline").exists()
    screen("TV một cửa", units["ward_a"], profile, OPEN - dt.timedelta(hours=1))
    services.run_alerts(now=OPEN)
    assert smtp_server.to("op.a@example.vn") == []
    assert len(smtp_server.to("cbtt@example.vn")) == 1


def test_the_daily_cap_holds(smtp_server, staff, units, profile, settings):
    settings.ALERTS_DAILY_CAP = 2
    for n in range(4):
        screen(f"TV {n}", units["ward_a"], profile, OPEN - dt.timedelta(hours=1))
    totals = services.run_alerts(now=OPEN)
    assert totals["opened"] == 4
    assert len(smtp_server.to("op.a@example.vn")) == 2
    assert AlertMail.objects.filter(user=staff["ward_a_operator"], sent=True).count() == 2


def test_mail_server_down_is_recorded_not_raised(smtp_down, staff, units, profile):
    screen("TV một cửa", units["ward_a"], profile, OPEN - dt.timedelta(hours=1))
    totals = services.run_alerts(now=OPEN)
    assert totals["opened"] == 1 and totals["mailed"] == 0
    assert AlertMail.objects.filter(sent=False).exclude(error="").exists()


def test_overdue_plan_task_and_failing_feed_alert_city_officers(smtp_server, staff, db):
    from bulletins.models import BulletinSection, FeedSource

    section = BulletinSection.objects.create(name="CẢI CÁCH", sort_order=1)
    source = FeedSource.objects.create(
        name="Báo hỏng", url="https://bao.example.vn/rss", credit_label="Bao.vn", default_section=section
    )
    FeedSource.objects.filter(pk=source.pk).update(consecutive_failures=5, last_success_at=OPEN - dt.timedelta(days=2))
    services.run_alerts(now=OPEN)
    [mail] = smtp_server.to("cbtt@example.vn")
    assert "Báo hỏng" in header(mail, "Subject")
    assert smtp_server.to("op.a@example.vn") == []


def test_the_dashboard_shows_open_alerts_in_scope(client, staff, units, profile):
    screen("TV Tây Hồ", units["ward_a"], profile, OPEN - dt.timedelta(hours=1))
    screen("TV Ba Đình", units["ward_b"], profile, OPEN - dt.timedelta(hours=1))
    from django.core import mail  # locmem: this test reads only the panel

    services.run_alerts(now=OPEN)
    assert mail.outbox
    client.force_login(staff["ward_a_operator"])
    html = client.get("/admin/").content.decode()
    assert "TV Tây Hồ" in html and "TV Ba Đình" not in html
