"""`manage.py create_bulk_content --articles N`: N live articles under the news index, fast."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from campaign_site.cache import purge_all
from news.bulk import create_bulk_articles
from news.models import NewsIndexPage


class Command(BaseCommand):
    help = "Create N live news articles quickly (for benchmarks); the search index is filled too."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="How many articles to create.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-search-index", action="store_true", help="Skip the search index (faster).")

    def handle(self, *args, articles, batch_size, no_search_index, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        index = NewsIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no news index page; run load_demo_data first.")
        started = time.monotonic()
        created = create_bulk_articles(
            index=index,
            count=articles,
            batch_size=max(1, batch_size),
            update_search_index=not no_search_index,
            progress=lambda done: self.stdout.write(f"  {done}/{articles}"),
        )
        purge_all()  # bulk inserts send no publish signals, so listings would stay cached
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give later
        self.stdout.write(self.style.SUCCESS(f"Created {created} articles in {time.monotonic() - started:.1f}s."))
