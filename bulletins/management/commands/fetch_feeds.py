from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bulletins import services
from bulletins.models import FeedSource


class Command(BaseCommand):
    help = _("Fetch the press feeds that are due (or one source with --source ID, due or not).")

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help=_("fetch only this source (its id), now"))
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help=_("enqueue one background fetch round (run_scheduler does so on schedule)"),
        )

    def handle(self, *args, source=None, enqueue=False, **options):
        if enqueue:
            from bulletins.tasks import fetch_due_sources_task

            result = fetch_due_sources_task.enqueue()
            self.stdout.write(_("Fetch round queued for the background worker (task %(id)s).") % {"id": result.id})
            return
        if source is not None:
            feed = FeedSource.objects.filter(pk=source).first()
            if feed is None:
                raise CommandError(_("There is no feed source with id %(id)s.") % {"id": source})
            outcome = services.fetch_source(feed)
            outcomes = [outcome] if outcome else []
            if outcome is None:
                self.stdout.write(_("%(name)s: another fetch of it is running; skipped.") % {"name": feed.name})
        else:
            outcomes = services.fetch_due_sources()
        names = dict(FeedSource.objects.filter(pk__in=[o.source_id for o in outcomes]).values_list("pk", "name"))
        for outcome in outcomes:
            values = {
                "name": names.get(outcome.source_id, outcome.source_id),
                "status": outcome.status,
                "created": outcome.created,
                "updated": outcome.updated,
                "reason": outcome.reason,
                "detail": outcome.message,
            }
            if outcome.ok:
                self.stdout.write(_("OK    %(name)s: HTTP %(status)s, %(created)s new, %(updated)s updated") % values)
            else:
                self.stdout.write(self.style.WARNING(_("ERROR %(name)s: %(reason)s (%(detail)s)") % values))
        failed = sum(1 for o in outcomes if not o.ok)
        self.stdout.write(
            _("%(count)s sources fetched, %(failed)s failed.") % {"count": len(outcomes), "failed": failed}
        )
