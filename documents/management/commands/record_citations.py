"""Re-read every live page for legal references (the register's citations and its missing report)."""

from django.core.management.base import BaseCommand

from documents import services


class Command(BaseCommand):
    help = "Record the legal references cited by every live page."

    def handle(self, *args, **options):
        citing = services.record_all_citations()
        self.stdout.write(f"{citing} pages cite at least one document.")
