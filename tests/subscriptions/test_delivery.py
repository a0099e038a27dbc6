"""A published bulletin reaches each confirmed reader once, through a real SMTP server, with both
parts and the right headers; the server being down or refusing is recorded and retried."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from subscriptions import delivery
from subscriptions.models import Delivery, IssueMailing, MailSettings
from subscriptions.models.deliveries import DeliveryStatus, Kind
from subscriptions.models.subscribers import Status

from .conftest import LoopbackController, Recorder, header, links_in

DAY = dt.date(2026, 12, 5)  # a past day (or today after 07:30): sent at once


@pytest.fixture
def readers(make_subscriber):
    return {
        "a": make_subscriber("a@example.vn"),
        "b": make_subscriber("b@example.vn"),
        "pending": make_subscriber("cho@example.vn", status=Status.PENDING),
        "gone": make_subscriber("huy@example.vn", status=Status.UNSUBSCRIBED),
        "digest_only": make_subscriber("tonghop@example.vn", wants_bulletin=False, digest="weekly"),
    }


def test_publish_sends_once_to_each_confirmed_reader_with_both_parts_and_headers(
    smtp_server, home, readers, make_bulletin
):
    chosen = MailSettings.for_site(home.get_site())
    chosen.from_name = "Ban biên tập CCHC"
    chosen.reply_to = "bientap@cchc.example.vn"
    chosen.save()
    bulletin = make_bulletin(DAY)
    assert sorted(rcpt for _, rcpts in smtp_server.envelopes for rcpt in rcpts) == ["a@example.vn", "b@example.vn"]
    message = smtp_server.to("a@example.vn")[0]
    assert header(message, "Subject") == "Bản tin CCHC ngày 5/12/2026"
    assert "Ban biên tập CCHC" in header(message, "From") and "bantin@cchc.example.vn" in header(message, "From")
    assert header(message, "Reply-To") == "bientap@cchc.example.vn"
    unsubscribe = header(message, "List-Unsubscribe")
    assert unsubscribe.startswith("<http://testserver/nhan-tin/huy/") and unsubscribe.endswith(">")
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert message["List-Id"] and message["Message-ID"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    # The text part is the bulletin's own text output, plus the reader's links.
    assert "BẢN TIN CẢI CÁCH HÀNH CHÍNH NGÀY 5/12/2026" in text
    assert "1. Phường Tây Hồ rút ngắn thời gian giải quyết hồ sơ" in text
    assert "(Baogialai.com.vn 5/12, Vĩnh Hoàng)" in text
    assert "/nhan-tin/quan-ly/" in text and "@@" not in text
    # The HTML part: inline styles, the numbered contents and credits, no remote images.
    assert 'style="' in html and "<style" not in html and "<script" not in html
    assert "2. " in html and "Kinhtedothi.vn 4/12" in html
    assert "<img" not in html or 'src="http://testserver' in html
    assert "/nhan-tin/huy/" in html and "@@" not in html
    # Each reader gets their own links.
    other = smtp_server.to("b@example.vn")[0]
    assert header(other, "List-Unsubscribe") != unsubscribe
    sent = Delivery.objects.filter(bulletin=bulletin, kind=Kind.BULLETIN, status=DeliveryStatus.SENT)
    assert sent.count() == 2 and all(d.sent_at for d in sent)


def test_republishing_and_later_rounds_never_send_twice(
    smtp_server, home, readers, make_bulletin, django_capture_on_commit_callbacks
):
    bulletin = make_bulletin(DAY)
    assert len(smtp_server.messages) == 2
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            bulletin.save_revision().publish()
    delivery.send_due_mail(now=timezone.now() + dt.timedelta(days=1))
    delivery.send_issue(bulletin_id=bulletin.pk)  # even a direct second run
    assert len(smtp_server.messages) == 2
    assert Delivery.objects.filter(bulletin=bulletin).count() == 2


def test_the_database_refuses_a_second_delivery_of_an_issue(home, readers, make_bulletin, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    bulletin = make_bulletin(DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(subscriber=readers["a"], kind=Kind.BULLETIN, bulletin=bulletin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(subscriber=readers["a"], kind=Kind.DIGEST, digest_key="")


def test_a_bulletin_published_before_the_send_time_waits_for_it(smtp_server, home, readers, make_bulletin):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    bulletin = make_bulletin(tomorrow)
    assert smtp_server.messages == []
    mailing = IssueMailing.objects.get(bulletin=bulletin)
    assert timezone.localtime(mailing.send_after).time() == dt.time(7, 30)
    delivery.send_due_mail(now=mailing.send_after - dt.timedelta(minutes=1))
    assert smtp_server.messages == []
    delivery.send_due_mail(now=mailing.send_after + dt.timedelta(minutes=1))
    assert len(smtp_server.messages) == 2


def test_nothing_is_sent_to_a_reader_before_confirmation(smtp_server, home, make_subscriber, make_bulletin):
    make_subscriber("cho@example.vn", status=Status.PENDING)
    make_bulletin(DAY)
    assert smtp_server.messages == []


def test_a_reader_who_unsubscribes_after_queueing_is_skipped(smtp_server, home, readers, make_bulletin):
    bulletin = make_bulletin(DAY, publish=False)
    ids = delivery.queue_issue(bulletin=bulletin)
    readers["b"].status = Status.UNSUBSCRIBED
    readers["b"].save()
    report = delivery.send_in_batches(ids)
    assert (report.sent, report.skipped) == (1, 1)
    assert [r for _, rcpts in smtp_server.envelopes for r in rcpts] == ["a@example.vn"]


def test_server_down_at_publish_keeps_the_page_live_and_retries_later(
    smtp_down, home, readers, make_bulletin, settings
):
    bulletin = make_bulletin(DAY)
    assert bulletin.live
    rows = Delivery.objects.filter(bulletin=bulletin)
    assert rows.count() == 2
    for row in rows:
        assert row.status == DeliveryStatus.QUEUED and row.attempts == 1
        assert "ConnectionRefused" in row.last_error and row.next_attempt_at > timezone.now()
    # The server comes back: the next round after the back-off sends each mail once.
    recorder = Recorder()
    controller = LoopbackController(recorder, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        settings.EMAIL_PORT = controller.port
        delivery.send_due_mail(now=timezone.now())  # too early: the back-off holds
        assert recorder.messages == []
        report = delivery.send_due_mail(now=timezone.now() + dt.timedelta(minutes=2))
        assert report.sent == 2
        delivery.send_due_mail(now=timezone.now() + dt.timedelta(hours=1))
    finally:
        controller.stop()
    assert len(recorder.messages) == 2
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_retries_back_off_and_end_as_failures(smtp_down, home, readers, make_bulletin, settings):
    settings.SUBSCRIPTIONS_MAX_ATTEMPTS = 3
    settings.SUBSCRIPTIONS_RETRY_BASE_SECONDS = 60
    bulletin = make_bulletin(DAY)
    row = Delivery.objects.filter(bulletin=bulletin).first()
    first_wait = row.next_attempt_at
    delivery.send_due_mail(now=first_wait + dt.timedelta(seconds=1))
    row.refresh_from_db()
    assert row.attempts == 2 and row.status == DeliveryStatus.QUEUED
    assert row.next_attempt_at - (first_wait + dt.timedelta(seconds=1)) == dt.timedelta(seconds=120)
    delivery.send_due_mail(now=row.next_attempt_at + dt.timedelta(seconds=1))
    row.refresh_from_db()
    assert row.attempts == 3 and row.status == DeliveryStatus.FAILED and row.last_error
    assert Delivery.objects.filter(bulletin=bulletin, status=DeliveryStatus.FAILED).count() == 2


def test_refused_recipients_are_recorded_and_go_inactive_after_repeated_hard_failures(
    smtp_server, home, readers, make_bulletin, settings
):
    settings.SUBSCRIPTIONS_HARD_FAILURE_LIMIT = 2
    smtp_server.refuse["b@example.vn"] = "550 5.1.1 No such user"
    first = make_bulletin(DAY)
    failed = Delivery.objects.get(bulletin=first, subscriber=readers["b"])
    assert failed.status == DeliveryStatus.FAILED and failed.last_error.startswith("550")
    readers["b"].refresh_from_db()
    assert readers["b"].hard_failures == 1 and readers["b"].status == Status.ACTIVE
    make_bulletin(DAY - dt.timedelta(days=1))
    readers["b"].refresh_from_db()
    assert readers["b"].status == Status.INACTIVE
    make_bulletin(DAY - dt.timedelta(days=2))
    assert not Delivery.objects.filter(subscriber=readers["b"], bulletin__date=DAY - dt.timedelta(days=2)).exists()
    assert len(smtp_server.to("a@example.vn")) == 3


def test_a_temporary_refusal_is_retried_not_counted_against_the_address(smtp_server, home, readers, make_bulletin):
    smtp_server.refuse["b@example.vn"] = "451 4.3.0 Try again later"
    bulletin = make_bulletin(DAY)
    row = Delivery.objects.get(bulletin=bulletin, subscriber=readers["b"])
    assert row.status == DeliveryStatus.QUEUED and row.attempts == 1 and row.last_error.startswith("451")
    readers["b"].refresh_from_db()
    assert readers["b"].hard_failures == 0
    del smtp_server.refuse["b@example.vn"]
    delivery.send_due_mail(now=timezone.now() + dt.timedelta(minutes=5))
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert len(smtp_server.to("b@example.vn")) == 1


def test_a_row_left_sending_by_a_killed_worker_is_failed_not_resent(smtp_server, home, readers, make_bulletin):
    bulletin = make_bulletin(DAY, publish=False)
    ids = delivery.queue_issue(bulletin=bulletin)
    Delivery.objects.filter(pk=ids[0]).update(
        status=DeliveryStatus.SENDING, created_at=timezone.now() - dt.timedelta(hours=1)
    )
    delivery.send_due_mail(now=timezone.now() + dt.timedelta(minutes=10))
    assert Delivery.objects.get(pk=ids[0]).status == DeliveryStatus.FAILED
    assert len(smtp_server.messages) == 1


def test_one_click_unsubscribe_from_the_mail_header(smtp_server, home, readers, make_bulletin):
    make_bulletin(DAY)
    message = smtp_server.to("a@example.vn")[0]
    url = header(message, "List-Unsubscribe").strip("<>")
    path = url.split("testserver", 1)[1]
    client = Client(enforce_csrf_checks=True)  # a mail provider has no cookie and no token
    assert client.get(path).status_code == 200  # GET only shows a button
    readers["a"].refresh_from_db()
    assert readers["a"].status == Status.ACTIVE
    response = client.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    readers["a"].refresh_from_db()
    assert readers["a"].status == Status.UNSUBSCRIBED and readers["a"].unsubscribed_at
    make_bulletin(DAY - dt.timedelta(days=1))
    assert len(smtp_server.to("a@example.vn")) == 1


def test_manage_page_from_the_mail_changes_choices_without_a_password(smtp_server, home, readers, make_bulletin):
    make_bulletin(DAY)
    message = smtp_server.to("a@example.vn")[0]
    [manage] = [link for link in links_in(message) if "/quan-ly/" in link]
    client = Client()
    path = manage.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "a@example.vn" in page.content.decode()
    response = client.post(path, {"digest": "weekly"})
    assert response.status_code == 200 and "Đã lưu" in response.content.decode()
    readers["a"].refresh_from_db()
    assert readers["a"].wants_bulletin is False and readers["a"].digest == "weekly"
    refused = client.post(path, {"digest": ""})
    assert refused.status_code == 400
    response = client.post(path, {"unsubscribe": "1"})
    readers["a"].refresh_from_db()
    assert readers["a"].status == Status.UNSUBSCRIBED


def test_correction_goes_once_to_those_who_received_the_issue(smtp_server, home, readers, make_bulletin):
    bulletin = make_bulletin(DAY)
    late = readers["pending"]
    late.status = Status.ACTIVE
    late.save()  # confirmed after the issue went out: gets no correction
    assert delivery.queue_correction(bulletin=bulletin)
    report = delivery.send_correction(bulletin_id=bulletin.pk)
    assert report.sent == 2
    corrections = [m for m in smtp_server.messages if "[Đính chính]" in header(m, "Subject")]
    assert len(corrections) == 2
    assert "ĐÍNH CHÍNH" in corrections[0].get_body(preferencelist=("plain",)).get_content()
    assert not delivery.queue_correction(bulletin=bulletin)
    delivery.send_correction(bulletin_id=bulletin.pk)
    assert len([m for m in smtp_server.messages if "[Đính chính]" in header(m, "Subject")]) == 2


def test_sending_keeps_to_the_configured_rate(smtp_server, home, make_subscriber, make_bulletin, settings):
    import time

    for n in range(6):
        make_subscriber(f"nhanh{n}@example.vn")
    bulletin = make_bulletin(DAY, publish=False)
    settings.SUBSCRIPTIONS_SEND_RATE = 20  # one mail each 50 ms
    started = time.monotonic()
    report = delivery.send_in_batches(delivery.queue_issue(bulletin=bulletin))
    elapsed = time.monotonic() - started
    assert report.sent == 6
    assert elapsed >= 5 * 0.05
