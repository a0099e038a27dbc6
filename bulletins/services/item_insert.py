"""New feed items stored in multi-row INSERT … RETURNING statements with values prepared once.

bulk_create asks every field of every row to prepare its value (21 a row, ~4,200 calls a feed):
more time than the database spends storing them. The rows written are the same: every concrete
field but the id, the instance's own values (defaults included), adapted as the field would.
"""

from __future__ import annotations

from itertools import chain
from operator import attrgetter

from django.db import connection, models

from bulletins.models import FeedItem

# Parameters a statement may carry: SQLite allows 32,766, PostgreSQL 65,535.
MAX_PARAMETERS = 30_000


def _converter(field: models.Field):
    """What field.get_db_prep_save does to a value, without its per-call dispatch where it is known."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _SameAsLast(ops.adapt_datetimefield_value)  # a feed's items share their fetched_at
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.FloatField):
        return float
    if isinstance(field, models.ForeignKey | models.BooleanField | models.CharField | models.TextField):
        return None  # ids, booleans and strings go to the driver as they are
    if isinstance(field, models.JSONField):  # a list or dict: what get_db_prep_save ends with
        return lambda value, encoder=field.encoder: ops.adapt_json_value(value, encoder)
    return lambda value, field=field: field.get_db_prep_save(value, connection)


class _SameAsLast:
    """A converter that reuses its last result while it is given the same object again."""

    def __init__(self, convert):
        self.convert, self.last, self.result = convert, object(), None

    def __call__(self, value):
        if value is not self.last:
            self.last, self.result = value, self.convert(value)
        return self.result


def insert_items(items: list[FeedItem]) -> None:
    """INSERT `items` (new, unsaved) and set their ids."""
    if not items:
        return
    fields = [field for field in FeedItem._meta.concrete_fields if not field.primary_key]
    # Every value in one call per item, then the few that need converting (dates, the score, JSON).
    values_of = attrgetter(*[field.attname for field in fields])
    converted = [(n, convert) for n, convert in enumerate(map(_converter, fields)) if convert is not None]
    rows = []
    for item in items:
        row = list(values_of(item))
        for n, convert in converted:
            row[n] = convert(row[n])
        rows.append(row)
    quote = connection.ops.quote_name
    # Only the model's own table and column names in the text; every value is a parameter.
    columns = ", ".join(quote(field.column) for field in fields)
    head = f"INSERT INTO {quote(FeedItem._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    per_statement = MAX_PARAMETERS // len(fields)
    alias = connection.alias
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                head + ", ".join([row_sql] * len(batch)) + f" RETURNING {quote(FeedItem._meta.pk.column)}",
                list(chain.from_iterable(batch)),
            )
            # Both backends return the ids in the order of the VALUES rows (bulk_create relies on it too).
            for item, (pk,) in zip(items[start : start + per_statement], cursor.fetchall(), strict=True):
                item.pk = pk
                item._state.adding = False
                item._state.db = alias
