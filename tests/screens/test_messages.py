"""Messages: validation at save, database constraints, and the permission rules for each role."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER
from screens import services
from screens.models import MessageKind, MessageStatus, ScreenMessage


def draft(**fields):
    now = timezone.now()
    defaults = {"title": "Thông báo", "text": "Nội dung", "starts_at": now, "ends_at": now + timedelta(days=1)}
    defaults.update(fields)
    return ScreenMessage(**defaults)


# --- validation -----------------------------------------------------------------------------


def test_text_longer_than_a_targeted_profile_is_refused_with_the_limit(screens, units, ward_editor):
    message = draft(target_unit=units["ward_a"], text="x" * 81)  # ward A has an LED with 80 characters
    with pytest.raises(ValidationError) as error:
        services.save_message(message=message, user=ward_editor)
    text = " ".join(error.value.message_dict["text"])
    assert "80" in text and "81" in text and "LED 192×96" in text
    assert not ScreenMessage.objects.exists()


def test_long_text_is_fine_for_tv_only_targets(screens, ward_editor):
    message = services.save_message(message=draft(target_screen=screens["a_tv"], text="x" * 500), user=ward_editor)
    assert message.pk and message.status == MessageStatus.PENDING


def test_title_too_long_is_refused(screens, units, ward_editor):
    with pytest.raises(ValidationError) as error:
        services.save_message(message=draft(target_screen=screens["a_led"], title="T" * 31), user=ward_editor)
    assert "30" in " ".join(error.value.message_dict["title"])


def test_end_before_start_refused_by_clean_and_database(screens, units, make_message):
    now = timezone.now()
    message = draft(target_unit=units["ward_a"], starts_at=now, ends_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        message.full_clean()
    assert "ends_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_message(target_unit=units["ward_a"], starts_at=now, ends_at=now - timedelta(hours=1))


def test_exactly_one_target(screens, units, make_message):
    with pytest.raises(ValidationError):
        draft(target_unit=units["ward_a"], target_screen=screens["a_tv"]).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_message(target_unit=None, target_screen=None)


def test_daily_window_must_end_after_start(units, make_message):
    from datetime import time

    with pytest.raises(ValidationError):
        draft(target_unit=units["ward_a"], daily_start=time(10), daily_end=time(9)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_message(target_unit=units["ward_a"], daily_start=time(10), daily_end=time(9))


def test_emergency_must_end(units, make_message):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_message(target_unit=units["city"], kind=MessageKind.EMERGENCY, ends_at=None)


def test_text_is_stored_nfc(screens, ward_editor):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    message = services.save_message(message=draft(target_screen=screens["a_tv"], title=decomposed), user=ward_editor)
    assert message.title == "Ủy ban nhân dân"


# --- roles ---------------------------------------------------------------------------------


def test_ward_editor_cannot_push_to_another_wards_screen(screens, units, ward_editor):
    for message in (draft(target_screen=screens["b_tv"]), draft(target_unit=units["ward_b"])):
        with pytest.raises(PermissionDenied):
            services.save_message(message=message, user=ward_editor)
    with pytest.raises(PermissionDenied):  # nor city-wide
        services.save_message(message=draft(target_unit=units["city"], include_subunits=True), user=ward_editor)
    assert not ScreenMessage.objects.exists()


def test_ward_editor_writes_for_its_own_ward(screens, units, ward_editor):
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor)
    assert message.status == MessageStatus.PENDING and message.created_by == ward_editor and message.submitted_at


def test_draft_when_not_submitted(screens, units, ward_editor):
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor, submit=False)
    assert message.status == MessageStatus.DRAFT


def test_ward_editor_cannot_send_an_emergency(screens, units, ward_editor):
    with pytest.raises(PermissionDenied):
        services.save_message(message=draft(target_unit=units["ward_a"], kind=MessageKind.EMERGENCY), user=ward_editor)
    with pytest.raises(PermissionDenied):
        services.send_emergency(user=ward_editor, title="Khẩn", target_unit=units["ward_a"])


def test_approver_cannot_send_an_emergency(screens, units, approver):
    with pytest.raises(PermissionDenied):
        services.send_emergency(user=approver, title="Khẩn", target_unit=units["city"])


def test_ward_information_officer_cannot_send_an_emergency(screens, units, make_user, roles):
    ward_officer = make_user(INFORMATION_OFFICER, units["ward_a"])
    with pytest.raises(PermissionDenied):
        services.send_emergency(user=ward_officer, title="Khẩn", target_unit=units["ward_a"])


def test_city_officer_sends_an_emergency_at_once(screens, units, officer):
    message = services.send_emergency(user=officer, title="Khẩn cấp", target_unit=units["city"], minutes=5)
    assert message.status == MessageStatus.APPROVED and message.kind == MessageKind.EMERGENCY
    assert message.ends_at - message.starts_at == timedelta(minutes=5)


def test_approving_own_message_is_refused(screens, units, make_user, roles):
    author = make_user(APPROVER, units["ward_a"])
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=author)
    with pytest.raises(PermissionDenied):
        services.approve_message(message=message, user=author)
    with pytest.raises(PermissionDenied):
        services.reject_message(message=message, user=author, reason="Tự từ chối")
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_database_refuses_self_review(units, make_message, ward_editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_message(target_unit=units["ward_a"], created_by=ward_editor, reviewed_by=ward_editor)


def test_ward_editor_cannot_approve(screens, units, ward_editor, other_ward_editor):
    message = services.save_message(message=draft(target_unit=units["ward_b"]), user=other_ward_editor)
    with pytest.raises(PermissionDenied):
        services.approve_message(message=message, user=ward_editor)


def test_approver_of_another_ward_cannot_approve(screens, units, ward_editor, make_user, roles):
    approver_b = make_user(APPROVER, units["ward_b"])
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor)
    with pytest.raises(PermissionDenied):
        services.approve_message(message=message, user=approver_b)


def test_approver_of_the_ward_or_above_approves(screens, units, ward_editor, make_user, approver, roles):
    approver_a = make_user(APPROVER, units["ward_a"])
    first = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor)
    second = services.save_message(message=draft(target_screen=screens["a_tv"]), user=ward_editor)
    first = services.approve_message(message=first, user=approver_a)
    second = services.approve_message(message=second, user=approver)  # the city approver is above
    for message in (first, second):
        assert message.status == MessageStatus.APPROVED and message.reviewed_at
    assert first.reviewed_by == approver_a and second.reviewed_by == approver


def test_reject_needs_a_reason(screens, units, ward_editor, approver):
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor)
    with pytest.raises(ValidationError):
        services.reject_message(message=message, user=approver, reason="  ")
    message = services.reject_message(message=message, user=approver, reason="Sai giờ làm việc")
    assert message.status == MessageStatus.REJECTED and message.review_note == "Sai giờ làm việc"


def test_only_pending_messages_can_be_reviewed(screens, units, ward_editor, approver):
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor, submit=False)
    with pytest.raises(ValidationError):
        services.approve_message(message=message, user=approver)


def test_editing_an_approved_message_sends_it_back_to_pending(screens, units, ward_editor, approver):
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor)
    services.approve_message(message=message, user=approver)
    message = ScreenMessage.objects.get(pk=message.pk)
    message.text = "Nội dung đã sửa"
    message = services.save_message(message=message, user=ward_editor)
    assert message.status == MessageStatus.PENDING and message.reviewed_by is None


def test_saving_an_approved_message_unchanged_keeps_it_approved(screens, units, ward_editor, approver):
    message = services.save_message(message=draft(target_unit=units["ward_a"]), user=ward_editor)
    services.approve_message(message=message, user=approver)
    message = services.save_message(message=ScreenMessage.objects.get(pk=message.pk), user=ward_editor)
    assert message.status == MessageStatus.APPROVED


def test_ward_editor_cannot_retarget_another_wards_message(screens, units, ward_editor, other_ward_editor):
    message = services.save_message(message=draft(target_unit=units["ward_b"]), user=other_ward_editor)
    message = ScreenMessage.objects.get(pk=message.pk)
    message.target_unit = units["ward_a"]  # taking it over by pointing it at its own ward
    with pytest.raises(PermissionDenied):
        services.save_message(message=message, user=ward_editor)


def test_screen_operator_cannot_write_messages(screens, units, screen_operator):
    with pytest.raises(PermissionDenied):
        services.save_message(message=draft(target_unit=units["ward_a"]), user=screen_operator)


def test_ward_editor_cannot_manage_tokens(screens, ward_editor):
    with pytest.raises(PermissionDenied):
        services.regenerate_token(screen=screens["a_tv"], user=ward_editor)
