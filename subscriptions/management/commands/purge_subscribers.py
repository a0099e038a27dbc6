"""Run daily: delete addresses unsubscribed (or never confirmed) past the grace period."""

from django.core.management.base import BaseCommand

from subscriptions.services import purge_unsubscribed


class Command(BaseCommand):
    help = "Xoá địa chỉ đã huỷ đăng ký (hoặc chưa xác nhận) quá thời hạn lưu giữ."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã xoá {purge_unsubscribed()} địa chỉ.")
