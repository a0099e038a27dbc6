"""Run every minute (cron, systemd timer or the scheduler): issues due, retries due, digests due."""

from django.core.management.base import BaseCommand

from subscriptions.delivery import send_due_mail


class Command(BaseCommand):
    help = "Gửi các bản tin, thư gửi lại và bản tổng hợp đã đến giờ."

    def handle(self, *args, **options):
        report = send_due_mail()
        self.stdout.write(
            f"Đã gửi {report.sent}, chờ gửi lại {report.retrying}, lỗi {report.failed}, bỏ qua {report.skipped}."
        )
