"""Ingesting parsed feed entries: matching known items, scoring, grouping stories; rescoring.

One transaction per feed; keyword-only arguments where callers name things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from bulletins import conf
from bulletins.models import (
    FeedItem,
    FeedSource,
    KeywordRule,
    StoryToken,
)
from bulletins.parsing import Entry, parse_feed
from bulletins.relevance import compile_rules, score_text
from bulletins.services.item_insert import insert_items
from bulletins.story_index import lookup_tokens, min_overlap, stored_tokens

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
def _local_day(entry: Entry, now: dt.datetime) -> dt.date:
    return timezone.localtime(entry.published_at or now).date()


def _identity(entry: Entry) -> tuple[str, str]:
    if entry.guid:
        return ("guid", entry.guid)
    if entry.link:
        return ("link", entry.link)
    return ("title", entry.title_hash)


def _existing_items(source: FeedSource, entries: list[Entry]) -> dict[tuple[str, str], FeedItem]:
    """Every stored item of `source` that an entry may be, in one query, keyed like `_identity`."""
    guids = {e.guid for e in entries if e.guid}
    links = {e.link for e in entries if e.link}
    hashes = {e.title_hash for e in entries if not e.guid and not e.link}
    if not (guids or links or hashes):
        return {}
    condition = Q(guid__in=guids) | Q(link__in=links) | Q(guid="", link="", title_hash__in=hashes)
    found: dict[tuple[str, str], FeedItem] = {}
    for item in FeedItem.objects.filter(source=source).filter(condition):
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


def _apply(item: FeedItem, entry: Entry, *, now: dt.datetime, scored) -> None:
    if entry.guid:
        item.guid = entry.guid
    if entry.link:
        item.link = entry.link
    for name in ("title", "title_hash", "title_key", "content_hash", "summary_html", "summary_text", "author"):
        setattr(item, name, getattr(entry, name))
    item.image_url = entry.image_url
    item.published_at = entry.published_at
    item.day = _local_day(entry, item.fetched_at or now)
    item.updated_at = now
    item.score = scored.score
    item.matched_keywords = scored.matches
    item.is_excluded = scored.excluded
    item.suggested_section_id = scored.section_id or item.source.default_section_id


# Tokens per story lookup query: a 200-item feed looks up about 2,300.
LOOKUP_CHUNK = 10_000

# Standard SQL quoting: the same statement on SQLite and PostgreSQL.
_INSERT_TOKENS = 'INSERT INTO "bulletins_storytoken" ("item_id", "token", "day") VALUES (%s, %s, %s)'


def _index_stories(items: list[FeedItem], *, replace: bool = False) -> None:
    """Store `items` in story grouping's word index (after their title_key or day changed: `replace`)."""
    if replace:
        StoryToken.objects.filter(item__in=items).delete()
    adapt = connection.ops.adapt_datefield_value
    rows = [
        (item.pk, token, day) for item in items for day in [adapt(item.day)] for token in stored_tokens(item.title_key)
    ]
    if rows:
        # One executemany: bulk_create spends more time building placeholders for these ~900
        # three-column rows a feed than the database spends storing them (in batches of 333 on SQLite).
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_TOKENS, rows)


# Story grouping's lookup, written out: the ORM prepares each of its ~2,300 token parameters one by
# one, which took longer than SQLite running the query. No sort: the smallest pk wins anyway.
_STORY_CANDIDATES = (
    'SELECT "id", "source_id", "title_key" FROM "bulletins_feeditem" WHERE "story_lead_id" IS NULL{source} AND "id" IN '
    '(SELECT "item_id" FROM "bulletins_storytoken" WHERE "token" IN ({tokens}) AND "day" >= %s AND "day" <= %s)'
)


def _story_candidates(tokens: list[int], first: dt.date, last: dt.date, other_than: int | None) -> list[tuple]:
    """Stored items that lead their story (or have none), share a token and lie in [first, last]."""
    adapt = connection.ops.adapt_datefield_value
    sql = _STORY_CANDIDATES.format(
        source="" if other_than is None else ' AND "source_id" <> %s', tokens=", ".join(["%s"] * len(tokens))
    )
    params = ([] if other_than is None else [other_than]) + tokens + [adapt(first), adapt(last)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _group_stories(items: list[FeedItem]) -> None:
    """Link new items to an earlier item with a near-identical folded title from another outlet.

    The new items are not in the word index yet: the lookup finds only stored items."""
    items = [item for item in items if item.title_key]
    if not items:
        return
    window = dt.timedelta(days=conf.story_window_days())
    days = [item.day for item in items]
    keys = {item.title_key for item in items}
    sources = {item.source_id for item in items}
    # Only stored titles sharing an indexed group of words with a new one can be similar to it.
    tokens = sorted({token for key in keys for token in lookup_tokens(key)})
    first, last = min(days) - window, max(days) + window
    # One outlet's ingest: its own stored items can never be the same story.
    other_than = next(iter(sources)) if len(sources) == 1 else None
    candidates: dict[int, tuple[int, str]] = {}
    for start in range(0, len(tokens), LOOKUP_CHUNK):  # a huge feed's tokens exceed SQLite's 32,766 variables
        for pk, source_id, key in _story_candidates(tokens[start : start + LOOKUP_CHUNK], first, last, other_than):
            candidates[pk] = (source_id, key)
    # Titles are grouped only when they start with the same three words: the new titles are bucketed
    # by that prefix and each bucket indexed for similarity search. Only the new titles are indexed
    # (a few hundred); each stored candidate (thousands with a full inbox) searches the index of its
    # bucket once, so no index is ever built over the window's titles.
    new_titles: dict[int, tuple[str, set[str]]] = {}
    by_prefix: dict[str, list[tuple[int, int, set[str]]]] = {}
    for item in items:
        split = item.title_key.split()
        new_titles[item.pk] = prefix, words = " ".join(split[:3]), set(split)
        by_prefix.setdefault(prefix, []).append((item.pk, item.source_id, words))
    indexes = {prefix: _SimilarTitles(bucket) for prefix, bucket in by_prefix.items()}
    # The earliest stored title similar to each new one. Each title is split once.
    earliest_stored: dict[int, int] = {}
    for pk, (source_id, key) in candidates.items():
        split = key.split()
        index = indexes.get(" ".join(split[:3]))
        if index is None:
            continue
        for new_pk in index.later_similar(pk, source_id, set(split)):
            if pk < earliest_stored.get(new_pk, new_pk):
                earliest_stored[new_pk] = pk
    changed, lead_of = [], {}
    for item in sorted(items, key=lambda i: i.pk):
        best = None
        if other_than is None:  # new titles of several outlets: one may be the story of another
            prefix, words = new_titles[item.pk]
            best = indexes[prefix].earliest_similar(item.pk, item.source_id, words)
        stored = earliest_stored.get(item.pk)
        if stored is not None and (best is None or stored < best):
            best = stored
        if best is not None:
            item.story_lead_id = lead_of.get(best, best)
            lead_of[item.pk] = item.story_lead_id
            changed.append(item)
    if changed:
        _set_story_leads(changed)


# One executemany: bulk_update's CASE over every changed row cost more than the rows' own updates.
_SET_STORY_LEAD = 'UPDATE "bulletins_feeditem" SET "story_lead_id" = %s WHERE "id" = %s'


def _set_story_leads(items: list[FeedItem]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(_SET_STORY_LEAD, [(item.story_lead_id, item.pk) for item in items])


class _SimilarTitles:
    """Titles of one bucket, indexed so that finding similar ones does not compare every pair.

    Prefix filtering: with the words of every title in one fixed order (rarest in the bucket first),
    two titles sharing at least t words share a word among the first |a| - t + 1 of each. Each
    title is indexed under that many of its first words, and a search compares only the titles
    found under its own first words, then applies the exact test (`_similar`) to those.
    """

    def __init__(self, bucket: list[tuple[int, int, set[str]]]):
        self.entries = {pk: (source_id, words) for pk, source_id, words in bucket}
        counts: dict[str, int] = {}
        for _source_id, words in self.entries.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        # Rarest first, ties by the word: two stable sorts give that order without a (count, word)
        # tuple per word, and comparing integer ranks is cheaper than comparing tuples.
        order = sorted(counts)
        order.sort(key=counts.__getitem__)
        self.rank = {word: position for position, word in enumerate(order)}
        self.postings: dict[str, list[int]] = {}
        for pk, (_source_id, words) in self.entries.items():
            for word in self._leading(words):
                self.postings.setdefault(word, []).append(pk)

    def _leading(self, words: set[str]) -> list[str]:
        """The first words of a title whose words are all indexed ones (a bucket's own titles)."""
        ordered = sorted(words, key=self.rank.__getitem__)
        return ordered[: len(words) - min_overlap(len(words)) + 1]

    def earliest_similar(self, pk: int, source_id: int, words: set[str]) -> int | None:
        """The smallest pk below `pk`, from another source, whose title is similar to `words`."""
        best = None
        for word in self._leading(words):
            for other_pk in self.postings.get(word, ()):
                if other_pk >= pk or (best is not None and other_pk >= best):
                    continue
                other_source, other_words = self.entries[other_pk]
                if other_source != source_id and _similar(words, other_words):
                    best = other_pk
        return best

    def later_similar(self, pk: int, source_id: int, words: set[str]) -> set[int]:
        """Every indexed pk above `pk`, from another source, whose title is similar to `words` (which
        may hold words no indexed title has: they come first in the order and are in no posting)."""
        rank = self.rank
        known = rank.keys() & words
        leading = len(known) - min_overlap(len(words)) + 1  # after the unknown words
        if leading <= 0:  # too few indexed words to be similar to any indexed title
            return set()
        found = set()
        for word in sorted(known, key=rank.__getitem__)[:leading]:
            for other_pk in self.postings.get(word, ()):
                if other_pk <= pk or other_pk in found:
                    continue
                other_source, other_words = self.entries[other_pk]
                if other_source != source_id and _similar(words, other_words):
                    found.add(other_pk)
        return found


def _similar(a: set[str], b: set[str]) -> bool:
    """Jaccard similarity of the word sets ≥ 0.8 (which needs their sizes within 4:5 of each other)."""
    small, large = sorted((len(a), len(b)))
    if not small or small * 5 < large * 4:
        return False
    return len(a & b) * 5 >= len(a | b) * 4


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
    rules = compile_rules(KeywordRule.objects.only("phrase", "weight", "section_id", "is_exclude"))
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
            _apply(item, entry, now=now, scored=_score(rules, entry))
            to_update.append(item)
            if (item.title_key, item.day) != indexed_as:
                reindex.append(item)
            continue
        item = FeedItem(source=source, fetched_at=now)
        _apply(item, entry, now=now, scored=_score(rules, entry))
        to_create.append(item)
    if to_update:
        FeedItem.objects.bulk_update(to_update, STORED_FIELDS)
        result.updated = len(to_update)
    if one_by_one:
        created = _create_one_by_one(source, to_create, result=result, updated=reindex)
    else:
        created = _create_items(source, to_create, result=result)
    if reindex:  # before grouping, which looks these up under their new title
        _index_stories(reindex, replace=True)
    _group_stories(created)
    _index_stories(created)
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
    rules = compile_rules(KeywordRule.objects.only("phrase", "weight", "section_id", "is_exclude"))
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
