"""The daily query log behind the officers' report: what people search for, and what finds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import SearchQueryDay


def record(text: str, found: int) -> None:
    """Count one search of `text` today (one statement when the row exists; safe in parallel)."""
    query = text.casefold()[:200]
    if not query:
        return
    day = timezone.localdate()
    changes = {"searches": F("searches") + 1, "empty_searches": F("empty_searches") + (0 if found else 1)}
    if SearchQueryDay.objects.filter(day=day, query=query).update(**changes):
        return
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(day=day, query=query, searches=1, empty_searches=0 if found else 1)
    except IntegrityError:  # another request created today's row meanwhile
        SearchQueryDay.objects.filter(day=day, query=query).update(**changes)


def top_queries(days: int, *, empty_only: bool = False, limit: int = 30) -> list[dict]:
    """[{query, searches, empty_searches}] of the last `days` days (today included), most searched first."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = SearchQueryDay.objects.filter(day__gte=since)
    if empty_only:
        rows = rows.filter(empty_searches__gt=0)
    rows = rows.values("query").annotate(searches=Sum("searches"), empty_searches=Sum("empty_searches"))
    order = "-empty_searches" if empty_only else "-searches"
    return list(rows.order_by(order, "query")[:limit])
