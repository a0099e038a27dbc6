"""Recompute the per-day result counts of one poll, or of every poll, from the ballot rows."""

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Poll
from surveys.services import rebuild_counts


class Command(BaseCommand):
    help = "Rebuild poll result counts from the stored ballots."

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=int, help="Only this poll (id).")

    def handle(self, *args, **options):
        poll = None
        if options["poll"] is not None:
            poll = Poll.objects.filter(pk=options["poll"]).first()
            if poll is None:
                raise CommandError(f"No poll with id {options['poll']}.")
        counted = rebuild_counts(poll=poll)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt result counts from {counted} ballots."))
