"""purge_feedback_personal_data: closed items lose their personal data after N months; nothing else."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback import services
from feedback.models import FeedbackItem, State
from tests.feedback.conftest import PDF


def _close_months_ago(item, months):
    FeedbackItem.objects.filter(pk=item.pk).update(closed_at=services.months_before(timezone.now(), months))


@pytest.mark.django_db
def test_the_command_purges_old_closed_items_only(make_item, advance, units, index_page, _private_root,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    old, _ = services.submit_feedback(
        kind="question", field="other", unit=units["ward_a"], title="Cũ", content="Câu hỏi cũ đã trả lời xong.",
        name="Trần Văn B", phone="0911111111", email="b@example.vn", case_code="HS-1", wants_reply=True,
        consent_contact=True, consent_publish=True, ip_hash="abc",
        uploads=[services.Upload(file=SimpleUploadedFile("a.pdf", PDF), content_type="application/pdf")],
    )  # fmt: skip
    stored = _private_root / old.attachments.get().file.name
    old = advance(old, State.ANSWERED)
    _close_months_ago(old, 25)
    recent = advance(make_item(), State.DECLINED)
    _close_months_ago(recent, 3)
    still_open = advance(make_item(), State.PROCESSING)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_feedback_personal_data", stdout=out)
    assert "1" in out.getvalue()
    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.case_code, old.ip_hash, old.wants_reply) == ("", "", "", "", "", False)
    assert old.personal_data_removed_at and old.answer and old.content and old.state == State.ANSWERED
    assert not old.attachments.exists() and not stored.exists()
    assert old.events.filter(action="purged").exists()
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.name and kept.phone
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_feedback_personal_data", "--months", "2", stdout=StringIO())
    recent.refresh_from_db()
    assert not recent.name and FeedbackItem.objects.get(pk=still_open.pk).name


@pytest.mark.django_db
def test_the_months_come_from_the_setting(make_item, advance, settings):
    settings.FEEDBACK_PERSONAL_DATA_MONTHS = 1
    item = advance(make_item(), State.SPAM)
    _close_months_ago(item, 2)
    call_command("purge_feedback_personal_data", stdout=StringIO())
    item.refresh_from_db()
    assert not item.email


@pytest.mark.django_db
def test_negative_months_are_refused(make_item):
    with pytest.raises(CommandError):
        call_command("purge_feedback_personal_data", "--months", "-1", stdout=StringIO())


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2026, 3, 31), 1, dt.datetime(2026, 2, 28)),
        (dt.datetime(2024, 3, 31), 1, dt.datetime(2024, 2, 29)),
        (dt.datetime(2026, 1, 15), 13, dt.datetime(2024, 12, 15)),
        (dt.datetime(2026, 5, 5), 0, dt.datetime(2026, 5, 5)),
    ],
)
def test_months_before(moment, months, expected):
    assert services.months_before(moment, months) == expected
