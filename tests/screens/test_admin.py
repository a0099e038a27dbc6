"""Admin: scoped snippet views and forms, dashboard, approval queue with counts, tokens, proof of play."""

import csv
import io
import json
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from screens import services
from screens.models import MessageKind, MessageStatus, ScreenMessage, ScreenPlay


def message_form(target, **overrides):
    now = timezone.localtime()
    data = {
        "kind": "announcement",
        "title": "Lịch tiếp công dân",
        "text": "Thứ Năm hằng tuần",
        "starts_at": now.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (now + timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
        "days_of_week": ["1", "2", "3", "4", "5"],
        "duration_seconds": "10",
        "priority": "50",
        "submit_for_approval": "on",
        **target,
    }
    data.update(overrides)
    return data


def add_url():
    return reverse("wagtailsnippets_screens_screenmessage:add")


def test_ward_editor_creates_a_message_for_its_ward(client, screens, units, ward_editor):
    client.force_login(ward_editor)
    response = client.post(add_url(), message_form({"target_unit": units["ward_a"].pk}))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    message = ScreenMessage.objects.get()
    assert message.status == MessageStatus.PENDING and message.created_by == ward_editor
    assert message.days_of_week == "12345"


def test_admin_form_limits_choices_and_refuses_another_ward(client, screens, units, ward_editor):
    client.force_login(ward_editor)
    page = client.get(add_url())
    form = page.context["form"]
    html = page.content.decode()
    assert ">A TV<" in html and ">B TV<" not in html and "Phường Ba Đình" not in html  # plain, limited selects
    assert set(form.fields["target_screen"].queryset) == {screens["a_tv"], screens["a_led"]}
    assert units["ward_b"] not in form.fields["target_unit"].queryset
    assert "emergency" not in [value for value, _ in form.fields["kind"].choices]
    response = client.post(add_url(), message_form({"target_screen": screens["b_tv"].pk}))
    assert response.status_code == 200 and "target_screen" in response.context["form"].errors
    response = client.post(add_url(), message_form({"target_unit": units["ward_a"].pk}, kind="emergency"))
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert not ScreenMessage.objects.exists()


def test_admin_form_states_the_length_limit(client, screens, units, ward_editor):
    client.force_login(ward_editor)
    response = client.post(add_url(), message_form({"target_unit": units["ward_a"].pk}, text="x" * 120))
    assert response.status_code == 200
    assert "80" in " ".join(response.context["form"].errors["text"])


def test_admin_form_refuses_end_before_start(client, screens, units, ward_editor):
    client.force_login(ward_editor)
    now = timezone.localtime()
    data = message_form(
        {"target_unit": units["ward_a"].pk}, ends_at=(now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    )
    response = client.post(add_url(), data)
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors


def test_another_wards_message_is_invisible(client, screens, units, ward_editor, other_ward_editor):
    message = services.save_message(
        message=ScreenMessage(title="B", target_unit=units["ward_b"], starts_at=timezone.now()), user=other_ward_editor
    )
    client.force_login(ward_editor)
    listing = client.get(reverse("wagtailsnippets_screens_screenmessage:list"))
    assert listing.status_code == 200 and b">B<" not in listing.content
    edit = reverse("wagtailsnippets_screens_screenmessage:edit", args=[message.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, message_form({"target_unit": units["ward_a"].pk})).status_code == 404


def test_editing_approved_message_in_admin_returns_it_to_pending(client, screens, units, ward_editor, approver):
    message = services.save_message(
        message=ScreenMessage(title="Cũ", target_unit=units["ward_a"], starts_at=timezone.now()), user=ward_editor
    )
    services.approve_message(message=message, user=approver)
    client.force_login(ward_editor)
    edit = reverse("wagtailsnippets_screens_screenmessage:edit", args=[message.pk])
    response = client.post(edit, message_form({"target_unit": units["ward_a"].pk}, title="Mới"))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.title == "Mới" and message.status == MessageStatus.PENDING


def test_approval_queue_counts_and_menu_badge(client, screens, units, ward_editor, approver):
    for n in range(2):
        services.save_message(
            message=ScreenMessage(title=f"Tin {n}", target_unit=units["ward_a"], starts_at=timezone.now()),
            user=ward_editor,
        )
    client.force_login(approver)
    response = client.get(reverse("screens_admin:queue"))
    assert response.status_code == 200
    assert response.context["counts"]["pending"] == 2 and len(response.context["pending"]) == 2
    sidebar = client.get(reverse("wagtailadmin_home")).content.decode()
    assert json.dumps("Hàng chờ duyệt (2)")[1:-1] in sidebar  # the menu label, in the sidebar's JSON


def test_approve_and_reject_from_the_queue(client, screens, units, ward_editor, approver):
    first, second = (
        services.save_message(
            message=ScreenMessage(title=t, target_unit=units["ward_a"], starts_at=timezone.now()), user=ward_editor
        )
        for t in ("Một", "Hai")
    )
    client.force_login(approver)
    client.post(reverse("screens_admin:review", args=[first.pk]), {"action": "approve"})
    client.post(reverse("screens_admin:review", args=[second.pk]), {"action": "reject", "reason": ""})
    second.refresh_from_db()
    assert second.status == MessageStatus.PENDING  # a rejection needs a reason
    client.post(reverse("screens_admin:review", args=[second.pk]), {"action": "reject", "reason": "Sai ngày"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.APPROVED and first.reviewed_by == approver
    assert second.status == MessageStatus.REJECTED and second.review_note == "Sai ngày"


def test_queue_refuses_self_approval_and_ward_editors(client, screens, units, ward_editor, make_user, roles):
    from campaign_site.access.roles import APPROVER

    author = make_user(APPROVER, units["ward_a"])
    message = services.save_message(
        message=ScreenMessage(title="Tự duyệt", target_unit=units["ward_a"], starts_at=timezone.now()), user=author
    )
    client.force_login(author)
    assert message not in client.get(reverse("screens_admin:queue")).context["pending"]
    response = client.post(reverse("screens_admin:review", args=[message.pk]), {"action": "approve"})
    assert response.status_code == 403
    client.force_login(ward_editor)
    assert client.get(reverse("screens_admin:queue")).status_code == 302  # Wagtail's "permission denied" redirect
    assert client.post(reverse("screens_admin:review", args=[message.pk]), {"action": "approve"}).status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_dashboard_shows_health_and_preview(client, screens, units, make_message, ward_editor):
    make_message(title="Đang phát ở A", target_unit=units["ward_a"])
    services.record_heartbeat(screen_id=screens["a_tv"].pk, poll_interval=60, ip="10.1.1.1")
    client.force_login(ward_editor)
    response = client.get(reverse("screens_admin:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A TV" in html and "B TV" not in html  # scoped to the editor's ward
    assert "Đang phát ở A" in html and "Trực tuyến" in html and "Ngoại tuyến" in html
    assert f"/screens/{screens['a_tv'].pk}/play/?preview=1" in html and 'width="1920"' in html


def test_operator_issues_and_revokes_a_token(client, screens, screen_operator, ward_editor):
    screen = screens["a_tv"]
    url = reverse("screens_admin:token", args=[screen.pk])
    client.force_login(ward_editor)
    assert client.post(url, {"action": "issue"}).status_code == 403
    client.force_login(screen_operator)
    response = client.post(url, {"action": "issue"})
    token = response.context["token"]
    assert token and token in response.content.decode()
    assert client.get(f"/screens/{screen.pk}/feed.json?token={token}").status_code == 200
    assert client.get(f"/screens/{screen.pk}/feed.json?token={screen.token}").status_code == 401  # old one is dead
    client.post(url, {"action": "revoke"})
    assert client.get(f"/screens/{screen.pk}/feed.json?token={token}").status_code == 403


def test_operator_creates_a_screen_then_gets_its_token(client, units, profiles, screen_operator):
    client.force_login(screen_operator)
    response = client.post(
        reverse("wagtailsnippets_screens_screen:add"),
        {
            "name": "Màn hình mới",
            "unit": units["ward_a"].pk,
            "profile": profiles["tv"].pk,
            "poll_interval": "60",
            "time_zone": "Asia/Ho_Chi_Minh",
            "show_clock": "on",
        },
    )
    assert response.status_code == 302 and "/token/" in response["Location"]


def test_proof_of_play_report_and_csv(client, screens, units, make_message, approver):
    message = make_message(title="=Tin đã phát", target_unit=units["ward_a"])
    now = timezone.now()
    for n, screen in enumerate([screens["a_tv"], screens["a_tv"], screens["a_led"]]):
        ScreenPlay.objects.create(
            screen=screen,
            play_id=f"p{n:010d}",
            message=message,
            item_id=f"m{message.pk}",
            started_at=now - timedelta(minutes=n),
            duration_seconds=10,
        )
    client.force_login(approver)
    report = client.get(reverse("screens_admin:plays"))
    row = report.context["report"][0]
    assert (row.play_count, row.play_seconds, row.screen_count) == (3, 30, 2)
    report_csv = client.get(reverse("screens_admin:plays") + "?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(report_csv.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "'=Tin đã phát" and rows[1][3] == "3"  # formula neutralised
    detail = client.get(reverse("screens_admin:plays_message", args=[message.pk]) + "?format=csv")
    assert detail["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(detail.streaming_content).decode("utf-8-sig"))))
    assert {(line[0], line[3]) for line in lines[1:]} == {("A TV", "2"), ("A LED", "1")}
    # Times in the site's one date style, "HH:MM d/m/yyyy" (no seconds, day and month without zeros).
    assert all(re.fullmatch(r"\d{2}:\d{2} \d{1,2}/\d{1,2}/\d{4}", line[-1]) for line in lines[1:])


def test_emergency_from_the_admin_by_a_city_officer(client, screens, units, officer):
    client.force_login(officer)
    now = timezone.localtime()
    data = message_form(
        {"target_unit": units["city"].pk, "include_subunits": "on"},
        kind=MessageKind.EMERGENCY,
        title="KHẨN CẤP",
        text="Mất điện",
        ends_at=(now + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M"),
        days_of_week=["1", "2", "3", "4", "5", "6", "7"],
    )
    assert client.post(add_url(), data).status_code == 302
    message = ScreenMessage.objects.get()
    assert message.status == MessageStatus.APPROVED and message.kind == MessageKind.EMERGENCY
