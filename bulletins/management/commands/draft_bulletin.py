import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bulletins import services


class Command(BaseCommand):
    help = _("Draft (or add to) the bulletin of a date from the top-scored new items; it is not published.")

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help=_("YYYY-MM-DD (default: today)"))
        parser.add_argument("--limit", type=int, help=_("how many items (default BULLETIN_DRAFT_ITEMS)"))

    def handle(self, *args, date=None, limit=None, **options):
        try:
            page, count = services.draft_bulletin(on=date, limit=limit)
        except services.BulletinError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Drafted “%(title)s” (page %(id)s) with %(count)s items; publish it from the admin.")
            % {"title": page.title, "id": page.pk, "count": count}
        )
