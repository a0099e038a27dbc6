"""The week's calendar: what plays where, per screen and day, from the approved messages' schedules
(days of the week, daily window, start and end), in a plain table that needs no script."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screens.models import MessageKind, MessageStatus, Screen
from screens.week_calendar import monday_of, rows_for_week

MONDAY = date(2026, 12, 7)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def cells(screen, monday=MONDAY):
    """{day offset: [(when, title)]} for one screen."""
    (row,) = rows_for_week(screens=Screen.objects.filter(pk=screen.pk), monday=monday)
    return {i: [(s.when, s.message.title) for s in slots] for i, slots in enumerate(row.days) if slots}


def test_monday_of():
    assert monday_of(date(2026, 12, 13)) == MONDAY and monday_of(MONDAY) == MONDAY


def test_days_of_week_daily_window_start_and_end(screens, units, make_message):
    make_message(
        target_unit=units["ward_a"],
        title="Giờ tiếp dân",
        starts_at=local(MONDAY, 0) - timedelta(days=30),
        ends_at=None,
        days_of_week="135",
        daily_start=time(7, 30),
        daily_end=time(11, 0),
    )
    make_message(
        target_unit=units["ward_a"],
        title="Tạm nghỉ",
        starts_at=local(MONDAY + timedelta(days=1), 14),
        ends_at=local(MONDAY + timedelta(days=3), 9, 15),
    )
    got = cells(screens["a_tv"])
    assert got[0] == [("07:30–11:00", "Giờ tiếp dân")]
    assert got[1] == [("14:00–24:00", "Tạm nghỉ")]
    assert sorted(got[2]) == [("07:30–11:00", "Giờ tiếp dân"), ("Cả ngày", "Tạm nghỉ")]
    assert got[3] == [("00:00–09:15", "Tạm nghỉ")]
    assert got[4] == [("07:30–11:00", "Giờ tiếp dân")]
    assert 5 not in got and 6 not in got


def test_targets_screen_unit_and_units_above_with_subunits(screens, units, make_message):
    week = {"starts_at": local(MONDAY, 0), "ends_at": local(MONDAY, 0) + timedelta(days=7)}
    make_message(target_screen=screens["a_led"], title="Chỉ bảng LED", **week)
    make_message(target_unit=units["city"], include_subunits=True, title="Toàn thành phố", **week)
    make_message(target_unit=units["city"], include_subunits=False, title="Chỉ cấp thành phố", **week)
    make_message(target_unit=units["ward_b"], title="Phường khác", **week)
    make_message(target_unit=units["ward_a"], status=MessageStatus.PENDING, title="Chưa duyệt", **week)
    assert {title for _, title in cells(screens["a_led"])[0]} == {"Chỉ bảng LED", "Toàn thành phố"}
    assert {title for _, title in cells(screens["a_tv"])[0]} == {"Toàn thành phố"}
    assert {title for _, title in cells(screens["city_ticker"])[0]} == {"Toàn thành phố", "Chỉ cấp thành phố"}


def test_an_emergency_ignores_days_and_is_listed_first(screens, units, make_message):
    make_message(target_unit=units["ward_a"], title="Thường", starts_at=local(MONDAY, 0), ends_at=None, priority=90)
    make_message(
        target_unit=units["ward_a"],
        kind=MessageKind.EMERGENCY,
        title="Khẩn cấp",
        starts_at=local(MONDAY, 10),
        ends_at=local(MONDAY, 12),
        days_of_week="7",
        priority=10,
    )
    assert cells(screens["a_tv"])[0] == [("10:00–12:00", "Khẩn cấp"), ("Cả ngày", "Thường")]


@pytest.fixture
def admin_week(client, screens, units, make_message, ward_editor):
    make_message(target_unit=units["ward_a"], title="Lịch tiếp dân", starts_at=local(MONDAY, 8), ends_at=None)
    make_message(
        target_unit=units["city"],
        include_subunits=True,
        title="Tin thành phố",
        starts_at=local(MONDAY, 0),
        ends_at=None,
    )
    client.force_login(ward_editor)
    return client


def test_the_page_is_a_labelled_table_of_the_users_screens(admin_week, units, screens):
    html = admin_week.get(reverse("screens_admin:calendar"), {"week": "2026-12-09"}).content.decode()
    assert "Lịch phát trên các màn hình, tuần 7/12/2026 – 13/12/2026" in html
    assert '<th scope="row">A TV' in html and "B TV" not in html  # only the ward's own screens
    assert "Thứ hai<br>7/12/2026" in html and "Chủ nhật<br>13/12/2026" in html
    assert "08:00–24:00" in html and "Lịch tiếp dân" in html
    # Its own message links to the editor; the city's message is listed, but not the ward's to edit.
    assert "Tin thành phố" in html and html.count("/admin/snippets/screens/screenmessage/edit/") == 2 * 7  # two screens


def test_week_navigation_and_day_first_dates(admin_week):
    html = admin_week.get(reverse("screens_admin:calendar"), {"week": "10/12/2026"}).content.decode()
    assert "tuần 7/12/2026 – 13/12/2026" in html
    assert "?week=2026-11-30" in html and "?week=2026-12-14" in html


@pytest.mark.parametrize("bad", ["32/13/2026", "hôm qua", "2026-02-30", "x" * 500])
def test_a_bad_week_is_refused_clearly_and_shows_this_week(admin_week, bad):
    response = admin_week.get(reverse("screens_admin:calendar"), {"week": bad})
    html = response.content.decode()
    assert response.status_code == 200 and "không phải là ngày: đang hiển thị tuần này" in html
    monday = monday_of(timezone.localdate())
    assert f"tuần {monday.day}/{monday.month}/{monday.year}" in html


def test_screen_operators_see_it_and_outsiders_do_not(client, screens, screen_operator, make_user):
    client.force_login(screen_operator)
    assert client.get(reverse("screens_admin:calendar")).status_code == 200
    client.force_login(make_user())
    assert client.get(reverse("screens_admin:calendar")).status_code in {302, 403}
