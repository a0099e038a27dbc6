"""An approved message whose end has passed reads "Đã hết hạn", not "Đã duyệt": in the listing, its
filter, the inspect-like views, the queue's counts and the proof-of-play report."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screens.models import EXPIRED, MessageStatus, ScreenMessage


@pytest.fixture
def messages(units, make_message):
    now = timezone.now()
    return {
        "running": make_message(target_unit=units["ward_a"], title="Tin đang phát"),
        "expired": make_message(
            target_unit=units["ward_a"],
            title="Tin đã hết hạn",
            starts_at=now - timedelta(days=2),
            ends_at=now - timedelta(days=1),
        ),
        "endless": make_message(target_unit=units["ward_a"], title="Tin không hạn", ends_at=None),
        "pending": make_message(target_unit=units["ward_a"], title="Tin chờ duyệt", status=MessageStatus.PENDING),
    }


def test_the_model_reads_expired_once_the_end_has_passed(messages):
    assert messages["expired"].get_status_display() == "Đã hết hạn"
    assert messages["expired"].display_status == EXPIRED and messages["expired"].status == MessageStatus.APPROVED
    assert messages["running"].get_status_display() == "Đã duyệt"
    assert messages["endless"].get_status_display() == "Đã duyệt"
    assert messages["pending"].get_status_display() == "Chờ duyệt"


def test_an_expired_pending_or_rejected_message_keeps_its_own_status(units, make_message):
    past = {"starts_at": timezone.now() - timedelta(days=2), "ends_at": timezone.now() - timedelta(days=1)}
    pending = make_message(target_unit=units["ward_a"], status=MessageStatus.PENDING, **past)
    assert pending.get_status_display() == "Chờ duyệt"  # it never played: nothing "expired"


@pytest.mark.parametrize(
    ("value", "titles"),
    [
        ("approved", {"Tin đang phát", "Tin không hạn"}),
        ("expired", {"Tin đã hết hạn"}),
        ("pending", {"Tin chờ duyệt"}),
    ],
)
def test_the_status_filter_separates_expired_from_approved(messages, value, titles):
    assert {m.title for m in ScreenMessage.objects.with_display_status(value)} == titles


def test_listing_shows_and_filters_expired(client, screens, messages, ward_editor):
    client.force_login(ward_editor)
    url = reverse("wagtailsnippets_screens_screenmessage:list")
    listing = client.get(url).content.decode()
    assert "Đã hết hạn" in listing  # the column, and the filter's choice
    expired = client.get(url, {"status": "expired"}).content.decode()
    assert "Tin đã hết hạn" in expired and "Tin đang phát" not in expired
    approved = client.get(url, {"status": "approved"}).content.decode()
    assert "Tin đang phát" in approved and "Tin đã hết hạn" not in approved
    # An unknown choice is refused by the filter form, not a 500.
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_queue_counts_expired_apart(client, screens, messages, approver):
    client.force_login(approver)
    counts = client.get(reverse("screens_admin:queue")).context["counts"]
    assert counts["approved"] == 2 and counts[EXPIRED] == 1 and counts["pending"] == 1


def test_end_now_confirmation_and_edit_header_read_expired(client, screens, messages, ward_editor):
    client.force_login(ward_editor)
    page = client.get(reverse("screens_admin:end", args=[messages["expired"].pk])).content.decode()
    assert "Đã hết hạn" in page and "Đã duyệt" not in page
