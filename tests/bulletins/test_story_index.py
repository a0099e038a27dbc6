"""Story grouping's word index: the lookup finds every stored title a new one can be grouped with
(the result equals comparing every pair), and the index follows items' edits, deletion and the
migration that fills it."""

import datetime as dt
import importlib
import random

import pytest
from django.apps import apps
from django.db import connection

from bulletins import conf, services
from bulletins.models import FeedItem, StoryToken
from bulletins.parsing import Entry
from bulletins.services import story_grouping
from bulletins.services.story_grouping import _similar, _story_candidates
from bulletins.story_index import lookup_tokens, stored_tokens, title_prefix

pytestmark = pytest.mark.django_db

PREFIXES = ["ha noi day", "phuong tay ho", "so noi vu"]
WORDS = [f"tu{n}" for n in range(9)] + ["ha", "noi"]
BASE = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)


def random_title(rng: random.Random) -> str:
    prefix = rng.choice(PREFIXES).split()[: rng.choice([1, 2, 3, 3, 3])]
    return " ".join(prefix + rng.choices(WORDS, k=rng.randint(0, 7)))


def entry(guid: str, title: str, day: int) -> Entry:
    return Entry(
        guid=guid,
        link="",
        title=title,
        summary_html="",
        summary_text="",
        author="",
        image_url="",
        published_at=BASE + dt.timedelta(days=day),
    )


def test_a_title_looks_up_a_token_of_every_stored_title_it_can_be_grouped_with():
    rng = random.Random(7)
    keys = [random_title(rng) for _ in range(700)]
    pairs = 0
    for a in keys:
        for b in keys:
            if title_prefix(a) == title_prefix(b) and _similar(set(a.split()), set(b.split())):
                pairs += a != b
                assert set(lookup_tokens(a)) & set(stored_tokens(b)), (a, b)
    assert pairs > 100  # near-duplicates that are not identical are common, so the test is not vacuous


def expected_leads(after: dict, created: set[int], source_id: int) -> dict[int, int | None]:
    """Grouping by comparing every pair: each new item's earliest similar title from another source
    among the new items and the stored items of the window that lead no other story."""
    window = dt.timedelta(days=conf.story_window_days())
    days = [after[pk][2] for pk in created]
    pool = [
        (pk, source, key)
        for pk, (source, key, day, lead) in after.items()
        if pk in created or (lead is None and source != source_id and min(days) - window <= day <= max(days) + window)
    ]
    leads, lead_of = {}, {}
    for pk in sorted(created):
        source, key = after[pk][0], after[pk][1]
        best = min(
            (
                other
                for other, other_source, other_key in pool
                if other < pk
                and other_source != source
                and title_prefix(other_key) == title_prefix(key)
                and _similar(set(key.split()), set(other_key.split()))
            ),
            default=None,
        )
        leads[pk] = lead_of[pk] = lead_of.get(best, best) if best is not None else None
    return leads


def state() -> dict:
    return {
        pk: (source, key, day, lead)
        for pk, source, key, day, lead in FeedItem.objects.values_list(
            "pk", "source_id", "title_key", "day", "story_lead"
        )
    }


def expected_index() -> set[tuple[int, int, int]]:
    return {(pk, token, day.toordinal()) for pk, (_s, key, day, _l) in state().items() for token in stored_tokens(key)}


def stored_index() -> set[tuple[int, int, int]]:
    return set(StoryToken.objects.values_list("item_id", "token", "day_number"))


@pytest.mark.parametrize("chunk", [None, 5], ids=["one statement each", "lookups of 5 tokens, inserts of 7 rows"])
def test_grouping_through_the_index_equals_comparing_every_pair(make_source, monkeypatch, chunk):
    if chunk:  # a feed with more tokens than one statement may carry
        monkeypatch.setattr(story_grouping, "LOOKUP_CHUNK", chunk)
        monkeypatch.setattr(story_grouping, "TOKEN_ROWS_PER_INSERT", 7)
    rng = random.Random(19)
    sources = [make_source() for _ in range(6)]
    sent: dict[int, list[str]] = {source.pk: [] for source in sources}
    grouped = 0
    for _feed in range(40):
        source = rng.choice(sources)
        entries = [entry(f"g{rng.randrange(10**9)}", random_title(rng), rng.randint(0, 12)) for _ in range(15)]
        for guid in rng.sample(sent[source.pk], min(3, len(sent[source.pk]))):  # edits of earlier items
            entries.append(entry(guid, random_title(rng), rng.randint(0, 12)))
        sent[source.pk] += [e.guid for e in entries]
        before = set(state())
        services.ingest_entries(source, entries)
        after = state()
        created = set(after) - before
        expected = expected_leads(after, created, source.pk)
        assert {pk: after[pk][3] for pk in created} == expected
        grouped += sum(lead is not None for lead in expected.values())
    assert grouped > 30
    assert stored_index() == expected_index()


def test_the_index_follows_edits_and_deletions(make_source):
    source = make_source()
    services.ingest_entries(source, [entry("a", "Hà Nội đẩy mạnh tuyên truyền thủ tục", 0), entry("b", "Tin khác", 1)])
    services.ingest_entries(source, [entry("a", "Hà Nội đẩy mạnh cải cách hành chính", 2)])  # title and day change
    assert stored_index() == expected_index()
    FeedItem.objects.filter(guid="b").delete()
    assert stored_index() == expected_index()
    assert StoryToken.objects.count() == len(stored_tokens("ha noi day manh cai cach hanh chinh"))


def test_an_edited_title_is_grouped_under_its_new_words(make_source):
    first, second = make_source(), make_source()
    services.ingest_entries(first, [entry("a", "Giá vàng hôm nay giảm mạnh", 0)])
    services.ingest_entries(first, [entry("a", "Hà Nội đẩy mạnh tuyên truyền kiểm soát thủ tục hành chính", 0)])
    services.ingest_entries(second, [entry("b", "Hà Nội đẩy mạnh tuyên truyền về kiểm soát thủ tục hành chính", 0)])
    assert FeedItem.objects.get(guid="b").story_lead == FeedItem.objects.get(guid="a")


def test_the_migration_fills_the_index_for_stored_items(make_source):
    source = make_source()
    rng = random.Random(3)
    services.ingest_entries(source, [entry(f"m{n}", random_title(rng), n % 5) for n in range(50)])
    StoryToken.objects.all().delete()
    migration = importlib.import_module("bulletins.migrations.0007_story_tokens_32_bit")
    migration.BATCH = 7  # several batches
    migration.fill(apps, None)
    assert stored_index() == expected_index()
    migration.empty(apps, None)  # its first step, and going back
    assert not StoryToken.objects.exists()


@pytest.mark.parametrize("excluded", [0, 1])
def test_the_written_out_lookup_equals_the_orm_query(make_source, excluded):
    sources = [make_source(), make_source()]
    first, second = sources
    services.ingest_entries(first, [entry(f"a{n}", f"Hà Nội đẩy mạnh cải cách thủ tục {n}", n % 5) for n in range(8)])
    services.ingest_entries(second, [entry(f"b{n}", f"Hà Nội đẩy mạnh cải cách thủ tục {n}", n % 5) for n in range(8)])
    FeedItem.objects.filter(source=second).update(story_lead=None)  # leads of their own, but one
    FeedItem.objects.filter(source=second, guid="b3").update(story_lead=FeedItem.objects.filter(source=first).first())
    tokens = sorted({t for n in range(8) for t in lookup_tokens(f"ha noi day manh cai cach thu tuc {n}")})
    low, high = BASE.date() + dt.timedelta(days=1), BASE.date() + dt.timedelta(days=3)
    expected = FeedItem.objects.filter(
        pk__in=StoryToken.objects.filter(
            token__in=tokens, day_number__gte=low.toordinal(), day_number__lte=high.toordinal()
        ).values("item_id"),
        story_lead__isnull=True,
    ).exclude(source=sources[excluded])
    found = _story_candidates(tokens, low, high, sources[excluded].pk)
    assert sorted(found) == sorted(expected.values_list("pk", "title_key"))
    assert found and all(len(row) == 2 for row in found)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_lookup_reads_two_covering_indexes_and_no_table(make_source):
    """The plan SQLite chooses for the lookup: the word index and the leads' index, each alone."""
    from bulletins.services.story_grouping import _STORY_CANDIDATES

    source = make_source()
    services.ingest_entries(source, [entry(f"a{n}", f"Hà Nội đẩy mạnh cải cách thủ tục {n}", n % 5) for n in range(8)])
    with connection.cursor() as cursor:
        sql = _STORY_CANDIDATES.format(tokens="%s, %s")
        days = [dt.date(2026, 3, 1).toordinal(), dt.date(2026, 3, 20).toordinal()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, [source.pk + 1, 1, 2, *days])
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "COVERING INDEX bulletins_item_story_lookup" in plan, plan
    assert "COVERING INDEX bulletins_storytoken_lookup" in plan, plan
