from django.core.management.base import BaseCommand, CommandError

from bulletins import services
from bulletins.models import FeedSource


class Command(BaseCommand):
    help = "Fetch the press feeds that are due (or one source with --source ID, due or not)."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="fetch only this source (its id), now")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="enqueue one background fetch round (run_scheduler does so on schedule)",
        )

    def handle(self, *args, source=None, enqueue=False, **options):
        if enqueue:
            from bulletins.tasks import fetch_due_sources_task

            result = fetch_due_sources_task.enqueue()
            self.stdout.write(f"Enqueued fetch task {result.id}")
            return
        if source is not None:
            feed = FeedSource.objects.filter(pk=source).first()
            if feed is None:
                raise CommandError(f"No feed source with id {source}.")
            outcome = services.fetch_source(feed)
            outcomes = [outcome] if outcome else []
            if outcome is None:
                self.stdout.write(f"{feed.name}: another fetch is running, skipped.")
        else:
            outcomes = services.fetch_due_sources()
        names = dict(FeedSource.objects.filter(pk__in=[o.source_id for o in outcomes]).values_list("pk", "name"))
        for outcome in outcomes:
            name = names.get(outcome.source_id, outcome.source_id)
            if outcome.ok:
                counts = f"{outcome.created} new, {outcome.updated} updated"
                self.stdout.write(f"OK   {name}: HTTP {outcome.status}, {counts}")
            else:
                self.stdout.write(self.style.WARNING(f"FAIL {name}: {outcome.message}"))
        failed = sum(1 for o in outcomes if not o.ok)
        self.stdout.write(f"{len(outcomes)} sources fetched, {failed} failed.")
