"""Subscriptions' delivery, measured in-process: `python -m bench.mail --subscribers 10000 --send 1000`.

1. Render and queue a bulletin for N active subscribers: the one render of the issue, the N
   Delivery rows, and building the N personal messages (links signed per reader); time and growth
   of the peak resident memory of each step.
2. The batch sender (`subscriptions.delivery.send_in_batches`, no rate limit) delivering M of those
   mails to a local aiosmtpd process (bench.smtp_sink), beside the raw SMTP rate of the same server
   in the same run: smtplib on one connection sending one prebuilt message M times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import smtplib
import subprocess
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from bench.environment import ROOT, emit  # noqa: E402
from bulletins.models import BulletinIndexPage, BulletinItem, BulletinPage, BulletinSection  # noqa: E402
from subscriptions import composing, delivery  # noqa: E402
from subscriptions.models import Delivery, Subscriber  # noqa: E402
from subscriptions.models.deliveries import DeliveryStatus  # noqa: E402
from subscriptions.models.subscribers import Status  # noqa: E402


def measured(func):
    """Seconds, and growth of the process's peak resident memory in bytes (tracemalloc would slow the
    code it measures several times over)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - started
    return seconds, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024, value


def bulletin(items: int) -> BulletinPage:
    home = Site.objects.filter(is_default_site=True).first()
    parent = home.root_page if home else Page.get_first_root_node()
    index = BulletinIndexPage.objects.first()
    if index is None:
        index = parent.add_child(instance=BulletinIndexPage(title="Bản tin CCHC", slug="ban-tin-bench"))
    sections = [
        BulletinSection.objects.get_or_create(name=name, defaults={"sort_order": n})[0]
        for n, name in enumerate(("CẢI CÁCH ĐỊA PHƯƠNG", "LĨNH VỰC CẢI CÁCH", "QUẢN LÝ HÀNH CHÍNH"))
    ]
    day = dt.date(2001, 1, 1) + dt.timedelta(days=BulletinPage.objects.count())
    page = BulletinPage(date=day, title="", slug="")
    for n in range(items):
        page.items.add(
            BulletinItem(
                section=sections[n % 3],
                heading=f"Tin thử số {n + 1}: phường rút ngắn thời gian giải quyết thủ tục hành chính",
                summary="Tỷ lệ hồ sơ giải quyết đúng hạn đạt 84,57%; 8.429 trên 9.682 hồ sơ cư trú nộp trực tuyến.\n\n"
                "Người dân đánh giá hài lòng với thái độ của cán bộ Bộ phận Một cửa.",
                credit="Kinhtedothi.vn",
                original_date=day,
                source_url=f"https://kinhtedothi.vn/tin-thu-{n}.html",
                sort_order=n,
            )
        )
    index.add_child(instance=page)
    page.save_revision()  # not published: the bench drives the sender itself
    BulletinPage.objects.filter(pk=page.pk).update(live=True)
    return BulletinPage.objects.get(pk=page.pk)


def subscribers(count: int) -> None:
    existing = Subscriber.objects.filter(email__endswith="@bench.example.vn").count()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"doc-gia-{n}@bench.example.vn", status=Status.ACTIVE, confirmed_at=timezone.now())
            for n in range(existing, count)
        ],
        batch_size=2000,
    )


def start_sink() -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.smtp_sink"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    line = process.stdout.readline().strip()
    if not line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"bench.smtp_sink did not start: {line!r}")
    return process, int(line.split()[1])


def raw_rate(port: int, message, count: int) -> float:
    payload = message.message().as_bytes(linesep="\r\n")
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        for _ in range(count):
            client.sendmail(settings.DEFAULT_FROM_EMAIL, message.to, payload)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--send", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()

    subscribers(args.subscribers)
    issue = bulletin(args.items)
    composing.render_bulletin(issue)  # warm: templates compiled, translations loaded
    render_s, render_peak, rendered = measured(lambda: composing.render_bulletin(issue))
    queue_s, queue_peak, ids = measured(lambda: delivery.queue_issue(bulletin=issue))
    readers = list(Subscriber.objects.filter(pk__in=Delivery.objects.filter(pk__in=ids).values("subscriber_id")))
    head = composing.letterhead()

    def build_all():
        size = 0
        for reader in readers:
            message = composing.personal_message(rendered, reader, list_id="<bench>", head=head)
            size += len(message.body)
        return size

    build_s, build_peak, _size = measured(build_all)
    sample = composing.personal_message(rendered, readers[0], list_id="<bench>", head=head)

    process, port = start_sink()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SUBSCRIPTIONS_SEND_RATE = 0
        send = ids[: args.send]
        raw_before = raw_rate(port, sample, max(100, args.send // 2))
        started = time.perf_counter()
        report = delivery.send_in_batches(send)
        sender_s = time.perf_counter() - started
        raw_after = raw_rate(port, sample, max(100, args.send // 2))
    finally:
        process.stdin.close()
        process.wait(timeout=10)
    sent = Delivery.objects.filter(pk__in=send, status=DeliveryStatus.SENT).count()
    emit(
        {
            "subscribers": len(ids),
            "items": args.items,
            "html_bytes": len(rendered.html.encode()),
            "render_s": render_s,
            "render_peak_mb": render_peak / 2**20,
            "queue_s": queue_s,
            "queue_peak_mb": queue_peak / 2**20,
            "build_s": build_s,
            "build_peak_mb": build_peak / 2**20,
            "sent": report.sent,
            "sent_rows": sent,
            "failed": report.failed + report.retrying,
            "sender_per_s": report.sent / sender_s if sender_s else 0,
            "raw_per_s": (raw_before + raw_after) / 2,
            "raw_before_per_s": raw_before,
            "raw_after_per_s": raw_after,
            "vendor": django.db.connection.vendor,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


if __name__ == "__main__":
    main()
