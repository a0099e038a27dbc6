"""The PostgreSQL search expression index exists (migration 0003)."""

import pytest
from django.db import connection


def test_title_body_gin_index_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the expression index is PostgreSQL-only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry' AND indexname = %s",
            ["campaign_search_title_body_gin"],
        )
        row = cursor.fetchone()
    assert row is not None
    assert "gin" in row[0].lower() and "title" in row[0] and "body" in row[0]
