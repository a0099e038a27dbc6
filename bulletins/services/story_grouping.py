"""Story grouping at ingest: a new item whose folded title is near-identical to an earlier item of
another outlet (same first three words, word sets with Jaccard ≥ 0.8) joins that item's story.

The new items of one outlet are grouped before they are stored, so their story lead goes in with
their row; afterwards they are added to the word index (bulletins.story_index) that later lookups read.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from bulletins import conf
from bulletins.models import FeedItem, StoryToken
from bulletins.services.item_insert import MAX_PARAMETERS
from bulletins.story_index import lookup_tokens, min_overlap, stored_tokens, title_words

# Tokens per story lookup query: a 200-item feed looks up about 2,300.
LOOKUP_CHUNK = 10_000

# Buckets of new titles up to this size are compared title by title (a feed's buckets hold two or
# three); larger ones are searched through an index (_SimilarTitles), so that no feed costs a
# comparison of every candidate with every new title.
DIRECT_BUCKET = 8

# Standard SQL quoting: the same statements on SQLite and PostgreSQL.
_INSERT_TOKENS = 'INSERT INTO "bulletins_storytoken" ("item_id", "token", "day_number") VALUES '
# Rows per INSERT: three parameters each, within both databases' limits (item_insert.MAX_PARAMETERS).
TOKEN_ROWS_PER_INSERT = MAX_PARAMETERS // 3

# The lookup, written out: the ORM prepares each of its ~2,300 token parameters one by one, which
# took longer than SQLite running the query. It reads two covering indexes (bulletins_storytoken_lookup,
# bulletins_item_story_lookup), no table. No sort: the caller orders the rows.
_STORY_CANDIDATES = (
    'SELECT "id", "title_key" FROM "bulletins_feeditem" WHERE "story_lead_id" IS NULL AND "source_id" <> %s '
    'AND "id" IN (SELECT "item_id" FROM "bulletins_storytoken" WHERE "token" IN ({tokens}) '
    'AND "day_number" >= %s AND "day_number" <= %s)'
)


def assign_story_leads(source_id: int, items: list[FeedItem]) -> None:
    """Set the story lead of new, unsaved items of one outlet: the earliest stored item of another
    outlet, within the grouping window of their days, that leads its story and whose title is
    near-identical. (An outlet's own items are never one story.)"""
    titled = [item for item in items if item.title_key]
    if not titled:
        return
    window = dt.timedelta(days=conf.story_window_days())
    days = [item.day for item in titled]
    first, last = min(days) - window, max(days) + window
    # Only stored titles sharing an indexed group of words with a new one can be similar to it.
    tokens = list({token for item in titled for token in lookup_tokens(item.title_key)})
    candidates: dict[int, str] = {}
    for start in range(0, len(tokens), LOOKUP_CHUNK):  # a huge feed's tokens exceed SQLite's 32,766 variables
        candidates.update(_story_candidates(tokens[start : start + LOOKUP_CHUNK], first, last, source_id))
    # The new titles bucketed by their first three words (they must match); each stored candidate
    # (thousands with a full inbox) is compared with its bucket only. Each title is split once.
    by_prefix: dict[str, list[tuple[int, frozenset[str], int]]] = {}
    for position, item in enumerate(titled):
        prefix, words = title_words(item.title_key)
        by_prefix.setdefault(prefix, []).append((position, words, len(words)))
    indexes = {prefix: _SimilarTitles(bucket) for prefix, bucket in by_prefix.items() if len(bucket) > DIRECT_BUCKET}
    # Candidates oldest first: the first similar one is a new title's lead.
    lead: dict[int, int] = {}
    for pk in sorted(candidates):
        prefix, words = title_words(candidates[pk])
        bucket = by_prefix.get(prefix)
        if bucket is None:
            continue
        index = indexes.get(prefix)
        if index is not None:
            for position in index.similar(words):
                lead.setdefault(position, pk)
            continue
        size = len(words)
        low, high = size * 4, size * 5  # sizes within 4:5 of each other, before comparing words
        for position, new_words, new_size in bucket:
            # _similar, written out for the hot loop: Jaccard ≥ 0.8 is 9|a ∩ b| ≥ 4(|a| + |b|).
            if (
                low <= new_size * 5
                and new_size * 4 <= high
                and position not in lead
                and len(words & new_words) * 9 >= (size + new_size) * 4
            ):
                lead[position] = pk
    for position, pk in lead.items():
        titled[position].story_lead_id = pk


def _story_candidates(tokens: list[int], first: dt.date, last: dt.date, other_than: int) -> list[tuple[int, str]]:
    """(pk, title_key) of stored items of other sources that lead their story (or have none), share
    a token and lie in [first, last]."""
    sql = _STORY_CANDIDATES.format(tokens=", ".join(["%s"] * len(tokens)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [other_than, *tokens, first.toordinal(), last.toordinal()])
        return cursor.fetchall()


def index_stories(items: list[FeedItem], *, replace: bool = False) -> None:
    """Store `items` in story grouping's word index (after their title_key or day changed: `replace`)."""
    if replace:
        StoryToken.objects.filter(item__in=items).delete()
    rows = [
        (item.pk, token, day)
        for item in items
        for day in [item.day.toordinal()]
        for token in stored_tokens(item.title_key)
    ]
    # Multi-row INSERTs written out: bulk_create spent more time preparing these ~900 rows a feed than
    # the database spent storing them, and executemany (one statement a row) a third more than one
    # statement for them all.
    with connection.cursor() as cursor:
        for start in range(0, len(rows), TOKEN_ROWS_PER_INSERT):
            batch = rows[start : start + TOKEN_ROWS_PER_INSERT]
            cursor.execute(_INSERT_TOKENS + ", ".join(["(%s, %s, %s)"] * len(batch)), [v for row in batch for v in row])


class _SimilarTitles:
    """Titles of one bucket, indexed so that finding similar ones does not compare every pair.

    Prefix filtering: with the words of every title in one fixed order (rarest in the bucket first),
    two titles sharing at least t words share a word among the first |a| - t + 1 of each. Each
    title is indexed under that many of its first words, and a search compares only the titles
    found under its own first words, then applies the exact test (`_similar`) to those.
    """

    def __init__(self, bucket: list[tuple[int, frozenset[str], int]]):
        self.entries = {key: words for key, words, _size in bucket}
        counts: dict[str, int] = {}
        for words in self.entries.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        # Rarest first, ties by the word: two stable sorts give that order without a (count, word)
        # tuple per word, and comparing integer ranks is cheaper than comparing tuples.
        order = sorted(counts)
        order.sort(key=counts.__getitem__)
        self.rank = {word: position for position, word in enumerate(order)}
        self.postings: dict[str, list[int]] = {}
        for key, words in self.entries.items():
            for word in sorted(words, key=self.rank.__getitem__)[: len(words) - min_overlap(len(words)) + 1]:
                self.postings.setdefault(word, []).append(key)

    def similar(self, words: frozenset[str]) -> set[int]:
        """The keys of every indexed title similar to `words` (which may hold words no indexed title
        has: they come first in the order and are in no posting)."""
        rank = self.rank
        known = rank.keys() & words
        leading = len(known) - min_overlap(len(words)) + 1  # after the unknown words
        if leading <= 0:  # too few indexed words to be similar to any indexed title
            return set()
        found, compared = set(), set()
        for word in sorted(known, key=rank.__getitem__)[:leading]:
            for key in self.postings.get(word, ()):
                if key not in compared:
                    compared.add(key)
                    if _similar(words, self.entries[key]):
                        found.add(key)
        return found


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Jaccard similarity of the word sets ≥ 0.8 (which needs their sizes within 4:5 of each other)."""
    small, large = sorted((len(a), len(b)))
    if not small or small * 5 < large * 4:
        return False
    return len(a & b) * 5 >= len(a | b) * 4
