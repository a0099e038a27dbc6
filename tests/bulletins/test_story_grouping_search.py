"""Story grouping indexes only the new titles of a feed; each stored candidate searches that index
(`_SimilarTitles.later_similar`). The search finds exactly what comparing every pair finds, also for
candidates holding words that no indexed title has, and for candidates stored after some new titles
(another runner's items). Titles of several outlets' new items are also grouped among themselves."""

import datetime as dt
import random

import pytest

from bulletins import conf, services
from bulletins.models import FeedItem
from bulletins.services import ingest
from bulletins.services.ingest import _similar, _SimilarTitles
from bulletins.services.item_insert import insert_items
from bulletins.story_index import title_prefix
from tests.bulletins.test_story_index import BASE, entry, random_title, state


def test_later_similar_finds_what_comparing_every_pair_finds():
    rng = random.Random(23)
    indexed_words = [f"tu{n}" for n in range(14)]
    other_words = indexed_words + [f"khac{n}" for n in range(4)]  # words of stored titles only
    bucket = [(pk, rng.randint(1, 4), set(rng.sample(indexed_words, rng.randint(1, 12)))) for pk in range(500, 800)]
    index = _SimilarTitles(bucket)
    found = with_unknown_words = 0
    for pk in range(1, 1000, 2):  # below, among and above the indexed pks
        source_id = rng.randint(1, 4)
        words = set(rng.choice(bucket)[2])  # a near-copy of an indexed title: similar ones are common
        for word in rng.sample(sorted(words), min(len(words) - 1, rng.randint(0, 2))):
            words.discard(word)
        words.update(rng.sample(other_words, rng.randint(0, 2)))
        expected = {
            other_pk
            for other_pk, other_source, other in bucket
            if other_pk > pk and other_source != source_id and _similar(words, other)
        }
        assert index.later_similar(pk, source_id, words) == expected
        found += len(expected)
        with_unknown_words += bool(expected) and not words <= set(indexed_words)
    assert found > 100 and with_unknown_words > 10  # the comparison is not vacuous


@pytest.mark.django_db
def test_new_items_of_several_outlets_are_grouped_among_themselves_and_with_stored_ones(make_source):
    """One call with the new items of three outlets (ingest passes one outlet's): each is linked to the
    earliest similar title of another outlet, stored or new, as comparing every pair decides."""
    rng = random.Random(31)
    sources = [make_source() for _ in range(3)]
    stored_entries = [entry(f"s{n}", random_title(rng), rng.randint(0, 4)) for n in range(40)]
    services.ingest_entries(sources[0], stored_entries)
    stored = set(state())
    new_items = []
    for n in range(90):
        source = rng.choice(sources)
        title = random_title(rng)
        new_items.append(FeedItem(source=source, guid=f"n{n}", title=title, title_key=title, day=BASE.date()))
    insert_items(new_items)
    ingest._group_stories(new_items)
    after = state()
    created = set(after) - stored
    window = dt.timedelta(days=conf.story_window_days())
    expected, lead_of = {}, {}
    for pk in sorted(created):
        source, key = after[pk][0], after[pk][1]
        best = min(
            (
                other
                for other, (other_source, other_key, day, lead) in after.items()
                if other < pk
                and (other in created or (lead is None and abs(day - BASE.date()) <= window))
                and other_source != source
                and title_prefix(other_key) == title_prefix(key)
                and _similar(set(key.split()), set(other_key.split()))
            ),
            default=None,
        )
        expected[pk] = lead_of.get(best, best)  # an item that leads its story is its own lead here
        lead_of[pk] = expected[pk] if best is not None else pk
    assert {pk: after[pk][3] for pk in created} == expected
    among_new = sum(lead in created for lead in expected.values())
    assert among_new > 5 and sum(lead in stored for lead in expected.values()) > 5
