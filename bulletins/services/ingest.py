"""Ingesting parsed feed entries: matching known items, scoring, grouping stories; rescoring.

One transaction per feed; keyword-only arguments where callers name things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from bulletins.models import (
    FeedItem,
    FeedSource,
    ItemStatus,
    KeywordRule,
)
from bulletins.parsing import Entry, parse_feed
from bulletins.relevance import CompiledRule, compile_rules, score_text
from bulletins.services.item_insert import insert_items
from bulletins.services.story_grouping import assign_story_leads, index_stories

STORED_FIELDS = (
    "guid",
    "link",
    "title",
    "title_hash",
    "title_key",
    "content_hash",
    "summary_html",
    "summary_text",
    "author",
    "image_url",
    "published_at",
    "day",
    "updated_at",
    "score",
    "matched_keywords",
    "is_excluded",
    "suggested_section",
)


@dataclass
class IngestResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_duplicates: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.created + self.updated + self.unchanged


# --- Ingesting --------------------------------------------------------------------------------
_RULE_FIELDS = ("phrase", "weight", "section_id", "is_exclude")


def keyword_rules() -> tuple[CompiledRule, ...]:
    """The keyword rules as they are now, compiled once per worker for each set of rules (compiling
    cost more than reading them)."""
    return _compiled(tuple(KeywordRule.objects.values_list(*_RULE_FIELDS, named=True)))


@lru_cache(maxsize=4)
def _compiled(rows: tuple) -> tuple[CompiledRule, ...]:
    return tuple(compile_rules(rows))


def _identity(entry: Entry) -> tuple[str, str]:
    if entry.guid:
        return ("guid", entry.guid)
    if entry.link:
        return ("link", entry.link)
    return ("title", entry.title_hash)


# Written out: the ORM prepared each of the ~400 GUIDs and links one by one, which took longer than
# the query. The ordering is the model's (-score, -published_at): of two items with one link, the
# first is the one a link matches.
_EXISTING_ITEMS = (
    'SELECT * FROM "bulletins_feeditem" WHERE "source_id" = %s AND ({conditions}) '
    'ORDER BY "score" DESC, "published_at" DESC'
)


def _existing_items(source: FeedSource, entries: list[Entry]) -> dict[tuple[str, str], FeedItem]:
    """Every stored item of `source` that an entry may be, in one query, keyed like `_identity`."""
    guids = list({e.guid for e in entries if e.guid})
    links = list({e.link for e in entries if e.link})
    hashes = list({e.title_hash for e in entries if not e.guid and not e.link})
    conditions, params = [], [source.pk]
    for condition, values in (
        ('"guid" IN ({})', guids),
        ('"link" IN ({})', links),
        (""""guid" = '' AND "link" = '' AND "title_hash" IN ({})""", hashes),
    ):
        if values:
            conditions.append("(" + condition.format(", ".join(["%s"] * len(values))) + ")")
            params += values
    if not conditions:
        return {}
    found: dict[tuple[str, str], FeedItem] = {}
    for item in FeedItem.objects.raw(_EXISTING_ITEMS.format(conditions=" OR ".join(conditions)), params):
        if item.guid:
            found[("guid", item.guid)] = item
        if item.link:
            found.setdefault(("link", item.link), item)
        if not item.guid and not item.link:
            found[("title", item.title_hash)] = item
    return found


def _match(entry: Entry, existing: dict[tuple[str, str], FeedItem]) -> FeedItem | None:
    """GUID first, then link (a row without GUID, or any row when the entry has none), then title."""
    if entry.guid:
        item = existing.get(("guid", entry.guid))
        if item is not None:
            return item
        item = existing.get(("link", entry.link)) if entry.link else None
        return item if item is not None and not item.guid else None
    if entry.link:
        return existing.get(("link", entry.link))
    return existing.get(("title", entry.title_hash))


def _score(rules, entry: Entry):
    return score_text(rules, title=entry.title, summary=entry.summary_text, folded_title=entry.folded_title)


def _entry_values(
    source: FeedSource, entry: Entry, *, fetched_at: dt.datetime, now: dt.datetime, scored, zone: dt.tzinfo
) -> dict:
    """What an entry writes over its item, new or stored (GUID and link aside), by attname. Its day
    is the local date of publication (of fetching, when the feed gives none) in `zone`."""
    return {
        "title": entry.title,
        "title_hash": entry.title_hash,
        "title_key": entry.title_key,
        "content_hash": entry.content_hash,
        "summary_html": entry.summary_html,
        "summary_text": entry.summary_text,
        "author": entry.author,
        "image_url": entry.image_url,
        "published_at": entry.published_at,
        "day": (entry.published_at or fetched_at).astimezone(zone).date(),  # both aware
        "updated_at": now,
        "score": scored.score,
        "matched_keywords": scored.matches,
        "is_excluded": scored.excluded,
        "suggested_section_id": scored.section_id or source.default_section_id,
    }


def _apply(item: FeedItem, entry: Entry, *, now: dt.datetime, scored, zone: dt.tzinfo) -> None:
    """Write a changed entry over its stored item; an entry without GUID or link keeps the item's."""
    if entry.guid:
        item.guid = entry.guid
    if entry.link:
        item.link = entry.link
    values = _entry_values(item.source, entry, fetched_at=item.fetched_at or now, now=now, scored=scored, zone=zone)
    for name, value in values.items():
        setattr(item, name, value)


# Every concrete field's attname, in the order Model.__init__ takes positional values (from_db's way).
_ITEM_ATTNAMES = tuple(field.attname for field in FeedItem._meta.concrete_fields)
_SOURCE_FIELD = FeedItem._meta.get_field("source")


def _new_item(source: FeedSource, entry: Entry, *, now: dt.datetime, scored, zone: dt.tzinfo) -> FeedItem:
    """The unsaved item of a new entry, given to Model.__init__ as positional values (keywords cost
    three times as much: defaults, then each name looked up)."""
    values = {
        "id": None,
        "source_id": source.pk,
        "guid": entry.guid,
        "link": entry.link,
        "fetched_at": now,
        "status": ItemStatus.NEW,
        "story_lead_id": None,
        **_entry_values(source, entry, fetched_at=now, now=now, scored=scored, zone=zone),
    }
    item = FeedItem(*[values[name] for name in _ITEM_ATTNAMES])
    _SOURCE_FIELD.set_cached_value(item, source)
    return item


def ingest_entries(source: FeedSource, entries: list[Entry]) -> IngestResult:
    """Store parsed entries of `source`: dedupe (GUID → link → title), create, update what changed."""
    unique: dict[tuple[str, str], Entry] = {}
    duplicates = 0
    for entry in entries:
        key = _identity(entry)
        if key in unique:  # a feed that repeats a GUID: the first copy wins
            duplicates += 1
            continue
        unique[key] = entry
    if not unique:
        return IngestResult(skipped_duplicates=duplicates)
    rules = keyword_rules()
    now = timezone.now()
    try:
        # No savepoint around the bulk insert: it costs two statements on every feed, and a
        # conflict is rare (another runner storing the same items meanwhile).
        with transaction.atomic():
            return _store(source, list(unique.values()), rules, now=now, duplicates=duplicates, one_by_one=False)
    except IntegrityError:
        # Everything again, seeing the other runner's rows, new items one at a time.
        with transaction.atomic():
            return _store(source, list(unique.values()), rules, now=now, duplicates=duplicates, one_by_one=True)


def _store(source: FeedSource, entries: list[Entry], rules, *, now, duplicates: int, one_by_one: bool) -> IngestResult:
    result = IngestResult(skipped_duplicates=duplicates)
    existing = _existing_items(source, entries)
    zone = timezone.get_current_timezone()
    to_create, to_update, reindex, seen = [], [], [], set()
    for entry in entries:
        item = _match(entry, existing)
        if item is not None and item.pk in seen:
            result.skipped_duplicates += 1
            continue
        if item is not None:
            seen.add(item.pk)
            if item.content_hash == entry.content_hash:
                result.unchanged += 1
                continue
            indexed_as = (item.title_key, item.day)
            item.source = source
            _apply(item, entry, now=now, scored=_score(rules, entry), zone=zone)
            to_update.append(item)
            if (item.title_key, item.day) != indexed_as:
                reindex.append(item)
            continue
        to_create.append(_new_item(source, entry, now=now, scored=_score(rules, entry), zone=zone))
    if to_create:  # before storing them: their story lead goes in with their row
        assign_story_leads(source.pk, to_create)
    if to_update:
        FeedItem.objects.bulk_update(to_update, STORED_FIELDS)
        result.updated = len(to_update)
    if one_by_one:
        created = _create_one_by_one(source, to_create, result=result, updated=reindex)
    else:
        created = _create_items(source, to_create, result=result)
    if reindex:
        index_stories(reindex, replace=True)
    index_stories(created)
    return result


def _create_items(source: FeedSource, items: list[FeedItem], *, result: IngestResult) -> list[FeedItem]:
    if not items:
        return []
    if connection.features.can_return_rows_from_bulk_insert:  # SQLite 3.35+, PostgreSQL
        insert_items(items)
        created = items
    else:
        created = FeedItem.objects.bulk_create(items)
        if any(item.pk is None for item in created):  # backends that return no ids
            keys = {item.content_hash for item in created}
            created = list(FeedItem.objects.filter(source=source, content_hash__in=keys))
    result.created += len(created)
    return created


def _create_one_by_one(
    source: FeedSource, items: list[FeedItem], *, result: IngestResult, updated: list[FeedItem]
) -> list[FeedItem]:
    """Insert each item in its own savepoint; one another runner stored meanwhile is updated
    instead (and added to `updated`)."""
    created = []
    for item in items:
        try:
            with transaction.atomic():
                item.pk = None
                item.save(force_insert=True)
            created.append(item)
            result.created += 1
        except IntegrityError:
            key = (
                Q(guid=item.guid)
                if item.guid
                else Q(guid="", link=item.link)
                if item.link
                else Q(guid="", link="", title_hash=item.title_hash)
            )
            current = FeedItem.objects.filter(source=source).filter(key).first()
            if current is None or current.content_hash == item.content_hash:
                result.unchanged += 1
                continue
            item.pk, item.status, item.fetched_at = current.pk, current.status, current.fetched_at
            item.story_lead_id = current.story_lead_id
            FeedItem.objects.bulk_update([item], STORED_FIELDS)
            result.updated += 1
            updated.append(item)
    return created


def ingest_feed_bytes(source: FeedSource, body: bytes, headers: dict | None = None) -> IngestResult:
    """Parse, normalise, deduplicate and store a feed body (no HTTP). Raises FeedParseError."""
    parsed = parse_feed(body, headers or {}, base_url=source.url)
    result = ingest_entries(source, parsed.entries)
    result.warnings = parsed.warnings
    return result


def rescore_items(*, since: dt.date | None = None) -> int:
    """Score items again after the keyword rules changed (default: the last week)."""
    since = since or timezone.localdate() - dt.timedelta(days=7)
    rules = keyword_rules()
    items = list(FeedItem.objects.filter(day__gte=since).select_related("source"))
    for item in items:
        scored = score_text(rules, title=item.title, summary=item.summary_text)
        item.score, item.matched_keywords, item.is_excluded = scored.score, scored.matches, scored.excluded
        item.suggested_section_id = scored.section_id or item.source.default_section_id
    with transaction.atomic():
        FeedItem.objects.bulk_update(
            items, ["score", "matched_keywords", "is_excluded", "suggested_section"], batch_size=500
        )
    return len(items)
