"""Run every few minutes: open and resolve staff alerts, and mail them."""

from django.core.management.base import BaseCommand

from subscriptions.alerts.services import run_alerts


class Command(BaseCommand):
    help = "Kiểm tra và gửi cảnh báo cho cán bộ."

    def handle(self, *args, **options):
        totals = run_alerts()
        self.stdout.write(
            f"Mở {totals['opened']}, đã xử lý {totals['resolved']}, đã gửi {totals['mailed']} thư, "
            f"vượt giới hạn ngày {totals['capped']}."
        )
