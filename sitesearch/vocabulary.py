"""The site's own words (titles, glossary, synonyms) for "did you mean" and the page titles for
suggestions while typing. Rebuilt by `manage.py rebuild_search_vocabulary` (and the demo loader),
kept up to date page by page on publish and unpublish (signal_handlers)."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F
from wagtail.models import Page

from campaign_site.models import Abbreviation
from campaign_site.text import fold

from .models import Synonym, TitleEntry, VocabularyTerm

_WORD = re.compile(r"[^\W\d_]+")  # letters only: numbers are never misspelt words
MAX_TERM = 80


def terms_of(text: str) -> Counter:
    """Words and two-word phrases of `text`, casefolded with accents kept."""
    words = [w for w in _WORD.findall(text.casefold()) if len(w) <= 30]
    found = Counter(words)
    found.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return found


def _texts():
    yield from Page.objects.live().filter(depth__gt=1).values_list("title", flat=True).iterator()
    for short, expansion in Abbreviation.objects.values_list("short", "expansion"):
        yield short
        yield expansion
    for synonym in Synonym.objects.all():
        yield synonym.term
        yield from synonym.equivalent_list()


@transaction.atomic
def rebuild() -> tuple[int, int]:
    """Every title entry and vocabulary term again, from the live pages. (titles, terms)"""
    TitleEntry.objects.all().delete()
    entries = (
        TitleEntry(page_id=pk, title=title, folded=fold(title)[:255], locale_id=locale, published_at=published)
        for pk, title, locale, published in Page.objects.live()
        .public()
        .filter(depth__gt=2)
        .values_list("pk", "title", "locale_id", "first_published_at")
        .iterator()
    )
    titles = 0
    batch = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= 2000:
            titles += len(TitleEntry.objects.bulk_create(batch))
            batch = []
    titles += len(TitleEntry.objects.bulk_create(batch))
    counts: Counter = Counter()
    for text in _texts():
        counts.update(terms_of(text))
    VocabularyTerm.objects.all().delete()
    VocabularyTerm.objects.bulk_create(
        (
            VocabularyTerm(text=text, folded=fold(text), frequency=n)
            for text, n in counts.items()
            if len(text) <= MAX_TERM
        ),
        batch_size=2000,
    )
    return titles, len(counts)


def add_terms(text: str) -> None:
    """Count the words of one text (a page just published, a new synonym)."""
    for term, n in terms_of(text).items():
        if len(term) > MAX_TERM:
            continue
        if VocabularyTerm.objects.filter(text=term).update(frequency=F("frequency") + n):
            continue
        try:
            with transaction.atomic():
                VocabularyTerm.objects.create(text=term, folded=fold(term), frequency=n)
        except IntegrityError:  # created meanwhile by another request
            VocabularyTerm.objects.filter(text=term).update(frequency=F("frequency") + n)


def page_published(page) -> None:
    if page.depth <= 2 or not page.live:
        return
    if Page.objects.filter(pk=page.pk).public().exists():
        TitleEntry.objects.update_or_create(
            page_id=page.pk,
            defaults={
                "title": page.title,
                "folded": fold(page.title)[:255],
                "locale_id": page.locale_id,
                "published_at": page.first_published_at,
            },
        )
    add_terms(page.title)


def page_unpublished(page) -> None:
    TitleEntry.objects.filter(page_id=page.pk).delete()
