"""`manage.py run_scheduler`: the one process that enqueues periodic jobs (campaign_site/scheduler.py)
and, while Redis is down, runs the tasks recorded in the database instead."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from campaign_site import scheduler
from campaign_site.worker_errors import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)
ONE_BATCH = ("--batch", "--no-startup-delay", "--no-reload")


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when due (schedule in code); run tasks that fell back to the database."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=5.0, help="seconds between checks (default 5)")
        parser.add_argument("--once", action="store_true", help="one check, then exit (for cron or tests)")

    def handle(self, *args, tick=5.0, once=False, **options):
        while True:
            try:
                close_old_connections()
                for name in scheduler.tick():
                    self.stdout.write(f"enqueued {name}")
                if alias := scheduler.fallback_alias():
                    # Tasks Redis could not take: run them here, then return to scheduling.
                    # As command-line strings: argparse would otherwise check the default backend too.
                    call_command("db_worker", "--backend", alias, *ONE_BATCH, verbosity=0)
            except TRANSIENT_ERRORS as error:
                # A database lock or restart, a Redis restart: wait and try again; never die of it.
                logger.warning("Scheduler: %s (%s); retrying", error.__class__.__name__, error)
                close_old_connections()
            if once:
                return
            time.sleep(tick)
