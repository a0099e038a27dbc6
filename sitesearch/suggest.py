"""Suggestions while typing: up to eight glossary entries and page titles for a prefix."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import Locale, Page

from campaign_site.models import Abbreviation
from campaign_site.text import clean_line, fold

from .models import TitleEntry

MIN_CHARS = 2
MAX_CHARS = 100
LIMIT = 8
CACHE_SECONDS = 60
GLOSSARY_KEY = "sitesearch:suggest:glossary:v1"


def _glossary() -> list[tuple[str, str, str, str]]:
    """(short, expansion, folded short, folded expansion), cached; forgotten with the glossary."""
    rows = cache.get(GLOSSARY_KEY)
    if rows is None:
        rows = [(s, e, fold(s), fold(e)) for s, e in Abbreviation.objects.values_list("short", "expansion")]
        cache.set(GLOSSARY_KEY, rows, 60 * 60)
    return rows


def forget(**kwargs) -> None:
    cache.delete(GLOSSARY_KEY)


def _starts_a_word(folded: str, prefix: str) -> bool:
    return folded.startswith(prefix) or f" {prefix}" in folded


def suggestions(text: str) -> list[dict]:
    """[{label, url, kind}] for what a visitor has typed so far (already length-checked)."""
    prefix = fold(clean_line(text))
    if len(prefix) < MIN_CHARS:
        return []
    try:
        locale_id = Locale.get_active().pk
    except Locale.DoesNotExist:
        locale_id = None
    key = f"sitesearch:suggest:{locale_id}:{hashlib.sha256(prefix.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if found is not None:
        return found
    search_url = reverse("sitesearch:search")
    found = [
        {"label": f"{short} – {expansion}", "url": f"{search_url}?{urlencode({'q': short})}", "kind": "glossary"}
        for short, expansion, f_short, f_expansion in _glossary()
        if _starts_a_word(f_short, prefix) or _starts_a_word(f_expansion, prefix)
    ][: LIMIT // 2]
    titles = TitleEntry.objects.filter(Q(folded__startswith=prefix) | Q(folded__contains=f" {prefix}"))
    if locale_id is not None:
        titles = titles.filter(locale_id=locale_id)
    rows = list(titles.order_by("-published_at", "-pk").values_list("page_id", "title")[: LIMIT - len(found)])
    urls = {page.pk: page.url for page in Page.objects.filter(pk__in=[pk for pk, _t in rows]).specific(defer=True)}
    found += [{"label": title, "url": urls.get(pk) or "", "kind": "page"} for pk, title in rows if urls.get(pk)]
    cache.set(key, found, CACHE_SECONDS)
    return found
