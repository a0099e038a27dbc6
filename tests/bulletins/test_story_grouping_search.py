"""Story grouping compares each stored candidate with the new titles of its bucket: title by title
in small buckets, through an index (`_SimilarTitles`) in large ones. Both find exactly what
comparing every pair finds, also for candidates holding words that no indexed title has; the new
items' story leads go in with their rows (no UPDATE afterwards)."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletins import services
from bulletins.models import FeedItem
from bulletins.services import story_grouping
from bulletins.services.story_grouping import _similar, _SimilarTitles
from tests.bulletins.test_story_index import entry, expected_leads, random_title, state


def test_the_index_finds_what_comparing_every_pair_finds():
    rng = random.Random(23)
    indexed_words = [f"tu{n}" for n in range(14)]
    other_words = indexed_words + [f"khac{n}" for n in range(4)]  # words of stored titles only
    bucket = []
    for key in range(300):
        words = set(rng.sample(indexed_words, rng.randint(1, 12)))
        bucket.append((key, words, len(words)))
    index = _SimilarTitles(bucket)
    found = with_unknown_words = 0
    for _ in range(500):
        words = set(rng.choice(bucket)[1])  # a near-copy of an indexed title: similar ones are common
        for word in rng.sample(sorted(words), min(len(words) - 1, rng.randint(0, 2))):
            words.discard(word)
        words.update(rng.sample(other_words, rng.randint(0, 2)))
        expected = {key for key, other, _size in bucket if _similar(words, other)}
        assert index.similar(words) == expected
        found += len(expected)
        with_unknown_words += bool(expected) and not words <= set(indexed_words)
    assert found > 100 and with_unknown_words > 10  # the comparison is not vacuous


@pytest.mark.django_db
@pytest.mark.parametrize("direct_bucket", [0, 1000], ids=["indexed buckets", "title by title"])
def test_both_ways_group_as_comparing_every_pair_does(make_source, monkeypatch, direct_bucket):
    """A feed whose titles share few prefixes (large buckets) grouped against a full window."""
    monkeypatch.setattr(story_grouping, "DIRECT_BUCKET", direct_bucket)
    rng = random.Random(31)
    sources = [make_source() for _ in range(4)]
    for n, source in enumerate(sources[:3]):
        services.ingest_entries(source, [entry(f"s{n}-{k}", random_title(rng), rng.randint(0, 4)) for k in range(40)])
    before = set(state())
    services.ingest_entries(sources[3], [entry(f"n{k}", random_title(rng), rng.randint(0, 4)) for k in range(60)])
    after = state()
    created = set(after) - before
    expected = expected_leads(after, created, sources[3].pk)
    assert {pk: after[pk][3] for pk in created} == expected
    assert sum(lead is not None for lead in expected.values()) > 20


@pytest.mark.django_db
def test_story_leads_are_written_with_the_new_rows(make_source):
    first, second = make_source(), make_source()
    services.ingest_entries(first, [entry("a", "Hà Nội đẩy mạnh tuyên truyền kiểm soát thủ tục hành chính", 0)])
    with CaptureQueriesContext(connection) as queries:
        services.ingest_entries(second, [entry("b", "Hà Nội đẩy mạnh tuyên truyền kiểm soát thủ tục hành chính!", 0)])
    lead = FeedItem.objects.get(guid="a")
    assert FeedItem.objects.get(guid="b").story_lead == lead
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
