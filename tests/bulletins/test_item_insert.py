"""The ingest's own INSERT of new items writes exactly the rows bulk_create writes (every column,
defaults included) and gives each item its id."""

import datetime as dt

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from bulletins.models import FeedItem
from bulletins.services.item_insert import MAX_PARAMETERS, insert_items

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 8, 30, 15, 123456, tzinfo=dt.UTC)


def new_items(source, section, tag: str, count: int = 3) -> list[FeedItem]:
    items = []
    for n in range(count):
        item = FeedItem(source=source, fetched_at=NOW)
        item.guid = f"{tag}-{n}" if n % 3 else ""
        item.link = f"https://bao.example.vn/{tag}/{n}" if n % 3 != 2 else ""
        item.title = f"Cải cách hành chính “{tag}” {n} — O'Reilly & <b>"
        item.title_hash = f"{n:040d}"
        item.title_key = f"cai cach hanh chinh {tag} {n}"
        item.content_hash = f"{tag}{n}".ljust(40, "0")
        item.summary_html = "<p>Tóm tắt</p>" if n % 2 else ""
        item.summary_text = "Tóm tắt\u00a0ngắn" if n % 2 else ""
        item.author = "Phóng viên"
        item.image_url = ""
        item.published_at = NOW - dt.timedelta(hours=n) if n % 2 else None
        item.day = dt.date(2026, 3, 10 - n % 2)
        item.updated_at = NOW
        item.score = 3 if n % 2 else 0.25  # an int score is stored as a float, as the field does
        item.matched_keywords = ["một cửa", 'trích "dẫn"'] if n % 2 else []
        item.is_excluded = bool(n % 2)
        item.suggested_section_id = section.pk if n % 2 else None
        items.append(item)
    return items


def stored(items) -> list[dict]:
    rows = FeedItem.objects.filter(pk__in=[item.pk for item in items]).order_by("pk")
    return [{k: v for k, v in model_to_dict(row).items() if k != "id"} | {"tag": row.guid} for row in rows]


def comparable(rows, tag):
    return [{k: (v.replace(tag, "T") if isinstance(v, str) else v) for k, v in row.items()} for row in rows]


def test_rows_equal_bulk_create(make_source, sections):
    source = make_source()
    section = next(iter(sections.values()))
    by_orm = FeedItem.objects.bulk_create(new_items(source, section, "orm", 6))
    ours = new_items(source, section, "own", 6)
    insert_items(ours)
    assert all(item.pk is not None and not item._state.adding for item in ours)
    assert comparable(stored(ours), "own") == comparable(stored(by_orm), "orm")
    for item in ours:  # the id set on each item is its own row's
        assert FeedItem.objects.get(pk=item.pk).content_hash == item.content_hash
    row = FeedItem.objects.get(pk=ours[1].pk)
    assert (row.status, row.story_lead_id, row.score, row.matched_keywords) == (
        "new",
        None,
        3.0,
        ["một cửa", 'trích "dẫn"'],
    )
    assert row.published_at == NOW - dt.timedelta(hours=1) and row.fetched_at == NOW


def test_more_rows_than_one_statement_holds(make_source, sections, django_assert_num_queries):
    source = make_source()
    section = next(iter(sections.values()))
    columns = len([f for f in FeedItem._meta.concrete_fields if not f.primary_key])
    count = MAX_PARAMETERS // columns + 5
    items = new_items(source, section, "many", count)
    with django_assert_num_queries(2):
        insert_items(items)
    assert len({item.pk for item in items}) == count
    assert FeedItem.objects.filter(source=source).count() == count
    assert all(FeedItem.objects.get(pk=items[n].pk).content_hash == items[n].content_hash for n in (0, count - 1))


def test_the_ingest_takes_this_insert(make_source):
    assert connection.features.can_return_rows_from_bulk_insert  # else the ingest falls back to bulk_create
