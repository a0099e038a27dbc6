"""`manage.py run_worker`: the background worker, which survives transient failures.

Runs django-tasks' `db_worker` (database backend) or, with `--rq`, RQ's worker for the RQ backend.
Either of those exits on the first database or Redis error (a 35-second lock, a Redis restart);
this loop closes the broken connections, waits with a growing pause (up to 30 s) and starts it
again, so one process under systemd keeps working through the failure. Before the first start it
freezes the start-up objects out of the garbage collector's way (campaign_site/startup_gc.py).
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from campaign_site.startup_gc import freeze_startup_objects
from campaign_site.worker_errors import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the background worker (db_worker, or rqworker with --rq) and restart it after transient errors."

    def add_arguments(self, parser):
        parser.add_argument("--rq", action="store_true", help="run RQ's worker (when REDIS_URL and TASKS_USE_RQ)")
        parser.add_argument("--queue", default="default")
        parser.add_argument("--interval", type=float, default=1.0, help="db_worker's polling interval")
        parser.add_argument("--max-pause", type=float, default=30.0, help="longest wait between restarts")

    def handle(self, *args, rq=False, queue="default", interval=1.0, max_pause=30.0, **options):
        # Full garbage collections inside a task would walk every start-up object again; RQ's
        # forked work horses inherit the frozen generation too.
        freeze_startup_objects()
        pause = 1.0
        while True:
            started = time.monotonic()
            try:
                if rq:
                    # --with-scheduler off: periodic jobs come from run_scheduler, not RQ's scheduler.
                    call_command("rqworker", queue, job_class="django_tasks_rq.Job")
                else:
                    options = ("--queue-name", queue, "--interval", str(interval), "--no-startup-delay", "--no-reload")
                    call_command("db_worker", *options)
                return  # a clean stop (SIGTERM handled by the worker)
            except TRANSIENT_ERRORS as error:
                if time.monotonic() - started > 60:
                    pause = 1.0  # it had been running well: start again quickly
                logger.warning("Worker stopped by %s (%s); restarting in %.0f s", type(error).__name__, error, pause)
                for connection in connections.all():
                    connection.close_if_unusable_or_obsolete()
                close_old_connections()
                time.sleep(pause)
                pause = min(max_pause, pause * 2)
