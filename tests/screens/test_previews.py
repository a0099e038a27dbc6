"""The message form's length counter and frame previews, and the approval queue's previews: per
targeted display profile, from the same limits and frame renderer the screens use."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from screens import previews, services
from screens.models import MessageStatus, ScreenMessage


def add_url():
    return reverse("wagtailsnippets_screens_screenmessage:add")


def png_size(content: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG"
    return image.size


def test_targeting_map_gives_each_screens_profile_and_each_units_reach(screens, profiles, units, ward_editor, officer):
    ward = previews.targeting_map(ward_editor)
    assert ward["screens"] == {
        str(screens["a_tv"].pk): str(profiles["tv"].pk),
        str(screens["a_led"].pk): str(profiles["led"].pk),
    }
    assert ward["units"][str(units["ward_a"].pk)]["own"] == {str(profiles["tv"].pk): 1, str(profiles["led"].pk): 1}
    assert str(units["ward_b"].pk) not in ward["units"]  # not the ward's to target
    assert ward["profiles"][str(profiles["led"].pk)] == {
        "name": "LED 192×96",
        "size": "192×96",
        "title": 30,
        "text": 80,
        "led": True,
    }
    city = previews.targeting_map(officer)["units"][str(units["city"].pk)]
    assert city["own"] == {str(profiles["ticker"].pk): 1}
    assert sum(city["all"].values()) == 5  # every screen under the city


def test_form_shows_the_counter_panel_with_the_map(client, screens, ward_editor):
    client.force_login(ward_editor)
    page = client.get(add_url()).content.decode()
    assert "data-screens-fit" in page and 'id="screens-targeting"' in page
    assert "screens/message_form.js" in page
    assert "Chọn nơi nhận để xem giới hạn ký tự" in page


def test_refused_form_shows_the_counts_for_what_was_typed(client, screens, units, ward_editor):
    client.force_login(ward_editor)
    now = timezone.localtime()
    data = {
        "kind": "announcement",
        "title": "Lịch tiếp công dân",
        "text": "x" * 95,
        "target_unit": units["ward_a"].pk,
        "starts_at": now.strftime("%Y-%m-%d %H:%M"),
        "days_of_week": ["1"],
        "duration_seconds": "40",
        "priority": "50",
    }
    page = client.post(add_url(), data)
    assert page.status_code == 200 and not ScreenMessage.objects.exists()
    html = page.content.decode()
    assert "95/80 ký tự" in html and "thừa 15" in html  # the LED panel
    assert "95/600 ký tự" in html  # the TV


def test_saved_message_shows_its_frames_without_script(client, screens, units, ward_editor, profiles):
    message = services.save_message(
        message=ScreenMessage(title="Lịch tiếp dân", text="Sáng thứ Bảy", target_unit=units["ward_a"]),
        user=ward_editor,
    )
    client.force_login(ward_editor)
    html = client.get(reverse("wagtailsnippets_screens_screenmessage:edit", args=[message.pk])).content.decode()
    for profile in (profiles["tv"], profiles["led"]):
        assert reverse("screens_admin:message_frame", args=[message.pk, profile.pk]) in html
    assert "13/30 ký tự" in html


def test_message_frame_is_the_profiles_png(client, screens, units, ward_editor, profiles, make_message):
    message = make_message(target_unit=units["ward_a"], title="Lịch tiếp dân")
    client.force_login(ward_editor)
    response = client.get(reverse("screens_admin:message_frame", args=[message.pk, profiles["led"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert png_size(response.content) == (192, 96)


def test_another_wards_message_frame_is_a_404(client, screens, units, ward_editor, profiles, make_message):
    message = make_message(target_unit=units["ward_b"], title="Tin phường khác")
    client.force_login(ward_editor)
    assert client.get(reverse("screens_admin:message_frame", args=[message.pk, profiles["tv"].pk])).status_code == 404


def test_live_preview_renders_unsaved_text_and_stores_nothing(client, screens, ward_editor, profiles):
    client.force_login(ward_editor)
    data = {"profile": profiles["tv"].pk, "kind": "announcement", "title": "Thử", "text": "Nội dung thử"}
    response = client.post(reverse("screens_admin:frame_preview"), data)
    assert response.status_code == 200 and png_size(response.content) == (1920, 1080)
    assert not ScreenMessage.objects.exists()


@pytest.mark.parametrize("profile", ["", "abc", "9" * 30, "-1"])
def test_live_preview_refuses_a_bad_profile(client, screens, ward_editor, profile):
    client.force_login(ward_editor)
    response = client.post(reverse("screens_admin:frame_preview"), {"profile": profile, "title": "Thử"})
    assert response.status_code == 400 and "cấu hình hiển thị" in response.content.decode()


def test_live_preview_of_a_missing_profile_is_a_404_and_huge_text_is_cut(client, screens, ward_editor, profiles):
    client.force_login(ward_editor)
    assert client.post(reverse("screens_admin:frame_preview"), {"profile": "999999"}).status_code == 404
    huge = {"profile": profiles["led"].pk, "kind": "bogus", "title": "Ấ" * 10_000, "text": "ỹ" * 100_000}
    response = client.post(reverse("screens_admin:frame_preview"), huge)
    assert response.status_code == 200 and png_size(response.content) == (192, 96)


def test_live_preview_needs_a_staff_role_and_post(client, screens, profiles, make_user):
    url = reverse("screens_admin:frame_preview")
    assert client.post(url, {"profile": profiles["tv"].pk}).status_code == 302  # to the login
    client.force_login(make_user())  # signed in, no role
    assert client.post(url, {"profile": profiles["tv"].pk}).status_code in {302, 403}


def test_queue_shows_each_targeted_profiles_frame(client, screens, units, ward_editor, approver, profiles):
    message = services.save_message(
        message=ScreenMessage(
            title="Lịch tiếp dân", text="Sáng thứ Bảy", target_unit=units["ward_a"], duration_seconds=15
        ),
        user=ward_editor,
    )
    assert message.status == MessageStatus.PENDING
    client.force_login(approver)
    html = client.get(reverse("screens_admin:queue")).content.decode()
    for profile in (profiles["tv"], profiles["led"]):
        assert reverse("screens_admin:message_frame", args=[message.pk, profile.pk]) in html
    assert reverse("screens_admin:message_frame", args=[message.pk, profiles["ticker"].pk]) not in html
    assert "Xem trước trên LED 192×96" in html


def test_target_profiles_counts_screens_per_profile(screens, units, profiles):
    message = ScreenMessage(title="Thử", target_unit=units["city"], include_subunits=True)
    counted = {t.profile.name: t.screens for t in previews.target_profiles(message)}
    assert counted == {"LED 192×96": 1, "LED ticker": 1, "TV 1920×1080": 2, "TV portrait": 1}
