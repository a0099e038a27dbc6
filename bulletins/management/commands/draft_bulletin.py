import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from bulletins import services


class Command(BaseCommand):
    help = "Draft (or add to) the bulletin of a date from the top-scored new items; it is not published."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--limit", type=int, help="how many items (default BULLETIN_DRAFT_ITEMS)")

    def handle(self, *args, date=None, limit=None, **options):
        try:
            page, count = services.draft_bulletin(on=date, limit=limit)
        except services.BulletinError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Drafted “{page.title}” (page {page.pk}) with {count} items; publish it from the admin.")
